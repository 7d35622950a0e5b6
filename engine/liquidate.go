package engine

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// policy returns the book's liquidation policy with defaults for what a
// book built in code left at zero: participation 20% of ADV a day, a fire
// sale past 10% of value, k = 1. A zero permanent share is kept: it is a
// legitimate choice (all impact temporary).
func (b *Book) policy() LiquidationPolicy {
	p := b.Liquidation
	if p.Participation.Sign() <= 0 {
		p.Participation = decimal.RequireFromString("0.20")
	}
	if p.FireSale.Sign() <= 0 {
		p.FireSale = decimal.RequireFromString("0.10")
	}
	if p.K.Sign() <= 0 {
		p.K = one
	}
	return p
}

// A Sale is the sale (or, for a short, the buy-back) of part of a position
// under stress. Value is the absolute market value traded at the stressed
// mark. The square-root model prices it (ImpactCost = Value × ImpactRate,
// widened by the scenario's multiplier); the permanent part of the impact
// then re-marks what is left, which on a margined position is a VM call
// (RemarkVM) and on any position a loss (RemarkLoss). Closing a future
// raises no cash of its own, only the fill's cost, but releases the IM on
// the part closed; a spot sale raises Value − ImpactCost at its settlement,
// and buying back a short spot position costs Value + ImpactCost.
// Relief is the net liquidity: Proceeds + MarginReleased − RemarkVM. A
// sale whose cost passes the book's threshold is a fire sale.
type Sale struct {
	Position       string
	Kind           PositionKind
	Value          decimal.Decimal
	ImpactRate     decimal.Decimal
	ImpactCost     decimal.Decimal
	Proceeds       decimal.Decimal
	MarginReleased decimal.Decimal
	PermanentRate  decimal.Decimal
	RemarkVM       decimal.Decimal
	RemarkLoss     decimal.Decimal
	Relief         decimal.Decimal
	ArrivesAt      time.Time
	FireSale       bool
	// Currency is what every amount of the sale is in: its position's
	// (empty: the base).
	Currency string
}

// stressedOf returns a position's stressed MV and stressed IM.
func stressedOf(st Stress, p Position) (value, im decimal.Decimal) {
	for _, ps := range st.Positions {
		if ps.ID == p.ID {
			return ps.StressedValue, ps.StressedIM
		}
	}
	return p.MarketValue, p.InitialMargin
}

// stressedAt is stressedOf for the i-th position of the book: StressBook
// keeps the book's order, so the lookup is direct and ranking a large book
// stays linear.
func stressedAt(st Stress, i int, p Position) (value, im decimal.Decimal) {
	if i < len(st.Positions) && st.Positions[i].ID == p.ID {
		return st.Positions[i].StressedValue, st.Positions[i].StressedIM
	}
	return stressedOf(st, p)
}

// SaleOf prices the sale of `value` (absolute market value, at most the
// position's stressed value) of one position at `at` under a stress: the
// playbook's "liquidate" decision calls it.
func SaleOf(b *Book, st Stress, positionID string, value decimal.Decimal, at time.Time) (Sale, error) {
	p, ok := b.Position(positionID)
	if !ok {
		return Sale{}, fmt.Errorf("sale: no position %q", positionID)
	}
	mv, im := stressedOf(st, p)
	if value.Sign() <= 0 || value.Cmp(mv.Abs()) > 0 {
		return Sale{}, fmt.Errorf("sale of %s: value %s outside 0 … %s", positionID, value.StringFixed(2), mv.Abs().StringFixed(2))
	}
	return saleAt(b.policy(), b.Settlement(), st.Scenario.ImpactMultiplier, p, b.marginedLike(p), mv, im, value, at), nil
}

// SaleAfter prices a sale of value out of a position of which soldBefore
// (at the stressed mark) has already been sold in the incident: the rest
// of the position, and its IM, are what remain after those sales.
func SaleAfter(b *Book, st Stress, positionID string, value, soldBefore decimal.Decimal, at time.Time) (Sale, error) {
	p, ok := b.Position(positionID)
	if !ok {
		return Sale{}, fmt.Errorf("sale: no position %q", positionID)
	}
	mv, im := stressedOf(st, p)
	held := mv.Abs().Sub(soldBefore)
	if value.Sign() <= 0 || value.Cmp(held) > 0 {
		return Sale{}, fmt.Errorf("sale of %s: value %s outside 0 … %s", positionID, value.StringFixed(2), held.StringFixed(2))
	}
	if !mv.IsZero() {
		im = im.Mul(held).DivRound(mv.Abs(), 12)
		mv = held.Mul(decimal.NewFromInt(int64(mv.Sign())))
	}
	return saleAt(b.policy(), b.Settlement(), st.Scenario.ImpactMultiplier, p, b.marginedLike(p), mv, im, value, at), nil
}

