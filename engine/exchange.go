package engine

import (
	"time"

	"github.com/shopspring/decimal"
)

// An Exchange is what an allocation in several currencies needs: the base
// currency (an empty currency is it), the rates to convert at (the
// stressed ones), the conversions the firm can deal, when each delivers,
// and the earliest a deal can be struck (the plan's activation).
type Exchange struct {
	Base        string
	FX          FX
	Conversions []Conversion
	Arrival     func(Conversion, time.Time) time.Time
	From        time.Time
}

// A ConversionUse is one FX deal of an allocation: Sold of supply Supply's
// currency bought Bought of call Call's, dealt when the supply had
// arrived, arriving in time for the call; Cost is its spread, in the
// currency bought.
type ConversionUse struct {
	Call, Supply       int
	Conversion         Conversion
	Sold, Bought, Cost decimal.Decimal
	DealtAt, ArrivesAt time.Time
}

func (x *Exchange) ccy(c string) string {
	if c == "" {
		return x.Base
	}
	return c
}

// same reports whether a supply in s pays a call in c without a deal.
func (x *Exchange) same(c, s string) bool { return x == nil || x.ccy(c) == x.ccy(s) }

// route is the cheapest conversion from `from` to `to`, dealt at `dealt`,
// that arrives by the deadline (ties: the earlier arrival, then the
// book's order).
func (x *Exchange) route(from, to string, dealt, deadline time.Time) (Conversion, time.Time, bool) {
	var best Conversion
	var at time.Time
	found := false
	for _, cv := range x.Conversions {
		if x.ccy(cv.From) != from || x.ccy(cv.To) != to {
			continue
		}
		arr := x.Arrival(cv, dealt)
		if arr.After(deadline) {
			continue
		}
		if !found || cv.SpreadBps.Cmp(best.SpreadBps) < 0 || (cv.SpreadBps.Equal(best.SpreadBps) && arr.Before(at)) {
			best, at, found = cv, arr, true
		}
	}
	return best, at, found
}

// convert serves what is left of call i from the supplies in other
// currencies, in priority order, each through the cheapest conversion
// that arrives in time. It buys exactly what the call needs (or all the
// supply's rest will buy, rounded down to the cent) and sells what that
// costs at the rate, rounded up: the firm never counts a cent it will not
// receive. It returns what no conversion could cover.
func (x *Exchange) convert(a *Allocation, i int, c Call, need decimal.Decimal, supplies []Supply, left []decimal.Decimal) decimal.Decimal {
	to := x.ccy(c.Currency)
	for j, s := range supplies {
		if need.IsZero() {
			break
		}
		from := x.ccy(s.Currency)
		if from == to || s.Withdrawn || left[j].Sign() <= 0 {
			continue
		}
		dealt := s.ArrivesAt
		if x.From.After(dealt) {
			dealt = x.From
		}
		cv, arrives, ok := x.route(from, to, dealt, c.Deadline)
		if !ok {
			continue
		}
		most, ok := x.FX.Convert(left[j], from, to)
		if !ok {
			continue
		}
		most = CentsDown(most)
		bought := MinDec(need, most)
		if bought.Sign() <= 0 {
			continue
		}
		sold := left[j]
		if bought.LessThan(most) {
			sold = MinDec(CentsUp(x.FX.MustConvert(bought, to, from)), left[j])
		}
		a.Served[i][j] = a.Served[i][j].Add(bought)
		a.Used[j] = a.Used[j].Add(sold)
		left[j] = left[j].Sub(sold)
		need = need.Sub(bought)
		a.Conversions = append(a.Conversions, ConversionUse{Call: i, Supply: j, Conversion: cv,
			Sold: sold, Bought: bought, Cost: ConversionCost(cv, bought), DealtAt: dealt, ArrivesAt: arrives})
	}
	return need
}
