package playbook_test

import (
	"slices"
	"testing"
	"time"

	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// The two-ccps-fx demo in an incident (figures worked in
// book/fxdemo_test.go). Calls: LCH EUR 900,000 and GBP 1,000,000 at 11:00,
// CME USD 3,000,000 at 16:00: due 990,000 + 1,300,000 + 3,000,000 =
// 5,290,000.00 in USD at the stressed rates (EURUSD 1.10, GBPUSD 1.30).
// Drawing the USD cash and the EUR line secures EUR 900,000 (990,000 USD)
// and CME's 3,000,000: 3,990,000.00. GBP cannot be bought in time (the
// same-day deal's 07:30 cut-off has passed): GBP 1,000,000 short, the live
// shortfall 1,300,000.00, with USD 2,000,000 spare.
//
// Had the same-day cut-off been 09:00, the deal struck at 08:00 arrives at
// 09:00: the cash buys GBP 1,000,000 for 1,300,000.00 USD (LCH's 11:00
// comes before CME's 16:00), CME takes 3,000,000 of the 3,700,000 left,
// and nothing is short: USD 700,000 spare.
func TestIncidentInCurrencies(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		cutoff                 engine.Cutoff
		secured, short, spare  string
		gbpShort, gbpShortBase string
	}{
		{"cut-off passed", engine.Cutoff{Hour: 7, Minute: 30}, "3990000", "1300000", "2000000", "1000000", "1300000"},
		{"cut-off at 09:00", engine.Cutoff{Hour: 9}, "5290000", "0", "700000", "0", "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := *demo(t, "two-ccps-fx")
			b.Conversions = slices.Clone(b.Conversions)
			b.Conversions[0].Cutoff = tc.cutoff
			inc, _ := open(t, &b, &playbook.MemStore{})
			decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "usd-cash"})
			decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "eur-rcf"})
			f := inc.Snapshot().Figures
			money(t, "due", f.Due, "5290000")
			money(t, "secured", f.Secured, tc.secured)
			money(t, "shortfall", f.Shortfall, tc.short)
			if len(f.Currencies) != 3 || f.Currencies[0].Currency != "USD" || f.Currencies[2].Currency != "GBP" {
				t.Fatalf("currencies = %+v", f.Currencies)
			}
			money(t, "USD spare", f.Currencies[0].Spare, tc.spare)
			money(t, "GBP short", f.Currencies[2].Shortfall, tc.gbpShort)
			money(t, "GBP short in USD", f.Currencies[2].ShortfallBase, tc.gbpShortBase)
			for _, c := range f.Calls {
				if c.Counterparty == "LCH" && c.Currency == "" {
					t.Errorf("LCH call without a currency: %+v", c)
				}
			}
		})
	}
}

// TestPostingAcrossCurrencies: the demo's Bund, 500,000 EUR, posted to
// CME, whose IM account is USD only: haircut 2% + 8% FX mismatch = 10%,
// credit 500,000 × 0.90 = 450,000.00 EUR, which CME counts at 1.10:
// 495,000.00 USD against the 1,000,000 IM part of its call. Nothing else
// drawn: the shortfall falls from 5,290,000.00 to 4,795,000.00.
func TestPostingAcrossCurrencies(t *testing.T) {
	inc, _ := open(t, demo(t, "two-ccps-fx"), &playbook.MemStore{})
	e := decide(t, inc, playbook.Decision{Kind: playbook.Post, Holding: "DBR-2034", Counterparty: "CME"})
	money(t, "value posted (EUR)", *e.Value, "500000")
	money(t, "credit (EUR)", *e.Amount, "450000")
	f := inc.Snapshot().Figures
	money(t, "secured (USD)", f.Secured, "495000")
	money(t, "shortfall (USD)", f.Shortfall, "4795000")
	for _, c := range f.Calls {
		if c.Counterparty == "CME" {
			money(t, "CME posted credit (USD)", c.Posted, "495000")
		}
	}
}

// TestPaymentInCurrency: a payment is in the call's currency. With only
// USD cash drawn, paying LCH's GBP call 1,000 is refused — the USD must be
// converted, and the same-day deal struck now (08:00, after its 07:30
// cut-off) delivers Tuesday 07:30. With an instant conversion (an
// in-house FX desk, access 0s), the same payment spends 1,000 × 1.30 =
// 1,300.00 USD of the cash; the call is paid 1,000 GBP.
func TestPaymentInCurrency(t *testing.T) {
	b := *demo(t, "two-ccps-fx")
	inc, _ := open(t, &b, &playbook.MemStore{})
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "usd-cash"})
	refused(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "LCH", Amount: d("1000")}, playbook.Conflict,
		"USD funds pay a GBP call only once converted: usd-gbp struck now delivers Tue 07:30")

	b.Conversions = slices.Clone(b.Conversions)
	b.Conversions[0].Settle = engine.Access{} // 0s: at once
	inc, _ = open(t, &b, &playbook.MemStore{})
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "usd-cash"})
	p := decide(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "LCH", Amount: d("1000")})
	if len(p.Spent) != 1 || p.Spent[0].Source != "usd-cash" || !p.Spent[0].Amount.Equal(d("1300")) {
		t.Fatalf("spent %+v, want 1,300.00 of usd-cash", p.Spent)
	}
	for _, c := range inc.Snapshot().Figures.Calls {
		if c.Counterparty == "LCH" && c.Currency == "GBP" {
			money(t, "LCH GBP paid", c.Paid, "1000")
		}
	}
}

// TestEachCurrencyHasItsLedger: LCH calls GBP 1,000,000 and EUR 900,000.
// The EUR line (1,000,000 EUR) is drawn at 08:00 and arrives at 10:00; at
// 10:00 paying LCH's EUR call 900,000 spends 900,000 EUR of it and pays
// that call in full, while the GBP call keeps its own ledger: nothing paid,
// 1,000,000 due. A dispute of the GBP call leaves the EUR call as it is.
// Replaying the log gives the same state.
func TestEachCurrencyHasItsLedger(t *testing.T) {
	store := &playbook.MemStore{}
	inc, clk := open(t, demo(t, "two-ccps-fx"), store)
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "eur-rcf"})
	clk.t = clk.t.Add(2 * time.Hour)
	p := decide(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "LCH", Currency: "EUR", Amount: d("900000")})
	if p.Currency != "EUR" || len(p.Spent) != 1 || !p.Spent[0].Amount.Equal(d("900000")) {
		t.Fatalf("payment %+v, want EUR 900,000 from the EUR line", p)
	}
	decide(t, inc, playbook.Decision{Kind: playbook.Dispute, Counterparty: "LCH", Currency: "GBP", Amount: d("100000")})
	f := inc.Snapshot().Figures
	for _, c := range f.Calls {
		switch {
		case c.Counterparty == "LCH" && c.Currency == "EUR":
			money(t, "EUR paid", c.Paid, "900000")
			money(t, "EUR due", c.Due, "0")
			money(t, "EUR disputed", c.Disputed, "0")
		case c.Counterparty == "LCH" && c.Currency == "GBP":
			money(t, "GBP paid", c.Paid, "0")
			money(t, "GBP disputed", c.Disputed, "100000")
			money(t, "GBP due", c.Due, "900000")
		}
	}
	again, _ := open(t, demo(t, "two-ccps-fx"), store)
	if g, w := again.Snapshot().Figures.Shortfall, f.Shortfall; !g.Equal(w) {
		t.Errorf("replayed shortfall %s, live %s", g, w)
	}
}
