package risk

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"
)

// Distribution summarises one figure over the scenarios: its mean and its
// percentiles (liquidity-at-risk: the 99% figure is exceeded in 1% of the
// scenarios). Percentiles are nearest-rank: the value of an actual
// scenario, the smallest x with at least p of the scenarios at or below x,
// so each can be recomputed on the decimal path and checked.
type Distribution struct {
	Mean, P95, P99, P999, Max decimal.Decimal
	// At is the chosen percentile's value, AtScenario the scenario it is.
	Percentile decimal.Decimal
	At         decimal.Decimal
	AtScenario int
	// Scenario indices of P95, P99 and P999, for checking.
	P95Scenario, P99Scenario, P999Scenario int
}

// Rank is the nearest-rank index (0-based) of percentile p among n sorted
// values: ceil(p × n) − 1, clamped to the sample. It is computed in
// decimal: 0.99 × 10000 must be 9900, not 9900.000000000002.
func Rank(p decimal.Decimal, n int) int {
	r := int(p.Mul(decimal.NewFromInt(int64(n))).Ceil().IntPart()) - 1
	return max(0, min(n-1, r))
}

// Summarise describes vals (cents, one per scenario) at percentile p.
func Summarise(vals []int64, p decimal.Decimal) Distribution {
	n := len(vals)
	if n == 0 {
		return Distribution{Percentile: p}
	}
	order := make([]int, n)
	var total decimal.Decimal
	for i, v := range vals {
		order[i] = i
		total = total.Add(decimal.NewFromInt(v))
	}
	// Ties in scenario order, so the scenario named is reproducible.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(vals[a], vals[b]) })
	at := func(q decimal.Decimal) (decimal.Decimal, int) {
		s := order[Rank(q, n)]
		return Money(vals[s]), s
	}
	d := Distribution{Percentile: p, Max: Money(vals[order[n-1]]),
		Mean: total.DivRound(decimal.NewFromInt(int64(n)), 0).Shift(-2)}
	d.P95, d.P95Scenario = at(decimal.RequireFromString("0.95"))
	d.P99, d.P99Scenario = at(decimal.RequireFromString("0.99"))
	d.P999, d.P999Scenario = at(decimal.RequireFromString("0.999"))
	d.At, d.AtScenario = at(p)
	return d
}

// A Bin is one bar of a histogram: the scenarios with From ≤ value < To
// (the last bin includes its upper edge).
type Bin struct {
	From, To decimal.Decimal
	Count    int
}

// Histogram splits vals into bins of equal width between their least and
// greatest value (one bin when they are all equal).
func Histogram(vals []int64, bins int) []Bin {
	if len(vals) == 0 || bins <= 0 {
		return nil
	}
	lo, hi := slices.Min(vals), slices.Max(vals)
	if lo == hi {
		return []Bin{{From: Money(lo), To: Money(hi), Count: len(vals)}}
	}
	width := (hi - lo + int64(bins) - 1) / int64(bins)
	out := make([]Bin, bins)
	for i := range out {
		out[i].From, out[i].To = Money(lo+int64(i)*width), Money(min(hi, lo+int64(i+1)*width))
	}
	for _, v := range vals {
		i := min(bins-1, int((v-lo)/width))
		out[i].Count++
	}
	return out
}

// Column extracts one figure of every outcome.
func (r Results) Column(f func(Outcome) int64) []int64 {
	out := make([]int64, len(r.Outcomes))
	for i, o := range r.Outcomes {
		out[i] = f(o)
	}
	return out
}

// Worst returns the indices of the n worst scenarios: largest shortfall,
// then largest outflow, then scenario order.
func (r Results) Worst(n int) []int {
	idx := make([]int, len(r.Outcomes))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		oa, ob := r.Outcomes[a], r.Outcomes[b]
		if c := cmp.Compare(ob.Shortfall, oa.Shortfall); c != 0 {
			return c
		}
		return cmp.Compare(ob.Outflow, oa.Outflow)
	})
	return idx[:min(n, len(idx))]
}

// ProbShortfall is the share of scenarios in which the calls exceed the
// liquidity that arrives in time (the plain plan falls short).
func (r Results) ProbShortfall() float64 {
	if len(r.Outcomes) == 0 {
		return 0
	}
	var n int
	for _, o := range r.Outcomes {
		if o.Shortfall > 0 {
			n++
		}
	}
	return float64(n) / float64(len(r.Outcomes))
}
