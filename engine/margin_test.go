package engine_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// csaBook has one swap with a CSA counterparty: threshold 5,000,000,
// minimum transfer 250,000.
func csaBook(mv, stressed string) *engine.Book {
	return &engine.Book{
		AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"), Cutoff: engine.Cutoff{Hour: 15},
		Counterparties: []engine.Counterparty{{ID: "BANKA", Kind: engine.Bilateral, Threshold: d("5000000"), MinTransfer: d("250000")}},
		Positions:      []engine.Position{{ID: "IRS", Kind: engine.Swap, Counterparty: "BANKA", MarketValue: d(mv), Beta: d("1")}},
		Scenarios:      []engine.Scenario{{ID: "s", StressedValue: map[string]decimal.Decimal{"IRS": d(stressed)}, ImpactMultiplier: d("1")}},
	}
}

func TestCSAThresholdAndMTA(t *testing.T) {
	cases := []struct {
		name, mv, stressed, call string
		belowMTA                 bool
	}{
		// Owing 4M (inside the threshold) → owing 10M: only what passes
		// the 5M threshold is called: max(0, 10M − 5M) − max(0, 4M − 5M).
		{"crosses the threshold", "-4000000", "-10000000", "5000000", false},
		// Already beyond it: the whole move is called.
		{"beyond the threshold", "-6000000", "-7500000", "1500000", false},
		// 200,000 beyond the threshold: below the 250,000 MTA, no call.
		{"below the minimum transfer", "-4000000", "-5200000", "0", true},
		// Moving back: a return of 1,000,000 to the firm.
		{"a return", "-7000000", "-6000000", "-1000000", false},
		// Inside the threshold both before and after: nothing.
		{"inside the threshold", "-1000000", "-4000000", "0", false},
	}
	for _, c := range cases {
		b := csaBook(c.mv, c.stressed)
		st := engine.StressBook(b, b.Scenarios[0])
		call := st.Calls[0]
		if !call.Call.Equal(d(c.call)) || call.BelowMTA != c.belowMTA {
			t.Errorf("%s: call %s (below MTA %v), want %s (%v)", c.name, call.Call, call.BelowMTA, c.call, c.belowMTA)
		}
		// The position's own VM is the raw move, whatever the CSA calls.
		if want := d(c.mv).Sub(d(c.stressed)); !st.Positions[0].VariationMargin.Equal(want) {
			t.Errorf("%s: position VM %s, want %s", c.name, st.Positions[0].VariationMargin, want)
		}
	}
}

// twoCCPs: CME (16:00) calls, LCH (11:00) pays the firm or calls.
func twoCCPs(lchStressed string) *engine.Book {
	b := arbCapital(nil)
	b.Counterparties = append(b.Counterparties, engine.Counterparty{ID: "LCH", Kind: engine.CCP, Deadline: ts("2026-03-16T11:00:00-04:00")})
	b.Positions = append(b.Positions, engine.Position{ID: "SWP", Kind: engine.Swap, Counterparty: "LCH", MarketValue: d("-20000000"),
		InitialMargin: d("1000000"), Factor: "rates", Beta: d("1")})
	b.Scenarios[0].StressedValue["SWP"] = d(lchStressed)
	b.Scenarios[0].InitialMargin["SWP"] = d("1500000")
	return b
}

func TestReceivingCounterpartyNets(t *testing.T) {
	// SWP gains 2,000,000 (short, stressed −18M) and its IM rises 500,000:
	// LCH pays the firm 1,500,000. The total nets it; the plan funds only
	// what the firm pays.
	b := twoCCPs("-18000000")
	st := engine.StressBook(b, b.Scenarios[0])
	eq(t, "LCH call", st.Calls[1].Call, "-1500000")
	eq(t, "total call", st.TotalMarginCall, "9000000")
	p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
	eq(t, "required", p.Required, "10500000")
	if len(p.Calls) != 1 || p.Calls[0].Counterparty != "CME" {
		t.Errorf("calls = %+v", p.Calls)
	}
}

