package drill

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// A Deadline is one call as it stood at its deadline: met when nothing of
// it was short.
type Deadline struct {
	Counterparty string
	Deadline     time.Time
	Amount       decimal.Decimal
	Shortfall    decimal.Decimal
	// Currency is what Amount and Shortfall are in (the call's).
	Currency string
}

// Met reports whether the call was covered in time.
func (d Deadline) Met() bool { return d.Shortfall.Sign() <= 0 }

// ledger is the drill's settlement: which deadlines have been settled,
// met or missed, and whether the firm is insolvent. The runner and the
// debrief share it, so that a report read from the log says what the
// screen said.
type ledger struct {
	settled     map[string]bool
	deadlines   []Deadline
	insolvent   bool
	reason      string
	insolventAt time.Time
	equity0     decimal.Decimal
}

func newLedger(b *engine.Book, scenario string) *ledger {
	l := &ledger{settled: map[string]bool{}}
	// Paper equity, as engine.Simulate counts it: the liquidity the
	// sources raise, plus IM posted, plus the unrealised P&L.
	sc, _ := b.Scenario(scenario)
	st := engine.StressBook(b, sc)
	for _, s := range b.Sources {
		if s.Kind != engine.SourceAssetSale && !sc.Withdrawn(s.ID) {
			c, _ := engine.SourceCapacity(b, st, s)
			l.equity0 = l.equity0.Add(c)
		}
	}
	for _, p := range b.Positions {
		l.equity0 = l.equity0.Add(p.MarketValue.Sub(p.Cost))
		if p.Kind.Margined() {
			l.equity0 = l.equity0.Add(p.InitialMargin)
		}
	}
	return l
}

// key names one call at one deadline: a counterparty may have several
// calls (intraday, end of day, a second call), each settled on its own.
func key(c playbook.CallFigure) string {
	// A counterparty calling in two currencies has a call in each.
	return fmt.Sprintf("%s#%d@%s/%s", c.Counterparty, c.Ref, c.Deadline.UTC().Format(time.RFC3339), c.Currency)
}

// pending is the earliest deadline of a call asking for money that has
// not been settled, if any.
func (l *ledger) pending(f playbook.Figures) (time.Time, bool) {
	var t time.Time
	for _, c := range f.Calls {
		if c.Amount.Sign() <= 0 || l.settled[key(c)] {
			continue
		}
		if t.IsZero() || c.Deadline.Before(t) {
			t = c.Deadline
		}
	}
	return t, !t.IsZero()
}

// settle settles every call due by `at` (figures at `at`, before any
// forced sale) and returns the missed ones.
func (l *ledger) settle(f playbook.Figures, at time.Time) []Deadline {
	var missed []Deadline
	for _, c := range f.Calls {
		k := key(c)
		if c.Amount.Sign() <= 0 || l.settled[k] || c.Deadline.After(at) {
			continue
		}
		l.settled[k] = true
		d := Deadline{Counterparty: c.Counterparty, Deadline: c.Deadline, Amount: c.Amount, Shortfall: c.Shortfall, Currency: f.Book.CurrencyOf(c.Currency)}
		if !c.Open() {
			d.Shortfall = decimal.Zero
		}
		l.deadlines = append(l.deadlines, d)
		if !d.Met() {
			missed = append(missed, d)
		}
	}
	return missed
}

// judge decides insolvency after the forced sales of a settlement: a
// missed call still short with no margined position left to sell, or
// paper equity gone (engine.Simulate's two tests).
func (l *ledger) judge(s playbook.State, f playbook.Figures, missed []Deadline, at time.Time) {
	if l.insolvent {
		return
	}
	short := false
	var shortBy decimal.Decimal
	for _, m := range missed {
		for _, c := range f.Calls {
			if c.Counterparty == m.Counterparty && c.Open() && c.Shortfall.Sign() > 0 {
				short = true
				shortBy = shortBy.Add(c.Shortfall)
			}
		}
	}
	if eq := l.equity(f); eq.Sign() <= 0 {
		l.insolvent, l.reason, l.insolventAt = true, "paper equity exhausted ("+engine.FormatMoney(eq)+")", at
		return
	}
	if short && !anyLeft(s, f) {
		l.insolvent, l.reason, l.insolventAt = true, "call unmet with nothing left to sell", at
		// Cash the players never drew is not something to sell, but the
		// room will ask about it: say whether it would have saved the day.
		var undrawn decimal.Decimal
		for _, src := range f.Sources {
			if !src.Withdrawn && src.Left.Sign() > 0 {
				undrawn = undrawn.Add(src.Left)
			}
		}
		switch {
		case undrawn.Sign() <= 0:
		case undrawn.Cmp(shortBy) < 0:
			l.reason += "; the " + engine.FormatMoney(undrawn) + " never drawn would still leave " + engine.FormatMoney(shortBy.Sub(undrawn)) + " short"
		default:
			l.reason += "; the " + engine.FormatMoney(undrawn) + " never drawn would have covered it"
		}
	}
}

// equity is paper equity now: what it started at, less the market's
// losses on the book, the liquidation costs and the liquidity cost. It
// counts the market's moves on the whole book, sold or not: a slight
// overstatement of the loss that errs on the side of caution.
func (l *ledger) equity(f playbook.Figures) decimal.Decimal {
	e := l.equity0
	for _, p := range f.Stress.Positions {
		e = e.Sub(p.MarketValue.Sub(p.StressedValue))
	}
	for _, s := range f.Sales {
		e = e.Sub(s.Cost).Sub(s.Remark)
	}
	return e.Sub(f.LiquidityCost)
}

// left is what the playbook still lets the firm sell of a position (at
// the stressed mark, less what was sold).
func left(s playbook.State, f playbook.Figures, position string) decimal.Decimal {
	// A position is sold once: sales and draws of its asset-sale tier.
	return f.SoldOf(position).Left()
}

func anyLeft(s playbook.State, f playbook.Figures) bool {
	for _, p := range f.Book.Positions {
		if p.Kind.Margined() && left(s, f, p.ID).Cmp(decimal.NewFromInt(1)) >= 0 {
			return true
		}
	}
	return false
}

func describeMissed(missed []Deadline, at time.Time) string {
	if len(missed) == 0 {
		return "every call due by " + at.Format("Mon 15:04") + " is covered"
	}
	var parts []string
	for _, m := range missed {
		parts = append(parts, fmt.Sprintf("%s MISSED: %s of %s short at %s", m.Counterparty,
			engine.FormatMoney(m.Shortfall), engine.FormatMoney(m.Amount), m.Deadline.Format("Mon 15:04")))
	}
	return strings.Join(parts, "; ")
}
