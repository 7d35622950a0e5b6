package risk

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/synth"
)

// The fixed-point stressed value must round exactly as engine.StressBook
// does, Cents(MV × (1 + shock × beta)), ties included: a tie rounds away
// from zero of the stressed value, not of the move.
func TestStressedRoundsLikeDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(mv, shock, beta int64) {
		t.Helper()
		got, ok := stressed(mv, shock*beta)
		want := engine.Cents(decimal.New(mv, -2).Mul(decimal.NewFromInt(1).Add(decimal.New(shock, -6).Mul(decimal.New(beta, -4)))))
		if !ok || !decimal.New(got, -2).Equal(want) {
			t.Fatalf("mv %d shock %d beta %d: kernel %d (ok %v), decimal %s", mv, shock, beta, got, ok, want)
		}
	}
	// Hand-picked ties: 1.00 × (1 − 0.005) = 0.995 → 1.00 (away from zero
	// of 0.995), and the short mirror; a sign flip past −100%.
	check(100, -5000, 10000)
	check(-100, -5000, 10000)
	check(100, 5000, 10000)
	check(-100, 5000, 10000)
	check(1, -1_000_000, 15000) // 0.01 × (1 − 1.5) = −0.005 → −0.01
	check(3, -500_000, 10000)   // 0.03 × 0.5 = 0.015 → 0.02
	for range 200_000 {
		mv := r.Int64N(2e11) - 1e11
		if r.IntN(4) == 0 {
			mv = r.Int64N(2000) - 1000
		}
		shock := r.Int64N(2*Micro+1) - Micro
		if r.IntN(3) == 0 {
			shock = (r.Int64N(41) - 20) * 50_000 // coarse shocks make ties likely
		}
		beta := r.Int64N(40000) - 10000
		check(mv, shock, beta)
	}
	if _, ok := stressed(1e17, 1e18); ok {
		t.Error("an overflowing product must be refused")
	}
}

func TestScaledIMRoundsHalfUp(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		im, m := r.Int64N(1e12), 1+r.Int64N(5*Micro)
		got, ok := scaledIM(im, m)
		want := engine.Cents(decimal.New(im, -2).Mul(decimal.New(m, -6)))
		if !ok || !decimal.New(got, -2).Equal(want) {
			t.Fatalf("im %d × %d: %d, want %s", im, m, got, want)
		}
	}
}

// synthKernel compiles a generated book for a horizon.
func synthKernel(t testing.TB, n int, days int) (*Kernel, *Model) {
	t.Helper()
	b, err := book.Parse("synth.yaml", synth.YAML(n, 1))
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(b.Factors, false)
	if err != nil {
		t.Fatal(err)
	}
	k, err := Compile(b, m, b.Scenarios[0], days)
	if err != nil {
		t.Fatal(err)
	}
	return k, m
}

// The kernel equals the decimal path to the cent: every figure of every
// sampled scenario, normal and fat-tailed, one day and several.
func TestKernelEqualsDecimalPath(t *testing.T) {
	for _, tc := range []struct {
		days int
		dist Dist
	}{{1, Dist{}}, {1, Dist{StudentT: true, DoF: 3}}, {3, Dist{StudentT: true, DoF: 4}}} {
		k, m := synthKernel(t, 400, tc.days)
		sc, err := MonteCarlo(m, 300, tc.days, tc.dist, 7)
		if err != nil {
			t.Fatal(err)
		}
		res := k.Run(sc, 2)
		if len(res.Fallback) != 0 {
			t.Errorf("fallbacks %v", res.Fallback)
		}
		for s := 0; s < sc.N; s += 3 {
			want := k.DecimalOutcome(sc, s)
			if got := res.Outcomes[s]; got != want.Cents() {
				t.Fatalf("days %d scenario %d: kernel %+v, decimal %+v", tc.days, s, got, want)
			}
		}
	}
}

// On one day the decimal path's shortfall is the engine's plain plan's,
// and its total call the engine's TotalMarginCall.
func TestDecimalPathIsThePlainPlan(t *testing.T) {
	k, m := synthKernel(t, 200, 1)
	sc, _ := MonteCarlo(m, 20, 1, Dist{}, 3)
	for s := range sc.N {
		o := k.DecimalOutcome(sc, s)
		st := engine.StressBook(k.Book, k.Scenario(sc, s, 1))
		p := engine.PlainPlan(k.Book, engine.PlanInput{Stress: st, ActivatedAt: k.Book.AsOf, HorizonDays: decimal.NewFromInt(1)})
		if !o.Shortfall.Equal(p.Shortfall) || !o.TotalCall.Equal(st.TotalMarginCall) || !o.Outflow.Equal(p.Required) {
			t.Fatalf("scenario %d: path %+v, plan shortfall %s required %s call %s", s, o, p.Shortfall, p.Required, st.TotalMarginCall)
		}
	}
}

// TestCallBookGivesTheSameOutcome: the decimal path on the book cut down
// to what calls and sources depend on equals the engine on the whole book.
func TestCallBookGivesTheSameOutcome(t *testing.T) {
	k, m := synthKernel(t, 300, 2)
	if len(k.callBook().Positions) >= len(k.Book.Positions) {
		t.Fatalf("the call book keeps all %d positions", len(k.Book.Positions))
	}
	sc, _ := MonteCarlo(m, 12, 2, Dist{}, 5)
	whole := &Kernel{Book: k.Book, Model: k.Model, Base: k.Base, Days: k.Days, cps: k.cps}
	whole.callOnce.Do(func() { whole.calls0 = k.Book })
	for s := range sc.N {
		a, b := k.DecimalOutcome(sc, s), whole.DecimalOutcome(sc, s)
		if !a.TotalCall.Equal(b.TotalCall) || !a.Outflow.Equal(b.Outflow) || !a.Shortfall.Equal(b.Shortfall) || !a.Buffer.Equal(b.Buffer) {
			t.Fatalf("scenario %d: call book %+v, whole book %+v", s, a, b)
		}
	}
}

