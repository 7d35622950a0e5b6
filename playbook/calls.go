package playbook

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// CallState is one margin call's ledger: what was called, agreed and
// disputed, each payment, and the deadline with any extension. Its status
// is derived from these (CallFigure.Status), never stored. A counterparty
// has an estimated call (the engine's figure, Ref 0) until it calls; the
// first call it makes takes over what was recorded against the estimate
// (a payment made is made whatever the figure), and each later call is
// another call: a second call on the same day does not replace the first.
type CallState struct {
	// Ref is the seq of the event that keyed the call; 0 for the estimate.
	Ref          uint64
	Counterparty string
	Cycle        string // intraday or eod
	// Currency is the call's currency when it is not the counterparty's
	// first (empty: the first): an estimate's, or a keyed call's that
	// named one (version 5).
	Currency string
	Keyed    bool
	// Amount is what the counterparty called (keyed calls; an estimate's
	// figure comes from the stress). VM and IM are its parts: at a CCP
	// only the IM part may be met with securities.
	Amount, VM, IM decimal.Decimal
	// AllPostable marks a version-1 actual call, which securities could
	// meet in whole: kept so an old log replays to its figures.
	AllPostable bool
	Deadline    time.Time // the call's own deadline; zero: the counterparty's
	Agreed      bool
	// Disputed is the amount in dispute now, with its reason code; a
	// resolution ends it at an agreed figure.
	Disputed decimal.Decimal
	Reason   string
	Resolved bool
	// AgreedAmount is the figure a dispute resolved at.
	AgreedAmount decimal.Decimal
	Payments     []Payment
	AskedUntil   time.Time // an extension asked, until
	Extended     bool      // an extension granted: Deadline is the new one
	// Said is the last `status` said of this call (called, acknowledged).
	Said string
	// Settled is a version-1 `paid` status: the call closed, spending
	// nothing.
	Settled bool
	// Steps is the call's lifecycle, in order: what the report and the
	// communication stage show.
	Steps []CallStep
}

// A Payment is money delivered against a call: what it spent of which
// funds (money is spent once), and when.
type Payment struct {
	Seq        uint64
	Amount     decimal.Decimal
	At         time.Time
	Source     string // as the operator named it; empty: earliest-arriving first
	Spent      []Spend
	ReversedBy uint64
}

// A Spend is the part of one fund a payment used: a draw, a confirmed
// repo or a sale (Source), or securities posted (Holding), named by the
// seq of the decision that raised it.
type Spend struct {
	Seq     uint64          `json:"seq"`
	Source  string          `json:"source,omitempty"`
	Holding string          `json:"holding,omitempty"`
	Amount  decimal.Decimal `json:"amount"`
}

// CallStep is one event of a call's lifecycle.
type CallStep struct {
	Seq    uint64
	At     time.Time
	Kind   Kind
	Amount decimal.Decimal
	Reason string
	Until  time.Time
	Source string
	Status string // a status event: the word said
}

func (c CallState) clone() CallState {
	c.Payments = slices.Clone(c.Payments)
	c.Steps = slices.Clone(c.Steps)
	return c
}

// Active reports whether a payment still stands (not reversed).
func (p Payment) Active() bool { return p.ReversedBy == 0 }

// PaidTotal is what the call's standing payments delivered.
func (c CallState) PaidTotal() decimal.Decimal {
	var t decimal.Decimal
	for _, p := range c.Payments {
		if p.Active() {
			t = t.Add(p.Amount)
		}
	}
	return t
}

// editLedger returns a ledger whose entry i may be changed.
func editLedger(owned bool, l []CallState, i int) []CallState {
	if owned {
		return l
	}
	l = slices.Clone(l)
	l[i] = l[i].clone()
	return l
}

// callIndex finds a call's ledger entry: by the seq that keyed it, or
// (ref 0) the counterparty's estimate; -1 when it has none yet.
func callIndex(l []CallState, cp string, ref uint64) int { return callIndexIn(l, cp, ref, "") }

// callIndexIn is callIndex for the estimate in a currency other than the
// counterparty's first (ccy empty: the first, as every older log has it).
func callIndexIn(l []CallState, cp string, ref uint64, ccy string) int {
	for i := len(l) - 1; i >= 0; i-- {
		if l[i].Counterparty == cp && l[i].Ref == ref && (ref != 0 || !l[i].Keyed && l[i].Currency == ccy) {
			return i
		}
	}
	return -1
}

