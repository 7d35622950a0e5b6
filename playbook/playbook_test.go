package playbook_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

var d = decimal.RequireFromString

// fixedClock is an incident clock the test moves by hand.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

func demo(t *testing.T, name string) *engine.Book {
	t.Helper()
	b, err := book.Demo(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func open(t *testing.T, b *engine.Book, store playbook.Store) (*playbook.Incident, *fixedClock) {
	t.Helper()
	clk := &fixedClock{b.AsOf}
	wall := func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC) }
	inc, err := playbook.Open(b, "", store, clk.now, wall)
	if err != nil {
		t.Fatal(err)
	}
	return inc, clk
}

func money(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(d(want)) {
		t.Errorf("%s = %s, want %s", what, engine.FormatMoney(got), want)
	}
}

func decide(t *testing.T, inc *playbook.Incident, dc playbook.Decision) playbook.Event {
	t.Helper()
	if dc.Operator == "" {
		dc.Operator = "alice"
	}
	e, err := inc.Decide(dc)
	if err != nil {
		t.Fatalf("%s: %v", dc.Kind, err)
	}
	return e
}

func TestDrawCashMovesShortfall(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	f := inc.Snapshot().Figures
	money(t, "due", f.Due, "10500000")
	money(t, "shortfall before", f.Shortfall, "10500000")
	e := decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "cash", Rationale: "first tier"})
	money(t, "draw resolved to", e.Amt(), "2000000")
	if e.Seq != 1 {
		t.Errorf("seq = %d", e.Seq)
	}
	money(t, "shortfall after cash", inc.Snapshot().Figures.Shortfall, "8500000")
}

func TestSeedWaterfallToZero(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	for _, src := range []string{"cash", "mmf", "repo"} {
		decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: src})
	}
	f := inc.Snapshot().Figures
	money(t, "shortfall after cash, mmf, repo", f.Shortfall, "1500000")
	// The plan for the rest is the seed's: 1.5M of the credit line.
	if len(f.Plan.Draws) != 1 || f.Plan.Draws[0].Source != "rcf" {
		t.Fatalf("remaining plan = %+v", f.Plan.Draws)
	}
	money(t, "recommended rcf", f.Plan.Draws[0].Amount, "1500000")
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "rcf", Amount: d("1500000")})
	f = inc.Snapshot().Figures
	money(t, "shortfall", f.Shortfall, "0")
	money(t, "secured", f.Secured, "10500000")
	if !f.Covered {
		t.Error("not covered")
	}
	// Sources left: rcf 3.5M; the repo line is used up.
	for _, s := range f.Sources {
		if s.ID == "rcf" {
			money(t, "rcf left", s.Left, "3500000")
		}
		if s.ID == "repo" {
			money(t, "repo left", s.Left, "0")
		}
	}
}

func TestRefusals(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	cases := []struct {
		name string
		d    playbook.Decision
		code playbook.Code
	}{
		{"overdraw", playbook.Decision{Kind: playbook.Draw, Source: "cash", Amount: d("2000000.01")}, playbook.Conflict},
		{"unknown source", playbook.Decision{Kind: playbook.Draw, Source: "nope"}, playbook.NotFound},
		{"negative", playbook.Decision{Kind: playbook.Draw, Source: "cash", Amount: d("-1")}, playbook.Invalid},
		{"sell more than held", playbook.Decision{Kind: playbook.Liquidate, Position: "TECH", Amount: d("15000000.01")}, playbook.Conflict},
		{"reverse nothing", playbook.Decision{Kind: playbook.Reverse, Target: 9}, playbook.NotFound},
		{"no operator", playbook.Decision{Kind: playbook.Note, Text: "x", Operator: " "}, playbook.Invalid},
		{"ineligible post", playbook.Decision{Kind: playbook.Post, Holding: "UST-2031", Counterparty: "nobody"}, playbook.NotFound},
	}
	for _, c := range cases {
		if c.d.Operator == "" {
			c.d.Operator = "alice"
		}
		_, err := inc.Decide(c.d)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if got := playbook.ErrorCode(err); got != c.code {
			t.Errorf("%s: code %s (%v), want %s", c.name, got, err, c.code)
		}
	}
	if n := len(inc.Snapshot().Events); n != 0 {
		t.Errorf("refusals recorded %d events", n)
	}
}

func TestWithdrawnSourceRefused(t *testing.T) {
	inc, _ := open(t, demo(t, "helios"), &playbook.MemStore{})
	f := inc.Snapshot().Figures
	money(t, "helios due", f.Due, "40000000")
	_, err := inc.Decide(playbook.Decision{Kind: playbook.Draw, Source: "pb-credit", Operator: "a"})
	if playbook.ErrorCode(err) != playbook.Conflict {
		t.Fatalf("drawing withdrawn credit: %v", err)
	}
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "buffer"})
	money(t, "helios shortfall", inc.Snapshot().Figures.Shortfall, "25000000")
}

