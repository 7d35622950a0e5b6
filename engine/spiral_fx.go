package engine

import (
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// DayCurrency is one currency's part of a survival day, in that currency:
// what fell due (negative: margin coming back), what was paid, what is
// overdue, the cash left in it, and the day's first deadline for it.
type DayCurrency struct {
	Currency                 string
	Due, Paid, Overdue, Cash decimal.Decimal
	Deadline                 time.Time
	// Bought is what of Paid was bought with another currency, through
	// the conversions Via (their ids, in the order struck).
	Bought decimal.Decimal
	Via    []string
}

// A lot is cash in one currency that arrived at one time: a source, the
// buffer, margin coming back. The day's calls take lots as the plain plan
// takes sources (AllocateFX): in their own currency first, then through a
// conversion struck once the lot is there.
type lot struct {
	ccy    string
	amount decimal.Decimal
	at     time.Time
}

// fxSim is the survival simulation's money in a book of several
// currencies: each position's flows are in the currency it is called in
// (Book.CallCurrency), converted from its own at the scenario's (stressed)
// rates where the two differ; each currency has its deadlines; and the
// figures a day reports are in the base at those rates.
type fxSim struct {
	b       *Book
	fx      FX
	call    []string // per simulated position: its call currency
	lots    []lot
	overdue map[string]decimal.Decimal
	// dls are the counterparties and the currencies they call in, for the
	// deadline of each currency on each day.
	dls []cpCurrency
}

type cpCurrency struct {
	cp  Counterparty
	ccy string
}

func newFXSim(b *Book, sc Scenario, ps []*simPos) *fxSim {
	x := &fxSim{b: b, fx: b.FX.Shocked(sc.Shocks), overdue: map[string]decimal.Decimal{}}
	for _, sp := range ps {
		ccy := b.CurrencyOf(sp.p.Currency)
		if c, ok := b.Counterparty(sp.p.Counterparty); ok {
			ccy = b.CallCurrency(c, sp.p)
			if !slices.ContainsFunc(x.dls, func(d cpCurrency) bool { return d.cp.ID == c.ID && d.ccy == ccy }) {
				x.dls = append(x.dls, cpCurrency{c, ccy})
			}
		}
		x.call = append(x.call, ccy)
	}
	return x
}

// own converts an amount of p's currency into its call currency i.
func (x *fxSim) own(i int, p Position, d decimal.Decimal) decimal.Decimal {
	return inBase(x.fx, x.b.CurrencyOf(p.Currency), x.call[i])(d)
}

// base converts an amount of ccy into the base, half-up to the cent.
func (x *fxSim) base(ccy string, d decimal.Decimal) decimal.Decimal {
	return inBase(x.fx, x.b.CurrencyOf(ccy), x.b.Currency)(d)
}

// deadline is the first deadline of currency ccy on day d.
func (x *fxSim) deadline(ccy string, d int) time.Time {
	var first time.Time
	for _, c := range x.dls {
		if c.ccy != ccy {
			continue
		}
		if dl := x.b.DeadlineOn(c.cp, x.b.DeadlineOf(c.cp), d); first.IsZero() || dl.Before(first) {
			first = dl
		}
	}
	if first.IsZero() {
		first = x.b.Market.Shift(x.b.Deadline, d-1)
	}
	return first
}

// currencies lists the base first, then every other currency with a call,
// a lot or an overdue amount, alphabetically.
func (x *fxSim) currencies(due map[string]decimal.Decimal) []string {
	set := map[string]bool{}
	for k := range due {
		set[k] = true
	}
	for _, l := range x.lots {
		set[l.ccy] = true
	}
	for k := range x.overdue {
		set[k] = true
	}
	out := []string{x.b.Currency}
	for k := range set {
		if k != x.b.Currency {
			out = append(out, k)
		}
	}
	sort.Strings(out[1:])
	return out
}

// settlement is how a day's dues would be paid from the lots: what stays
// short per currency, the lots left, and the conversions struck.
type settlement struct {
	short       map[string]decimal.Decimal
	lots        []lot
	conversions []ConversionUse
}

// pay matches the day's dues to the lots. Margin coming back in a currency
// (a negative due) is a lot of its own first. What was already overdue
// may be met by a conversion struck from the start of the day before,
// when it was seen short; the day's new calls by one struck from the
// start of today (the treasurer deals once the calls are known). Nothing
// is changed: the caller applies the settlement it keeps.
func (x *fxSim) pay(due map[string]decimal.Decimal, d int, start, prev time.Time) settlement {
	lots := slices.Clone(x.lots)
	out := settlement{short: map[string]decimal.Decimal{}}
	var late, fresh []Call
	for _, k := range x.currencies(due) {
		v := due[k]
		if v.Sign() < 0 {
			lots = append(lots, lot{ccy: k, amount: v.Neg(), at: start})
			continue
		}
		od := MinDec(x.overdue[k], v)
		dl := x.deadline(k, d)
		if od.Sign() > 0 {
			late = append(late, Call{Counterparty: "overdue", Amount: od, Deadline: dl, Currency: k})
		}
		if v.Sub(od).Sign() > 0 {
			fresh = append(fresh, Call{Counterparty: "due", Amount: v.Sub(od), Deadline: dl, Currency: k})
		}
	}
	for _, pass := range []struct {
		calls []Call
		from  time.Time
	}{{late, prev}, {fresh, start}} {
		if len(pass.calls) == 0 {
			continue
		}
		SortCalls(pass.calls)
		supplies := make([]Supply, len(lots))
		for j, l := range lots {
			supplies[j] = Supply{ID: l.ccy, Amount: l.amount, ArrivesAt: l.at, Currency: l.ccy}
		}
		ex := &Exchange{Base: x.b.Currency, FX: x.fx, Conversions: x.b.Conversions, Arrival: x.b.ConversionArrival, From: pass.from}
		a := AllocateFX(pass.calls, supplies, ex)
		for j := range lots {
			lots[j].amount = lots[j].amount.Sub(a.Used[j])
		}
		for i, c := range pass.calls {
			out.short[c.Currency] = out.short[c.Currency].Add(a.Shortfall[i])
		}
		out.conversions = append(out.conversions, a.Conversions...)
	}
	for _, l := range lots {
		if l.amount.Sign() > 0 {
			out.lots = append(out.lots, l)
		}
	}
	return out
}

// shortBase is a settlement's shortfall in the base.
func (x *fxSim) shortBase(s settlement) decimal.Decimal {
	var t decimal.Decimal
	for k, v := range s.short {
		t = t.Add(x.base(k, v))
	}
	return t
}

// cashIn sums the lots per currency.
func (x *fxSim) cashIn(lots []lot) map[string]decimal.Decimal {
	out := map[string]decimal.Decimal{}
	for _, l := range lots {
		out[l.ccy] = out[l.ccy].Add(l.amount)
	}
	return out
}

// bookLots is bookBuffer in several currencies: each source that arrives
// by day 1's first deadline, asset sales and withdrawn sources aside, is a
// lot in its own currency at its arrival.
func bookLots(b *Book, sc Scenario) []lot {
	var out []lot
	st := Stress{Scenario: sc}
	deadline := firstDeadline(b)
	for _, s := range b.Sources {
		at := b.SourceArrival(s, b.AsOf)
		if s.Kind == SourceAssetSale || sc.Withdrawn(s.ID) || at.After(deadline) {
			continue
		}
		c, _ := SourceCapacity(b, st, s)
		if c.Sign() > 0 {
			out = append(out, lot{ccy: b.CurrencyOf(s.Currency), amount: c, at: at})
		}
	}
	return out
}
