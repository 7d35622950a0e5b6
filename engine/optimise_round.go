package engine

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
)

// dec4 brings a float from the solve back to decimal, rounded to 1/100 of
// a cent first so that float noise (…24999999 or …25000001) cannot tip a
// later rounding to the cent either way.
func dec4(f float64) decimal.Decimal { return decimal.NewFromFloat(f).Round(4) }

var cent = decimal.New(1, -2)

// reconcile turns the LP's float solution into exact decimal cents and
// re-verifies the cover of every call in decimal:
//   - a posting delivers the credit the LP gave it, rounded to the cent,
//     as ValueToPost (value rounded up: the receiver's favour);
//   - a repo leg lends the LP's value rounded to the cent within what is
//     left of the holding, and raises RepoCash (half-up) within the line;
//   - cash then serves each call in deadline order, the LP's amounts first
//     (cheapest first, so any trim falls on the dearest), topped up from
//     sources already drawn when rounding left a call a cent short.
//
// What is still uncovered is that call's shortfall, exactly.
func (p *problem) reconcile(m *lpModel, x []float64, allowed []bool) (OptimisedPlan, error) {
	b, in := p.b, p.in
	op := OptimisedPlan{ActivatedAt: in.ActivatedAt, HorizonDays: in.HorizonDays}
	free := append([]decimal.Decimal(nil), p.free...)
	// Postings, per call and holding.
	posts := make([][]Posting, len(p.calls))
	// What each concentration limit still allows, in exact cents (down:
	// the cap is never exceeded by rounding).
	capLeft := map[*boundRow]decimal.Decimal{}
	for _, r := range m.rows {
		if r.limit != nil {
			capLeft[r.limit] = r.limit.capD
		}
	}
	for j, v := range m.vars {
		if v.kind != varPost || x[j] <= 0 {
			continue
		}
		c := p.calls[v.call]
		h := b.Collateral[v.hold]
		hc, _ := Eligible(c.cp, h)
		credit := Cents(dec4(x[j] * v.credit))
		var binds []*boundRow
		for br := range capLeft {
			if br.call == v.call && containsInt(br.group, v.hold) {
				credit = MinDec(credit, capLeft[br])
				binds = append(binds, br)
			}
		}
		if credit.Sign() <= 0 {
			continue
		}
		value := MinDec(ValueToPost(credit, hc), free[v.hold])
		if len(binds) > 0 {
			value = withinCredit(value, hc, credit)
		}
		free[v.hold] = free[v.hold].Sub(value)
		ps := postingFor(h, c.Counterparty, hc, value, p.acc)
		for _, br := range binds {
			capLeft[br] = capLeft[br].Sub(ps.Credit)
		}
		posts[v.call] = append(posts[v.call], ps)
	}
	// Repo legs, per source and holding (a leg's cash may serve several calls).
	type key struct{ src, hold int }
	repoValue := map[key]float64{}
	var keys []key
	for j, v := range m.vars {
		if v.kind == varRepo && x[j] > 0 {
			k := key{v.src, v.hold}
			if _, ok := repoValue[k]; !ok {
				keys = append(keys, k)
			}
			repoValue[k] += x[j]
		}
	}
	sort.Slice(keys, func(a, c int) bool {
		if keys[a].src != keys[c].src {
			return keys[a].src < keys[c].src
		}
		return keys[a].hold < keys[c].hold
	})
	pool := make([]decimal.Decimal, len(p.sources))
	lineLeft := make([]decimal.Decimal, len(p.sources))
	for j, s := range p.sources {
		pool[j] = s.avail
		if s.Kind == SourceRepo {
			pool[j], lineLeft[j] = zero, s.avail
		}
	}
	for _, k := range keys {
		s, h := p.sources[k.src], b.Collateral[k.hold]
		value := MinDec(Cents(dec4(repoValue[k])), free[k.hold])
		if value.Sign() <= 0 {
			continue
		}
		src := s.Source
		if s.capped {
			src.Amount, src.HasAmount = lineLeft[k.src], true
		} else {
			src.HasAmount = false
		}
		leg, err := stageRepo(b, src, Holding{ID: h.ID, MarketValue: value, RepoHaircut: h.RepoHaircut}, value, in.ActivatedAt, p.acc)
		if err != nil {
			return op, fmt.Errorf("optimise: %w", err)
		}
		if leg.Cash.Sign() <= 0 {
			continue
		}
		free[k.hold] = free[k.hold].Sub(leg.Value)
		lineLeft[k.src] = lineLeft[k.src].Sub(leg.Cash)
		pool[k.src] = pool[k.src].Add(leg.Cash)
		op.Repos = append(op.Repos, leg)
	}
	// Cash per call, deadline order.
	used := make([]decimal.Decimal, len(p.sources))
	for i, c := range p.calls {
		oc := OptimisedCall{Call: c.Call, CashOnly: c.cashOnly, Postable: c.postable, Posts: posts[i]}
		for _, ps := range posts[i] {
			oc.Posted = oc.Posted.Add(ps.Credit)
		}
		need := c.Amount.Sub(MinDec(MinDec(oc.Posted, c.postable), c.Amount))
		want := make([]float64, len(p.sources))
		for j, v := range m.vars {
			if v.call == i && (v.kind == varDraw || v.kind == varRepo) {
				want[v.src] += x[j] * v.credit
			}
		}
		take := func(j int, amt decimal.Decimal) {
			amt = MinDec(MinDec(amt, pool[j].Sub(used[j])), need)
			if amt.Sign() <= 0 {
				return
			}
			used[j] = used[j].Add(amt)
			need = need.Sub(amt)
			oc.Cash = oc.Cash.Add(amt)
			for n := range oc.From {
				if oc.From[n].Source == p.sources[j].ID {
					oc.From[n].Amount = oc.From[n].Amount.Add(amt)
					return
				}
			}
			oc.From = append(oc.From, CallDraw{Source: p.sources[j].ID, Amount: amt})
		}
		for _, j := range p.byCost() {
			if want[j] > 0 {
				take(j, Cents(dec4(want[j])))
			}
		}
		// Rounding can leave a call a cent or two short where the LP used a
		// holding or a source to the full. Top up, cheapest first: sources
		// already drawn; more of a posting or a repo leg where the holding
		// has value left; then any other source this fee choice allows.
		inTime := func(j int) bool {
			s := p.sources[j]
			return s.usable && allowed[j] && !s.arrives.After(c.Deadline)
		}
		for _, j := range p.byCost() {
			if need.Sign() > 0 && used[j].Sign() > 0 && inTime(j) {
				take(j, need)
			}
		}
		for n := range oc.Posts {
			if need.Sign() <= 0 {
				break
			}
			ps := &oc.Posts[n]
			k := holdingIndex(b, ps.Holding)
			room := MinDec(need, c.postable.Sub(oc.Posted))
			for br, left := range capLeft {
				if br.call == i && containsInt(br.group, k) {
					room = MinDec(room, left)
				}
			}
			if room.Sign() <= 0 || free[k].Sign() <= 0 {
				continue
			}
			value := withinCredit(MinDec(ValueToPost(ps.Credit.Add(room), ps.Haircut), ps.Value.Add(free[k])), ps.Haircut, ps.Credit.Add(room))
			grown := postingFor(b.Collateral[k], ps.Counterparty, ps.Haircut, value, p.acc)
			extra := grown.Credit.Sub(ps.Credit)
			for br := range capLeft {
				if br.call == i && containsInt(br.group, k) {
					capLeft[br] = capLeft[br].Sub(extra)
				}
			}
			free[k] = free[k].Sub(value.Sub(ps.Value))
			need = need.Sub(MinDec(extra, need))
			oc.Posted = oc.Posted.Add(extra)
			*ps = grown
		}
		for n := range op.Repos {
			l := &op.Repos[n]
			j := p.sourceIndex(l.Source)
			k := holdingIndex(b, l.Holding)
			if need.Sign() <= 0 || !inTime(j) || free[k].Sign() <= 0 || (p.sources[j].capped && lineLeft[j].Sign() <= 0) {
				continue
			}
			h := b.Collateral[k]
			target := l.Cash.Add(need)
			if p.sources[j].capped {
				target = MinDec(target, l.Cash.Add(lineLeft[j]))
			}
			value := MinDec(ValueToPost(target, h.RepoHaircut), l.Value.Add(free[k]))
			cash := MinDec(RepoCash(h, value), target)
			free[k] = free[k].Sub(value.Sub(l.Value))
			lineLeft[j] = lineLeft[j].Sub(cash.Sub(l.Cash))
			pool[j] = pool[j].Add(cash.Sub(l.Cash))
			l.Value, l.Cash = value, cash
			l.Cost = Cents(p.acc.on(cash, p.sources[j].CostBps.Add(p.sources[j].RateBps)))
			take(j, need)
		}
		for _, j := range p.byCost() {
			if need.Sign() > 0 && inTime(j) && p.sources[j].Kind != SourceRepo {
				take(j, need)
			}
		}
		op.Posts = append(op.Posts, oc.Posts...)
		oc.Shortfall = need
		oc.Covered = c.Amount.Sub(need)
		op.Required = op.Required.Add(c.Amount)
		op.Shortfall = op.Shortfall.Add(need)
		op.Calls = append(op.Calls, oc)
	}
	p.draws(&op, used)
	for _, ps := range op.Posts {
		op.TotalCost = op.TotalCost.Add(ps.Cost)
	}
	op.Covered = op.Shortfall.IsZero()
	op.Bounds = p.bounds(m, op)
	return op, nil
}

