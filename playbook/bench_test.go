package playbook_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/internal/ratio"
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
	one := decimal.NewFromInt(1)
	// The reference is the stress and plain plan from scratch, which the
	// cached stress spares every decision (x-stress-plan).
	ratio.Report(b, "x-stress-plan", func() {
		st := engine.StressBook(bk, bk.Scenarios[0])
		engine.PlainPlan(bk, engine.PlanInput{Stress: st, ActivatedAt: bk.AsOf, HorizonDays: one})
	}, func() {
		if _, err := inc.Decide(playbook.Decision{Kind: playbook.Note, Text: "x", Operator: "a"}); err != nil {
			b.Fatal(err)
		}
		_ = inc.Snapshot().Figures.Shortfall
	})
}

// BenchmarkReplay100k decodes and folds 100,000 events (a mix of draws,
// reversals, postings, statuses and notes): opening an incident with a
// long log. The state read from bbolt is measured in package state.
func BenchmarkReplay100k(b *testing.B) {
	bk, err := book.Demo("arb-capital")
	if err != nil {
		b.Fatal(err)
	}
	store := &playbook.MemStore{}
	at := bk.AsOf
	kinds := []playbook.Event{
		{Kind: playbook.Draw, Source: "cash"}, {Kind: playbook.Reverse}, {Kind: playbook.Note, Text: "n"},
		{Kind: playbook.Status, Counterparty: "CME", Status: playbook.StatusAcknowledged}, {Kind: playbook.Goto, ToStage: playbook.Liquidity},
	}
	amt := decimal.NewFromInt(1000)
	for i := 0; i < 100_000; i++ {
		e := kinds[i%len(kinds)]
		e.Operator, e.At, e.Wall = "a", at, at
		switch e.Kind {
		case playbook.Draw:
			e.Amount, e.ArrivesAt = &amt, &at
		case playbook.Reverse:
			e.Target = uint64(i) // the draw just before
		}
		data, err := playbook.Encode(e)
		if err != nil {
			b.Fatal(err)
		}
		store.Append(data)
	}
	wall := func() time.Time { return at }
	recs, _ := store.Load()
	// The reference is decoding the events alone (x-decode): what folding
	// them into the state adds.
	ratio.Report(b, "x-decode", func() {
		for _, r := range recs {
			if _, err := playbook.Decode(r.Seq, r.Data); err != nil {
				b.Fatal(err)
			}
		}
	}, func() {
		inc, err := playbook.Open(bk, "", store, wall, wall)
		if err != nil {
			b.Fatal(err)
		}
		if n := len(inc.Snapshot().Events); n != 100_000 {
			b.Fatalf("%d events", n)
		}
	})
}
