package engine_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// TestSaleServesItsCall: each candidate is checked against the deadline of
// the call it serves. Arb-Capital's ES and TB futures settle T+0 at the
// 15:00 cut-off; TECH (spot) at T+2, Wednesday 15:00.
func TestSaleServesItsCall(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	wed := ts("2026-03-18T16:00:00-04:00")
	cases := []struct {
		name     string
		cme      time.Time // CME's deadline (zero: not given)
		spot     time.Time
		esInTime bool
		techIn   bool
	}{
		// CME at 14:00: the futures' 15:00 settlement misses it, even
		// though the spot deadline (Wednesday) would let it through.
		{"CME due before the cut-off", ts("2026-03-16T14:00:00-04:00"), wed, false, true},
		// Exactly 15:00: arriving at the deadline is in time.
		{"CME due at the cut-off", ts("2026-03-16T15:00:00-04:00"), wed, true, true},
		// No per-call deadline: every sale by the one given (16:00); the
		// tech stock's Wednesday settlement is late.
		{"one deadline for all", time.Time{}, ts("2026-03-16T16:00:00-04:00"), true, false},
	}
	for _, c := range cases {
		in := engine.LiquidationInput{Need: d("1000000"), At: b.AsOf, Deadline: c.spot}
		if !c.cme.IsZero() {
			in.Deadlines = map[string]time.Time{"CME": c.cme}
		}
		lp := engine.PlanLiquidation(b, st, in)
		got := map[string]engine.Candidate{}
		for _, x := range lp.Candidates {
			got[x.Position] = x
		}
		if got["ES"].InTime != c.esInTime || got["TB"].InTime != c.esInTime || got["TECH"].InTime != c.techIn {
			t.Errorf("%s: ES %v TB %v TECH %v", c.name, got["ES"].InTime, got["TB"].InTime, got["TECH"].InTime)
		}
		want := c.cme
		if want.IsZero() {
			want = c.spot
		}
		if !got["ES"].Deadline.Equal(want) || !got["TECH"].Deadline.Equal(c.spot) {
			t.Errorf("%s: ES checked against %v, TECH against %v", c.name, got["ES"].Deadline, got["TECH"].Deadline)
		}
	}
	dl, last := engine.CallDeadlines(st)
	if !dl["CME"].Equal(ts("2026-03-16T16:00:00-04:00")) || !last.Equal(dl["CME"]) || len(dl) != 1 {
		t.Errorf("call deadlines %v, last %v", dl, last)
	}
}

// TestDayCap: a day's sale is at most 20% of ADV (the book's default),
// less what was sold today. TECH: 600,000 × 0.20 = 120,000.00; ES:
// 200,000,000,000 × 0.20 = 40,000,000,000, so its cap is the 40,000,000
// held. After 100,000 of TECH today, 20,000 is left; after 120,000, none.
func TestDayCap(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	tech, _ := b.Position("TECH")
	es, _ := b.Position("ES")
	eq(t, "TECH cap", b.DayCap(tech), "120000")
	eq(t, "ES cap", b.DayCap(es), "40000000000")
	for _, c := range []struct{ sold, want string }{{"0", "120000"}, {"100000", "20000"}, {"120000", "0"}} {
		lp := engine.PlanLiquidation(b, st, engine.LiquidationInput{Need: d("1"), At: b.AsOf,
			SoldToday: map[string]decimal.Decimal{"TECH": d(c.sold)}})
		for _, x := range lp.Candidates {
			switch x.Position {
			case "TECH":
				eq(t, "TECH max after "+c.sold, x.MaxValue, c.want)
			case "ES":
				eq(t, "ES max", x.MaxValue, "40000000")
			}
		}
	}
}
