package tui

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

// TestStrikeFXDeal: v on the liquidity stage of the two-ccps-fx demo
// proposes buying the GBP that is short with the USD that is spare (the
// book lists usd-gbp), previews the deal, and enter records it: the USD
// cash drawn (5,000,000) sells 1,300,000.00 for GBP 1,000,000.00 at
// GBPUSD 1.30, the same-day deal struck at 08:00 (after its 07:30
// cut-off) arriving Tuesday 07:30, after LCH's 11:00; the CONVERSIONS
// block lists it with its spread (5 bp of GBP 1,000,000 = 650 USD).
// A keyed call's dialog asks its currency in such a book.
func TestStrikeFXDeal(t *testing.T) {
	b, err := book.Demo("two-ccps-fx")
	if err != nil {
		t.Fatal(err)
	}
	h := harnessOn(t, b, 200, 60)
	h.keys("2", "d", "enter", "v")
	h.want("Strike an FX deal", "sell (currency): USD", "buy (currency): GBP")
	h.keys("enter", "enter")
	h.typeText("1.3m")
	h.want("FX: sell 1,300,000.00 USD for 1,000,000.00 GBP at GBPUSD 1.3 (market) via usd-gbp, arrives Tue 07:30")
	h.keys("enter", "enter", "enter", "enter")
	f := h.inc.Snapshot().Figures
	if len(f.Conversions) != 1 || !f.Conversions[0].Bought.Equal(decimal.RequireFromString("1000000")) {
		t.Fatalf("conversions %+v", f.Conversions)
	}
	h.want("struck, spread 650 USD", "#3 USD 1,300,000 → GBP 1,000,000 · arrives Tue 07:30 ✗ after LCH GBP 11:00 · usd-gbp GBPUSD 1.3")
	h.keys("5", "c")
	h.want("currency (optional: blank is the counterparty's own)")
	h.keys("esc")
	// A single-currency book has no deal to strike.
	arb, _ := book.Demo("arb-capital")
	a := harnessOn(t, arb, 120, 40)
	a.keys("2", "v")
	a.want("this book is in USD only")
	for _, e := range a.inc.Snapshot().Events {
		if e.Kind == playbook.Convert {
			t.Errorf("a single-currency book recorded %+v", e)
		}
	}
}
