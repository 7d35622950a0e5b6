package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// sterlingCall is a USD book with one GBP call: LCH clears a gilt future
// in GBP (MV 10,000,000, IM 1,000,000). Rates −5% make VM 500,000 and LCH
// takes IM ×1.5 to 1,500,000 (+500,000): LCH calls GBP 1,000,000, due
// 10:00 New York (15:00 London). The firm has USD 2,000,000 of cash, and
// one way to buy sterling: a same-day USD→GBP deal, 10 bp, for value today
// if struck by `cutoff` (New York time), arriving then. Sterling is 1.25
// at as_of and 1.30 in the scenario (fx.GBPUSD +4%).
func sterlingCall(cutoff engine.Cutoff) *engine.Book {
	t0, _ := engine.ParseAccess("T+0")
	return &engine.Book{
		Firm: "FX", Currency: "USD",
		AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"),
		Cutoff: engine.Cutoff{Hour: 15},
		FX:     engine.FX{Base: "USD", Quotes: []engine.Quote{{Of: "GBP", In: "USD", Rate: d("1.25")}}},
		Counterparties: []engine.Counterparty{{ID: "LCH", Kind: engine.CCP, Deadline: ts("2026-03-16T10:00:00-04:00"),
			VMCurrencies: []string{"GBP"}, IMCurrencies: []string{"GBP"}, FXHaircut: d("0.08")}},
		Positions: []engine.Position{{ID: "GILT", Kind: engine.Future, Counterparty: "LCH", Currency: "GBP",
			MarketValue: d("10000000"), Cost: d("10000000"), InitialMargin: d("1000000"), Factor: "rates", Beta: d("1")}},
		Sources:     []engine.Source{{ID: "usd-cash", Kind: engine.SourceCash, Amount: d("2000000"), HasAmount: true, Currency: "USD"}},
		Conversions: []engine.Conversion{{ID: "usd-gbp", From: "USD", To: "GBP", SpreadBps: d("10"), Settle: t0, Cutoff: cutoff}},
		Scenarios: []engine.Scenario{{ID: "gbp-up", Shocks: map[string]decimal.Decimal{"rates": d("-0.05"), "fx.GBPUSD": d("0.04")},
			IMMultiplier: map[string]decimal.Decimal{"LCH": d("1.5")}, ImpactMultiplier: d("1")}},
	}
}

