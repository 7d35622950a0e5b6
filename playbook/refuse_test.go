package playbook_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// TestSaleDayCap: the day's cap shown in the dialog is the playbook's
// rule. TECH trades 600,000 a day; 20% of it is 120,000.00. Worked:
//   - 100,000 then 20,000 today: 120,000, exactly the cap: accepted;
//   - one cent more after that: refused, naming the cap and what is left;
//   - 120,000.01 at once: refused;
//   - the next business day (Tuesday) the cap is whole again.
func TestSaleDayCap(t *testing.T) {
	b := demo(t, "arb-capital")
	inc, clk := open(t, b, &playbook.MemStore{})
	sell := func(v string) error {
		_, err := inc.Decide(playbook.Decision{Kind: playbook.Liquidate, Operator: "alice", Position: "TECH", Amount: d(v)})
		return err
	}
	err := sell("120000.01")
	if playbook.ErrorCode(err) != playbook.Conflict || !strings.Contains(err.Error(), "the day's cap is 120,000.00") {
		t.Fatalf("120,000.01 at once: %v", err)
	}
	if err := sell("100000"); err != nil {
		t.Fatal(err)
	}
	if err := sell("20000"); err != nil {
		t.Fatalf("up to the cap exactly: %v", err)
	}
	err = sell("0.01")
	if err == nil || !strings.Contains(err.Error(), "120,000.00 sold today, 0.00 left") {
		t.Fatalf("a cent past the cap: %v", err)
	}
	if got := playbook.DayLeft(inc.Snapshot().Figures, mustPos(t, b, "TECH"), clk.t); !got.IsZero() {
		t.Fatalf("day left %s", got)
	}
	clk.t = clk.t.Add(24 * time.Hour)
	if err := sell("120000"); err != nil {
		t.Fatalf("the next day: %v", err)
	}
}

// TestClosedIncidentRefuses: after a close event (a drill's end) every
// decision is refused, whoever sends it; the log replays to the same
// closed state.
func TestClosedIncidentRefuses(t *testing.T) {
	b := demo(t, "arb-capital")
	store := &playbook.MemStore{}
	inc, _ := open(t, b, store)
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Close, Operator: "drill"}); playbook.ErrorCode(err) != playbook.Invalid {
		t.Fatalf("close without a reason: %v", err)
	}
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Close, Operator: "drill", Text: "the drill is over"}); err != nil {
		t.Fatal(err)
	}
	for _, dc := range []playbook.Decision{
		{Kind: playbook.Draw, Source: "cash"},
		{Kind: playbook.Note, Text: "late"},
		{Kind: playbook.Liquidate, Position: "TECH", Amount: d("1000")},
		{Kind: playbook.Close, Text: "again"},
	} {
		dc.Operator = "alice"
		_, err := inc.Decide(dc)
		if playbook.ErrorCode(err) != playbook.Conflict || !strings.Contains(err.Error(), "no decision is accepted after it") {
			t.Errorf("%s after close: %v", dc.Kind, err)
		}
	}
	again, _ := open(t, b, store)
	if s := again.Snapshot().State; !s.Closed || s.ClosedWhy != "the drill is over" || len(again.Snapshot().Events) != 1 {
		t.Fatalf("replayed: closed %v why %q", s.Closed, s.ClosedWhy)
	}
}

func mustPos(t *testing.T, b *engine.Book, id string) engine.Position {
	t.Helper()
	p, ok := b.Position(id)
	if !ok {
		t.Fatalf("no position %s", id)
	}
	return p
}

