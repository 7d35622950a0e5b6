package playbook

import (
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// An FX deal struck (fx_convert, event version 5). Until a treasurer
// strikes one, the live figures count funds in another currency as the
// plan does: through the cheapest of the book's conversions that, struck
// now, arrives in time (engine.AllocateFX). A deal struck is a decision:
// it sells unspent funds of one currency, once (like a payment, it names
// what it spent, so those funds secure nothing else), and buys a fund of
// the other that arrives at the deal's settlement — T+n business days
// open in both currencies' calendars, at the conversion's cut-off, a deal
// struck after it being for the next good day (engine.Book.ConversionArrival).
// A deal is a contract: it cannot be reversed (strike the opposite one).

// ConversionState is a deal struck: Sold of Sell for Bought of Buy at
// Rate (as Pair quotes it), settled through the book's conversion Via;
// Spent is what it sold of which funds, Cost its spread in Buy.
type ConversionState struct {
	Seq                uint64
	Via, Sell, Buy     string
	Sold, Bought, Rate decimal.Decimal
	Pair               string
	AtMarket           bool
	Cost               decimal.Decimal
	At, ArrivesAt      time.Time
	Spent              []Spend
}

// fxMoveLimit is how far a rate typed for a deal may lie from the
// scenario's before it is refused as a slip (a desk's fat-finger check).
var fxMoveLimit = decimal.RequireFromString("0.10")

// decideConvert validates an FX deal and resolves it: the rate, what it
// buys, the funds it sells (earliest-arriving first, or the source
// named), the conversion that settles it and when.
func decideConvert(s State, f Figures, d Decision, e *Event) error {
	if !f.MultiCurrency {
		return refuse(Invalid, "the book is in %s only: there is nothing to convert", f.Book.Currency)
	}
	sell, buy := strings.ToUpper(strings.TrimSpace(d.Sell)), strings.ToUpper(strings.TrimSpace(d.Buy))
	have := bookCurrencies(f)
	for _, c := range []string{sell, buy} {
		if !slices.Contains(have, c) {
			return refuse(Invalid, "currency %q: the book's currencies are %s", c, strings.Join(have, ", "))
		}
	}
	if sell == buy {
		return refuse(Invalid, "a conversion sells one currency for another, not %s for %s", sell, buy)
	}
	var routes []engine.Conversion
	for _, cv := range f.Book.Conversions {
		if f.Book.CurrencyOf(cv.From) == sell && f.Book.CurrencyOf(cv.To) == buy && (d.Via == "" || cv.ID == d.Via) {
			routes = append(routes, cv)
		}
	}
	if len(routes) == 0 {
		if d.Via != "" {
			return refuse(NotFound, "no conversion %q from %s to %s in the book (%s)", d.Via, sell, buy, conversionIDs(f.Book, sell, buy))
		}
		return refuse(Conflict, "the book lists no conversion %s→%s: a deal needs a way to settle", sell, buy)
	}
	pair, rate, price, err := dealRate(f.Stress.FX, sell, buy, d.Rate)
	if err != nil {
		return err
	}
	sold := engine.Cents(d.Amount)
	var bought decimal.Decimal
	switch {
	case d.Amount.Sign() < 0 || d.Bought.Sign() < 0:
		return refuse(Invalid, "a conversion's amount must be positive")
	case sold.Sign() > 0:
		bought = price.buys(sold)
	case d.Bought.Sign() > 0:
		// Buying an amount: sell what it costs, rounded up, so the deal
		// never buys a cent less than asked.
		bought = engine.Cents(d.Bought)
		sold = price.costs(bought)
	default:
		return refuse(Invalid, "name the amount to sell (or to buy)")
	}
	if bought.Sign() <= 0 {
		return refuse(Invalid, "selling %s %s buys nothing", engine.FormatMoney(sold), sell)
	}
	// The funds it sells: unspent cash raised in the currency sold.
	src := strings.TrimSpace(d.Source)
	var funds []Fund
	var left decimal.Decimal
	for _, x := range f.Funds {
		if x.Posting() || f.Book.CurrencyOf(x.Currency) != sell || (src != "" && x.Name() != src) || x.Left.Sign() <= 0 {
			continue
		}
		funds = append(funds, x)
		left = left.Add(x.Left)
	}
	if left.Cmp(sold) < 0 {
		what := sell + " funds raised and not yet spent"
		if src != "" {
			what = src + " raised and not yet spent"
		}
		return refuse(Conflict, "cannot sell %s %s: only %s of %s (draw first)", engine.FormatMoney(sold), sell, engine.FormatMoney(left), what)
	}
	slices.SortStableFunc(funds, func(a, b Fund) int { return a.ArrivesAt.Compare(b.ArrivesAt) })
	need, dealt := sold, e.At
	for _, x := range funds {
		if need.Sign() <= 0 {
			break
		}
		take := engine.MinDec(need, x.Left)
		e.Spent = append(e.Spent, Spend{Seq: x.Seq, Source: x.Source, Amount: take})
		need = need.Sub(take)
		// The deal settles against the money it sells: it cannot value
		// before that money is in (engine.AllocateFX's rule too).
		if x.ArrivesAt.After(dealt) {
			dealt = x.ArrivesAt
		}
	}
	cv, arrives := pickRoute(f, routes, buy, dealt)
	e.Via, e.Sell, e.Buy, e.Pair, e.AtMarket, e.Source = cv.ID, sell, buy, pair, d.Rate == nil, src
	e.Amount, e.Bought, e.Rate = dec(sold), dec(bought), dec(rate.Round(10))
	e.Cost, e.ArrivesAt = dec(engine.ConversionCost(cv, bought)), tm(arrives)
	return nil
}

// dealRate is a deal's price as the market quotes it — the book's pair
// that has both currencies (GBPUSD 1.30: 1 GBP = 1.30 USD), or for a
// cross SELLBUY (1 SELL = rate BUY) — and what an amount sold buys and
// an amount bought costs. At market (given nil) it is the scenario's
// rate; a rate typed further than fxMoveLimit from it is refused as a
// slip.
func dealRate(fx engine.FX, sell, buy string, given *decimal.Decimal) (string, decimal.Decimal, dealPrice, error) {
	pair, market, inverse := sell+buy, fx.MustConvert(decimal.NewFromInt(1), sell, buy), false
	for _, q := range fx.Quotes {
		switch {
		case q.Of == sell && q.In == buy:
			pair, market = q.Pair(), q.Rate
		case q.Of == buy && q.In == sell:
			pair, market, inverse = q.Pair(), q.Rate, true
		}
	}
	rate := market
	if given != nil {
		if given.Sign() <= 0 {
			return "", rate, dealPrice{}, refuse(Invalid, "a rate must be positive (%s at market is %s)", pair, market.Round(6))
		}
		if given.Sub(market).Abs().Cmp(market.Mul(fxMoveLimit)) > 0 {
			return "", rate, dealPrice{}, refuse(Invalid, "rate %s for %s is more than %s%% from the market's %s: check the quote (or strike at market)",
				given.String(), pair, fxMoveLimit.Mul(decimal.NewFromInt(100)).String(), market.Round(6))
		}
		rate = *given
	}
	return pair, rate, dealPrice{rate: rate, inverse: inverse}, nil
}

// dealPrice converts at a deal's rate: times it when the pair quotes the
// currency sold (EURUSD selling EUR), divided when it quotes the one
// bought (GBPUSD selling USD: 1,300,000 / 1.30 = 1,000,000).
type dealPrice struct {
	rate    decimal.Decimal
	inverse bool
}

// buys is what `sold` buys, rounded down: the firm never counts a cent
// it will not receive.
func (p dealPrice) buys(sold decimal.Decimal) decimal.Decimal {
	if p.inverse {
		return engine.CentsDown(sold.DivRound(p.rate, 16))
	}
	return engine.CentsDown(sold.Mul(p.rate))
}

// costs is what buying `bought` sells, rounded up.
func (p dealPrice) costs(bought decimal.Decimal) decimal.Decimal {
	if p.inverse {
		return engine.CentsUp(bought.Mul(p.rate))
	}
	return engine.CentsUp(bought.DivRound(p.rate, 16))
}

// pickRoute is the conversion that settles a deal dealt at `dealt`: the
// cheapest that arrives by the first open deadline in the currency bought
// (the plan's choice), else the earliest to arrive.
func pickRoute(f Figures, routes []engine.Conversion, buy string, dealt time.Time) (engine.Conversion, time.Time) {
	var first time.Time
	for _, c := range f.Calls {
		if c.Open() && f.Book.CurrencyOf(c.Currency) == buy && (first.IsZero() || c.Deadline.Before(first)) {
			first = c.Deadline
		}
	}
	best, at, inTime := -1, time.Time{}, false
	for i, cv := range routes {
		arr := f.Book.ConversionArrival(cv, dealt)
		ok := !first.IsZero() && !arr.After(first)
		better := best < 0 || ok && !inTime ||
			ok == inTime && (ok && cv.SpreadBps.LessThan(routes[best].SpreadBps) || !ok && arr.Before(at))
		if better {
			best, at, inTime = i, arr, ok
		}
	}
	return routes[best], at
}

func conversionIDs(b *engine.Book, sell, buy string) string {
	var ids []string
	for _, cv := range b.Conversions {
		if b.CurrencyOf(cv.From) == sell && b.CurrencyOf(cv.To) == buy {
			ids = append(ids, cv.ID)
		}
	}
	if len(ids) == 0 {
		return "it lists none " + sell + "→" + buy
	}
	return "it has " + strings.Join(ids, ", ")
}

// applyConvert records a deal struck.
func applyConvert(s State, e Event, owned bool) State {
	c := ConversionState{Seq: e.Seq, Via: e.Via, Sell: e.Sell, Buy: e.Buy, Sold: e.Amt(), Pair: e.Pair, AtMarket: e.AtMarket,
		At: e.At, Spent: slices.Clone(e.Spent)}
	if e.Bought != nil {
		c.Bought = *e.Bought
	}
	if e.Rate != nil {
		c.Rate = *e.Rate
	}
	if e.Cost != nil {
		c.Cost = *e.Cost
	}
	if e.ArrivesAt != nil {
		c.ArrivesAt = *e.ArrivesAt
	}
	s.Conversions = push(owned, s.Conversions, c)
	return s
}

// convertedBy reports the deal that sold a decision's funds: such a
// decision cannot be reversed (the deal is a contract).
func convertedBy(s State, seq uint64) (uint64, bool) {
	for _, c := range s.Conversions {
		for _, sp := range c.Spent {
			if sp.Seq == seq {
				return c.Seq, true
			}
		}
	}
	return 0, false
}
