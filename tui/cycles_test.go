package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/book"
)

// TestCyclesOnScreen: CME's intraday call (9,000,000, due 13:30 CT = 14:30
// ET) and its end-of-day call (1,500,000, Tuesday 07:30 CT = 08:30 ET). After
// drawing the cash (2,000,000 at 08:00) the header names the next deadline
// and what of it is short, 7,000,000; triage shows each cycle's call, its
// VM and IM parts, deadline and shortfall.
func TestCyclesOnScreen(t *testing.T) {
	b, err := book.Load("../book/testdata/good/cme-cycles.yaml")
	if err != nil {
		t.Fatal(err)
	}
	h := harnessOn(t, b, 120, 40)
	h.keys("2", "d", "enter", "1")
	screen := h.screen()
	for _, want := range []string{
		"next 9,000,000 by 14:30 6h30m left, short 7,000,000",
		"CME Clearing intraday                           9,000,000           0   9,000,000     14:30 6h30m left    ✗ 7,000,000",
		"CME Clearing                                            0   1,500,000   1,500,000 Tue 08:30 24h30m left   ✗ 1,500,000",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	// At 80 columns the header keeps the next deadline and its shortfall.
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if line := strings.SplitN(h.screen(), "\n", 2)[0]; !strings.Contains(line, "next 9,000,000 by 14:30") || !strings.Contains(line, "short 7,000,000") {
		t.Errorf("80-column header %q", line)
	}
}