func TestTwoDeadlinesOneSource(t *testing.T) {
	// LCH calls 3,000,000 + 500,000 = 3,500,000 due 11:00; CME 10,500,000
	// due 16:00. Only cash (2M, immediate) and the repo (4M, 11:00) arrive
	// by 11:00: LCH takes cash 2M and repo 1.5M; CME takes the rest of the
	// repo (2.5M), MMF 3M and the credit line 5M: 10.5M. Short 0.
	b := twoCCPs("-23000000")
	st := engine.StressBook(b, b.Scenarios[0])
	eq(t, "LCH call", st.Calls[1].Call, "3500000")
	p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
	if p.Calls[0].Counterparty != "LCH" {
		t.Fatalf("first call %s, want LCH (earlier deadline)", p.Calls[0].Counterparty)
	}
	from := func(c engine.CallCover) map[string]string {
		m := map[string]string{}
		for _, f := range c.From {
			m[f.Source] = f.Amount.String()
		}
		return m
	}
	if got := from(p.Calls[0]); got["cash"] != "2000000" || got["repo"] != "1500000" || len(got) != 2 {
		t.Errorf("LCH served by %v", got)
	}
	if got := from(p.Calls[1]); got["repo"] != "2500000" || got["mmf"] != "3000000" || got["rcf"] != "5000000" || len(got) != 3 {
		t.Errorf("CME served by %v", got)
	}
	eq(t, "shortfall", p.Shortfall, "0")
	if len(p.Deadlines) != 2 || !p.Deadlines[0].Due.Equal(d("3500000")) || !p.Deadlines[1].Shortfall.IsZero() {
		t.Errorf("deadlines %+v", p.Deadlines)
	}
	// Activated at 12:00, the repo (3h) and the credit line (5h) arrive
	// after 11:00 … and the credit line after 16:00: LCH is short.
	late := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: ts("2026-03-16T12:00:00-04:00"), HorizonDays: d("1")})
	eq(t, "LCH short when activated late", late.Deadlines[0].Shortfall, "3500000")
}

// randomWaterfall draws calls with deadlines and supplies with arrivals.
func randomWaterfall(r *rand.Rand) ([]engine.Call, []engine.Supply) {
	base := ts("2026-03-16T08:00:00-04:00")
	var calls []engine.Call
	for i := 0; i < 1+r.IntN(5); i++ {
		calls = append(calls, engine.Call{Counterparty: string(rune('A' + i)), Amount: decimal.New(int64(r.IntN(1_000_000_00)), -2),
			Deadline: base.Add(time.Duration(1+r.IntN(10)) * time.Hour)})
	}
	engine.SortCalls(calls)
	var sup []engine.Supply
	for j := 0; j < r.IntN(7); j++ {
		sup = append(sup, engine.Supply{ID: string(rune('a' + j)), Amount: decimal.New(int64(r.IntN(80_000_000)), -2),
			ArrivesAt: base.Add(time.Duration(r.IntN(12)) * time.Hour), Withdrawn: r.IntN(8) == 0})
	}
	return calls, sup
}

func TestWaterfallProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for n := 0; n < 2000; n++ {
		calls, sup := randomWaterfall(r)
		a := engine.Allocate(calls, sup)
		for j, s := range sup {
			// No draw exceeds a source; withdrawn ones are never drawn.
			if a.Used[j].Cmp(s.Amount) > 0 || (s.Withdrawn && !a.Used[j].IsZero()) {
				t.Fatalf("supply %s used %s of %s (withdrawn %v)", s.ID, a.Used[j], s.Amount, s.Withdrawn)
			}
			// Money is conserved: what a supply gave is what the calls got.
			var given decimal.Decimal
			for i := range calls {
				given = given.Add(a.Served[i][j])
				if !a.Served[i][j].IsZero() && s.ArrivesAt.After(calls[i].Deadline) {
					t.Fatalf("supply %s late for call %s but used", s.ID, calls[i].Counterparty)
				}
			}
			if !given.Equal(a.Used[j]) {
				t.Fatalf("supply %s: served %s ≠ used %s", s.ID, given, a.Used[j])
			}
		}
		// Per deadline: shortfall = max(0, due − in-time draws).
		for _, dl := range engine.ByDeadline(calls, a.Shortfall) {
			var drawn decimal.Decimal
			for i, c := range calls {
				if c.Deadline.Equal(dl.Deadline) {
					for j := range sup {
						drawn = drawn.Add(a.Served[i][j])
					}
				}
			}
			if want := engine.MaxDec(decimal.Zero, dl.Due.Sub(drawn)); !dl.Shortfall.Equal(want) {
				t.Fatalf("deadline %s: shortfall %s, want %s", dl.Deadline, dl.Shortfall, want)
			}
		}
		// Shortfall is monotone in supply: more money never leaves more short.
		before := total(a.Shortfall)
		more := append(append([]engine.Supply{}, sup...), engine.Supply{ID: "extra", Amount: decimal.New(int64(r.IntN(50_000_000)), -2),
			ArrivesAt: ts("2026-03-16T08:00:00-04:00").Add(time.Duration(r.IntN(12)) * time.Hour)})
		if after := total(engine.Allocate(calls, more).Shortfall); after.Cmp(before) > 0 {
			t.Fatalf("adding a supply raised the shortfall from %s to %s", before, after)
		}
	}
}

func total(xs []decimal.Decimal) decimal.Decimal {
	var s decimal.Decimal
	for _, x := range xs {
		s = s.Add(x)
	}
	return s
}