// hasKeyed reports whether a counterparty has called, in any currency.
func hasKeyed(l []CallState, cp string) bool {
	return slices.ContainsFunc(l, func(c CallState) bool { return c.Counterparty == cp && c.Keyed })
}

// hasKeyedIn reports whether a counterparty has called in a currency
// (empty: its first, as every call keyed before version 5 is): that
// currency's estimate is then replaced by what it called.
func hasKeyedIn(l []CallState, cp, ccy string) bool {
	return slices.ContainsFunc(l, func(c CallState) bool { return c.Counterparty == cp && c.Keyed && c.Currency == ccy })
}

// latestKeyed is the counterparty's last call keyed, -1 if none.
func latestKeyed(l []CallState, cp string) int {
	for i := len(l) - 1; i >= 0; i-- {
		if l[i].Counterparty == cp && l[i].Keyed {
			return i
		}
	}
	return -1
}

// entry returns the ledger with an entry for (cp, ref) that may be
// changed, creating the estimate's entry on its first event. A
// counterparty with margin cycles in the book has an estimate per cycle.
func entry(s State, cp string, ref uint64, cycle string, owned bool) (State, int) {
	return entryIn(s, cp, ref, cycle, "", owned)
}

// entryIn is entry for an estimate in a currency other than the
// counterparty's first (ccy empty: the first).
func entryIn(s State, cp string, ref uint64, cycle, ccy string, owned bool) (State, int) {
	if ref != 0 {
		ccy = ""
	}
	i := callIndexIn(s.Ledger, cp, ref, ccy)
	est := CycleEOD
	if ref == 0 && cycle != "" && bookCycles(s.Book, cp) {
		i, est = estimateIndexIn(s.Ledger, cp, cycle, ccy), cycle
	}
	if i < 0 {
		s.Ledger = push(owned, s.Ledger, CallState{Counterparty: cp, Cycle: est, Currency: ccy})
		return s, len(s.Ledger) - 1
	}
	s.Ledger = editLedger(owned, s.Ledger, i)
	return s, i
}

// applyCall folds a call-ledger event into the state.
func applyCall(s State, e Event, owned bool) (State, error) {
	step := CallStep{Seq: e.Seq, At: e.At, Kind: e.Kind, Amount: e.Amt(), Reason: e.Reason, Source: e.Source, Status: e.Status}
	if e.Until != nil {
		step.Until = *e.Until
	}
	var i int
	switch e.Kind {
	case KeyCall, SetCall:
		if e.Kind == SetCall {
			// Version 1: the counterparty's actual call replaced its figure.
			if j := latestKeyed(s.Ledger, e.Counterparty); j >= 0 {
				s.Ledger = editLedger(owned, s.Ledger, j)
				c := &s.Ledger[j]
				c.Amount, c.Deadline = e.Amt(), time.Time{}
				if e.Deadline != nil {
					c.Deadline = *e.Deadline
				}
				c.Steps = append(c.Steps, step)
				return s, nil
			}
		}
		// A call keyed in a currency other than the counterparty's first
		// (version 5) is that currency's call; before version 5 every
		// call was the first currency's, whatever the event carried (a
		// revised estimate recorded its currency and meant the first).
		ccy := keyedCurrency(e)
		first := !hasKeyedIn(s.Ledger, e.Counterparty, ccy)
		if bookCycles(s.Book, e.Counterparty) {
			// With cycles, the first call of each cycle takes over that
			// cycle's estimate.
			first = !hasKeyedCycle(s.Ledger, e.Counterparty, keyCycle(e.Cycle), ccy)
		}
		if first {
			// The first call takes over the estimate's ledger, if it has one.
			s, i = entryIn(s, e.Counterparty, 0, keyCycle(e.Cycle), ccy, owned)
		} else {
			s.Ledger = push(owned, s.Ledger, CallState{Counterparty: e.Counterparty})
			i = len(s.Ledger) - 1
		}
		c := &s.Ledger[i]
		c.Ref, c.Keyed, c.Amount, c.Cycle, c.Currency = e.Seq, true, e.Amt(), e.Cycle, ccy
		if c.Cycle == "" {
			c.Cycle = CycleEOD
		}
		c.AllPostable = e.Kind == SetCall
		if e.VM != nil {
			c.VM = *e.VM
		}
		if e.IM != nil {
			c.IM = *e.IM
		}
		c.Deadline = time.Time{}
		if e.Deadline != nil {
			c.Deadline = *e.Deadline
		}
		c.Steps = append(c.Steps, step)
		return s, nil
	}
	if e.Call != 0 && callIndex(s.Ledger, e.Counterparty, e.Call) < 0 {
		return s, fmt.Errorf("event %d: %s has no call keyed at %d", e.Seq, e.Counterparty, e.Call)
	}
	s, i = entryIn(s, e.Counterparty, e.Call, e.Cycle, e.Currency, owned)
	c := &s.Ledger[i]
	switch e.Kind {
	case Agree:
		c.Agreed = true
	case Dispute:
		c.Disputed, c.Reason, c.Resolved = e.Amt(), e.Reason, false
	case Resolve:
		c.Disputed, c.Resolved, c.AgreedAmount, c.Agreed = decimal.Zero, true, e.Amt(), true
	case Revise:
		// A revised call starts over: a dispute of the old figure lapses.
		c.Amount, c.Disputed, c.Resolved, c.Agreed = e.Amt(), decimal.Zero, false, false
		if e.VM != nil {
			c.VM = *e.VM
		}
		if e.IM != nil {
			c.IM = *e.IM
		}
	case Pay:
		c.Payments = append(c.Payments, Payment{Seq: e.Seq, Amount: e.Amt(), At: e.At, Source: e.Source, Spent: slices.Clone(e.Spent)})
		s = funded(s, e.At)
	case Status:
		c.Said = e.Status
	case AskExtension:
		c.AskedUntil = step.Until
	case GrantExtension:
		if !step.Until.IsZero() {
			c.Deadline, c.Extended = step.Until, true
		}
	}
	c.Steps = append(c.Steps, step)
	return s, nil
}

