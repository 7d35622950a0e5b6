package engine_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

var d = decimal.RequireFromString

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// arbCapital builds the seed's book in code, so that the engine's tests do
// not depend on the YAML loader.
func arbCapital(t *testing.T) *engine.Book {
	t0, _ := engine.ParseAccess("T+0")
	t2, _ := engine.ParseAccess("T+2")
	h3, _ := engine.ParseAccess("3h")
	h5, _ := engine.ParseAccess("5h")
	return &engine.Book{
		Firm: "Arb-Capital", Currency: "USD",
		AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"),
		Cutoff:         engine.Cutoff{Hour: 15},
		Counterparties: []engine.Counterparty{{ID: "CME", Name: "CME Clearing", Kind: engine.CCP, Eligible: []engine.Eligibility{{Class: engine.ClassGovt, Haircut: d("0.02")}}}},
		Positions: []engine.Position{
			{ID: "ES", Kind: engine.Future, Counterparty: "CME", MarketValue: d("50000000"), Cost: d("45000000"), InitialMargin: d("5000000"), Factor: "equity", Beta: d("1"),
				Liquidity: engine.Liquidity{ADV: d("200000000000"), SpreadBps: d("1"), DailyVol: d("0.015"), Settle: t0}},
			{ID: "TECH", Kind: engine.Spot, MarketValue: d("20000000"), Cost: d("12000000"), Factor: "equity", Beta: d("1.25"),
				Liquidity: engine.Liquidity{ADV: d("600000"), SpreadBps: d("160"), DailyVol: d("0.065"), Settle: t2}},
			{ID: "TB", Kind: engine.Future, Counterparty: "CME", MarketValue: d("-30000000"), Cost: d("-28000000"), InitialMargin: d("1500000"), Factor: "rates", Beta: d("1"),
				Liquidity: engine.Liquidity{ADV: d("50000000000"), SpreadBps: d("1"), DailyVol: d("0.006"), Settle: t0}},
		},
		Collateral: []engine.Holding{{ID: "UST-2031", Class: engine.ClassGovt, MarketValue: d("5000000"), RepoHaircut: d("0.02"), CarryBps: d("15")}},
		Sources: []engine.Source{
			{ID: "cash", Kind: engine.SourceCash, Amount: d("2000000"), HasAmount: true},
			{ID: "mmf", Kind: engine.SourceMMF, Amount: d("3000000"), HasAmount: true, Access: t0, CostBps: d("5")},
			{ID: "repo", Kind: engine.SourceRepo, Collateral: []string{"UST-2031"}, Amount: d("4000000"), HasAmount: true, Access: h3, RateBps: d("530")},
			{ID: "rcf", Kind: engine.SourceCreditLine, Amount: d("5000000"), HasAmount: true, Access: h5, RateBps: d("700"), Fee: d("10000")},
			{ID: "sell-tech", Kind: engine.SourceAssetSale, Position: "TECH", Amount: d("10000000"), HasAmount: true, Access: t2},
		},
		Scenarios: []engine.Scenario{{
			ID:               "equity-crash",
			Shocks:           map[string]decimal.Decimal{"equity": d("-0.20")},
			StressedValue:    map[string]decimal.Decimal{"TB": d("-29000000")},
			InitialMargin:    map[string]decimal.Decimal{"ES": d("6000000"), "TB": d("2000000")},
			IMMultiplier:     map[string]decimal.Decimal{},
			ImpactMultiplier: d("1"),
		}},
		Liquidation: engine.LiquidationPolicy{Participation: d("0.20"), FireSale: d("0.10"), K: d("1"), Permanent: d("0.5")},
	}
}

func eq(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(d(want)) {
		t.Errorf("%s = %s, want %s", what, got.StringFixed(2), want)
	}
}

func TestSeedTable1(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	want := []struct{ id, stressed, pnl, vm, sim, call string }{
		{"ES", "40000000", "5000000", "10000000", "6000000", "11000000"},
		{"TECH", "15000000", "8000000", "0", "0", "0"},
		{"TB", "-29000000", "-2000000", "-1000000", "2000000", "-500000"},
	}
	for i, w := range want {
		p := st.Positions[i]
		eq(t, w.id+" stressed", p.StressedValue, w.stressed)
		eq(t, w.id+" pnl", p.UnrealizedPnL, w.pnl)
		eq(t, w.id+" vm", p.VariationMargin, w.vm)
		eq(t, w.id+" stressed im", p.StressedIM, w.sim)
		eq(t, w.id+" call", p.MarginCall, w.call)
	}
	eq(t, "total mv", st.TotalMarketValue, "40000000")
	eq(t, "total pnl", st.TotalUnrealizedPnL, "11000000")
	eq(t, "total im", st.TotalInitialMargin, "6500000")
	eq(t, "total vm", st.TotalVariation, "9000000")
	eq(t, "total stressed im", st.TotalStressedIM, "8000000")
	eq(t, "total call", st.TotalMarginCall, "10500000")
	if len(st.Calls) != 1 || st.Calls[0].ID != "CME" {
		t.Fatalf("calls = %+v", st.Calls)
	}
	eq(t, "CME call", st.Calls[0].Call, "10500000")
}

