package engine_test

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/synth"
)

// everyBook is every book the repository holds that loads — the demos,
// testdata's good books and desk books, whatever of the catalogue loads —
// and synthetic books of several seeds, by name.
func everyBook(t *testing.T) map[string]*engine.Book {
	t.Helper()
	books := map[string]*engine.Book{}
	for _, name := range book.DemoNames() {
		src, err := book.DemoSource(name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := book.Parse(name+".yaml", src)
		if err != nil {
			t.Fatalf("demo %s: %v", name, err)
		}
		books["demo "+name] = b
	}
	var files []string
	for _, dir := range []string{"../book/testdata/good", "../book/testdata/catalogue", "../cmd/warroom/testdata/desk",
		"../cmd/warroom/testdata", "../tui/testdata", "../drill/testdata", "../playbook/testdata"} {
		f, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		files = append(files, f...)
	}
	for _, f := range files {
		if b, err := book.Load(f); err == nil {
			books[f] = b
		}
	}
	if len(books) < 15 {
		t.Fatalf("only %d books load", len(books))
	}
	for seed := range uint64(4) {
		b, err := book.Parse("synth.yaml", synth.YAML(300, seed))
		if err != nil {
			t.Fatal(err)
		}
		books["synth "+string(rune('0'+seed))] = b
	}
	return books
}

// scenariosOf are the book's own scenarios and random moves of its
// factors, IM multipliers and haircuts, drawn as the Monte Carlo draws
// them (returns of 6 places) and coarser.
func scenariosOf(b *engine.Book, r *rand.Rand) []engine.Scenario {
	out := append([]engine.Scenario(nil), b.Scenarios...)
	factors := map[string]bool{}
	for _, p := range b.Positions {
		factors[p.Factor] = true
	}
	for _, h := range b.Collateral {
		factors[h.Factor] = true
	}
	for i := range 6 {
		sc := engine.Scenario{ID: "random", Shocks: map[string]decimal.Decimal{}, IMMultiplier: map[string]decimal.Decimal{},
			StressedValue: map[string]decimal.Decimal{}, InitialMargin: map[string]decimal.Decimal{}, ImpactMultiplier: decimal.NewFromInt(1)}
		if len(b.Scenarios) > 0 {
			base := b.Scenarios[i%len(b.Scenarios)]
			sc.Withdraw, sc.HaircutWidening, sc.ImpactMultiplier = base.Withdraw, base.HaircutWidening, base.ImpactMultiplier
		}
		for f := range factors {
			if f != "" {
				sc.Shocks[f] = decimal.New(r.Int64N(600_000)-300_000, -6-int32(i%2))
			}
		}
		for _, c := range b.Counterparties {
			if r.IntN(3) > 0 {
				sc.IMMultiplier[c.ID] = decimal.New(1_000_000+r.Int64N(2_000_000), -6)
			}
		}
		out = append(out, sc)
	}
	return out
}

// TestStressBookIsTheReference: on every book and scenario StressBook is
// the decimal reference (engine.ReferenceStress: every row by
// stressPosition, every sum a chain of decimal Adds), every field, every
// decimal at its exponent; StressCalls is the same less the rows, keeping
// the sold positions', and every source has the same capacity on it.
func TestStressBookIsTheReference(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	books := everyBook(t)
	t.Logf("%d books", len(books))
	for name, b := range books {
		for _, sc := range scenariosOf(b, r) {
			ref := engine.ReferenceStress(b, sc)
			if d := engine.Diff(engine.StressBook(b, sc), ref); d != "" {
				t.Fatalf("%s, scenario %s: StressBook and the reference differ at %s", name, sc.ID, d)
			}
			calls := engine.StressCalls(b, sc)
			want := ref
			want.Positions = nil
			for _, ps := range ref.Positions {
				for _, s := range b.Sources {
					if s.Kind == engine.SourceAssetSale && s.Position == ps.ID {
						want.Positions = append(want.Positions, ps)
						break
					}
				}
			}
			if d := engine.Diff(calls, want); d != "" {
				t.Fatalf("%s, scenario %s: StressCalls and the reference differ at %s", name, sc.ID, d)
			}
			for _, s := range b.Sources {
				c1, l1 := engine.SourceCapacity(b, calls, s)
				c2, l2 := engine.SourceCapacity(b, ref, s)
				if !c1.Equal(c2) || !l1.Equal(l2) {
					t.Fatalf("%s, scenario %s, source %s: capacity %s/%s on StressCalls, %s/%s on the reference", name, sc.ID, s.ID, c1, l1, c2, l2)
				}
			}
		}
	}
}
