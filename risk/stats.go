package risk

import (
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
	// Ties in scenario order, so the scenario named is reproducible: the
	// order is by value, then by scenario. Only five ranks are read, so
	// each is selected (in increasing rank, each in what is left above
	// the one before) rather than the whole run sorted.
	order := make([]ranked, n)
	for i, v := range vals {
		order[i] = ranked{v, i}
	}
	qs := []decimal.Decimal{decimal.RequireFromString("0.95"), decimal.RequireFromString("0.99"), decimal.RequireFromString("0.999"), p}
	ranks := []int{n - 1}
	for _, q := range qs {
		ranks = append(ranks, Rank(q, n))
	}
	slices.Sort(ranks)
	lo := 0
	for _, r := range ranks {
		if r >= lo {
			selectRank(order[lo:], r-lo)
			lo = r + 1
		}
	}
	at := func(q decimal.Decimal) (decimal.Decimal, int) {
		s := order[Rank(q, n)].s
		return Money(vals[s]), s
	}
	d := Distribution{Percentile: p, Max: Money(order[n-1].v),
		Mean: total(vals).DivRound(decimal.NewFromInt(int64(n)), 0).Shift(-2)}
	d.P95, d.P95Scenario = at(decimal.RequireFromString("0.95"))
	d.P99, d.P99Scenario = at(decimal.RequireFromString("0.99"))
	d.P999, d.P999Scenario = at(decimal.RequireFromString("0.999"))
	d.At, d.AtScenario = at(p)
	return d
}

// ranked is a scenario's value and index, for the order Summarise ranks in.
type ranked struct {
	v int64
	s int
}

func (a ranked) less(b ranked) bool { return a.v < b.v || a.v == b.v && a.s < b.s }

// selectRank puts in x[k] what sorting x would (every key is distinct: the
// scenario breaks ties), everything before it below it and everything
// after above: Hoare's quickselect, the pivot the median of three.
func selectRank(x []ranked, k int) {
	lo, hi := 0, len(x)-1
	for hi > lo {
		if hi-lo < 16 {
			slices.SortFunc(x[lo:hi+1], func(a, b ranked) int {
				if a.less(b) {
					return -1
				}
				return 1
			})
			return
		}
		mid := lo + (hi-lo)/2
		if x[mid].less(x[lo]) {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi].less(x[lo]) {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[hi].less(x[mid]) {
			x[hi], x[mid] = x[mid], x[hi]
		}
		pivot := x[mid]
		i, j := lo, hi
		for i <= j {
			for x[i].less(pivot) {
				i++
			}
			for pivot.less(x[j]) {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return // x[k] is the pivot, in place
		}
	}
}

// total is the exact sum of vals: in an int64 while it fits, in decimal
// from the first term that would overflow it.
func total(vals []int64) decimal.Decimal {
	var t int64
	for i, v := range vals {
		s := t + v
		if (t >= 0) == (v >= 0) && (s >= 0) != (t >= 0) {
			rest := decimal.NewFromInt(t)
			for _, v := range vals[i:] {
				rest = rest.Add(decimal.NewFromInt(v))
			}
			return rest
		}
		t = s
	}
	return decimal.NewFromInt(t)
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
	worse := func(a, b int) bool {
		oa, ob := r.Outcomes[a], r.Outcomes[b]
		if oa.Shortfall != ob.Shortfall {
			return oa.Shortfall > ob.Shortfall
		}
		return oa.Outflow > ob.Outflow
	}
	// One pass keeping the n worst so far in order: a scenario goes after
	// every one it does not beat, so ties stay in scenario order.
	top := make([]int, 0, min(max(n, 0), len(r.Outcomes)))
	for i := range r.Outcomes {
		if len(top) == cap(top) && (len(top) == 0 || !worse(i, top[len(top)-1])) {
			continue
		}
		j := len(top)
		for j > 0 && worse(i, top[j-1]) {
			j--
		}
		if len(top) < cap(top) {
			top = append(top, 0)
		}
		copy(top[j+1:], top[j:len(top)-1])
		top[j] = i
	}
	return top
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