// TestCallBookKeepsFinancedPositions: spot positions a prime broker
// finances are margined by it (house margin); the call book keeps them
// and the decimal path's figures are those of the whole book.
func TestCallBookKeepsFinancedPositions(t *testing.T) {
	k0, m := synthKernel(t, 200, 1)
	b := *k0.Book
	b.Positions = append([]engine.Position(nil), b.Positions...)
	b.Counterparties = append([]engine.Counterparty(nil), b.Counterparties...)
	financed := 0
	for i := range b.Positions {
		if p := &b.Positions[i]; p.Kind == engine.Spot && i%2 == 0 {
			p.Counterparty = "PB"
			financed++
		}
	}
	for i := range b.Counterparties {
		if c := &b.Counterparties[i]; c.ID == "PB" {
			c.HouseMargin = []engine.HouseMargin{{Class: engine.ClassEquity, Long: decimal.RequireFromString("0.25"), Short: decimal.RequireFromString("0.4")}}
		}
	}
	k, err := Compile(&b, m, b.Scenarios[0], 1)
	if k == nil || err == nil {
		t.Fatalf("a house-margined book compiles exact (%v)", err)
	}
	if financed == 0 || len(k.callBook().Positions) == len(b.Positions) {
		t.Fatalf("financed %d; call book %d of %d", financed, len(k.callBook().Positions), len(b.Positions))
	}
	sc, _ := MonteCarlo(m, 10, 1, Dist{}, 8)
	whole := &Kernel{Book: k.Book, Model: k.Model, Base: k.Base, Days: k.Days, cps: k.cps}
	whole.callOnce.Do(func() { whole.calls0 = k.Book })
	for s := range sc.N {
		a, w := k.DecimalOutcome(sc, s), whole.DecimalOutcome(sc, s)
		if !a.TotalCall.Equal(w.TotalCall) || !a.Outflow.Equal(w.Outflow) || !a.Shortfall.Equal(w.Shortfall) || !a.Buffer.Equal(w.Buffer) {
			t.Fatalf("scenario %d: call book %+v, whole book %+v", s, a, w)
		}
	}
}

// TestKernelSaleOfAFuture: an asset sale that closes a future raises the
// IM the close releases (stressed by the scenario's IM multiplier) less
// the cost of closing, not the future's notional; the kernel's figure is
// the decimal path's (engine.SourceCapacity) in every scenario, and one
// scenario is checked by hand against the engine's own stress.
func TestKernelSaleOfAFuture(t *testing.T) {
	k0, m := synthKernel(t, 200, 1)
	b := *k0.Book
	b.Positions = append([]engine.Position(nil), b.Positions...)
	b.Sources = append([]engine.Source(nil), b.Sources...)
	fut := -1
	for i, p := range b.Positions {
		if p.Kind == engine.Future && p.Counterparty == "CME" && p.MarketValue.Sign() > 0 {
			fut = i
			break
		}
	}
	if fut < 0 {
		t.Fatal("no CME future in the synthetic book")
	}
	b.Positions[fut].Liquidity.Settle = engine.Access{Settle: true} // T+0: in time for the day's calls
	for j, s := range b.Sources {
		if s.Kind == engine.SourceAssetSale {
			b.Sources[j].Position = b.Positions[fut].ID
		}
	}
	k, err := Compile(&b, m, b.Scenarios[0], 1)
	if err != nil {
		t.Fatal(err)
	}
	var sp *supply
	for j := range k.wf.sources {
		if k.wf.sources[j].sale {
			sp = &k.wf.sources[j]
		}
	}
	if sp == nil || !sp.posMargined {
		t.Fatalf("the sale of %s is not a margined sale in time", b.Positions[fut].ID)
	}
	sc, _ := MonteCarlo(m, 200, 1, Dist{StudentT: true, DoF: 3}, 13)
	res := k.Run(sc, 2)
	for s := range sc.N {
		if want := k.DecimalOutcome(sc, s).Cents(); res.Outcomes[s] != want {
			t.Fatalf("scenario %d: kernel %+v, decimal %+v", s, res.Outcomes[s], want)
		}
	}
	// By hand for scenario 0: capacity = stressed IM − LiquidationCost(|stressed MV|).
	st := engine.StressBook(&b, k.Scenario(sc, 0, 1))
	var ps engine.PositionStress
	for _, x := range st.Positions {
		if x.ID == b.Positions[fut].ID {
			ps = x
		}
	}
	src := b.Sources[len(b.Sources)-1]
	got, cost := engine.SourceCapacity(&b, st, src)
	want := engine.MaxDec(ps.StressedIM.Sub(engine.LiquidationCost(b.Positions[fut].Liquidity, ps.StressedValue, b.Liquidation.K, k.Base.ImpactMultiplier)), decimal.Zero)
	if !got.Equal(want) || got.Cmp(ps.StressedValue.Abs().Sub(cost)) >= 0 {
		t.Fatalf("capacity %s, want stressed IM %s less cost %s = %s (not the notional %s)", got, ps.StressedIM, cost, want, ps.StressedValue)
	}
	shock := make([]int64, len(m.Names)+1)
	mult := make([]int64, len(k.cps))
	out := make([]int64, len(k.cps))
	k.fastCalls(sc.Move(0, 0), 1, shock, mult, out)
	if c, ok := k.saleCapacity(sp, shock, mult); !ok || c != got.Shift(2).IntPart() {
		t.Fatalf("kernel capacity %d, decimal %s", c, got)
	}
}
