package engine

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// A ConversionDraw is one FX deal of a plan: Sold of From (drawn from
// Source) buys Bought of To for a call of Counterparty, at Rate (units of
// To per unit of From, stressed), dealt when the source's money is there
// and arriving at ArrivesAt. Cost is the spread in To; CostBase in base.
type ConversionDraw struct {
	ID, Name           string
	Source             string
	Counterparty       string
	From, To           string
	Sold, Bought       decimal.Decimal
	Rate               decimal.Decimal
	DealtAt, ArrivesAt time.Time
	Cost, CostBase     decimal.Decimal
}

// A CurrencyCover is one rung of the per-currency ladder: what is due in
// the currency, what its own sources and conversions cover, the
// shortfall, and what its sources could raise and have left once the plan
// has drawn (Available and Left count sources that are not withdrawn,
// whether in time or not). DueBase and ShortfallBase are in the base at
// the stressed rate Rate (units of base per unit).
type CurrencyCover struct {
	Currency                string
	Due, Covered, Shortfall decimal.Decimal
	Available, Left         decimal.Decimal
	Rate                    decimal.Decimal
	DueBase, ShortfallBase  decimal.Decimal
	AvailableBase, LeftBase decimal.Decimal
}

// inBase is an amount of ccy in the plan's base at its (stressed) rates.
func (p Plan) inBase(amount decimal.Decimal, ccy string) decimal.Decimal {
	return inBase(p.FX, ccy, p.Base)(amount)
}

func conversionDraws(p Plan, a Allocation, calls []Call, supplies []Supply) []ConversionDraw {
	var out []ConversionDraw
	for _, cu := range a.Conversions {
		cv, s, c := cu.Conversion, supplies[cu.Supply], calls[cu.Call]
		name := cv.Name
		if name == "" {
			name = cv.From + "→" + cv.To
		}
		out = append(out, ConversionDraw{ID: cv.ID, Name: name, Source: s.ID, Counterparty: c.Counterparty,
			From: cv.From, To: cv.To, Sold: cu.Sold, Bought: cu.Bought, Rate: p.FX.Rate(cv.From, cv.To),
			DealtAt: cu.DealtAt, ArrivesAt: cu.ArrivesAt, Cost: cu.Cost, CostBase: p.inBase(cu.Cost, cv.To)})
	}
	return out
}

// currencyLadder sums the plan per currency, the base first, then the
// others alphabetically.
func currencyLadder(p Plan, calls []Call, a Allocation, supplies []Supply) []CurrencyCover {
	idx := map[string]int{}
	var out []CurrencyCover
	at := func(ccy string) *CurrencyCover {
		if ccy == "" {
			ccy = p.Base
		}
		k, ok := idx[ccy]
		if !ok {
			k = len(out)
			idx[ccy] = k
			out = append(out, CurrencyCover{Currency: ccy, Rate: p.FX.Rate(ccy, p.Base)})
		}
		return &out[k]
	}
	at(p.Base)
	for i, c := range calls {
		r := at(c.Currency)
		r.Due = r.Due.Add(c.Amount)
		r.Shortfall = r.Shortfall.Add(a.Shortfall[i])
	}
	for j, s := range supplies {
		if s.Withdrawn {
			continue
		}
		r := at(s.Currency)
		r.Available = r.Available.Add(s.Amount)
		r.Left = r.Left.Add(MaxDec(s.Amount.Sub(a.Used[j]), zero))
	}
	sort.SliceStable(out[1:], func(i, j int) bool { return out[1+i].Currency < out[1+j].Currency })
	for k := range out {
		r := &out[k]
		r.Covered = r.Due.Sub(r.Shortfall)
		r.DueBase = p.inBase(r.Due, r.Currency)
		r.ShortfallBase = p.inBase(r.Shortfall, r.Currency)
		r.AvailableBase = p.inBase(r.Available, r.Currency)
		r.LeftBase = p.inBase(r.Left, r.Currency)
	}
	return out
}
