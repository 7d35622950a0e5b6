package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// pbBook is a 8,000,000 long financed at a prime broker (house margin
// 15% on longs), liquidity ADV 25,600,000, spread 20bp, daily vol 2%,
// settling T+0, with cash 300,000 and an asset_sale source on it.
func pbBook(shock, rate string) *engine.Book {
	return &engine.Book{
		AsOf: ts("2026-03-17T09:00:00-04:00"), Deadline: ts("2026-03-17T16:00:00-04:00"), Cutoff: engine.Cutoff{Hour: 15},
		Counterparties: []engine.Counterparty{{ID: "PB", Kind: engine.PrimeBroker,
			HouseMargin: []engine.HouseMargin{{Class: engine.ClassEquity, Long: d(rate), Short: d("0.20")}}}},
		Positions: []engine.Position{{ID: "TECH", Kind: engine.Spot, Counterparty: "PB", MarketValue: d("8000000"),
			Cost: d("7000000"), Factor: "equity", Beta: d("1"),
			Liquidity: engine.Liquidity{ADV: d("25600000"), SpreadBps: d("20"), DailyVol: d("0.02"), Settle: engine.Access{Days: 0, Settle: true}}}},
		Sources: []engine.Source{
			{ID: "cash", Kind: engine.SourceCash, Amount: d("300000"), HasAmount: true},
			{ID: "sell", Kind: engine.SourceAssetSale, Position: "TECH", Access: engine.Access{Days: 0, Settle: true}},
		},
		Scenarios:   []engine.Scenario{{ID: "s", Shocks: map[string]decimal.Decimal{"equity": d(shock)}, ImpactMultiplier: d("1")}},
		Liquidation: engine.LiquidationPolicy{Participation: d("0.20"), FireSale: d("0.10"), K: d("1"), Permanent: d("0.5")},
	}
}

// TestAssetSaleOfFinancedStock: an asset_sale source on stock a prime
// broker finances raises the sale's proceeds net of the loan it repays.
// The loan is MV − house margin; after the PB's call is paid, what the
// sale brings back is the stressed house margin less the impact:
//   - 15%, equity −20%: 8,000,000 → 6,400,000; house margin 960,000;
//     impact 6,400,000 × (0.001 + 0.02 × √0.25) = 70,400.00: it raises
//     889,600.00 (not 6,329,600.00, the gross proceeds). Plain plan for the
//     PB's 1,360,000 call: cash 300,000 + sale 889,600: short 170,400.
//   - boundary, 1%: the house margin 6,400,000 × 1% = 64,000 is less than
//     the impact 70,400: the sale raises 0.00. The PB calls 1,600,000 −
//     (80,000 − 64,000) = 1,584,000; cash 300,000: short 1,284,000.
func TestAssetSaleOfFinancedStock(t *testing.T) {
	for _, c := range []struct{ rate, raises, shortfall string }{
		{"0.15", "889600", "170400"},
		{"0.01", "0", "1284000"},
	} {
		b := pbBook("-0.20", c.rate)
		st := engine.StressBook(b, b.Scenarios[0])
		got, cost := engine.SourceCapacity(b, st, b.Sources[1])
		eq(t, c.rate+" raises", got, c.raises)
		eq(t, c.rate+" sale cost", cost, "70400")
		p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
		eq(t, c.rate+" plan shortfall", p.Shortfall, c.shortfall)
	}
}

// TestSurviveFinancedStock: the spiral margins a stock a prime broker
// finances like a future (its VM is the move, its IM the house rate).
// 15%, equity −20%, buffer 300,000 (the cash; sales aside). Day 1: VM
// 1,600,000; the largest sale the day allows is 20% × 25,600,000 =
// 5,120,000: impact 5,120,000 × (0.001 + 0.02 × √0.2) = 50,914.67, the
// permanent half of the impact (0.5 × 0.02 × √0.2 = 0.004472135955)
// re-marks the rest: 1,280,000 × 0.004472135955 = 5,724.33; the rest 1,274,275.67 needs
// 15% = 191,141.35 (IM change −1,008,858.65). Due 1,600,000 + 50,914.67
// + 5,724.33 − 1,008,858.65 = 647,780.35; paid 300,000; overdue
// 347,780.35. Day 2 sells the rest, which frees too little: insolvent.
func TestSurviveFinancedStock(t *testing.T) {
	b := pbBook("-0.20", "0.15")
	out := engine.Simulate(b, b.Scenarios[0], engine.SurvivalInput{Days: 5})
	eq(t, "buffer", out.Buffer, "300000")
	d1 := out.Days[0]
	eq(t, "day 1 VM", d1.VariationMargin, "1600000")
	eq(t, "day 1 sold", d1.Sold, "5120000")
	eq(t, "day 1 impact", d1.ImpactCost, "50914.67")
	eq(t, "day 1 re-mark", d1.RemarkVM, "5724.33")
	eq(t, "day 1 IM required", d1.IMRequired, "191141.35")
	eq(t, "day 1 due", d1.Due, "647780.35")
	eq(t, "day 1 overdue", d1.Overdue, "347780.35")
	if !out.Insolvent || out.InsolventDay != 2 {
		t.Errorf("insolvent %v on day %d, want day 2", out.Insolvent, out.InsolventDay)
	}
}