func TestGBPCallMetByUSDThroughAConversion(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cutoff    engine.Cutoff
		at        string
		shortfall string // in base (USD)
		sold      string // USD sold
		arrives   string
		cost      string // base
	}{
		// Struck at 08:00, before the 09:00 cut-off: GBP arrives 09:00, an
		// hour before LCH's 10:00. The firm sells 1,000,000 × 1.30 =
		// 1,300,000.00 USD; the spread is 1,000,000 × 10 bp = 1,000 GBP =
		// 1,300.00 USD. Nothing short.
		{"in time", engine.Cutoff{Hour: 9}, "2026-03-16T08:00:00-04:00", "0.00", "1300000.00", "2026-03-16T09:00:00-04:00", "1300.00"},
		// Boundary: struck at the cut-off itself is still for today.
		{"struck at the cut-off", engine.Cutoff{Hour: 9}, "2026-03-16T09:00:00-04:00", "0.00", "1300000.00", "2026-03-16T09:00:00-04:00", "1300.00"},
		// Struck at 09:30, after the cut-off: value tomorrow, Tuesday 09:00,
		// a day after LCH's deadline. The whole GBP 1,000,000 is short:
		// 1,300,000.00 in base at the stressed rate; nothing is drawn.
		{"after the cut-off", engine.Cutoff{Hour: 9}, "2026-03-16T09:30:00-04:00", "1300000.00", "", "", "0.00"},
		// A cut-off of 11:00 delivers after the 10:00 deadline even when
		// struck at 08:00: nothing converts faster than its cut-off.
		{"the cut-off is after the deadline", engine.Cutoff{Hour: 11}, "2026-03-16T08:00:00-04:00", "1300000.00", "", "", "0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := sterlingCall(tc.cutoff)
			st := engine.StressBook(b, b.Scenarios[0])
			if len(st.Calls) != 1 || st.Calls[0].Currency != "GBP" || !st.Calls[0].Call.Equal(d("1000000")) {
				t.Fatalf("calls = %+v, want LCH GBP 1,000,000", st.Calls)
			}
			p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: ts(tc.at), HorizonDays: d("1")})
			if !p.Required.Equal(d("1300000")) {
				t.Errorf("required = %s, want 1,300,000.00 (GBP 1,000,000 at 1.30)", p.Required)
			}
			if !p.Shortfall.Equal(d(tc.shortfall)) {
				t.Errorf("shortfall = %s, want %s", p.Shortfall, tc.shortfall)
			}
			if !p.TotalCost.Equal(d(tc.cost)) {
				t.Errorf("total cost = %s, want %s", p.TotalCost, tc.cost)
			}
			if tc.sold == "" {
				if len(p.Conversions) != 0 || len(p.Draws) != 0 {
					t.Fatalf("conversions %+v draws %+v, want none", p.Conversions, p.Draws)
				}
				return
			}
			if len(p.Conversions) != 1 {
				t.Fatalf("conversions = %+v, want one", p.Conversions)
			}
			cv := p.Conversions[0]
			if !cv.Sold.Equal(d(tc.sold)) || !cv.Bought.Equal(d("1000000")) || !cv.ArrivesAt.Equal(ts(tc.arrives)) || !cv.Cost.Equal(d("1000")) {
				t.Errorf("conversion = %+v", cv)
			}
			if len(p.Draws) != 1 || p.Draws[0].Currency != "USD" || !p.Draws[0].Amount.Equal(d(tc.sold)) {
				t.Errorf("draws = %+v, want usd-cash %s USD", p.Draws, tc.sold)
			}
			if c := p.Calls[0]; len(c.From) != 1 || c.From[0].Via != "usd-gbp" || !c.From[0].Amount.Equal(d("1000000")) {
				t.Errorf("call's cover = %+v", c.From)
			}
		})
	}
}

// TestStressedFXMoveRaisesACall: a USD CSA with a EUR swap the firm is
// out of the money on, MV −10,000,000 EUR, that does not move in EUR. At
// 1.10 the CSA holds 11,000,000 USD; EURUSD +10% (1.21) makes the same
// swap worth −12,100,000 USD, so the bank calls 1,100,000 USD. Boundary:
// no FX move, no call.
func TestStressedFXMoveRaisesACall(t *testing.T) {
	for _, tc := range []struct{ shock, call, base string }{
		{"0.10", "1100000", "1100000"},
		{"0", "0", "0"},
	} {
		b := &engine.Book{Currency: "USD", AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"),
			FX:             engine.FX{Base: "USD", Quotes: []engine.Quote{{Of: "EUR", In: "USD", Rate: d("1.10")}}},
			Counterparties: []engine.Counterparty{{ID: "BANK", Kind: engine.Bilateral, VMCurrencies: []string{"USD"}}},
			Positions: []engine.Position{{ID: "EURSWAP", Kind: engine.Swap, Counterparty: "BANK", Currency: "EUR",
				MarketValue: d("-10000000"), Cost: d("0"), Beta: d("1")}},
		}
		sc := engine.Scenario{ID: "eur-up", Shocks: map[string]decimal.Decimal{"fx.EURUSD": d(tc.shock)}, ImpactMultiplier: d("1")}
		st := engine.StressBook(b, sc)
		if len(st.Calls) != 1 || st.Calls[0].Currency != "USD" || !st.Calls[0].Call.Equal(d(tc.call)) {
			t.Fatalf("shock %s: calls = %+v, want BANK USD %s", tc.shock, st.Calls, tc.call)
		}
		if !st.TotalMarginCall.Equal(d(tc.base)) {
			t.Errorf("shock %s: total margin call = %s, want %s", tc.shock, st.TotalMarginCall, tc.base)
		}
	}
}

