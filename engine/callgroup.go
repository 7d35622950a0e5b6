package engine

import "github.com/shopspring/decimal"

// A callGroup is the part of a counterparty's book called in one
// currency: its positions' rows in that currency (converted where the
// counterparty calls a contract in another) and the counterparty as that
// call sees it.
type callGroup struct {
	ccy string
	cp  Counterparty
	st  Stress
}

// callGroups splits a counterparty's positions by the currency each is
// called in, the counterparty's home currency first, then in the order
// the positions first name the others. A single-currency book is one
// group, its rows untouched. Collateral already lodged, and its top-up,
// belong to the first group: it was lodged against the home currency's
// requirement.
func callGroups(b *Book, c Counterparty, st Stress, multi bool) []callGroup {
	if !multi {
		return []callGroup{{ccy: b.Currency, cp: c, st: st}}
	}
	home := b.HomeCurrency(c)
	var order []string
	rows := map[string][]PositionStress{}
	for i, p := range b.Positions {
		if p.Counterparty != c.ID {
			continue
		}
		ccy := b.CallCurrency(c, p)
		ps := st.Positions[i]
		if ps.Currency != ccy {
			ps = convertRow(ps, ccy, b.FX, st.FX)
		}
		if _, ok := rows[ccy]; !ok {
			order = append(order, ccy)
		}
		rows[ccy] = append(rows[ccy], ps)
	}
	for i, ccy := range order {
		if ccy == home && i > 0 {
			copy(order[1:i+1], order[:i])
			order[0] = home
		}
	}
	out := make([]callGroup, 0, len(order))
	for i, ccy := range order {
		cp := c
		if i > 0 {
			cp.Lodged = nil
		}
		g := st
		g.Positions = rows[ccy]
		out = append(out, callGroup{ccy: ccy, cp: cp, st: g})
	}
	return out
}

// convertRow restates a position's row in the currency its margin is
// called in: what it was worth and its IM at the as_of rates, its
// stressed value and IM at the stressed rates, each rounded to the cent;
// its VM is then the move in the call's currency, so an FX move alone
// can raise a call.
func convertRow(ps PositionStress, to string, then, now FX) PositionStress {
	from := ps.Currency
	conv := func(fx FX, d decimal.Decimal) decimal.Decimal { return Cents(fx.MustConvert(d, from, to)) }
	ps.MarketValue = conv(then, ps.MarketValue)
	ps.StressedValue = conv(now, ps.StressedValue)
	ps.UnrealizedPnL = conv(then, ps.UnrealizedPnL)
	if ps.Margined || ps.HouseMargined {
		ps.VariationMargin = ps.MarketValue.Sub(ps.StressedValue)
		ps.InitialMargin = conv(then, ps.InitialMargin)
		ps.StressedIM = conv(now, ps.StressedIM)
		ps.IMChange = ps.StressedIM.Sub(ps.InitialMargin)
		ps.MarginCall = ps.VariationMargin.Add(ps.IMChange)
	}
	ps.Currency = to
	return ps
}
