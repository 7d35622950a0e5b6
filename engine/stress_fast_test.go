package engine

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// randPosition is a position of any kind, its figures at the precision a
// book writes them and now and then far beyond (so the figs decline).
func randPosition(r *rand.Rand, i int) Position {
	kinds := []PositionKind{Future, Swap, Spot, Bond}
	cps := []string{"", "CCP", "BANK", "PB"}
	money := func() decimal.Decimal {
		if r.IntN(40) == 0 {
			return randDec(r, 18, -8, 4) // beyond a book: the figs may decline
		}
		return randDec(r, 11, -4, 0)
	}
	p := Position{ID: fmt.Sprintf("P%d", i), Kind: kinds[r.IntN(len(kinds))], Counterparty: cps[r.IntN(len(cps))],
		MarketValue: money(), Cost: money(), Factor: []string{"", "equity", "rates"}[r.IntN(3)],
		Beta: randDec(r, 4, -4, 0)}
	if r.IntN(8) == 0 {
		p.Beta = decimal.Decimal{}
	}
	if p.Kind.Margined() {
		p.InitialMargin = money().Abs()
	}
	return p
}

// randScenario moves the factors by returns of up to 6 places (as the
// Monte Carlo draws them) or more, with IM multipliers by counterparty or
// factor and, now and then, explicit figures for a position.
func randScenario(r *rand.Rand, n int) Scenario {
	sc := Scenario{Shocks: map[string]decimal.Decimal{}, IMMultiplier: map[string]decimal.Decimal{},
		StressedValue: map[string]decimal.Decimal{}, InitialMargin: map[string]decimal.Decimal{}}
	for _, f := range []string{"equity", "rates"} {
		if r.IntN(5) > 0 {
			sc.Shocks[f] = randDec(r, 6, -8, -2)
		}
		if r.IntN(3) == 0 {
			sc.IMMultiplier[f] = randDec(r, 7, -6, 0).Abs()
		}
	}
	for _, c := range []string{"CCP", "BANK", "PB"} {
		if r.IntN(2) == 0 {
			sc.IMMultiplier[c] = decimal.New(1_000_000+r.Int64N(3_000_000), -6)
		}
	}
	for range r.IntN(3) {
		id := fmt.Sprintf("P%d", r.IntN(n))
		if r.IntN(2) == 0 {
			sc.StressedValue[id] = randDec(r, 10, -4, 0)
		} else {
			sc.InitialMargin[id] = randDec(r, 10, -4, 0).Abs()
		}
	}
	return sc
}

// TestStressFigs: on random positions and scenarios, the figs give the
// row stressPosition gives, every decimal at its exponent, and leave it
// to stressPosition only where they say so.
func TestStressFigs(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	b := &Book{Currency: "USD", Counterparties: []Counterparty{{ID: "CCP", Kind: CCP}, {ID: "BANK", Kind: Bilateral},
		{ID: "PB", Kind: PrimeBroker, HouseMargin: []HouseMargin{{Class: ClassEquity, Long: decimal.RequireFromString("0.15"), Short: decimal.RequireFromString("0.2")}}}}}
	fast := 0
	for i := range 100_000 {
		p := randPosition(r, i%50)
		sc := randScenario(r, 50)
		b.Positions = []Position{p}
		x := Prepare(b)
		var f posFigs
		ok := x.figs(0, sc, x.tables(sc), &f)
		if !ok {
			continue
		}
		fast++
		if d := Diff(f.row(b, p), stressPosition(b, sc, p)); d != "" {
			t.Fatalf("position %+v under %+v: figs and decimal differ at %s", p, sc, d)
		}
	}
	if fast < 50_000 {
		t.Fatalf("only %d of 100,000 positions on the figs", fast)
	}
}

// TestStressBookOnRandomBooks: StressBook and StressCalls against the
// decimal reference on random books of every position kind, a CCP, a
// bilateral CSA and a prime broker financing stock, under random
// scenarios.
func TestStressBookOnRandomBooks(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		n := 1 + r.IntN(40)
		b := &Book{Currency: "USD", Counterparties: []Counterparty{{ID: "CCP", Kind: CCP, MinTransfer: randDec(r, 5, 0, 0).Abs()},
			{ID: "BANK", Kind: Bilateral, Threshold: randDec(r, 7, 0, 0).Abs(), MinTransfer: randDec(r, 5, 0, 0).Abs()},
			{ID: "PB", Kind: PrimeBroker, HouseMargin: []HouseMargin{{Class: ClassEquity, Long: decimal.RequireFromString("0.15"), Short: decimal.RequireFromString("0.2")}}}},
			Sources: []Source{{ID: "sell", Kind: SourceAssetSale, Position: "P0"}}}
		for i := range n {
			b.Positions = append(b.Positions, randPosition(r, i))
		}
		sc := randScenario(r, n)
		ref := ReferenceStress(b, sc)
		if d := Diff(StressBook(b, sc), ref); d != "" {
			t.Fatalf("StressBook and the decimal reference differ at %s", d)
		}
		calls := StressCalls(b, sc)
		want := ref
		want.Positions = nil
		for _, ps := range ref.Positions {
			if ps.ID == "P0" {
				want.Positions = append(want.Positions, ps)
			}
		}
		if d := Diff(calls, want); d != "" {
			t.Fatalf("StressCalls and the decimal reference differ at %s", d)
		}
	}
}