// TestEURBondAtAUSDOnlyIMAccount: CME takes IM in USD only and Treasuries
// at 2%. Its IM rises 5,000,000 USD (no VM). The firm's only security is a
// Bund worth 4,000,000 EUR = 4,400,000 USD at 1.10. In a USD-only account
// the Bund carries the 8% FX-mismatch add-on: 4,400,000 × (1 − 0.02 −
// 0.08) = 3,960,000.00 of cover, so 1,040,000.00 of the call needs cash.
// Where CME takes EUR too there is no add-on: 4,400,000 × 0.98 =
// 4,312,000.00, cash 688,000.00. A book overriding the add-on to 5%:
// 4,400,000 × 0.93 = 4,092,000.00, cash 908,000.00.
func TestEURBondAtAUSDOnlyIMAccount(t *testing.T) {
	for _, tc := range []struct {
		name       string
		im         []string
		add        string
		haircut    string
		cover, csh string
	}{
		{"USD-only account, 8%", []string{"USD"}, "0.08", "0.10", "3960000", "1040000"},
		{"EUR accepted", []string{"USD", "EUR"}, "0.08", "0.02", "4312000", "688000"},
		{"book's add-on 5%", []string{"USD"}, "0.05", "0.07", "4092000", "908000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cme := engine.Counterparty{ID: "CME", Kind: engine.CCP, VMCurrencies: []string{"USD"}, IMCurrencies: tc.im, FXHaircut: d(tc.add),
				Eligible: []engine.Eligibility{{Class: engine.ClassGovt, Haircut: d("0.02")}}}
			bund := engine.Holding{ID: "BUND", Class: engine.ClassGovt, Currency: "EUR", MarketValue: d("4000000")}
			b := &engine.Book{Currency: "USD", AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"),
				FX:             engine.FX{Base: "USD", Quotes: []engine.Quote{{Of: "EUR", In: "USD", Rate: d("1.10")}}},
				Counterparties: []engine.Counterparty{cme},
				Positions: []engine.Position{{ID: "ES", Kind: engine.Future, Counterparty: "CME", Currency: "USD",
					MarketValue: d("20000000"), Cost: d("20000000"), InitialMargin: d("2000000"), Beta: d("1")}},
				Collateral: []engine.Holding{bund},
			}
			if hc, ok := engine.Eligible(cme, bund); !ok || !hc.Equal(d(tc.haircut)) {
				t.Fatalf("haircut = %s, %v; want %s", hc, ok, tc.haircut)
			}
			sc := engine.Scenario{ID: "im", InitialMargin: map[string]decimal.Decimal{"ES": d("7000000")}, ImpactMultiplier: d("1")}
			st := engine.StressBook(b, sc)
			c := st.Calls[0]
			if !c.Call.Equal(d("5000000")) || !c.EligibleCover.Equal(d(tc.cover)) || !c.CashPart.Equal(d(tc.csh)) {
				t.Fatalf("call %s cover %s cash part %s; want 5,000,000, %s, %s", c.Call, c.EligibleCover, c.CashPart, tc.cover, tc.csh)
			}
		})
	}
}

