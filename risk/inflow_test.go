package risk

import (
	"testing"

	"github.com/warroom/warroom/book"
)

// TestMonteCarloCountsInflows works issue 12 item 6 for the Monte Carlo.
// Equity −10% in one day: CC1 calls 1,000,000 of VM, CC2 pays the firm
// 500,000 (T+0: 15:00, in time for CC1's 16:00).
//   - counted: 1,000,000 − 500,000 − 400,000 cash: short 100,000;
//   - count_inflows: false: 1,000,000 − 400,000: short 600,000;
//   - boundary, counted but CC2 settles T+1: late, short 600,000.
//
// The kernel and the decimal path agree on each.
func TestMonteCarloCountsInflows(t *testing.T) {
	cases := []struct{ extra, settle, short string }{
		{"", "T+0", "100000"},
		{"count_inflows: false", "T+0", "600000"},
		{"", "T+1", "600000"},
	}
	for _, c := range cases {
		yaml := "firm: Inflows\nas_of: 2026-03-16T08:00:00-04:00\ndeadline: 2026-03-16T16:00:00-04:00\n" + c.extra + `
counterparties:
  - {id: CC1, kind: ccp}
  - {id: CC2, kind: ccp, settlement: ` + c.settle + `}
positions:
  - {id: L, kind: future, counterparty: CC1, market_value: 10000000, initial_margin: 1000000, factor: equity}
  - {id: S, kind: future, counterparty: CC2, market_value: -5000000, initial_margin: 500000, factor: equity}
sources:
  - {id: cash, kind: cash, amount: 400000, access: 0s}
factors:
  daily_vol: {equity: "0.01"}
`
		b, err := book.Parse("inflows.yaml", []byte(yaml))
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewModel(b.Factors, false)
		if err != nil {
			t.Fatal(err)
		}
		base, _ := b.Scenario("")
		k, err := Compile(b, m, base, 1)
		if err != nil {
			t.Fatal(err)
		}
		h, err := ParseHistory("h.csv", []byte("date,equity\n2020-03-16,-0.10\n"), k.Model.Names)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := Historical(h, 1)
		if err != nil {
			t.Fatal(err)
		}
		got := k.Run(sc, 1).Outcomes[0]
		want := k.DecimalOutcome(sc, 0)
		if !Money(got.Shortfall).Equal(dec(c.short)) || got != want.Cents() {
			t.Errorf("%q settle %s: kernel %+v, decimal %+v, want short %s", c.extra, c.settle, got, want, c.short)
		}
	}
}
