package playbook

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// cover meets each open call with posted credit first (securities already
// lodged with the counterparty by its deadline, against what of the IM
// part is due), then with unspent funds arriving by its deadline, earliest
// deadline first, and totals what is due, secured and short.
//
// In a book of several currencies each call is met in its own currency
// first, then through the book's conversions (engine.AllocateFX); posted
// credit counts at the scenario's rate; the totals are in the base.
func cover(f *Figures, funds []Fund) {
	mo := moneyOf(f)
	posted := map[string][]lodgedCredit{}
	var supplies []engine.Supply
	for _, x := range funds {
		if x.Posting() {
			// A posting's ArrivesAt is when it was lodged; its credit is
			// kept in the base so it can meet a call in any currency.
			posted[x.Counterparty] = append(posted[x.Counterparty], lodgedCredit{at: x.ArrivesAt, left: mo.toBase(x.Left, x.Currency)})
		} else {
			supplies = append(supplies, engine.Supply{ID: x.Source, Amount: x.Left, ArrivesAt: x.ArrivesAt, Currency: x.Currency})
		}
	}
	var idx []int
	for i := range f.Calls {
		c := &f.Calls[i]
		f.Paid = f.Paid.Add(mo.toBase(c.Paid, c.Currency))
		f.Disputed = f.Disputed.Add(mo.toBase(c.Disputed, c.Currency))
		if c.Open() {
			idx = append(idx, i)
			f.Due = f.Due.Add(mo.toBase(c.Due, c.Currency))
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := f.Calls[a].Deadline.Compare(f.Calls[b].Deadline); c != 0 {
			return c
		}
		return cmpString(f.Calls[a].Counterparty, f.Calls[b].Counterparty)
	})
	due := make([]engine.Call, len(idx))
	for k, i := range idx {
		c := &f.Calls[i]
		c.Posted = mo.fromBase(take(posted[c.Counterparty], c.Deadline, mo.toBase(c.postable(), c.Currency)), c.Currency)
		due[k] = engine.Call{Counterparty: c.Counterparty, Name: c.Name, Amount: c.Due.Sub(c.Posted), Deadline: c.Deadline, Currency: c.Currency}
	}
	a := engine.AllocateFX(due, supplies, mo.exchange(f))
	// Unneeded funds count as surplus if they arrive by the last open
	// deadline (any time, once no call is open): a draw arriving after
	// every deadline is not liquidity for today. Collateral posted beyond
	// what the calls count is surplus too (it can be recalled).
	var last time.Time
	for _, c := range due {
		if c.Deadline.After(last) {
			last = c.Deadline
		}
	}
	for j, s := range supplies {
		if !last.IsZero() && s.ArrivesAt.After(last) {
			continue
		}
		f.Surplus = f.Surplus.Add(engine.MaxDec(s.Amount.Sub(a.Used[j]), decimal.Zero))
	}
	for _, ls := range posted {
		for _, l := range ls {
			f.Surplus = f.Surplus.Add(engine.MaxDec(l.left, decimal.Zero))
		}
	}
	for k, i := range idx {
		c := &f.Calls[i]
		c.Shortfall = a.Shortfall[k]
		c.Cash = due[k].Amount.Sub(c.Shortfall)
		for j, amt := range a.Served[k] {
			if amt.Sign() <= 0 {
				continue
			}
			if n := len(c.Funding); n > 0 && c.Funding[n-1].Source == supplies[j].ID {
				c.Funding[n-1].Amount = c.Funding[n-1].Amount.Add(amt)
			} else {
				c.Funding = append(c.Funding, engine.CallDraw{Source: supplies[j].ID, Amount: amt})
			}
		}
		f.Shortfall = f.Shortfall.Add(mo.toBase(c.Shortfall, c.Currency))
		f.Secured = f.Secured.Add(mo.toBase(c.Posted.Add(c.Cash), c.Currency))
		if !c.Deadline.Before(f.Now) && (f.NextDeadline.IsZero() || c.Deadline.Before(f.NextDeadline)) {
			f.NextDeadline = c.Deadline
		}
	}
	for _, i := range idx {
		if c := f.Calls[i]; !f.NextDeadline.IsZero() && c.Deadline.Equal(f.NextDeadline) {
			f.NextDue = f.NextDue.Add(mo.toBase(c.Due, c.Currency))
			f.NextShortfall = f.NextShortfall.Add(mo.toBase(c.Shortfall, c.Currency))
		}
	}
	f.Currencies = mo.currencies(f, idx, supplies, a)
	f.Covered = f.Shortfall.IsZero()
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// remainingPlan is the plain plan for what is still short, activated now,
// over what is left of each source.
func remainingPlan(b *engine.Book, f Figures, s State) engine.Plan {
	var calls []engine.Call
	for _, c := range f.Calls {
		if c.Open() && c.Shortfall.Sign() > 0 {
			calls = append(calls, engine.Call{Counterparty: c.Counterparty, Name: c.Name, Amount: c.Shortfall, Deadline: c.Deadline, Currency: c.Currency})
		}
	}
	engine.SortCalls(calls)
	used := map[string]decimal.Decimal{}
	capacity := map[string]decimal.Decimal{}
	saleCost := map[string]decimal.Decimal{}
	for _, src := range f.Sources {
		used[src.ID] = src.Used
		capacity[src.ID] = src.Capacity
		if src.Kind == engine.SourceAssetSale {
			saleCost[src.ID] = src.SaleCost
		}
	}
	if calls == nil {
		calls = []engine.Call{}
	}
	return engine.PlainPlan(b, engine.PlanInput{Stress: f.Stress, ActivatedAt: f.Now, HorizonDays: HorizonDays,
		Used: used, Calls: calls, Capacity: capacity, SaleCost: saleCost})
}

// uses works out what of each holding is posted or lent and what of each
// source is used, and what is left.
func uses(s State, b *engine.Book, sc engine.Scenario, st engine.Stress, sold []PositionSold, now time.Time) ([]HoldingFigure, []SourceFigure) {
	enc := map[string]decimal.Decimal{}
	hf := make([]HoldingFigure, len(b.Collateral))
	for i, h := range b.Collateral {
		// As the plan values them: a repo of a holding raises its stressed
		// value less its (widened) repo haircut.
		hf[i].Holding = engine.StressedHolding(h, sc)
	}
	held := func(id string) (engine.Holding, bool) {
		for i := range hf {
			if hf[i].ID == id {
				return hf[i].Holding, true
			}
		}
		return engine.Holding{}, false
	}
	at := func(id string) *HoldingFigure {
		for i := range hf {
			if hf[i].ID == id {
				return &hf[i]
			}
		}
		return &HoldingFigure{}
	}
	for _, p := range s.Posts {
		if p.ReversedBy == 0 {
			at(p.Holding).Posted = at(p.Holding).Posted.Add(p.Value)
			enc[p.Holding] = enc[p.Holding].Add(p.Value)
		}
	}
	used := map[string]decimal.Decimal{}
	for _, r := range s.Repos {
		if r.ReversedBy == 0 {
			at(r.Holding).Repoed = at(r.Holding).Repoed.Add(r.Value)
			enc[r.Holding] = enc[r.Holding].Add(r.Value)
			used[r.Source] = used[r.Source].Add(r.Cash)
		}
	}
	// A draw on a repo source lends its securities in the order the source
	// lists them, just enough to raise the cash drawn.
	for _, d := range s.Draws {
		if d.ReversedBy != 0 {
			continue
		}
		used[d.Source] = used[d.Source].Add(d.Amount)
		src, ok := b.Source(d.Source)
		if !ok || src.Kind != engine.SourceRepo {
			continue
		}
		need := d.Amount
		for _, id := range src.Collateral {
			h, ok := held(id)
			if !ok || need.Sign() <= 0 {
				continue
			}
			free := h.MarketValue.Sub(enc[id])
			v := engine.MinDec(free, engine.CentsUp(need.DivRound(decimal.NewFromInt(1).Sub(h.RepoHaircut), 10)))
			if v.Sign() <= 0 {
				continue
			}
			enc[id] = enc[id].Add(v)
			at(id).Repoed = at(id).Repoed.Add(v)
			need = need.Sub(engine.RepoCash(h, v))
		}
	}
	for _, e := range s.Held {
		if e.Kind == Draw {
			used[e.Source] = used[e.Source].Add(e.Amt())
		}
	}
	for i := range hf {
		hf[i].Free = engine.MaxDec(decimal.Zero, hf[i].MarketValue.Sub(enc[hf[i].ID]))
	}
	var last time.Time
	for _, c := range st.Calls {
		if dl := c.LastDeadline(); dl.After(last) {
			last = dl
		}
	}
	for _, a := range s.Ledger {
		if a.Deadline.After(last) {
			last = a.Deadline
		}
	}
	var sf []SourceFigure
	for _, src := range b.Sources {
		capy, saleCost := engine.SourceCapacity(b, st, src)
		if src.Kind == engine.SourceAssetSale {
			// What sales (or other tiers) have sold of the position, this
			// tier can no longer sell (sold.go).
			for _, p := range sold {
				if p.Position == src.Position {
					capy, saleCost = tierCapacity(b, st, src, p)
				}
			}
		}
		if src.Kind == engine.SourceRepo {
			// The line shrinks to what the still-free securities can raise.
			var free decimal.Decimal
			for _, id := range src.Collateral {
				if h, ok := held(id); ok {
					free = free.Add(engine.RepoCash(h, engine.MaxDec(decimal.Zero, h.MarketValue.Sub(enc[id]))))
				}
			}
			capy = engine.MinDec(capy, used[src.ID].Add(free))
		}
		x := SourceFigure{Source: src, Capacity: capy, Used: used[src.ID], SaleCost: saleCost,
			ArrivesAt: b.SourceArrival(src, now), Withdrawn: sc.Withdrawn(src.ID)}
		x.Left = engine.MaxDec(decimal.Zero, capy.Sub(x.Used))
		x.Late = !last.IsZero() && x.ArrivesAt.After(last)
		sf = append(sf, x)
	}
	return hf, sf
}
