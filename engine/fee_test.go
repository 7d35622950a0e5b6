package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// TestFurtherCostFeeOnce: Arb-Capital's committed line costs 700 bp a
// year (ACT/360, one day) and a 10,000 fee, charged once per source.
//
//	5,000,000 at once:  5,000,000 × 0.07 / 360 = 972.222… → 972.22, + 10,000 = 10,972.22
//	1,500,000 first:    1,500,000 × 0.07 / 360 = 291.666… → 291.67, + 10,000 = 10,291.67
//	3,500,000 after it: 10,972.22 − 10,291.67 = 680.55 (no second fee)
//	so 1.5m + 3.5m = 10,291.67 + 680.55 = 10,972.22, as 5m at once; the old
//	per-draw figure was 10,291.67 + (680.56 + 10,000) = 20,972.23.
func TestFurtherCostFeeOnce(t *testing.T) {
	b := arbCapital(t)
	rcf, _ := b.Source("rcf")
	one, z := decimal.NewFromInt(1), decimal.Zero
	cases := []struct{ name, before, amount, want string }{
		{"first draw pays the fee", "0", "1500000", "10291.67"},
		{"the rest after a partial draw", "1500000", "3500000", "680.55"},
		{"all at once", "0", "5000000", "10972.22"},
		{"nothing more", "5000000", "0", "0"},
		{"a cent after the fee was paid", "4999999.99", "0.01", "0"},
	}
	for _, c := range cases {
		eq(t, c.name, engine.FurtherCost(rcf, d(c.before), d(c.amount), one, z, z), c.want)
	}
	split := engine.FurtherCost(rcf, z, d("1500000"), one, z, z).Add(engine.FurtherCost(rcf, d("1500000"), d("3500000"), one, z, z))
	eq(t, "1.5m + 3.5m", split, "10972.22")
}

// TestEstimateSale: the tech stock's fire sale. Stressed value 15,000,000
// (20,000,000 × (1 − 0.20 × 1.25)); the model's cost of selling it all is
// 4,995,000 (the figure the plan and the waterfall show), so it would
// raise 10,005,000; the book caps the source at the desk's 10,000,000, the
// seed's estimate, whose loss is 15,000,000 − 10,000,000 = 5,000,000.
func TestEstimateSale(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	src, _ := b.Source("sell-tech")
	e, ok := engine.EstimateSale(b, st, src)
	if !ok || !e.Capped {
		t.Fatalf("estimate %+v ok %v", e, ok)
	}
	eq(t, "stressed value", e.Value, "15000000")
	eq(t, "model cost", e.Cost, "4995000")
	eq(t, "model proceeds", e.ModelProceeds, "10005000")
	eq(t, "cap", e.Cap, "10000000")
	// Without the cap the model's proceeds stand (boundary: nothing binds).
	src.HasAmount = false
	if e, _ := engine.EstimateSale(b, st, src); e.Capped {
		t.Errorf("capped without an amount: %+v", e)
	}
	cash, _ := b.Source("cash")
	if _, ok := engine.EstimateSale(b, st, cash); ok {
		t.Error("cash is not an asset sale")
	}
}

// TestPlansChargeTheFeeOnce: after cash, MMF, repo and 1,500,000 of the
// line are drawn, the 3,500,000 still due comes from the rest of the line.
// Its cost is 680.55 (10,972.22 for the whole line less the 10,291.67 the
// first 1.5m cost: no second fee) in the plain plan. The optimiser posts
// Treasuries for part and draws 2,000,000 of the line: 10,680.56 for
// 3.5m in all less 10,291.67 = 388.89, again no second fee.
func TestPlansChargeTheFeeOnce(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	in := engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1"),
		Calls: []engine.Call{{Counterparty: "CME", Amount: d("3500000"), Deadline: b.Deadline}},
		Used:  map[string]decimal.Decimal{"cash": d("2000000"), "mmf": d("3000000"), "repo": d("4000000"), "rcf": d("1500000")}}
	p := engine.PlainPlan(b, in)
	if len(p.Draws) != 1 || p.Draws[0].Source != "rcf" {
		t.Fatalf("draws %+v", p.Draws)
	}
	eq(t, "plain plan rcf cost", p.Draws[0].Cost, "680.55")
	op, err := engine.Optimise(b, engine.OptimiseInput{PlanInput: in})
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, dr := range op.Draws {
		if dr.Source == "rcf" {
			seen = true
			eq(t, "optimised rcf cost", dr.Cost, engine.FurtherCost(mustSource(t, b, "rcf"), d("1500000"), dr.Amount, d("1"), decimal.Zero, decimal.Zero).String())
			if dr.Cost.Cmp(d("10000")) >= 0 {
				t.Errorf("the optimiser charged the fee again: %s", dr.Cost)
			}
		}
	}
	if !seen {
		t.Fatalf("the optimiser did not draw the line: %+v", op.Draws)
	}
}

func mustSource(t *testing.T, b *engine.Book, id string) engine.Source {
	t.Helper()
	s, ok := b.Source(id)
	if !ok {
		t.Fatalf("no source %s", id)
	}
	return s
}
