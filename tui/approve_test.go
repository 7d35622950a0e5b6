package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// TestWithdrawSourceFromConsole (issue 19, item 10): the console records
// that a source was withdrawn. The MMF's 3,000,000 stops counting: in
// time falls from 14,000,000 (2m + 3m + 4m + 5m) to 11,000,000, and a draw
// on it is refused; w again restores it.
func TestWithdrawSourceFromConsole(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.want("secured 0 + in time 14,000,000 = 14,000,000 of 10,500,000 due")
	h.keys("2", "j", "w")
	h.want("Record that Money market fund is WITHDRAWN", "the 3,000,000 left can no longer be drawn")
	h.typeText("the fund gates redemptions")
	h.keys("enter")
	h.want("market: Money market fund withdrawn: the fund gates redemptions")
	h.wantRow("Money market fund", "3,000,000", "—", "T+0", "15:00", "⊘ withdrawn")
	if f := h.inc.Snapshot().Figures; f.Shortfall.StringFixed(2) != "10500000.00" {
		t.Fatalf("shortfall %s", f.Shortfall)
	}
	h.keys("d")
	h.want("✗ Money market fund is withdrawn in this scenario: it cannot be drawn")
	h.keys("1")
	h.want("secured 0 + in time 11,000,000 = 11,000,000 of 10,500,000 due")
	h.keys("2", "w")
	h.want("Record that Money market fund is available again")
	h.typeText("the fund reopens")
	h.keys("enter", "1")
	h.want("in time 14,000,000")
}

// fourEyesBook is Arb-Capital with four-eyes on credit-line draws.
func fourEyesBook(t *testing.T) *engine.Book {
	t.Helper()
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	b.FourEyes = engine.Controls{Enabled: true, SourceKinds: []engine.SourceKind{engine.SourceCreditLine}}
	return b
}

// TestApproveHeldFromConsole (item 10): alice's draw of the 5,000,000
// credit line is held (no figure moves: shortfall 10,500,000); A asks who
// signs; alice's own name is refused (four-eyes); bob's approval releases
// it and the shortfall falls to 5,500,000.
func TestApproveHeldFromConsole(t *testing.T) {
	h := newBookHarness(t, fourEyesBook(t), "", 120, 40)
	h.keys("A")
	h.want("nothing is held for approval")
	h.keys("2", "j", "j", "j", "d", "enter")
	h.want("⧗ HELD for approval", "A approves, R rejects", "✗ SHORTFALL 10,500,000")
	h.keys("A")
	h.want("Approve #2: draw rcf 5,000,000 ⧗ HELD for approval (asked by alice)", "alice cannot approve their own request")
	h.typeText("alice")
	h.keys("enter")
	h.want("four-eyes: alice asked for it; another operator signs")
	for range "alice" {
		h.send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	h.typeText("bob")
	h.keys("enter")
	h.typeText("within the line's limit")
	h.keys("enter")
	h.want("✗ SHORTFALL 5,500,000", "approved by bob (#3)")
	evs := h.inc.Snapshot().Events
	if e := evs[len(evs)-1]; e.Kind != playbook.Approve || e.Operator != "bob" || e.Target != 2 {
		t.Fatalf("last event %s by %s on #%d", e.Kind, e.Operator, e.Target)
	}
	h.keys("A")
	h.want("nothing is held for approval")
}
