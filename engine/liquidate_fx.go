package engine

import (
	"time"

	"github.com/shopspring/decimal"
)

// counter counts sales toward a liquidation need in its currency, as the
// plain plan counts a source toward a call in another currency (see
// AllocateFX): a sale's money is in the currency of the call it relieves
// (a future's or financed stock's: its counterparty's call currency) or,
// for a spot sale, its position's. In the need's currency it counts at the
// scenario's rates; in another it counts only if one of the book's
// conversions, struck when the money is there (and no earlier than the
// trade), delivers the need's currency by the deadline. A single-currency
// book counts every relief as it is.
type counter struct {
	b     *Book
	fx    FX
	to    string
	at    time.Time
	multi bool
}

// moneyCurrency is the currency a sale of p brings its relief in.
func (k counter) moneyCurrency(p Position) string {
	if k.b.marginedLike(p) {
		if c, ok := k.b.Counterparty(p.Counterparty); ok {
			return k.b.CallCurrency(c, p)
		}
	}
	return k.b.CurrencyOf(p.Currency)
}

// in converts an amount of p's currency into the need's, half-up to the
// cent (an amount already in it is left exactly as it is).
func (k counter) in(p Position, d decimal.Decimal) decimal.Decimal {
	return inBase(k.fx, k.b.CurrencyOf(p.Currency), k.to)(d)
}

// count is what sale s of p counts toward the need, the conversion it
// goes through (empty: none needed), and ok false when its money is in
// another currency that no conversion turns into the need's by deadline.
func (k counter) count(p Position, s Sale, deadline time.Time) (decimal.Decimal, string, bool) {
	if !k.multi {
		return s.Relief, "", true
	}
	from := k.moneyCurrency(p)
	if from == k.to {
		return k.in(p, s.Relief), "", true
	}
	dealt := s.ArrivesAt
	if k.at.After(dealt) {
		dealt = k.at
	}
	x := Exchange{Base: k.b.Currency, FX: k.fx, Conversions: k.b.Conversions, Arrival: k.b.ConversionArrival, From: k.at}
	cv, _, ok := x.route(from, k.to, dealt, deadline)
	if !ok {
		return zero, "", false
	}
	return k.in(p, s.Relief), cv.ID, true
}

// need is what is left of the need in p's currency, rounded up to the
// cent, so that a sale whose relief reaches it counts at least `left`.
func (k counter) need(p Position, left decimal.Decimal) decimal.Decimal {
	if !k.multi {
		return left
	}
	from := k.b.CurrencyOf(p.Currency)
	if from == k.to {
		return left
	}
	return CentsUp(k.fx.MustConvert(left, k.to, from))
}

// cost is a sale's impact cost in the need's currency.
func (k counter) cost(s Sale) decimal.Decimal {
	if !k.multi {
		return s.ImpactCost
	}
	return inBase(k.fx, k.b.CurrencyOf(s.Currency), k.to)(s.ImpactCost)
}
