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
		h := newClockHarness(t, b, "", func() time.Time { return at }, 220, 40)
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
			h.wantRow("CME Clearing", "10,500,000", "16:00", "passed 1h00m", "✓ met")
			h.keys("5") // the comms rows too
			h.wantNot("OVERDUE")
			h.wantRow("CME Clearing", "16:00", "passed 1h00m")
			h.wantNot("OVERDUE")
			h.wantNot("1 call open")
		} else {
			h.want("OVERDUE: every deadline has passed", "1 call open")
			h.wantRow("CME Clearing", "10,500,000", "16:00", "OVERDUE 1h00m", "✗ 10,500,000")
		}
	}
}

// TestFireSaleLossExplained (issue 19, item 12): the waterfall says why
// the tech stock's loss is 4,995,000 where the seed estimates 5,000,000:
// the first is the impact model's on the 15,000,000 stressed value, the
// second the book's cap on the proceeds (10,000,000) read as a loss.
func TestFireSaleLossExplained(t *testing.T) {
	h := newHarness(t, 200, 40)
	h.keys("2")
	h.want("sell-tech: loss 4,995,000 is the impact model's, selling its 15,000,000 stressed value (it would raise 10,005,000)",
		"the book's estimate caps the sale at 10,000,000: a 5,000,000 loss")
}

// TestDebriefCountsForcedSales (item 12): nobody draws in the test drill,
// so CME's 16:00 call is missed and CME closes futures. Those sales' whole
// cost is fire-sale loss (it read 0: none passed the 10% threshold), and
// the debrief names the liquidity nobody drew.
func TestDebriefCountsForcedSales(t *testing.T) {
	h, _, _ := newDrillHarness(t, 160, 60, false)
	for i := 0; i < 10 && !h.m.dr.done; i++ {
		h.keys(".")
	}
	db := h.m.dr.debrief
	if db == nil {
		t.Fatal("no debrief")
	}
	if db.ForcedLoss.Sign() <= 0 || !db.FireSaleLoss.Equal(db.SaleCost) || !db.ForcedLoss.Equal(db.SaleCost) {
		t.Fatalf("forced loss %s, fire-sale loss %s, sale cost %s", db.ForcedLoss, db.FireSaleLoss, db.SaleCost)
	}
	loss := whole(db.FireSaleLoss)
	h.want("fire-sale loss "+loss, "forced sales after missed calls: "+whole(db.ForcedValue)+" sold, loss "+loss,
		"UNDRAWN · liquidity the firm had and nobody drew", "On-hand cash 2,000,000: never drawn")
	h.wantNot("fire-sale loss 0 ")
}
