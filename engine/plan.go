package engine

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// A Tier is one row of the seed's Table 2: a source of the waterfall with
// what it can raise, when it arrives if activated now, and whether that is
// in time.
type Tier struct {
	Source    Source
	Available decimal.Decimal
	ArrivesAt time.Time
	Withdrawn bool
	// Late is true when the tier arrives after every deadline it could
	// serve, so it counts toward none of them.
	Late bool
	// Cumulative is the running total of what the tiers can raise, as the
	// seed's table shows it; CumulativeInTime counts only tiers that are
	// neither late nor withdrawn.
	Cumulative, CumulativeInTime decimal.Decimal
	// FullCost is the cost of drawing the whole tier over the horizon.
	FullCost decimal.Decimal
	// SaleCost is, for an asset sale, the liquidation cost of raising it.
	SaleCost decimal.Decimal
	// Currency is what Available, FullCost and SaleCost are in (the
	// source's); the cumulative columns are in the base currency, at the
	// stressed rates.
	Currency string
}

// A Draw is what the plan takes from one source, summed over the calls it
// serves, with when it was drawn and when it arrives.
type Draw struct {
	Source    string
	Name      string
	Kind      SourceKind
	Amount    decimal.Decimal
	DrawnAt   time.Time
	ArrivesAt time.Time
	InTime    bool
	// Cost is in Currency, the source's; CostBase in the base currency.
	Cost     decimal.Decimal
	Currency string
	CostBase decimal.Decimal
}

// CallCover is one call and how the plan covers it.
type CallCover struct {
	Call
	Covered   decimal.Decimal
	Shortfall decimal.Decimal
	// From lists the sources serving the call, in priority order.
	From []CallDraw
}

// CallDraw is the part of one source that serves one call.
type CallDraw struct {
	Source string
	Amount decimal.Decimal
	// Via names the conversion that turned the source's currency into the
	// call's (empty: the source pays in the call's currency); Amount is
	// then what was bought.
	Via string
}

// Plan is the plain plan: the waterfall as the seed runs it.
type Plan struct {
	ActivatedAt time.Time
	HorizonDays decimal.Decimal
	Required    decimal.Decimal
	Tiers       []Tier
	Calls       []CallCover
	Draws       []Draw
	Deadlines   []DeadlineCover
	// Late lists sources that arrive after every deadline they could
	// serve; Withdrawn those the scenario took away.
	Late, Withdrawn []string
	Shortfall       decimal.Decimal
	Covered         bool
	TotalCost       decimal.Decimal
	// Accrual is how costs accrue over the horizon: the days counted (to
	// the next business day when the horizon ends on a weekend) and the
	// book's year basis.
	Accrual Accrual
	// Inflows are the margin coming back that the plan counts (each also
	// a tier of kind inflow, ahead of the book's sources); empty when the
	// book says count_inflows: false.
	Inflows []Inflow
	// Base is the reporting currency: Required, Shortfall, TotalCost and
	// the deadlines' figures are in it, at the stressed rates (FX).
	Base string
	FX   FX
	// Conversions are the FX deals the plan strikes, in the order made.
	Conversions []ConversionDraw
	// Currencies is the per-currency ladder, the base first.
	Currencies []CurrencyCover
}

// PlanInput is what the plain plan needs beyond the book: the stress it
// funds, when the sources are activated (the incident clock, injected),
// the funding horizon in days for costs, and what has already been taken
// from each source (in an incident).
type PlanInput struct {
	Stress      Stress
	ActivatedAt time.Time
	HorizonDays decimal.Decimal
	Used        map[string]decimal.Decimal
	// Calls, when not nil, replaces the stress's due calls (an incident
	// funds what is still short, not the whole call).
	Calls []Call
	// Capacity, where it names a source, replaces SourceCapacity (an
	// incident's repo line shrinks when its securities are posted, an
	// asset sale's tier when part of its position is sold another way);
	// SaleCost, where it names one, the liquidation cost of all it can
	// raise (the impact cost of selling what is left).
	Capacity map[string]decimal.Decimal
	SaleCost map[string]decimal.Decimal
	// Inflows, when not nil, are the margin still to come back (an
	// incident's ledger knows what has arrived). When nil the stress's
	// inflows are counted for a whole plan; with Calls set (what is still
	// short, after everything the caller has secured) none are added,
	// since the caller's figures already count what it counts.
	Inflows []Inflow
}

