package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/playbook"
)

// The communication stage keys a call, shows a disputed call with its
// undisputed part, and drafts the matching message. CME calls 11,000,000;
// 600,000 is disputed on valuation: 11,000,000 − 600,000 = 10,400,000 is
// due by 16:00, and the header's due and shortfall say so.
func TestCommsDisputedCall(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("5", "c")
	h.want("Key a call received")
	h.keys("enter") // counterparty: CME, prefilled from the selected row
	h.typeText("11m")
	h.keys("enter", "enter", "enter", "enter", "enter")
	h.want("✗ SHORTFALL 11,000,000", "● called", "CME Clearing #2")
	h.keys("s")
	h.typeText("d")
	h.keys("enter")
	h.typeText("600k")
	h.keys("enter")
	h.typeText("valuation")
	h.want("CME (#") // the preview: the playbook's own figures
	h.want("due 10,400,000, 600,000 disputed · shortfall 10,400,000")
	h.keys("enter", "enter")
	h.want("✗ SHORTFALL 10,400,000", "due 10,400,000", "⚑ disputed",
		"⚑ 600,000 disputed (valuation) · undisputed 10,400,000 due by 16:00 · 600,000 due on resolution")
	h.keys("m")
	h.want("We dispute 600,000.00 of your margin call of 11,000,000.00 (reason: valuation). We agree the undisputed amount")
	h.wantNot("we will meet")
	h.keys("esc")
	// Paying more than is due is refused before enter, with the reason.
	h.keys("s")
	h.typeText("p")
	h.keys("enter")
	h.typeText("10.5m")
	h.want("✗ cannot pay 10,500,000.00 on CME's call: 10,400,000.00 is due; the 600,000.00 disputed is due on resolution")
}

// Drafts speak of their own call: no shortfall, no other call's funds,
// no promise to settle a call that is not covered; a payment confirmation
// once paid.
func TestDraftsByPhase(t *testing.T) {
	now := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	c := playbook.CallFigure{Counterparty: "CME", Amount: decimal.NewFromInt(5000000), Due: decimal.NewFromInt(5000000),
		Shortfall: decimal.NewFromInt(3000000), Deadline: now.Add(8 * time.Hour)}
	got := draft(c, now)
	if !strings.HasPrefix(got, "We acknowledge receipt of your margin call of 5,000,000.00, due 16:00. We will confirm settlement") ||
		strings.Contains(got, "3,000,000") || strings.HasPrefix(got, "CME") {
		t.Errorf("short call: %q", got)
	}
	c.Shortfall = decimal.Zero
	if got := draft(c, now); !strings.Contains(got, "Settlement of 5,000,000.00 is arranged for 16:00.") {
		t.Errorf("covered call: %q", got)
	}
	c.Paid, c.Due, c.Status.Status = decimal.NewFromInt(5000000), decimal.Zero, playbook.StatusPaid
	if got := draft(c, now); got != "We confirm payment of 5,000,000.00 in settlement of your margin call of 5,000,000.00." {
		t.Errorf("paid call: %q", got)
	}
	c.Paid, c.Due, c.Status.Status = decimal.NewFromInt(1000), decimal.NewFromInt(4999000), playbook.StatusPartlyPaid
	c.Ledger.AskedUntil = now.Add(9 * time.Hour)
	if got := draft(c, now); got != "We request an extension of the deadline for your margin call of 5,000,000.00 from 16:00 to 17:00." {
		t.Errorf("extension: %q", got)
	}
}
