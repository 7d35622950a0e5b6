package engine

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// counter counts sales toward a liquidation need in a book of several
// currencies, as the plain plan counts a source toward a call (see
// AllocateFX). The need is one amount per currency (rows): one row for a
// need in one currency, one per currency short for the live shortfall. A
// sale's money is in the currency of the call it relieves (a future's or
// financed stock's: its counterparty's call currency) or, for a spot
// sale, its position's. It meets its own currency's row at the scenario's
// rates; another row only through one of the book's conversions that,
// struck when the money is there (and no earlier than the trade),
// delivers by the deadline. A single-currency book counts every relief as
// it is (multi false: none of this applies).
type counter struct {
	b     *Book
	fx    FX
	to    string // the plan's currency: the need's, or the base for rows
	at    time.Time
	multi bool
	rows  []needRow
}

type needRow struct {
	ccy        string
	need, left decimal.Decimal
}

func newCounter(b *Book, fx FX, in LiquidationInput, lp *LiquidationPlan) *counter {
	k := &counter{b: b, fx: fx, to: lp.Currency, at: in.At, multi: b.MultiCurrency()}
	if !k.multi {
		return k
	}
	if in.Needs == nil {
		k.rows = []needRow{{ccy: lp.Currency, need: in.Need, left: in.Need}}
		return k
	}
	k.to, lp.Currency = b.Currency, b.Currency
	for ccy, v := range in.Needs {
		if v.Sign() > 0 {
			k.rows = append(k.rows, needRow{ccy: b.CurrencyOf(ccy), need: v, left: v})
		}
	}
	// The base first, then alphabetically: a sale in a third currency
	// that converts into two meets them in that order.
	sort.Slice(k.rows, func(i, j int) bool {
		if (k.rows[i].ccy == b.Currency) != (k.rows[j].ccy == b.Currency) {
			return k.rows[i].ccy == b.Currency
		}
		return k.rows[i].ccy < k.rows[j].ccy
	})
	lp.Need = zero
	for _, r := range k.rows {
		lp.Need = lp.Need.Add(k.conv(r.ccy, k.to, r.need))
	}
	return k
}

// conv converts an amount between two currencies at the scenario's
// rates, half-up to the cent (an amount already in `to` is left exactly
// as it is).
func (k *counter) conv(from, to string, d decimal.Decimal) decimal.Decimal {
	return inBase(k.fx, k.b.CurrencyOf(from), k.b.CurrencyOf(to))(d)
}

// moneyCurrency is the currency a sale of p brings its relief in.
func (k *counter) moneyCurrency(p Position) string {
	if k.b.marginedLike(p) {
		if c, ok := k.b.Counterparty(p.Counterparty); ok {
			return k.b.CallCurrency(c, p)
		}
	}
	return k.b.CurrencyOf(p.Currency)
}

// target is the row a sale s of p meets — its money's currency's, else
// the first whose currency a conversion delivers by the deadline — and
// that conversion's id; -1 when none. With open, only rows with something
// left count.
func (k *counter) target(p Position, s Sale, deadline time.Time, open bool) (int, string) {
	m := k.moneyCurrency(p)
	for i, r := range k.rows {
		if r.ccy == m && (!open || r.left.Sign() > 0) {
			return i, ""
		}
	}
	dealt := s.ArrivesAt
	if k.at.After(dealt) {
		dealt = k.at
	}
	x := Exchange{Base: k.b.Currency, FX: k.fx, Conversions: k.b.Conversions, Arrival: k.b.ConversionArrival, From: k.at}
	for i, r := range k.rows {
		if open && r.left.Sign() <= 0 {
			continue
		}
		if cv, _, ok := x.route(m, r.ccy, dealt, deadline); ok {
			return i, cv.ID
		}
	}
	return -1, ""
}

// count is what a candidate's sale counts toward the need, in the plan's
// currency, the conversion it goes through, and ok false when no row of
// the need can take its money in time.
func (k *counter) count(p Position, s Sale, deadline time.Time) (decimal.Decimal, string, bool) {
	if !k.multi {
		return s.Relief, "", true
	}
	i, via := k.target(p, s, deadline, false)
	if i < 0 {
		return zero, "", false
	}
	return k.conv(p.Currency, k.to, s.Relief), via, true
}

// size proposes the sales of a book in several currencies: candidates in
// rank order, each meeting the row it targets, the least sale (to the
// cent) whose relief in that row's currency reaches what the row has left.
func (k *counter) size(lp *LiquidationPlan, st Stress, pol LiquidationPolicy, mult decimal.Decimal, at time.Time) {
	b := k.b
	for i := range lp.Candidates {
		c := &lp.Candidates[i]
		c.Rank = i + 1
		if !c.InTime || c.Relief.Sign() <= 0 {
			continue
		}
		p, _ := b.Position(c.Position)
		j, _ := k.target(p, c.Sale, c.Deadline, true)
		if j < 0 {
			continue
		}
		row := &k.rows[j]
		sale := c.Sale
		met := k.conv(p.Currency, row.ccy, sale.Relief)
		if met.Cmp(row.left) > 0 {
			// What the row has left, in the position's currency, rounded up
			// so that the sale meets at least all of it.
			need := row.left
			if pc := b.CurrencyOf(p.Currency); pc != row.ccy {
				need = CentsUp(k.fx.MustConvert(row.left, row.ccy, pc))
			}
			mv, im := stressedOf(st, p)
			sale = leastSale(pol, b.Settlement(), mult, p, b.marginedLike(p), mv, im, c.MaxValue, need, at)
			met = k.conv(p.Currency, row.ccy, sale.Relief)
		}
		row.left = row.left.Sub(met)
		counted := k.conv(row.ccy, k.to, met)
		lp.Sales = append(lp.Sales, sale)
		lp.Counted = append(lp.Counted, counted)
		lp.Serves = append(lp.Serves, c.Deadline)
		lp.Raised = lp.Raised.Add(counted)
		lp.TotalCost = lp.TotalCost.Add(k.conv(sale.Currency, k.to, sale.ImpactCost))
		if sale.FireSale {
			lp.FireSales++
		}
	}
	lp.Shortfall = zero
	for _, r := range k.rows {
		lp.Shortfall = lp.Shortfall.Add(k.conv(r.ccy, k.to, MaxDec(r.left, zero)))
	}
}
