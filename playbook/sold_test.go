package playbook_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// TestPositionSoldOnce, worked by hand on Arb-Capital. TECH is 15,000,000
// at the stressed mark; its tier sell-tech raises 10,000,000 (the desk's
// estimate, binding). The day's cap is 20% of ADV 600,000 = 120,000.
//
//  1. Mon 08:00 draw sell-tech 4,000,000: it sells 4/10 of what the tier
//     covers, 15,000,000 × 4,000,000 / 10,000,000 = 6,000,000.00.
//  2. Mon: sell TECH 100,000 is past the day's cap: the draw sold
//     6,000,000 of TECH today.
//  3. Tue 10:00 sell TECH 100,000: accepted. The tier now covers the rest
//     after the sale, 14,900,000: capacity 10,000,000 × 14,900,000 /
//     15,000,000 = 9,933,333.33, of which 4,000,000 is drawn: 5,933,333.33
//     left. The draw's part stays 14,900,000 × 4,000,000 / 9,933,333.33 =
//     6,000,000.00. The sale is priced on what the draw left: its re-mark
//     is of 15,000,000 − 6,000,000 − 100,000 = 8,900,000 at the permanent
//     rate 0.5 × 0.065 × √(100,000 / 600,000) = 1.3268%: 118,085.82 (it was
//     197,694.23, of 14,900,000, as if the draw had sold nothing); its cost
//     100,000 × (0.008 + 0.065 × 0.408248) = 3,453.61, proceeds 96,546.39.
//  4. sell TECH 9,000,000: only 8,900,000 is left.
//  5. draw sell-tech 6,000,000: only 5,933,333.33 is left.
//  6. draw sell-tech in full: 5,933,333.33, selling the last 8,900,000.00.
//  7. Wed: sell TECH 1: all 15,000,000 is sold.
//  8. reverse the draw of step 6: its 8,900,000 is free again; Wed's sale
//     of 120,000 (the day's cap) is accepted.
func TestPositionSoldOnce(t *testing.T) {
	b := demo(t, "arb-capital")
	store := &playbook.MemStore{}
	inc, clk := open(t, b, store)
	sell := func(v string) error {
		_, err := inc.Decide(playbook.Decision{Kind: playbook.Liquidate, Operator: "alice", Position: "TECH", Amount: d(v)})
		return err
	}
	draw := func(v string) (playbook.Event, error) {
		return inc.Decide(playbook.Decision{Kind: playbook.Draw, Operator: "alice", Source: "sell-tech", Amount: d(v)})
	}
	refused := func(what string, err error, want string) {
		t.Helper()
		if err == nil || playbook.ErrorCode(err) != playbook.Conflict || !strings.Contains(err.Error(), want) {
			t.Fatalf("%s: %v; want a refusal with %q", what, err, want)
		}
	}
	tier := func() playbook.SourceFigure {
		for _, s := range inc.Snapshot().Figures.Sources {
			if s.ID == "sell-tech" {
				return s
			}
		}
		t.Fatal("no sell-tech")
		return playbook.SourceFigure{}
	}
	sold := func() playbook.PositionSold { return inc.Snapshot().Figures.SoldOf("TECH") }

	if _, err := draw("4000000"); err != nil {
		t.Fatal(err)
	}
	money(t, "1: the draw sold", sold().Sold, "6000000")
	money(t, "1: tier left", tier().Left, "6000000")

	refused("2: Monday's sale", sell("100000"),
		"the day's cap is 120,000.00 (the book's share of ADV 600,000.00), 6,000,000.00 sold today (by decision #1 (draw sell-tech)), 0.00 left")

	clk.t = time.Date(2026, 3, 17, 10, 0, 0, 0, b.AsOf.Location())
	if err := sell("100000"); err != nil {
		t.Fatalf("3: Tuesday's sale: %v", err)
	}
	money(t, "3: tier capacity on the rest", tier().Capacity, "9933333.33")
	money(t, "3: tier left", tier().Left, "5933333.33")
	ps := sold()
	money(t, "3: sold", ps.Sold, "6100000")
	if len(ps.By) != 2 || ps.By[0].Seq != 1 || ps.By[1].Seq != 2 {
		t.Fatalf("3: by %+v", ps.By)
	}
	money(t, "3: the draw's part", ps.By[0].Value, "6000000")
	f := inc.Snapshot().Figures
	if len(f.Sales) != 1 {
		t.Fatalf("3: sales %+v", f.Sales)
	}
	money(t, "3: the sale's cost", f.Sales[0].Cost, "3453.61")
	money(t, "3: the sale's proceeds", f.Sales[0].Proceeds, "96546.39")
	money(t, "3: the re-mark of what neither sold", f.Sales[0].Remark, "118085.82")

	refused("4: more than is left", sell("9000000"),
		"cannot sell 9,000,000.00 of TECH: TECH: 6,100,000.00 of 15,000,000.00 already sold by decisions #1 (draw sell-tech, 6,000,000.00) and #2 (sell TECH, 100,000.00); 8,900,000.00 is left at the stressed mark")
	_, err := draw("6000000")
	refused("5: the tier past the rest", err, "cannot draw 6,000,000.00 from sell-tech: only 5,933,333.33 is left (TECH: 6,100,000.00 of 15,000,000.00 already sold by")

	e, err := draw("0")
	if err != nil {
		t.Fatalf("6: %v", err)
	}
	money(t, "6: drawn in full", e.Amt(), "5933333.33")
	money(t, "6: all sold", sold().Sold, "15000000")
	money(t, "6: the draw's part", sold().By[2].Value, "8900000")
	money(t, "6: nothing left", sold().Left(), "0")

	clk.t = clk.t.Add(24 * time.Hour)
	refused("7: Wednesday's sale", sell("1"),
		"TECH: 15,000,000.00 of 15,000,000.00 already sold by decisions #1 (draw sell-tech, 6,000,000.00), #2 (sell TECH, 100,000.00) and #3 (draw sell-tech, 8,900,000.00); 0.00 is left")
	_, err = draw("0")
	refused("7: the tier", err, "nothing is left to draw from sell-tech: TECH: 15,000,000.00 of 15,000,000.00 already sold by")

	decide(t, inc, playbook.Decision{Kind: playbook.Reverse, Target: e.Seq})
	money(t, "8: freed", sold().Left(), "8900000")
	if err := sell("120000"); err != nil {
		t.Fatalf("8: after the reversal: %v", err)
	}
	money(t, "8: sold", sold().Sold, "6220000")
	// The tier covers the rest after both sales, 14,780,000: 10,000,000 ×
	// 14,780,000 / 15,000,000 = 9,853,333.33, 4,000,000 drawn.
	money(t, "8: tier left", tier().Left, "5853333.33")

	// The replay rebuilds it.
	replayed, _ := open(t, b, store)
	at := inc.Snapshot().State.LastAt
	live, again := playbook.Compute(inc.Snapshot().State, at), playbook.Compute(replayed.Snapshot().State, at)
	if a, c := soldSummary(live), soldSummary(again); a != c {
		t.Fatalf("replay differs:\n%s\n%s", a, c)
	}
}