// legacyStatus applies a version-1 status to the counterparty's call: a
// `paid` closed it (spending nothing), any other status reopened it.
func legacyStatus(s State, e Event, owned bool) State {
	ref := uint64(0)
	if j := latestKeyed(s.Ledger, e.Counterparty); j >= 0 {
		ref = s.Ledger[j].Ref
	}
	s, i := entry(s, e.Counterparty, ref, "", owned)
	s.Ledger[i].Settled = e.Status == StatusPaid
	return s
}

// findPayment locates a payment by its seq: the ledger entry and index.
func findPayment(s State, seq uint64) (int, int) {
	for i := len(s.Ledger) - 1; i >= 0; i-- {
		for j, p := range s.Ledger[i].Payments {
			if p.Seq == seq {
				return i, j
			}
		}
	}
	return -1, -1
}

// fundKey names a fund a payment spends: the seq of the decision that
// raised it, or for margin coming back (raised by no decision, seq 0) its
// source, inflow:CP.
type fundKey struct {
	seq    uint64
	source string
}

func keyOf(seq uint64, source string) fundKey {
	if seq != 0 {
		source = ""
	}
	return fundKey{seq, source}
}

// spentBy totals, per fund, what standing payments have spent and what
// FX deals struck have sold.
func spentBy(l []CallState, fx []ConversionState) map[fundKey]decimal.Decimal {
	out := map[fundKey]decimal.Decimal{}
	for _, c := range fx {
		for _, sp := range c.Spent {
			k := keyOf(sp.Seq, sp.Source)
			out[k] = out[k].Add(sp.Amount)
		}
	}
	for _, c := range l {
		for _, p := range c.Payments {
			if !p.Active() {
				continue
			}
			for _, sp := range p.Spent {
				k := keyOf(sp.Seq, sp.Source)
				out[k] = out[k].Add(sp.Amount)
			}
		}
	}
	return out
}

// keyedCurrency is the currency a call_keyed event names: empty (the
// counterparty's first) in every event before version 5.
func keyedCurrency(e Event) string {
	if e.Version < keyedCurrencyVersion {
		return ""
	}
	return e.Currency
}

// keyCycle is the cycle a keyed call belongs to: eod unless it names one.
func keyCycle(c string) string {
	if c == "" {
		return CycleEOD
	}
	return c
}
