package engine_test

import (
	"testing"

	"github.com/warroom/warroom/engine"
)

// A call that carries its own split (HasIMPart: a keyed call's IM part)
// bounds what securities may meet of it, whatever the book's split.
// Arb-Capital's CME call of 10,500,000: the book's split lets 1,500,000 of
// it take the Treasury (posted 1,530,612.25, see TestOptimiseArbCapital).
// With IMPart 1,000,000 the optimiser posts 1,000,000 / 0.98 =
// 1,020,408.1632… → 1,020,408.17 (credit 1,000,000.00); with IMPart 0 it
// posts nothing and its cost is the plain plan's, 10,884.73.
func TestOptimiseRespectsCallSplit(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	for _, tc := range []struct {
		im, posted, cost string
	}{
		{"1000000", "1020408.17", ""},
		{"0", "", "10884.73"},
	} {
		calls := []engine.Call{{Counterparty: "CME", Amount: d("10500000"), Deadline: b.Deadline, IMPart: d(tc.im), HasIMPart: true}}
		op, err := engine.Optimise(b, engine.OptimiseInput{PlanInput: engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1"), Calls: calls}})
		if err != nil {
			t.Fatal(err)
		}
		if !op.Shortfall.IsZero() {
			t.Errorf("IM part %s: shortfall %s", tc.im, op.Shortfall)
		}
		switch {
		case tc.posted == "" && len(op.Posts) != 0:
			t.Errorf("IM part 0: posts %+v", op.Posts)
		case tc.posted != "" && (len(op.Posts) != 1 || !op.Posts[0].Value.Equal(d(tc.posted))):
			t.Errorf("IM part %s: posts %+v, want %s of UST-2031", tc.im, op.Posts, tc.posted)
		}
		if tc.cost != "" && !op.TotalCost.Equal(d(tc.cost)) {
			t.Errorf("IM part %s: cost %s, want %s", tc.im, op.TotalCost, tc.cost)
		}
	}
}
