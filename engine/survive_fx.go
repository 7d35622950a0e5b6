package engine

import (
	"slices"

	"github.com/shopspring/decimal"
)

// simulateFX is Simulate for a book in several currencies. Each margined
// position's VM, IM, impact and re-mark are in its own currency and due in
// the currency it is called in (converted at the scenario's rates where a
// counterparty calls it in another). Each currency's calls fall due at its
// first deadline of the day and are paid as the plain plan pays them
// (AllocateFX): cash in the currency first, then other cash through one of
// the book's conversions that delivers by that deadline — dealt from the
// start of the day for the day's calls, from the start of the day before
// for what was already overdue. A given buffer is cash in the base; the
// default one is each source, in its currency, that arrives by day 1's
// first deadline. A day's forced sales close positions called in a
// currency that is short (their released margin meets that currency's
// call). The day's figures are in the base at the scenario's rates, with
// each currency's own in Currencies; paper equity is in the base at those
// rates and falls by the spreads of the conversions struck too.
func simulateFX(b *Book, sc Scenario, in SurvivalInput, ps []*simPos, path map[string][]decimal.Decimal) SurvivalPath {
	pol := b.policy()
	x := newFXSim(b, sc, ps)
	out := SurvivalPath{Buffer: in.Buffer, DeRisk: in.DeRisk}
	if in.HasBuffer {
		if in.Buffer.Sign() > 0 {
			x.lots = []lot{{ccy: b.Currency, amount: in.Buffer, at: b.AsOf}}
		}
	} else {
		x.lots = bookLots(b, sc)
		out.Buffer = zero
		for _, l := range x.lots {
			out.Buffer = out.Buffer.Add(x.base(l.ccy, l.amount))
		}
	}
	equity := out.Buffer
	for _, p := range b.Positions {
		equity = equity.Add(x.base(p.Currency, p.MarketValue.Sub(p.Cost)))
	}
	for _, sp := range ps {
		equity = equity.Add(x.base(sp.p.Currency, sp.imPosted))
	}
	// Day 0's de-risking brings cash in each call currency (the IM
	// returned less the costs): a lot; pre is what it cost net, where it
	// cost more than it brought, added to day 1's calls.
	pre := map[string]decimal.Decimal{}
	day0 := b.Market.Shift(b.AsOf, -1)
	if in.DeRisk.Sign() > 0 {
		for i, sp := range ps {
			v := Cents(MinDec(sp.mv.Abs().Mul(in.DeRisk), sp.p.Liquidity.ADV.Mul(pol.Participation)))
			if v.Sign() <= 0 {
				continue
			}
			s := sp.sell(pol, b.Settlement(), one, v, day0)
			out.DeRiskSales = append(out.DeRiskSales, s)
			k := x.call[i]
			sp.imPosted = sp.imPosted.Sub(s.MarginReleased) // the CCP returns it: no longer posted
			if net := x.own(i, sp.p, s.MarginReleased.Sub(s.ImpactCost).Sub(s.RemarkVM)); net.Sign() > 0 {
				x.lots = append(x.lots, lot{ccy: k, amount: net, at: s.ArrivesAt})
			} else {
				pre[k] = pre[k].Add(net)
			}
			equity = equity.Sub(x.base(sp.p.Currency, s.ImpactCost.Add(s.RemarkLoss)))
		}
	}
	late := false
	date, prev := b.AsOf, b.AsOf
	for d := 1; d <= in.Days; d++ {
		day := SurvivalDay{Day: d, Date: date}
		vm := map[string]decimal.Decimal{}
		cost := map[string]decimal.Decimal{} // impact and re-mark VM of the day's sales
		for i, sp := range ps {
			ret := dayReturn(sc, path, sp.p, d)
			if i == 0 {
				day.Move = ret
			}
			next := Cents(sp.mv.Mul(one.Add(ret)))
			move := sp.mv.Sub(next)
			vm[x.call[i]] = vm[x.call[i]].Add(x.own(i, sp.p, move))
			day.VariationMargin = day.VariationMargin.Add(x.base(sp.p.Currency, move))
			equity = equity.Sub(x.base(sp.p.Currency, move))
			sp.mv = next
			if d == 1 && !next.IsZero() {
				whole := Cents(sp.p.MarketValue.Mul(one.Add(ret))).Abs()
				im := simIM(b, sc, sp.p, whole, true)
				if whole.Sign() > 0 {
					sp.imRatio = im.DivRound(whole, 16)
				}
			}
		}
		due := func() map[string]decimal.Decimal {
			t := map[string]decimal.Decimal{}
			for k, v := range vm {
				t[k] = t[k].Add(v)
			}
			for k, v := range cost {
				t[k] = t[k].Add(v)
			}
			for k, v := range x.overdue {
				t[k] = t[k].Add(v)
			}
			if d == 1 {
				for k, v := range pre {
					t[k] = t[k].Sub(v)
				}
			}
			for i, sp := range ps {
				t[x.call[i]] = t[x.call[i]].Add(x.own(i, sp.p, sp.imRequired().Sub(sp.imPosted)))
			}
			return t
		}
		index := map[*simPos]int{}
		for i, sp := range ps {
			index[sp] = i
		}
		for _, sp := range liquidFirst(ps, pol, b.Settlement(), sc.ImpactMultiplier, date) {
			set := x.pay(due(), d, date, prev)
			if x.shortBase(set).Sign() <= 0 {
				break
			}
			i := index[sp]
			short := set.short[x.call[i]]
			maxV := sp.maxSale(pol)
			if short.Sign() <= 0 || maxV.Sign() <= 0 {
				continue
			}
			// What the call currency is short, in the position's own.
			need := short
			if pc := b.CurrencyOf(sp.p.Currency); pc != x.call[i] {
				need = CentsUp(x.fx.MustConvert(short, x.call[i], pc))
			}
			v := leastSimSale(sp, pol, b.Settlement(), sc.ImpactMultiplier, maxV, need, date)
			s := sp.sell(pol, b.Settlement(), sc.ImpactMultiplier, v, date)
			day.Sales = append(day.Sales, s)
			day.Sold = day.Sold.Add(x.base(sp.p.Currency, v))
			day.ImpactCost = day.ImpactCost.Add(x.base(sp.p.Currency, s.ImpactCost))
			day.RemarkVM = day.RemarkVM.Add(x.base(sp.p.Currency, s.RemarkVM))
			day.FireSale = day.FireSale || s.FireSale
			cost[x.call[i]] = cost[x.call[i]].Add(x.own(i, sp.p, s.ImpactCost.Add(s.RemarkVM)))
			equity = equity.Sub(x.base(sp.p.Currency, s.ImpactCost.Add(s.RemarkLoss)))
		}
		dues := due()
		set := x.pay(dues, d, date, prev)
		for _, sp := range ps {
			req := sp.imRequired()
			day.IMRequired = day.IMRequired.Add(x.base(sp.p.Currency, req))
			day.IMChange = day.IMChange.Add(x.base(sp.p.Currency, req.Sub(sp.imPosted)))
			day.MarketValue = day.MarketValue.Add(x.base(sp.p.Currency, sp.mv))
			sp.imPosted = req
		}
		for _, cu := range set.conversions {
			equity = equity.Sub(x.base(cu.Conversion.To, cu.Cost))
		}
		x.lots = set.lots
		cash := x.cashIn(x.lots)
		x.overdue = map[string]decimal.Decimal{}
		for _, k := range x.currencies(dues) {
			dc := DayCurrency{Currency: k, Due: dues[k], Overdue: set.short[k], Cash: cash[k], Deadline: x.deadline(k, d)}
			dc.Paid = dc.Due.Sub(dc.Overdue)
			for _, cu := range set.conversions {
				if cu.Conversion.To == k {
					dc.Bought = dc.Bought.Add(cu.Bought)
					if !slices.Contains(dc.Via, cu.Conversion.ID) {
						dc.Via = append(dc.Via, cu.Conversion.ID)
					}
				}
			}
			if dc.Overdue.Sign() > 0 {
				x.overdue[k] = dc.Overdue
			}
			if dc.Due.IsZero() && dc.Cash.IsZero() {
				continue
			}
			day.Currencies = append(day.Currencies, dc)
			day.Due = day.Due.Add(x.base(k, dc.Due))
			day.Overdue = day.Overdue.Add(x.base(k, dc.Overdue))
			day.Cash = day.Cash.Add(x.base(k, dc.Cash))
		}
		day.Paid = day.Due.Sub(day.Overdue)
		late = late || day.Overdue.Sign() > 0
		day.Equity = equity
		left := false
		for _, sp := range ps {
			left = left || !sp.mv.IsZero()
		}
		day.NothingLeftToSell = !left
		switch {
		case equity.Sign() <= 0:
			day.Insolvent, day.Reason = true, "equity exhausted"
		case day.Overdue.Sign() > 0 && !left:
			day.Insolvent, day.Reason = true, "call unmet with nothing left to sell"
		case day.Overdue.Sign() > 0:
			day.Reason = "call unmet: overdue, selling continues"
		}
		out.Days = append(out.Days, day)
		if day.Insolvent {
			out.Insolvent, out.InsolventDay = true, d
			return out
		}
		prev, date = date, b.Market.Shift(date, 1)
	}
	out.Survived = !late
	return out
}
