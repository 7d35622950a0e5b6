package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// futureBook is one future at a CCP (liquidity ADV, spread 2bp, daily vol
// 1%, settling T+0) with an asset_sale source closing it.
func futureBook(mv, im, adv, stressedIM string) *engine.Book {
	return &engine.Book{
		AsOf: ts("2026-03-17T09:00:00-04:00"), Deadline: ts("2026-03-17T16:00:00-04:00"), Cutoff: engine.Cutoff{Hour: 15},
		Counterparties: []engine.Counterparty{{ID: "CME", Kind: engine.CCP}},
		Positions: []engine.Position{{ID: "F", Kind: engine.Future, Counterparty: "CME", MarketValue: d(mv), Cost: d(mv),
			InitialMargin: d(im), Factor: "equity", Beta: d("1"),
			Liquidity: engine.Liquidity{ADV: d(adv), SpreadBps: d("2"), DailyVol: d("0.01"), Settle: engine.Access{Settle: true}}}},
		Sources: []engine.Source{{ID: "sell", Kind: engine.SourceAssetSale, Position: "F", Access: engine.Access{Settle: true}}},
		Scenarios: []engine.Scenario{{ID: "s", Shocks: map[string]decimal.Decimal{"equity": d("-0.10")},
			InitialMargin: map[string]decimal.Decimal{"F": d(stressedIM)}, ImpactMultiplier: d("1")}},
		Liquidation: engine.LiquidationPolicy{Participation: d("0.20"), FireSale: d("0.10"), K: d("1"), Permanent: d("0.5")},
	}
}

// TestAssetSaleOfAFuture: closing a future raises no notional; it frees
// the stressed IM the CCP holds, less the cost of the close.
//   - long 10,000,000 → 9,000,000, IM 1,200,000 stressed, ADV 36,000,000:
//     cost 9,000,000 × (0.0001 + 0.01 × √0.25) = 45,900; raises
//     1,200,000 − 45,900 = 1,154,100 (it counted 8,954,100).
//   - short −8,000,000 → −7,200,000 (a gain), IM 600,000 stressed, ADV
//     28,800,000: cost 7,200,000 × 0.0051 = 36,720; raises 563,280 (a
//     short future is closed too; it used to raise nothing).
//   - boundary: stressed IM 45,900 equal to the cost: raises 0.00; below
//     it, still 0.00 (a sale never counts negative).
func TestAssetSaleOfAFuture(t *testing.T) {
	for _, c := range []struct{ name, mv, im, adv, sim, raises, cost string }{
		{"long", "10000000", "1000000", "36000000", "1200000", "1154100", "45900"},
		{"short", "-8000000", "500000", "28800000", "600000", "563280", "36720"},
		{"IM equal to the cost", "10000000", "45900", "36000000", "45900", "0", "45900"},
		{"IM below the cost", "10000000", "40000", "36000000", "40000", "0", "45900"},
	} {
		b := futureBook(c.mv, c.im, c.adv, c.sim)
		st := engine.StressBook(b, b.Scenarios[0])
		got, cost := engine.SourceCapacity(b, st, b.Sources[0])
		eq(t, c.name+" raises", got, c.raises)
		eq(t, c.name+" cost", cost, c.cost)
		e, ok := engine.EstimateSale(b, st, b.Sources[0])
		if !ok || !e.Margined || !e.IM.Equal(d(c.sim)) {
			t.Errorf("%s: estimate %+v ok %v: want margined, IM %s", c.name, e, ok, c.sim)
		}
	}
	// Capped by the source's amount where the desk gives one.
	b := futureBook("10000000", "1000000", "36000000", "1200000")
	b.Sources[0].Amount, b.Sources[0].HasAmount = d("1000000"), true
	got, _ := engine.SourceCapacity(b, engine.StressBook(b, b.Scenarios[0]), b.Sources[0])
	eq(t, "capped", got, "1000000")
}
