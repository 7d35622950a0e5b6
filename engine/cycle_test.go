package engine_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// cmeCycles: CME's intraday call (VM marked at midday) confirmed 13:30 CT
// the same day, and its end-of-day call (everything else) confirmed 07:30
// CT the next business morning.
func cmeCycles() []engine.Cycle {
	return []engine.Cycle{
		{ID: "intraday", Confirm: engine.Cutoff{Hour: 13, Minute: 30}, Covers: engine.CoversVM},
		{ID: "eod", Confirm: engine.Cutoff{Hour: 7, Minute: 30}, Days: 1},
	}
}

func withCycles(t *testing.T, asOf string) *engine.Book {
	b := arbCapital(t)
	ny, chi := zone(t, "America/New_York"), zone(t, "America/Chicago")
	b.AsOf = ts(asOf).In(ny)
	b.Market = engine.Market{Zone: ny}
	b.Counterparties[0].Market = engine.Market{Zone: chi}
	b.Counterparties[0].Cycles = cmeCycles()
	return b
}

// TestCyclesSplitAndFundInOrder: the seed's stress (VM 9,000,000, IM change
// 1,500,000: call 10,500,000) at a CCP with two cycles, on Monday 16 March
// 2026, 08:00 New York (07:00 Chicago; both zones already on summer time).
//
//	intraday: VM 9,000,000 due 13:30 CT = 14:30 ET Monday 16 March
//	eod:      IM 1,500,000 due 07:30 CT Tuesday 17 March = 08:30 ET
//
// The waterfall funds the earlier deadline first. Intraday: cash 2,000,000
// (08:00), the MMF arrives 15:00, after 14:30: skipped; repo 4,000,000
// (11:00); credit line 3,000,000 (13:00): 9,000,000, covered. EOD: the MMF
// (15:00 Monday, in time for Tuesday 08:30) 1,500,000. Draws: cash
// 2,000,000, MMF 1,500,000, repo 4,000,000, credit line 3,000,000.
func TestCyclesSplitAndFundInOrder(t *testing.T) {
	b := withCycles(t, "2026-03-16T08:00:00-04:00")
	st := engine.StressBook(b, b.Scenarios[0])
	due := st.Due()
	want := []struct{ cycle, amount, deadline string }{
		{"intraday", "9000000", "2026-03-16T14:30:00-04:00"},
		{"eod", "1500000", "2026-03-17T08:30:00-04:00"},
	}
	if len(due) != len(want) {
		t.Fatalf("due %+v", due)
	}
	for i, w := range want {
		if due[i].Cycle != w.cycle || !due[i].Amount.Equal(d(w.amount)) || !due[i].Deadline.Equal(ts(w.deadline)) {
			t.Errorf("call %d: %s %s %s, want %+v", i, due[i].Cycle, due[i].Amount, due[i].Deadline.Format(time.RFC3339), w)
		}
	}
	if cc := st.Calls[0]; !cc.Call.Equal(d("10500000")) || !cc.Deadline.Equal(ts("2026-03-16T14:30:00-04:00")) {
		t.Errorf("net call %s by %s: the net stays, the deadline is the first cycle's", cc.Call, cc.Deadline)
	}
	p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: decimal.NewFromInt(1)})
	draws := map[string]string{"cash": "2000000", "mmf": "1500000", "repo": "4000000", "rcf": "3000000"}
	for _, dr := range p.Draws {
		if !dr.Amount.Equal(d(draws[dr.Source])) {
			t.Errorf("draw %s %s, want %s", dr.Source, dr.Amount, draws[dr.Source])
		}
	}
	if len(p.Draws) != 4 || !p.Covered {
		t.Errorf("draws %+v covered %v", p.Draws, p.Covered)
	}
	if p.Calls[0].Cycle != "intraday" || len(p.Calls[0].From) != 3 {
		t.Errorf("intraday served by %+v", p.Calls[0].From)
	}
}

