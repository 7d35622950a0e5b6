package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/warroom/warroom/engine"
)

// The plan's and stress's currency parts (issue 16): the FX deals, the
// per-currency ladder and the rates, in JSON and text.

// conversionJSON is one FX deal of the plan: sold of from (drawn from
// source) bought of to, for a call of counterparty.
type conversionJSON struct {
	ID           string `json:"id"`
	Source       string `json:"source"`
	Counterparty string `json:"counterparty"`
	From         string `json:"from"`
	To           string `json:"to"`
	Sold         string `json:"sold"`
	Bought       string `json:"bought"`
	Rate         string `json:"rate"`
	DealtAt      string `json:"dealt_at"`
	ArrivesAt    string `json:"arrives_at"`
	Cost         string `json:"cost"`
	CostBase     string `json:"cost_base"`
}

// currencyJSON is one rung of the per-currency ladder; the _base figures
// are at rate, the stressed units of base per unit.
type currencyJSON struct {
	Currency      string `json:"currency"`
	Due           string `json:"due"`
	Covered       string `json:"covered"`
	Shortfall     string `json:"shortfall"`
	Available     string `json:"available"`
	Left          string `json:"left"`
	Rate          string `json:"rate"`
	DueBase       string `json:"due_base"`
	ShortfallBase string `json:"shortfall_base"`
	LeftBase      string `json:"left_base"`
}

// fxJSON is rates by pair as the book quotes them.
func fxJSON(fx engine.FX) map[string]string {
	out := map[string]string{}
	for _, q := range fx.Quotes {
		out[q.Pair()] = q.Rate.String()
	}
	return out
}

// ratesLabel lists rates as the book quotes them: GBPUSD 1.3, EURUSD 1.1.
func ratesLabel(fx engine.FX) string {
	var parts []string
	for _, q := range fx.Quotes {
		parts = append(parts, q.Pair()+" "+q.Rate.String())
	}
	return strings.Join(parts, ", ")
}

// writeConversionsText prints the FX deals struck and the per-currency
// ladder: what each currency owes, covers and has left.
func writeConversionsText(w io.Writer, b *engine.Book, p engine.Plan, clock func(time.Time) string) {
	f := engine.FormatMoney
	if len(p.Conversions) > 0 {
		fmt.Fprintf(w, "Conversions (FX deals struck):\n")
		ct := newTable("Deal", "Sold", "Bought", "Rate", "Dealt", "Arrives", "Spread cost").alignLeft(4, 5)
		for _, c := range p.Conversions {
			ct.add(c.ID+" ("+c.Source+" for "+c.Counterparty+")", f(c.Sold)+" "+c.From, f(c.Bought)+" "+c.To, c.Rate.String(),
				clock(c.DealtAt), clock(c.ArrivesAt), f(c.CostBase)+" "+b.Currency)
		}
		ct.write(w)
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Per currency:\n")
	lt := newTable("Currency", "Due", "Covered", "Shortfall", "Sources", "Left", "Short in "+b.Currency)
	for _, r := range p.Currencies {
		lt.add(r.Currency, f(r.Due), f(r.Covered), f(r.Shortfall), f(r.Available), f(r.Left), f(r.ShortfallBase))
	}
	lt.write(w)
	for _, r := range p.Currencies {
		if r.Shortfall.Sign() <= 0 {
			continue
		}
		for _, o := range p.Currencies {
			if o.Left.Sign() > 0 && o.Currency != r.Currency {
				fmt.Fprintf(w, "  %s is short %s while %s has %s left: convert (%s)\n", r.Currency, f(r.Shortfall), o.Currency, f(o.Left), conversionsFrom(b, o.Currency, r.Currency))
			}
		}
	}
	fmt.Fprintln(w)
}

// conversionsFrom names the book's ways from one currency to another.
func conversionsFrom(b *engine.Book, from, to string) string {
	var out []string
	for _, cv := range b.Conversions {
		if cv.From == from && cv.To == to {
			out = append(out, fmt.Sprintf("%s %s cut-off %s, %s bp", cv.ID, cv.Settle, cv.Cutoff, cv.SpreadBps))
		}
	}
	if len(out) == 0 {
		return "the book lists no conversion " + from + "→" + to
	}
	return "none in time: " + strings.Join(out, "; ")
}
