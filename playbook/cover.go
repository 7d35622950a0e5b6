package playbook

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// cover meets each open call with posted credit first (securities lodged
// with the counterparty by the deadline), then with funds arriving by its
// deadline, earliest deadline first, and totals what is due, secured and
// short. A call split between margin cycles is met part by part, each by
// its own deadline.
func cover(f *Figures, supplies []engine.Supply, posts []PostState) {
	credits := lodged(f.Book, posts)
	var due []engine.Call
	var units []*CallPart
	var owner []int
	for i := range f.Calls {
		c := &f.Calls[i]
		if !c.Open() {
			continue
		}
		f.Due = f.Due.Add(c.Amount)
		var used decimal.Decimal
		for _, u := range c.units() {
			avail := engine.MaxDec(decimal.Zero, creditBy(credits[c.Counterparty], u.Deadline).Sub(used))
			u.Posted = engine.MinDec(avail, u.Postable)
			used = used.Add(u.Posted)
			due = append(due, engine.Call{Counterparty: c.Counterparty, Name: c.Name, Amount: u.Amount.Sub(u.Posted), Deadline: u.Deadline, Cycle: u.Cycle})
			units = append(units, u)
			owner = append(owner, i)
		}
	}
	order := make([]int, len(due))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := due[a].Deadline.Compare(due[b].Deadline); c != 0 {
			return c
		}
		return cmpString(due[a].Counterparty, due[b].Counterparty)
	})
	sorted := make([]engine.Call, len(due))
	for k, i := range order {
		sorted[k] = due[i]
	}
	a := engine.Allocate(sorted, supplies)
	for k, i := range order {
		u := units[i]
		u.Shortfall = a.Shortfall[k]
		u.Cash = sorted[k].Amount.Sub(u.Shortfall)
	}
	seen := map[int]bool{}
	for k, i := range owner {
		c, u := &f.Calls[i], units[k]
		if !seen[i] {
			seen[i] = true
			c.Posted, c.Cash, c.Shortfall = decimal.Zero, decimal.Zero, decimal.Zero
		}
		c.Posted = c.Posted.Add(u.Posted)
		c.Cash = c.Cash.Add(u.Cash)
		c.Shortfall = c.Shortfall.Add(u.Shortfall)
		f.Shortfall = f.Shortfall.Add(u.Shortfall)
		f.Secured = f.Secured.Add(u.Posted).Add(u.Cash)
		if u.Amount.Sign() > 0 && !u.Deadline.Before(f.Now) && (f.NextDeadline.IsZero() || u.Deadline.Before(f.NextDeadline)) {
			f.NextDeadline = u.Deadline
		}
	}
	for k := range units {
		if units[k].Deadline.Equal(f.NextDeadline) && !f.NextDeadline.IsZero() {
			f.NextDue = f.NextDue.Add(units[k].Amount)
			f.NextShortfall = f.NextShortfall.Add(units[k].Shortfall)
		}
	}
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
	calls := shortCalls(f)
	used := map[string]decimal.Decimal{}
	capacity := map[string]decimal.Decimal{}
	for _, src := range f.Sources {
		used[src.ID] = src.Used
		capacity[src.ID] = src.Capacity
	}
	if calls == nil {
		calls = []engine.Call{}
	}
	return engine.PlainPlan(b, engine.PlanInput{Stress: f.Stress, ActivatedAt: f.Now, HorizonDays: HorizonDays,
		Used: used, Calls: calls, Capacity: capacity})
}

// uses works out what of each holding is posted or lent and what of each
// source is used, and what is left.
func uses(s State, b *engine.Book, sc engine.Scenario, st engine.Stress, now time.Time) ([]HoldingFigure, []SourceFigure) {
	enc := map[string]decimal.Decimal{}
	hf := make([]HoldingFigure, len(b.Collateral))
	for i, h := range b.Collateral {
		hf[i].Holding = h
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
			h, ok := b.Holding(id)
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
	for _, a := range s.Calls {
		if a.Deadline.After(last) {
			last = a.Deadline
		}
	}
	var sf []SourceFigure
	for _, src := range b.Sources {
		capy, saleCost := engine.SourceCapacity(b, st, src)
		if src.Kind == engine.SourceRepo {
			// The line shrinks to what the still-free securities can raise.
			var free decimal.Decimal
			for _, id := range src.Collateral {
				if h, ok := b.Holding(id); ok {
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
