package engine_test

import (
	"testing"

	"github.com/warroom/warroom/engine"
)

// TestAssetSaleArrivesAtSettle works issue 12 item 2: an asset sale's
// proceeds arrive at the position's settle, whatever the source's access.
// Arb-Capital without its credit line: cash 2M + MMF 3M + repo 4M = 9M of
// the 10.5M call; the sale of the tech stock (capacity 10,000,000, its
// cap; liquidation cost 4,995,000 on the whole) must find the last
// 1,500,000.
//   - the source says access 0s, but the stock settles T+2: Wednesday
//     03-18 15:00, after Monday's 16:00 deadline: late, short 1,500,000;
//   - boundary: the stock settles T+0 (the source still says T+2):
//     Monday 15:00, an hour before the deadline: in time, it gives
//     1,500,000 at a cost of 4,995,000 × 1.5M / 10M = 749,250.00.
func TestAssetSaleArrivesAtSettle(t *testing.T) {
	cases := []struct {
		name, access, settle, arrives, shortfall, cost string
	}{
		{"access says now, stock settles T+2", "0s", "T+2", "2026-03-18T15:00:00-04:00", "1500000", "0"},
		{"access says T+2, position settles T+0", "T+2", "T+0", "2026-03-16T15:00:00-04:00", "0", "749250"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := arbCapital(t)
			b.Sources = append(b.Sources[:3:3], b.Sources[4])
			b.Sources[3].Access, _ = engine.ParseAccess(c.access)
			b.Positions[1].Liquidity.Settle, _ = engine.ParseAccess(c.settle)
			st := engine.StressBook(b, b.Scenarios[0])
			p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
			sale := p.Tiers[3]
			if !sale.ArrivesAt.Equal(ts(c.arrives)) {
				t.Errorf("sale arrives %v, want %s", sale.ArrivesAt, c.arrives)
			}
			eq(t, "shortfall", p.Shortfall, c.shortfall)
			var cost = d("0")
			for _, dr := range p.Draws {
				if dr.Source == "sell-tech" {
					cost = dr.Cost
				}
			}
			eq(t, "sale cost", cost, c.cost)
			op, err := engine.Optimise(b, engine.OptimiseInput{PlanInput: engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")}})
			if err != nil {
				t.Fatal(err)
			}
			// The optimiser sees the same arrival: posting the IM (1.5M
			// after haircut) covers the call without the sale.
			for _, dr := range op.Draws {
				if dr.Source == "sell-tech" && c.shortfall != "0" {
					t.Errorf("optimiser drew a sale that settles late: %+v", dr)
				}
			}
		})
	}
}
