package risk

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

// The summaries as they were written first (a stable sort of every
// scenario, a decimal sum), kept as the reference for the faster ones.
func referenceSummarise(vals []int64, p decimal.Decimal) Distribution {
	n := len(vals)
	order := make([]int, n)
	var total decimal.Decimal
	for i, v := range vals {
		order[i] = i
		total = total.Add(decimal.NewFromInt(v))
	}
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

func referenceWorst(r Results, n int) []int {
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

// TestSummariesAsTheReference: on random runs, many of them with ties
// (shortfalls mostly zero, values from a handful), and sums beyond an
// int64, Summarise and Worst name the same figures and scenarios as the
// reference.
func TestSummariesAsTheReference(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for trial := range 400 {
		n := 1 + r.IntN(3000)
		vals := make([]int64, n)
		res := Results{Outcomes: make([]Outcome, n)}
		for i := range vals {
			switch trial % 4 {
			case 0:
				vals[i] = r.Int64N(5) - 2 // ties everywhere
			case 1:
				vals[i] = math.MaxInt64/4 - r.Int64N(1000) // the sum overflows an int64
			default:
				vals[i] = r.Int64N(1_000_000_000) - 100_000_000
			}
			res.Outcomes[i] = Outcome{Shortfall: max(0, r.Int64N(6)-3), Outflow: r.Int64N(4)}
		}
		p := decimal.New(int64(1+r.IntN(999)), -3)
		got, want := Summarise(vals, p), referenceSummarise(vals, p)
		if !got.Mean.Equal(want.Mean) || !got.Max.Equal(want.Max) || !got.At.Equal(want.At) ||
			got.AtScenario != want.AtScenario || got.P95Scenario != want.P95Scenario ||
			got.P99Scenario != want.P99Scenario || got.P999Scenario != want.P999Scenario ||
			!got.P95.Equal(want.P95) || !got.P99.Equal(want.P99) || !got.P999.Equal(want.P999) {
			t.Fatalf("trial %d: Summarise %+v, reference %+v", trial, got, want)
		}
		for _, k := range []int{0, 1, 5, n, n + 3} {
			if g, w := res.Worst(k), referenceWorst(res, k); !slices.Equal(g, w) {
				t.Fatalf("trial %d: Worst(%d) = %v, reference %v", trial, k, g, w)
			}
		}
	}
}

// TestScaledAsDecimal: scaled on the coefficient gives what the decimal
// product gives (value and refusal) on random figures at every exponent,
// for cents and for betas in 1e-4.
func TestScaledAsDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for range 200_000 {
		c := r.Int64N(1_000_000_000_000_000_000)
		c /= pow10[r.IntN(19)]
		if r.IntN(2) == 0 {
			c = -c
		}
		d := decimal.New(c, int32(r.IntN(30)-15))
		for _, unit := range []int64{100, betaScale, 1, 7} {
			got, ok := scaled(d, unit)
			want, wok := scaledDecimal(d, unit)
			if ok != wok || got != want {
				t.Fatalf("scaled(%s, %d) = %d, %v; decimal gives %d, %v", d, unit, got, ok, want, wok)
			}
		}
	}
}
