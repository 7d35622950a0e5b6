package playbook_test

import (
	"testing"
	"time"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/synth"
)

// BenchmarkDecide10k is the console's recompute after a decision on a
// 10,000-position book: validate, append (in memory), apply, and compute
// the figures the screen shows. The stress is cached across decisions.
func BenchmarkDecide10k(b *testing.B) {
	bk, err := book.Parse("synth.yaml", synth.YAML(10_000, 1))
	if err != nil {
		b.Fatal(err)
	}
	wall := func() time.Time { return bk.AsOf }
	inc, err := playbook.Open(bk, "", &playbook.MemStore{}, func() time.Time { return bk.AsOf }, wall)
	if err != nil {
		b.Fatal(err)
	}
	inc.Snapshot() // the first stress
	b.ResetTimer()
	for b.Loop() {
		if _, err := inc.Decide(playbook.Decision{Kind: playbook.Note, Text: "x", Operator: "a"}); err != nil {
			b.Fatal(err)
		}
		_ = inc.Snapshot().Figures.Shortfall
	}
}
