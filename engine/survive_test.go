package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// oneFuture: one future at a CCP, MV 10,000,000, IM 1,000,000, moving
// with equity at the given beta; the scenario shocks equity by −10%.
func oneFuture(beta string) *engine.Book {
	return &engine.Book{
		AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"), Cutoff: engine.Cutoff{Hour: 15},
		Counterparties: []engine.Counterparty{{ID: "CC", Kind: engine.CCP}},
		Positions: []engine.Position{{ID: "F", Kind: engine.Future, Counterparty: "CC", MarketValue: d("10000000"), Cost: d("10000000"),
			InitialMargin: d("1000000"), Factor: "equity", Beta: d(beta),
			Liquidity: engine.Liquidity{ADV: d("1000000000"), SpreadBps: d("1"), DailyVol: d("0.01")}}},
		Scenarios: []engine.Scenario{{ID: "s", Shocks: map[string]decimal.Decimal{"equity": d("-0.10")}, ImpactMultiplier: d("1")}},
	}
}

// TestSurviveBetaZero: a beta of 0 does not move (as in stress). With a
// 1,000,000 buffer over one day:
//   - beta 0: no VM, IM unchanged (1,000,000 on a 10,000,000 mark): due 0,
//     cash stays 1,000,000;
//   - boundary, beta 1: VM 10,000,000 × 10% = 1,000,000; IM keeps its
//     ratio (1,000,000 on the 9,000,000 stressed mark): due 1,000,000,
//     paid from the buffer exactly, cash 0, nothing sold.
func TestSurviveBetaZero(t *testing.T) {
	cases := []struct{ beta, vm, due, cash string }{
		{"0", "0", "0", "1000000"},
		{"1", "1000000", "1000000", "0"},
	}
	for _, c := range cases {
		b := oneFuture(c.beta)
		st := engine.StressBook(b, b.Scenarios[0])
		eq(t, "beta "+c.beta+" stress VM", st.Positions[0].VariationMargin, c.vm)
		path := engine.Simulate(b, b.Scenarios[0], engine.SurvivalInput{Buffer: d("1000000"), HasBuffer: true, Days: 1})
		day := path.Days[0]
		eq(t, "beta "+c.beta+" VM", day.VariationMargin, c.vm)
		eq(t, "beta "+c.beta+" due", day.Due, c.due)
		eq(t, "beta "+c.beta+" cash", day.Cash, c.cash)
		if !path.Survived || len(day.Sales) != 0 {
			t.Errorf("beta %s: survived %v, sales %+v", c.beta, path.Survived, day.Sales)
		}
	}
}

// TestSurviveDefaultBuffer: the default buffer counts only sources that
// arrive by day 1's deadline (16:00). Arb-Capital's cash 2M (now), MMF 3M
// (15:00), repo 4M (its line; 11:00) and credit line 5M (13:00) all do:
// 14,000,000. A 1,000,000 term loan that arrives
//   - T+1 (Tuesday 15:00) is late: still 14,000,000;
//   - boundary, after 8h (16:00, the deadline itself) counts: 15,000,000.
func TestSurviveDefaultBuffer(t *testing.T) {
	cases := []struct{ access, buffer string }{
		{"T+1", "14000000"},
		{"8h", "15000000"},
	}
	for _, c := range cases {
		b := arbCapital(t)
		a, _ := engine.ParseAccess(c.access)
		b.Sources = append(b.Sources, engine.Source{ID: "loan", Kind: engine.SourceOther, Amount: d("1000000"), HasAmount: true, Access: a})
		path := engine.Simulate(b, b.Scenarios[0], engine.SurvivalInput{Days: 1})
		eq(t, "buffer with a loan at "+c.access, path.Buffer, c.buffer)
	}
}

