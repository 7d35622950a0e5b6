package engine

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// A Cycle is one of a counterparty's margin cycles in a day: CME calls
// intraday (confirmed 13:30 CT) and at the end of the day (confirmed 07:30
// CT the next business morning); LCH makes a morning and an intraday call.
// A call made in a cycle is due at its Confirm wall time in the
// counterparty's zone, Days business days after the day it is made.
type Cycle struct {
	ID      string
	Confirm Cutoff
	Days    int
	// Covers is what of a stressed call the cycle calls: the variation
	// margin, the initial margin, or both (the default).
	Covers Covers
}

// Covers names the part of a margin call a cycle calls.
type Covers string

const (
	CoversAll Covers = ""
	CoversVM  Covers = "vm"
	CoversIM  Covers = "im"
)

func (c Covers) vm() bool { return c == CoversAll || c == CoversVM }
func (c Covers) im() bool { return c == CoversAll || c == CoversIM }

// A CycleCall is the part of a counterparty's net call made in one cycle.
type CycleCall struct {
	Cycle    string
	Amount   decimal.Decimal
	Deadline time.Time
	// VM and IM are the parts of the call the cycle calls.
	VM, IM decimal.Decimal
}

// CycleDeadline is when a call of cycle cyc made on the business day of
// `on` is due, in the book's zone: cyc.Days business days after that day,
// at the confirmation's wall time in the counterparty's zone (so DST keeps
// it where the market keeps it). A call made on a day that is not a
// business day belongs to the next one.
func (b *Book) CycleDeadline(c Counterparty, cyc Cycle, on time.Time) time.Time {
	m := b.MarketOf(c)
	loc := m.zoneFor(on)
	day := DateOf(on.In(loc))
	if !m.IsBusinessDay(day) {
		day = m.NextBusinessDay(day)
	}
	return b.Market.In(At(m.AddBusinessDays(day, cyc.Days), cyc.Confirm, loc))
}

// nextCycles is each cycle's first deadline not before `from`, in deadline
// order (ties in the book's order).
func (b *Book) nextCycles(c Counterparty, from time.Time) []CycleCall {
	out := make([]CycleCall, 0, len(c.Cycles))
	for _, cyc := range c.Cycles {
		dl := b.CycleDeadline(c, cyc, from)
		if dl.Before(from) {
			// Today's call of this cycle is already confirmed: the next
			// business day's.
			m := b.MarketOf(c)
			next := m.NextBusinessDay(DateOf(from.In(m.zoneFor(from))))
			dl = b.CycleDeadline(c, cyc, At(next, Cutoff{}, m.zoneFor(from)))
		}
		out = append(out, CycleCall{Cycle: cyc.ID, Deadline: dl})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Deadline.Before(out[j].Deadline) })
	return out
}

// splitCycles divides a counterparty's net call between its cycles: the
// variation margin goes to the first cycle (by deadline from the alert)
// that calls VM, the IM change to the first that calls IM. When the two
// parts differ in sign (a VM gain against an IM rise), the counterparty
// nets them, and the net falls in the earlier of the two cycles.
func (b *Book) splitCycles(c Counterparty, cc CounterpartyCall) []CycleCall {
	cycles := b.nextCycles(c, b.AsOf)
	byID := map[string]Covers{}
	for _, cyc := range c.Cycles {
		byID[cyc.ID] = cyc.Covers
	}
	first := func(ok func(Covers) bool) int {
		for i, cy := range cycles {
			if ok(byID[cy.Cycle]) {
				return i
			}
		}
		return 0
	}
	vm, im := first(Covers.vm), first(Covers.im)
	if vm == im || cc.BelowMTA || cc.VariationMargin.Sign()*cc.IMChange.Sign() <= 0 {
		// One call: both parts fall in the same cycle, or one part is
		// nothing (the call falls where the other is called), or they
		// net.
		at := min(vm, im)
		switch {
		case cc.IMChange.IsZero():
			at = vm
		case cc.VariationMargin.IsZero():
			at = im
		}
		cycles[at].Amount, cycles[at].VM, cycles[at].IM = cc.Call, cc.VariationMargin, cc.IMChange
		return []CycleCall{cycles[at]}
	}
	cycles[vm].Amount, cycles[vm].VM = cc.VariationMargin, cc.VariationMargin
	cycles[im].Amount, cycles[im].IM = cc.IMChange, cc.IMChange
	lo, hi := min(vm, im), max(vm, im)
	return []CycleCall{cycles[lo], cycles[hi]}
}

// cycleShare is the cash-only and postable parts of one cycle's call: at a
// CCP a cycle that calls only VM is paid in cash; otherwise securities may
// meet the call up to the counterparty's postable share.
func cycleShare(cp Counterparty, cc CounterpartyCall, c Call, postable decimal.Decimal) (decimal.Decimal, decimal.Decimal) {
	covers := CoversAll
	for _, cyc := range cp.Cycles {
		if cyc.ID == c.Cycle {
			covers = cyc.Covers
		}
	}
	if cc.Kind == CCP && covers == CoversVM {
		return c.Amount, zero
	}
	postable = MinDec(postable, MaxDec(c.Amount, zero))
	return c.Amount.Sub(postable), postable
}

// LodgedAt is when securities given to a counterparty at `at` are lodged
// with it, in the book's zone: at once before its lodgement cut-off on a
// business day (CME: 14:00 CT for non-cash collateral), otherwise at the
// opening of its next business day. A counterparty without a cut-off
// lodges at once.
func (b *Book) LodgedAt(c Counterparty, at time.Time) time.Time {
	if !c.HasLodgement {
		return at
	}
	m := b.MarketOf(c)
	loc := m.zoneFor(at)
	day := DateOf(at.In(loc))
	if m.IsBusinessDay(day) && !at.After(At(day, c.Lodgement, loc)) {
		return at
	}
	return b.Market.In(At(m.NextBusinessDay(day), m.Hours.orDefault().Open, loc))
}

// DeadlineOn is a counterparty's deadline on day `day` (1-based) of a
// multi-day horizon: the first day's deadline moved day−1 business days
// later in the counterparty's calendars, at the same wall time in its zone
// (a London 16:00 stays 16:00 London across the clocks changing).
func (b *Book) DeadlineOn(c Counterparty, first time.Time, day int) time.Time {
	return b.Market.In(b.MarketOf(c).Shift(first, day-1))
}

// LastDeadline is the latest deadline of the call: its last cycle's, or
// its one deadline.
func (c CounterpartyCall) LastDeadline() time.Time {
	last := c.Deadline
	for _, cy := range c.Cycles {
		if cy.Deadline.After(last) {
			last = cy.Deadline
		}
	}
	return last
}

// LastDeadlineOf is the latest deadline of a counterparty's calls from the
// alert on: its last cycle's, or its one deadline.
func (b *Book) LastDeadlineOf(c Counterparty) time.Time {
	last := b.DeadlineOf(c)
	for _, cy := range b.nextCycles(c, b.AsOf) {
		if cy.Deadline.After(last) {
			last = cy.Deadline
		}
	}
	return last
}

// CycleDeadlineOf is the first deadline, from the alert on, of the
// counterparty's cycle with the given id; ok is false when it has none.
func (b *Book) CycleDeadlineOf(c Counterparty, id string) (time.Time, bool) {
	for _, cy := range b.nextCycles(c, b.AsOf) {
		if cy.Cycle == id {
			return cy.Deadline, true
		}
	}
	return time.Time{}, false
}
