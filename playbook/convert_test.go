package playbook_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

func currencyOf(t *testing.T, f playbook.Figures, ccy string) playbook.CurrencyFigure {
	t.Helper()
	for _, c := range f.Currencies {
		if c.Currency == ccy {
			return c
		}
	}
	t.Fatalf("no %s in %+v", ccy, f.Currencies)
	return playbook.CurrencyFigure{}
}

// An FX deal struck is a decision. The two-ccps-fx demo at its alert,
// Monday 16 March 08:00 New York: GBPUSD stressed 1.25 × 1.04 = 1.30.
// Drawing the USD cash (5,000,000, at once) and selling 1,300,000.00 USD
// at market buys 1,300,000 / 1.30 = 1,000,000.00 GBP. The same-day deal
// (usd-gbp, T+0, cut-off 07:30 New York) struck at 08:00 is past its
// cut-off: it is for the next good day, Tuesday 17 March, open in both
// the US and UK calendars: it arrives Tue 07:30; the CLS deal (T+1,
// cut-off 06:00) struck after 06:00 trades Tuesday and settles Wednesday.
// Neither is in time for LCH's 11:00, so the earlier, usd-gbp, settles
// it. Its spread: 5 bp of 1,000,000 = 500.00 GBP = 650.00 USD of cost.
//
// Afterwards USD has 5,000,000 − 1,300,000 = 3,700,000 unspent: CME's
// 3,000,000 is secured and 700,000 is spare. The GBP bought arrives after
// every deadline today: LCH's GBP 1,000,000 (1,300,000 USD) is still
// short, and so is its EUR 900,000 (990,000 USD: no EUR is drawn and the
// book has no USD→EUR deal): shortfall 2,290,000.00, as before the deal.
// Per currency: USD supplied 5,000,000 = used 3,000,000 + sold 1,300,000
// + 700,000 spare; GBP supplied and bought 1,000,000, used 0.
//
// The draw cannot be reversed (its USD was sold), nor can the deal.
func TestConversionStruckAfterCutoff(t *testing.T) {
	store := &playbook.MemStore{}
	inc, _ := open(t, demo(t, "two-ccps-fx"), store)
	draw := decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "usd-cash"})
	before := inc.Snapshot().Figures
	money(t, "shortfall before", before.Shortfall, "2290000")

	e := decide(t, inc, playbook.Decision{Kind: playbook.Convert, Sell: "usd", Buy: "GBP", Amount: d("1300000")})
	if e.Version != 5 || e.Via != "usd-gbp" || e.Pair != "GBPUSD" || !e.AtMarket {
		t.Fatalf("deal: v%d via %q pair %q market %v", e.Version, e.Via, e.Pair, e.AtMarket)
	}
	money(t, "rate", *e.Rate, "1.3")
	money(t, "bought", *e.Bought, "1000000")
	money(t, "cost (GBP)", *e.Cost, "500")
	if want := time.Date(2026, 3, 17, 7, 30, 0, 0, e.At.Location()); !e.ArrivesAt.Equal(want) {
		t.Errorf("arrives %s, want %s", e.ArrivesAt, want)
	}
	if len(e.Spent) != 1 || e.Spent[0].Seq != draw.Seq || !e.Spent[0].Amount.Equal(d("1300000")) {
		t.Errorf("spent %+v", e.Spent)
	}
	if got := playbook.Describe(e); got != "FX: sell 1,300,000.00 USD for 1,000,000.00 GBP at GBPUSD 1.3 (market) via usd-gbp, arrives Tue 07:30" {
		t.Errorf("described %q", got)
	}

	f := inc.Snapshot().Figures
	money(t, "shortfall after", f.Shortfall, "2290000")
	money(t, "secured", f.Secured, "3000000")
	money(t, "cost", f.LiquidityCost, "650")
	usd, gbp := currencyOf(t, f, "USD"), currencyOf(t, f, "GBP")
	money(t, "USD supplied", usd.Supplied, "5000000")
	money(t, "USD sold", usd.Sold, "1300000")
	money(t, "USD used", usd.Used, "3000000")
	money(t, "USD spare", usd.Spare, "700000")
	money(t, "GBP bought", gbp.Bought, "1000000")
	money(t, "GBP supplied", gbp.Supplied, "1000000")
	money(t, "GBP used", gbp.Used, "0")
	// Supplied in the base: 5,000,000 − 1,300,000 sold + 1,300,000 (the
	// GBP 1,000,000 at 1.30).
	money(t, "supplied (USD)", f.Supplied, "5000000")

	refused(t, inc, playbook.Decision{Kind: playbook.Reverse, Target: draw.Seq}, playbook.Conflict, "sold by FX deal #2")
	refused(t, inc, playbook.Decision{Kind: playbook.Reverse, Target: e.Seq}, playbook.Conflict, "a deal is a contract")
	// Selling more than is left unspent is refused.
	refused(t, inc, playbook.Decision{Kind: playbook.Convert, Sell: "USD", Buy: "GBP", Amount: d("3700000.01")}, playbook.Conflict,
		"only 3,700,000.00 of USD funds raised and not yet spent")

	// Replay rebuilds it.
	again, _ := open(t, demo(t, "two-ccps-fx"), store)
	g := again.Snapshot().Figures
	if len(g.Conversions) != 1 || !g.Shortfall.Equal(f.Shortfall) || !currencyOf(t, g, "USD").Spare.Equal(usd.Spare) {
		t.Fatalf("replayed: %+v shortfall %s", g.Conversions, g.Shortfall)
	}
}