// liquidityPair: X (book order first) is illiquid, Y liquid; both futures
// at CC with MV 10,000,000 and IM 1,000,000; only Y's factor moves.
// No buffer.
func liquidityPair(yShock string) *engine.Book {
	b := &engine.Book{
		AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"), Cutoff: engine.Cutoff{Hour: 15},
		Counterparties: []engine.Counterparty{{ID: "CC", Kind: engine.CCP}},
		Positions: []engine.Position{
			{ID: "X", Kind: engine.Future, Counterparty: "CC", MarketValue: d("10000000"), Cost: d("10000000"), InitialMargin: d("1000000"),
				Factor: "x", Beta: d("1"), Liquidity: engine.Liquidity{ADV: d("10000000"), SpreadBps: d("10"), DailyVol: d("0.05")}},
			{ID: "Y", Kind: engine.Future, Counterparty: "CC", MarketValue: d("10000000"), Cost: d("10000000"), InitialMargin: d("1000000"),
				Factor: "y", Beta: d("1"), Liquidity: engine.Liquidity{ADV: d("1000000000"), SpreadBps: d("1"), DailyVol: d("0.01")}},
		},
		Scenarios:   []engine.Scenario{{ID: "s", Shocks: map[string]decimal.Decimal{"y": d(yShock)}, ImpactMultiplier: d("1")}},
		Liquidation: engine.LiquidationPolicy{Participation: d("0.20"), FireSale: d("0.10"), K: d("1"), Permanent: d("0.5")},
	}
	return b
}

// TestSurviveLiquidFirst: forced sales take the most liquid relief first
// (relief per unit of impact cost), not the book's order.
//
// X's largest sale today is 20% × 10M ADV = 2,000,000: rate 5bp + 0.05 ×
// √0.2 = 0.02286068 → cost 45,721.36; IM released 1M × 2M / 10M =
// 200,000; its permanent half 0.01118034 re-marks the 8M left by
// 89,442.72; relief 64,835.92, 1.42 per unit of cost.
//   - Y down 1%: VM 100,000 is due with no cash. Y's largest sale is all
//     of it, 9,900,000: rate 0.5bp + 0.01 × √0.0099 = 0.00104499 → cost
//     10,345.37; released 1,000,000; nothing left to re-mark: relief
//     989,654.63, 95.7 per unit of cost. Y alone is sold (part of it).
//   - boundary, Y down 10%: VM 1,000,000; all of Y (9,000,000: rate
//     0.00099868 → cost 8,988.15, relief 991,011.85) is not enough: Y is
//     sold in full first, then X for the rest.
func TestSurviveLiquidFirst(t *testing.T) {
	cases := []struct {
		shock string
		sold  []string
		yFull bool
	}{
		{"-0.01", []string{"Y"}, false},
		{"-0.10", []string{"Y", "X"}, true},
	}
	for _, c := range cases {
		b := liquidityPair(c.shock)
		st := engine.StressBook(b, b.Scenarios[0])
		x, _ := engine.SaleOf(b, st, "X", d("2000000"), b.AsOf)
		eq(t, "X cost", x.ImpactCost, "45721.36")
		eq(t, "X relief", x.Relief, "64835.92")
		path := engine.Simulate(b, b.Scenarios[0], engine.SurvivalInput{HasBuffer: true, Days: 1})
		day := path.Days[0]
		var got []string
		for _, s := range day.Sales {
			got = append(got, s.Position)
		}
		if len(got) != len(c.sold) || got[0] != c.sold[0] || got[len(got)-1] != c.sold[len(c.sold)-1] {
			t.Fatalf("shock %s: sold %v, want %v", c.shock, got, c.sold)
		}
		y := day.Sales[0]
		if c.yFull {
			eq(t, "Y sold", y.Value, "9000000")
			eq(t, "Y cost", y.ImpactCost, "8988.15")
			eq(t, "Y relief", y.Relief, "991011.85")
		} else if y.Value.Cmp(d("9900000")) >= 0 || y.Relief.Cmp(d("100000")) < 0 {
			t.Errorf("Y sale %+v: want part of it relieving at least 100,000", y)
		}
		if !path.Survived {
			t.Errorf("shock %s: did not survive: %+v", c.shock, day)
		}
	}
}
