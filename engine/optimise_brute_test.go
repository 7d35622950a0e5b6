package engine_test

import (
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// bruteForce prices a one-call book by enumeration, independently of the
// LP: for each holding a grid of values to post (eighths of it, plus the
// value that exactly covers the postable part) and to repo (eighths of
// what is left, all of it, and what fills the repo line), and for each
// subset of fee-bearing sources the cash sources in cost order. It
// returns the least (shortfall, cost) found. Every candidate is feasible,
// so the optimiser must never do worse than it.
func bruteForce(b *engine.Book, st engine.Stress, hd decimal.Decimal) (short, cost decimal.Decimal) {
	cc := st.Calls[0]
	cp, _ := b.Counterparty(cc.ID)
	cashOnly, postable := engine.PostableShare(cc)
	_ = cashOnly
	accrue := func(a, bps decimal.Decimal) decimal.Decimal {
		return engine.Cents(a.Mul(bps).Mul(hd).DivRound(d("3600000"), 10))
	}
	var repo *engine.Source
	var cashSrcs []engine.Source
	for i, s := range b.Sources {
		if st.Scenario.Withdrawn(s.ID) || b.SourceArrival(s, b.AsOf).After(cc.Deadline) {
			continue
		}
		if s.Kind == engine.SourceRepo {
			repo = &b.Sources[i]
		} else {
			cashSrcs = append(cashSrcs, s)
		}
	}
	sort.SliceStable(cashSrcs, func(i, j int) bool {
		return cashSrcs[i].CostBps.Add(cashSrcs[i].RateBps).Cmp(cashSrcs[j].CostBps.Add(cashSrcs[j].RateBps)) < 0
	})
	lends := func(id string) bool {
		if repo == nil {
			return false
		}
		for _, c := range repo.Collateral {
			if c == id {
				return true
			}
		}
		return false
	}
	type choice struct{ post, repo decimal.Decimal }
	options := make([][]choice, len(b.Collateral))
	for k, h := range b.Collateral {
		hc, ok := engine.Eligible(cp, h)
		var posts []decimal.Decimal
		for i := 0; i <= 8; i++ {
			posts = append(posts, engine.Cents(h.MarketValue.Mul(decimal.NewFromInt(int64(i))).Div(d("8"))))
		}
		if ok {
			posts = append(posts, engine.MinDec(h.MarketValue, engine.ValueToPost(postable, hc)))
		}
		for _, p := range posts {
			if p.Sign() > 0 && (!ok || postable.IsZero()) {
				continue
			}
			rest := h.MarketValue.Sub(p)
			repos := []decimal.Decimal{decimal.Zero}
			if lends(h.ID) {
				for i := 1; i <= 8; i++ {
					repos = append(repos, engine.Cents(rest.Mul(decimal.NewFromInt(int64(i))).Div(d("8"))))
				}
				if repo.HasAmount {
					repos = append(repos, engine.MinDec(rest, engine.ValueToPost(repo.Amount, h.RepoHaircut)))
				}
			}
			for _, r := range repos {
				options[k] = append(options[k], choice{p, r})
			}
		}
	}
	best := func(s, c decimal.Decimal) {
		if short.IsNegative() || s.Cmp(short) < 0 || (s.Equal(short) && c.Cmp(cost) < 0) {
			short, cost = s, c
		}
	}
	short = d("-1")
	pick := make([]choice, len(b.Collateral))
	var walk func(k int)
	walk = func(k int) {
		if k < len(b.Collateral) {
			for _, c := range options[k] {
				pick[k] = c
				walk(k + 1)
			}
			return
		}
		var credit, repoCash, fixed decimal.Decimal
		byIssuer := map[string]decimal.Decimal{}
		for k, c := range pick {
			h := b.Collateral[k]
			if c.post.Sign() > 0 {
				hc, _ := engine.Eligible(cp, h)
				cr := engine.CentsDown(c.post.Mul(decimal.NewFromInt(1).Sub(hc)))
				credit = credit.Add(cr)
				byIssuer[h.Issuer] = byIssuer[h.Issuer].Add(cr)
				fixed = fixed.Add(accrue(c.post, h.CarryBps))
			}
			repoCash = repoCash.Add(engine.RepoCash(h, c.repo))
		}
		for _, l := range cp.Limits {
			for iss, got := range byIssuer {
				if (l.Issuer == "" || l.Issuer == iss) && l.Class == "" && got.Cmp(l.Share.Mul(postable)) > 0 {
					return
				}
			}
		}
		need := cc.Call.Sub(engine.MinDec(credit, postable))
		if repo != nil && repo.HasAmount {
			repoCash = engine.MinDec(repoCash, repo.Amount)
		}
		if r := engine.MinDec(repoCash, need); repo != nil && r.Sign() > 0 {
			need = need.Sub(r)
			fixed = fixed.Add(accrue(r, repo.CostBps.Add(repo.RateBps))).Add(repo.Fee)
		}
		for mask := 0; mask < 1<<len(cashSrcs); mask++ {
			left, c := need, fixed
			for i, s := range cashSrcs {
				if mask&(1<<i) == 0 || left.Sign() <= 0 {
					continue
				}
				take := engine.MinDec(left, s.Amount)
				left = left.Sub(take)
				c = c.Add(engine.DrawCost(s, take, hd, decimal.Zero, decimal.Zero))
			}
			best(left, c)
		}
	}
	walk(0)
	return short, cost
}

func TestOptimiseAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	var worst decimal.Decimal
	matched, covered := 0, 0
	for n := 0; n < 200; n++ {
		b, st := randomBook(r, 1)
		if len(b.Collateral) > 2 {
			b.Collateral = b.Collateral[:2]
			for i := range b.Sources {
				if b.Sources[i].Kind == engine.SourceRepo {
					var keep []string
					for _, id := range b.Sources[i].Collateral {
						if id != "H2" {
							keep = append(keep, id)
						}
					}
					b.Sources[i].Collateral = keep
				}
			}
		}
		hd := d("1")
		op, err := engine.Optimise(b, engine.OptimiseInput{PlanInput: engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: hd}})
		if err != nil {
			t.Fatal(err)
		}
		short, cost := bruteForce(b, st, hd)
		// A cent per holding and source of rounding is allowed either way.
		tol := d("0.05")
		if op.Shortfall.Sub(short).Cmp(tol) > 0 ||
			(op.Shortfall.Sub(short).Abs().Cmp(tol) <= 0 && short.IsZero() && op.TotalCost.Sub(cost).Cmp(tol) > 0) {
			t.Errorf("book %d: optimiser short %s cost %s; brute force short %s cost %s", n, op.Shortfall, op.TotalCost, short, cost)
		}
		if short.IsZero() && op.Shortfall.IsZero() {
			covered++
			if cost.Sub(op.TotalCost).Abs().Cmp(tol) <= 0 {
				matched++
			}
			if gap := cost.Sub(op.TotalCost); gap.Cmp(worst) > 0 {
				worst = gap
			}
		}
	}
	t.Logf("covered books %d, enumeration found the optimiser's cost in %d; largest saving of the LP over the enumeration: %s", covered, matched, worst)
}