// SourceCapacity is what a source can raise under a scenario before any
// draw: its amount; for a repo the collateral's value after the repo
// haircut, capped by the repo line; for an asset sale what selling the
// whole position brings (see SaleRaises), capped by any amount given.
// The second result is the liquidation cost of an asset sale.
func SourceCapacity(b *Book, st Stress, s Source) (decimal.Decimal, decimal.Decimal) {
	switch s.Kind {
	case SourceRepo:
		var cash decimal.Decimal
		for _, id := range s.Collateral {
			if h, ok := b.Holding(id); ok {
				// The securities are lent at their stressed value and
				// haircut: a repo in a crash raises less.
				h = b.holdingUnder(h, st.Scenario)
				cash = cash.Add(RepoCash(h, h.MarketValue))
			}
		}
		if s.HasAmount {
			cash = MinDec(cash, s.Amount)
		}
		return cash, zero
	case SourceAssetSale:
		e, ok := EstimateSale(b, st, s)
		if !ok {
			return zero, zero
		}
		proceeds := e.ModelProceeds
		if e.Capped {
			proceeds = e.Cap
		}
		return MaxDec(proceeds, zero), e.Cost
	default:
		return s.Amount, zero
	}
}

// SaleEstimate explains an asset-sale source's figures: the position's
// stressed value, the model's liquidation cost of selling all of it and
// what that would raise, and the book's cap on the proceeds (the desk's
// estimate, `amount`) when it binds. The model's loss (Cost) then differs
// from the estimate's (Value − Cap): Arb-Capital's tech stock, 15,000,000
// stressed, costs 4,995,000 to sell under the square-root model (raising
// 10,005,000) where the seed's desk estimates 10,000,000, a 5,000,000 loss.
//
// Margined is set for a position whose sale pays and frees margin rather
// than raising its value in cash: a future or swap, or stock a prime
// broker finances. Closing a future raises no notional: its variation
// margin has already been exchanged, and the close releases the initial
// margin the counterparty holds against it (IM, the stressed figure) once
// the closing trade settles; the fill's cost is paid away as VM. So it
// raises IM − Cost, the relief it brings to the counterparty's call (which
// nets it, or pays the excess back). Stock a prime broker finances is the
// same with the house margin: the sale repays the loan (the value less the
// house margin, once the PB's call is paid) and brings back only the house
// margin freed, less the impact.
type SaleEstimate struct {
	Value, Cost, ModelProceeds, Cap decimal.Decimal
	Capped                          bool
	Margined                        bool
	IM                              decimal.Decimal
}

// EstimateSale works out a SaleEstimate; ok is false for a source that is
// not an asset sale or whose position has nothing to sell (nothing held;
// for a spot position, a short: buying it back costs cash).
func EstimateSale(b *Book, st Stress, s Source) (e SaleEstimate, ok bool) {
	if s.Kind != SourceAssetSale {
		return e, false
	}
	p, found := b.Position(s.Position)
	if !found {
		return e, false
	}
	value, im := stressedOf(st, p)
	// A future or swap may be closed long or short: either releases its
	// IM. Stock (financed or not) is sold only when held long.
	if value.IsZero() || (!p.Kind.Margined() && value.Sign() < 0) {
		return e, false
	}
	e.Value = value
	e.Cost = LiquidationCost(p.Liquidity, value, b.Liquidation.K, st.Scenario.ImpactMultiplier)
	e.ModelProceeds = value.Sub(e.Cost)
	if b.marginedLike(p) {
		e.Margined, e.IM = true, im
		e.ModelProceeds = im.Sub(e.Cost)
	}
	if s.HasAmount && s.Amount.Cmp(e.ModelProceeds) < 0 {
		e.Cap, e.Capped = s.Amount, true
	}
	return e, true
}