// TestCycleAfterItsConfirmation: the alert fires at 15:00 ET (14:00 CT),
// after Monday's intraday confirmation (13:30 CT). The next cycle is
// Tuesday's 07:30 CT end-of-day, which covers everything: the whole
// 10,500,000 is due Tuesday 17 March 08:30 ET.
func TestCycleAfterItsConfirmation(t *testing.T) {
	b := withCycles(t, "2026-03-16T15:00:00-04:00")
	due := engine.StressBook(b, b.Scenarios[0]).Due()
	if len(due) != 1 || due[0].Cycle != "eod" || !due[0].Amount.Equal(d("10500000")) ||
		!due[0].Deadline.Equal(ts("2026-03-17T08:30:00-04:00")) {
		t.Errorf("due %+v", due)
	}
}

// TestCycleDeadlinesKeepTheirCalendar: an alert on Friday 22 May 2026 at
// 08:00 ET; the end-of-day call is confirmed the next business morning:
// Monday 25 May is Memorial Day, so Tuesday 26 May 07:30 CT (08:30 ET).
func TestCycleDeadlinesKeepTheirCalendar(t *testing.T) {
	b := withCycles(t, "2026-05-22T08:00:00-04:00")
	b.Counterparties[0].Market.Calendars = []engine.Calendar{sifma2026()}
	due := engine.StressBook(b, b.Scenarios[0]).Due()
	if len(due) != 2 || !due[0].Deadline.Equal(ts("2026-05-22T14:30:00-04:00")) || !due[1].Deadline.Equal(ts("2026-05-26T08:30:00-04:00")) {
		t.Errorf("due %+v", due)
	}
}

// TestLodgementCutoff: CME lodges non-cash collateral until 14:00 CT
// (15:00 ET). Monday 16 March 2026: a posting at 14:59 ET is lodged at
// once; at 15:01 ET it is lodged at Tuesday 17 March's opening, 08:00 CT
// (09:00 ET); on Friday 20 March at 15:01 ET, Monday 23 March 09:00 ET.
func TestLodgementCutoff(t *testing.T) {
	b := withCycles(t, "2026-03-16T08:00:00-04:00")
	cp := b.Counterparties[0]
	cp.Lodgement, cp.HasLodgement = engine.Cutoff{Hour: 14}, true
	cases := []struct{ at, want string }{
		{"2026-03-16T14:59:00-04:00", "2026-03-16T14:59:00-04:00"},
		{"2026-03-16T15:00:00-04:00", "2026-03-16T15:00:00-04:00"}, // at the cut-off: in
		{"2026-03-16T15:01:00-04:00", "2026-03-17T09:00:00-04:00"},
		{"2026-03-20T15:01:00-04:00", "2026-03-23T09:00:00-04:00"},
		{"2026-03-21T10:00:00-04:00", "2026-03-23T09:00:00-04:00"}, // Saturday
	}
	for _, c := range cases {
		if got := b.LodgedAt(cp, ts(c.at)); !got.Equal(ts(c.want)) {
			t.Errorf("posted %s: lodged %s, want %s", c.at, got.Format(time.RFC3339), c.want)
		}
	}
	cp.HasLodgement = false
	if got := b.LodgedAt(cp, ts("2026-03-16T15:01:00-04:00")); !got.Equal(ts("2026-03-16T15:01:00-04:00")) {
		t.Errorf("no cut-off: lodged %s", got)
	}
}

// TestDeadlineOn: day d of a multi-day horizon falls d−1 business days
// later, at the same wall time in the counterparty's zone.
func TestDeadlineOn(t *testing.T) {
	ny, ldn := zone(t, "America/New_York"), zone(t, "Europe/London")
	b := arbCapital(t)
	b.Market = engine.Market{Zone: ny, Calendars: []engine.Calendar{sifma2026()}}
	us := b.Counterparties[0]
	lch := engine.Counterparty{ID: "LCH", Market: engine.Market{Zone: ldn, Calendars: []engine.Calendar{uk2026()}}}
	cases := []struct {
		name  string
		cp    engine.Counterparty
		first string
		day   int
		want  string
	}{
		// Friday 22 May 2026 16:00 ET, day 2: Monday is Memorial Day:
		// Tuesday 26 May 16:00 ET.
		{"Memorial Day", us, "2026-05-22T16:00:00-04:00", 2, "2026-05-26T16:00:00-04:00"},
		// Boundary: day 1 is the first deadline itself.
		{"day 1", us, "2026-05-22T16:00:00-04:00", 1, "2026-05-22T16:00:00-04:00"},
		// London 16:00 GMT on Friday 27 March (12:00 ET), day 2: Monday 30
		// March 16:00 BST = 11:00 ET; New York's wall clock would say 12:00.
		{"EU DST", lch, "2026-03-27T16:00:00Z", 2, "2026-03-30T11:00:00-04:00"},
		// Wednesday 25 November 16:00 ET, day 2: Thanksgiving: Friday 27th.
		{"Thanksgiving", us, "2026-11-25T16:00:00-05:00", 2, "2026-11-27T16:00:00-05:00"},
	}
	for _, c := range cases {
		got := b.DeadlineOn(c.cp, ts(c.first), c.day)
		if !got.Equal(ts(c.want)) {
			t.Errorf("%s: %s, want %s", c.name, got.Format(time.RFC3339), c.want)
		}
	}
}

