package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
)

func loadBook(t *testing.T, name string, data []byte) *engine.Book {
	t.Helper()
	b, err := book.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSurviveTwoCurrencies is the two-ccps-fx demo's spiral, worked by
// hand at the scenario's rates GBPUSD 1.25 → 1.30, EURUSD 1.10:
//   - buffer: USD cash 5,000,000 (08:00) and the EUR line 1,000,000 (10:00,
//     before LCH's 11:00): 5,000,000 + 1,100,000 = 6,100,000.00 USD (it
//     counted 6,000,000, adding euros as dollars).
//   - day 1: CME USD 3,000,000 by 16:00, LCH GBP 1,000,000 and EUR 900,000
//     by 11:00. EUR from the line; USD from the cash; GBP: the same-day
//     deal struck at 08:00 is past its 07:30 cut-off (Tue 07:30), CLS
//     T+1: Wednesday: short. Due 3,000,000 + 1,300,000 + 990,000 =
//     5,290,000.00, paid 3,990,000.00, overdue 1,300,000.00 (GBP 1,000,000:
//     the plan's shortfall). Paper equity 6,100,000 + P&L 2,000,000 + IM
//     2,000,000 + 1,300,000 + 880,000 − VM (2,000,000 + 650,000 + 550,000)
//     = 9,080,000.00.
//   - day 2: the overdue GBP is met by the same-day deal struck Monday
//     08:00 (delivers Tue 07:30, before 11:00): it sells 1,300,000.00 USD;
//     its 5bp on GBP 1,000,000 (500 GBP = 650.00 USD) comes off equity:
//     9,079,350.00. Paid late, never insolvent.
func TestSurviveTwoCurrencies(t *testing.T) {
	b, err := book.Demo("two-ccps-fx")
	if err != nil {
		t.Fatal(err)
	}
	p := engine.Simulate(b, b.Scenarios[0], engine.SurvivalInput{})
	eq(t, "buffer", p.Buffer, "6100000")
	d1, d2 := p.Days[0], p.Days[1]
	eq(t, "day 1 VM", d1.VariationMargin, "3200000")
	eq(t, "day 1 IM required", d1.IMRequired, "6270000")
	eq(t, "day 1 due", d1.Due, "5290000")
	eq(t, "day 1 paid", d1.Paid, "3990000")
	eq(t, "day 1 overdue", d1.Overdue, "1300000")
	eq(t, "day 1 cash left (2,000,000 USD + 100,000 EUR)", d1.Cash, "2110000")
	eq(t, "day 1 equity", d1.Equity, "9080000")
	var gbp engine.DayCurrency
	for _, c := range d1.Currencies {
		if c.Currency == "GBP" {
			gbp = c
		}
	}
	eq(t, "day 1 GBP overdue", gbp.Overdue, "1000000")
	eq(t, "day 2 due", d2.Due, "1300000")
	eq(t, "day 2 overdue", d2.Overdue, "0")
	eq(t, "day 2 equity", d2.Equity, "9079350")
	if len(d2.Currencies) == 0 || d2.Currencies[len(d2.Currencies)-1].Currency != "GBP" || strings.Join(d2.Currencies[len(d2.Currencies)-1].Via, ",") != "usd-gbp" {
		t.Errorf("day 2 currencies %+v: want GBP bought through usd-gbp", d2.Currencies)
	}
	if p.Survived || p.Insolvent {
		t.Errorf("survived %v insolvent %v: want paid late, solvent", p.Survived, p.Insolvent)
	}
	// Boundary: no conversions at all — sterling never comes, and with
	// positions left (none can be sold: no ADV) the GBP stays overdue.
	src, _ := book.DemoSource("two-ccps-fx")
	text := string(src)
	text = text[:strings.Index(text, "conversions:")] + text[strings.Index(text, "scenarios:"):]
	p = engine.Simulate(loadBook(t, "noconv.yaml", []byte(text)), b.Scenarios[0], engine.SurvivalInput{})
	for _, d := range p.Days {
		eq(t, "no conversion: overdue every day", d.Overdue, "1300000")
	}
	// A buffer given is dollars: it cannot pay the sterling call in time,
	// so no buffer survives.
	if _, _, ok := engine.SmallestBuffer(b, b.Scenarios[0], engine.SurvivalInput{}); ok {
		t.Error("a dollar buffer cannot meet LCH's sterling by 11:00")
	}
}

// TestSurviveFXSellsTheShortCurrency: fx-spiral.yaml's day 1. USD
// 1,200,000 is paid from the 1,500,000 of dollars; GBP 1,000,000 has no
// sterling in time, so the day sells gilts (never the S&P futures: dollars
// are not short), the least whose relief covers GBP 1,000,000: 6,548,446.81
// of GILT, impact 27,838.99, IM freed 1,500,000 × 6,548,446.81 / 9,500,000
// = 1,033,965.29, re-mark 6,126.30: relief −27,838.99 + 1,033,965.29 −
// 6,126.30 = 1,000,000.00 GBP. Sold in USD: 6,548,446.81 × 1.30 =
// 8,512,980.85. Equity 1,500,000 + IM (1,000,000 + 1,300,000) − VM
// (1,000,000 + 650,000) − (27,838.99 + 6,126.30) × 1.30 = 2,105,845.12.
func TestSurviveFXSellsTheShortCurrency(t *testing.T) {
	b, err := book.Load("../cmd/warroom/testdata/desk/fx-spiral.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := engine.Simulate(b, b.Scenarios[0], engine.SurvivalInput{})
	d1 := p.Days[0]
	if len(d1.Sales) != 1 || d1.Sales[0].Position != "GILT" {
		t.Fatalf("day 1 sales %+v: want one sale of GILT", d1.Sales)
	}
	s := d1.Sales[0]
	eq(t, "GILT sold", s.Value, "6548446.81")
	eq(t, "impact", s.ImpactCost, "27838.99")
	eq(t, "IM freed", s.MarginReleased, "1033965.29")
	eq(t, "re-mark", s.RemarkVM, "6126.3")
	eq(t, "relief", s.Relief, "1000000")
	eq(t, "sold in USD", d1.Sold, "8512980.85")
	eq(t, "overdue", d1.Overdue, "0")
	eq(t, "equity", d1.Equity, "2105845.12")
	if !p.Survived {
		t.Error("the gilt sale pays LCH: the firm survives")
	}
}

// TestSurviveFXAtParIsSingleCurrency: Helios with its crude future in a
// currency quoted at par and converted free and instantly, both ways, is
// the single-currency spiral to the cent: the same days, sales, buffer
// and equity, and the same smallest buffer and de-risking.
func TestSurviveFXAtParIsSingleCurrency(t *testing.T) {
	src, err := book.DemoSource("helios")
	if err != nil {
		t.Fatal(err)
	}
	one, err := book.Demo("helios")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "settlement_cutoff: \"15:00\"\n", "settlement_cutoff: \"15:00\"\nfx: {XXXUSD: \"1\"}\nconversions:\n  - {id: in, from: USD, to: XXX, spread_bps: 0, settle: 0s}\n  - {id: out, from: XXX, to: USD, spread_bps: 0, settle: 0s}\n", 1)
	text = strings.Replace(text, "    kind: future\n", "    kind: future\n    currency: XXX\n", 1)
	par := loadBook(t, "par.yaml", []byte(text))
	if !par.MultiCurrency() {
		t.Fatal("the par book is not in two currencies")
	}
	sc := one.Scenarios[0]
	same := func(what string, a, b engine.SurvivalPath) {
		t.Helper()
		eq(t, what+" buffer", b.Buffer, a.Buffer.String())
		if len(a.Days) != len(b.Days) || a.Insolvent != b.Insolvent || a.Survived != b.Survived || len(a.DeRiskSales) != len(b.DeRiskSales) {
			t.Fatalf("%s: %d days insolvent %v survived %v; par %d days %v %v", what, len(a.Days), a.Insolvent, a.Survived, len(b.Days), b.Insolvent, b.Survived)
		}
		for i := range a.Days {
			x, y := a.Days[i], b.Days[i]
			for _, f := range []struct {
				name string
				a, b decimal.Decimal
			}{{"due", x.Due, y.Due}, {"paid", x.Paid, y.Paid}, {"overdue", x.Overdue, y.Overdue},
				{"cash", x.Cash, y.Cash}, {"equity", x.Equity, y.Equity}, {"sold", x.Sold, y.Sold},
				{"VM", x.VariationMargin, y.VariationMargin}, {"IM", x.IMRequired, y.IMRequired},
				{"impact", x.ImpactCost, y.ImpactCost}, {"re-mark", x.RemarkVM, y.RemarkVM}} {
				eq(t, fmt.Sprintf("%s day %d %s", what, x.Day, f.name), f.b, f.a.String())
			}
			if x.Reason != y.Reason || len(x.Sales) != len(y.Sales) {
				t.Errorf("%s day %d: %q %d sales; par %q %d", what, x.Day, x.Reason, len(x.Sales), y.Reason, len(y.Sales))
			}
		}
	}
	for _, in := range []engine.SurvivalInput{{}, {Buffer: d("30000000"), HasBuffer: true}, {DeRisk: d("0.3")}} {
		same(fmt.Sprintf("%+v", in), engine.Simulate(one, sc, in), engine.Simulate(par, sc, in))
	}
	x, xp, xok := engine.SmallestBuffer(one, sc, engine.SurvivalInput{})
	y, yp, yok := engine.SmallestBuffer(par, sc, engine.SurvivalInput{})
	if xok != yok || !x.Equal(y) {
		t.Fatalf("smallest buffer %s (%v), par %s (%v)", x, xok, y, yok)
	}
	same("smallest buffer", xp, yp)
	f, fp, fok := engine.SmallestDeRisk(one, sc, engine.SurvivalInput{})
	g, gp, gok := engine.SmallestDeRisk(par, sc, engine.SurvivalInput{})
	if fok != gok || !f.Equal(g) {
		t.Fatalf("smallest de-risk %s (%v), par %s (%v)", f, fok, g, gok)
	}
	same("smallest de-risk", fp, gp)
}

// TestLiquidatePerCurrencyNeed: fx-spiral.yaml with what each currency is
// short as the need (the console's live shortfall): USD 1,200,000 and GBP
// 1,000,000, 2,500,000.00 in base. The gilts meet GBP first: the least
// sale 6,548,446.81 relieves GBP 1,000,000.00 (1,300,000.00 USD); the S&P
// futures meet USD: all 9,000,000 relieve 1,154,100, short 45,900. Raised
// 2,454,100.00, shortfall 45,900.00 (in base).
func TestLiquidatePerCurrencyNeed(t *testing.T) {
	b, err := book.Load("../cmd/warroom/testdata/desk/fx-spiral.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := engine.StressBook(b, b.Scenarios[0])
	dls, last := engine.CallDeadlines(st)
	lp := engine.PlanLiquidation(b, st, engine.LiquidationInput{At: b.AsOf, Deadline: last, Deadlines: dls,
		Needs: map[string]decimal.Decimal{"USD": d("1200000"), "GBP": d("1000000")}})
	eq(t, "need (base)", lp.Need, "2500000")
	if lp.Currency != "USD" || len(lp.Sales) != 2 || lp.Sales[0].Position != "GILT" || lp.Sales[1].Position != "ES" {
		t.Fatalf("currency %s sales %+v", lp.Currency, lp.Sales)
	}
	eq(t, "GILT sold", lp.Sales[0].Value, "6548446.81")
	eq(t, "GILT counted (USD)", lp.Counted[0], "1300000")
	eq(t, "ES sold", lp.Sales[1].Value, "9000000")
	eq(t, "ES counted", lp.Counted[1], "1154100")
	eq(t, "raised", lp.Raised, "2454100")
	eq(t, "shortfall", lp.Shortfall, "45900")
}
