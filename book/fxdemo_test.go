package book_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
)

// TestTwoCCPsFXDemo works the two-ccps-fx demo by hand.
//
// Calls. CME: ES −10% is VM 2,000,000 and IM ×1.5 is +1,000,000: USD
// 3,000,000. LCH calls each contract in its own currency: the gilt −5% is
// VM 500,000 and IM 1,000,000 → 1,500,000 (+500,000): GBP 1,000,000; the
// Bund future −5% is VM 500,000 and IM 800,000 → 1,200,000 (+400,000):
// EUR 900,000. Sterling rises 4%: GBPUSD 1.25 × 1.04 = 1.30; EURUSD stays
// 1.10. In base: 3,000,000 + 1,000,000 × 1.30 + 900,000 × 1.10 =
// 3,000,000 + 1,300,000 + 990,000 = 5,290,000.00.
//
// Liquidity: USD 5,000,000 of cash and a EUR 1,000,000 line (1,100,000
// USD): 6,100,000.00 in base, more than the calls. But the plan runs the
// 11:00 LCH calls first (EUR before GBP): the EUR line, drawn at 08:00,
// arrives 10:00 and pays EUR 900,000. GBP has no source of its own; USD
// cash can only reach it through a conversion, and at 08:00 the same-day
// deal's 07:30 cut-off has passed (value Tuesday 07:30) and CLS is T+1:
// both after 11:00. GBP 1,000,000 is short: 1,300,000.00 in base. CME's
// USD 3,000,000 at 16:00 comes from the cash (2,000,000 USD left).
//
// Cost: the EUR line, 900,000 × 400 bp × 1 day / 360 (EUR is ACT/360) =
// 100.00 EUR = 110.00 USD.
//
// CME's cash part: the Bund (EUR 500,000 = 550,000 USD) in a USD-only
// account is haircut 2% + 8% = 10%: 495,000.00 of cover against the IM
// part of 1,000,000, so the cash part is 2,000,000 + 505,000 = 2,505,000.
func TestTwoCCPsFXDemo(t *testing.T) {
	d := decimal.RequireFromString
	b, err := book.Demo("two-ccps-fx")
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := b.Scenario("")
	st := engine.StressBook(b, sc)
	type call struct{ cp, ccy, amount string }
	want := []call{{"CME", "USD", "3000000"}, {"LCH", "GBP", "1000000"}, {"LCH", "EUR", "900000"}}
	if len(st.Calls) != len(want) {
		t.Fatalf("calls = %+v", st.Calls)
	}
	for i, w := range want {
		c := st.Calls[i]
		if c.ID != w.cp || c.Currency != w.ccy || !c.Call.Equal(d(w.amount)) {
			t.Errorf("call %d = %s %s %s, want %v", i, c.ID, c.Currency, c.Call, w)
		}
	}
	if !st.TotalMarginCall.Equal(d("5290000")) {
		t.Errorf("total margin call = %s, want 5,290,000.00", st.TotalMarginCall)
	}
	if c := st.Calls[0]; !c.EligibleCover.Equal(d("495000")) || !c.CashPart.Equal(d("2505000")) {
		t.Errorf("CME cover %s cash part %s, want 495,000.00 and 2,505,000.00", c.EligibleCover, c.CashPart)
	}
	p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
	for _, c := range []struct{ name, got, want string }{
		{"required", p.Required.String(), "5290000"},
		{"shortfall", p.Shortfall.String(), "1300000"},
		{"total cost", p.TotalCost.String(), "110"},
		{"liquidity in base", p.Tiers[len(p.Tiers)-1].Cumulative.String(), "6100000"},
	} {
		if !d(c.got).Equal(d(c.want)) {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
	}
	if len(p.Conversions) != 0 {
		t.Errorf("conversions = %+v, want none (both arrive after LCH's deadline)", p.Conversions)
	}
	ladder := map[string][4]string{ // due, shortfall, available, left
		"USD": {"3000000", "0", "5000000", "2000000"},
		"GBP": {"1000000", "1000000", "0", "0"},
		"EUR": {"900000", "0", "1000000", "100000"},
	}
	for _, r := range p.Currencies {
		w := ladder[r.Currency]
		if !r.Due.Equal(d(w[0])) || !r.Shortfall.Equal(d(w[1])) || !r.Available.Equal(d(w[2])) || !r.Left.Equal(d(w[3])) {
			t.Errorf("%s: due %s short %s available %s left %s, want %v", r.Currency, r.Due, r.Shortfall, r.Available, r.Left, w)
		}
	}
	if g := p.Currencies[2]; g.Currency != "GBP" || !g.ShortfallBase.Equal(d("1300000")) {
		t.Errorf("ladder[1] = %+v, want GBP short 1,300,000.00 in base", g)
	}
}

// TestConversionKeepsBothCalendars: a USD→GBP deal settles on a day both
// New York (SIFMA) and London (UK) are open. Struck at 07:00 New York, before
// the same-day deal's 07:30 cut-off: on Monday 16 March 2026 it arrives that
// day at 07:30; on Easter Monday, 6 April 2026 (London shut, New York open),
// it is for Tuesday 7 April at 07:30; CLS (T+1, cut-off 06:00) struck on
// Thursday 2 April, after 06:00, counts from Friday 3 April — Good Friday,
// both shut — so from Monday 6 (London shut) to Tuesday 7, and one more
// business day: Wednesday 8 April 06:00.
func TestConversionKeepsBothCalendars(t *testing.T) {
	b, err := book.Demo("two-ccps-fx")
	if err != nil {
		t.Fatal(err)
	}
	same, cls := b.Conversions[0], b.Conversions[1]
	for _, tc := range []struct {
		name   string
		cv     engine.Conversion
		dealt  string
		arrive string
	}{
		{"an ordinary Monday", same, "2026-03-16T07:00:00-04:00", "2026-03-16T07:30:00-04:00"},
		{"Easter Monday in London", same, "2026-04-06T07:00:00-04:00", "2026-04-07T07:30:00-04:00"},
		{"CLS over Easter", cls, "2026-04-02T07:00:00-04:00", "2026-04-08T06:00:00-04:00"},
	} {
		got := b.ConversionArrival(tc.cv, ts(t, tc.dealt))
		if !got.Equal(ts(t, tc.arrive)) {
			t.Errorf("%s: arrives %s, want %s", tc.name, got, tc.arrive)
		}
	}
}

func ts(t *testing.T, s string) time.Time {
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
