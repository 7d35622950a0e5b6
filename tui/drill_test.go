package tui

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/drill"
	"github.com/warroom/warroom/playbook"
)

// testDrill is the seed's day with one sharp event: equities fall another
// 5% at 09:30, which raises CME's call and so the shortfall.
const testDrill = `drill: im-test
title: "Equities fall again"
book_demo: arb-capital
scenario: equity-crash
start: scenario
ends: "17:00"
events:
  - at: "09:30"
    kind: factor_move
    shocks: {equity: "-0.05"}
    headline: Equities fall another 5%
  - at: "11:00"
    kind: message
    counterparty: CME
    text: Please confirm timing.
    headline: CME asks how the call will be paid
  - at: "12:00"
    kind: cut
    source: rcf
    amount: 3000000
    headline: The bank cuts the committed line to 3,000,000
  - at: "13:00"
    kind: withdraw
    sources: [mmf]
    headline: The MMF gates redemptions
`

// fakeWall is the wall clock a drill's SimClock reads in tests.
type fakeWall struct {
	mu sync.Mutex
	t  time.Time
}

func (w *fakeWall) now() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.t }
func (w *fakeWall) add(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.t = w.t.Add(d)
}

func newDrillHarness(t *testing.T, w, h int, facilitator bool) (*harness, *fakeWall, *drill.SimClock) {
	t.Helper()
	d, err := drill.Parse("im-test.yaml", []byte(testDrill), nil)
	if err != nil {
		t.Fatal(err)
	}
	wall := &fakeWall{t: time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)}
	clk := drill.NewSimClock(d.Starts, 60, wall.now)
	store := &playbook.MemStore{}
	inc, err := playbook.Open(d.Book, d.Scenario, store, clk.Now, wall.now)
	if err != nil {
		t.Fatal(err)
	}
	dark := true
	m := NewDrill(inc, Drill{Runner: drill.NewRunner(d, inc, clk), Clock: clk, Facilitator: facilitator}, Options{Operator: "alice", Dark: &dark})
	m.dr.every = time.Millisecond
	m.Close()
	m.sub = nil
	hs := &harness{t: t, m: m, store: store, inc: inc}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.Init())
	return hs, wall, clk
}

func TestDrillStepShowsAlert(t *testing.T) {
	h, _, _ := newDrillHarness(t, 120, 40, false)
	h.want("DRILL im-test", "▶ 60×", "08:00", "✗ SHORTFALL 10,500,000")
	h.wantNot("FACILITATOR")
	h.wantNot("Equities fall")
	h.keys(".")
	h.want("⚠ 09:30 Equities fall another 5%", "09:30 Mon 16 Mar", "market: Equities fall another 5%")
	h.wantNot("✗ SHORTFALL 10,500,000")
	if got := h.shortfall(); got == "10500000.00" {
		t.Fatalf("shortfall unchanged after the fall: %s", got)
	}
	// Decisions carry the incident time.
	h.keys("2", "d", "enter")
	evs := h.inc.Snapshot().Events
	if e := evs[len(evs)-1]; e.Kind != playbook.Draw || e.At.Format("15:04") != "09:30" {
		t.Fatalf("last event %s at %s", e.Kind, e.At.Format("15:04"))
	}
	// The alert leaves the header after a few ticks.
	for i := 0; i < alertTicks; i++ {
		h.send(drillTickMsg{})
	}
	h.wantNot("⚠ 09:30 Equities fall")
	h.want("DRILL im-test")
}

func TestDrillPauseStopsClock(t *testing.T) {
	h, wall, clk := newDrillHarness(t, 120, 40, false)
	wall.add(time.Minute) // an hour of incident time at 60×
	h.send(drillTickMsg{})
	h.want("09:00 Mon 16 Mar")
	h.keys(" ")
	h.want("⏸ PAUSED", "paused at 09:00")
	if !clk.Paused() {
		t.Fatal("space did not pause the clock")
	}
	wall.add(10 * time.Minute)
	h.send(drillTickMsg{})
	h.want("09:00 Mon 16 Mar")
	h.wantNot("Equities fall") // 09:30 not reached while paused
	h.keys(" ")
	h.want("▶ resumed at 09:00")
	wall.add(time.Minute)
	h.send(drillTickMsg{})
	h.want("10:00 Mon 16 Mar", "⚠ 09:30 Equities fall another 5%")
}

func TestDrillFacilitatorPane(t *testing.T) {
	h, _, _ := newDrillHarness(t, 120, 40, true)
	h.want("FACILITATOR", "09:30 factor_move", "Equities fall another 5%", "11:00", "12:00 cut")
	h.wantNot("13:00 withdraw") // next three only
	h.keys(".")
	h.want("13:00 withdraw")
	h.wantNot("09:30 factor_move")
}

func TestDrillDebrief(t *testing.T) {
	h, _, _ := newDrillHarness(t, 120, 40, false)
	h.keys("2", "d", "enter", "j", "d", "enter", "j", "d", "enter", "j", "p")
	h.typeText("1.5m")
	h.keys("enter", "enter")
	for i := 0; i < 8 && !h.m.dr.done; i++ {
		h.keys(".")
	}
	if !h.m.dr.done {
		t.Fatal("the drill did not end")
	}
	h.want("DEBRIEF · drill im-test", "score", "DEADLINES", "met", "liquidity cost", "time to triage",
		"engine would:", "DRILL OVER")
	s := h.screen()
	if !strings.Contains(s, "SURVIVED") && !strings.Contains(s, "DID NOT SURVIVE") {
		t.Fatalf("no verdict:\n%s", s)
	}
	h.keys("b")
	h.want("2 LIQUIDITY")
	h.keys(".")
	h.want("the drill is over")
}

// TestDrillHelpListsDrillKeys: the help screen of a drill shows the keys
// that only a drill has (they were once added after the list was drawn).
func TestDrillHelpListsDrillKeys(t *testing.T) {
	h, _, _ := newDrillHarness(t, 120, 40, false)
	h.keys("?")
	h.want("pause/resume")
}
