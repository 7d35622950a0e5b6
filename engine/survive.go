package engine

import "github.com/shopspring/decimal"

// BufferStep is the precision of SmallestBuffer: buffers are searched in
// whole thousands, the granularity at which a treasury sizes one.
var BufferStep = decimal.NewFromInt(1000)

// DeRiskStep is the precision of SmallestDeRisk: a tenth of a percent.
var DeRiskStep = decimal.RequireFromString("0.001")

// SmallestBuffer is the least starting cash, in whole thousands, with
// which the simulation survives (in.Buffer is ignored). It bisects on the
// buffer, which assumes survival is monotone in it: more cash means fewer
// forced sales, each of which only ever makes the next day worse. ok is
// false when even a buffer of a trillion does not survive.
func SmallestBuffer(b *Book, sc Scenario, in SurvivalInput) (decimal.Decimal, SurvivalPath, bool) {
	in.HasBuffer = true
	try := func(x decimal.Decimal) SurvivalPath {
		in.Buffer = x
		return Simulate(b, sc, in)
	}
	hi := decimal.NewFromInt(1000000)
	limit := decimal.NewFromInt(1000000000000)
	for !try(hi).Survived {
		if hi = hi.Mul(decimal.NewFromInt(2)); hi.Cmp(limit) > 0 {
			return zero, SurvivalPath{}, false
		}
	}
	lo := zero // an empty buffer is tried last: it is the answer only if nothing is needed
	if try(zero).Survived {
		return zero, try(zero), true
	}
	for hi.Sub(lo).Cmp(BufferStep) > 0 {
		mid := lo.Add(hi).Div(decimal.NewFromInt(2)).Div(BufferStep).Floor().Mul(BufferStep)
		if mid.Cmp(lo) <= 0 {
			mid = lo.Add(BufferStep)
		}
		if try(mid).Survived {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, try(hi), true
}

// SmallestDeRisk is the least share of every margined position, to a
// tenth of a percent, that sold on day 0 (the business day before the
// shock, in a calm market) lets the firm survive with the buffer in. A day
// 0 sale is capped at participation × ADV, so a large position may not be
// able to de-risk enough: ok is false then.
func SmallestDeRisk(b *Book, sc Scenario, in SurvivalInput) (decimal.Decimal, SurvivalPath, bool) {
	try := func(f decimal.Decimal) SurvivalPath {
		in.DeRisk = f
		return Simulate(b, sc, in)
	}
	if try(zero).Survived {
		return zero, try(zero), true
	}
	lo, hi := zero, one
	if !try(hi).Survived {
		return zero, SurvivalPath{}, false
	}
	for hi.Sub(lo).Cmp(DeRiskStep) > 0 {
		mid := lo.Add(hi).Div(decimal.NewFromInt(2)).Div(DeRiskStep).Floor().Mul(DeRiskStep)
		if mid.Cmp(lo) <= 0 {
			mid = lo.Add(DeRiskStep)
		}
		if try(mid).Survived {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, try(hi), true
}
