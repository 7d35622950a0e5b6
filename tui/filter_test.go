package tui

import "testing"

// TestFilterByID: a treasurer types a source's id as often as its name;
// "/mmf" keeps the money market fund ("2 Money market fund" shows no
// "mmf"), "/cash" the on-hand cash, in any case, and a draw on the row
// kept draws that source.
func TestFilterByID(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("2", "/")
	h.typeText("mmf")
	h.want("/mmf▏ 1 of 5 rows", "› 2 Money market fund")
	h.wantNot("1 On-hand cash")
	h.keys("enter")
	h.want(`▶ 2 LIQUIDITY · filter "mmf" 1/5`)
	h.keys("d", "enter")
	h.want("✓ recorded #2 draw mmf 3,000,000")

	h.keys("/", "esc", "/")
	h.typeText("cash")
	h.want("/cash▏ 1 of 5 rows", "› 1 On-hand cash")
	h.wantNot("2 Money market fund")
	h.keys("esc", "/")
	h.typeText("RCF")
	h.want("/RCF▏ 1 of 5 rows", "› 4 Committed credit line")
	h.keys("esc")
}

// TestFilterLogByName: the log names sources by id ("draw mmf"); a filter
// by the name the waterfall shows finds it too.
func TestFilterLogByName(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("2", "d", "enter", "j", "d", "enter") // cash, mmf
	h.keys("tab", "/")
	h.typeText("money")
	h.want("/money▏ 1 of 3 rows", "draw mmf 3,000,000")
	h.wantNot("draw cash 2,000,000")
	h.keys("esc")
}

// TestFilterByCounterpartyName: the collateral stage's eligible rows show
// the call's counterparty by id (CME); its name finds them as well, and
// the postings show the holding by id, found by its name.
func TestFilterByCounterpartyName(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("3", "/")
	h.typeText("clearing")
	h.want("/clearing▏ 1 of 1 rows", "UST-2031 US Treasury")
	h.keys("enter", "P", "enter", "enter")
	h.want("POSTINGS")
	h.keys("/", "esc", "/")
	h.typeText("4.25%")
	// The eligible row (its name shown) and the posting (by id).
	h.want("/4.25%▏ 2 of 2 rows")
	h.keys("esc")
}