// saleAt prices a sale of value out of a position whose mark is mv and
// whose IM requirement is im (both as they stand when it trades).
func saleAt(pol LiquidationPolicy, cut Settlement, mult decimal.Decimal, p Position, margined bool, mv, im, value decimal.Decimal, at time.Time) Sale {
	if mult.Sign() <= 0 {
		mult = one
	}
	s := Sale{Position: p.ID, Kind: p.Kind, Value: value, ArrivesAt: cut.Arrival(p.Liquidity.Settle, at), Currency: p.Currency}
	s.ImpactRate = ImpactRate(p.Liquidity, value, pol.K, mult)
	s.ImpactCost = Cents(value.Mul(s.ImpactRate))
	s.PermanentRate = permanentRate(pol, p.Liquidity, value, mult)
	rest := mv.Abs().Sub(value)
	s.RemarkLoss = Cents(rest.Mul(s.PermanentRate))
	if margined {
		// A future or swap closed raises no cash of its own; nor does a
		// position a prime broker finances: the sale repays the financing
		// and frees only the house margin on the part sold.
		s.Proceeds = s.ImpactCost.Neg()
		if !mv.IsZero() {
			s.MarginReleased = Cents(im.Mul(value).DivRound(mv.Abs(), 12))
		}
		s.RemarkVM = s.RemarkLoss
	} else if mv.Sign() < 0 {
		// Buying back a short spot position costs cash: its value and the
		// impact of the purchase. It never raises liquidity.
		s.Proceeds = value.Add(s.ImpactCost).Neg()
	} else {
		s.Proceeds = value.Sub(s.ImpactCost)
	}
	s.Relief = s.Proceeds.Add(s.MarginReleased).Sub(s.RemarkVM)
	s.FireSale = value.Sign() > 0 && s.ImpactCost.Cmp(Cents(value.Mul(pol.FireSale))) > 0
	return s
}

// permanentRate is the share of the impact (not the spread, which is paid
// and gone) that stays in the price after the sale: permanent × m × k ×
// daily_vol × sqrt(value / ADV), at most one.
func permanentRate(pol LiquidationPolicy, l Liquidity, value, mult decimal.Decimal) decimal.Decimal {
	if l.ADV.Sign() <= 0 || value.Sign() <= 0 {
		return zero
	}
	r := pol.Permanent.Mul(mult).Mul(pol.K).Mul(l.DailyVol).Mul(sqrtDec(value.DivRound(l.ADV, 20)))
	return MinDec(r.Round(12), one)
}

// DayCap is the most of a position that may be sold in one day: the
// book's participation share of its ADV, in cents (zero without a market).
func (b *Book) DayCap(p Position) decimal.Decimal {
	return Cents(p.Liquidity.ADV.Mul(b.policy().Participation))
}

// LiquidationInput asks for sales that raise Need by Deadline, trading at
// At. Participation and FireSale override the book's policy when set.
//
// A sale serves the call of the counterparty it releases margin at: a
// margined position's sale counts only if it settles by Deadlines[its
// counterparty] (when given), a spot sale's cash by Deadline. SoldToday is
// what has already been sold of each position today: the day's cap is what
// the participation share leaves after it.
type LiquidationInput struct {
	Need          decimal.Decimal
	At, Deadline  time.Time
	Deadlines     map[string]time.Time
	SoldToday     map[string]decimal.Decimal
	Participation decimal.Decimal
	FireSale      decimal.Decimal
	// Currency is what Need is in (empty: the base). In a book of several
	// currencies a sale counts toward it at the scenario's rates; one
	// whose money comes in another currency counts only through a
	// conversion that delivers by the deadline (see counter).
	Currency string
	// Needs, when set (a book in several currencies), is what each
	// currency is short: it replaces Need and Currency. A sale meets its
	// own currency's need first, else another's through a conversion in
	// time; the plan's figures are then in the base.
	Needs map[string]decimal.Decimal
	// Calls, when given (Stress.Due: a call per counterparty and margin
	// cycle), replace Deadline and Deadlines: each sale serves the
	// earliest call still short that it can serve and settles in time for,
	// and counts at most what the calls it is in time for still ask (see
	// ladder). A sale late for every call stays late.
	Calls []Call
}

