package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/synth"
)

// BenchmarkStressPlan10k is the foundation's target: stress a generated
// 10,000-position book and run the plain plan over it.
func BenchmarkStressPlan10k(b *testing.B) {
	bk, err := book.Parse("synth.yaml", synth.YAML(10_000, 1))
	if err != nil {
		b.Fatal(err)
	}
	sc := bk.Scenarios[0]
	one := decimal.NewFromInt(1)
	b.ResetTimer()
	for b.Loop() {
		st := engine.StressBook(bk, sc)
		p := engine.PlainPlan(bk, engine.PlanInput{Stress: st, ActivatedAt: bk.AsOf, HorizonDays: one})
		if p.Required.Sign() <= 0 {
			b.Fatal("no call")
		}
	}
}

// BenchmarkLoad10k is the cost of reading and validating the same book.
func BenchmarkLoad10k(b *testing.B) {
	data := synth.YAML(10_000, 1)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := book.Parse("synth.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
