package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/drill"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// newBookHarness is newHarness over any book, at its as_of.
func newBookHarness(t *testing.T, b *engine.Book, scenario string, w, h int) *harness {
	t.Helper()
	return newClockHarness(t, b, scenario, func() time.Time { return b.AsOf }, w, h)
}

// newClockHarness is newBookHarness on an incident clock the test moves.
func newClockHarness(t *testing.T, b *engine.Book, scenario string, now func() time.Time, w, h int) *harness {
	t.Helper()
	return harnessWith(t, b, scenario, now, Options{Operator: "alice"}, w, h)
}

// wantRow finds the screen line holding key and checks it holds each of
// cells, in order, as whole words.
func (h *harness) wantRow(key string, cells ...string) {
	h.t.Helper()
	for _, l := range strings.Split(h.screen(), "\n") {
		if !strings.Contains(l, key) {
			continue
		}
		rest := " " + strings.Join(strings.Fields(l[strings.Index(l, key)+len(key):]), " ") + " "
		for _, c := range cells {
			i := strings.Index(rest, " "+c+" ")
			if i < 0 {
				h.t.Fatalf("row %q lacks %q after what came before:\n%s", key, c, l)
			}
			rest = rest[i+len(c)+1:]
		}
		return
	}
	h.t.Fatalf("no row %q:\n%s", key, h.screen())
}

func (h *harness) events() int { return len(h.inc.Snapshot().Events) }

// selectCandidate moves the reduction stage's selection to a position.
func (h *harness) selectCandidate(id string) {
	h.t.Helper()
	for i := 0; i < 20; i++ {
		if c, ok := h.m.reduction.selected(); ok && c.Position == id {
			return
		}
		h.keys("j")
	}
	h.t.Fatalf("no candidate %s", id)
}

// TestHelpOpenKeysDoNotAct (issue 19, item 4): with ? open, d and enter
// record nothing; ? or esc closes help, and then d opens its prompt.
func TestHelpOpenKeysDoNotAct(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.keys("2", "?")
	h.want("KEYS · ? or esc closes")
	h.keys("d", "enter", "p", "x", "n", "3", "tab", "j")
	if n := h.events(); n != 0 {
		t.Fatalf("%d events recorded behind help", n)
	}
	if h.m.prompt != nil || h.m.stage != playbook.Liquidity || h.m.focus != focusStage {
		t.Fatalf("a key acted behind help: prompt %v stage %d focus %d", h.m.prompt != nil, h.m.stage, h.m.focus)
	}
	h.want("KEYS · ? or esc closes", "help is open: keys do nothing behind it")
	h.keys("esc")
	h.wantNot("KEYS · ? or esc closes")
	h.keys("?", "?")
	h.wantNot("KEYS · ? or esc closes")
	h.keys("d")
	h.want("Draw On-hand cash in full: 2,000,000.00")
}

