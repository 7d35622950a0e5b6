package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

// TestProgramSmoke runs the console in a real tea.Program (Init, the clock
// tick, the subscription, the renderer) rather than calling Update by
// hand: open, draw the first tier, quit. The screen stream is diffed by
// the renderer, so the figures are asserted on the recorded log and on
// the final model's view.
func TestProgramSmoke(t *testing.T) {
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	at := func() time.Time { return b.AsOf }
	inc, err := playbook.Open(b, "", &playbook.MemStore{}, at, at)
	if err != nil {
		t.Fatal(err)
	}
	dark := true
	tm := teatest.NewTestModel(t, New(inc, Options{Operator: "alice", Dark: &dark}),
		teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool { return bytes.Contains(out, []byte("SHORTFALL")) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	for _, k := range []tea.KeyPressMsg{{Code: '2', Text: "2"}, {Code: 'd', Text: "d"}, {Code: tea.KeyEnter}} {
		tm.Send(k)
		time.Sleep(50 * time.Millisecond)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !inc.Snapshot().Figures.Shortfall.Equal(decimal.RequireFromString("8500000")) {
		if time.Now().After(deadline) {
			t.Fatalf("the draw was not recorded: shortfall %s", inc.Snapshot().Figures.Shortfall)
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if view := ansi.Strip(final.View().Content); !strings.Contains(view, "✗ SHORTFALL 8,500,000") {
		t.Fatalf("final view:\n%s", view)
	}
}