// RepoCash is the cash a repo of `value` of a holding raises: value × (1 −
// repo haircut), rounded half-up to the cent, the policy for proceeds
// (STYLE.md): 3,469,387.75 at a 2% haircut raises 3,400,000.00.
func RepoCash(h Holding, value decimal.Decimal) decimal.Decimal {
	return Cents(value.Mul(one.Sub(h.RepoHaircut)))
}

// DrawCost is the cost of drawing `amount` from a source over a horizon:
// (cost_bps + rate_bps) accrued ACT/360, plus the fee once when anything is
// drawn; an asset sale adds the matching share of its liquidation cost.
func DrawCost(s Source, amount, horizonDays, saleCost, capacity decimal.Decimal) decimal.Decimal {
	return drawCost(s, amount, act360(horizonDays), saleCost, capacity)
}

// drawCost is DrawCost over an accrual (the book's day count).
func drawCost(s Source, amount decimal.Decimal, acc Accrual, saleCost, capacity decimal.Decimal) decimal.Decimal {
	if amount.Sign() <= 0 {
		return zero
	}
	c := acc.on(amount, s.CostBps.Add(s.RateBps))
	c = c.Add(s.Fee)
	if saleCost.Sign() > 0 && capacity.Sign() > 0 {
		// Selling less than the whole position costs at most its share of
		// the full sale's cost (impact grows with size): charging the
		// share errs on the side of a higher cost.
		c = c.Add(saleCost.Mul(amount).DivRound(capacity, 10))
	}
	return Cents(c)
}

// FurtherCost is what drawing `amount` more costs from a source of which
// `before` is already drawn: the cost of the whole less the cost of what
// was drawn. The fee is charged once per source, and the interest of
// partial draws adds up to that of one draw of their sum (to the cent,
// since each total is rounded once), so splitting a draw never costs more.
func FurtherCost(s Source, before, amount, horizonDays, saleCost, capacity decimal.Decimal) decimal.Decimal {
	return furtherCost(s, before, amount, act360(horizonDays), saleCost, capacity)
}

// furtherCost is FurtherCost over an accrual (the book's day count).
func furtherCost(s Source, before, amount decimal.Decimal, acc Accrual, saleCost, capacity decimal.Decimal) decimal.Decimal {
	if amount.Sign() <= 0 {
		return zero
	}
	before = MaxDec(before, zero)
	return drawCost(s, before.Add(amount), acc, saleCost, capacity).Sub(drawCost(s, before, acc, saleCost, capacity))
}

// Withdrawn reports whether the scenario took the source away.
func (sc Scenario) Withdrawn(id string) bool {
	for _, w := range sc.Withdraw {
		if w == id {
			return true
		}
	}
	return false
}

