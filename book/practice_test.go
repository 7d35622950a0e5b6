package book

import (
	"testing"

	"github.com/warroom/warroom/engine"
)

// TestPracticeFields: every field issue 12 adds reaches the engine as
// written.
func TestPracticeFields(t *testing.T) {
	src := `firm: Practice
currency: GBP
as_of: 2026-03-16T08:00:00+00:00
deadline: 2026-03-16T16:00:00+00:00
count_inflows: false
day_count: ACT/360
counterparties:
  - id: LCH
    kind: ccp
    settlement: 2h
    eligible: [{class: govt, haircut: "0.02"}, {class: corporate, haircut: "0.10"}]
    limits: [{class: corporate, max_share: "0.25"}]
    lodged:
      - {class: govt, issuer: UK DMO, value: 3000000, factor: rates, beta: "0.5"}
  - id: BANKB
    kind: bilateral
    threshold: 0
    threshold_counterparty: 1000000
    min_transfer: 100000
    independent_amount: 2000000
    collateral_balance: -2500000
    delivery_rounding: 10000
    return_rounding: 10000
    im_threshold: 50000000
  - id: PB
    kind: prime_broker
    house_margin: [{class: equity, long: "0.25", short: "0.30"}]
positions:
  - {id: FUT, kind: future, counterparty: LCH, market_value: 10000000, initial_margin: 1000000, factor: rates}
  - {id: IRS, kind: swap, counterparty: BANKB, market_value: 3000000, initial_margin: 40000000, factor: rates}
  - {id: STK, kind: spot, counterparty: PB, market_value: -5000000, factor: equity, class: equity}
collateral:
  - {id: GILT, class: govt, market_value: 5000000, repo_haircut: "0.02", factor: rates, beta: "0.8"}
sources:
  - {id: cash, kind: cash, amount: 2000000, access: 0s}
scenarios:
  - id: s
    shocks: {rates: "-0.05", equity: "0.10"}
    haircut_widening: {govt: "0.03"}
`
	b, err := Parse("practice.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !b.IgnoreInflows || !b.DayCount.Equal(dec("360")) || b.DayCountName() != "ACT/360" {
		t.Errorf("count_inflows / day_count: %v %s", b.IgnoreInflows, b.DayCount)
	}
	lch, bank, pb := b.Counterparties[0], b.Counterparties[1], b.Counterparties[2]
	if lch.Settlement.Duration.Hours() != 2 || len(lch.Lodged) != 1 || lch.Lodged[0].Factor != "rates" {
		t.Errorf("LCH %+v", lch)
	}
	assertDec(t, "lodged value", lch.Lodged[0].Value, "3000000")
	assertDec(t, "lodged beta", lch.Lodged[0].Beta, "0.5")
	if !bank.Settlement.Settle || bank.Settlement.Days != 0 {
		t.Errorf("settlement default %+v, want T+0", bank.Settlement)
	}
	c := bank.CSA
	assertDec(t, "cp threshold", c.CounterpartyThreshold, "1000000")
	assertDec(t, "IA", c.IndependentAmount, "2000000")
	assertDec(t, "balance", c.Balance, "-2500000")
	assertDec(t, "delivery rounding", c.DeliveryRounding, "10000")
	assertDec(t, "return rounding", c.ReturnRounding, "10000")
	assertDec(t, "IM threshold", c.IMThreshold, "50000000")
	if !c.HasBalance || !c.HasIMThreshold || !c.HasCounterpartyThreshold {
		t.Errorf("CSA flags %+v", c)
	}
	if pb.Kind != engine.PrimeBroker || len(pb.HouseMargin) != 1 {
		t.Errorf("PB %+v", pb)
	}
	assertDec(t, "house short", pb.HouseMargin[0].Short, "0.30")
	if b.Positions[2].Class != engine.ClassEquity {
		t.Errorf("position class %q", b.Positions[2].Class)
	}
	h := b.Collateral[0]
	if h.Factor != "rates" {
		t.Errorf("holding factor %q", h.Factor)
	}
	assertDec(t, "holding beta", h.Beta, "0.8")
	assertDec(t, "widening", b.Scenarios[0].HaircutWidening[engine.ClassGovt], "0.03")
}
