package engine

import "github.com/shopspring/decimal"

// StressedHolding is a holding under a scenario: its market value moved
// like a position's, MV × (1 + shock × beta) (rounded to cents; a holding
// with no factor does not move), and its repo haircut widened by the
// scenario's add-on for its class (at most just below 100%).
func StressedHolding(h Holding, sc Scenario) Holding {
	if h.Factor != "" {
		h.MarketValue = MaxDec(Cents(h.MarketValue.Mul(one.Add(sc.Shocks[h.Factor].Mul(h.Beta)))), zero)
	}
	h.RepoHaircut = widen(h.RepoHaircut, sc.HaircutWidening[h.Class])
	return h
}

// maxHaircut keeps a widened haircut below 100%: a 100% haircut is no
// credit at all, which Eligible already treats as not eligible.
var maxHaircut = decimal.RequireFromString("0.9999")

func widen(h, add decimal.Decimal) decimal.Decimal {
	if add.Sign() == 0 {
		return h
	}
	return MinDec(MaxDec(h.Add(add), zero), maxHaircut)
}

// underStress is the book as a plan under sc sees it: its holdings at
// their stressed values and widened repo haircuts, and every
// counterparty's eligibility haircuts widened by class. A scenario that
// moves no holding and widens nothing returns b itself.
func (b *Book) underStress(sc Scenario) *Book {
	if b.stressed {
		return b
	}
	moves := len(sc.HaircutWidening) > 0
	for _, h := range b.Collateral {
		moves = moves || (h.Factor != "" && !sc.Shocks[h.Factor].IsZero())
	}
	if !moves {
		return b
	}
	out := *b
	out.stressed = true
	out.Collateral = make([]Holding, len(b.Collateral))
	for i, h := range b.Collateral {
		out.Collateral[i] = StressedHolding(h, sc)
	}
	if len(sc.HaircutWidening) > 0 {
		out.Counterparties = make([]Counterparty, len(b.Counterparties))
		for i, c := range b.Counterparties {
			out.Counterparties[i] = CounterpartyUnder(c, sc)
		}
	}
	return &out
}

// CounterpartyUnder is c as a scenario leaves it: each eligibility
// haircut widened by the scenario's add-on for its class. Every cover a
// posting gives is counted on it — the stress's eligible cover, the
// optimiser's postings, a posting decided in the console or with `decide
// post` — so a Treasury posted in a scenario that widens govt haircuts
// by 8 points counts 90%, not 98%, of its value at a 2% schedule.
func CounterpartyUnder(c Counterparty, sc Scenario) Counterparty {
	if len(sc.HaircutWidening) == 0 {
		return c
	}
	el := make([]Eligibility, len(c.Eligible))
	for k, e := range c.Eligible {
		el[k] = Eligibility{Class: e.Class, Haircut: widen(e.Haircut, sc.HaircutWidening[e.Class])}
	}
	c.Eligible = el
	return c
}

// holdingUnder is a holding of b under sc: stressed, unless b is already
// the stressed copy.
func (b *Book) holdingUnder(h Holding, sc Scenario) Holding {
	if b.stressed {
		return h
	}
	return StressedHolding(h, sc)
}

// lodgedTopUp is what the securities lodged with c lose under sc, in the
// credit c counts: a lodged value V (credit after the class's haircut h)
// is market value V / (1 − h); stressed, it counts MV × (1 + shock × beta)
// × (1 − h − widening). The loss is a call on the firm to top up.
func lodgedTopUp(c Counterparty, sc Scenario) decimal.Decimal {
	var t decimal.Decimal
	for _, l := range c.Lodged {
		if l.Class == ClassCash {
			continue
		}
		h := zero
		for _, e := range c.Eligible {
			if e.Class == l.Class {
				h = e.Haircut
			}
		}
		if sc.Shocks[l.Factor].IsZero() && sc.HaircutWidening[l.Class].IsZero() || one.Sub(h).Sign() <= 0 {
			continue
		}
		mv := l.Value.DivRound(one.Sub(h), 12)
		if l.Factor != "" {
			mv = mv.Mul(one.Add(sc.Shocks[l.Factor].Mul(l.Beta)))
		}
		credit := CentsDown(MaxDec(mv, zero).Mul(one.Sub(widen(h, sc.HaircutWidening[l.Class]))))
		t = t.Add(MaxDec(l.Value.Sub(credit), zero))
	}
	return t
}
