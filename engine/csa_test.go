package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// twoWay: one swap under a two-way CSA with BANKB, threshold 0 both ways,
// minimum transfer 100,000, deliveries rounded up and returns rounded down
// to 10,000 (ISDA CSA practice).
func twoWay(mv, stressed string, terms engine.CSATerms) *engine.Book {
	terms.DeliveryRounding, terms.ReturnRounding = d("10000"), d("10000")
	return &engine.Book{
		AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"), Cutoff: engine.Cutoff{Hour: 15},
		Counterparties: []engine.Counterparty{{ID: "BANKB", Kind: engine.Bilateral, MinTransfer: d("100000"), CSA: terms}},
		Positions:      []engine.Position{{ID: "IRS", Kind: engine.Swap, Counterparty: "BANKB", MarketValue: d(mv), Beta: d("1")}},
		Scenarios:      []engine.Scenario{{ID: "s", StressedValue: map[string]decimal.Decimal{"IRS": d(stressed)}, ImpactMultiplier: d("1")}},
	}
}

// TestTwoWayCSA works issue 12 item 5 by hand. Positive MV: BANKB owes the
// firm, so the firm holds collateral (by default what the CSA required at
// the baseline: 3,000,000 at MV 3,000,000).
func TestTwoWayCSA(t *testing.T) {
	cases := []struct {
		name, mv, stressed string
		terms              engine.CSATerms
		call, inflow       string
		belowMTA           bool
	}{
		// The firm's exposure falls 3M → 2M: it returns 1,000,000 it holds.
		{"the firm returns what it holds", "3000000", "2000000", engine.CSATerms{}, "1000000", "0", false},
		// 3M → 3,456,789: BANKB delivers 456,789, rounded up: 460,000 in.
		{"the counterparty delivers", "3000000", "3456789", engine.CSATerms{}, "-460000", "460000", false},
		// 3M → 2,345,678: the firm returns 654,322, rounded down: 650,000.
		{"a return rounds down", "3000000", "2345678", engine.CSATerms{}, "650000", "0", false},
		// Boundary: 95,001 owed rounds up to 100,000, not below the MTA: made.
		{"rounded delivery reaches the MTA", "3000000", "3095001", engine.CSATerms{}, "-100000", "100000", false},
		// Boundary: 94,999 to return rounds down to 90,000, below it: none.
		{"rounded return below the MTA", "3000000", "2905001", engine.CSATerms{}, "0", "0", true},
		// Independent amount 2,000,000 posted by the firm: at MV −1M it
		// posts max(0, 1M + 2M) = 3M; at −4M, 6M: it delivers 3,000,000.
		{"independent amount", "-1000000", "-4000000", engine.CSATerms{IndependentAmount: d("2000000")}, "3000000", "0", false},
		// Crossing: at MV +1M the firm still posts 2M − 1M = 1M; at +3M it
		// posts nothing and holds 3M − 2M = 1M: BANKB returns 1M and
		// delivers 1M, 2,000,000 in.
		{"crossing with an independent amount", "1000000", "3000000", engine.CSATerms{IndependentAmount: d("2000000")}, "-2000000", "2000000", false},
		// The book says the firm holds only 2,500,000: unchanged marks still
		// oblige BANKB to deliver the 500,000 it is short.
		{"an explicit balance", "3000000", "3000000", engine.CSATerms{Balance: d("-2500000"), HasBalance: true}, "-500000", "500000", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := twoWay(c.mv, c.stressed, c.terms)
			st := engine.StressBook(b, b.Scenarios[0])
			cc := st.Calls[0]
			eq(t, "call", cc.Call, c.call)
			eq(t, "inflow", cc.Inflow, c.inflow)
			if cc.BelowMTA != c.belowMTA {
				t.Errorf("below MTA %v, want %v", cc.BelowMTA, c.belowMTA)
			}
		})
	}
}

// TestSeparateIMCSA: regulatory IM under its own CSA with a 50,000,000
// threshold. The swap's IM rises 40,000,000 → 70,000,000 and its MV does
// not move.
//   - own IM CSA: 0 beyond the threshold before, 20,000,000 after: the IM
//     call is 20,000,000 (not 30,000,000);
//   - boundary, IM rises only to 50,000,000: still within the threshold,
//     no call;
//   - no IM CSA: the IM is in the one CSA's requirement: 30,000,000.
func TestSeparateIMCSA(t *testing.T) {
	cases := []struct {
		sim   string
		terms engine.CSATerms
		call  string
	}{
		{"70000000", engine.CSATerms{IMThreshold: d("50000000"), HasIMThreshold: true}, "20000000"},
		{"50000000", engine.CSATerms{IMThreshold: d("50000000"), HasIMThreshold: true}, "0"},
		{"70000000", engine.CSATerms{}, "30000000"},
	}
	for _, c := range cases {
		b := twoWay("-1000000", "-1000000", c.terms)
		b.Positions[0].InitialMargin = d("40000000")
		b.Scenarios[0].InitialMargin = map[string]decimal.Decimal{"IRS": d(c.sim)}
		st := engine.StressBook(b, b.Scenarios[0])
		eq(t, "IM to "+c.sim+" call", st.Calls[0].Call, c.call)
		eq(t, "IM to "+c.sim+" IM change", st.Calls[0].IMChange, c.call)
	}
}

// TestHeldSecuritiesInKind: the firm holds Treasuries under the CSA
// (collateral_held: govt). ISDA 1994 CSA, Paragraph 3(b): it returns them
// in kind; Paragraph 6(c): what BANKB delivers is cash only if the firm may
// use it. Baseline MV 3,000,000: the firm holds 3,000,000.
//   - 3M → 2M: returns 1,000,000 of Treasuries: call 0 (cash: 1,000,000).
//   - 3M → 3,456,789: BANKB delivers 460,000 of Treasuries: no inflow;
//     with use of collateral, an inflow of 460,000 (as cash held).
//   - boundary, 3M → −500,000: it returns the 3,000,000 in kind and posts
//     500,000: call 500,000 (cash: 3,500,000).
func TestHeldSecuritiesInKind(t *testing.T) {
	govt := engine.CSATerms{HeldClass: engine.ClassGovt}
	use := engine.CSATerms{HeldClass: engine.ClassGovt, UseOfCollateral: true}
	cash := engine.CSATerms{HeldClass: engine.ClassCash}
	for _, c := range []struct {
		name, stressed         string
		terms                  engine.CSATerms
		call, inflow, returned string
	}{
		{"returned in kind", "2000000", govt, "0", "0", "1000000"},
		{"cash held: returned in cash", "2000000", cash, "1000000", "0", "0"},
		{"delivered, not usable", "3456789", govt, "0", "0", "0"},
		{"delivered, usable", "3456789", use, "-460000", "460000", "0"},
		{"flips: in kind back, cash out", "-500000", govt, "500000", "0", "3000000"},
	} {
		b := twoWay("3000000", c.stressed, c.terms)
		cc := engine.StressBook(b, b.Scenarios[0]).Calls[0]
		eq(t, c.name+" call", cc.Call, c.call)
		eq(t, c.name+" inflow", cc.Inflow, c.inflow)
		eq(t, c.name+" returned in kind", cc.HeldReturnedSecurities, c.returned)
	}
}
