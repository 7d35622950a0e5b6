package engine

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/shopspring/decimal"
)

// FX is a set of exchange rates, each quoted as the book writes it: the
// pair GBPUSD at 1.27 means 1 GBP buys 1.27 USD (the first currency is the
// one quoted, the second the one it is priced in, the market's convention).
// Every pair has the base (reporting) currency on one side; any other
// conversion runs through the base (a cross: EURGBP = EURUSD / GBPUSD), and
// the inverse of a quote is divided, never stored rounded.
type FX struct {
	Base   string
	Quotes []Quote
}

// A Quote is one pair's rate: 1 unit of Of is Rate units of In.
type Quote struct {
	Of, In string
	Rate   decimal.Decimal
}

// Pair is the quote's name as the book writes it (GBPUSD).
func (q Quote) Pair() string { return q.Of + q.In }

// FXShockPrefix marks a scenario shock that moves an exchange rate rather
// than a factor: fx.GBPUSD: "-0.05" takes GBPUSD 5% lower.
const FXShockPrefix = "fx."

var pairRe = regexp.MustCompile(`^([A-Z]{3})([A-Z]{3})$`)

// ParsePair splits "GBPUSD" into its two currencies.
func ParsePair(s string) (of, in string, err error) {
	m := pairRe.FindStringSubmatch(s)
	if m == nil {
		return "", "", fmt.Errorf("pair %q: want two currency codes run together, the quoted one first (GBPUSD: 1 GBP in USD)", s)
	}
	if m[1] == m[2] {
		return "", "", fmt.Errorf("pair %q: a currency against itself is no rate", s)
	}
	return m[1], m[2], nil
}

// fxPrecision is the decimal places kept when a conversion divides (the
// inverse of a quote, a cross): far below a cent on any real amount.
const fxPrecision = 16

// toBase is the amount of ccy in the base currency, unrounded.
func (fx FX) toBase(amount decimal.Decimal, ccy string) (decimal.Decimal, bool) {
	if ccy == "" || ccy == fx.Base {
		return amount, true
	}
	for _, q := range fx.Quotes {
		switch {
		case q.Of == ccy && q.In == fx.Base:
			return amount.Mul(q.Rate), true
		case q.Of == fx.Base && q.In == ccy && q.Rate.Sign() > 0:
			return amount.DivRound(q.Rate, fxPrecision), true
		}
	}
	return zero, false
}

// fromBase is a base-currency amount in ccy, unrounded.
func (fx FX) fromBase(amount decimal.Decimal, ccy string) (decimal.Decimal, bool) {
	if ccy == "" || ccy == fx.Base {
		return amount, true
	}
	for _, q := range fx.Quotes {
		switch {
		case q.Of == ccy && q.In == fx.Base && q.Rate.Sign() > 0:
			return amount.DivRound(q.Rate, fxPrecision), true
		case q.Of == fx.Base && q.In == ccy:
			return amount.Mul(q.Rate), true
		}
	}
	return zero, false
}

// Convert is amount of `from` in `to`, unrounded (the caller rounds with
// the policy its figure needs); ok is false when a rate is missing. An
// empty currency is the base.
func (fx FX) Convert(amount decimal.Decimal, from, to string) (decimal.Decimal, bool) {
	if from == to {
		return amount, true
	}
	b, ok := fx.toBase(amount, from)
	if !ok {
		return zero, false
	}
	return fx.fromBase(b, to)
}

// MustConvert is Convert for currencies the loader has checked: a missing
// rate converts at par rather than lose the amount (it cannot happen for
// a validated book).
func (fx FX) MustConvert(amount decimal.Decimal, from, to string) decimal.Decimal {
	if v, ok := fx.Convert(amount, from, to); ok {
		return v
	}
	return amount
}

// ToBase is amount of ccy in the base currency, rounded half-up to the
// cent: the policy for a figure shown in base.
func (fx FX) ToBase(amount decimal.Decimal, ccy string) decimal.Decimal {
	return Cents(fx.MustConvert(amount, ccy, fx.Base))
}

// Rate is how many units of `to` one unit of `from` buys, to six places
// (for display: conversions use the quotes themselves).
func (fx FX) Rate(from, to string) decimal.Decimal {
	return fx.MustConvert(one, from, to).Round(6)
}

// Has reports whether ccy converts (the base, or a currency with a quote).
func (fx FX) Has(ccy string) bool {
	_, ok := fx.toBase(one, ccy)
	return ok
}

// Currencies lists the base and every quoted currency, base first.
func (fx FX) Currencies() []string {
	out := []string{fx.Base}
	for _, q := range fx.Quotes {
		for _, c := range []string{q.Of, q.In} {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// Shocked is the rates a scenario leaves: each pair moved by its fx.PAIR
// shock, rate × (1 + shock). A pair the scenario does not move keeps its
// rate; the receiver is not changed.
func (fx FX) Shocked(shocks map[string]decimal.Decimal) FX {
	out := FX{Base: fx.Base, Quotes: make([]Quote, len(fx.Quotes))}
	for i, q := range fx.Quotes {
		if s, ok := shocks[FXShockPrefix+q.Pair()]; ok && !s.IsZero() {
			q.Rate = q.Rate.Mul(one.Add(s))
		}
		out.Quotes[i] = q
	}
	return out
}
