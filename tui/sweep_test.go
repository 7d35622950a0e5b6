package tui

import (
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// checkFits asserts that every rendered line fits the window.
func checkFits(t *testing.T, h *harness, w, hh int, what string) {
	t.Helper()
	content := h.m.View().Content
	if content == "" {
		return // nothing drawn at 0×0
	}
	lines := strings.Split(content, "\n")
	if len(lines) > hh {
		t.Fatalf("%s at %d×%d: %d lines", what, w, hh, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%s at %d×%d: line %d is %d wide: %q", what, w, hh, i, lw, ansi.Strip(l))
		}
	}
}

// TestSizeSweep renders every stage, a prompt and the help at sizes from
// 20×5 to 300×100: no panic, nothing wider or taller than the window.
func TestSizeSweep(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.keys("2", "d", "enter")
	sizes := [][2]int{{minWidth, minHeight}, {minWidth - 1, minHeight}, {minWidth, minHeight - 1}, {80, 24}, {1, 1}, {0, 0}}
	for w := 20; w <= 300; w += 7 {
		for hh := 5; hh <= 100; hh += 5 {
			sizes = append(sizes, [2]int{w, hh})
		}
	}
	for _, sz := range sizes {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		for _, st := range []string{"1", "2", "3", "4", "5"} {
			h.keys(st)
			checkFits(t, h, sz[0], sz[1], "stage "+st)
		}
		h.keys("tab", "down", "tab", "?")
		checkFits(t, h, sz[0], sz[1], "help")
		h.keys("?", "2", "p")
		checkFits(t, h, sz[0], sz[1], "prompt")
		h.keys("esc")
	}
}

// TestPastedGarbage sends random bytes, escapes included, as key presses
// and pastes into every prompt and stage: no panic, figures unchanged,
// nothing of the garbage reaches the screen as a control sequence.
func TestPastedGarbage(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	garbage := func() string {
		b := make([]byte, 1+r.IntN(60))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return string(b) + "\x1b[31m\x1b]0;pwned\x07\x9b2J\r\n\t\u202e"
	}
	h := newHarness(t, 100, 30)
	before := h.shortfall()
	prompts := map[string][]string{"1": {"a", "o", "n"}, "2": {"d", "p", "n"}, "3": {"P", "r", "n"},
		"4": {"s", "n"}, "5": {"s", "m", "n"}}
	for _, st := range []string{"1", "2", "3", "4", "5"} {
		h.keys(st)
		for i := 0; i < 5; i++ {
			h.send(tea.PasteMsg{Content: garbage()})
			h.send(tea.KeyPressMsg{Code: 'z', Text: garbage()})
		}
		for _, p := range prompts[st] {
			h.keys(st, p)
			for i := 0; i < 5; i++ {
				h.send(tea.PasteMsg{Content: garbage()})
				h.send(tea.KeyPressMsg{Code: 'z', Text: garbage()})
			}
			checkFits(t, h, 100, 30, "prompt "+p)
			if s := h.m.View().Content; strings.Contains(s, "pwned") || strings.Contains(s, "\x07") {
				t.Fatalf("garbage reached the screen in prompt %s", p)
			}
			h.keys("esc")
		}
	}
	if got := h.shortfall(); got != before {
		t.Fatalf("shortfall moved from %s to %s", before, got)
	}
}

// TestReviewSizeSweep renders the review console's screens (timeline,
// a stage as of a decision, compare, the filter prompt) at every size.
func TestReviewSizeSweep(t *testing.T) {
	a := scripted(t, "arb.db", seedDraws...)
	b := scripted(t, "arb-fork.db", seedDraws[0])
	h := newReviewHarness(t, 100, 30, Review{Incident: a, With: b, Note: "snapshot of a running incident taken 14:02:11"})
	for _, sz := range sweepSizes() {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		h.keys("t", "up")
		checkFits(t, h, sz[0], sz[1], "review timeline")
		h.keys("enter", "2")
		checkFits(t, h, sz[0], sz[1], "review stage")
		h.keys("w")
		checkFits(t, h, sz[0], sz[1], "review compare")
		h.keys("t", "f")
		checkFits(t, h, sz[0], sz[1], "review filter")
		h.keys("esc", "down")
	}
}

func sweepSizes() [][2]int {
	sizes := [][2]int{{minWidth, minHeight}, {minWidth - 1, minHeight}, {minWidth, minHeight - 1}, {80, 24}, {1, 1}, {0, 0}}
	for w := 20; w <= 300; w += 7 {
		for hh := 5; hh <= 100; hh += 5 {
			sizes = append(sizes, [2]int{w, hh})
		}
	}
	return sizes
}

// TestDrillSizeSweep renders the drill (its header line, the facilitator's
// pane, an alert, the debrief) at every size.
func TestDrillSizeSweep(t *testing.T) {
	h, _, _ := newDrillHarness(t, 100, 30, true)
	h.keys(".")
	for _, sz := range sweepSizes() {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		for _, st := range []string{"1", "2"} {
			h.keys(st)
			checkFits(t, h, sz[0], sz[1], "drill stage "+st)
		}
	}
	for i := 0; i < 8 && !h.m.dr.done; i++ {
		h.keys(".")
	}
	for _, sz := range sweepSizes() {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		checkFits(t, h, sz[0], sz[1], "debrief")
	}
}
