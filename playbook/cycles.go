package playbook

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// cycleEstimates are the estimated calls of a counterparty with margin
// cycles in its book (CME's intraday and end-of-day): one call per cycle,
// as the stress split it, each with its own deadline. What sales changed
// falls in the last cycle (the end-of-day call re-marks everything); a
// release that would make it negative passes the rest to the one before.
func cycleEstimates(cp engine.Counterparty, cc engine.CounterpartyCall, effect decimal.Decimal) []CallFigure {
	covers := map[string]engine.Covers{}
	for _, cyc := range cp.Cycles {
		covers[cyc.ID] = cyc.Covers
	}
	out := make([]CallFigure, len(cc.Cycles))
	for i, cy := range cc.Cycles {
		out[i] = CallFigure{Counterparty: cc.ID, Name: cc.Name, Kind: cc.Kind, Deadline: cy.Deadline, Cycle: cy.Cycle,
			Amount: cy.Amount, Positions: cc.Positions, VM: cy.VM, IMChange: cy.IM}
	}
	if n := len(out); n > 0 {
		out[n-1].SaleEffect = effect
	}
	for i := len(out) - 1; i >= 0 && !effect.IsZero(); i-- {
		out[i].Amount = out[i].Amount.Add(effect)
		effect = decimal.Zero
		if out[i].Amount.Sign() < 0 && i > 0 {
			effect, out[i].Amount = out[i].Amount, decimal.Zero
		}
	}
	// Securities meet the IM: at a CCP a VM-only cycle takes cash alone.
	postable := estimatePostable(cc, effect)
	for i := range out {
		if cc.Kind == engine.CCP && covers[out[i].Cycle] == engine.CoversVM {
			continue
		}
		out[i].IMPart = engine.MinDec(postable, engine.MaxDec(out[i].Amount, decimal.Zero))
		postable = postable.Sub(out[i].IMPart)
	}
	return out
}

// bookCycles reports whether the book gives the counterparty margin
// cycles: its estimates are then one per cycle, each with a ledger of its
// own.
func bookCycles(b *engine.Book, cp string) bool {
	if b == nil {
		return false
	}
	c, ok := b.Counterparty(cp)
	return ok && len(c.Cycles) > 0
}

// KnownCycle reports whether a call may name the cycle: intraday and eod
// always, and any cycle the book gives the counterparty (LCH's morning).
func KnownCycle(cp engine.Counterparty, cycle string) bool {
	if cycle == "" || cycle == CycleEOD || cycle == CycleIntraday {
		return true
	}
	return slices.ContainsFunc(cp.Cycles, func(c engine.Cycle) bool { return c.ID == cycle })
}

// estimateIndexIn finds the estimate of one cycle of a counterparty with
// book cycles; -1 when it has no ledger yet.
//
// ccy names an estimate in a currency other than the counterparty's first
// (empty: the first).
func estimateIndexIn(l []CallState, cp, cycle, ccy string) int {
	for i := len(l) - 1; i >= 0; i-- {
		if l[i].Counterparty == cp && l[i].Ref == 0 && !l[i].Keyed && l[i].Cycle == cycle && l[i].Currency == ccy {
			return i
		}
	}
	return -1
}

// hasKeyedCycle reports whether the counterparty has called in a cycle:
// that cycle's estimate is then replaced by what it called.
// ccy names the currency (empty: the counterparty's first).
func hasKeyedCycle(l []CallState, cp, cycle, ccy string) bool {
	return slices.ContainsFunc(l, func(c CallState) bool {
		return c.Counterparty == cp && c.Keyed && c.Cycle == cycle && c.Currency == ccy
	})
}

// lodgedAt is when a posting is lodged with its counterparty: past the
// counterparty's lodgement cut-off, at its next business day's opening.
func lodgedAt(b *engine.Book, p PostState) time.Time {
	if cp, ok := b.Counterparty(p.Counterparty); ok {
		return b.LodgedAt(cp, p.At)
	}
	return p.At
}

// lodgedCredit is what is left of one posting's credit and when it was
// lodged: it meets only calls due after.
type lodgedCredit struct {
	at   time.Time
	left decimal.Decimal
}

// take spends up to `want` of the credit lodged by the deadline, earliest
// lodged first, and returns what it spent.
func take(ls []lodgedCredit, deadline time.Time, want decimal.Decimal) decimal.Decimal {
	var got decimal.Decimal
	for i := range ls {
		if want.Sign() <= 0 {
			break
		}
		if ls[i].at.After(deadline) || ls[i].left.Sign() <= 0 {
			continue
		}
		t := engine.MinDec(want, ls[i].left)
		ls[i].left = ls[i].left.Sub(t)
		got, want = got.Add(t), want.Sub(t)
	}
	return got
}

// lodgeable refuses a posting that the counterparty would lodge only after
// the last deadline of its open calls: past its lodgement cut-off the
// securities meet nothing that is due, and only cash still can.
func lodgeable(f Figures, d Decision) error {
	cp, ok := f.Book.Counterparty(d.Counterparty)
	if !ok || !cp.HasLodgement {
		return nil
	}
	var last time.Time
	for _, c := range f.Calls {
		if c.Counterparty == cp.ID && c.Open() && c.Deadline.After(last) {
			last = c.Deadline
		}
	}
	if last.IsZero() {
		return nil
	}
	if at := f.Book.LodgedAt(cp, f.Now); at.After(last) {
		zone, _ := f.Book.MarketOf(cp).In(f.Now).Zone()
		return refuse(Conflict, "%s lodges securities until %s %s; posted now they are lodged %s, after its calls' last deadline %s: only cash meets them",
			cp.ID, cp.Lodgement, zone, at.Format("Mon 15:04"), last.Format("Mon 15:04"))
	}
	return nil
}

// bookCycleNames lists the cycles the book gives a counterparty, for a
// refusal that names what it wants.
func bookCycleNames(cp engine.Counterparty) string {
	out := ""
	for _, c := range cp.Cycles {
		if c.ID != CycleEOD && c.ID != CycleIntraday {
			out += " or " + c.ID
		}
	}
	return out
}

// vmOnlyCycle reports whether the book's cycle of the counterparty calls
// only VM (CME's intraday).
func vmOnlyCycle(cp engine.Counterparty, cycle string) bool {
	return slices.ContainsFunc(cp.Cycles, func(c engine.Cycle) bool { return c.ID == cycle && c.Covers == engine.CoversVM })
}

// estimatePostable is what of an estimated call securities may meet, as
// the engine splits it (CounterpartyCall.Postable): at a CCP the IM
// increase and any top-up of securities already lodged — VM, and IM
// released in cash, are cash — less the IM a sale releases (a negative
// sale effect); under a CSA or at a prime broker the whole call.
func estimatePostable(cc engine.CounterpartyCall, effect decimal.Decimal) decimal.Decimal {
	if cc.Kind != engine.CCP {
		return engine.MaxDec(decimal.Zero, cc.Call.Add(effect))
	}
	return engine.MaxDec(decimal.Zero, cc.Postable.Add(engine.MinDec(effect, decimal.Zero)))
}