// TestSourceAndCarryCost: the costs the console shows for a draw and a
// posting are the plan's, in the book's day count over the horizon from
// when they are made.
//   - GBP, a 1,000,000 draw at 700bp (fee 1,000) on Friday 13 March 2026:
//     accrues to Monday, 3 days ACT/365: 1,000,000 × 7% × 3 / 365 =
//     575.342… → 575.34, plus the fee: 1,575.34. Carry on 2,000,000 of a
//     holding at 15bp: 2,000,000 × 0.15% × 3 / 365 = 24.657… → 24.66.
//   - USD, the same Friday: 3 / 360: 583.333… → 583.33 + 1,000 = 1,583.33;
//     carry 2,000,000 × 0.15% × 3 / 360 = 25.00.
//   - boundary, USD on Thursday 12 March: one day, 194.444… → 194.44 +
//     1,000 = 1,194.44; carry 8.333… → 8.33.
//   - nothing drawn costs nothing (no fee): 0.00.
func TestSourceAndCarryCost(t *testing.T) {
	for _, c := range []struct{ ccy, at, amount, cost, carry string }{
		{"GBP", "2026-03-13T10:00:00+00:00", "1000000", "1575.34", "24.66"},
		{"USD", "2026-03-13T10:00:00-04:00", "1000000", "1583.33", "25.00"},
		{"USD", "2026-03-12T10:00:00-04:00", "1000000", "1194.44", "8.33"},
		{"USD", "2026-03-12T10:00:00-04:00", "0", "0", "8.33"},
	} {
		at := ts(c.at)
		b := &engine.Book{Currency: c.ccy, AsOf: at, Deadline: at.Add(8 * 3600e9), Cutoff: engine.Cutoff{Hour: 15}}
		src := engine.Source{ID: "rcf", Kind: engine.SourceCreditLine, Amount: d("5000000"), HasAmount: true, RateBps: d("700"), Fee: d("1000")}
		eq(t, c.ccy+" "+c.at+" draw", b.SourceCost(src, d(c.amount), at, d("1"), d("0"), d("0")), c.cost)
		h := engine.Holding{ID: "UST", CarryBps: d("15"), MarketValue: d("5000000")}
		eq(t, c.ccy+" "+c.at+" carry", b.CarryCost(h, d("2000000"), at, d("1")), c.carry)
	}
}

// TestCSAReturnOfLodgedSecurities: collateral the firm lodged under a CSA
// comes back as it was lodged (the pledgor names what is returned, ISDA
// 1994 CSA Paragraph 3(b); the firm takes its cash back first, as at a
// CCP). A swap at −300,000 (the firm posted 300,000, threshold 0, MTA
// 100,000, rounding 10,000) re-marks to +400,000: the bank returns
// 300,000 and delivers 400,000.
//   - nothing lodged in securities: 700,000 comes in, in cash;
//   - all 300,000 lodged in Treasuries: they come back as Treasuries, so
//     the cash inflow is the bank's delivery, 400,000;
//   - boundary, 100,000 of Treasuries (200,000 cash): 600,000 in cash,
//     100,000 in securities.
func TestCSAReturnOfLodgedSecurities(t *testing.T) {
	for _, c := range []struct{ lodged, call, sec string }{
		{"", "-700000", "0"}, {"300000", "-400000", "300000"}, {"100000", "-600000", "100000"},
	} {
		cp := engine.Counterparty{ID: "BANK", Kind: engine.Bilateral, MinTransfer: d("100000"),
			CSA:      engine.CSATerms{DeliveryRounding: d("10000"), ReturnRounding: d("10000")},
			Eligible: []engine.Eligibility{{Class: engine.ClassGovt, Haircut: d("0")}}}
		if c.lodged != "" {
			cp.Lodged = []engine.Lodged{{Class: engine.ClassGovt, Value: d(c.lodged)}}
		}
		b := &engine.Book{
			AsOf: ts("2026-03-17T09:00:00-04:00"), Deadline: ts("2026-03-17T16:00:00-04:00"), Cutoff: engine.Cutoff{Hour: 15},
			Counterparties: []engine.Counterparty{cp},
			Positions:      []engine.Position{{ID: "SWP", Kind: engine.Swap, Counterparty: "BANK", MarketValue: d("-300000"), Factor: "rates", Beta: d("1")}},
			Scenarios:      []engine.Scenario{{ID: "s", StressedValue: map[string]decimal.Decimal{"SWP": d("400000")}, ImpactMultiplier: d("1")}},
		}
		st := engine.StressBook(b, b.Scenarios[0])
		eq(t, c.lodged+" call", st.Calls[0].Call, c.call)
		eq(t, c.lodged+" inflow", st.Calls[0].Inflow, c.call[1:])
		eq(t, c.lodged+" returned in securities", st.Calls[0].IMReleasedSecurities, c.sec)
	}
}
