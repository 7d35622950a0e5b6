package engine_test

import (
	"testing"

	"github.com/warroom/warroom/engine"
)

// reductionBook: a CCP, two futures A and B with the same liquidity (ADV
// 10,000,000, spread 10bp, vol 5%), and a short spot position S.
//   - A: MV 10,000,000, IM 1,000,000; B: MV 2,000,000, IM 200,000.
//   - S: MV −1,000,000 short stock, ADV 10,000,000, spread 20bp, vol 2%,
//     settling T+0.
func reductionBook() *engine.Book {
	t0, _ := engine.ParseAccess("T+0")
	liq := engine.Liquidity{ADV: d("10000000"), SpreadBps: d("10"), DailyVol: d("0.05"), Settle: t0}
	return &engine.Book{
		AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"), Cutoff: engine.Cutoff{Hour: 15},
		Counterparties: []engine.Counterparty{{ID: "CC", Kind: engine.CCP}},
		Positions: []engine.Position{
			{ID: "A", Kind: engine.Future, Counterparty: "CC", MarketValue: d("10000000"), InitialMargin: d("1000000"), Beta: d("1"), Liquidity: liq},
			{ID: "B", Kind: engine.Future, Counterparty: "CC", MarketValue: d("2000000"), InitialMargin: d("200000"), Beta: d("1"), Liquidity: liq},
			{ID: "S", Kind: engine.Spot, MarketValue: d("-1000000"), Beta: d("1"),
				Liquidity: engine.Liquidity{ADV: d("10000000"), SpreadBps: d("20"), DailyVol: d("0.02"), Settle: t0}},
		},
		Liquidation: engine.LiquidationPolicy{Participation: d("0.20"), FireSale: d("0.10"), K: d("1"), Permanent: d("0.5")},
	}
}

// TestReductionRanking works issue 12 item 4 by hand (no stress).
//
// A and B: the largest sale today is 20% × ADV = 2,000,000 of each; rate
// 5bp + 0.05 × √0.2 = 0.02286068 → cost 45,721.36 on each; IM released
// 200,000 on each. A's permanent half (0.01118034) re-marks its 8,000,000
// left by 89,442.72 of VM: relief −45,721.36 + 200,000 − 89,442.72 =
// 64,835.92, score 1.4181. B is sold whole, nothing left to re-mark:
// relief 154,278.64, score 3.3743. (Margin released per unit of cost
// alone, 4.3743 each, would tie and keep A first.)
//
// S: buying back the whole 1,000,000 short costs rate 10bp + 0.02 ×
// √0.1 = 0.00732456 → 7,324.56 of impact, and the 1,000,000 itself:
// proceeds −1,007,324.56, relief the same, score −137.5270: ranked last
// and never sold.
//   - need 100,000: B alone (part of it);
//   - boundary, need 154,278.64 (B's whole relief): all of B and nothing
//     else, shortfall 0.
func TestReductionRanking(t *testing.T) {
	b := reductionBook()
	st := engine.StressBook(b, engine.Scenario{ID: "none", ImpactMultiplier: d("1")})
	for _, c := range []struct{ need, bValue string }{{"100000", ""}, {"154278.64", "2000000"}} {
		lp := engine.PlanLiquidation(b, st, engine.LiquidationInput{Need: d(c.need), At: b.AsOf})
		order := []string{lp.Candidates[0].Position, lp.Candidates[1].Position, lp.Candidates[2].Position}
		if order[0] != "B" || order[1] != "A" || order[2] != "S" {
			t.Fatalf("need %s: ranked %v, want B A S", c.need, order)
		}
		byID := map[string]engine.Candidate{}
		for _, cd := range lp.Candidates {
			byID[cd.Position] = cd
		}
		eq(t, "A relief", byID["A"].Relief, "64835.92")
		eq(t, "A score", byID["A"].Score, "1.4181")
		eq(t, "B relief", byID["B"].Relief, "154278.64")
		eq(t, "B score", byID["B"].Score, "3.3743")
		eq(t, "S cost", byID["S"].ImpactCost, "7324.56")
		eq(t, "S proceeds", byID["S"].Proceeds, "-1007324.56")
		eq(t, "S score", byID["S"].Score, "-137.5270")
		if len(lp.Sales) != 1 || lp.Sales[0].Position != "B" {
			t.Fatalf("need %s: sales %+v", c.need, lp.Sales)
		}
		if c.bValue != "" {
			eq(t, "B sold", lp.Sales[0].Value, c.bValue)
		}
		eq(t, "shortfall", lp.Shortfall, "0")
	}
}
