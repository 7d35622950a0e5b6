package engine

import (
	"time"

	"github.com/shopspring/decimal"
)

// ladder is the calls a liquidation serves when they are given
// (LiquidationInput.Calls), one row per call in deadline order, each with
// what it still asks. A counterparty with margin cycles has a row per
// cycle (CME's intraday VM call at 14:30 and its end-of-day IM call the
// next morning), so a sale is checked against the deadline of the call it
// serves — as the plan counts a source toward a call only if it arrives
// by that call's deadline — rather than against the counterparty's first.
//
// A sale serves the earliest row still short that it can serve and
// settles in time for: a margined position's sale (a future, a swap,
// stock a prime broker finances) releases margin at its counterparty and
// serves that counterparty's calls; a spot sale's cash serves any call.
// Its money, once there, serves the later rows too (cash in hand by 10:00
// is in hand at 14:30 and the next morning), so what it counts is at most
// what the rows it is in time for still ask. What the need asks beyond
// all the calls (a buffer) is a row of its own at the last deadline that
// any sale may serve, as every sale counted toward the need before.
type ladder struct {
	b    *Book
	rows []ladderRow
	last time.Time
}

type ladderRow struct {
	counterparty string // empty: the need beyond the calls
	deadline     time.Time
	left         decimal.Decimal
}

// newLadder builds the rows of in.Calls (nil when none are given).
func newLadder(b *Book, in LiquidationInput) *ladder {
	if len(in.Calls) == 0 {
		return nil
	}
	calls := append([]Call(nil), in.Calls...)
	SortCalls(calls)
	l := &ladder{b: b}
	var total decimal.Decimal
	for _, c := range calls {
		if c.Amount.Sign() <= 0 {
			continue
		}
		l.rows = append(l.rows, ladderRow{counterparty: c.Counterparty, deadline: c.Deadline, left: c.Amount})
		total = total.Add(c.Amount)
		if c.Deadline.After(l.last) {
			l.last = c.Deadline
		}
	}
	if len(l.rows) == 0 {
		return nil
	}
	if extra := in.Need.Sub(total); extra.Sign() > 0 {
		l.rows = append(l.rows, ladderRow{deadline: l.last, left: extra})
	}
	return l
}

// serves says whether a sale of p can meet row r: a margined position's
// sale meets only its counterparty's calls (and the need beyond the
// calls); a spot sale, or one at a counterparty with no call, any.
func (l *ladder) serves(p Position, r ladderRow) bool {
	if r.counterparty == "" || r.counterparty == p.Counterparty || !l.b.marginedLike(p) {
		return true
	}
	for _, x := range l.rows {
		if x.counterparty == p.Counterparty {
			return false
		}
	}
	return true
}

// deadlineFor is the deadline a candidate serves: the earliest row still
// short that it can serve and that fits (its money settles by the row's
// deadline, through a conversion where one is needed), and true; else,
// late for every deadline it could serve, the last of them and false.
func (l *ladder) deadlineFor(p Position, fits func(time.Time) bool) (time.Time, bool) {
	var late time.Time
	for _, r := range l.rows {
		if r.left.Sign() <= 0 || !l.serves(p, r) {
			continue
		}
		if fits(r.deadline) {
			return r.deadline, true
		}
		late = r.deadline
	}
	if late.IsZero() {
		late = l.last
	}
	return late, false
}

// open is what the rows a sale arriving at `arrives` can serve in time
// still ask.
func (l *ladder) open(p Position, arrives time.Time) decimal.Decimal {
	var t decimal.Decimal
	for _, r := range l.rows {
		if r.left.Sign() > 0 && l.serves(p, r) && !arrives.After(r.deadline) {
			t = t.Add(r.left)
		}
	}
	return t
}

// take meets the rows a sale can serve in time, earliest first, with its
// relief, and returns the deadline of the first it met.
func (l *ladder) take(p Position, arrives time.Time, relief decimal.Decimal) time.Time {
	var first time.Time
	for i := range l.rows {
		r := &l.rows[i]
		if relief.Sign() <= 0 {
			break
		}
		if r.left.Sign() <= 0 || !l.serves(p, *r) || arrives.After(r.deadline) {
			continue
		}
		if first.IsZero() {
			first = r.deadline
		}
		met := MinDec(r.left, relief)
		r.left, relief = r.left.Sub(met), relief.Sub(met)
	}
	return first
}

// size proposes the sales of a single-currency book against the ladder:
// candidates in rank order, each the least sale (to the cent) whose
// relief reaches what is still needed of the calls it is in time for.
func (l *ladder) size(lp *LiquidationPlan, st Stress, pol LiquidationPolicy, mult decimal.Decimal, need decimal.Decimal, at time.Time) {
	b := l.b
	left := need
	for i := range lp.Candidates {
		c := &lp.Candidates[i]
		c.Rank = i + 1
		if left.Sign() <= 0 || !c.InTime || c.Relief.Sign() <= 0 {
			continue
		}
		p, _ := b.Position(c.Position)
		target := MinDec(left, l.open(p, c.ArrivesAt))
		if target.Sign() <= 0 {
			continue
		}
		sale := c.Sale
		if sale.Relief.Cmp(target) > 0 {
			mv, im := stressedOf(st, p)
			sale = leastSale(pol, b.Settlement(), mult, p, b.marginedLike(p), mv, im, c.MaxValue, target, at)
		}
		lp.Sales = append(lp.Sales, sale)
		lp.Counted = append(lp.Counted, sale.Relief)
		lp.Serves = append(lp.Serves, l.take(p, sale.ArrivesAt, sale.Relief))
		lp.Raised = lp.Raised.Add(sale.Relief)
		lp.TotalCost = lp.TotalCost.Add(sale.ImpactCost)
		if sale.FireSale {
			lp.FireSales++
		}
		left = left.Sub(sale.Relief)
	}
	lp.Shortfall = MaxDec(left, zero)
}
