package tui

import (
	"errors"
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/playbook"
)

func (h *harness) shortfall() string { return h.inc.Snapshot().Figures.Shortfall.StringFixed(2) }

// TestKeyScript is the war-room walk-through: the seed's waterfall drawn
// tier by tier until the call is covered, then a reversal.
func TestKeyScript(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.want("✗ SHORTFALL 10,500,000", "stage 1/5 Triage")

	h.keys("2", "d")
	h.want("Draw On-hand cash in full: 2,000,000.00", "rationale (optional, enter skips)")
	h.keys("enter")
	h.want("✗ SHORTFALL 8,500,000", "draw cash 2,000,000")
	if got := h.shortfall(); got != "8500000.00" {
		t.Fatalf("backend shortfall %s", got)
	}

	h.keys("j", "d", "enter") // money market fund
	h.want("✗ SHORTFALL 5,500,000")
	h.keys("j", "d")
	h.typeText("repo per the plan")
	h.keys("enter")
	h.want("✗ SHORTFALL 1,500,000", "why: repo per the plan")

	h.keys("j", "p")
	h.typeText("1500000")
	h.want("draw 1,500,000.00, 3,500,000.00 left after")
	h.keys("enter", "enter")
	h.want("✓ COVERED shortfall 0", "draw rcf 1,500,000")
	h.wantNot("✗ SHORTFALL")

	// Reverse the credit line draw from the log: the newest is selected.
	h.keys("tab", "x")
	h.want("Reverse #5: draw rcf 1,500,000")
	h.keys("enter")
	h.want("✗ SHORTFALL 1,500,000", "⊘ reversed by #6")
	if got := h.shortfall(); got != "1500000.00" {
		t.Fatalf("backend shortfall %s", got)
	}
}

func TestPartialDrawAcceptsForms(t *testing.T) {
	for _, in := range []string{"1500000", "1,500,000", "1.5m", "1500k"} {
		h := newHarness(t, 100, 30)
		h.keys("2", "p")
		h.typeText(in)
		h.keys("enter", "enter")
		h.want("✗ SHORTFALL 9,000,000")
	}
}

func TestGarbageAmountRefused(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.keys("2", "p")
	h.typeText("12abc")
	h.keys("enter")
	h.want("✗ amount \"12abc\": want digits", "Draw part of On-hand cash")
	h.keys("esc")
	h.want("cancelled: nothing recorded", "✗ SHORTFALL 10,500,000")
	h.keys("p")
	h.typeText("3m")
	h.keys("enter")
	h.want("only 2,000,000.00 is left")
	if n := len(h.inc.Snapshot().Events); n != 0 {
		t.Fatalf("%d events recorded", n)
	}
}

func TestFailedWriteChangesNothing(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.store.Fail = errors.New("disk full")
	h.keys("2", "d", "enter")
	h.want("✗ NOT RECORDED", "disk full", "✗ SHORTFALL 10,500,000", "no decisions yet")
	h.store.Fail = nil
	h.keys("d", "enter")
	h.want("✗ SHORTFALL 8,500,000")
}