// byCost lists source indices cheapest first (ties in priority order).
func (p *problem) byCost() []int {
	idx := make([]int, len(p.sources))
	for j := range idx {
		idx[j] = j
	}
	sort.SliceStable(idx, func(a, c int) bool { return p.sources[idx[a]].unitCost < p.sources[idx[c]].unitCost })
	return idx
}

// draws turns what each source gave into Draws in priority order, shrinking
// repo legs whose cash was not all needed, and adds their costs.
func (p *problem) draws(op *OptimisedPlan, used []decimal.Decimal) {
	in := p.in
	for j, s := range p.sources {
		if s.Kind == SourceRepo {
			var legs []RepoLeg
			excess := zero
			for _, l := range op.Repos {
				if l.Source == s.ID {
					excess = excess.Add(l.Cash)
				}
			}
			excess = excess.Sub(used[j])
			var cash, cost decimal.Decimal
			for n := len(op.Repos) - 1; n >= 0; n-- {
				l := op.Repos[n]
				if l.Source != s.ID {
					continue
				}
				if excess.Sign() > 0 {
					h, _ := p.b.Holding(l.Holding)
					keep := l.Cash.Sub(MinDec(excess, l.Cash))
					excess = excess.Sub(l.Cash.Sub(keep))
					l.Value = MinDec(l.Value, ValueToPost(keep, h.RepoHaircut))
					l.Cash = RepoCash(h, l.Value)
					l.Cost = Cents(p.acc.on(l.Cash, s.CostBps.Add(s.RateBps)))
				}
				if l.Value.Sign() > 0 {
					legs = append([]RepoLeg{l}, legs...)
					cash, cost = cash.Add(l.Cash), cost.Add(l.Cost)
				}
			}
			op.Repos = append(removeLegs(op.Repos, s.ID), legs...)
			if cash.Sign() > 0 {
				cost = cost.Add(s.Fee)
				op.Draws = append(op.Draws, Draw{Source: s.ID, Name: s.Name, Kind: s.Kind, Amount: cash,
					DrawnAt: in.ActivatedAt, ArrivesAt: s.arrives, InTime: true, Cost: cost})
				op.TotalCost = op.TotalCost.Add(cost)
			}
			continue
		}
		if used[j].Sign() <= 0 {
			continue
		}
		cost := drawCost(s.Source, used[j], p.acc, s.saleCost, s.capacity)
		op.Draws = append(op.Draws, Draw{Source: s.ID, Name: s.Name, Kind: s.Kind, Amount: used[j],
			DrawnAt: in.ActivatedAt, ArrivesAt: s.arrives, InTime: true, Cost: cost})
		op.TotalCost = op.TotalCost.Add(cost)
	}
}

