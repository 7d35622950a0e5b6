package tui

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	bench "github.com/warroom/warroom/internal/ratio"
	"github.com/warroom/warroom/playbook"
)

// syntheticBook is a 10,000-position book over ten counterparties, twenty
// collateral holdings and the seed's five kinds of source: big enough that
// anything quadratic in positions shows.
func syntheticBook(n int) *engine.Book {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	asOf := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	b := &engine.Book{Firm: "Synthetic", Currency: "USD", AsOf: asOf, Deadline: asOf.Add(8 * time.Hour),
		Cutoff: engine.Cutoff{Hour: 15}, Liquidation: engine.LiquidationPolicy{Participation: d("0.2"), FireSale: d("0.1"), K: d("1"), Permanent: d("0.5")}}
	for i := 0; i < 10; i++ {
		b.Counterparties = append(b.Counterparties, engine.Counterparty{ID: fmt.Sprintf("CP%d", i), Name: fmt.Sprintf("Clearing house %d", i),
			Kind: engine.CCP, Eligible: []engine.Eligibility{{Class: engine.ClassGovt, Haircut: d("0.02")}}})
	}
	for i := 0; i < n; i++ {
		p := engine.Position{ID: fmt.Sprintf("P%05d", i), Name: fmt.Sprintf("Position %d", i), Kind: engine.Future,
			Counterparty: fmt.Sprintf("CP%d", i%10), MarketValue: decimal.NewFromInt(int64(1_000_000 + i*10)),
			Cost: decimal.NewFromInt(900_000), InitialMargin: decimal.NewFromInt(100_000), Factor: "equity", Beta: d("1"),
			Liquidity: engine.Liquidity{ADV: decimal.NewFromInt(50_000_000), SpreadBps: d("2"), DailyVol: d("0.02")}}
		if i%4 == 0 {
			p.Kind, p.Counterparty, p.InitialMargin = engine.Spot, "", decimal.Zero
			p.Liquidity.Settle = engine.Access{Settle: true, Days: 2}
		}
		b.Positions = append(b.Positions, p)
	}
	var repoColl []string
	for i := 0; i < 20; i++ {
		id := fmt.Sprintf("UST-%d", 2030+i)
		b.Collateral = append(b.Collateral, engine.Holding{ID: id, Name: "Treasury " + id, Class: engine.ClassGovt,
			MarketValue: decimal.NewFromInt(50_000_000), RepoHaircut: d("0.02"), CarryBps: d("15")})
		if i < 5 {
			repoColl = append(repoColl, id)
		}
	}
	b.Sources = []engine.Source{
		{ID: "cash", Name: "On-hand cash", Kind: engine.SourceCash, Amount: decimal.NewFromInt(200_000_000), HasAmount: true},
		{ID: "mmf", Name: "Money market fund", Kind: engine.SourceMMF, Amount: decimal.NewFromInt(300_000_000), HasAmount: true,
			Access: engine.Access{Settle: true}, CostBps: d("5")},
		{ID: "repo", Name: "Repo", Kind: engine.SourceRepo, Collateral: repoColl, Amount: decimal.NewFromInt(200_000_000), HasAmount: true,
			Access: engine.Access{Duration: 3 * time.Hour}, RateBps: d("530")},
		{ID: "rcf", Name: "Credit line", Kind: engine.SourceCreditLine, Amount: decimal.NewFromInt(500_000_000), HasAmount: true,
			Access: engine.Access{Duration: 5 * time.Hour}, RateBps: d("700"), Fee: d("10000")},
	}
	b.Scenarios = []engine.Scenario{{ID: "crash", Name: "Equity -20%", Shocks: map[string]decimal.Decimal{"equity": d("-0.2")},
		IMMultiplier: map[string]decimal.Decimal{"equity": d("1.5")}, ImpactMultiplier: d("1")}}
	return b
}

func bigModel(b *testing.B) (Model, *playbook.Incident) { return modelOf(b, 10_000) }

// modelOf is the console laid out at 120×40 on a synthetic book of n
// positions, derived data in.
func modelOf(b *testing.B, n int) (Model, *playbook.Incident) {
	bk := syntheticBook(n)
	inc, err := playbook.Open(bk, "", &playbook.MemStore{}, func() time.Time { return bk.AsOf }, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	m := New(inc, Options{Operator: "bench"})
	b.Cleanup(m.Close)
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = next.(Model)
	msg := derivedMsg{derive(inc.Snapshot(), nil, derived{})}
	next, _ = m.Update(msg)
	return next.(Model), inc
}

// BenchmarkView renders each stage of a 10,000-position book at 120×40,
// as a ratio to the same stage of a 100-position book (x-100-positions:
// what the book's size costs the frame).
func BenchmarkView(b *testing.B) {
	m, _ := bigModel(b)
	small, _ := modelOf(b, 100)
	for _, st := range playbook.Stages {
		next, _ := m.Update(press(strconv.Itoa(int(st))))
		m := next.(Model)
		next, _ = small.Update(press(strconv.Itoa(int(st))))
		s := next.(Model)
		b.Run(st.String(), func(b *testing.B) {
			bench.Report(b, "x-100-positions", func() { _ = s.View() }, func() { _ = m.View() })
		})
	}
}

// BenchmarkViewRecompute is the console's work when a decision's snapshot
// arrives: every pane's rows rebuilt for a 10,000-position book. (The
// backend's Compute and the derived ranking run in Cmds, off Update.)
func BenchmarkViewRecompute(b *testing.B) {
	m, inc := bigModel(b)
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Draw, Source: "cash", Operator: "bench"}); err != nil {
		b.Fatal(err)
	}
	snap := inc.Snapshot()
	small, sinc := modelOf(b, 100)
	if _, err := sinc.Decide(playbook.Decision{Kind: playbook.Draw, Source: "cash", Operator: "bench"}); err != nil {
		b.Fatal(err)
	}
	ssnap := sinc.Snapshot()
	for _, st := range playbook.Stages {
		next, _ := m.Update(press(strconv.Itoa(int(st))))
		m := next.(Model)
		next, _ = small.Update(press(strconv.Itoa(int(st))))
		s := next.(Model)
		b.Run(st.String(), func(b *testing.B) {
			bench.Report(b, "x-100-positions", func() {
				s.seq = 0
				s.acceptSnapshot(ssnap)
			}, func() {
				m.seq = 0
				m.acceptSnapshot(snap)
			})
		})
	}
}

// BenchmarkViewDerive is the off-Update work after a decision (ranking
// 10,000 positions, the optimiser, the log replay), for reference.
func BenchmarkViewDerive(b *testing.B) {
	_, inc := bigModel(b)
	snap := inc.Snapshot()
	_, sinc := modelOf(b, 100)
	ssnap := sinc.Snapshot()
	bench.Report(b, "x-100-positions", func() { _ = derive(ssnap, nil, derived{}) }, func() { _ = derive(snap, nil, derived{}) })
}
