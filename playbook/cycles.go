package playbook

import (
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// CallPart is the part of a counterparty's call made in one of its margin
// cycles (CME's intraday and end-of-day), with its own deadline and cover.
type CallPart struct {
	Cycle    string
	Amount   decimal.Decimal
	Deadline time.Time
	// Postable is what of the part securities may meet: nothing of a
	// VM-only cycle at a CCP.
	Postable                decimal.Decimal
	Posted, Cash, Shortfall decimal.Decimal
}

// cycleParts divides a stressed call between the counterparty's cycles,
// as the stress split it. What sales changed falls in the last cycle (the
// end-of-day call re-marks everything); a part a release would make
// negative passes the rest to the part before it.
func cycleParts(cp engine.Counterparty, cc engine.CounterpartyCall, effect decimal.Decimal) []CallPart {
	if len(cc.Cycles) == 0 {
		return nil
	}
	covers := map[string]engine.Covers{}
	for _, cyc := range cp.Cycles {
		covers[cyc.ID] = cyc.Covers
	}
	parts := make([]CallPart, len(cc.Cycles))
	for i, cy := range cc.Cycles {
		parts[i] = CallPart{Cycle: cy.Cycle, Amount: cy.Amount, Deadline: cy.Deadline}
	}
	for i := len(parts) - 1; i >= 0 && !effect.IsZero(); i-- {
		parts[i].Amount = parts[i].Amount.Add(effect)
		effect = decimal.Zero
		if parts[i].Amount.Sign() < 0 && i > 0 {
			effect, parts[i].Amount = parts[i].Amount, decimal.Zero
		}
	}
	// Securities meet the IM: at a CCP a VM-only cycle takes cash alone.
	postable := engine.MaxDec(decimal.Zero, cc.IMChange.Add(engine.MinDec(effect, decimal.Zero)))
	if cc.Kind != engine.CCP {
		postable = engine.MaxDec(decimal.Zero, cc.Call.Add(effect))
	}
	for i := range parts {
		if cc.Kind == engine.CCP && covers[parts[i].Cycle] == engine.CoversVM {
			continue
		}
		parts[i].Postable = engine.MinDec(postable, engine.MaxDec(parts[i].Amount, decimal.Zero))
		postable = postable.Sub(parts[i].Postable)
	}
	return parts
}

// units are the pieces of a call that fall due separately: its cycle
// parts, or the whole call.
func (c *CallFigure) units() []*CallPart {
	if len(c.Parts) == 0 {
		whole := &CallPart{Amount: c.Amount, Deadline: c.Deadline, Postable: c.postable()}
		return []*CallPart{whole}
	}
	out := make([]*CallPart, len(c.Parts))
	for i := range c.Parts {
		out[i] = &c.Parts[i]
	}
	return out
}

// lodgedCredit is, per counterparty, the credit of postings with when
// each was lodged: a posting after the counterparty's lodgement cut-off
// is lodged the next business day and meets only later deadlines.
type lodgedCredit struct {
	at     time.Time
	credit decimal.Decimal
}

func lodged(b *engine.Book, posts []PostState) map[string][]lodgedCredit {
	out := map[string][]lodgedCredit{}
	for _, p := range posts {
		if p.ReversedBy != 0 {
			continue
		}
		at := p.At
		if cp, ok := b.Counterparty(p.Counterparty); ok {
			at = b.Lodged(cp, p.At)
		}
		out[p.Counterparty] = append(out[p.Counterparty], lodgedCredit{at: at, credit: p.Credit})
	}
	return out
}

// creditBy is the credit lodged by a deadline.
func creditBy(ls []lodgedCredit, deadline time.Time) decimal.Decimal {
	var sum decimal.Decimal
	for _, l := range ls {
		if !l.at.After(deadline) {
			sum = sum.Add(l.credit)
		}
	}
	return sum
}

// lodgeable refuses a posting that the counterparty would lodge only after
// the last deadline of its open call: past its lodgement cut-off the
// securities meet nothing that is due, and only cash still can.
func lodgeable(f Figures, c CallFigure, d Decision) error {
	cp, ok := f.Book.Counterparty(d.Counterparty)
	if !ok || !cp.HasLodgement || !c.Open() {
		return nil
	}
	at := f.Book.Lodged(cp, f.Now)
	last := c.LastDeadline()
	if at.After(last) {
		loc := f.Book.MarketOf(cp).In(f.Now).Location()
		return refuse(Conflict, "%s lodges securities until %s %s; posted now they are lodged %s, after its call's deadline %s: only cash meets it",
			cp.ID, cp.Lodgement, zoneAbbrev(f.Now.In(loc)), at.Format("Mon 15:04"), last.Format("Mon 15:04"))
	}
	return nil
}

func zoneAbbrev(t time.Time) string {
	name, _ := t.Zone()
	return name
}

// shortCalls is what is still short of each open call, part by part, in
// deadline order: what a plan made now must fund.
func shortCalls(f Figures) []engine.Call {
	calls := []engine.Call{}
	for _, c := range f.Calls {
		if !c.Open() || c.Shortfall.Sign() <= 0 {
			continue
		}
		if len(c.Parts) == 0 {
			calls = append(calls, engine.Call{Counterparty: c.Counterparty, Name: c.Name, Amount: c.Shortfall, Deadline: c.Deadline})
		}
		for _, u := range c.Parts {
			if u.Shortfall.Sign() > 0 {
				calls = append(calls, engine.Call{Counterparty: c.Counterparty, Name: c.Name, Amount: u.Shortfall, Deadline: u.Deadline, Cycle: u.Cycle})
			}
		}
	}
	engine.SortCalls(calls)
	return calls
}

// LastDeadline is the latest deadline of the call: its last part's, or
// its one deadline.
func (c CallFigure) LastDeadline() time.Time {
	last := c.Deadline
	for _, u := range c.Parts {
		if u.Deadline.After(last) {
			last = u.Deadline
		}
	}
	return last
}

// Dues are the pieces of the call that fall due separately, each with its
// amount, deadline and cover: its cycle parts, or the whole call as one.
func (c CallFigure) Dues() []CallPart {
	if len(c.Parts) > 0 {
		return c.Parts
	}
	return []CallPart{{Amount: c.Amount, Deadline: c.Deadline, Postable: c.postable(), Posted: c.Posted, Cash: c.Cash, Shortfall: c.Shortfall}}
}
