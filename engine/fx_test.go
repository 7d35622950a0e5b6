package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// rates is a USD book's FX: 1 GBP = 1.25 USD, 1 EUR = 1.10 USD, and
// USDJPY quoted the market's way round, 1 USD = 150 JPY.
func rates() engine.FX {
	return engine.FX{Base: "USD", Quotes: []engine.Quote{
		{Of: "GBP", In: "USD", Rate: d("1.25")},
		{Of: "EUR", In: "USD", Rate: d("1.10")},
		{Of: "USD", In: "JPY", Rate: d("150")},
	}}
}

func TestFXConvert(t *testing.T) {
	fx := rates()
	for _, tc := range []struct {
		name, amount, from, to, want string
	}{
		// 1,000,000 × 1.25 = 1,250,000.
		{"direct", "1000000", "GBP", "USD", "1250000.00"},
		// 1,250,000 / 1.25 = 1,000,000: the inverse divides.
		{"inverse of a quote", "1250000", "USD", "GBP", "1000000.00"},
		// 1,500,000 JPY / 150 = 10,000 USD: USDJPY is quoted base first.
		{"a quote with the base first", "1500000", "JPY", "USD", "10000.00"},
		// EUR → GBP through USD: 1,000,000 × 1.10 = 1,100,000 USD;
		// / 1.25 = 880,000 GBP.
		{"cross through the base", "1000000", "EUR", "GBP", "880000.00"},
		// 1,000,000 GBP × 1.25 × 150 = 187,500,000 JPY.
		{"cross to a base-first quote", "1000000", "GBP", "JPY", "187500000.00"},
		// Boundary: the base to itself, and the empty currency (the base).
		{"base to base", "123.45", "USD", "", "123.45"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := fx.Convert(d(tc.amount), tc.from, tc.to)
			if !ok || !engine.Cents(got).Equal(d(tc.want)) {
				t.Fatalf("Convert(%s %s→%s) = %s, %v; want %s", tc.amount, tc.from, tc.to, got, ok, tc.want)
			}
		})
	}
	if _, ok := fx.Convert(d("1"), "CHF", "USD"); ok {
		t.Fatal("CHF has no quote: want no conversion")
	}
}

func TestFXShocked(t *testing.T) {
	fx := rates().Shocked(map[string]decimal.Decimal{"fx.GBPUSD": d("0.04"), "equity": d("-0.2")})
	// 1.25 × 1.04 = 1.30; EURUSD has no shock and keeps 1.10.
	if got := fx.Rate("GBP", "USD"); !got.Equal(d("1.3")) {
		t.Fatalf("stressed GBPUSD = %s, want 1.30", got)
	}
	if got := fx.Rate("EUR", "USD"); !got.Equal(d("1.1")) {
		t.Fatalf("EURUSD = %s, want 1.10", got)
	}
	// The receiver is not changed.
	if got := rates().Rate("GBP", "USD"); !got.Equal(d("1.25")) {
		t.Fatalf("as_of GBPUSD = %s", got)
	}
}
