package playbook

import (
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// Sale is the effect of selling part of a position in the incident.
type Sale struct {
	Counterparty string
	// Cost is the liquidation cost (half-spread and impact) of the sale.
	Cost decimal.Decimal
	// Proceeds are the cash a spot sale raises, arriving at ArrivesAt.
	Proceeds  decimal.Decimal
	ArrivesAt time.Time
	// IMReleased is the initial margin freed by closing futures.
	IMReleased decimal.Decimal
	// Remark is the loss on what is left when the permanent part of the
	// impact re-marks it: VM on a margined position.
	Remark decimal.Decimal
	// CallChange is what the sale changes in its counterparty's call:
	// the cost paid away as VM, plus the re-mark, less the IM released.
	CallChange decimal.Decimal
	FireSale   bool
	Rate       decimal.Decimal
}

// SaleOf works out the effect of selling `value` (at the stressed mark) of
// a position of which `soldBefore` has already been sold.
func SaleOf(b *engine.Book, st engine.Stress, position string, value, soldBefore decimal.Decimal, at time.Time) Sale {
	p, ok := b.Position(position)
	if !ok || value.Sign() <= 0 {
		return Sale{}
	}
	var ps engine.PositionStress
	for _, x := range st.Positions {
		if x.ID == position {
			ps = x
		}
	}
	pol := b.Liquidation
	k := pol.K
	if k.IsZero() {
		k = decimal.NewFromInt(1)
	}
	mult := st.Scenario.ImpactMultiplier
	rate := engine.ImpactRate(p.Liquidity, value, k, mult)
	held := ps.StressedValue.Abs()
	s := Sale{Counterparty: p.Counterparty, Rate: rate, Cost: engine.Cents(value.Mul(rate))}
	s.FireSale = !pol.FireSale.IsZero() && rate.Cmp(pol.FireSale) > 0
	// The spread is paid and gone; the impact part partly stays in the
	// price (permanent) and re-marks what is left.
	m := mult
	if m.Sign() <= 0 {
		m = decimal.NewFromInt(1)
	}
	half := p.Liquidity.SpreadBps.Div(decimal.NewFromInt(20000)).Mul(m)
	perm := pol.Permanent.Mul(engine.MaxDec(decimal.Zero, rate.Sub(half)))
	rest := engine.MaxDec(decimal.Zero, held.Sub(soldBefore).Sub(value))
	s.Remark = engine.Cents(rest.Mul(perm))
	if p.Kind.Margined() {
		if !held.IsZero() {
			s.IMReleased = engine.Cents(ps.StressedIM.Mul(value).DivRound(held, 12))
		}
		s.CallChange = s.Cost.Add(s.Remark).Sub(s.IMReleased)
		s.ArrivesAt = at
		return s
	}
	s.Proceeds = value.Sub(s.Cost)
	s.ArrivesAt = p.Liquidity.Settle.Arrival(at, b.Cutoff)
	return s
}
