package tui

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

// TestFilterDecisionLog: "/" in the log narrows it as one types, enter
// keeps the filter, and an action on the selection reaches the row shown
// (not the row that was at that place before the filter).
func TestFilterDecisionLog(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("2", "d", "enter", "j", "d", "enter", "j", "d", "enter") // cash, mmf, repo
	h.want("draw cash 2,000,000", "draw mmf", "draw repo")
	h.keys("tab", "/")
	h.typeText("mmf")
	h.want(`/mmf▏ 1 of 4 rows`)
	h.wantNot("draw cash 2,000,000")
	h.keys("enter")
	h.want(`filter "mmf" 1/4`, "draw mmf")
	// The only row shown is #3 (mmf; #1 is going to stage 2): reversing
	// reverses it, not #4, the newest, which was at the top before.
	h.keys("x")
	h.want("Reverse #3: draw mmf")
	h.keys("esc")
	// "/" then esc clears the filter: every decision again.
	h.keys("/", "esc")
	h.want("draw cash 2,000,000", "draw repo", "filter cleared")
	h.wantNot(`filter "mmf"`)
}

// TestFilterPositions: the reduction stage's candidates filter by id or
// name, and the effect lines and the sale follow the row shown.
func TestFilterPositions(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("4", "/")
	h.typeText("treas")
	h.keys("enter")
	h.want("TB Short 10y", "sell 29,000,000 of TB", `filter "treas" 1/3`)
	h.wantNot("ES Long S&P")
	h.keys("s")
	h.want("Sell", "TB")
	h.keys("esc")
	// Backspace widens the filter again as one edits it.
	h.keys("/")
	h.send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	h.want("/trea▏ 1 of 3 rows")
	h.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	h.want("/▏ 3 of 3 rows")
	h.keys("esc")
}

// TestFilterHoldings: the collateral stage's holdings filter too; a
// filter that matches nothing leaves the headers and says 0 rows.
func TestFilterHoldings(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("3", "/")
	h.typeText("nothing-like-this")
	h.want("0 of 1 rows", "ELIGIBLE HOLDINGS PER CALL")
	h.wantNot("UST-2031 US Treasury")
	h.keys("esc", "/")
	h.typeText("ust")
	h.keys("enter")
	h.want("UST-2031 US Treasury", `filter "ust" 1/1`)
}

// TestMouse: a click on a tab goes to its stage, the wheel scrolls the
// pane under the pointer (and focuses it), a click selects a row.
func TestMouse(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("2", "d", "enter", "j", "d", "enter")
	// The tabs are on row 2: " 1 Triage   2 Liquidity  ..."; find "Reduction".
	tabs := strings.Split(h.screen(), "\n")[2]
	x := strings.Index(tabs, "Reduction")
	h.send(tea.MouseClickMsg{X: x, Y: 2, Button: tea.MouseLeft})
	h.want("stage 4/5 Reduction", "▶ 4 REDUCTION")
	// Click the third candidate (TECH): find its screen row.
	lines := strings.Split(h.screen(), "\n")
	row := -1
	for i, l := range lines {
		if strings.Contains(l, "TECH Long") {
			row = i
		}
	}
	h.send(tea.MouseClickMsg{X: 10, Y: row, Button: tea.MouseLeft})
	h.want("› ", "sell 120,000 of TECH")
	// The wheel over the log (stacked below the stage pane at 120
	// columns) focuses it and moves its selection to the older decision.
	logTop := h.m.paneTop(focusLog)
	if h.m.focus != focusStage {
		t.Fatalf("focus %v", h.m.focus)
	}
	h.send(tea.MouseWheelMsg{X: 5, Y: logTop + 2, Button: tea.MouseWheelDown})
	if h.m.focus != focusLog {
		t.Fatalf("wheel over the log left focus on %v", h.m.focus)
	}
	// #3 (mmf) is the newest, at the top; #2 (cash) below it.
	if seq, ok := h.m.log.selected(); !ok || seq != 2 {
		t.Errorf("log selection #%d, want #2 after one wheel step", seq)
	}
	h.send(tea.MouseWheelMsg{X: 5, Y: logTop + 2, Button: tea.MouseWheelUp})
	if seq, _ := h.m.log.selected(); seq != 3 {
		t.Errorf("log selection #%d, want #3 after wheel up", seq)
	}
	// A click in the chrome does nothing and never panics.
	h.send(tea.MouseClickMsg{X: 0, Y: 0, Button: tea.MouseLeft})
	h.send(tea.MouseClickMsg{X: 500, Y: 500, Button: tea.MouseLeft})
	h.want("stage 4/5 Reduction")
}