func removeLegs(legs []RepoLeg, src string) []RepoLeg {
	var out []RepoLeg
	for _, l := range legs {
		if l.Source != src {
			out = append(out, l)
		}
	}
	return out
}

// bounds names the concentration limits the rounded allocation reaches
// (within a cent of the cap).
func (p *problem) bounds(m *lpModel, op OptimisedPlan) []string {
	var out []string
	for _, r := range m.rows {
		if r.limit == nil {
			continue
		}
		c := p.calls[r.limit.call]
		capD := r.limit.capD
		var credit decimal.Decimal
		for _, ps := range op.Calls[r.limit.call].Posts {
			for _, k := range r.limit.group {
				if p.b.Collateral[k].ID == ps.Holding {
					credit = credit.Add(ps.Credit)
				}
			}
		}
		if credit.Add(cent).Cmp(capD) >= 0 {
			s := describeLimit(c.Counterparty, r.limit.limit)
			if r.limit.limit.Issuer == "" && r.limit.limit.Class == "" {
				s += " (" + r.limit.issuer + ")"
			}
			out = append(out, fmt.Sprintf("%s binds: %s posted of a %s cap", s, FormatMoney(credit), FormatMoney(capD)))
		}
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func (p *problem) sourceIndex(id string) int {
	for j, s := range p.sources {
		if s.ID == id {
			return j
		}
	}
	return -1
}

// withinCredit trims a posting's value by whole cents until its credit
// after haircut is no more than max: rounding the value up (the
// receiver's favour) must not carry a posting past a concentration cap.
func withinCredit(value, haircut, max decimal.Decimal) decimal.Decimal {
	for value.Sign() > 0 && CentsDown(value.Mul(one.Sub(haircut))).Cmp(max) > 0 {
		value = value.Sub(cent)
	}
	return value
}
