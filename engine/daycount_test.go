package engine_test

import (
	"testing"

	"github.com/warroom/warroom/engine"
)

// TestDayCountByCurrency works issue 12 item 9: a 1,000,000 credit line
// at 500bp drawn for a one-day horizon.
//   - USD, Monday → Tuesday: 1,000,000 × 5% × 1 / 360 = 138.888… → 138.89;
//   - GBP, ACT/365: 1,000,000 × 5% × 1 / 365 = 136.986… → 136.99;
//   - boundary, USD drawn Friday: repaid, and accrued, to Monday: 3 days,
//     1,000,000 × 5% × 3 / 360 = 416.666… → 416.67;
//   - GBP drawn Friday: 3 / 365 → 410.958… → 410.96;
//   - USD drawn Thursday: Friday is a business day: 138.89;
//   - a GBP book that says day_count ACT/360: 138.89.
func TestDayCountByCurrency(t *testing.T) {
	cases := []struct {
		ccy, at, basis string
		days, cost     string
	}{
		{"USD", "2026-03-16T08:00:00-04:00", "", "1", "138.89"},
		{"GBP", "2026-03-16T08:00:00+00:00", "", "1", "136.99"},
		{"USD", "2026-03-20T08:00:00-04:00", "", "3", "416.67"},
		{"GBP", "2026-03-20T08:00:00+00:00", "", "3", "410.96"},
		{"USD", "2026-03-19T08:00:00-04:00", "", "1", "138.89"},
		{"GBP", "2026-03-16T08:00:00+00:00", "360", "1", "138.89"},
	}
	for _, c := range cases {
		at := ts(c.at)
		b := &engine.Book{Currency: c.ccy, AsOf: at, Deadline: at.Add(8 * 3600e9), Cutoff: engine.Cutoff{Hour: 15},
			Sources: []engine.Source{{ID: "rcf", Kind: engine.SourceCreditLine, Amount: d("5000000"), HasAmount: true, RateBps: d("500")}}}
		if c.basis != "" {
			b.DayCount = d(c.basis)
		}
		calls := []engine.Call{{Counterparty: "X", Amount: d("1000000"), Deadline: b.Deadline}}
		p := engine.PlainPlan(b, engine.PlanInput{Stress: engine.Stress{Scenario: engine.Scenario{ImpactMultiplier: d("1")}},
			ActivatedAt: at, HorizonDays: d("1"), Calls: calls})
		eq(t, c.ccy+" "+c.at+" days", p.Accrual.Days, c.days)
		eq(t, c.ccy+" "+c.at+" cost", p.TotalCost, c.cost)
	}
}
