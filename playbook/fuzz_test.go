package playbook_test

import (
	"testing"
	"time"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

// FuzzDecodeApply feeds arbitrary bytes to the event decoder, and whatever
// decodes to Apply and Compute: a damaged or hostile log must give an
// error, never a panic, and never a negative shortfall.
func FuzzDecodeApply(f *testing.F) {
	b, err := book.Demo("arb-capital")
	if err != nil {
		f.Fatal(err)
	}
	at := b.AsOf
	seeds := []playbook.Event{
		{Kind: playbook.Draw, Operator: "a", Source: "cash", At: at},
		{Kind: playbook.Post, Operator: "a", Holding: "UST-2031", Counterparty: "CME", At: at},
		{Kind: playbook.Liquidate, Operator: "a", Position: "TECH", At: at},
		{Kind: playbook.Reverse, Operator: "a", Target: 1, At: at},
		{Kind: playbook.Approve, Operator: "b", Target: 1, At: at},
		{Kind: playbook.Market, Operator: "feed", At: at, Market: &playbook.MarketMove{Headline: "x"}},
		{Kind: playbook.Status, Operator: "a", Counterparty: "CME", Status: "paid", At: at},
		{Kind: playbook.KeyCall, Operator: "a", Counterparty: "CME", At: at, Cycle: playbook.CycleIntraday},
		{Kind: playbook.Pay, Operator: "a", Counterparty: "CME", At: at, Spent: []playbook.Spend{{Seq: 1, Source: "cash"}}},
		{Kind: playbook.Dispute, Operator: "a", Counterparty: "CME", At: at, Reason: "mta"},
		{Kind: playbook.Resolve, Operator: "a", Counterparty: "CME", At: at, Call: 3},
	}
	for _, e := range seeds {
		data, err := playbook.Encode(e)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"v":1,"kind":"draw","source":"cash","amount":"-5","arrives_at":"0001-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"v":99,"kind":"draw"}`))
	f.Add([]byte(`{"v":1,"kind":"liquidate","position":"ES","value":"1e400"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := playbook.Decode(1, data)
		if err != nil {
			return
		}
		s, err := playbook.NewState(b, "")
		if err != nil {
			t.Fatal(err)
		}
		if s, err = playbook.Apply(s, e); err != nil {
			return
		}
		fig := playbook.Compute(s, at.Add(time.Hour))
		if fig.Shortfall.Sign() < 0 {
			t.Fatalf("negative shortfall %s from %s", fig.Shortfall, data)
		}
	})
}
