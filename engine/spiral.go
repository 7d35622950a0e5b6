package engine

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// SurvivalInput sets up the day-by-day simulation of a stress.
//   - Buffer is the cash the firm starts with; when HasBuffer is false it is
//     what the book's sources can raise under the scenario and that
//     arrives by day 1's deadline (asset sales aside: the simulation does
//     its own selling).
//   - Days is how many business days to run (default 5: Monday to Friday).
//   - DeRisk is the share of every margined position sold on day 0, the
//     business day before the shock, at normal (unstressed) impact.
//   - Path, when set, replaces the scenario's follow-on factor returns.
type SurvivalInput struct {
	Buffer    decimal.Decimal
	HasBuffer bool
	Days      int
	DeRisk    decimal.Decimal
	Path      map[string][]decimal.Decimal
}

// A SurvivalDay is one day of the spiral: the market move and the margin
// it calls, the forced sales made to pay it (with their impact cost and
// the VM their permanent impact calls on what is left), and where the firm
// stands at the day's deadline.
type SurvivalDay struct {
	Day  int
	Date time.Time
	// Move is the factor return applied to the first margined position.
	Move            decimal.Decimal
	MarketValue     decimal.Decimal // of the margined positions, after the day
	VariationMargin decimal.Decimal // from the market move
	IMRequired      decimal.Decimal
	IMChange        decimal.Decimal
	// Sales are the day's forced sales in the order made.
	Sales             []Sale
	Sold              decimal.Decimal
	ImpactCost        decimal.Decimal
	RemarkVM          decimal.Decimal
	Due, Paid         decimal.Decimal // Due includes yesterday's overdue
	Overdue           decimal.Decimal
	Cash, Equity      decimal.Decimal
	FireSale          bool
	Insolvent         bool
	Reason            string
	NothingLeftToSell bool
	// Currencies is each currency's part of the day, in it, for a book in
	// several (empty otherwise; the figures above are then in the base at
	// the scenario's rates).
	Currencies []DayCurrency
}

// SurvivalPath is the simulation's outcome. The firm is insolvent on the
// first day its equity is gone or a call stays unmet with nothing left to
// sell; it survives only if it pays every call in full by its deadline,
// every day (a day in arrears is a default the CCP may act on, even if
// the firm later catches up).
type SurvivalPath struct {
	Buffer       decimal.Decimal
	DeRisk       decimal.Decimal
	DeRiskSales  []Sale
	Days         []SurvivalDay
	Insolvent    bool
	InsolventDay int
	Survived     bool
}

// simPos is a margined position as the simulation carries it.
type simPos struct {
	p        Position
	mv       decimal.Decimal // signed mark
	imRatio  decimal.Decimal // IM requirement per unit of |mark|
	imPosted decimal.Decimal
}

