package playbook_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// randomDecision draws a decision that may or may not be valid: the
// property must hold whatever the playbook accepts or refuses.
func randomDecision(r *rand.Rand, b *engine.Book, seq uint64) playbook.Decision {
	ops := []string{"alice", "bob", "carol"}
	d := playbook.Decision{Operator: ops[r.IntN(len(ops))]}
	amount := decimal.NewFromInt(int64(r.IntN(4_000_000))).Div(decimal.NewFromInt(100)).Mul(decimal.NewFromInt(int64(1 + r.IntN(100))))
	if r.IntN(3) == 0 {
		amount = decimal.Zero // in full
	}
	holding := "none"
	if len(b.Collateral) > 0 {
		holding = b.Collateral[0].ID
	}
	target := uint64(0)
	if seq > 0 {
		target = 1 + r.Uint64N(seq)
	}
	cp := b.Counterparties[r.IntN(len(b.Counterparties))].ID
	switch r.IntN(17) {
	case 12:
		d.Kind, d.Counterparty, d.Amount = playbook.KeyCall, cp, amount
		if r.IntN(2) == 0 {
			d.Cycle = playbook.CycleIntraday
		}
	case 13, 14:
		d.Kind, d.Counterparty, d.Amount = playbook.Pay, cp, amount.Div(decimal.NewFromInt(4)).Round(2)
		if r.IntN(3) == 0 && len(b.Collateral) > 0 {
			d.Source = holding
		}
	case 15:
		d.Kind, d.Counterparty, d.Amount, d.Reason = playbook.Dispute, cp, amount.Div(decimal.NewFromInt(10)).Round(2), playbook.Reasons[r.IntN(len(playbook.Reasons))]
	case 16:
		d.Kind, d.Counterparty, d.Amount = playbook.Resolve, cp, amount
	case 0, 1, 2:
		d.Kind, d.Source, d.Amount = playbook.Draw, b.Sources[r.IntN(len(b.Sources))].ID, amount
	case 3:
		d.Kind, d.Target = playbook.Reverse, target
	case 4:
		d.Kind, d.Holding, d.Counterparty, d.Amount = playbook.Post, holding, b.Counterparties[0].ID, amount
	case 5:
		d.Kind, d.Holding, d.Amount = playbook.StageRepo, holding, amount
	case 6:
		d.Kind, d.Target = playbook.ConfirmRepo, target
	case 7:
		d.Kind, d.Position, d.Amount = playbook.Liquidate, b.Positions[r.IntN(len(b.Positions))].ID, amount.Div(decimal.NewFromInt(10))
	case 8:
		d.Kind, d.Target = playbook.Approve, target
	case 9:
		d.Kind, d.Counterparty, d.Status = playbook.Status, b.Counterparties[0].ID, playbook.Statuses[r.IntN(len(playbook.Statuses))]
	case 10:
		d.Kind, d.Stage = playbook.Goto, playbook.Stage(1+r.IntN(5))
	default:
		d.Kind, d.Text = playbook.Note, fmt.Sprintf("note %d", r.IntN(1000))
		// Presence in the shared room, from the seq so the random stream
		// (and every other decision) stays as it was: a leave may be
		// refused (that person is not in), which the property survives.
		switch seq % 6 {
		case 1:
			d.Kind, d.Text = playbook.Join, ""
		case 4:
			d.Kind, d.Text = playbook.Leave, ""
		}
	}
	return d
}

// summary renders what a state and its figures show, for comparison.
func summary(s playbook.State, f playbook.Figures) string {
	var b strings.Builder
	fmt.Fprintf(&b, "present=%v\n", s.Present)
	fmt.Fprintf(&b, "seq=%d stage=%d due=%s secured=%s short=%s cost=%s fire=%s\n", s.Seq, s.Stage,
		f.Due.StringFixed(2), f.Secured.StringFixed(2), f.Shortfall.StringFixed(2), f.LiquidityCost.StringFixed(2), f.FireSaleLoss.StringFixed(2))
	for _, c := range f.Calls {
		fmt.Fprintf(&b, "call %s#%d %s due=%s paid=%s disputed=%s posted=%s cash=%s short=%s status=%s\n", c.Counterparty, c.Ref, c.Amount.StringFixed(2),
			c.Due.StringFixed(2), c.Paid.StringFixed(2), c.Disputed.StringFixed(2),
			c.Posted.StringFixed(2), c.Cash.StringFixed(2), c.Shortfall.StringFixed(2), c.Status.Status)
	}
	for _, x := range f.Sources {
		fmt.Fprintf(&b, "src %s used=%s left=%s\n", x.ID, x.Used.StringFixed(2), x.Left.StringFixed(2))
	}
	for _, h := range f.Holdings {
		fmt.Fprintf(&b, "hold %s posted=%s repo=%s free=%s\n", h.ID, h.Posted.StringFixed(2), h.Repoed.StringFixed(2), h.Free.StringFixed(2))
	}
	fmt.Fprintf(&b, "held=%d draws=%d posts=%d repos=%d sales=%d\n", len(s.Held), len(s.Draws), len(s.Posts), len(s.Repos), len(s.Sales))
	return b.String()
}

