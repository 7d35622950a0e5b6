package drill

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

var wall = func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC) }

func play(t *testing.T, name string, auto Autopilot) Debrief {
	t.Helper()
	d, err := Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Play(d, &playbook.MemStore{}, auto, wall)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func money(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s = %s, want %s", what, got.StringFixed(2), want)
	}
}

func TestHeliosNoneIsInsolventOnTuesday(t *testing.T) {
	d := play(t, "helios", AutoNone)
	if d.Survived || !d.Insolvent || d.Missed != 2 || d.Met != 0 {
		t.Fatalf("survived %v insolvent %v missed %d met %d", d.Survived, d.Insolvent, d.Missed, d.Met)
	}
	// Tuesday, as `warroom survive --demo helios` says: day 2.
	// The reason says what the 15,000,000 buffer nobody drew would have
	// done (issue 19): not enough, 4,435,131.27 would still be short.
	if d.InsolventAt.Weekday() != time.Tuesday ||
		d.Reason != "call unmet with nothing left to sell; the 15,000,000.00 never drawn would still leave 4,435,131.27 short" {
		t.Errorf("insolvent %s: %s", d.InsolventAt, d.Reason)
	}
	// Every sale was NYMEX closing positions after a missed call: a
	// close-out is a fire sale, so its whole cost is fire-sale loss
	// (it read 0 before: no sale passed the 10% cost threshold).
	money(t, "forced sale loss", d.ForcedLoss, "5183486.94")
	money(t, "fire-sale loss", d.FireSaleLoss, "5183486.94")
	money(t, "sale cost", d.SaleCost, "5183486.94")
	if len(d.Undrawn) != 1 || d.Undrawn[0].Source != "buffer" || !d.Undrawn[0].Amount.Equal(decimal.RequireFromString("15000000")) {
		t.Errorf("undrawn %+v", d.Undrawn)
	}
	// Monday's call is the seed's: VM 20M + IM 10M→30M.
	money(t, "Monday's call", d.Deadlines[0].Amount, "40000000")
	if d.Score != 0 {
		t.Errorf("score %d", d.Score)
	}
}

func TestHeliosEngineSurvives(t *testing.T) {
	d := play(t, "helios", AutoEngine)
	if !d.Survived || d.Insolvent || d.Missed != 0 || d.Met != 3 {
		t.Fatalf("survived %v insolvent %v missed %d met %d: %+v", d.Survived, d.Insolvent, d.Missed, d.Met, d.Deadlines)
	}
	// The engine de-risks on Friday: SmallestDeRisk's 18% plus a point
	// (133,333,333.33 × 19%; it was 15% + 1 while the day-0 IM returned
	// counted twice).
	first := d.Decisions[1]
	if first.At.Weekday() != time.Friday || first.Action != "sell 25,333,333.33 of CL" {
		t.Errorf("first action %s %q", first.At, first.Action)
	}
	if !d.CompletedToTheEnds {
		t.Error("the drill did not run to its end")
	}
}

func TestArbCapitalEngineIsTheOptimisedPlan(t *testing.T) {
	d := play(t, "arb-capital", AutoEngine)
	if !d.Survived || d.Missed != 0 || d.Met != 1 {
		t.Fatalf("survived %v missed %d", d.Survived, d.Missed)
	}
	// The optimised plan, what `warroom plan --optimise` costs: post
	// 1,530,612.25 of the Treasuries (carry 15bp for a day: 6.38), repo
	// the rest for 3,400,000 at 530bp (500.56), cash 2M (0), MMF 3M at
	// 5bp (4.17), 600,000 of the line at 700bp (116.67) + fee 10,000:
	// 10,627.78 — 256.95 less than the plain plan's 10,884.73.
	money(t, "liquidity cost", d.LiquidityCost, "10627.78")
	money(t, "fire-sale loss", d.FireSaleLoss, "0")
	// 1000 − round(10,627.78 / 10,500,000 × 10,000 = 10.12) + 50 triage.
	if d.Score != 1040 {
		t.Errorf("score %d, want 1040 (%v)", d.Score, d.ScoreParts)
	}
}

func TestArbCapitalNoneMissesTheCall(t *testing.T) {
	d := play(t, "arb-capital", AutoNone)
	if d.Survived || d.Missed != 1 || d.Insolvent {
		t.Fatalf("survived %v missed %d insolvent %v", d.Survived, d.Missed, d.Insolvent)
	}
	money(t, "short", d.Deadlines[0].Shortfall, "10500000")
	if d.Score != 750 {
		t.Errorf("score %d", d.Score)
	}
}