// Simulate runs the stress day by day. Day 1 applies the scenario's
// shocks and its stressed IM (kept as a ratio to the mark from then on);
// days 2… apply the path's factor returns. Each day the firm owes the VM
// of the move, the change in IM and anything still overdue. It pays from
// cash; what cash cannot pay it raises by closing margined positions
// (futures, swaps), the least that pays the day, at most participation ×
// ADV a day, at the scenario's stressed impact. Every sale's permanent
// impact re-marks what is left, which calls more VM the same day: the
// fire-sale spiral. What still cannot be paid stays overdue (the CCP
// chases it) and the firm keeps selling the next day.
//
// Equity is paper equity, the seed's view of the firm: it starts as cash
// plus IM posted plus the positions' unrealised P&L, and falls by every
// loss (market moves, impact costs, re-marks). The firm is insolvent when
// it is gone, or, as Helios shows, long before: when a call is unmet and
// nothing is left to sell, however profitable the firm still is on paper.
func Simulate(b *Book, sc Scenario, in SurvivalInput) SurvivalPath {
	pol := b.policy()
	if in.Days <= 0 {
		in.Days = 5
	}
	path := sc.Path
	if in.Path != nil {
		path = in.Path
	}
	out := SurvivalPath{Buffer: in.Buffer, DeRisk: in.DeRisk}
	if !in.HasBuffer {
		out.Buffer = bookBuffer(b, sc)
	}
	cash := out.Buffer
	equity := cash
	var ps []*simPos
	for _, p := range b.Positions {
		equity = equity.Add(p.MarketValue.Sub(p.Cost))
		if !b.marginedLike(p) || p.MarketValue.IsZero() {
			continue
		}
		// Stock a prime broker finances is margined like a future: its VM
		// is the move, its IM the house rate on the mark.
		im := simIM(b, sc, p, p.MarketValue, false)
		equity = equity.Add(im)
		sp := &simPos{p: p, mv: p.MarketValue, imPosted: im}
		sp.imRatio = im.DivRound(p.MarketValue.Abs(), 16)
		ps = append(ps, sp)
	}
	if b.MultiCurrency() {
		return simulateFX(b, sc, in, ps, path)
	}
	day0 := b.Market.Shift(b.AsOf, -1)
	if in.DeRisk.Sign() > 0 {
		// Early de-risking: sold the business day before, in a calm market.
		for _, sp := range ps {
			v := Cents(MinDec(sp.mv.Abs().Mul(in.DeRisk), sp.p.Liquidity.ADV.Mul(pol.Participation)))
			if v.Sign() <= 0 {
				continue
			}
			s := sp.sell(pol, b.Settlement(), one, v, day0)
			out.DeRiskSales = append(out.DeRiskSales, s)
			sp.imPosted = sp.imPosted.Sub(s.MarginReleased) // the CCP returns it: no longer posted
			cash = cash.Add(s.MarginReleased).Sub(s.ImpactCost).Sub(s.RemarkVM)
			equity = equity.Sub(s.ImpactCost).Sub(s.RemarkLoss)
		}
	}
	var overdue decimal.Decimal
	late := false
	date := b.AsOf
	for d := 1; d <= in.Days; d++ {
		day := SurvivalDay{Day: d, Date: date}
		for i, sp := range ps {
			ret := dayReturn(sc, path, sp.p, d)
			if i == 0 {
				day.Move = ret
			}
			next := Cents(sp.mv.Mul(one.Add(ret)))
			vm := sp.mv.Sub(next)
			day.VariationMargin = day.VariationMargin.Add(vm)
			equity = equity.Sub(vm)
			sp.mv = next
			if d == 1 && !next.IsZero() {
				// The stressed IM is set on the whole position at its
				// stressed mark; as a ratio it carries to what de-risking
				// left, and to every later day.
				whole := Cents(sp.p.MarketValue.Mul(one.Add(ret))).Abs()
				im := simIM(b, sc, sp.p, whole, true)
				if whole.Sign() > 0 {
					sp.imRatio = im.DivRound(whole, 16)
				}
			}
		}
		due := func() decimal.Decimal {
			t := day.VariationMargin.Add(day.ImpactCost).Add(day.RemarkVM).Add(overdue)
			for _, sp := range ps {
				t = t.Add(sp.imRequired().Sub(sp.imPosted))
			}
			return t
		}
		// Forced sales, the most liquid relief first, until the day is paid
		// or the cap is reached.
		for _, sp := range liquidFirst(ps, pol, b.Settlement(), sc.ImpactMultiplier, date) {
			short := due().Sub(cash)
			if short.Sign() <= 0 {
				break
			}
			maxV := sp.maxSale(pol)
			if maxV.Sign() <= 0 {
				continue
			}
			v := leastSimSale(sp, pol, b.Settlement(), sc.ImpactMultiplier, maxV, short, date)
			s := sp.sell(pol, b.Settlement(), sc.ImpactMultiplier, v, date)
			day.Sales = append(day.Sales, s)
			day.Sold = day.Sold.Add(v)
			day.ImpactCost = day.ImpactCost.Add(s.ImpactCost)
			day.RemarkVM = day.RemarkVM.Add(s.RemarkVM)
			day.FireSale = day.FireSale || s.FireSale
			equity = equity.Sub(s.ImpactCost).Sub(s.RemarkLoss)
		}
		day.Due = due()
		for _, sp := range ps {
			day.IMRequired = day.IMRequired.Add(sp.imRequired())
			day.IMChange = day.IMChange.Add(sp.imRequired().Sub(sp.imPosted))
			day.MarketValue = day.MarketValue.Add(sp.mv)
			sp.imPosted = sp.imRequired()
		}
		day.Paid = MinDec(day.Due, cash)
		cash = cash.Sub(day.Paid)
		overdue = day.Due.Sub(day.Paid)
		late = late || overdue.Sign() > 0
		day.Overdue, day.Cash, day.Equity = overdue, cash, equity
		left := false
		for _, sp := range ps {
			left = left || !sp.mv.IsZero()
		}
		day.NothingLeftToSell = !left
		switch {
		case equity.Sign() <= 0:
			day.Insolvent, day.Reason = true, "equity exhausted"
		case overdue.Sign() > 0 && !left:
			day.Insolvent, day.Reason = true, "call unmet with nothing left to sell"
		case overdue.Sign() > 0:
			day.Reason = "call unmet: overdue, selling continues"
		}
		out.Days = append(out.Days, day)
		if day.Insolvent {
			out.Insolvent, out.InsolventDay = true, d
			return out
		}
		date = b.Market.Shift(date, 1)
	}
	out.Survived = !late
	return out
}

