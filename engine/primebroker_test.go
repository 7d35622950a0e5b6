package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// TestPrimeBrokerHouseMargin works issue 12 item 10. PB finances spot
// stock at a house margin of 25% on longs and 30% on shorts.
//   - Arb-Capital's tech stock, financed with PB: 20,000,000 falls 25%
//     (beta 1.25 × −20%) to 15,000,000. The account loses 5,000,000 and
//     the margin falls 5,000,000 → 3,750,000: PB calls 5,000,000 −
//     1,250,000 = 3,750,000. CME's 10,500,000 is unchanged: 14,250,000.
//   - a 10,000,000 short financed with PB, equity +10%: −11,000,000; the
//     account loses 1,000,000 and the margin rises 3,000,000 → 3,300,000:
//     PB calls 1,300,000.
//   - boundary, the same short with equity −20%: −8,000,000; the account
//     gains 2,000,000 and the margin falls to 2,400,000: PB owes the firm
//     2,600,000, an inflow.
//   - a 10,000,000 long financed with PB, the stock down 20%: the account
//     loses 2,000,000, the margin falls 2,500,000 → 2,000,000: PB calls
//     1,500,000.
func TestPrimeBrokerHouseMargin(t *testing.T) {
	pb := engine.Counterparty{ID: "PB", Kind: engine.PrimeBroker,
		HouseMargin: []engine.HouseMargin{{Class: engine.ClassEquity, Long: d("0.25"), Short: d("0.30")}}}
	b := arbCapital(t)
	b.Counterparties = append(b.Counterparties, pb)
	b.Positions[1].Counterparty = "PB"
	st := engine.StressBook(b, b.Scenarios[0])
	eq(t, "TECH VM", st.Positions[1].VariationMargin, "5000000")
	eq(t, "TECH house margin", st.Positions[1].InitialMargin, "5000000")
	eq(t, "TECH stressed house margin", st.Positions[1].StressedIM, "3750000")
	eq(t, "PB call", st.Calls[1].Call, "3750000")
	eq(t, "CME call", st.Calls[0].Call, "10500000")
	eq(t, "total", st.TotalMarginCall, "14250000")

	for _, c := range []struct{ mv, shock, call, inflow string }{
		{"-10000000", "0.10", "1300000", "0"}, {"-10000000", "-0.20", "-2600000", "2600000"}, {"10000000", "-0.20", "1500000", "0"},
	} {
		b := &engine.Book{
			AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"), Cutoff: engine.Cutoff{Hour: 15},
			Counterparties: []engine.Counterparty{pb},
			Positions: []engine.Position{{ID: "SHORT", Kind: engine.Spot, Counterparty: "PB", MarketValue: d(c.mv),
				Factor: "equity", Beta: d("1")}},
			Scenarios: []engine.Scenario{{ID: "s", Shocks: map[string]decimal.Decimal{"equity": d(c.shock)}, ImpactMultiplier: d("1")}},
		}
		st := engine.StressBook(b, b.Scenarios[0])
		eq(t, "short "+c.shock+" call", st.Calls[0].Call, c.call)
		eq(t, "short "+c.shock+" inflow", st.Calls[0].Inflow, c.inflow)
	}
}

// TestSaleOfFinancedStock: selling stock a prime broker finances repays
// the financing; the firm gets only the house margin freed, less the
// impact. Arb-Capital's tech stock at PB (25% on longs), 120,000 sold:
// impact 4,448.27 (as TestSaleOf); house margin freed 3,750,000 ×
// 120,000 / 15,000,000 = 30,000.00; the permanent impact re-marks the
// 14,880,000 left by 216,272.49, which the PB now calls as VM. Relief
// −4,448.27 + 30,000 − 216,272.49 = −190,720.76: selling it costs cash.
// Boundary: unfinanced, the same sale raises 115,551.73 (TestSaleOf).
func TestSaleOfFinancedStock(t *testing.T) {
	b := arbCapital(t)
	b.Counterparties = append(b.Counterparties, engine.Counterparty{ID: "PB", Kind: engine.PrimeBroker,
		HouseMargin: []engine.HouseMargin{{Class: engine.ClassEquity, Long: d("0.25"), Short: d("0.30")}}})
	for _, c := range []struct{ cp, proceeds, released, remark, relief string }{
		{"PB", "-4448.27", "30000", "216272.49", "-190720.76"},
		{"", "115551.73", "0", "0", "115551.73"},
	} {
		b.Positions[1].Counterparty = c.cp
		st := engine.StressBook(b, b.Scenarios[0])
		s, err := engine.SaleOf(b, st, "TECH", d("120000"), b.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, c.cp+" impact", s.ImpactCost, "4448.27")
		eq(t, c.cp+" proceeds", s.Proceeds, c.proceeds)
		eq(t, c.cp+" released", s.MarginReleased, c.released)
		eq(t, c.cp+" re-mark VM", s.RemarkVM, c.remark)
		eq(t, c.cp+" relief", s.Relief, c.relief)
	}
}