// CallDeadlines are the deadlines of a stress's calls that ask the firm
// for money, by counterparty, and the last of them (zero if none): what a
// sale is checked against when no deadline is given.
func CallDeadlines(st Stress) (map[string]time.Time, time.Time) {
	out := map[string]time.Time{}
	var last time.Time
	for _, c := range st.Calls {
		if c.Call.Sign() <= 0 {
			continue
		}
		out[c.ID] = c.Deadline
		if c.Deadline.After(last) {
			last = c.Deadline
		}
	}
	return out, last
}

// DeadlineFor is the deadline a sale of p is checked against: its
// counterparty's when the sale releases margin there (a future or swap, or
// stock a prime broker finances), else the one deadline given.
func (in LiquidationInput) DeadlineFor(b *Book, p Position) time.Time {
	if t, ok := in.Deadlines[p.Counterparty]; ok && b.marginedLike(p) && !t.IsZero() {
		return t
	}
	return in.Deadline
}

// A Candidate is a position that could be reduced: the largest sale the
// participation cap allows today, what it would do, whether its money
// arrives by the deadline, and its score (its net relief, Relief, per unit
// of liquidation cost). Rank 1 is sold first.
type Candidate struct {
	Sale
	MaxValue decimal.Decimal
	// Deadline is the deadline of the call the sale serves (see
	// LiquidationInput); InTime says whether it settles by it.
	Deadline time.Time
	InTime   bool
	Score    decimal.Decimal
	Rank     int
	// Counted is the relief counted toward the need, in the need's
	// currency at the scenario's rates (Relief itself in a single-currency
	// book); Via the conversion that turns the sale's money into it, and
	// NoConversion that none delivers by the deadline (the candidate is
	// then not in time).
	Counted      decimal.Decimal
	Via          string
	NoConversion bool
}

// LiquidationPlan is the position reduction stage: the candidates ranked,
// and the sales proposed, each the least that, with the sales before it,
// raises the need by the deadline.
type LiquidationPlan struct {
	Need, Raised, Shortfall decimal.Decimal
	// Currency is what Need, Raised and Shortfall are in (the base unless
	// the input names one); FX the scenario's rates the sales count at;
	// Counted[i] what Sales[i] counts toward the need.
	Currency                string
	FX                      FX
	Counted                 []decimal.Decimal
	Deadline                time.Time
	Participation, FireSale decimal.Decimal
	Candidates              []Candidate
	Sales                   []Sale
	// Serves[i] is the deadline of the call Sales[i] serves: the first it
	// meets (with LiquidationInput.Calls), else its candidate's.
	Serves    []time.Time
	TotalCost decimal.Decimal
	FireSales int
}

