package risk

import (
	"errors"
	"testing"

	"github.com/warroom/warroom/book"
)

// TestMonteCarloDrawsFX: the two-ccps-fx demo, whose factors include
// fx.GBPUSD, runs on the decimal path (the kernel is single-currency). A
// one-day move of rates −5% with sterling flat: LCH calls VM of GBP 500,000
// (the gilt) and EUR 500,000 (the Bund); in USD 500,000 × 1.25 + 500,000 ×
// 1.10 = 625,000 + 550,000 = 1,175,000.00. The EUR line pays the EUR call;
// no GBP can be bought before 11:00, so GBP 500,000 is short: 625,000.00.
// The same move with sterling +4% (1.30): 650,000 + 550,000 =
// 1,200,000.00, short 650,000.00 — the FX draw raises the call in base.
func TestMonteCarloDrawsFX(t *testing.T) {
	b, err := book.Demo("two-ccps-fx")
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(b.Factors, false)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := b.Scenario("")
	k, err := Compile(b, m, base, 1)
	if !errors.Is(err, ErrNotExact) {
		t.Fatalf("Compile: %v, want the decimal path for a book in several currencies", err)
	}
	for _, c := range []struct{ gbp, call, short string }{
		{"0", "1175000", "625000"},
		{"0.04", "1200000", "650000"},
	} {
		h, err := ParseHistory("h.csv", []byte("date,equity,rates,fx.GBPUSD\n2020-03-16,0,-0.05,"+c.gbp+"\n"), k.Model.Names)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := Historical(h, 1)
		if err != nil {
			t.Fatal(err)
		}
		o := k.DecimalOutcome(sc, 0)
		if !o.TotalCall.Equal(dec(c.call)) || !o.Shortfall.Equal(dec(c.short)) {
			t.Errorf("sterling %s: call %s short %s, want %s and %s", c.gbp, o.TotalCall, o.Shortfall, c.call, c.short)
		}
	}
}
