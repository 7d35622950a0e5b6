package engine

import (
	"math"

	"github.com/shopspring/decimal"
)

// sqrtDec is the square root of a non-negative decimal to 16 significant
// digits. decimal has no square root; float64's is correctly rounded, and
// one Newton step in decimal removes its last-bit error so that the result
// does not depend on the platform.
func sqrtDec(x decimal.Decimal) decimal.Decimal {
	if x.Sign() <= 0 {
		return zero
	}
	f, _ := x.Float64()
	g := decimal.NewFromFloat(math.Sqrt(f))
	if g.IsZero() {
		return zero
	}
	// Newton: g' = (g + x/g) / 2.
	return g.Add(x.DivRound(g, 20)).DivRound(decimal.NewFromInt(2), 16)
}

// ImpactRate is the cost of selling `value` of a position, as a share of
// value, under the square-root model:
//
//	m × (spread/2 + k × daily_vol × sqrt(value / ADV))
//
// where m is the scenario's stress multiplier, which widens both the
// spread and the impact. A position with no ADV cannot be sold: its rate is
// one (everything is lost), which marks the sale as a fire sale.
func ImpactRate(l Liquidity, value, k, multiplier decimal.Decimal) decimal.Decimal {
	if l.ADV.Sign() <= 0 {
		return one
	}
	if multiplier.Sign() <= 0 {
		multiplier = one
	}
	half := l.SpreadBps.Div(bpsPerUnit).Div(decimal.NewFromInt(2))
	impact := k.Mul(l.DailyVol).Mul(sqrtDec(value.Abs().DivRound(l.ADV, 20)))
	r := multiplier.Mul(half.Add(impact))
	return MinDec(r, one)
}

// LiquidationCost is the cost in money of selling `value` of a position,
// rounded to cents.
func LiquidationCost(l Liquidity, value, k, multiplier decimal.Decimal) decimal.Decimal {
	return Cents(value.Abs().Mul(ImpactRate(l, value, k, multiplier)))
}
