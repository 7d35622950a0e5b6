package playbook_test

import (
	"bytes"
	"testing"

	"github.com/warroom/warroom/playbook"
)

// A keyed call names its currency. The two-ccps-fx demo (stressed rates
// GBPUSD 1.30, EURUSD 1.10): CME's estimate 3,000,000 USD, LCH's GBP
// estimate 1,000,000 (VM 500,000, IM 1,000,000 × 1.5 − 1,000,000 =
// 500,000) and EUR estimate 900,000 (VM 500,000, IM 800,000 × 0.5 =
// 400,000). Due in USD: 3,000,000 + 1,300,000 + 990,000 = 5,290,000.00.
//
//  1. LCH calls 500,000 USD of VM (a USD swap cleared at LCH): a call of
//     its own (LCH has no USD estimate to replace); the GBP and EUR
//     estimates stay. Due 5,290,000 + 500,000 = 5,790,000.00. The event
//     names USD and is version 5.
//  2. LCH calls 1,000,000 GBP with no parts: it replaces the GBP estimate
//     and takes the GBP stress's split, VM 500,000 and IM
//     min(500,000, 1,000,000 − 500,000) = 500,000 (before, the split was
//     the last of LCH's estimates, EUR's: IM 400,000). Due unchanged:
//     5,790,000.00. The event names no currency and is version 2, byte
//     for byte as a call keyed before.
//  3. LCH revises its EUR call to 800,000: the EUR estimate is replaced
//     (it used to become a GBP call of 800,000 beside the EUR estimate),
//     split VM 500,000, IM min(400,000, 800,000 − 500,000) = 300,000. Due
//     5,790,000 − 990,000 + 880,000 = 5,680,000.00 (plus 1.30: a second
//     GBP call of 1 keyed naming GBP, which is naming none).
//  4. Paying LCH's USD call from the USD cash spends USD one for one.
func TestKeyedCallInItsCurrency(t *testing.T) {
	store := &playbook.MemStore{}
	inc, _ := open(t, demo(t, "two-ccps-fx"), store)
	money(t, "due before", inc.Snapshot().Figures.Due, "5290000")

	usd := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "LCH", Amount: d("500000"), VM: pd("500000"), Currency: "usd"})
	if usd.Currency != "USD" || usd.Version != 5 {
		t.Fatalf("USD call: currency %q version %d", usd.Currency, usd.Version)
	}
	f := inc.Snapshot().Figures
	money(t, "due with LCH USD", f.Due, "5790000")
	c := callOf(t, f, usd.Seq)
	if c.Currency != "USD" || c.Label() != "LCH USD" {
		t.Errorf("LCH USD call: currency %q label %q", c.Currency, c.Label())
	}
	money(t, "LCH USD IM part", c.IMPart, "0")
	if n := countCalls(f, "LCH"); n != 3 {
		t.Errorf("LCH has %d calls, want the USD call and both estimates", n)
	}

	gbp := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "LCH", Amount: d("1000000")})
	if gbp.Currency != "" || gbp.Version != 2 {
		t.Fatalf("GBP call: currency %q version %d", gbp.Currency, gbp.Version)
	}
	data, _ := playbook.Encode(gbp)
	if !bytes.HasPrefix(data, []byte(`{"v":2,`)) || bytes.Contains(data, []byte(`"currency"`)) {
		t.Errorf("a first-currency call encodes as %s", data)
	}
	f = inc.Snapshot().Figures
	money(t, "due with LCH GBP keyed", f.Due, "5790000")
	c = callOf(t, f, gbp.Seq)
	if c.Currency != "GBP" {
		t.Errorf("LCH GBP call in %q", c.Currency)
	}
	money(t, "LCH GBP VM", c.VM, "500000")
	money(t, "LCH GBP IM part", c.IMPart, "500000")
	// Naming GBP is the same as naming none: it is LCH's first currency.
	same := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "LCH", Amount: d("1"), Currency: "GBP"})
	if same.Currency != "" {
		t.Errorf("GBP named: event currency %q, want none", same.Currency)
	}
	decide(t, inc, playbook.Decision{Kind: playbook.Agree, Counterparty: "LCH", Call: same.Seq})

	eur := decide(t, inc, playbook.Decision{Kind: playbook.Revise, Counterparty: "LCH", Amount: d("800000"), Currency: "EUR"})
	if eur.Kind != playbook.KeyCall || eur.Currency != "EUR" {
		t.Fatalf("revising the EUR estimate: %s in %q", eur.Kind, eur.Currency)
	}
	f = inc.Snapshot().Figures
	c = callOf(t, f, eur.Seq)
	if c.Currency != "EUR" {
		t.Errorf("revised EUR call in %q", c.Currency)
	}
	money(t, "EUR IM part", c.IMPart, "300000")
	for _, x := range f.Calls {
		if x.Counterparty == "LCH" && !x.Actual {
			t.Errorf("an LCH estimate is left: %s %s", x.Currency, x.Amount)
		}
	}
	// 5,790,000 + 1.30 (the GBP call of 1) − 990,000 + 880,000.
	money(t, "due after the EUR revision", f.Due, "5680001.30")

	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "usd-cash"})
	p := decide(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "LCH", Currency: "USD", Amount: d("500000")})
	if p.Call != usd.Seq || len(p.Spent) != 1 || !p.Spent[0].Amount.Equal(d("500000")) {
		t.Errorf("paying LCH USD: call %d spent %+v", p.Call, p.Spent)
	}

	// Replay rebuilds the same figures.
	again, _ := open(t, demo(t, "two-ccps-fx"), store)
	live := inc.Snapshot()
	if a, b := summary(live.State, playbook.Compute(live.State, live.State.LastAt)), summary(again.Snapshot().State, playbook.Compute(again.Snapshot().State, live.State.LastAt)); a != b {
		t.Fatalf("replay differs\nlive:\n%s\nreplayed:\n%s", a, b)
	}
}