func TestTwoCCPs(t *testing.T) {
	none := play(t, "two-ccps", AutoNone)
	if none.Missed != 3 || none.Survived {
		t.Errorf("none: missed %d", none.Missed)
	}
	// LCH is due first, at 10:30 after the deadline moved.
	if dl := none.Deadlines[0]; dl.Counterparty != "LCH" || dl.Deadline.Format("15:04") != "10:30" {
		t.Errorf("first deadline %+v", dl)
	}
	eng := play(t, "two-ccps", AutoEngine)
	if !eng.Survived || eng.Met != 3 {
		t.Errorf("engine: survived %v met %d", eng.Survived, eng.Met)
	}
	// The bank's revised call, not its first.
	money(t, "Bank X", eng.Deadlines[2].Amount, "4800000")
}

func TestScoreByHand(t *testing.T) {
	// 2 missed (−500), insolvent (−200), liquidity 40,000 + sale 10,000
	// + fire 10,000 (the fire sale counted again) = 60,000 on a 10M peak
	// = 60 bp (−60), triage at 20 minutes (+25): 265.
	s, _ := ScoreOf(2, true, decimal.NewFromInt(40000), decimal.NewFromInt(10000), decimal.NewFromInt(10000),
		decimal.NewFromInt(10000000), true, 20*time.Minute)
	if s != 265 {
		t.Errorf("score %d", s)
	}
	if s, _ := ScoreOf(9, true, decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero, false, 0); s != 0 {
		t.Errorf("floor: %d", s)
	}
}

func TestDebriefJSON(t *testing.T) {
	out, err := json.Marshal(play(t, "helios", AutoNone))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(out, &m)
	for _, k := range []string{"survived", "deadlines_missed", "fire_sale_loss", "liquidity_cost", "score", "time_per_stage", "decisions"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no %s in %s", k, out)
		}
	}
	if m["survived"] != false || m["liquidity_cost"] != "0.00" {
		t.Errorf("%s", out)
	}
}

func TestReplayedDebriefEqualsLive(t *testing.T) {
	d, _ := Builtin("helios")
	st := &playbook.MemStore{}
	live, err := Play(d, st, AutoEngine, wall)
	if err != nil {
		t.Fatal(err)
	}
	// A runner reopened on the log applies nothing twice.
	clock := NewSimClock(d.Ends, 60, wall)
	clock.Pause()
	inc, err := playbook.Open(d.Book, d.Scenario, st, clock.Now, wall)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRunner(d, inc, clock)
	if _, ok := r.Next(); ok || !r.Done() && len(r.Deadlines()) != 3 {
		t.Errorf("resumed runner: next left, or deadlines %d", len(r.Deadlines()))
	}
	again, _ := Compute(d.Name, d.Book, d.Scenario, inc.Snapshot().Events, d.Ends)
	if again.Score != live.Score || again.Met != live.Met {
		t.Errorf("replayed %d/%d, live %d/%d", again.Score, again.Met, live.Score, live.Met)
	}
}

func TestSimClock(t *testing.T) {
	w := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewSimClock(time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC), 60, func() time.Time { return w })
	w = w.Add(time.Minute)
	if got := c.Now().Format("15:04"); got != "09:00" {
		t.Errorf("one wall minute at 60x: %s", got)
	}
	c.Pause()
	w = w.Add(time.Hour)
	if got := c.Now().Format("15:04"); got != "09:00" {
		t.Errorf("paused: %s", got)
	}
	c.Resume()
	c.Jump(time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC))
	w = w.Add(time.Second)
	if got := c.Now().Format("15:04:05"); got != "12:01:00" {
		t.Errorf("after jump: %s", got)
	}
}

