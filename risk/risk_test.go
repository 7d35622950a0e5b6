package risk

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Two factors with rho = 0.6: the Cholesky factor is [[1, 0], [0.6, 0.8]]
// (0.6² + 0.8² = 1), worked by hand.
func TestCholeskyTwoFactors(t *testing.T) {
	m, err := NewModel(engine.FactorModel{
		Factors:      []engine.Factor{{Name: "a", DailyVol: dec("0.01")}, {Name: "b", DailyVol: dec("0.02")}},
		Correlations: []engine.Correlation{{A: "a", B: "b", Rho: dec("0.6")}},
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1, 0, 0.6, 0.8}
	for i, w := range want {
		if math.Abs(m.L[i]-w) > 1e-12 {
			t.Fatalf("L = %v, want %v", m.L, want)
		}
	}
	// The draws have the book's correlation and volatilities.
	sc, _ := MonteCarlo(m, 40_000, 1, Dist{}, 9)
	var sa, sb, sab float64
	for s := range sc.N {
		x, y := float64(sc.Move(s, 0)[0])/Micro, float64(sc.Move(s, 0)[1])/Micro
		sa, sb, sab = sa+x*x, sb+y*y, sab+x*y
	}
	n := float64(sc.N)
	if vol := math.Sqrt(sb / n); math.Abs(vol-0.02) > 0.0005 {
		t.Errorf("vol b = %.5f, want 0.02", vol)
	}
	if rho := sab / math.Sqrt(sa*sb); math.Abs(rho-0.6) > 0.02 {
		t.Errorf("rho = %.3f, want 0.6", rho)
	}
}

// Three factors pairwise -0.9 cannot coexist: the smallest eigenvalue of
// that matrix is 1 − 2 × 0.9 = −0.8. It is refused, naming it, and
// repaired only when asked.
func TestNotPSDRefusedOrRepaired(t *testing.T) {
	fm := engine.FactorModel{
		Factors: []engine.Factor{{Name: "x", DailyVol: dec("0.01")}, {Name: "y", DailyVol: dec("0.01")}, {Name: "z", DailyVol: dec("0.01")}},
		Correlations: []engine.Correlation{{A: "x", B: "y", Rho: dec("-0.9")}, {A: "x", B: "z", Rho: dec("-0.9")},
			{A: "y", B: "z", Rho: dec("-0.9")}},
	}
	_, err := NewModel(fm, false)
	var np *NotPSDError
	if !errors.As(err, &np) || math.Abs(np.Eigenvalue+0.8) > 1e-9 {
		t.Fatalf("err = %v", err)
	}
	m, err := NewModel(fm, true)
	if err != nil || !m.Repaired {
		t.Fatalf("repair: %v", err)
	}
	for i := range 3 {
		if math.Abs(m.Corr[i*3+i]-1) > 1e-9 {
			t.Errorf("repaired diagonal %v", m.Corr)
		}
	}
	if _, err := MonteCarlo(m, 10, 1, Dist{}, 1); err != nil {
		t.Fatal(err)
	}
}

// Nearest rank on 1..100: the 95% value is 95, the 99% is 99, 99.9% is 100.
func TestPercentileOfKnownSample(t *testing.T) {
	vals := make([]int64, 100)
	for i := range vals {
		vals[i] = int64(100-i) * 100 // 100.00 … 1.00, reversed
	}
	d := Summarise(vals, dec("0.5"))
	for _, c := range []struct{ got, want decimal.Decimal }{
		{d.P95, dec("95")}, {d.P99, dec("99")}, {d.P999, dec("100")}, {d.At, dec("50")}, {d.Mean, dec("50.5")}, {d.Max, dec("100")},
	} {
		if !c.got.Equal(c.want) {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	if Rank(dec("0.99"), 10_000) != 9899 {
		t.Error("0.99 × 10000 must be rank 9900 exactly")
	}
}

func arbKernel(t *testing.T) *Kernel {
	t.Helper()
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(b.Factors, false)
	if err != nil {
		t.Fatal(err)
	}
	k, err := Compile(b, m, b.Scenarios[0], 1)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Reverse stress on Arb-Capital, by hand. In-time liquidity is cash 2M +
// MMF 3M + repo 4M + credit line 5M = 14M. An equity fall x calls VM of
// 50M × x on ES; CME's IM multiplier is 1 + 0.015 × (x / 0.015) = 1 + x,
// so IM rises by (5M + 1.5M) × x. The call is 56.5M × x, which exceeds
// 14M from x = 14 / 56.5 = 0.2477876…: to a millionth, −0.247788 (call
// 12,389,400 + 1,238,940 + 371,682 = 14,000,022, short 22), while
// −0.247787 calls 13,999,965.50.
func TestReverseStressArbCapital(t *testing.T) {
	k := arbKernel(t)
	if got := k.InTimeLiquidity(); !got.Equal(dec("14000000")) {
		t.Fatalf("in-time liquidity %s", got)
	}
	rs := k.Reverse(nil, -1)
	eq := rs.Factors[0]
	if eq.Factor != "equity" || !eq.Down.Found || !eq.Down.Moves["equity"].Equal(dec("-0.247788")) {
		t.Fatalf("equity down = %+v", eq.Down)
	}
	if !eq.Down.TotalCall.Equal(dec("14000022")) || !eq.Down.Shortfall.Equal(dec("22")) {
		t.Errorf("at the break: call %s short %s", eq.Down.TotalCall, eq.Down.Shortfall)
	}
	before := k.oneDay([]int64{-247787, 0})
	if before.Shortfall != 0 || before.TotalCall != 1_399_996_550 {
		t.Errorf("one millionth less: %+v", before)
	}
	if eq.Up.Found {
		t.Errorf("a rise in equities pays the firm: no break expected, got %+v", eq.Up)
	}
}

// Properties over random scenarios: the shortfall never exceeds the
// outflow, the buffer need is at least the shortfall (it has fewer
// sources), and with no asset sale in time they are equal.
func TestOutcomeProperties(t *testing.T) {
	k, m := synthKernel(t, 300, 2)
	sc, _ := MonteCarlo(m, 500, 2, Dist{StudentT: true, DoF: 3}, 11)
	for s, o := range k.Run(sc, 0).Outcomes {
		if o.Shortfall < 0 || o.Shortfall > o.Outflow || o.Buffer < o.Shortfall {
			t.Fatalf("scenario %d: %+v", s, o)
		}
	}
	a, _ := MonteCarlo(m, 50, 2, Dist{}, 5)
	b, _ := MonteCarlo(m, 50, 2, Dist{}, 5)
	for i := range a.Moves {
		if a.Moves[i] != b.Moves[i] {
			t.Fatal("same seed, different scenarios")
		}
	}
}

func TestSizeBufferHelios(t *testing.T) {
	b, err := book.Demo("helios")
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultBufferOptions()
	opt.Scenarios = 2000
	bs, err := SizeBuffer(b, b.Scenarios[0], opt)
	if err != nil {
		t.Fatal(err)
	}
	// Credit is withdrawn: only the 15M buffer counts, and a 4-sigma oil
	// fall alone calls more than that.
	if !bs.InTimeLiquidity.Equal(dec("15000000")) || bs.Buffer.Sign() <= 0 || !bs.Exact || len(bs.Histogram) == 0 {
		t.Errorf("%+v", bs)
	}
}

func TestHistoricalCSV(t *testing.T) {
	k := arbKernel(t)
	csv := []byte("date,equity,rates\n2020-03-09,-0.0760,0.010\n2020-03-12,-0.0951,0.005\n2020-03-16,-0.1198,0.002\n")
	h, err := ParseHistory("h.csv", csv, k.Model.Names)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Historical(h, 2)
	if err != nil || sc.N != 2 || sc.Move(0, 1)[0] != -171100 {
		t.Fatalf("%v %+v", err, sc)
	}
	if _, err := ParseHistory("h.csv", []byte("date,equty\n2020-03-09,-0.07\n"), k.Model.Names); err == nil {
		t.Error("an unknown factor column must be refused")
	}
}
