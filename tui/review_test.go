package tui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/report"
)

// scripted records decisions on a fresh arb-capital incident (MemStore,
// a clock that moves 7 minutes per decision, a fixed wall clock) and
// replays it as the review console's input, as cmd/warroom does from a log.
func scripted(t *testing.T, file string, ds ...playbook.Decision) *report.Incident {
	t.Helper()
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	at := b.AsOf
	wall := time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)
	inc, err := playbook.Open(b, "", &playbook.MemStore{}, func() time.Time { return at }, func() time.Time { return wall })
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		at, wall = at.Add(7*time.Minute), wall.Add(65*time.Second)
		if _, err := inc.Decide(d); err != nil {
			t.Fatalf("%+v: %v", d, err)
		}
	}
	snap := inc.Snapshot()
	sc := snap.State.StartScenario
	steps, err := playbook.Timeline(b, sc, snap.Events)
	if err != nil {
		t.Fatal(err)
	}
	initial, err := report.Initial(b, sc)
	if err != nil {
		t.Fatal(err)
	}
	return &report.Incident{File: file, Scenario: sc, Book: b, Initial: initial, Steps: steps,
		Final:   playbook.Compute(snap.State, snap.State.LastAt),
		Metrics: playbook.Measure(b, steps, time.Time{}), Chain: report.Chain{OK: true, Records: uint64(len(steps))}}
}

var seedDraws = []playbook.Decision{
	{Kind: playbook.Draw, Source: "cash", Operator: "alice", Rationale: "cheapest first"},
	{Kind: playbook.Draw, Source: "mmf", Operator: "bob"},
	{Kind: playbook.Acknowledge, Operator: "alice"},
	{Kind: playbook.Note, Operator: "bob", Text: "CFO informed"},
}

func newReviewHarness(t *testing.T, w, h int, r Review) *harness {
	t.Helper()
	dark := true
	m, err := NewReview(r, Options{Dark: &dark})
	if err != nil {
		t.Fatal(err)
	}
	hs := &harness{t: t, m: m}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.deriveCmd())
	return hs
}

// TestReviewTimeTravel: picking a decision shows every stage as it was
// right after it; stepping moves through time both ways.
func TestReviewTimeTravel(t *testing.T) {
	h := newReviewHarness(t, 120, 40, Review{Incident: scripted(t, "arb.db", seedDraws...)})
	h.want("REVIEW · as of #4 of 4", "chain ✓", "TIMELINE · 4 decisions", "cheapest first", "CFO informed",
		"time to triage 21m", "✓ hash chain intact: 4 records verified")
	// Up to #1, the cash draw.
	h.keys("up", "up", "up")
	h.want("REVIEW · as of #1 of 4", "✗ SHORTFALL 8,500,000")
	h.keys("enter", "2")
	h.want("2 LIQUIDITY", "✗ SHORTFALL 8,500,000", "as of #1 of 4")
	if got := h.m.d.f.Shortfall; !got.Equal(decimal.RequireFromString("8500000")) {
		t.Fatalf("shortfall after #1: %s", got)
	}
	h.keys("]")
	h.want("as of #2 of 4", "✗ SHORTFALL 5,500,000", "2 LIQUIDITY")
	h.keys("[", "[")
	h.want("REVIEW · as of the alert (#0 of 4)", "✗ SHORTFALL 10,500,000")
	h.keys("right", "right", "right", "right", "right")
	h.want("as of #4 of 4", "no further decision that way")
	// Back to the timeline.
	h.keys("esc")
	h.want("TIMELINE · 4 decisions")
}

func TestReviewFilters(t *testing.T) {
	h := newReviewHarness(t, 120, 40, Review{Incident: scripted(t, "arb.db", seedDraws...)})
	if n := len(h.m.rv.rows); n != 5 {
		t.Fatalf("%d rows, want the alert and 4 decisions", n)
	}
	h.keys("f", "enter")
	h.typeText("bob")
	h.keys("enter", "enter")
	h.want("TIMELINE · 2 of 4 decisions · filter: operator bob", "CFO informed")
	h.wantNot("cheapest first")
	if n := len(h.m.rv.rows); n != 2 {
		t.Fatalf("%d rows for bob", n)
	}
	h.keys("F")
	h.want("TIMELINE · 4 decisions")
	h.keys("f")
	h.typeText("9")
	h.keys("enter")
	h.want("stage: a number from 1 to 5")
	h.keys("esc", "f", "enter", "enter")
	h.typeText("draw")
	h.keys("enter")
	if n := len(h.m.rv.rows); n != 2 {
		t.Fatalf("%d rows for kind draw", n)
	}
	h.want("filter: kind draw", "as of #2 of 4")
}

func TestReviewRefusesDecisions(t *testing.T) {
	h := newReviewHarness(t, 100, 30, Review{Incident: scripted(t, "arb.db", seedDraws...)})
	h.keys("enter", "2", "d")
	h.want("read-only review console: d would record a decision", "REVIEW · as of #4 of 4")
	if h.m.prompt != nil {
		t.Fatal("a decision prompt opened in review")
	}
	if _, err := h.m.b.Decide(playbook.Decision{Kind: playbook.Draw, Source: "rcf"}); err == nil {
		t.Fatal("the review backend accepted a decision")
	}
}

// TestReviewFork: `warroom fork` then a different decision; the review
// sets the two side by side.
func TestReviewFork(t *testing.T) {
	a := scripted(t, "arb.db", seedDraws[:2]...)
	b := scripted(t, "arb-fork.db", seedDraws[0], playbook.Decision{Kind: playbook.Draw, Source: "rcf", Operator: "carol"})
	b.ForkOf, b.ForkAt = "arb.db", 1
	h := newReviewHarness(t, 120, 40, Review{Incident: a, With: b})
	h.want("vs arb-fork.db: shortfall 5,500,000 here, 3,500,000 there")
	h.keys("w")
	h.want("[w Compare]", "fork of arb.db at #1", "they part after #1", "Shortfall", "5,500,000", "3,500,000",
		"ONLY IN A (after #1)", "ONLY IN B (after #1)", "draw rcf 5,000,000")
	h.keys("down", "down")
	h.keys("t")
	h.want("TIMELINE")
}

func TestReviewRunningNote(t *testing.T) {
	h := newReviewHarness(t, 100, 30, Review{Incident: scripted(t, "arb.db"), Note: "snapshot of a running incident taken 14:02:11"})
	h.want("snapshot of a running incident taken 14:02:11", "as of the alert (#0 of 0)")
	h.keys("enter")
	h.want("1 TRIAGE", "✗ SHORTFALL 10,500,000")
}

// TestReviewGolden pins the timeline screen at 100×30.
func TestReviewGolden(t *testing.T) {
	h := newReviewHarness(t, 100, 30, Review{Incident: scripted(t, "arb.db", seedDraws...)})
	h.keys("up", "up")
	golden(t, "review_timeline_100x30.golden", h.screen())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -run %s -update)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}