// TestMouseWide: at 130 columns and more the panes sit side by side; a
// click right of the stage pane is in the log.
func TestMouseWide(t *testing.T) {
	h := newHarness(t, 160, 40)
	h.keys("2", "d", "enter")
	h.send(tea.MouseClickMsg{X: 150, Y: h.m.bodyTop() + 2, Button: tea.MouseLeft})
	if h.m.focus != focusLog {
		t.Fatalf("focus %v after a click in the log", h.m.focus)
	}
	h.send(tea.MouseClickMsg{X: 5, Y: h.m.bodyTop() + 4, Button: tea.MouseLeft})
	if h.m.focus != focusStage {
		t.Fatalf("focus %v after a click in the stage pane", h.m.focus)
	}
}

// TestSuspend: ctrl+z hands the terminal back to the shell, from any
// state (a prompt open too); fg resumes the console where it was.
func TestSuspend(t *testing.T) {
	h := newHarness(t, 120, 40)
	for _, setup := range [][]string{nil, {"2", "p"}} {
		h.keys(setup...)
		_, cmd := h.m.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
		if cmd == nil {
			t.Fatalf("after %v: ctrl+z returned no command", setup)
		}
		if _, ok := cmd().(tea.SuspendMsg); !ok {
			t.Fatalf("after %v: ctrl+z sent %T, want tea.SuspendMsg", setup, cmd())
		}
	}
	h.send(tea.ResumeMsg{})
	h.want("Draw", "SHORTFALL")
}

// TestNoSuspendInTheRoom: a console of the shared war room runs inside
// the server; ctrl+z there must not stop the server's process.
func TestNoSuspendInTheRoom(t *testing.T) {
	r := &fakeRoom{role: "treasury", who: []playbook.Presence{{Person: "tom", Roles: []string{"treasury"}}}}
	h := roomHarness(t, fourEyesIncident(t), "tom", r)
	next, cmd := h.m.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	if cmd != nil {
		if _, ok := cmd().(tea.SuspendMsg); ok {
			t.Fatal("ctrl+z suspends a room console")
		}
	}
	h.m = next.(Model)
	h.want("runs on the war room's server")
}

// TestFullHelpNoClippedLabels: at every width the full help shows each
// key with its whole label, within the width.
func TestFullHelpNoClippedLabels(t *testing.T) {
	for _, w := range []int{60, 61, 72, 80, 100, 120, 130, 160, 200, 300} {
		h := newHarness(t, w, 60)
		h.keys("?")
		s := h.screen()
		for _, g := range h.m.helpGroups() {
			for _, b := range g {
				if !strings.Contains(s, b.Help().Key) || !strings.Contains(s, b.Help().Desc) {
					t.Errorf("%d columns: %q %q not shown whole", w, b.Help().Key, b.Help().Desc)
				}
			}
		}
		for i, l := range strings.Split(s, "\n") {
			if n := len([]rune(l)); n > w {
				t.Errorf("%d columns: line %d is %d wide", w, i, n)
			}
		}
	}
	// The help lists the new keys.
	h := newHarness(t, 80, 40)
	h.keys("?")
	h.want("filter list", "ctrl+z", "suspend")
}

// TestASCIIFallback: off a UTF-8 locale the console draws ASCII only, in
// every stage, with the same layout.
func TestASCIIFallback(t *testing.T) {
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	h := harnessWith(t, b, "", func() time.Time { return b.AsOf }, Options{Operator: "alice", ASCII: true}, 100, 30)
	for _, k := range []string{"1", "2", "3", "4", "5", "?"} {
		h.keys(k)
		for _, r := range h.screen() {
			if r > 127 {
				t.Fatalf("stage %s: %q is not ASCII:\n%s", k, r, h.screen())
			}
		}
	}
	h.keys("esc", "1")
	h.want("x SHORTFALL 10,500,000")
}

// The filter key is declared once, and shown by help.
var _ = key.Binding{}

// TestBufferSpinner: while the buffer is sized the triage line carries
// the spinner's frame; the ticks stop once the sizing has arrived.
func TestBufferSpinner(t *testing.T) {
	ls := bufferLines(bufferFigures{running: true, frame: "⣾"})
	if len(ls) != 1 || !strings.HasPrefix(ls[0].text, "⣾ buffer: sizing over 10,000") {
		t.Fatalf("%+v", ls)
	}
	h := newHarness(t, 100, 30)
	if h.m.d.buf.running {
		t.Fatal("the harness ran the sizing: it should have arrived")
	}
	if cmd := h.m.spinUpdate(h.m.spin.Tick().(spinner.TickMsg)); cmd != nil {
		t.Error("the spinner keeps ticking after the buffer arrived")
	}
}
