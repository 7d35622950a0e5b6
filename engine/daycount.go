package engine

import (
	"time"

	"github.com/shopspring/decimal"
)

// An Accrual is how interest and carry accrue over a funding horizon: the
// calendar days counted and the year's basis (ACT/360: 360; ACT/365: 365).
type Accrual struct {
	Days, Basis decimal.Decimal
}

// act360 is the money-market convention of a horizon given in days.
func act360(days decimal.Decimal) Accrual { return Accrual{Days: days, Basis: daysInYear} }

// act365 currencies: their money markets count ACT/365 (fixed); the rest
// (USD, EUR, CHF, SEK, …) count ACT/360.
var act365 = map[string]bool{
	"GBP": true, "AUD": true, "NZD": true, "CAD": true, "HKD": true, "SGD": true,
	"ZAR": true, "JPY": true, "INR": true, "PLN": true, "ILS": true, "MYR": true,
}

// DayBasis is the book's year basis: its day_count when given (360 or
// 365), else its currency's money-market convention.
func (b *Book) DayBasis() decimal.Decimal {
	if b.DayCount.Sign() > 0 {
		return b.DayCount
	}
	if act365[b.Currency] {
		return decimal.NewFromInt(365)
	}
	return daysInYear
}

// DayCountName is "ACT/360" or "ACT/365".
func (b *Book) DayCountName() string { return "ACT/" + b.DayBasis().String() }

// maxCalendarHorizon bounds the horizons rolled on the calendar (a
// century); a longer one, surely a typo, accrues as given.
var maxCalendarHorizon = decimal.NewFromInt(36600)

// Accrual is how a cost over a horizon of `horizon` days from `at`
// accrues. A whole number of days ends on a calendar date; if that date
// is not a business day of the book's calendar (a weekend or a holiday)
// the money is repaid, and the cost accrues, to the next business day
// (modified following is not applied: a horizon of days rarely crosses a
// month end that matters). A fractional horizon accrues as given.
func (b *Book) Accrual(at time.Time, horizon decimal.Decimal) Accrual {
	days := horizon
	if horizon.IsInteger() && horizon.Sign() > 0 && horizon.Cmp(maxCalendarHorizon) <= 0 && !at.IsZero() {
		start := DateOf(b.Market.In(at))
		end := start.AddDays(int(horizon.IntPart()))
		if !b.Market.IsBusinessDay(end) {
			end = b.Market.NextBusinessDay(end)
		}
		// Calendar days between the two dates, counted on UTC dates so that
		// a daylight-saving change between them cannot shift an hour.
		utc := func(d Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }
		days = decimal.NewFromInt(int64(utc(end).Sub(utc(start)) / (24 * time.Hour)))
	}
	return Accrual{Days: days, Basis: b.DayBasis()}
}

// on is amount × bps / 10,000 × days / basis, unrounded.
func (a Accrual) on(amount, bps decimal.Decimal) decimal.Decimal {
	basis := a.Basis
	if basis.Sign() <= 0 {
		basis = daysInYear
	}
	return amount.Mul(bps).Mul(a.Days).DivRound(bpsPerUnit.Mul(basis), 10)
}

// perUnit is the cost of one unit over the accrual at bps, for the solve.
func (a Accrual) perUnit(bps float64) float64 {
	d, _ := a.Days.Float64()
	y, _ := a.Basis.Float64()
	if y <= 0 {
		y = 360
	}
	return bps / 1e4 * d / y
}

// SourceCost is what drawing `amount` from a source costs over a horizon
// of days from `at`, in the book's day count and calendar: the plan's
// figure, for the console's tiers and its running cost of draws made.
func (b *Book) SourceCost(s Source, amount decimal.Decimal, at time.Time, horizon, saleCost, capacity decimal.Decimal) decimal.Decimal {
	return drawCost(s, amount, b.Accrual(at, horizon), saleCost, capacity)
}

// CarryCost is the carry given up posting `value` of a holding over a
// horizon of days from `at`, in the book's day count, as a plan's posting.
func (b *Book) CarryCost(h Holding, value decimal.Decimal, at time.Time, horizon decimal.Decimal) decimal.Decimal {
	return Cents(b.Accrual(at, horizon).on(value, h.CarryBps))
}
