package tui

import (
	"testing"

	"github.com/warroom/warroom/book"
)

// TestDeskWaterfall: the console's waterfall with the desk books.
//   - ccp-inflow.yaml: ICE's 800,000 VM gain arrives at 15:00, before
//     CME's 16:00 deadline: a line of its own, and already in the header's
//     secured (800,000; shortfall 1,200,000 − 800,000 = 400,000).
//   - uk-holiday.yaml (GBP, Friday 1 May 2026, Monday a bank holiday):
//     each tier costs as plan says, 4 days ACT/365: the gilt repo's
//     3,000,000 at 500bp, 3,000,000 × 5% × 4 / 365 = 1,643.84 → 1,644; the
//     USD line's 3,000,000 at 300bp, 986.30 → 986 (ACT/360 over one day
//     showed 417 and 250).
func TestDeskWaterfall(t *testing.T) {
	b, err := book.Load("../cmd/warroom/testdata/desk/ccp-inflow.yaml")
	if err != nil {
		t.Fatal(err)
	}
	h := harnessOn(t, b, 130, 40)
	h.keys("2")
	h.want("SHORTFALL 400,000", "secured in time 800,000", "↩ margin back: ICE pays 800,000 at 15:00, in secured")

	b, err = book.Load("../cmd/warroom/testdata/desk/uk-holiday.yaml")
	if err != nil {
		t.Fatal(err)
	}
	h = harnessOn(t, b, 130, 40)
	h.keys("2")
	h.want("1 USD credit line            3,000,000 Tue 20:00 ✗ LATE             986",
		"2 Gilt repo                  3,000,000 Tue 15:00 ✓ in time        1,644")
}

// TestDeskWideningCredit: widening.yaml's scenario widens govt haircuts by
// 8 points; the collateral stage's haircut and credit are the widened
// ones (10%: 1,000,000 × 0.90 = 900,000; it showed 2.0% and 980,000).
func TestDeskWideningCredit(t *testing.T) {
	b, err := book.Load("../cmd/warroom/testdata/desk/widening.yaml")
	if err != nil {
		t.Fatal(err)
	}
	h := harnessOn(t, b, 130, 40)
	h.keys("3")
	h.wantRow("UST US Treasury", "1,000,000", "10.0%", "900,000")
	h.wantNot("980,000")
}

// TestDeskFXReduction: fx-spiral.yaml's reduction stage at 08:00, nothing
// drawn: USD 1,200,000 and GBP 1,000,000 short. The gilts free sterling,
// which meets LCH's GBP call (they used to be weighed against the base
// total as if dollars): the plan sells 6,548,446.81 ≈ 6,548,447 of them;
// the S&P futures meet the dollars. Each candidate names its currency.
func TestDeskFXReduction(t *testing.T) {
	b, err := book.Load("../cmd/warroom/testdata/desk/fx-spiral.yaml")
	if err != nil {
		t.Fatal(err)
	}
	h := harnessOn(t, b, 150, 34)
	h.keys("4")
	h.wantRow("1 GILT", "9,500,000", "1,451,550", "48,450")
	h.want("✓ in plan", "the plan for the live shortfall sells 6,548,447 of it", "ES Long S&P futures USD")
}
