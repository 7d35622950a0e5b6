package playbook_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// arbWith is the Arb-Capital demo with CME given more fields.
func arbWith(t *testing.T, cme string) *engine.Book {
	t.Helper()
	src, err := book.DemoSource("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "    kind: ccp\n", "    kind: ccp\n"+cme, 1)
	b, err := book.Parse("arb-cycles.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const cmeCycles = "    cycles:\n      - {id: intraday, confirm: \"13:30\", covers: vm}\n      - {id: eod, confirm: \"07:30\", days: 1}\n"

// TestCycleCallsInTheIncident: CME's intraday cycle calls the VM,
// 9,000,000, confirmed 13:30 CT = 14:30 ET Monday 16 March 2026; its
// end-of-day cycle the IM rise, 1,500,000, confirmed 07:30 CT = 08:30 ET
// Tuesday 17 March: two estimated calls. At 08:00 the header's next
// deadline is 14:30 with 9,000,000 due and short. Cash (2,000,000, at
// once) goes to the intraday call: 7,000,000 short at 14:30. The MMF's
// 3,000,000 arrives 15:00, too late for 14:30, in time for Tuesday 08:30:
// it covers the 1,500,000 EOD call. Shortfall 7,000,000, secured
// 3,500,000; the remaining plan draws the repo, 4,000,000, and 3,000,000
// of the credit line for the intraday call.
func TestCycleCallsInTheIncident(t *testing.T) {
	inc, _ := open(t, arbWith(t, cmeCycles), &playbook.MemStore{})
	f := inc.Snapshot().Figures
	money(t, "due", f.Due, "10500000")
	if got := f.NextDeadline.Format(time.RFC3339); got != "2026-03-16T14:30:00-04:00" {
		t.Errorf("next deadline %s", got)
	}
	money(t, "next due", f.NextDue, "9000000")
	money(t, "next short", f.NextShortfall, "9000000")
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "cash"})
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "mmf"})
	f = inc.Snapshot().Figures
	money(t, "next short after cash and MMF", f.NextShortfall, "7000000")
	money(t, "shortfall", f.Shortfall, "7000000")
	money(t, "secured", f.Secured, "3500000")
	if len(f.Calls) != 2 || f.Calls[0].Label() != "CME intraday" || f.Calls[1].Label() != "CME" || f.Calls[1].Cycle != "eod" {
		t.Fatalf("calls %+v", f.Calls)
	}
	money(t, "intraday cash", f.Calls[0].Cash, "2000000")
	money(t, "eod cash", f.Calls[1].Cash, "1500000")
	money(t, "intraday IM part", f.Calls[0].IMPart, "0")
	money(t, "eod IM part", f.Calls[1].IMPart, "1500000")
	for _, dr := range f.Plan.Draws {
		want := map[string]string{"repo": "4000000", "rcf": "3000000"}[dr.Source]
		money(t, "plan "+dr.Source, dr.Amount, want)
	}
}

// TestCycleCallKeyedReplacesItsEstimate: CME calls 9,500,000 intraday
// (keyed, no deadline given: its cycle's, 14:30 ET). The intraday estimate
// gives way; the end-of-day estimate (1,500,000, Tuesday 08:30 ET) stays.
// A payment on the estimated EOD call is recorded against it.
func TestCycleCallKeyedReplacesItsEstimate(t *testing.T) {
	inc, _ := open(t, arbWith(t, cmeCycles), &playbook.MemStore{})
	decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Cycle: "intraday", Amount: d("9500000")})
	f := inc.Snapshot().Figures
	if len(f.Calls) != 2 {
		t.Fatalf("calls %+v", f.Calls)
	}
	var intraday, eod playbook.CallFigure
	for _, c := range f.Calls {
		switch c.Cycle {
		case "intraday":
			intraday = c
		case "eod":
			eod = c
		}
	}
	if !intraday.Actual || intraday.Deadline.Format(time.RFC3339) != "2026-03-16T14:30:00-04:00" {
		t.Errorf("intraday %+v", intraday)
	}
	money(t, "keyed intraday", intraday.Amount, "9500000")
	// The book's intraday cycle calls VM only: the keyed call is all VM,
	// which securities cannot meet.
	money(t, "keyed intraday IM part", intraday.IMPart, "0")
	if eod.Actual || eod.Deadline.Format(time.RFC3339) != "2026-03-17T08:30:00-04:00" {
		t.Errorf("eod %+v", eod)
	}
	money(t, "eod estimate", eod.Amount, "1500000")
	money(t, "due", f.Due, "11000000")
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "cash"})
	decide(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "CME", Cycle: "eod", Amount: d("1500000")})
	f = inc.Snapshot().Figures
	for _, c := range f.Calls {
		if c.Cycle == "eod" {
			money(t, "eod paid", c.Paid, "1500000")
			money(t, "eod due", c.Due, "0")
		}
	}
	money(t, "due after paying eod", f.Due, "9500000")
	// A cycle CME's book does not have is refused, naming those it has.
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Cycle: "morning", Amount: d("1"), Operator: "a"}); err == nil || !strings.Contains(err.Error(), "want intraday, eod") {
		t.Errorf("unknown cycle: %v", err)
	}
}

// TestLodgementCutoffInTheIncident: CME lodges securities until 14:00 CT
// (15:00 ET), as the demo book says. At 14:00 ET a posting of Treasuries
// meets the 1,500,000 IM rise of the 16:00 call (shortfall 9,000,000). At
// 15:30 ET it would be lodged Tuesday 17 March 09:00 ET, after the
// deadline: refused.
func TestLodgementCutoffInTheIncident(t *testing.T) {
	b := demo(t, "arb-capital")
	inc, clk := open(t, b, &playbook.MemStore{})
	clk.t = b.AsOf.Add(7*time.Hour + 30*time.Minute)
	_, err := inc.Decide(playbook.Decision{Kind: playbook.Post, Holding: "UST-2031", Counterparty: "CME", Operator: "a"})
	if playbook.ErrorCode(err) != playbook.Conflict || !strings.Contains(err.Error(), "lodged Tue 09:00") {
		t.Fatalf("late posting: %v", err)
	}
	clk.t = b.AsOf.Add(6 * time.Hour)
	decide(t, inc, playbook.Decision{Kind: playbook.Post, Holding: "UST-2031", Counterparty: "CME"})
	money(t, "shortfall", inc.Snapshot().Figures.Shortfall, "9000000")
}

// TestLateLodgementMeetsOnlyLaterCalls: with CME's cycles, a posting at
// 15:30 ET Monday (past the 14:00 CT cut-off) is lodged Tuesday 09:00 ET:
// after the EOD call's 08:30 deadline too, so it is refused; at 14:59 ET
// it is lodged at once and meets the EOD call's IM part, 1,500,000.
func TestLateLodgementMeetsOnlyLaterCalls(t *testing.T) {
	b := arbWith(t, cmeCycles)
	inc, clk := open(t, b, &playbook.MemStore{})
	clk.t = b.AsOf.Add(7*time.Hour + 30*time.Minute)
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Post, Holding: "UST-2031", Counterparty: "CME", Operator: "a"}); playbook.ErrorCode(err) != playbook.Conflict {
		t.Fatalf("late posting: %v", err)
	}
	clk.t = b.AsOf.Add(6*time.Hour + 59*time.Minute)
	decide(t, inc, playbook.Decision{Kind: playbook.Post, Holding: "UST-2031", Counterparty: "CME"})
	f := inc.Snapshot().Figures
	money(t, "eod posted", f.Calls[1].Posted, "1500000")
	money(t, "shortfall", f.Shortfall, "9000000")
}