// TestCreditLineFeeOnce (item 7): drawing the committed line 1.5m then
// 3.5m costs what 5m at once does, 10,972.22 (worked in engine's
// TestFurtherCostFeeOnce: 972.22 interest + one 10,000 fee), not the
// 20,972.23 a fee per draw gave. Reversing the second draw leaves the
// first's 10,291.67.
func TestCreditLineFeeOnce(t *testing.T) {
	b := demo(t, "arb-capital")
	cost := func(amounts ...string) (string, *playbook.Incident) {
		inc, _ := open(t, b, &playbook.MemStore{})
		for _, a := range amounts {
			if _, err := inc.Decide(playbook.Decision{Kind: playbook.Draw, Operator: "alice", Source: "rcf", Amount: d(a)}); err != nil {
				t.Fatal(err)
			}
		}
		return inc.Snapshot().Figures.LiquidityCost.StringFixed(2), inc
	}
	whole, _ := cost("5000000")
	split, inc := cost("1500000", "3500000")
	if whole != "10972.22" || split != "10972.22" {
		t.Fatalf("5m at once %s, 1.5m + 3.5m %s; want 10972.22 both", whole, split)
	}
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Reverse, Operator: "alice", Target: 2}); err != nil {
		t.Fatal(err)
	}
	if got := inc.Snapshot().Figures.LiquidityCost.StringFixed(2); got != "10291.67" {
		t.Fatalf("after reversing the 3.5m: %s", got)
	}
}

// TestSurplusVisible (item 8): Secured stops at the amount due; Surplus is
// what is in hand beyond it. Worked on Arb-Capital's 10,500,000 call:
//   - cash 2m + MMF 3m + repo 4m + line 1.5m = 10,500,000: surplus 0;
//   - the whole line instead (5m): 14,000,000 drawn, 3,500,000 surplus;
//   - plus the tech sale (arrives Wednesday, after the 16:00 deadline):
//     still 3,500,000, a late draw is not liquidity for today.
func TestSurplusVisible(t *testing.T) {
	b := demo(t, "arb-capital")
	cases := []struct {
		draws   [][2]string
		secured string
		surplus string
	}{
		{[][2]string{{"cash", ""}, {"mmf", ""}, {"repo", ""}, {"rcf", "1500000"}}, "10500000.00", "0.00"},
		{[][2]string{{"cash", ""}, {"mmf", ""}, {"repo", ""}, {"rcf", ""}}, "10500000.00", "3500000.00"},
		{[][2]string{{"cash", ""}, {"mmf", ""}, {"repo", ""}, {"rcf", ""}, {"sell-tech", ""}}, "10500000.00", "3500000.00"},
	}
	for i, c := range cases {
		inc, _ := open(t, b, &playbook.MemStore{})
		for _, dr := range c.draws {
			dc := playbook.Decision{Kind: playbook.Draw, Operator: "alice", Source: dr[0]}
			if dr[1] != "" {
				dc.Amount = d(dr[1])
			}
			if _, err := inc.Decide(dc); err != nil {
				t.Fatal(err)
			}
		}
		f := inc.Snapshot().Figures
		if f.Secured.StringFixed(2) != c.secured || f.Surplus.StringFixed(2) != c.surplus || !f.Covered {
			t.Errorf("case %d: secured %s surplus %s covered %v", i, f.Secured.StringFixed(2), f.Surplus.StringFixed(2), f.Covered)
		}
	}
}

// TestApprovedSalesKeepTheDayCap: two held fire sales of 100,000 of TECH
// (cap 120,000 a day): the first approval leaves 20,000, so the second is
// refused rather than sell 200,000 in a day.
func TestApprovedSalesKeepTheDayCap(t *testing.T) {
	b := demo(t, "arb-capital")
	b.Liquidation.FireSale = d("0.01") // a 3.7% cost is a fire sale here
	b.FourEyes = engine.Controls{Enabled: true, FireSales: true}
	inc, _ := open(t, b, &playbook.MemStore{})
	for i := 0; i < 2; i++ {
		e, err := inc.Decide(playbook.Decision{Kind: playbook.Liquidate, Operator: "alice", Position: "TECH", Amount: d("100000")})
		if err != nil || !e.Held {
			t.Fatalf("sale %d: held %v, %v", i, e.Held, err)
		}
	}
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Approve, Operator: "bob", Target: 1}); err != nil {
		t.Fatal(err)
	}
	_, err := inc.Decide(playbook.Decision{Kind: playbook.Approve, Operator: "bob", Target: 2})
	if playbook.ErrorCode(err) != playbook.Conflict || !strings.Contains(err.Error(), "past the day's cap (20,000.00 left)") {
		t.Fatalf("second approval: %v", err)
	}
}