// With the same-day deal's cut-off at 09:00, a deal struck at 08:00 to
// buy GBP 1,000,000 sells 1,000,000 × 1.30 = 1,300,000.00 USD and arrives
// 09:00, in time for LCH's 11:00: the GBP fund secures LCH's GBP call in
// its own currency. With the EUR line drawn (EUR 900,000 of LCH's EUR
// call) and CME's 3,000,000 from the 3,700,000 USD left, nothing is short:
// secured 5,290,000.00. Paying LCH's GBP call at 08:30 is refused (the GBP
// arrives 09:00); at 09:00 it spends the deal's GBP one for one. A second
// deal at 1.31 (typed) buys 130,000 / 1.31 = 99,236.6412… → 99,236.64; at
// 1.50 (15% off the market) it is refused as a slip.
func TestConversionInTimePaysTheCall(t *testing.T) {
	b := *demo(t, "two-ccps-fx")
	b.Conversions = slices.Clone(b.Conversions)
	b.Conversions[0].Cutoff = engine.Cutoff{Hour: 9}
	inc, clk := open(t, &b, &playbook.MemStore{})
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "usd-cash"})
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "eur-rcf"})
	e := decide(t, inc, playbook.Decision{Kind: playbook.Convert, Sell: "USD", Buy: "GBP", Bought: d("1000000")})
	money(t, "sold", e.Amt(), "1300000")
	if want := time.Date(2026, 3, 16, 9, 0, 0, 0, e.At.Location()); !e.ArrivesAt.Equal(want) {
		t.Errorf("arrives %s, want %s", e.ArrivesAt, want)
	}
	f := inc.Snapshot().Figures
	money(t, "shortfall", f.Shortfall, "0")
	money(t, "secured", f.Secured, "5290000")
	for _, c := range f.Calls {
		if c.Counterparty == "LCH" && c.Currency == "GBP" && (len(c.Funding) != 1 || c.Funding[0].Source != "usd-gbp") {
			t.Errorf("LCH GBP funded by %+v, want the deal's GBP", c.Funding)
		}
	}
	clk.t = clk.t.Add(30 * time.Minute)
	refused(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "LCH", Currency: "GBP", Source: "usd-gbp"}, playbook.Conflict, "more arrives Mon 09:00")
	clk.t = clk.t.Add(30 * time.Minute)
	p := decide(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "LCH", Currency: "GBP", Source: "usd-gbp"})
	if len(p.Spent) != 1 || p.Spent[0].Seq != e.Seq || !p.Spent[0].Amount.Equal(d("1000000")) {
		t.Errorf("payment spent %+v", p.Spent)
	}
	typed := decide(t, inc, playbook.Decision{Kind: playbook.Convert, Sell: "USD", Buy: "GBP", Amount: d("130000"), Rate: pd("1.31")})
	money(t, "bought at 1.31", *typed.Bought, "99236.64")
	if typed.AtMarket {
		t.Error("a typed rate is not at market")
	}
	refused(t, inc, playbook.Decision{Kind: playbook.Convert, Sell: "USD", Buy: "GBP", Amount: d("1000"), Rate: pd("1.50")}, playbook.Invalid,
		"more than 10% from the market's 1.3")
}

func TestConversionRefusals(t *testing.T) {
	arb, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	refused(t, arb, playbook.Decision{Kind: playbook.Convert, Sell: "USD", Buy: "GBP", Amount: d("1")}, playbook.Invalid, "the book is in USD only")
	inc, _ := open(t, demo(t, "two-ccps-fx"), &playbook.MemStore{})
	refused(t, inc, playbook.Decision{Kind: playbook.Convert, Sell: "EUR", Buy: "GBP", Amount: d("1")}, playbook.Conflict, "no conversion EUR→GBP")
	refused(t, inc, playbook.Decision{Kind: playbook.Convert, Sell: "USD", Buy: "JPY", Amount: d("1")}, playbook.Invalid, `currency "JPY"`)
	refused(t, inc, playbook.Decision{Kind: playbook.Convert, Sell: "USD", Buy: "GBP", Amount: d("1")}, playbook.Conflict, "draw first")
	refused(t, inc, playbook.Decision{Kind: playbook.Convert, Sell: "USD", Buy: "GBP", Amount: d("1"), Via: "nope"}, playbook.NotFound, "it has usd-gbp, usd-gbp-cls")
}

