package playbook

import (
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// statusKinds are the ledger events `status CPTY STATUS` records: the
// front door kept from version 1, where a status was a flag.
var statusKinds = map[string]Kind{
	StatusAgreed: Agree, StatusDisputed: Dispute, StatusResolved: Resolve, StatusPaid: Pay,
	StatusExtension: AskExtension, StatusExtensionGranted: GrantExtension,
}

// decideCall validates a call-ledger decision and resolves it into its
// event: which call it concerns, and for a payment which funds it spends.
func decideCall(s State, f Figures, d Decision, e *Event) error {
	cp, ok := s.Book.Counterparty(d.Counterparty)
	if !ok {
		return refuse(NotFound, "no counterparty %q", d.Counterparty)
	}
	e.Counterparty = cp.ID
	if d.Amount.Sign() < 0 {
		return refuse(Invalid, "an amount cannot be negative")
	}
	if d.Kind == KeyCall {
		return decideKey(f, cp, d, e)
	}
	c, err := pickCall(f, d)
	if err != nil {
		return err
	}
	e.Call, e.Cycle, e.Currency = c.Ref, c.Cycle, c.LedgerCurrency
	amt := engine.Cents(d.Amount)
	label := c.Label() + "'s call"
	switch d.Kind {
	case Status:
		// called, acknowledged: words said, no figure changes.
	case Agree:
		if c.Disputed.Sign() > 0 {
			return refuse(Conflict, "%s has %s in dispute: record the agreed figure with resolve", label, engine.FormatMoney(c.Disputed))
		}
	case Dispute:
		most := c.Amount.Sub(c.Paid)
		switch {
		case amt.Sign() <= 0:
			return refuse(Invalid, "name the amount disputed (of %s called)", engine.FormatMoney(c.Amount))
		case amt.Cmp(most) > 0:
			return refuse(Conflict, "cannot dispute %s of %s: %s called, %s already paid", engine.FormatMoney(amt), label,
				engine.FormatMoney(c.Amount), engine.FormatMoney(c.Paid))
		}
		e.Reason = strings.ToLower(strings.TrimSpace(d.Reason))
		if e.Reason == "" {
			e.Reason = ReasonOther
		}
		if !slices.Contains(Reasons, e.Reason) {
			return refuse(Invalid, "dispute reason %q: want one of %s", d.Reason, strings.Join(Reasons, ", "))
		}
		e.Amount = dec(amt)
	case Resolve:
		switch {
		case c.Disputed.IsZero():
			return refuse(Conflict, "%s has nothing in dispute to resolve", label)
		case amt.Cmp(c.Paid) < 0:
			return refuse(Conflict, "%s is already paid on %s: an agreed figure below it would need a return of margin", engine.FormatMoney(c.Paid), label)
		case amt.Cmp(c.Amount) > 0:
			return refuse(Conflict, "the agreed figure %s is above the %s called: a larger amount is a new call", engine.FormatMoney(amt), engine.FormatMoney(c.Amount))
		case amt.Cmp(c.Amount.Sub(c.Disputed)) < 0:
			// The likeliest slip: typing the part of the dispute agreed.
			und := c.Amount.Sub(c.Disputed)
			return refuse(Invalid, "the agreed figure is the whole call as settled, between the undisputed %s and the %s called; to agree %s of the disputed part, resolve at %s",
				engine.FormatMoney(und), engine.FormatMoney(c.Amount), engine.FormatMoney(amt), engine.FormatMoney(und.Add(amt)))
		}
		e.Amount = dec(amt)
	case Revise:
		if !c.Actual {
			// Revising the estimate is the counterparty's first call.
			e.Kind, e.Call = KeyCall, 0
			e.Currency = ""
			return decideKey(f, cp, Decision{Amount: d.Amount, VM: d.VM, IM: d.IM, Cycle: c.Cycle, Deadline: d.Deadline, Currency: c.Currency}, e)
		}
		vm, im, err := parts(cp, f, amt, d.VM, d.IM, c.Currency)
		if err != nil {
			return err
		}
		e.Amount = dec(amt)
		if cp.Kind == engine.CCP {
			e.VM, e.IM = dec(vm), dec(im)
		}
	case Pay:
		return decidePay(f, c, d, e)
	case AskExtension, GrantExtension:
		if d.Until.IsZero() && d.Kind == AskExtension {
			return refuse(Invalid, "an extension asks for a time: until when (--until)")
		}
		until := d.Until
		if until.IsZero() {
			until = c.Ledger.AskedUntil
		}
		if until.IsZero() {
			return refuse(Invalid, "an extension granted moves the deadline: to when (--until)")
		}
		if !until.After(c.Deadline) {
			return refuse(Conflict, "%s is due %s: an extension must run later", label, c.Deadline.Format("Mon 15:04"))
		}
		e.Until = tm(until)
	}
	return nil
}

// pickCall finds the call a decision is about: the one it names, else
// the counterparty's open call (of the cycle, when given) with the
// earliest deadline, else its latest call.
func pickCall(f Figures, d Decision) (CallFigure, error) {
	var mine []CallFigure
	for _, c := range f.Calls {
		if c.Counterparty == d.Counterparty && (d.Cycle == "" || c.Cycle == d.Cycle) && (d.Currency == "" || c.Currency == d.Currency) {
			mine = append(mine, c)
		}
	}
	if d.Call != 0 {
		for _, c := range mine {
			if c.Ref == d.Call {
				return c, nil
			}
		}
		return CallFigure{}, refuse(NotFound, "%s has no call keyed at decision %d", d.Counterparty, d.Call)
	}
	if len(mine) == 0 {
		return CallFigure{}, refuse(NotFound, "%s has no %scall: key it first (call %s AMOUNT)", d.Counterparty, cycleWord(d.Cycle), d.Counterparty)
	}
	// What the decision is about decides which call it most likely means:
	// a resolution the call in dispute, a grant the call that asked.
	wants := func(c CallFigure) bool {
		switch d.Kind {
		case Resolve:
			return c.Disputed.Sign() > 0
		case GrantExtension:
			return !c.Ledger.AskedUntil.IsZero() && !c.Ledger.Extended
		}
		return c.Open()
	}
	best := -1
	for i, c := range mine {
		if wants(c) && (best < 0 || c.Deadline.Before(mine[best].Deadline)) {
			best = i
		}
	}
	if best < 0 {
		best = len(mine) - 1
	}
	return mine[best], nil
}

func cycleWord(c string) string {
	if c == "" {
		return ""
	}
	return c + " "
}

// decideKey keys an incoming call: its cycle, deadline and parts.
func decideKey(f Figures, cp engine.Counterparty, d Decision, e *Event) error {
	amt := engine.Cents(d.Amount)
	if amt.IsZero() && d.VM != nil && d.IM != nil {
		amt = engine.Cents(d.VM.Add(*d.IM))
	}
	if amt.Sign() <= 0 {
		return refuse(Invalid, "a call must be positive (what %s asks the firm to deliver)", cp.ID)
	}
	if !KnownCycle(cp, d.Cycle) {
		return refuse(Invalid, "cycle %q: want intraday, eod%s", d.Cycle, bookCycleNames(cp))
	}
	ccy, err := keyCurrency(f, cp, d.Currency)
	if err != nil {
		return err
	}
	// The event names the currency only when it is not the
	// counterparty's first: a call in that one is written as it always was.
	e.Currency = ""
	if ccy != firstCurrency(f, cp) {
		e.Currency = ccy
	}
	e.Cycle = d.Cycle
	if e.Cycle == "" {
		e.Cycle = CycleEOD
	}
	if d.VM == nil && d.IM == nil && vmOnlyCycle(cp, e.Cycle) {
		// A cycle of the book that calls only VM: the call is all VM.
		d.VM = &amt
	}
	vm, im, err := parts(cp, f, amt, d.VM, d.IM, ccy)
	if err != nil {
		return err
	}
	e.Amount = dec(amt)
	if cp.Kind == engine.CCP {
		e.VM, e.IM = dec(vm), dec(im)
	}
	if !d.Deadline.IsZero() {
		e.Deadline = tm(d.Deadline)
	}
	return nil
}

// parts splits a CCP call into its VM part (cash only) and IM part. Given
// both, they must add up to the call; given one, the other is the rest;
// given neither, they come from the book's stress of the call's currency
// (ccy): the IM part is the counterparty's IM increase there, at most what
// the call leaves after its VM, so a call larger than the book's figure
// counts its extra as cash-only (the side of caution), and a call in a
// currency the book's stress does not call is all cash-only.
func parts(cp engine.Counterparty, f Figures, amt decimal.Decimal, vm, im *decimal.Decimal, ccy string) (decimal.Decimal, decimal.Decimal, error) {
	switch {
	case vm != nil && im != nil:
		if vm.Sign() < 0 || im.Sign() < 0 {
			return amt, decimal.Zero, refuse(Invalid, "the VM and IM parts cannot be negative")
		}
		if !vm.Add(*im).Equal(amt) {
			return amt, decimal.Zero, refuse(Invalid, "VM %s + IM %s = %s, not the %s called", engine.FormatMoney(*vm),
				engine.FormatMoney(*im), engine.FormatMoney(vm.Add(*im)), engine.FormatMoney(amt))
		}
		return engine.Cents(*vm), engine.Cents(*im), nil
	case vm != nil || im != nil:
		given := vm
		if given == nil {
			given = im
		}
		if given.Sign() < 0 || given.Cmp(amt) > 0 {
			return amt, decimal.Zero, refuse(Invalid, "a part of %s must lie between 0 and the call", engine.FormatMoney(*given))
		}
		if vm != nil {
			return engine.Cents(*vm), amt.Sub(engine.Cents(*vm)), nil
		}
		return amt.Sub(engine.Cents(*im)), engine.Cents(*im), nil
	}
	// The book's split, as the engine makes it: what securities may meet
	// is its postable part (the IM rise and any top-up of lodged
	// securities).
	var bookVM, bookIM decimal.Decimal
	for _, c := range f.Stress.Calls {
		if c.ID == cp.ID && c.Currency == ccy {
			bookVM, bookIM = c.VariationMargin, c.Postable
			break
		}
	}
	im2 := engine.MaxDec(decimal.Zero, engine.MinDec(bookIM, amt.Sub(engine.MaxDec(bookVM, decimal.Zero))))
	return amt.Sub(im2), im2, nil
}

// decidePay resolves a payment: at most what is due, spent from funds
// that have arrived by now and are not yet spent — the source named, or
// securities already at the counterparty (against what of the IM part is
// due) and then cash, earliest-arriving first.
func decidePay(f Figures, c CallFigure, d Decision, e *Event) error {
	label := c.Label() + "'s call"
	if !c.Open() {
		return refuse(Conflict, "nothing is due on %s (%s paid, %s disputed)", label, engine.FormatMoney(c.Paid), engine.FormatMoney(c.Disputed))
	}
	amt := engine.Cents(d.Amount)
	if amt.IsZero() {
		amt = c.Due
	}
	if amt.Cmp(c.Due) > 0 {
		more := ""
		if c.Disputed.Sign() > 0 {
			more = "; the " + engine.FormatMoney(c.Disputed) + " disputed is due on resolution"
		}
		return refuse(Conflict, "cannot pay %s on %s: %s is due%s", engine.FormatMoney(amt), label, engine.FormatMoney(c.Due), more)
	}
	src := strings.TrimSpace(d.Source)
	var usable []Fund
	known, arriving := false, time.Time{}
	for _, x := range f.Funds {
		if src != "" && x.Name() != src || x.Posting() && x.Counterparty != c.Counterparty {
			continue
		}
		known = true
		if x.Left.Sign() <= 0 {
			continue
		}
		if x.ArrivesAt.After(e.At) {
			if arriving.IsZero() || x.ArrivesAt.Before(arriving) {
				arriving = x.ArrivesAt
			}
			continue
		}
		usable = append(usable, x)
	}
	if src != "" && !known {
		if _, ok := f.Book.Source(src); ok {
			return refuse(Conflict, "nothing has been raised from %s to pay with: draw it first", src)
		}
		if _, ok := f.Book.Holding(src); ok {
			return refuse(Conflict, "no %s is posted to %s to pay with", src, c.Counterparty)
		}
		return refuse(NotFound, "no source or holding %q", src)
	}
	slices.SortStableFunc(usable, func(a, b Fund) int {
		if a.Posting() != b.Posting() {
			if a.Posting() {
				return -1
			}
			return 1
		}
		return a.ArrivesAt.Compare(b.ArrivesAt)
	})
	need, postable := amt, c.postable()
	var unconverted []string
	for _, x := range usable {
		// A fund in another currency pays through a conversion (see
		// payIn); what it can pay is in the call's currency, what it
		// spends in its own.
		pay, ok, why := payIn(f, c, x, e.At)
		if !ok {
			unconverted = append(unconverted, why)
			continue
		}
		take := engine.MinDec(need, pay.avail)
		if x.Posting() {
			take = engine.MinDec(take, postable)
			postable = postable.Sub(take)
		}
		if take.Sign() <= 0 {
			continue
		}
		e.Spent = append(e.Spent, Spend{Seq: x.Seq, Source: x.Source, Holding: x.Holding, Amount: pay.spend(take)})
		need = need.Sub(take)
	}
	if need.Sign() > 0 {
		what := "funds that have arrived and are not yet spent"
		if src != "" {
			what = src + " that has arrived and is not yet spent"
		}
		msg := "cannot pay " + engine.FormatMoney(amt) + " on " + label + ": only " + engine.FormatMoney(amt.Sub(need)) + " of " + what + " can pay it"
		if c.Kind == engine.CCP && src != "" && f.Book != nil {
			if _, ok := f.Book.Holding(src); ok {
				msg += " (VM is cash only at a CCP: securities meet only the IM part)"
			}
		}
		if !arriving.IsZero() {
			msg += "; more arrives " + arriving.Format("Mon 15:04")
		}
		if len(unconverted) > 0 {
			msg += "; " + strings.Join(slices.Compact(unconverted), "; ")
		}
		return refuse(Conflict, "%s", msg)
	}
	e.Amount, e.Source = dec(amt), src
	return nil
}

// spentFund reports whether any standing payment spent the fund a
// decision raised: such a decision cannot be reversed while it stands.
func spentFund(s State, seq uint64) (uint64, bool) {
	for _, c := range s.Ledger {
		for _, p := range c.Payments {
			if !p.Active() {
				continue
			}
			for _, sp := range p.Spent {
				if sp.Seq == seq {
					return p.Seq, true
				}
			}
		}
	}
	return 0, false
}