// PlainPlan runs the waterfall as BOOK-FORMAT.md defines it: calls in
// deadline order; for each, sources in priority order, skipping a source
// that is withdrawn or would arrive after the call's deadline; draw the
// smaller of what is left of the source and of the call.
func PlainPlan(b *Book, in PlanInput) Plan {
	p := Plan{ActivatedAt: in.ActivatedAt, HorizonDays: in.HorizonDays, Base: b.Currency, FX: in.Stress.FX}
	if p.FX.Base == "" {
		p.FX = b.FX.Shocked(in.Stress.Scenario.Shocks)
	}
	multi := b.MultiCurrency()
	b = b.underStress(in.Stress.Scenario)
	acc := b.Accrual(in.ActivatedAt, in.HorizonDays)
	p.Accrual = acc
	calls := in.Stress.Due()
	if in.Calls != nil {
		calls = in.Calls
	}
	var last time.Time
	for _, c := range calls {
		p.Required = p.Required.Add(p.inBase(c.Amount, c.Currency))
		if c.Deadline.After(last) {
			last = c.Deadline
		}
	}
	srcs := planSources(b, in)
	supplies := make([]Supply, len(srcs))
	saleCost := make([]decimal.Decimal, len(srcs))
	capacity := make([]decimal.Decimal, len(srcs))
	var cum, cumIn decimal.Decimal
	for j, ps := range srcs {
		s := ps.Source
		avail, cost := SourceCapacity(b, in.Stress, s)
		if c, ok := in.Capacity[s.ID]; ok {
			avail = c
		}
		if c, ok := in.SaleCost[s.ID]; ok {
			cost = c
		}
		capacity[j], saleCost[j] = avail, cost
		avail = MaxDec(avail.Sub(in.Used[s.ID]), zero)
		arrives := ps.arrival(b, in.ActivatedAt)
		ccy := b.CurrencyOf(s.Currency)
		acc := b.accrualIn(acc, ccy)
		t := Tier{Source: s, Available: avail, ArrivesAt: arrives, SaleCost: cost, Currency: ccy,
			Withdrawn: in.Stress.Scenario.Withdrawn(s.ID),
			Late:      len(calls) > 0 && arrives.After(last)}
		cum = cum.Add(p.inBase(avail, ccy))
		if !t.Withdrawn && !t.Late {
			cumIn = cumIn.Add(p.inBase(avail, ccy))
		}
		t.Cumulative, t.CumulativeInTime = cum, cumIn
		t.FullCost = furtherCost(s, in.Used[s.ID], avail, acc, cost, capacity[j])
		p.Tiers = append(p.Tiers, t)
		if ps.inflow {
			cp, _, _ := strings.Cut(strings.TrimPrefix(s.ID, "inflow:"), ":")
			p.Inflows = append(p.Inflows, Inflow{Counterparty: cp, Name: s.Name, Amount: avail, ArrivesAt: arrives, Currency: s.Currency})
		}
		if t.Withdrawn {
			p.Withdrawn = append(p.Withdrawn, s.ID)
		} else if t.Late {
			p.Late = append(p.Late, s.ID)
		}
		supplies[j] = Supply{ID: s.ID, Amount: avail, ArrivesAt: arrives, Withdrawn: t.Withdrawn, Currency: ccy}
	}
	var x *Exchange
	if multi {
		x = &Exchange{Base: b.Currency, FX: p.FX, Conversions: b.Conversions, Arrival: b.ConversionArrival, From: in.ActivatedAt}
	}
	a := AllocateFX(calls, supplies, x)
	via := map[[2]int]string{}
	for _, cu := range a.Conversions {
		via[[2]int{cu.Call, cu.Supply}] = cu.Conversion.ID
	}
	for i, c := range calls {
		cc := CallCover{Call: c, Shortfall: a.Shortfall[i], Covered: c.Amount.Sub(a.Shortfall[i])}
		for j, amt := range a.Served[i] {
			if amt.Sign() > 0 {
				cc.From = append(cc.From, CallDraw{Source: srcs[j].ID, Amount: amt, Via: via[[2]int{i, j}]})
			}
		}
		p.Calls = append(p.Calls, cc)
		p.Shortfall = p.Shortfall.Add(p.inBase(a.Shortfall[i], c.Currency))
	}
	for j, used := range a.Used {
		if used.Sign() <= 0 {
			continue
		}
		s := srcs[j].Source
		ccy := supplies[j].Currency
		d := Draw{Source: s.ID, Name: s.Name, Kind: s.Kind, Amount: used,
			DrawnAt: in.ActivatedAt, ArrivesAt: supplies[j].ArrivesAt, InTime: true,
			Cost: furtherCost(s, in.Used[s.ID], used, b.accrualIn(acc, ccy), saleCost[j], capacity[j]), Currency: ccy}
		d.CostBase = p.inBase(d.Cost, ccy)
		p.Draws = append(p.Draws, d)
		p.TotalCost = p.TotalCost.Add(d.CostBase)
	}
	p.Conversions = conversionDraws(p, a, calls, supplies)
	for _, cv := range p.Conversions {
		p.TotalCost = p.TotalCost.Add(cv.CostBase)
	}
	p.Currencies = currencyLadder(p, calls, a, supplies)
	if multi {
		// The deadlines' figures add calls of several currencies: in base.
		based := make([]Call, len(calls))
		short := make([]decimal.Decimal, len(calls))
		for i, c := range calls {
			based[i] = c
			based[i].Amount = p.inBase(c.Amount, c.Currency)
			short[i] = p.inBase(a.Shortfall[i], c.Currency)
		}
		calls, a.Shortfall = based, short
	}
	p.Deadlines = ByDeadline(calls, a.Shortfall)
	p.Covered = p.Shortfall.IsZero()
	return p
}
