package engine_test

import (
	"testing"

	"github.com/warroom/warroom/engine"
)

// TestSourceCapacityAfter, worked by hand on Arb-Capital: TECH is
// 15,000,000 at the stressed mark; selling all of it costs 15,000,000 ×
// (0.008 + 0.065 × √(15,000,000 / 600,000) = 0.333) = 4,995,000, raising
// 10,005,000, which the desk's estimate caps at 10,000,000.
//
// After 120,000 sold at the reduction stage the rest is 14,880,000: its
// impact rate is 0.008 + 0.065 × √24.8 = 0.33169739, a cost of
// 4,935,657.16, so the model would raise 9,944,342.84; the estimate scaled
// to the share left is 10,000,000 × 14,880,000 / 15,000,000 = 9,920,000.00
// and binds. Without the estimate the tier is the model's 9,944,342.84.
// With all 15,000,000 sold there is nothing to sell: zero.
func TestSourceCapacityAfter(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	src, _ := b.Source("sell-tech")
	c, cost := engine.SourceCapacityAfter(b, st, src, d("0"))
	eq(t, "nothing sold: capacity", c, "10000000")
	eq(t, "nothing sold: cost", cost, "4995000")
	c, cost = engine.SourceCapacityAfter(b, st, src, d("120000"))
	eq(t, "120,000 sold: capacity (estimate scaled)", c, "9920000")
	eq(t, "120,000 sold: cost on the rest", cost, "4935657.16")
	free := src
	free.HasAmount, free.Amount = false, d("0")
	c, _ = engine.SourceCapacityAfter(b, st, free, d("120000"))
	eq(t, "120,000 sold, no estimate: the model's", c, "9944342.84")
	c, cost = engine.SourceCapacityAfter(b, st, src, d("15000000"))
	eq(t, "all sold: capacity", c, "0")
	eq(t, "all sold: cost", cost, "0")
	// The stress passed in is not changed.
	c, _ = engine.SourceCapacity(b, st, src)
	eq(t, "the stress is left as it was", c, "10000000")
}
