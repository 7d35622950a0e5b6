package main

import (
	"strings"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// fxOpts are the flags of `decide convert`: an FX deal struck.
type fxOpts struct {
	rate, via, bought string
}

func (o *fxOpts) register(fs flagSet) {
	fs.StringVar(&o.rate, "rate", "", "convert: the deal's `RATE` as the market quotes the pair (GBPUSD 1.30), or market (the default)")
	fs.StringVar(&o.via, "via", "", "convert: the book's conversion `ID` that settles it (default: the cheapest in time, else the earliest)")
	fs.StringVar(&o.bought, "bought", "", "convert: buy this `AMOUNT` of the currency bought (instead of selling AMOUNT)")
}

func (o fxOpts) apply(d *playbook.Decision) error {
	if r := strings.TrimSpace(o.rate); r != "" && !strings.EqualFold(r, "market") {
		v, err := decimal.NewFromString(r)
		if err != nil || strings.ContainsAny(r, "eE") {
			return usageErr("--rate %q: want a rate as quoted (1.30) or market", o.rate)
		}
		d.Rate = &v
	}
	d.Via = strings.TrimSpace(o.via)
	if o.bought != "" {
		if !d.Amount.IsZero() {
			return usageErr("convert: give the amount sold or --bought, not both")
		}
		a, err := engine.ParseAmount(o.bought)
		if err != nil {
			return usageErr("--bought: %v", err)
		}
		d.Bought = a
	}
	return nil
}

// struckJSON lists the FX deals struck, for --json: what each sold and
// bought, at what rate, settled through which conversion and when, its
// spread (in the currency bought and in the base) and what it is left
// unspent of what it bought.
func struckJSON(f playbook.Figures) []map[string]any {
	out := []map[string]any{}
	left := map[uint64]decimal.Decimal{}
	for _, x := range f.Funds {
		if !x.Posting() {
			left[x.Seq] = x.Left
		}
	}
	for _, c := range f.Conversions {
		base := c.Cost
		if f.MultiCurrency {
			base = engine.Cents(f.Stress.FX.MustConvert(c.Cost, c.Buy, f.Book.Currency))
		}
		out = append(out, map[string]any{"seq": c.Seq, "via": c.Via, "sell": c.Sell, "buy": c.Buy, "sold": m(c.Sold), "bought": m(c.Bought),
			"pair": c.Pair, "rate": c.Rate.String(), "at_market": c.AtMarket, "struck_at": rfc(c.At), "arrives_at": rfc(c.ArrivesAt),
			"arrived": !c.ArrivesAt.After(f.Now), "cost": m(c.Cost), "cost_base": m(base), "left": m(left[c.Seq])})
	}
	return out
}

// liveCurrenciesJSON is the live position per currency of a book in
// several (empty otherwise): what its calls ask and what is short, and
// its cash funds — supplied, paid, sold and bought by FX deals, used to
// secure calls and spare. Money is spent once: used + paid + sold ≤
// supplied in each.
func liveCurrenciesJSON(f playbook.Figures) []map[string]any {
	out := []map[string]any{}
	for _, c := range f.Currencies {
		out = append(out, map[string]any{"currency": c.Currency, "due": m(c.Due), "shortfall": m(c.Shortfall), "spare": m(c.Spare),
			"supplied": m(c.Supplied), "paid": m(c.Paid), "sold": m(c.Sold), "bought": m(c.Bought), "used": m(c.Used),
			"due_base": m(c.DueBase), "shortfall_base": m(c.ShortfallBase)})
	}
	return out
}
