package engine

import "github.com/shopspring/decimal"

// A HouseMargin is a prime broker's margin rate on spot positions it
// finances, for one asset class: a share of the long (or short) market
// value the firm must keep in the account as equity. A financed long
// that falls loses its value and frees rate × the fall, so the PB calls
// (1 − rate) × the fall.
type HouseMargin struct {
	Class       AssetClass
	Long, Short decimal.Decimal
}

// PositionClass is the asset class of a spot or bond position, for a
// prime broker's house margin: as the book gives it, else equity for
// spot and govt for a bond.
func (p Position) PositionClass() AssetClass {
	switch {
	case p.Class != "":
		return p.Class
	case p.Kind == Bond:
		return ClassGovt
	}
	return ClassEquity
}

// houseRate is the rate c charges on p, ok false when c does not margin
// it (not a prime broker, a margined kind, no rate for its class).
func houseRate(c Counterparty, p Position) (decimal.Decimal, bool) {
	if c.Kind != PrimeBroker || p.Kind.Margined() || p.MarketValue.IsZero() {
		return zero, false
	}
	for _, h := range c.HouseMargin {
		if h.Class == p.PositionClass() {
			if p.MarketValue.Sign() < 0 {
				return h.Short, true
			}
			return h.Long, true
		}
	}
	return zero, false
}

// houseMargin fills a spot position's PB margin: its VM is the move (the
// account's equity moves with the mark) and its IM the house rate on
// |MV|, stressed on |stressed MV| and scaled by any IM multiplier for the
// prime broker.
func houseMargin(b *Book, sc Scenario, p Position, ps *PositionStress) {
	c, ok := b.Counterparty(p.Counterparty)
	if !ok {
		return
	}
	rate, ok := houseRate(c, p)
	if !ok {
		return
	}
	ps.HouseMargined = true
	ps.VariationMargin = p.MarketValue.Sub(ps.StressedValue)
	ps.InitialMargin = Cents(p.MarketValue.Abs().Mul(rate))
	ps.StressedIM = Cents(ps.StressedValue.Abs().Mul(rate))
	if m, ok := sc.IMMultiplier[c.ID]; ok {
		ps.StressedIM = Cents(ps.StressedIM.Mul(m))
	}
	ps.IMChange = ps.StressedIM.Sub(ps.InitialMargin)
	ps.MarginCall = ps.VariationMargin.Add(ps.IMChange)
}