func TestReverseRestores(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	e := decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "mmf", Amount: d("1000000")})
	money(t, "after partial mmf", inc.Snapshot().Figures.Shortfall, "9500000")
	decide(t, inc, playbook.Decision{Kind: playbook.Reverse, Target: e.Seq, Rationale: "wrong tier"})
	money(t, "after reversal", inc.Snapshot().Figures.Shortfall, "10500000")
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Reverse, Target: e.Seq, Operator: "a"}); playbook.ErrorCode(err) != playbook.Conflict {
		t.Errorf("second reversal: %v", err)
	}
	if n := len(inc.Snapshot().Events); n != 2 {
		t.Errorf("events = %d, want 2 (the draw stays in the log)", n)
	}
}

func TestPostCollateralCoversIM(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	// 1,500,000 of IM increase / (1 − 0.02) = 1,530,612.2449 → 1,530,612.25,
	// rounded up so the requirement is never short; CME credits
	// 1,530,612.25 × 0.98 = 1,500,000.005 → 1,500,000.00.
	e := decide(t, inc, playbook.Decision{Kind: playbook.Post, Holding: "UST-2031", Counterparty: "CME"})
	money(t, "posted value", e.Val(), "1530612.25")
	money(t, "credit", e.Amt(), "1500000")
	f := inc.Snapshot().Figures
	money(t, "shortfall", f.Shortfall, "9000000")
	for _, h := range f.Holdings {
		money(t, "free UST", h.Free, "3469387.75")
	}
	// Posting again: the IM part is covered and VM is cash only at a CCP.
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Post, Holding: "UST-2031", Counterparty: "CME", Operator: "a"}); playbook.ErrorCode(err) != playbook.Conflict {
		t.Errorf("second post: %v", err)
	}
}

func TestFailedWriteChangesNothing(t *testing.T) {
	store := &playbook.MemStore{}
	inc, _ := open(t, demo(t, "arb-capital"), store)
	store.Fail = errors.New("disk full")
	_, err := inc.Decide(playbook.Decision{Kind: playbook.Draw, Source: "cash", Operator: "a"})
	if playbook.ErrorCode(err) != playbook.Internal {
		t.Fatalf("err = %v", err)
	}
	money(t, "shortfall", inc.Snapshot().Figures.Shortfall, "10500000")
	if len(inc.Snapshot().Events) != 0 {
		t.Error("a failed write left an event")
	}
}

func TestFourEyes(t *testing.T) {
	b := demo(t, "arb-capital")
	b.FourEyes = engine.Controls{Enabled: true, SourceKinds: []engine.SourceKind{engine.SourceCreditLine}}
	inc, _ := open(t, b, &playbook.MemStore{})
	req := decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "rcf", Amount: d("1500000"), Operator: "alice"})
	if !req.Held {
		t.Fatal("credit line draw not held for approval")
	}
	money(t, "shortfall while held", inc.Snapshot().Figures.Shortfall, "10500000")
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Approve, Target: req.Seq, Operator: "alice"}); playbook.ErrorCode(err) != playbook.Conflict {
		t.Fatalf("self-approval: %v", err)
	}
	decide(t, inc, playbook.Decision{Kind: playbook.Approve, Target: req.Seq, Operator: "bob"})
	money(t, "shortfall after approval", inc.Snapshot().Figures.Shortfall, "9000000")
}

func TestSaleReleasesIMAndRemarks(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	// Closing 10,000,000 of ES (engine figures): impact cost 1,560.66,
	// IM released 6,000,000 × 10/40 = 1,500,000.00, re-mark VM on the
	// remaining 30,000,000 of 1,590.99. CME's call falls by 1,496,848.35.
	decide(t, inc, playbook.Decision{Kind: playbook.Liquidate, Position: "ES", Amount: d("10000000")})
	f := inc.Snapshot().Figures
	money(t, "CME call after the sale", f.Calls[0].Amount, "9003151.65")
	money(t, "sale cost", f.SaleCost, "1560.66")
	// Selling the tech stock raises cash only at T+2, after the deadline.
	e := decide(t, inc, playbook.Decision{Kind: playbook.Liquidate, Position: "TECH", Amount: d("120000")})
	money(t, "TECH proceeds", e.Amt(), "115551.73")
	money(t, "shortfall unchanged by a late sale", inc.Snapshot().Figures.Shortfall, "9003151.65")
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Reverse, Target: e.Seq, Operator: "a"}); playbook.ErrorCode(err) != playbook.Conflict {
		t.Errorf("reversing a sale: %v", err)
	}
}