func (sp *simPos) imRequired() decimal.Decimal { return Cents(sp.mv.Abs().Mul(sp.imRatio)) }

// maxSale is the most of the position a day's selling may close: what is
// left of it, at most participation × ADV.
func (sp *simPos) maxSale(pol LiquidationPolicy) decimal.Decimal {
	return MinDec(sp.mv.Abs(), Cents(sp.p.Liquidity.ADV.Mul(pol.Participation)))
}

// liquidFirst orders the positions for a day's forced sales: the most
// liquid relief first, that is the highest relief (IM released less the
// impact cost and the re-mark's VM) per unit of impact cost of the largest
// sale the day allows. A sale that costs nothing comes first; one that
// relieves nothing, last. Ties keep the book's order.
func liquidFirst(ps []*simPos, pol LiquidationPolicy, cut Settlement, mult decimal.Decimal, at time.Time) []*simPos {
	type ranked struct {
		sp    *simPos
		score decimal.Decimal
		free  bool
	}
	rs := make([]ranked, 0, len(ps))
	for _, sp := range ps {
		r := ranked{sp: sp, score: decimal.NewFromInt(-1)}
		if maxV := sp.maxSale(pol); maxV.Sign() > 0 {
			s := saleAt(pol, cut, mult, sp.p, true, sp.mv, sp.imRequired(), maxV, at)
			switch {
			case s.Relief.Sign() <= 0:
			case s.ImpactCost.Sign() <= 0:
				r.free = true
			default:
				r.score = s.Relief.DivRound(s.ImpactCost, 8)
			}
		}
		rs = append(rs, r)
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].free != rs[j].free {
			return rs[i].free
		}
		return rs[i].score.Cmp(rs[j].score) > 0
	})
	out := make([]*simPos, len(rs))
	for i, r := range rs {
		out[i] = r.sp
	}
	return out
}

// sell closes `value` of the position: the mark of the rest moves against
// the firm by the permanent impact, and the IM on what was closed is
// released (the caller sees it in the lower requirement).
func (sp *simPos) sell(pol LiquidationPolicy, cut Settlement, mult, value decimal.Decimal, at time.Time) Sale {
	s := saleAt(pol, cut, mult, sp.p, true, sp.mv, sp.imRequired(), value, at)
	rest := sp.mv.Abs().Sub(value)
	rest = rest.Sub(s.RemarkLoss)
	if sp.mv.Sign() < 0 {
		// A short bought back pushes the price up: the rest is worth more
		// against the firm, by the same re-mark.
		rest = sp.mv.Abs().Sub(value).Add(s.RemarkLoss)
		sp.mv = rest.Neg()
	} else {
		sp.mv = rest
	}
	return s
}

