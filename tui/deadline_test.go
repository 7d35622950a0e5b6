package tui

import (
	"testing"
	"time"

	"github.com/warroom/warroom/book"
)

// TestMetNotOverdue (issue 19, item 11): once CME's 16:00 deadline has
// passed, a call that was covered in time reads "✓ met", never OVERDUE
// beside it, and the header does not say "every deadline met" beside "1
// call open"; a call still short then is OVERDUE in the row and the header.
func TestMetNotOverdue(t *testing.T) {
	for _, covered := range []bool{true, false} {
		b, err := book.Demo("arb-capital")
		if err != nil {
			t.Fatal(err)
		}
		at := b.AsOf
		h := newClockHarness(t, b, "", func() time.Time { return at }, 140, 40)
		if covered {
			h.keys("2", "d", "enter", "j", "d", "enter", "j", "d", "enter", "j", "p")
			h.typeText("1.5m")
			h.keys("enter", "enter")
		}
		at = at.Add(9 * time.Hour) // 17:00, an hour after the deadline
		h.send(tickMsg{h.inc.Snapshot()})
		h.keys("1")
		if covered {
			h.want("✓ COVERED shortfall 0", "every deadline met", "1 met, not yet marked paid")
			h.wantRow("CME Clearing", "10,500,000", "16:00", "✓ met 1h00m ago", "✓ met")
			h.wantNot("OVERDUE")
			h.wantNot("1 call open")
		} else {
			h.want("OVERDUE: every deadline has passed", "1 call open")
			h.wantRow("CME Clearing", "10,500,000", "16:00", "OVERDUE 1h00m", "✗ 10,500,000")
		}
	}
}