// TestLCHMorningAndIntraday: LCH calls in the morning (09:00 London, the
// whole overnight call) and intraday (14:00 London, VM). Monday 16 March
// 2026, London on GMT, New York on EDT (four hours apart). An alert at
// 08:00 London (04:00 ET) puts the whole 10,500,000 in the morning call,
// due 09:00 London = 05:00 ET. At 10:00 London (06:00 ET) the morning call
// has passed: the VM, 9,000,000, is due intraday at 14:00 London (10:00
// ET), the IM rise, 1,500,000, at Tuesday's 09:00 London (05:00 ET).
func TestLCHMorningAndIntraday(t *testing.T) {
	ny, ldn := zone(t, "America/New_York"), zone(t, "Europe/London")
	cases := []struct {
		asOf string
		want []struct{ cycle, amount, deadline string }
	}{
		{"2026-03-16T08:00:00Z", []struct{ cycle, amount, deadline string }{{"morning", "10500000", "2026-03-16T05:00:00-04:00"}}},
		{"2026-03-16T10:00:00Z", []struct{ cycle, amount, deadline string }{
			{"intraday", "9000000", "2026-03-16T10:00:00-04:00"}, {"morning", "1500000", "2026-03-17T05:00:00-04:00"}}},
	}
	for _, c := range cases {
		b := arbCapital(t)
		b.AsOf = ts(c.asOf).In(ny)
		b.Market = engine.Market{Zone: ny}
		b.Counterparties[0].Market = engine.Market{Zone: ldn}
		b.Counterparties[0].Cycles = []engine.Cycle{
			{ID: "morning", Confirm: engine.Cutoff{Hour: 9}},
			{ID: "intraday", Confirm: engine.Cutoff{Hour: 14}, Covers: engine.CoversVM},
		}
		due := engine.StressBook(b, b.Scenarios[0]).Due()
		if len(due) != len(c.want) {
			t.Fatalf("%s: due %+v", c.asOf, due)
		}
		for i, w := range c.want {
			if due[i].Cycle != w.cycle || !due[i].Amount.Equal(d(w.amount)) || !due[i].Deadline.Equal(ts(w.deadline)) {
				t.Errorf("%s call %d: %s %s %s, want %+v", c.asOf, i, due[i].Cycle, due[i].Amount, due[i].Deadline.Format(time.RFC3339), w)
			}
		}
	}
}

// TestCycleWithNothingToCall: a scenario that moves only the VM (IM
// unchanged) puts the whole call in the VM cycle: no empty end-of-day
// part. Without the explicit IM figures the seed's stress calls VM
// 9,000,000 and IM +0: one intraday call of 9,000,000 due 14:30 ET.
func TestCycleWithNothingToCall(t *testing.T) {
	b := withCycles(t, "2026-03-16T08:00:00-04:00")
	b.Scenarios[0].InitialMargin = map[string]decimal.Decimal{}
	st := engine.StressBook(b, b.Scenarios[0])
	if cy := st.Calls[0].Cycles; len(cy) != 1 || cy[0].Cycle != "intraday" || !cy[0].Amount.Equal(d("9000000")) {
		t.Errorf("cycles %+v", cy)
	}
}
