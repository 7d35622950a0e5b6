package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

func money(s string) string {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return s
	}
	return engine.FormatWhole(d)
}

func writeMCText(w io.Writer, d mcDoc) {
	what := fmt.Sprintf("%d historical scenarios", d.Scenarios)
	if d.Mode == "monte-carlo" {
		dist := "normal"
		if d.Dist == "t" {
			dist = fmt.Sprintf("Student-t, %d dof", d.DoF)
		}
		what = fmt.Sprintf("%d Monte Carlo scenarios (%s, seed %d)", d.Scenarios, dist, *d.Seed)
	}
	fmt.Fprintf(w, "%s — %s, %d-day horizon, regime of scenario %s\n", d.Book, what, d.HorizonDays, d.BaseScenario)
	if d.RepairedCorrelation {
		fmt.Fprintln(w, "The correlation matrix was repaired (negative eigenvalues clipped), as asked.")
	}
	fmt.Fprintf(w, "In-time liquidity (sources other than asset sales): %s\n\n", money(d.InTimeLiquidity))
	t := newTable("Figure", "Mean", "95%", "99%", "99.9%", "Max")
	for _, r := range []struct {
		name string
		d    distJSON
	}{{"Total margin call", d.TotalMarginCall}, {"Cumulative outflow", d.Outflow},
		{"Shortfall after plain plan", d.Shortfall}, {"Buffer needed (no asset sales)", d.BufferNeed}} {
		t.add(r.name, money(r.d.Mean), money(r.d.P95), money(r.d.P99), money(r.d.P999), money(r.d.Max))
	}
	t.write(w)
	fmt.Fprintf(w, "\nP(calls exceed in-time liquidity): %.2f%%\n", 100*d.ProbabilityShortfall)
	fmt.Fprintf(w, "Buffer at the %s percentile: %s (covers that share of scenarios without selling a position)\n",
		d.BufferNeed.Percentile, money(d.Buffer))
	fmt.Fprintln(w, "\nCumulative outflow:")
	writeHistogram(w, d.Histogram, 40)
	fmt.Fprintln(w, "\nWorst scenarios:")
	wt := newTable("Scenario", "Outflow", "Shortfall", "Factor moves").alignLeft(3)
	for _, s := range d.Worst {
		names := make([]string, 0, len(s.Moves))
		for n := range s.Moves {
			names = append(names, n)
		}
		slices.Sort(names)
		var moves []string
		for _, n := range names {
			v, _ := decimal.NewFromString(s.Moves[n])
			moves = append(moves, fmt.Sprintf("%s %s%%", n, v.Shift(2).StringFixed(2)))
		}
		wt.add(fmt.Sprintf("#%d", s.Scenario), money(s.Outflow), money(s.Shortfall), strings.Join(moves, ", "))
	}
	wt.write(w)
	if r := d.Reverse; r != nil {
		writeReverseText(w, r)
	}
	check := "equal to the cent"
	if !d.DecimalCheck.Equal {
		check = fmt.Sprintf("MISMATCH on %v", d.DecimalCheck.Mismatch)
	}
	fmt.Fprintf(w, "\nComputed on the %s; %d scenarios recomputed on the decimal path: %s.\n", d.Path, d.DecimalCheck.Scenarios, check)
}

func writeReverseText(w io.Writer, r *reverseJSON) {
	fmt.Fprintf(w, "\nReverse stress: the smallest one-day move that exhausts in-time liquidity (%s)\n", money(r.InTimeLiquidity))
	t := newTable("Direction", "Move", "Sigmas", "Total call", "Shortfall")
	row := func(name string, b breakJSON, factor string) {
		if !b.Found {
			t.add(name, "none up to 100%", "", "", "")
			return
		}
		move := "see below"
		if factor != "" {
			v, _ := decimal.NewFromString(b.Moves[factor])
			move = v.Shift(2).StringFixed(4) + "%"
		}
		sig := ""
		if b.Sigmas != nil {
			sig = fmt.Sprintf("%.2f", *b.Sigmas)
		}
		t.add(name, move, sig, money(b.TotalCall), money(b.Shortfall))
	}
	for _, f := range r.Factors {
		row(f.Factor+" down", f.Down, f.Factor)
		row(f.Factor+" up", f.Up, f.Factor)
	}
	row(fmt.Sprintf("worst direction (#%d)", r.WorstScenario), r.Worst, "")
	t.write(w)
	if r.Worst.Found {
		fmt.Fprintf(w, "Worst direction: %s × scenario #%d's move:", r.Scale, r.WorstScenario)
		names := make([]string, 0, len(r.Worst.Moves))
		for n := range r.Worst.Moves {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			v, _ := decimal.NewFromString(r.Worst.Moves[n])
			fmt.Fprintf(w, " %s %s%%", n, v.Shift(2).StringFixed(4))
		}
		fmt.Fprintln(w)
	}
}

// writeHistogram draws bars of # scaled to width characters.
func writeHistogram(w io.Writer, bins []binJSON, width int) {
	top := 0
	for _, b := range bins {
		top = max(top, b.Count)
	}
	t := newTable("From", "To", "Scenarios", "").alignLeft(3)
	for _, b := range bins {
		n := 0
		if top > 0 {
			n = (b.Count*width + top - 1) / top
		}
		t.add(money(b.From), money(b.To), fmt.Sprint(b.Count), strings.Repeat("█", n))
	}
	t.write(w)
}