// leastSimSale is the smallest sale (to the cent, at most maxV) whose
// relief covers short, or maxV when none does.
func leastSimSale(sp *simPos, pol LiquidationPolicy, cut Settlement, mult, maxV, short decimal.Decimal, at time.Time) decimal.Decimal {
	relief := func(v decimal.Decimal) decimal.Decimal {
		return saleAt(pol, cut, mult, sp.p, true, sp.mv, sp.imRequired(), v, at).Relief
	}
	if relief(maxV).Cmp(short) < 0 {
		return maxV
	}
	lo, hi := zero, maxV
	for hi.Sub(lo).Cmp(cent) > 0 {
		mid := CentsUp(lo.Add(hi).Div(decimal.NewFromInt(2)))
		if mid.Cmp(hi) >= 0 {
			mid = hi.Sub(cent)
		}
		if relief(mid).Cmp(short) >= 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// dayReturn is the factor return of a position on day d: the scenario's
// shock (or explicit stressed value) on day 1, the path after.
func dayReturn(sc Scenario, path map[string][]decimal.Decimal, p Position, d int) decimal.Decimal {
	// A beta of 0 means the position does not move with its factor, as
	// in StressBook (the loader defaults an absent beta to 1).
	beta := p.Beta
	if d == 1 {
		if v, ok := sc.StressedValue[p.ID]; ok && !p.MarketValue.IsZero() {
			return v.Sub(p.MarketValue).DivRound(p.MarketValue, 16)
		}
		return sc.Shocks[p.Factor].Mul(beta)
	}
	moves := path[p.Factor]
	if d-2 < len(moves) {
		return moves[d-2].Mul(beta)
	}
	return zero
}

// bookBuffer is what the book's sources can raise under the scenario by
// day 1's deadline, asset sales and withdrawn sources aside: a source that
// arrives after the first calls fall due cannot pay them.
func bookBuffer(b *Book, sc Scenario) decimal.Decimal {
	var t decimal.Decimal
	st := Stress{Scenario: sc}
	deadline := firstDeadline(b)
	for _, s := range b.Sources {
		if s.Kind == SourceAssetSale || sc.Withdrawn(s.ID) || b.SourceArrival(s, b.AsOf).After(deadline) {
			continue
		}
		c, _ := SourceCapacity(b, st, s)
		t = t.Add(c)
	}
	return t
}

// firstDeadline is day 1's deadline: the earliest deadline of a
// counterparty that margins a position, else the book's.
func firstDeadline(b *Book) time.Time {
	first := b.Deadline
	for _, c := range b.Counterparties {
		for _, p := range b.Positions {
			if p.Counterparty == c.ID && b.marginedLike(p) {
				if dl := b.DeadlineOf(c); dl.Before(first) {
					first = dl
				}
				break
			}
		}
	}
	return first
}

// simIM is a margined position's IM: a future's or swap's as the book
// (stressed: as the scenario) gives it; for stock a prime broker finances,
// the house rate on |mark| (stressed: scaled by any IM multiplier for the
// PB), as StressBook's house margin.
func simIM(b *Book, sc Scenario, p Position, mark decimal.Decimal, stressed bool) decimal.Decimal {
	if p.Kind.Margined() {
		if !stressed {
			return p.InitialMargin
		}
		im, _ := stressedIM(sc, p)
		return im
	}
	c, _ := b.Counterparty(p.Counterparty)
	rate, _ := houseRate(c, p)
	im := Cents(mark.Abs().Mul(rate))
	if m, ok := sc.IMMultiplier[c.ID]; ok && stressed {
		im = Cents(im.Mul(m))
	}
	return im
}
