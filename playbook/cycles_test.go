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

// TestCycleCallsInTheIncident: CME's intraday cycle calls the VM,
// 9,000,000, confirmed 13:30 CT = 14:30 ET Monday 16 March 2026; its
// end-of-day cycle the IM rise, 1,500,000, confirmed 07:30 CT = 08:30 ET
// Tuesday 17 March. At 08:00 the header's next deadline is 14:30 with
// 9,000,000 due and short. Cash (2,000,000, at once) goes to the intraday
// call: 7,000,000 short at 14:30. The MMF's 3,000,000 arrives 15:00, too
// late for 14:30, in time for Tuesday 08:30: it covers the 1,500,000 EOD
// call. Shortfall 7,000,000, secured 3,500,000.
func TestCycleCallsInTheIncident(t *testing.T) {
	b := arbWith(t, "    cycles:\n      - {id: intraday, confirm: \"13:30\", covers: vm}\n      - {id: eod, confirm: \"07:30\", days: 1}\n")
	inc, _ := open(t, b, &playbook.MemStore{})
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
	parts := f.Calls[0].Parts
	if len(parts) != 2 || parts[0].Cycle != "intraday" || parts[1].Cycle != "eod" {
		t.Fatalf("parts %+v", parts)
	}
	money(t, "intraday cash", parts[0].Cash, "2000000")
	money(t, "eod cash", parts[1].Cash, "1500000")
	// The remaining plan draws the repo and 3,000,000 of the credit line
	// for the intraday call: 4,000,000 + 3,000,000 = 7,000,000.
	for _, dr := range f.Plan.Draws {
		want := map[string]string{"repo": "4000000", "rcf": "3000000"}[dr.Source]
		money(t, "plan "+dr.Source, dr.Amount, want)
	}
}

// TestLodgementCutoffInTheIncident: CME lodges securities until 14:00 CT
// (15:00 ET), as the demo book says. At 14:00 ET a posting of Treasuries meets the 1,500,000 IM
// rise of the 16:00 call (shortfall 9,000,000). At 15:30 ET it would be
// lodged Tuesday 17 March 09:00 ET, after the deadline: refused.
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
