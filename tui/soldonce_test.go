package tui

import "testing"

// TestSoldOnceInConsole: a position is sold once, on the console's stages
// as in the playbook (playbook TestPositionSoldOnce works the figures).
// Selling 100,000 of TECH at stage 4 leaves the waterfall's tier the rest,
// 14,900,000: 10,000,000 × 14,900,000 / 15,000,000 = 9,933,333.33, at an
// impact cost on the rest of 14,900,000 × (0.008 + 0.065 × √(14,900,000 /
// 600,000)) = 4,945,531. Drawing all of it sells the rest: TECH leaves the
// candidates, and stage 4 says what the tier sold.
func TestSoldOnceInConsole(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("4")
	h.selectCandidate("TECH")
	h.keys("s")
	h.typeText("100000")
	h.keys("enter", "enter")
	h.want("sell TECH 100,000")
	h.keys("2")
	h.want("9,933,333", "4,945,531", "sell-tech: model loss 4,945,531 (14,900,000 unsold, raises 9,954,469)")
	h.keys("j", "j", "j", "j", "d")
	h.want("Draw Fire sale of tech stock in full: 9,933,333.33")
	h.keys("enter")
	h.keys("4")
	h.want("#4 draw sell-tech: 14,900,000 of TECH sold by the tier, 0 left")
	for i := 0; i < 6; i++ {
		if c, ok := h.m.reduction.selected(); ok && c.Position == "TECH" {
			t.Fatal("TECH is still a candidate after all of it was sold")
		}
		h.keys("j")
	}
	if f := h.inc.Snapshot().Figures; !f.SoldOf("TECH").Left().IsZero() {
		t.Fatalf("TECH left %s", f.SoldOf("TECH").Left())
	}
}
