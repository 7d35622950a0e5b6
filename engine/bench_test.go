package engine_test

import (
	"bytes"
	"testing"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/internal/ratio"
	"github.com/warroom/warroom/risk"
	"github.com/warroom/warroom/synth"
)

// BenchmarkStressPlan10k is the foundation's target: stress a generated
// 10,000-position book and run the plain plan over it, in decimal; as a
// ratio to the fixed-point kernel doing the same for 100 scenarios
// (x-kernel-100: what one decimal scenario costs in kernel scenarios/100).
func BenchmarkStressPlan10k(b *testing.B) {
	bk, err := book.Parse("synth.yaml", synth.YAML(10_000, 1))
	if err != nil {
		b.Fatal(err)
	}
	sc := bk.Scenarios[0]
	one := decimal.NewFromInt(1)
	m, err := risk.NewModel(bk.Factors, false)
	if err != nil {
		b.Fatal(err)
	}
	k, err := risk.Compile(bk, m, sc, 1)
	if err != nil {
		b.Fatal(err)
	}
	mc, err := risk.MonteCarlo(m, 100, 1, risk.Dist{}, 1)
	if err != nil {
		b.Fatal(err)
	}
	ratio.Report(b, "x-kernel-100", func() { k.Run(mc, 1) }, func() {
		st := engine.StressBook(bk, sc)
		p := engine.PlainPlan(bk, engine.PlanInput{Stress: st, ActivatedAt: bk.AsOf, HorizonDays: one})
		if p.Required.Sign() <= 0 {
			b.Fatal("no call")
		}
	})
}

// BenchmarkLoad10k is the cost of reading and validating the same book, as
// a ratio to the YAML library decoding the same bytes into nodes.
func BenchmarkLoad10k(b *testing.B) {
	data := synth.YAML(10_000, 1)
	b.SetBytes(int64(len(data)))
	ratio.Report(b, "x-yaml-decode", func() {
		var n yaml.Node
		if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&n); err != nil {
			b.Fatal(err)
		}
	}, func() {
		if _, err := book.Parse("synth.yaml", data); err != nil {
			b.Fatal(err)
		}
	})
}