// TestSaleDayCapInDialog (item 6): the dialog's "day's maximum" is what
// the console lets through. TECH trades 600,000 a day; 20% is 120,000.
// 120,000.01 is refused on the field; 100,000 is sold; then the dialog
// offers the 20,000 left, and 20,000.01 is refused.
func TestSaleDayCapInDialog(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("4")
	h.selectCandidate("TECH")
	h.keys("s")
	h.want("the day's maximum is 120,000.00")
	h.typeText("120000.01")
	h.want("✗ past the day's cap: at most 120,000.00 of TECH may be sold today")
	h.keys("enter")
	if h.m.prompt == nil || h.m.prompt.cur != 0 {
		t.Fatal("a sale past the cap left the amount field")
	}
	for range "120000.01" {
		h.send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	h.typeText("100000")
	h.keys("enter", "enter")
	h.want("sell TECH 100,000")
	h.selectCandidate("TECH")
	h.keys("s")
	h.want("the day's maximum is 20,000.00")
	h.typeText("20000.01")
	h.want("✗ past the day's cap: at most 20,000.00 of TECH may be sold today")
	h.keys("esc")
	if n := h.events(); n != 2 { // the stage change and the one sale
		t.Fatalf("%d events", n)
	}
}

// TestReductionDeadlineOfItsCall (item 2): on the two-CCP book, LCH is
// due 11:00 and CME 16:00; futures close T+0 at the 15:00 cut-off. ES
// (at CME) is in time for CME's call, IRS (at LCH) is late for LCH's:
// the stage checked both against 11:00 before. `warroom liquidate` uses
// the same deadlines (engine.CallDeadlines), so the two agree.
func TestReductionDeadlineOfItsCall(t *testing.T) {
	d, err := drill.Builtin("two-ccps")
	if err != nil {
		t.Fatal(err)
	}
	h := newBookHarness(t, d.Book, d.Scenario, 140, 40)
	h.keys("4")
	byID := map[string]candidate{}
	for _, c := range h.m.d.drv.cands {
		byID[c.Position] = c
	}
	if !byID["ES"].InTime || byID["IRS"].InTime {
		t.Fatalf("ES in time %v, IRS in time %v", byID["ES"].InTime, byID["IRS"].InTime)
	}
	if got := byID["ES"].Deadline.Format("15:04"); got != "16:00" {
		t.Errorf("ES checked against %s", got)
	}
	if got := byID["IRS"].Deadline.Format("15:04"); got != "11:00" {
		t.Errorf("IRS checked against %s", got)
	}
	h.selectCandidate("ES")
	h.want("✓ settles in time for the call it serves, due 16:00")
	h.selectCandidate("IRS")
	h.want("✗ settles AFTER the call it serves is due (11:00): it does not count")
	cli, _ := engine.CallDeadlines(h.m.d.f.Stress)
	in := saleInput(h.m.d.snap)
	for cp, t0 := range cli {
		if !in.Deadlines[cp].Equal(t0) {
			t.Errorf("%s: console %v, liquidate %v", cp, in.Deadlines[cp], t0)
		}
	}
	for _, row := range strings.Split(h.screen(), "\n") {
		if strings.Contains(row, "IRS ") && strings.Contains(row, "✓") {
			t.Errorf("IRS row says in time: %q", row)
		}
	}
}

// TestDrillOverRefusesInConsole (item 5): after DRILL OVER a decision key
// says why and nothing is recorded; the playbook refuses it too.
func TestDrillOverRefusesInConsole(t *testing.T) {
	h, _, _ := newDrillHarness(t, 120, 40, false)
	for i := 0; i < 10 && !h.m.dr.done; i++ {
		h.keys(".")
	}
	if !h.m.dr.done {
		t.Fatal("the drill did not end")
	}
	h.want("DRILL OVER")
	n := h.events()
	h.keys("b", "2", "d")
	// The test drill ends with the firm insolvent at CME's 16:00 deadline.
	h.want("DRILL OVER at 16:00 (the drill is over: the firm is insolvent): no decision is accepted")
	if h.m.prompt != nil {
		t.Fatal("a prompt opened after the drill ended")
	}
	h.keys("n")
	if h.m.prompt != nil || h.events() != n {
		t.Fatalf("note after the end: prompt %v, events %d → %d", h.m.prompt != nil, n, h.events())
	}
	// A decision that reaches the backend anyway (another console, a
	// script) is refused by the playbook.
	h.run(decideCmd(h.inc, 0, []playbook.Decision{{Kind: playbook.Draw, Source: "cash", Operator: "bob"}}))
	h.want("✗ refused: the incident closed at Mon 16:00")
	if h.events() != n {
		t.Fatalf("events %d → %d", n, h.events())
	}
}

// TestPartialDrawFeeOnce (item 7): after 1.5m of the credit line the rest
// of it costs 681 more (680.55: the 10,000 fee was paid with the first
// draw), and the incident's liquidity cost after both is 10,972.22.
func TestPartialDrawFeeOnce(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("2", "j", "j", "j")
	h.wantRow("Committed credit line", "5,000,000", "—", "✓ in time", "10,972")
	h.keys("p")
	h.typeText("1.5m")
	h.keys("enter", "enter")
	h.wantRow("Committed credit line", "3,500,000", "1,500,000", "✓ in time", "681")
	h.keys("p")
	h.typeText("3.5m")
	h.keys("enter", "enter")
	if got := h.inc.Snapshot().Figures.LiquidityCost.StringFixed(2); got != "10972.22" {
		t.Fatalf("liquidity cost %s", got)
	}
}

// TestSurplusOnScreen (item 8): drawing every in-time tier in full puts
// 14,000,000 in hand against the 10,500,000 due: the header, the triage
// coverage (133%) and the waterfall's secured bar show the 3,500,000
// beyond the call instead of stopping at 10,500,000.
func TestSurplusOnScreen(t *testing.T) {
	h := newHarness(t, 130, 40)
	h.keys("2", "d", "enter", "j", "d", "enter", "j", "d", "enter", "j", "d", "enter")
	h.want("✓ COVERED shortfall 0", "secured in time 10,500,000 + 3,500,000 surplus")
	bar := false
	for _, l := range strings.Split(h.screen(), "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "secured ") && strings.Contains(t, "█") {
			bar = strings.HasSuffix(strings.TrimRight(strings.Split(t, "│")[0], " "), " 14,000,000")
		}
	}
	if !bar {
		t.Fatalf("the secured bar does not reach 14,000,000:\n%s", h.screen())
	}
	h.keys("1")
	h.want("secured 10,500,000 + surplus 3,500,000 + in time 0 = 14,000,000 of 10,500,000 due",
		"coverage 133.3% · ✓ covered, 3,500,000 more in hand than the calls need")
}