// Money is spent once, per currency: a random walk of draws, deals,
// payments, keyed calls and reversals on the two-ccps-fx demo (its
// same-day deal's cut-off moved to 10:00 so that deals can arrive in
// time). At every step, for each currency, what secures calls, what
// payments spent and what deals sold never exceed what was raised in
// it; and the log replays to the same figures.
func TestMoneySpentOncePerCurrency(t *testing.T) {
	b := *demo(t, "two-ccps-fx")
	b.Conversions = slices.Clone(b.Conversions)
	b.Conversions[0].Cutoff = engine.Cutoff{Hour: 10}
	kinds := map[playbook.Kind]int{}
	ccys := []string{"USD", "GBP", "EUR"}
	for seed := uint64(1); seed <= 30; seed++ {
		r := rand.New(rand.NewPCG(seed, 16))
		store := &playbook.MemStore{}
		inc, clk := open(t, &b, store)
		for i := 0; i < 40; i++ {
			clk.t = clk.t.Add(time.Duration(r.IntN(15)) * time.Minute)
			amt := decimal.NewFromInt(int64(1+r.IntN(20)) * 100000)
			var dc playbook.Decision
			switch r.IntN(6) {
			case 0:
				dc = playbook.Decision{Kind: playbook.Draw, Source: []string{"usd-cash", "eur-rcf"}[r.IntN(2)], Amount: amt}
			case 1, 2:
				dc = playbook.Decision{Kind: playbook.Convert, Sell: "USD", Buy: "GBP", Amount: amt}
				if r.IntN(2) == 0 {
					dc.Amount, dc.Bought = decimal.Zero, amt
				}
			case 3:
				cp := []string{"CME", "LCH"}[r.IntN(2)]
				dc = playbook.Decision{Kind: playbook.Pay, Counterparty: cp, Amount: amt.Div(decimal.NewFromInt(4))}
				if cp == "LCH" {
					dc.Currency = ccys[1+r.IntN(2)]
				}
			case 4:
				dc = playbook.Decision{Kind: playbook.KeyCall, Counterparty: "LCH", Amount: amt, VM: &amt, Currency: ccys[r.IntN(3)]}
			default:
				dc = playbook.Decision{Kind: playbook.Reverse, Target: uint64(1 + r.IntN(int(inc.Snapshot().State.Seq)+1))}
			}
			dc.Operator = "alice"
			if e, err := inc.Decide(dc); err == nil {
				kinds[e.Kind]++
			}
			f := inc.Snapshot().Figures
			// Each call's secured and short parts are rounded to the cent
			// in the base on their own (a cent apart at most per call).
			slack := decimal.NewFromInt(int64(len(f.Calls))).Mul(d("0.01"))
			if f.Shortfall.Sign() < 0 || f.Secured.Add(f.Shortfall).Sub(f.Due).Abs().GreaterThan(slack) {
				t.Fatalf("seed %d step %d (%s %+v): due %s ≠ secured %s + shortfall %s", seed, i, dc.Kind, dc, f.Due, f.Secured, f.Shortfall)
			}
			for _, c := range f.Currencies {
				if c.Used.Add(c.Paid).Add(c.Sold).GreaterThan(c.Supplied) {
					t.Fatalf("seed %d step %d: %s used %s + paid %s + sold %s > supplied %s", seed, i, c.Currency, c.Used, c.Paid, c.Sold, c.Supplied)
				}
			}
			for _, x := range f.Funds {
				if x.Left.Sign() < 0 || x.Left.GreaterThan(x.Amount) {
					t.Fatalf("seed %d: fund #%d left %s of %s", seed, x.Seq, x.Left, x.Amount)
				}
			}
		}
		live := inc.Snapshot()
		replayed, _ := open(t, &b, store)
		at := live.State.LastAt
		if want, got := fxSummary(live.State, at), fxSummary(replayed.Snapshot().State, at); want != got {
			t.Fatalf("seed %d: replay differs\nlive:\n%s\nreplayed:\n%s", seed, want, got)
		}
	}
	for _, k := range []playbook.Kind{playbook.Draw, playbook.Convert, playbook.Pay, playbook.KeyCall} {
		if kinds[k] == 0 {
			t.Errorf("no accepted %s in the walk (%v)", k, kinds)
		}
	}
	t.Logf("accepted: %v", kinds)
}

func fxSummary(s playbook.State, at time.Time) string {
	f := playbook.Compute(s, at)
	out := summary(s, f)
	for _, c := range f.Currencies {
		out += fmt.Sprintf("%s due=%s short=%s spare=%s supplied=%s paid=%s sold=%s bought=%s used=%s\n", c.Currency, c.Due, c.Shortfall, c.Spare,
			c.Supplied, c.Paid, c.Sold, c.Bought, c.Used)
	}
	return out + fmt.Sprintf("conversions=%d cost=%s\n", len(f.Conversions), f.LiquidityCost)
}