// PlanLiquidation ranks positions by relief per unit of cost and sizes
// sales to raise in.Need. A day's sale is capped at participation × ADV;
// only proceeds (and released margin) arriving by the deadline count. The
// size of each sale is found by bisection to the cent on its net relief,
// which counts the VM its permanent impact calls on the rest.
func PlanLiquidation(b *Book, st Stress, in LiquidationInput) LiquidationPlan {
	pol := b.policy()
	if in.Participation.Sign() > 0 {
		pol.Participation = in.Participation
	}
	if in.FireSale.Sign() > 0 {
		pol.FireSale = in.FireSale
	}
	if in.Deadline.IsZero() {
		in.Deadline = b.Deadline
	}
	lp := LiquidationPlan{Need: in.Need, Deadline: in.Deadline, Participation: pol.Participation, FireSale: pol.FireSale,
		Currency: b.CurrencyOf(in.Currency), FX: st.FX}
	if lp.FX.Base == "" {
		lp.FX = b.FX.Shocked(st.Scenario.Shocks)
	}
	cnt := newCounter(b, lp.FX, in, &lp)
	lad := newLadder(b, in)
	if lad != nil {
		lp.Deadline = lad.last
	}
	mult := st.Scenario.ImpactMultiplier
	for i, p := range b.Positions {
		mv, im := stressedAt(st, i, p)
		if mv.IsZero() || p.Liquidity.ADV.Sign() <= 0 {
			continue
		}
		maxV := MinDec(mv.Abs(), MaxDec(Cents(p.Liquidity.ADV.Mul(pol.Participation)).Sub(in.SoldToday[p.ID]), zero))
		s := saleAt(pol, b.Settlement(), mult, p, b.marginedLike(p), mv, im, maxV, in.At)
		dl := in.DeadlineFor(b, p)
		c := Candidate{Sale: s, MaxValue: maxV, Deadline: dl, InTime: !s.ArrivesAt.After(dl)}
		if lad != nil {
			c.Deadline, c.InTime = lad.deadlineFor(p, func(dl time.Time) bool {
				if s.ArrivesAt.After(dl) {
					return false
				}
				_, _, ok := cnt.count(p, s, dl)
				return ok
			})
		}
		var ok bool
		if c.Counted, c.Via, ok = cnt.count(p, s, dl); !ok {
			c.InTime, c.NoConversion = false, true
		}
		if c.InTime && s.ImpactCost.Sign() > 0 {
			// The score is the net relief the candidate shows (cash raised,
			// or paid, plus IM released, less the re-mark's VM) per unit
			// of impact cost: a buy-back that costs cash scores below zero.
			c.Score = s.Relief.DivRound(s.ImpactCost, 4)
		}
		lp.Candidates = append(lp.Candidates, c)
	}
	sort.SliceStable(lp.Candidates, func(i, j int) bool {
		a, c := lp.Candidates[i], lp.Candidates[j]
		if a.InTime != c.InTime {
			return a.InTime
		}
		return a.Score.Cmp(c.Score) > 0
	})
	if cnt.multi {
		cnt.size(&lp, st, pol, mult, in.At)
		return lp
	}
	if lad != nil {
		lad.size(&lp, st, pol, mult, in.Need, in.At)
		return lp
	}
	left := in.Need
	for i := range lp.Candidates {
		c := &lp.Candidates[i]
		c.Rank = i + 1
		if left.Sign() <= 0 || !c.InTime || c.Relief.Sign() <= 0 {
			continue
		}
		p, _ := b.Position(c.Position)
		mv, im := stressedOf(st, p)
		sale := c.Sale
		if c.Relief.Cmp(left) > 0 {
			sale = leastSale(pol, b.Settlement(), mult, p, b.marginedLike(p), mv, im, c.MaxValue, left, in.At)
		}
		lp.Sales = append(lp.Sales, sale)
		lp.Counted = append(lp.Counted, sale.Relief)
		lp.Serves = append(lp.Serves, c.Deadline)
		lp.Raised = lp.Raised.Add(sale.Relief)
		lp.TotalCost = lp.TotalCost.Add(sale.ImpactCost)
		if sale.FireSale {
			lp.FireSales++
		}
		left = left.Sub(sale.Relief)
	}
	lp.Shortfall = MaxDec(left, zero)
	return lp
}

// leastSale is the smallest sale, to the cent, whose relief reaches need
// (relief grows with size over the range a plan uses).
func leastSale(pol LiquidationPolicy, cut Settlement, mult decimal.Decimal, p Position, margined bool, mv, im, maxV, need decimal.Decimal, at time.Time) Sale {
	lo, hi := zero, maxV
	for hi.Sub(lo).Cmp(cent) > 0 {
		mid := CentsUp(lo.Add(hi).Div(decimal.NewFromInt(2)))
		if mid.Cmp(hi) >= 0 {
			mid = hi.Sub(cent)
		}
		if saleAt(pol, cut, mult, p, margined, mv, im, mid, at).Relief.Cmp(need) >= 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return saleAt(pol, cut, mult, p, margined, mv, im, hi, at)
}

// marginedLike reports whether selling p pays and receives margin rather
// than cash: a future or swap, or a spot position a prime broker finances
// and margins.
func (b *Book) marginedLike(p Position) bool {
	if p.Kind.Margined() {
		return true
	}
	c, ok := b.Counterparty(p.Counterparty)
	if !ok {
		return false
	}
	_, ok = houseRate(c, p)
	return ok
}
