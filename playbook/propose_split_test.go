package playbook_test

import (
	"testing"

	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// The optimiser's proposal respects a keyed call's own VM/IM split.
// Arb-Capital: CME's estimate is VM 9,000,000 (cash only) and IM change
// 1,500,000 (eligible securities); the optimiser posts 1,500,000 / 0.98 =
// 1,530,612.2449 → 1,530,612.25 of UST-2031 (credit 1,500,000.00) and
// needs only 600,000 of the credit line.
//
//   - CME keys 10,500,000 all VM (IM 0): no security may meet it. The
//     proposal posts nothing; it is the waterfall: cash 2,000,000, mmf
//     3,000,000, repo cash 4,000,000 (the line's limit), rcf 1,500,000 =
//     10,500,000. Cost, as the plain plan's: 10,884.73.
//   - CME keys 10,500,000 as VM 9,500,000 and IM 1,000,000: the proposal
//     posts 1,000,000 / 0.98 = 1,020,408.1632… → 1,020,408.17 of UST-2031
//     (credit 1,000,000.00, not the book's 1,500,000); the 9,500,000 of
//     cash is cash 2,000,000 + mmf 3,000,000 + repo 3,900,000 of what is
//     left of the Treasuries (5,000,000 − 1,020,408.17 = 3,979,591.83 of
//     value, × 0.98 = 3,899,999.99… — the repo raises 3,900,000 at most
//     from them: the line's cash is cut to what the free securities give)
//   - rcf for the rest. Accepting it leaves nothing short.
func TestProposalRespectsKeyedSplit(t *testing.T) {
	for _, tc := range []struct {
		name        string
		vm, im      string
		posted      string // value of UST-2031 posted ("" none)
		credit      string
		noPostAfter bool
	}{
		{"all VM", "10500000", "0", "", "", true},
		{"VM 9.5m IM 1m", "9500000", "1000000", "1020408.17", "1000000", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
			decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("10500000"), VM: pd(tc.vm), IM: pd(tc.im)})
			op, ds, err := playbook.Propose(inc.Snapshot().Figures)
			if err != nil {
				t.Fatal(err)
			}
			var posts []playbook.Decision
			for _, x := range ds {
				if x.Kind == playbook.Post {
					posts = append(posts, x)
				}
			}
			if tc.posted == "" {
				if len(posts) != 0 {
					t.Fatalf("posts %+v against an all-VM call", posts)
				}
				money(t, "cost", op.TotalCost, "10884.73")
			} else {
				if len(posts) != 1 || posts[0].Holding != "UST-2031" {
					t.Fatalf("posts %+v", posts)
				}
				money(t, "posted", posts[0].Amount, tc.posted)
			}
			money(t, "shortfall after", op.Shortfall, "0")
			// Taken in order, the proposal covers the call.
			var staged uint64
			for _, x := range ds {
				if x.Kind == playbook.ConfirmRepo {
					x.Target = staged
				}
				e := decide(t, inc, x)
				if e.Kind == playbook.StageRepo {
					staged = e.Seq
				}
			}
			f := inc.Snapshot().Figures
			money(t, "shortfall once accepted", f.Shortfall, "0")
			if tc.credit != "" {
				money(t, "posted credit", f.Calls[0].Posted, tc.credit)
			}
			for _, c := range f.Calls {
				if c.Posted.GreaterThan(c.IMPart) {
					t.Errorf("%s: posted credit %s beyond its IM part %s", c.Label(), engine.FormatMoney(c.Posted), engine.FormatMoney(c.IMPart))
				}
			}
		})
	}
}