// soldSummary renders what each position has sold, for comparison.
func soldSummary(f playbook.Figures) string {
	var b strings.Builder
	for _, p := range f.Sold {
		b.WriteString(p.Position + " " + p.Held.StringFixed(2) + " " + p.Sold.StringFixed(2) + ":")
		for _, x := range p.By {
			b.WriteString(" " + x.Label(p.Position) + "=" + x.Value.StringFixed(2))
		}
		b.WriteString("\n")
	}
	for _, s := range f.Sources {
		b.WriteString("src " + s.ID + " cap=" + s.Capacity.StringFixed(2) + " left=" + s.Left.StringFixed(2) + "\n")
	}
	for _, s := range f.Sales {
		b.WriteString("sale " + s.Position + " " + s.Proceeds.StringFixed(2) + " " + s.Remark.StringFixed(2) + "\n")
	}
	return b.String()
}

// TestSoldOnceProperty: over random sequences of draws of asset-sale
// tiers (two on the tech stock, one capped by the desk's estimate and one
// the model's alone, and the close of the futures), sales at the
// reduction stage, reversals, approvals and rejections of held requests,
// across days, no position is ever sold beyond what it holds, no tier
// gives more than it can, and the replay rebuilds the live figures.
func TestSoldOnceProperty(t *testing.T) {
	base := demo(t, "arb-capital")
	b := *base
	t2 := base.Sources[len(base.Sources)-1].Access
	b.Sources = append(slices.Clone(base.Sources),
		engine.Source{ID: "block-tech", Name: "Block sale of tech stock", Kind: engine.SourceAssetSale, Position: "TECH", Access: t2},
		engine.Source{ID: "close-es", Name: "Close the equity futures", Kind: engine.SourceAssetSale, Position: "ES", Access: t2})
	b.FourEyes = engine.Controls{Enabled: true, FireSales: true, Above: d("3000000")}
	sources := []string{"sell-tech", "block-tech", "close-es"}
	positions := []string{"TECH", "TECH", "ES"}
	accepted := map[playbook.Kind]int{}
	for seed := uint64(1); seed <= 60; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		store := &playbook.MemStore{}
		inc, clk := open(t, &b, store)
		ops := []string{"alice", "bob"}
		for i := 0; i < 40; i++ {
			if r.IntN(4) == 0 {
				clk.t = clk.t.Add(time.Duration(1+r.IntN(30)) * time.Hour)
			}
			seq := inc.Snapshot().State.Seq
			dc := playbook.Decision{Operator: ops[r.IntN(2)]}
			amount := decimal.NewFromInt(int64(1 + r.IntN(6_000_000)))
			switch k := r.IntN(10); {
			case k < 3:
				dc.Kind, dc.Source = playbook.Draw, sources[r.IntN(len(sources))]
				if r.IntN(3) > 0 {
					dc.Amount = amount
				}
			case k < 6:
				dc.Kind, dc.Position, dc.Amount = playbook.Liquidate, positions[r.IntN(len(positions))], amount.Div(decimal.NewFromInt(int64(1+r.IntN(40)))).Round(2)
			case k < 8 && seq > 0:
				dc.Kind, dc.Target = playbook.Reverse, 1+r.Uint64N(seq)
			case seq > 0:
				dc.Kind, dc.Target = playbook.Approve, 1+r.Uint64N(seq)
				if r.IntN(3) == 0 {
					dc.Kind = playbook.Reject
				}
			default:
				dc.Kind, dc.Text = playbook.Note, "n"
			}
			if e, err := inc.Decide(dc); err == nil {
				accepted[e.Kind]++
			}
			f := inc.Snapshot().Figures
			for _, p := range f.Sold {
				var sum decimal.Decimal
				for _, x := range p.By {
					if x.Value.Sign() < 0 {
						t.Fatalf("seed %d step %d: %s: #%d sold %s", seed, i, p.Position, x.Seq, x.Value)
					}
					sum = sum.Add(x.Value)
				}
				if !sum.Equal(p.Sold) || p.Sold.Cmp(p.Held) > 0 || p.Executed().Cmp(p.Held) > 0 {
					t.Fatalf("seed %d step %d: %s sold %s (by %s, executed %s) of %s", seed, i, p.Position, p.Sold, sum, p.Executed(), p.Held)
				}
			}
			for _, s := range f.Sources {
				if s.Used.Cmp(s.Capacity.Add(d("0.01"))) > 0 {
					t.Fatalf("seed %d step %d: %s used %s of %s", seed, i, s.ID, s.Used, s.Capacity)
				}
			}
		}
		live := inc.Snapshot()
		replayed, _ := open(t, &b, store)
		got := replayed.Snapshot()
		at := live.State.LastAt
		fl, fr := playbook.Compute(live.State, at), playbook.Compute(got.State, at)
		if a, c := summary(live.State, fl)+soldSummary(fl), summary(got.State, fr)+soldSummary(fr); a != c {
			t.Fatalf("seed %d: replay differs\nlive:\n%s\nreplayed:\n%s", seed, a, c)
		}
	}
	for _, k := range []playbook.Kind{playbook.Draw, playbook.Liquidate, playbook.Reverse, playbook.Approve, playbook.Reject} {
		if accepted[k] == 0 {
			t.Errorf("no accepted %s in the random walk", k)
		}
	}
	t.Logf("accepted: %v", accepted)
}