func TestBadDrills(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown kind", "book_demo: helios\nevents:\n  - at: \"+1h\"\n    kind: meteor\n", "bad.yaml:4:11: events[0].kind: \"meteor\""},
		{"typo field", "book_demo: helios\nevents:\n  - at: \"+1h\"\n    kind: factor_move\n    shock: {oil: \"-0.1\"}\n", "bad.yaml:5:5: events[0]: unknown field \"shock\""},
		{"exponent", "book_demo: helios\nevents:\n  - at: \"+1h\"\n    kind: cut\n    source: buffer\n    amount: 1e6\n", "bad.yaml:6:13: events[0].amount: \"1e6\" has an exponent"},
		{"bad time", "book_demo: helios\nevents:\n  - at: tomorrow\n    kind: message\n    counterparty: PB\n    text: hi\n", "bad.yaml:3:9: events[0].at: \"tomorrow\""},
		{"dangling source", "book_demo: helios\nevents:\n  - at: \"+1h\"\n    kind: withdraw\n    sources: [rcf]\n", "bad.yaml:3: events: no source \"rcf\""},
		{"inline book error", "events: []\nbook:\n  firm: X\n  as_of: 2026-03-16T08:00:00-04:00\n  deadline: 2026-03-16T16:00:00-04:00\n  positions:\n    - id: A\n      kind: future\n      market_value: 1.5e6\n", "bad.yaml:9:"},
		{"no book", "events: []\n", "give the book once"},
	}
	for _, c := range cases {
		_, err := Parse("bad.yaml", []byte(c.src), nil)
		var be *book.Errors
		if !errors.As(err, &be) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

func TestTimes(t *testing.T) {
	d, err := Builtin("helios")
	if err != nil {
		t.Fatal(err)
	}
	// Friday 13 March is day 1; day 2 is Monday.
	if got := d.Events[1].At.Format("Mon 2006-01-02 15:04"); got != "Mon 2026-03-16 07:00" {
		t.Errorf("day 2 07:00 = %s", got)
	}
	if !d.Book.AsOf.Equal(d.Starts) || d.Scenario != CalmScenario || d.Known != "weekend-gap" {
		t.Errorf("as_of %s scenario %s known %s", d.Book.AsOf, d.Scenario, d.Known)
	}
	if !IsDrill([]byte("events: []\n")) || IsDrill([]byte("firm: X\n")) {
		t.Error("IsDrill")
	}
}

// TestDaysKeepTheBookCalendar: a drill starting Friday 22 May 2026 counts
// its days in the book's business days (US-SIFMA for a USD book): day 2 is
// Tuesday 26 May, since Monday 25 May is Memorial Day. A start written in
// another offset is the same instant on the book's New York clock.
func TestDaysKeepTheBookCalendar(t *testing.T) {
	text, err := book.DemoSource("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	inline := strings.ReplaceAll(strings.ReplaceAll(string(text), "2026-03-16", "2026-05-22"), "\n", "\n  ")
	src := "drill: memorial\nstarts: 2026-05-22T13:00:00Z\nevents:\n" +
		"  - {at: \"day 2 09:00\", kind: message, counterparty: CME, text: hello}\nbook:\n  " + inline + "\n"
	d, err := Parse("memorial.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Events[0].At.Format(time.RFC3339); got != "2026-05-26T09:00:00-04:00" {
		t.Errorf("day 2 09:00 = %s, want Tuesday 26 May 09:00 New York", got)
	}
	if got := d.Starts.Format(time.RFC3339); got != "2026-05-22T09:00:00-04:00" {
		t.Errorf("starts %s", got)
	}
}

// TestDrillSettlesCyclesPartByPart: the Arb-Capital book with CME's two
// cycles, the alert at 08:00 Monday 16 March 2026, the engine at the desk.
// The intraday call (9,000,000) settles at 14:30 ET, the end-of-day call
// (1,500,000) at Tuesday 08:30 ET, both met: two deadlines, not one whole
// call at the first.
func TestDrillSettlesCyclesPartByPart(t *testing.T) {
	text, err := os.ReadFile("../book/testdata/good/cme-cycles.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := "drill: cycles\nevents: []\nbook:\n  " + strings.ReplaceAll(string(text), "\n", "\n  ") + "\n"
	d, err := Parse("cycles.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Play(d, &playbook.MemStore{}, AutoEngine, wall)
	if err != nil {
		t.Fatal(err)
	}
	if db.Met != 2 || db.Missed != 0 || !db.Survived {
		t.Errorf("met %d missed %d survived %v", db.Met, db.Missed, db.Survived)
	}
	// With no ends given, the drill runs to the last cycle's deadline.
	if got := db.Ended.Format(time.RFC3339); got != "2026-03-17T08:30:00-04:00" {
		t.Errorf("ended %s", got)
	}
	want := []struct{ at, amount string }{{"2026-03-16T14:30:00-04:00", "9000000"}, {"2026-03-17T08:30:00-04:00", "1500000"}}
	if len(db.Deadlines) < 2 {
		t.Fatalf("deadlines %+v; ended %s insolvent %v %s", db.Deadlines, db.Ended, db.Insolvent, db.Reason)
	}
	for i, w := range want {
		dl := db.Deadlines[i]
		if got := dl.Deadline.Format(time.RFC3339); got != w.at || dl.Counterparty != "CME" {
			t.Errorf("deadline %d: %s %s, want %s", i, dl.Counterparty, got, w.at)
		}
		money(t, "amount", dl.Amount, w.amount)
	}
}
