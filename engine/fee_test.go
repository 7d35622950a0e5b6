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
