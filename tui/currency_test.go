package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/book"
)

// TestCurrenciesOnScreen: the two-ccps-fx demo (figures in
// book/fxdemo_test.go). After drawing the USD cash and the EUR line,
// triage shows GBP 1,000,000 short = 1,300,000 USD at GBPUSD 1.3 while
// USD has 2,000,000 spare; the liquidity stage proposes converting USD into
// GBP and says the same-day deal (cut-off 07:30) arrives Tuesday, after
// LCH's 11:00; the message to LCH names the call's currency.
func TestCurrenciesOnScreen(t *testing.T) {
	b, err := book.Demo("two-ccps-fx")
	if err != nil {
		t.Fatal(err)
	}
	h := harnessOn(t, b, 200, 60)
	h.keys("2", "d", "enter", "j", "d", "enter", "1")
	screen := h.screen()
	for _, want := range []string{
		"BY CURRENCY · in USD at the scenario's rates (GBPUSD 1.3, EURUSD 1.1)",
		"GBP  due 1,000,000 (1,300,000 USD) · spare 0 · ✗ SHORT 1,000,000 GBP = 1,300,000 USD",
		"USD  due 3,000,000 (3,000,000 USD) · spare 2,000,000 · ✓ met",
		"LCH SwapClear GBP",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("triage lacks %q:\n%s", want, screen)
		}
	}
	h.keys("2")
	screen = h.screen()
	for _, want := range []string{
		"CONVERSIONS · a currency long, another short",
		"GBP short 1,000,000 · USD long 2,000,000 · usd-gbp T+0 cut-off 07:30 5 bp → Tue 07:30 ✗ after 11:00",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("liquidity lacks %q:\n%s", want, screen)
		}
	}
	var gbp bool
	for _, c := range h.m.d.f.Calls {
		if c.Counterparty == "LCH" && c.Currency == "GBP" {
			gbp = true
			if got := draftIn(c, h.m.d.now, shownCcy(h.m.d.f, c.Currency)); !strings.Contains(got, "your margin call of GBP 1,000,000.00") {
				t.Errorf("draft %q does not name GBP", got)
			}
		}
	}
	if !gbp {
		t.Fatal("no LCH GBP call")
	}
}

// TestCurrencySizeSweep: the two-ccps-fx screens (BY CURRENCY,
// CONVERSIONS, currency labels) fit every size, as the others do.
func TestCurrencySizeSweep(t *testing.T) {
	b, err := book.Demo("two-ccps-fx")
	if err != nil {
		t.Fatal(err)
	}
	h := harnessOn(t, b, 100, 30)
	h.keys("2", "d", "enter")
	for w := 20; w <= 300; w += 23 {
		for hh := 5; hh <= 100; hh += 19 {
			h.send(tea.WindowSizeMsg{Width: w, Height: hh})
			for _, st := range []string{"1", "2", "3", "4", "5"} {
				h.keys(st)
				checkFits(t, h, w, hh, "stage "+st)
			}
		}
	}
}