func TestReplayEqualsLive(t *testing.T) {
	kinds := map[playbook.Kind]int{}
	defer func() {
		// The property means little unless the random walk took every
		// kind of decision that changes figures.
		for _, k := range []playbook.Kind{playbook.Draw, playbook.Reverse, playbook.Post, playbook.StageRepo, playbook.ConfirmRepo, playbook.Liquidate, playbook.Approve,
			playbook.KeyCall, playbook.Pay, playbook.Dispute, playbook.Resolve} {
			if kinds[k] == 0 {
				t.Errorf("no accepted %s decision in the random walk", k)
			}
		}
		t.Logf("accepted: %v", kinds)
	}()
	for _, name := range []string{"arb-capital", "helios"} {
		b := demo(t, name)
		if name == "arb-capital" {
			b.FourEyes = engine.Controls{Enabled: true, SourceKinds: []engine.SourceKind{engine.SourceCreditLine}, FireSales: true}
		}
		for seed := uint64(1); seed <= 40; seed++ {
			r := rand.New(rand.NewPCG(seed, 7))
			store := &playbook.MemStore{}
			inc, clk := open(t, b, store)
			for i := 0; i < 60; i++ {
				clk.t = clk.t.Add(time.Duration(r.IntN(20)) * time.Minute)
				if e, err := inc.Decide(randomDecision(r, b, inc.Snapshot().State.Seq)); err == nil {
					kinds[e.Kind]++
				}
				snap := inc.Snapshot()
				f := snap.Figures
				// Invariants at every step.
				if f.Shortfall.Sign() < 0 || f.Secured.Add(f.Shortfall).Cmp(f.Due) != 0 {
					t.Fatalf("%s seed %d step %d: due %s ≠ secured %s + shortfall %s", name, seed, i, f.Due, f.Secured, f.Shortfall)
				}
				// Money is spent once: what secures calls and what paid
				// them never add up to more than was raised or posted.
				if f.Secured.Add(f.Paid).Cmp(f.Supplied) > 0 {
					t.Fatalf("%s seed %d step %d: secured %s + paid %s > supplied %s", name, seed, i, f.Secured, f.Paid, f.Supplied)
				}
				for _, x := range f.Funds {
					if x.Left.Sign() < 0 || x.Left.Cmp(x.Amount) > 0 {
						t.Fatalf("%s seed %d: fund #%d left %s of %s", name, seed, x.Seq, x.Left, x.Amount)
					}
				}
				for _, s := range f.Sources {
					if s.Used.Cmp(s.Capacity) > 0 && !s.Capacity.IsZero() {
						t.Fatalf("%s seed %d: source %s used %s beyond capacity %s", name, seed, s.ID, s.Used, s.Capacity)
					}
				}
				for _, h := range f.Holdings {
					if h.Posted.Add(h.Repoed).Cmp(h.MarketValue) > 0 {
						t.Fatalf("%s seed %d: holding %s used %s+%s beyond %s", name, seed, h.ID, h.Posted, h.Repoed, h.MarketValue)
					}
				}
			}
			live := inc.Snapshot()
			replayed, _ := open(t, b, store)
			got := replayed.Snapshot()
			fl, fr := playbook.Compute(live.State, live.State.LastAt), playbook.Compute(got.State, live.State.LastAt)
			want, have := summary(live.State, fl)+soldSummary(fl), summary(got.State, fr)+soldSummary(fr)
			if want != have {
				t.Fatalf("%s seed %d: replay differs\nlive:\n%s\nreplayed:\n%s", name, seed, want, have)
			}
			// State at N for every N is a prefix fold.
			n := len(live.Events) / 2
			mid, err := playbook.StateAt(b, "", live.Events, n)
			if err != nil {
				t.Fatal(err)
			}
			if n > 0 && mid.Seq != live.Events[n-1].Seq {
				t.Fatalf("state at %d has seq %d", n, mid.Seq)
			}
		}
	}
}