// TestTotalsInBaseAtStressedRates: LCH calls GBP 1,000,000 (the gilt) and
// EUR 900,000 (a Bund future, MV 10,000,000 EUR, IM 800,000: VM 500,000,
// IM ×1.5 +400,000). GBPUSD 1.25 +4% = 1.30; EURUSD 1.0837 −1.13% =
// 1.0837 × 0.9887 = 1.07145419. In base: 1,000,000 × 1.30 = 1,300,000.00
// and 900,000 × 1.07145419 = 964,308.771 → 964,308.77 (each rounded
// half-up to the cent before adding): 2,264,308.77. The stressed MVs in
// base: 9,500,000 × 1.30 = 12,350,000.00 and 9,500,000 × 1.07145419 =
// 10,178,814.805 → 10,178,814.81; at as_of the MVs were 12,500,000.00 and
// 10,837,000.00.
func TestTotalsInBaseAtStressedRates(t *testing.T) {
	b := sterlingCall(engine.Cutoff{Hour: 9})
	b.FX.Quotes = append(b.FX.Quotes, engine.Quote{Of: "EUR", In: "USD", Rate: d("1.0837")})
	b.Counterparties[0].VMCurrencies = []string{"GBP", "EUR"}
	b.Positions = append(b.Positions, engine.Position{ID: "BUND", Kind: engine.Future, Counterparty: "LCH", Currency: "EUR",
		MarketValue: d("10000000"), Cost: d("10000000"), InitialMargin: d("800000"), Factor: "rates", Beta: d("1")})
	sc := b.Scenarios[0]
	sc.Shocks["fx.EURUSD"] = d("-0.0113")
	st := engine.StressBook(b, sc)
	if len(st.Calls) != 2 || st.Calls[0].Currency != "GBP" || st.Calls[1].Currency != "EUR" ||
		!st.Calls[0].Call.Equal(d("1000000")) || !st.Calls[1].Call.Equal(d("900000")) {
		t.Fatalf("calls = %+v, want LCH GBP 1,000,000 then EUR 900,000", st.Calls)
	}
	for _, c := range []struct{ name, got, want string }{
		{"total margin call", st.TotalMarginCall.String(), "2264308.77"},
		{"total stressed value", st.TotalStressedValue.String(), "22528814.81"},
		{"total market value", st.TotalMarketValue.String(), "23337000"},
	} {
		if !d(c.got).Equal(d(c.want)) {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
	}
	p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
	if !p.Required.Equal(d("2264308.77")) {
		t.Errorf("required = %s, want 2,264,308.77", p.Required)
	}
	// USD 2,000,000 buys the GBP (1,300,000.00 USD); EUR has no source and
	// no conversion: EUR 900,000 short, 964,308.77 in base.
	if !p.Shortfall.Equal(d("964308.77")) {
		t.Errorf("shortfall = %s, want 964,308.77", p.Shortfall)
	}
	want := map[string][3]string{"USD": {"0", "0", "700000"}, "GBP": {"1000000", "0", "0"}, "EUR": {"900000", "900000", "0"}}
	if len(p.Currencies) != 3 || p.Currencies[0].Currency != "USD" {
		t.Fatalf("ladder = %+v", p.Currencies)
	}
	for _, r := range p.Currencies {
		w := want[r.Currency]
		if !r.Due.Equal(d(w[0])) || !r.Shortfall.Equal(d(w[1])) || !r.Left.Equal(d(w[2])) {
			t.Errorf("%s: due %s short %s left %s, want %v", r.Currency, r.Due, r.Shortfall, r.Left, w)
		}
	}
}

// TestDayCountFollowsTheSourcesCurrency: the sterling call met by a GBP
// credit line at 365 bp over one day accrues ACT/365, sterling's
// convention: 1,000,000 × 0.0365 × 1 / 365 = 100.00 GBP = 130.00 USD at
// 1.30. Drawn instead from a USD line at 365 bp through the conversion,
// the 1,300,000 USD accrue ACT/360: 1,300,000 × 0.0365 / 360 = 131.8055…
// = 131.81 USD, plus the 1,300.00 USD spread: 1,431.81.
func TestDayCountFollowsTheSourcesCurrency(t *testing.T) {
	b := sterlingCall(engine.Cutoff{Hour: 9})
	b.Sources = []engine.Source{{ID: "gbp-rcf", Kind: engine.SourceCreditLine, Amount: d("2000000"), HasAmount: true, Currency: "GBP", RateBps: d("365")}}
	st := engine.StressBook(b, b.Scenarios[0])
	p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
	if len(p.Draws) != 1 || !p.Draws[0].Cost.Equal(d("100")) || !p.Draws[0].CostBase.Equal(d("130")) || !p.TotalCost.Equal(d("130")) {
		t.Fatalf("GBP line: draws %+v total %s, want 100.00 GBP = 130.00 USD", p.Draws, p.TotalCost)
	}
	b.Sources[0].Currency = "USD"
	p = engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
	if len(p.Draws) != 1 || !p.Draws[0].Cost.Equal(d("131.81")) || !p.TotalCost.Equal(d("1431.81")) {
		t.Fatalf("USD line: draws %+v total %s, want 131.81 + 1,300.00", p.Draws, p.TotalCost)
	}
}