func TestSeedTable2(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
	avail := []string{"2000000", "3000000", "4000000", "5000000", "10000000"}
	cum := []string{"2000000", "5000000", "9000000", "14000000", "24000000"}
	for i, tier := range p.Tiers {
		eq(t, tier.Source.ID+" available", tier.Available, avail[i])
		eq(t, tier.Source.ID+" cumulative", tier.Cumulative, cum[i])
	}
	eq(t, "sale cost", p.Tiers[4].SaleCost, "4995000")
	draws := map[string]string{"cash": "2000000", "mmf": "3000000", "repo": "4000000", "rcf": "1500000"}
	if len(p.Draws) != 4 {
		t.Fatalf("draws = %+v", p.Draws)
	}
	for _, dr := range p.Draws {
		eq(t, dr.Source, dr.Amount, draws[dr.Source])
	}
	if len(p.Late) != 1 || p.Late[0] != "sell-tech" {
		t.Errorf("late = %v", p.Late)
	}
	eq(t, "shortfall", p.Shortfall, "0")
	if !p.Covered {
		t.Error("not covered")
	}
	// Costs over one day, ACT/360: mmf 3,000,000 × 5bp / 360 = 4.17;
	// repo 4,000,000 × 530bp / 360 = 588.89; rcf 1,500,000 × 700bp / 360
	// = 291.67 plus the 10,000 fee.
	costs := map[string]string{"cash": "0", "mmf": "4.17", "repo": "588.89", "rcf": "10291.67"}
	for _, dr := range p.Draws {
		eq(t, dr.Source+" cost", dr.Cost, costs[dr.Source])
	}
	eq(t, "total cost", p.TotalCost, "10884.73")
	if got := p.Draws[1].ArrivesAt; !got.Equal(ts("2026-03-16T15:00:00-04:00")) {
		t.Errorf("mmf arrives %v", got)
	}
}

func TestAccessArrivals(t *testing.T) {
	cut := engine.Cutoff{Hour: 15}
	cases := []struct{ access, at, want string }{
		{"0s", "2026-03-16T08:00:00-04:00", "2026-03-16T08:00:00-04:00"},
		{"3h", "2026-03-16T08:00:00-04:00", "2026-03-16T11:00:00-04:00"},
		// T+0 before the cut-off arrives at the cut-off that day.
		{"T+0", "2026-03-16T08:00:00-04:00", "2026-03-16T15:00:00-04:00"},
		// T+0 after the cut-off arrives the next business day.
		{"T+0", "2026-03-16T15:30:00-04:00", "2026-03-17T15:00:00-04:00"},
		// T+2 from a Thursday skips the weekend: Monday.
		{"T+2", "2026-03-19T09:00:00-04:00", "2026-03-23T15:00:00-04:00"},
		// T+1 activated on a Saturday: rolls to Monday, then one day.
		{"T+1", "2026-03-21T10:00:00-04:00", "2026-03-24T15:00:00-04:00"},
		// Friday after the cut-off, T+0: Monday.
		{"T+0", "2026-03-20T16:00:00-04:00", "2026-03-23T15:00:00-04:00"},
	}
	for _, c := range cases {
		a, err := engine.ParseAccess(c.access)
		if err != nil {
			t.Fatal(err)
		}
		if got := (engine.Market{}).Arrival(a, ts(c.at), cut); !got.Equal(ts(c.want)) {
			t.Errorf("%s from %s: %s, want %s", c.access, c.at, got.Format(time.RFC3339), c.want)
		}
	}
	for _, bad := range []string{"t+1", "T+01", "T++1", "T+-1", "T+31", "soon", "-3h"} {
		if _, err := engine.ParseAccess(bad); err == nil {
			t.Errorf("ParseAccess(%q) accepted", bad)
		}
	}
}
