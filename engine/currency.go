package engine

import (
	"errors"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// DefaultFXHaircut is the FX-mismatch add-on of the uncleared-margin rules
// (BCBS-IOSCO, and the US and EU rules that follow it): 8% on collateral in
// a currency other than the one the IM is to be paid in.
var DefaultFXHaircut = decimal.RequireFromString("0.08")

// ErrMultiCurrency is the optimiser's answer for a book in several
// currencies: its linear programme prices one; the plain plan matches each
// call in its own currency and converts the rest.
var ErrMultiCurrency = errors.New("the optimiser works in one currency; this book is in several, so the plain plan (each call in its currency, then conversions) is the plan")

// CurrencyOf is ccy, or the book's base currency when ccy is empty.
func (b *Book) CurrencyOf(ccy string) string {
	if ccy == "" {
		return b.Currency
	}
	return ccy
}

// MultiCurrency reports whether anything in the book is in a currency
// other than the base: only then do calls split by currency and sources
// need conversions.
func (b *Book) MultiCurrency() bool {
	foreign := func(c string) bool { return c != "" && c != b.Currency }
	for _, p := range b.Positions {
		if foreign(p.Currency) {
			return true
		}
	}
	for _, h := range b.Collateral {
		if foreign(h.Currency) {
			return true
		}
	}
	for _, s := range b.Sources {
		if foreign(s.Currency) {
			return true
		}
	}
	for _, c := range b.Counterparties {
		for _, v := range c.VMCurrencies {
			if foreign(v) {
				return true
			}
		}
	}
	return false
}

// HomeCurrency is the counterparty's first VM currency (a CSA's base
// currency, the one its threshold and minimum transfer are in), else the
// book's base.
func (b *Book) HomeCurrency(c Counterparty) string {
	if len(c.VMCurrencies) > 0 {
		return c.VMCurrencies[0]
	}
	return b.Currency
}

// CallCurrency is the currency a position's margin is called in. A CCP
// calls each contract in its own currency when it settles that currency
// (CME's USD contracts in USD, LCH's sterling swaps in GBP, its euro swaps
// in EUR), else in its first VM currency. A CSA or a prime broker calls
// everything in its home currency (ISDA CSA practice: one base currency,
// the others converted into it).
func (b *Book) CallCurrency(c Counterparty, p Position) string {
	pc := b.CurrencyOf(p.Currency)
	if c.Kind != CCP {
		return b.HomeCurrency(c)
	}
	if len(c.VMCurrencies) == 0 || slices.Contains(c.VMCurrencies, pc) {
		return pc
	}
	return c.VMCurrencies[0]
}

// FXMismatch is the add-on to h's haircut at c: c's FX haircut when c
// lists its IM currencies and h's currency is not one of them.
func FXMismatch(c Counterparty, h Holding) decimal.Decimal { return fxMismatch(c, h) }

func fxMismatch(c Counterparty, h Holding) decimal.Decimal {
	if len(c.IMCurrencies) == 0 || h.Currency == "" || slices.Contains(c.IMCurrencies, h.Currency) {
		return zero
	}
	return c.FXHaircut
}

// A Conversion turns one currency into another: an FX spot or same-day
// swap dealt with a bank and settled in CLS or bilaterally. It is a source
// of the currency bought with its own cost and arrival: SpreadBps is paid
// once on the amount bought; the money arrives at the conversion's
// settlement — Settle T+n counts business days from the day of the deal
// and arrives at Cutoff, and a deal struck after the cut-off (or on a day
// either currency is shut) is for the next good day: nothing converts
// faster than its cut-off allows. A conversion cannot start before the
// money it sells has arrived.
type Conversion struct {
	ID, Name  string
	From, To  string
	SpreadBps decimal.Decimal
	Settle    Access
	Cutoff    Cutoff
	// Market is where the deal settles: the zone its cut-off is a wall
	// time in, and both currencies' calendars (a value date must be a
	// business day in each: CLS settles a pair only when both are open).
	Market Market
}

// ConversionArrival is when the currency bought by a deal struck at
// `dealt` arrives, on the book's clock.
func (b *Book) ConversionArrival(cv Conversion, dealt time.Time) time.Time {
	return b.Market.In(cv.Market.Arrival(cv.Settle, dealt, cv.Cutoff))
}

// ConversionCost is the spread on `bought` units of the target currency,
// rounded half-up to the cent (in that currency).
func ConversionCost(cv Conversion, bought decimal.Decimal) decimal.Decimal {
	return Cents(bought.Mul(cv.SpreadBps).Div(bpsPerUnit))
}