func countCalls(f playbook.Figures, cp string) int {
	n := 0
	for _, c := range f.Calls {
		if c.Counterparty == cp {
			n++
		}
	}
	return n
}

// A currency the book has no rate for is refused, naming the book's.
func TestKeyedCallCurrencyRefused(t *testing.T) {
	inc, _ := open(t, demo(t, "two-ccps-fx"), &playbook.MemStore{})
	refused(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "LCH", Amount: d("1"), Currency: "JPY"},
		playbook.Invalid, `currency "JPY": the book's currencies are USD, GBP, EUR`)
	arb, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	refused(t, arb, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("1"), Currency: "GBP"},
		playbook.Invalid, "the book is in USD only")
	// Naming the base of a single-currency book is naming none.
	e := decide(t, arb, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("11000000"), Currency: "USD"})
	if e.Currency != "" || e.Version != 2 {
		t.Errorf("USD call in a USD book: currency %q version %d", e.Currency, e.Version)
	}
}

// A version-2 log whose revision of LCH's EUR estimate was recorded as a
// call_keyed carrying "currency":"EUR" replays as it was written: the
// call took over LCH's first (GBP) estimate, and the EUR estimate stayed.
// Due 3,000,000 + 800,000 × 1.30 + 990,000 = 5,030,000.00 (the figure
// that log showed).
func TestVersion2KeyedCurrencyKeepsItsMeaning(t *testing.T) {
	store := &playbook.MemStore{}
	at := `"operator":"a","wall_time":"2026-11-21T09:00:00Z","incident_time":"2026-03-16T08:05:00-04:00","stage":1`
	store.Append([]byte(`{"v":2,"kind":"call_keyed",` + at + `,"counterparty":"LCH","amount":"800000.00","cycle":"eod","currency":"EUR","vm":"500000.00","im":"300000.00"}`))
	inc, _ := open(t, demo(t, "two-ccps-fx"), store)
	f := inc.Snapshot().Figures
	money(t, "v2 due", f.Due, "5030000")
	c := callOf(t, f, 1)
	if c.Currency != "GBP" {
		t.Errorf("v2 keyed call in %q, want LCH's first, GBP", c.Currency)
	}
}
