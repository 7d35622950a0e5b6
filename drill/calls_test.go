package drill

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

// Scripted events dispute and revise calls. CME calls 10,500,000 at
// 09:00; the script disputes 500,000 of it at 09:30 (10,000,000 due), and
// CME revises its call to 10,200,000 at 10:00 (the dispute lapses:
// 10,200,000 due). The drill ends at 17:00 with nothing drawn: the call is
// missed and no dispute is open.
func TestScriptedDisputeAndRevision(t *testing.T) {
	src := []byte(`drill: calls
title: dispute and revise
book_demo: arb-capital
scenario: equity-crash
start: scenario
ends: "17:00"
events:
  - {at: "09:00", kind: call, counterparty: CME, amount: 10500000, cycle: eod}
  - {at: "09:30", kind: dispute, counterparty: CME, amount: 500000, reason: valuation}
  - {at: "10:00", kind: revise, counterparty: CME, amount: 10200000}
`)
	dr, err := Parse("calls.yaml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	deb, err := Play(dr, &playbook.MemStore{}, AutoNone, wall)
	if err != nil {
		t.Fatal(err)
	}
	if len(deb.Calls) != 1 || deb.Disputes != 1 || deb.DisputesOpen != 0 {
		t.Fatalf("calls %+v disputes %d open %d", deb.Calls, deb.Disputes, deb.DisputesOpen)
	}
	money(t, "revised call", deb.Calls[0].Amount, "10200000")
	money(t, "due", deb.Calls[0].Due, "10200000")
	bad := []byte(`drill: calls
title: x
book_demo: arb-capital
ends: "17:00"
events:
  - {at: "09:30", kind: dispute, counterparty: CME, amount: 1, reason: mood}
`)
	if _, err := Parse("bad.yaml", bad, nil); err == nil {
		t.Error("a dispute reason outside the Acadia set was accepted")
	}
}

// Calls paid late and disputes left open are scored. CME's call is due
// 16:00; 2,000,000 of it is paid at 17:00 (late: −25) and 100,000 is
// still in dispute at the end (−10).
func TestDebriefScoresLatePaymentsAndOpenDisputes(t *testing.T) {
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	clk := b.AsOf
	inc, err := playbook.Open(b, "", &playbook.MemStore{}, func() time.Time { return clk }, wall)
	if err != nil {
		t.Fatal(err)
	}
	for _, dc := range []playbook.Decision{
		{Kind: playbook.KeyCall, Counterparty: "CME", Amount: decimal.NewFromInt(10500000)},
		{Kind: playbook.Dispute, Counterparty: "CME", Amount: decimal.NewFromInt(100000)},
		{Kind: playbook.Draw, Source: "cash"},
	} {
		dc.Operator = "alice"
		if _, err := inc.Decide(dc); err != nil {
			t.Fatal(err)
		}
	}
	clk = b.Deadline.Add(time.Hour)
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Pay, Counterparty: "CME", Amount: decimal.NewFromInt(2000000), Operator: "alice"}); err != nil {
		t.Fatal(err)
	}
	deb, err := Compute("x", b, "", inc.Snapshot().Events, clk)
	if err != nil {
		t.Fatal(err)
	}
	if deb.PaidLate != 1 || deb.DisputesOpen != 1 || !deb.Calls[0].PaidLate {
		t.Fatalf("paid late %d, open disputes %d", deb.PaidLate, deb.DisputesOpen)
	}
	want, _ := ScoreOf(0, false, deb.LiquidityCost, deb.SaleCost, deb.FireSaleLoss, deb.PeakDue, false, 0)
	if deb.Score != want-35 {
		t.Errorf("score %d, want %d − 25 − 10", deb.Score, want)
	}
}
