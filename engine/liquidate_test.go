package engine_test

import (
	"testing"

	"github.com/warroom/warroom/engine"
)

// TestSaleOf works one sale by hand. Selling 10,000,000 of the S&P
// futures under the equity crash (multiplier 1, k 1): rate = 0.5bp +
// 0.015 × √(10M / 200bn) = 0.00005 + 0.000106066 = 0.000156066 → cost
// 1,560.66. The IM released is 6,000,000 × 10M / 40M = 1,500,000. The
// permanent half of the impact, 0.0000530330, re-marks the 30,000,000 left
// by 1,590.99 (VM). Relief = −1,560.66 + 1,500,000 − 1,590.99 =
// 1,496,848.35.
func TestSaleOf(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	s, err := engine.SaleOf(b, st, "ES", d("10000000"), b.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "impact cost", s.ImpactCost, "1560.66")
	eq(t, "released", s.MarginReleased, "1500000")
	eq(t, "re-mark VM", s.RemarkVM, "1590.99")
	eq(t, "relief", s.Relief, "1496848.35")
	if s.FireSale || !s.ArrivesAt.Equal(ts("2026-03-16T15:00:00-04:00")) {
		t.Errorf("sale %+v", s)
	}
	// The tech stock, 120,000 (20% of its 600,000 ADV): rate = 0.8% +
	// 0.065 × √0.2 = 0.03706888 → cost 4,448.27, proceeds 115,551.73 at
	// T+2 (Wednesday 15:00); the re-mark is a loss, not VM, on a spot
	// holding: 0.5 × 0.065 × √0.2 = 0.01453444 × 14,880,000 = 216,272.49.
	s, err = engine.SaleOf(b, st, "TECH", d("120000"), b.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "tech cost", s.ImpactCost, "4448.27")
	eq(t, "tech proceeds", s.Proceeds, "115551.73")
	eq(t, "tech re-mark loss", s.RemarkLoss, "216272.49")
	eq(t, "tech re-mark VM", s.RemarkVM, "0")
	if !s.ArrivesAt.Equal(ts("2026-03-18T15:00:00-04:00")) {
		t.Errorf("tech arrives %v", s.ArrivesAt)
	}
	if _, err := engine.SaleOf(b, st, "ES", d("50000000"), b.AsOf); err == nil {
		t.Error("selling more than the position: no error")
	}
}

func TestPlanLiquidation(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	lp := engine.PlanLiquidation(b, st, engine.LiquidationInput{Need: d("1000000"), At: b.AsOf})
	if len(lp.Candidates) != 3 || lp.Candidates[0].Position != "ES" || lp.Candidates[2].Position != "TECH" || lp.Candidates[2].InTime {
		t.Fatalf("candidates %+v", lp.Candidates)
	}
	if len(lp.Sales) != 1 || lp.Sales[0].Position != "ES" {
		t.Fatalf("sales %+v", lp.Sales)
	}
	s := lp.Sales[0]
	// The least ES sale whose relief reaches 1,000,000: about 1M / 0.15.
	if s.Relief.Cmp(d("1000000")) < 0 || s.Value.Cmp(d("6700000")) > 0 || s.Value.Cmp(d("6600000")) < 0 {
		t.Errorf("sale %+v", s)
	}
	less, _ := engine.SaleOf(b, st, "ES", s.Value.Sub(d("0.01")), b.AsOf)
	if less.Relief.Cmp(d("1000000")) >= 0 {
		t.Errorf("a cent less (%s) also raises the need", less.Value)
	}
	eq(t, "shortfall", lp.Shortfall, "0")
	// A 3% fire-sale threshold flags the tech stock's 3.7% cost.
	lp = engine.PlanLiquidation(b, st, engine.LiquidationInput{Need: d("1"), At: b.AsOf, FireSale: d("0.03")})
	for _, c := range lp.Candidates {
		if (c.Position == "TECH") != c.FireSale {
			t.Errorf("%s fire sale %v", c.Position, c.FireSale)
		}
	}
}