func TestReopenShowsCommittedState(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("2", "d", "enter")
	h.want("8,500,000")
	// A second console over the same log (what reopening --db does).
	b := h.inc.Snapshot().State.Book
	inc, err := playbook.Open(b, "", h.store, func() time.Time { return b.AsOf }, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	m := New(inc, Options{Operator: "bob"})
	defer m.Close()
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if s := next.(Model).View().Content; !strings.Contains(stripped(s), "✗ SHORTFALL 8,500,000") {
		t.Fatalf("reopened console:\n%s", stripped(s))
	}
}

func TestRefusalsSayWhy(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.keys("d")
	h.want("d draws a waterfall tier: that is stage 2 (Liquidity); press 2")
	h.keys("2", "d", "enter", "d")
	h.want("nothing left in On-hand cash")
	h.keys("x", "enter")
	h.want("✗ SHORTFALL 10,500,000", "⊘ reversed by")
	h.keys("tab", "x")
	h.want("cannot be reversed")
	h.keys("4", "s")
	h.want("Sell part of ES")
	h.keys("esc", "5", "m")
	h.want("We acknowledge receipt of your margin call of 10,500,000.00, due 16:00.")
	h.keys("enter")
	h.want("message drafted CME")
	h.keys("s")
	h.typeText("z")
	h.want("✗ status \"z\"")
	h.keys("esc")
}

func TestAcknowledgeAndNote(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.keys("a", "enter")
	h.want("✓ alert acknowledged at 08:00")
	h.keys("a")
	h.want("the alert was acknowledged at 08:00")
	h.keys("n")
	h.typeText("CFO informed")
	h.keys("enter")
	h.want("note: CFO informed")
}

func TestCollateralPostAndRepo(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("3", "P", "enter", "enter")
	h.want("✗ SHORTFALL 9,000,000", "post UST-2031 → CME 1,530,612")
	h.keys("r")
	h.want("Stage a repo of UST-2031", "repo 3,469,387.75 raises cash 3,400,000.00")
	h.keys("enter", "enter")
	h.want("⧗ staged", "✗ SHORTFALL 9,000,000")
	h.keys("c", "enter")
	h.want("✓ confirmed", "✗ SHORTFALL 5,600,000")
}

func TestAcceptOptimiser(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("3", "a")
	h.want("Accept the optimiser's proposal")
	h.keys("enter")
	h.want("✓ COVERED shortfall 0")
}

func TestReadOnly(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.m.opts.ReadOnly = true
	h.keys("2", "d")
	h.want("read-only review console", "READ-ONLY")
	h.wantNot("draw in full")
}

func TestQuitAsksWhenHalfEntered(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.keys("2", "p")
	h.typeText("15")
	h.send(press("ctrl+c"))
	h.want("discard the half-entered")
	h.keys("n")
	h.want("Draw part of On-hand cash")
	h.keys("q")
	h.want("amount: 15q")
	h.keys("esc")
	if _, cmd := h.m.Update(press("q")); cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q outside a prompt does not quit")
	}
}

// TestOtherConsoles: a snapshot from the subscription (another operator's
// decision) updates the screen; an older one arriving late is ignored.
func TestOtherConsoles(t *testing.T) {
	h := newHarness(t, 100, 30)
	old := h.inc.Snapshot()
	if _, err := h.inc.Decide(playbook.Decision{Kind: playbook.Draw, Source: "mmf", Operator: "bob"}); err != nil {
		t.Fatal(err)
	}
	h.send(snapshotMsg{h.inc.Snapshot()})
	h.want("✗ SHORTFALL 7,500,000", "bob")
	h.send(snapshotMsg{old})
	h.want("✗ SHORTFALL 7,500,000")
	h.send(tickMsg{h.inc.Snapshot()})
	h.want("✗ SHORTFALL 7,500,000")
}

func TestLightTheme(t *testing.T) {
	h := newHarness(t, 100, 30)
	light := false
	h.m.opts.Dark = nil
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.styles.Dark {
		t.Fatal("a white background did not select the light theme")
	}
	h.m = New(h.inc, Options{Operator: "alice", Dark: &light})
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.want("✗ SHORTFALL 10,500,000")
}

// TestAcceptOptimiserMidIncident: after the cash is drawn, the proposal is
// for the 8,500,000 still short — post the Treasuries for the IM part,
// repo the rest, the MMF, and 600,000 of the credit line — and accepting
// it covers the call without drawing anything twice.
func TestAcceptOptimiserMidIncident(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("2", "d", "enter")
	h.want("✗ SHORTFALL 8,500,000")
	h.run(h.m.deriveCmd())
	h.keys("3")
	h.want("for what is still short")
	h.keys("a")
	h.want("Accept the optimiser's proposal")
	h.keys("enter")
	h.want("✓ COVERED shortfall 0")
	drawn := map[string]string{}
	for _, d := range h.inc.Snapshot().State.Draws {
		if d.ReversedBy == 0 {
			drawn[d.Source] = d.Amount.StringFixed(2)
		}
	}
	if drawn["cash"] != "2000000.00" || drawn["rcf"] != "600000.00" || drawn["mmf"] != "3000000.00" {
		t.Errorf("draws after accepting mid-incident: %v", drawn)
	}
}
