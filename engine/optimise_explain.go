package engine

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// fromPlain presents the plain plan in the optimised plan's terms, for
// when no allocation beats it: its repo draws become legs lending the
// source's holdings in the order the book lists them.
func fromPlain(b *Book, p Plan, acc Accrual) OptimisedPlan {
	op := OptimisedPlan{ActivatedAt: p.ActivatedAt, HorizonDays: p.HorizonDays, Required: p.Required,
		Draws: p.Draws, Shortfall: p.Shortfall, TotalCost: p.TotalCost, Covered: p.Covered}
	for _, c := range p.Calls {
		op.Calls = append(op.Calls, OptimisedCall{Call: c.Call, Cash: c.Covered, Covered: c.Covered,
			Shortfall: c.Shortfall, From: c.From, CashOnly: c.Amount})
	}
	for _, d := range p.Draws {
		if d.Kind != SourceRepo {
			continue
		}
		s, _ := b.Source(d.Source)
		left := d.Amount
		for _, id := range s.Collateral {
			h, ok := b.Holding(id)
			if !ok || left.Sign() <= 0 {
				continue
			}
			value := MinDec(h.MarketValue, ValueToPost(left, h.RepoHaircut))
			cash := MinDec(RepoCash(h, value), left)
			left = left.Sub(cash)
			op.Repos = append(op.Repos, RepoLeg{Source: s.ID, Holding: h.ID, Value: value, Cash: cash,
				Cost: Cents(acc.on(cash, s.CostBps.Add(s.RateBps))), ArrivesAt: d.ArrivesAt})
		}
	}
	return op
}

// explain says, in the operator's words, what the optimised plan does
// differently from the plain one and why it is cheaper.
func explain(b *Book, op OptimisedPlan) []string {
	f := FormatMoney
	var why []string
	for _, c := range op.Calls {
		if c.CashOnly.Sign() > 0 && c.Postable.Sign() > 0 {
			why = append(why, fmt.Sprintf("%s: the %s of VM is cash only at a CCP; the %s IM change may take eligible securities after haircut",
				c.Counterparty, f(c.CashOnly), f(c.Postable)))
		}
	}
	for _, ps := range op.Posts {
		h, _ := b.Holding(ps.Holding)
		why = append(why, fmt.Sprintf("post %s of %s to %s: credit %s after its %s haircut, at a carry of %sbp a year instead of the cash it replaces",
			f(ps.Value), ps.Holding, ps.Counterparty, f(ps.Credit), pct(ps.Haircut), h.CarryBps.String()))
	}
	for _, l := range op.Repos {
		h, _ := b.Holding(l.Holding)
		s, _ := b.Source(l.Source)
		why = append(why, fmt.Sprintf("repo %s of %s through %s for %s cash (%s repo haircut) at %sbp, arriving %s",
			f(l.Value), l.Holding, l.Source, f(l.Cash), pct(h.RepoHaircut), s.CostBps.Add(s.RateBps).String(), l.ArrivesAt.Format("15:04")))
	}
	drawn := map[string]decimal.Decimal{}
	for _, d := range op.Draws {
		drawn[d.Source] = d.Amount
	}
	for _, d := range op.Plain.Draws {
		got, ok := drawn[d.Source]
		switch {
		case !ok:
			why = append(why, fmt.Sprintf("%s not drawn (the plain plan draws %s)", d.Source, f(d.Amount)))
		case got.Cmp(d.Amount) < 0:
			why = append(why, fmt.Sprintf("draw only %s of %s instead of %s", f(got), d.Source, f(d.Amount)))
		}
	}
	for _, d := range op.Draws {
		if d.Kind == SourceAssetSale {
			why = append(why, fmt.Sprintf("sell %s through %s: a last resort, nothing cheaper arrives in time", f(d.Amount), d.Source))
		}
	}
	switch s := op.Plain.TotalCost.Sub(op.TotalCost); {
	case op.Shortfall.Cmp(op.Plain.Shortfall) < 0:
		why = append(why, fmt.Sprintf("shortfall %s instead of %s in the plain plan", f(op.Shortfall), f(op.Plain.Shortfall)))
	case s.Sign() > 0:
		why = append(why, fmt.Sprintf("saving %s against the plain plan (cost %s instead of %s)", f(s), f(op.TotalCost), f(op.Plain.TotalCost)))
	}
	return why
}

// pct renders a fraction as a percentage ("0.02" → "2%").
func pct(d decimal.Decimal) string { return d.Mul(decimal.NewFromInt(100)).String() + "%" }
