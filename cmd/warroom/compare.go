package main

import (
	"fmt"
	"github.com/warroom/warroom/inert"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/report"
)

func init() { addCmd(newCompareCmd) }

func newCompareCmd(e *env) *cobra.Command {
	var f incidentFlags
	var with string
	cmd := &cobra.Command{
		Use:     "compare --db FILE --with OTHER",
		Short:   "set an incident beside a fork of it: shortfall over time, final figures, decisions after the fork",
		Example: "  warroom compare --db inc.db --with fork.db --json",
		Args:    maxArgs(1),
		RunE:    func(_ *cobra.Command, args []string) error { return runCompareCmd(e, f, with, args) },
	}
	f.registerDB(cmd.Flags())
	f.registerJSON(cmd.Flags())
	cmd.Flags().StringVar(&with, "with", "", "the other incident `FILE` (usually a fork of --db)")
	completeDB(cmd)
	_ = cmd.MarkFlagFilename("with", "db")
	return cmd
}

func runCompareCmd(e *env, f incidentFlags, withFile string, pos []string) error {
	with := &withFile
	if *with != "" && len(pos) == 1 {
		return usageErr("give the other log once: as an argument or with --with")
	}
	if *with == "" && len(pos) == 1 {
		*with = pos[0]
	}
	if f.db == "" || *with == "" {
		return usageErr("want --db FILE --with OTHER")
	}
	return runCompare(e, f.db, *with, f.json)
}

// runCompare writes the side-by-side of incidents a and b (text, or JSON
// for machines). The review console calls it for its compare view; both
// files are opened read-only, so neither may be open in a console.
func runCompare(e *env, a, b string, json bool) error {
	ra, err := gatherReport(&incidentFlags{db: a})
	if err != nil {
		return err
	}
	rb, err := gatherReport(&incidentFlags{db: b})
	if err != nil {
		return err
	}
	ia, err := ra.incident()
	if err != nil {
		return err
	}
	ib, err := rb.incident()
	if err != nil {
		return err
	}
	c := report.Compare(ia, ib)
	if json {
		return writeJSON(e.stdout, compareJSON(c))
	}
	writeCompareText(e, c)
	return nil
}

func sideJSON(in *report.Incident) map[string]any {
	return map[string]any{"file": in.File, "firm": in.Book.Firm, "scenario": in.Scenario, "decisions": len(in.Steps),
		"fork_of": in.ForkOf, "fork_at": in.ForkAt, "chain_ok": in.Chain.OK}
}

func keyJSON(k report.Key) map[string]string {
	return map[string]string{"due": m(k.Due), "secured": m(k.Secured), "shortfall": m(k.Shortfall),
		"liquidity_cost": m(k.LiquidityCost), "fire_sale_loss": m(k.FireSaleLoss)}
}

func compareJSON(c report.Comparison) map[string]any {
	var times []map[string]any
	for _, t := range c.Times {
		times = append(times, map[string]any{"incident_time": rfc(t.At), "a_seq": t.ASeq, "b_seq": t.BSeq,
			"a_shortfall": m(t.A.Shortfall), "b_shortfall": m(t.B.Shortfall), "difference": m(t.Difference)})
	}
	after := func(steps []playbook.Step) []stepJSON {
		out := []stepJSON{}
		for _, s := range steps {
			out = append(out, stepRow(s))
		}
		return out
	}
	return map[string]any{"a": sideJSON(c.A), "b": sideJSON(c.B), "common_decisions": c.Common,
		"final":               map[string]any{"a": keyJSON(c.Final[0]), "b": keyJSON(c.Final[1]), "difference": keyJSON(c.Final[2])},
		"shortfall_over_time": times,
		"after_fork":          map[string]any{"a": after(c.AfterA), "b": after(c.AfterB)}}
}

func writeCompareText(e *env, c report.Comparison) {
	w, f := e.stdout, engine.FormatMoney
	side := func(name string, in *report.Incident) {
		fork := ""
		if in.ForkOf != "" {
			fork = fmt.Sprintf(", fork of %s at #%d", filepath.Base(in.ForkOf), in.ForkAt)
		}
		chain := "chain ✓"
		if !in.Chain.OK {
			chain = fmt.Sprintf("chain ✗ at record %d", in.Chain.FirstBad)
		}
		fmt.Fprintf(w, "%s  %s  (%s, %s, %d decisions%s, %s)\n", name, in.File, inert.Text(in.Book.Firm), in.Scenario, len(in.Steps), fork, chain)
	}
	side("A", c.A)
	side("B", c.B)
	if c.Common > 0 {
		fmt.Fprintf(w, "Shared history: decisions 1 to %d; they part after #%d.\n\n", c.Common, c.Common)
	} else {
		fmt.Fprintf(w, "No shared decisions: they part at the alert.\n\n")
	}
	kt := newTable("Final", "A", "B", "B − A")
	row := func(label string, get func(report.Key) string) {
		kt.add(label, get(c.Final[0]), get(c.Final[1]), get(c.Final[2]))
	}
	row("Calls due", func(k report.Key) string { return f(k.Due) })
	row("Secured in time", func(k report.Key) string { return f(k.Secured) })
	row("Shortfall", func(k report.Key) string { return f(k.Shortfall) })
	row("Liquidity cost", func(k report.Key) string { return f(k.LiquidityCost) })
	row("Fire-sale loss", func(k report.Key) string { return f(k.FireSaleLoss) })
	kt.write(w)

	fmt.Fprintln(w, "\nShortfall over time")
	tt := newTable("Incident time", "Decision", "A shortfall", "B shortfall", "B − A").alignLeft(1)
	parted := false
	for _, t := range c.Times {
		what := t.Label()
		if !parted && (t.ASeq > uint64(c.Common) || t.BSeq > uint64(c.Common)) {
			tt.rule() // where they part
			parted = true
		}
		tt.add(t.At.Format("Mon 15:04:05"), what, f(t.A.Shortfall), f(t.B.Shortfall), f(t.Difference))
	}
	tt.write(w)

	after := func(name string, steps []playbook.Step) {
		fmt.Fprintf(w, "\nOnly in %s (after #%d):", name, c.Common)
		if len(steps) == 0 {
			fmt.Fprintln(w, " none")
			return
		}
		fmt.Fprintln(w)
		t := newTable("#", "Incident time", "Operator", "Decision", "Shortfall after").alignLeft(1, 2, 3)
		for _, s := range steps {
			t.add(fmt.Sprint(s.Event.Seq), s.Event.At.Format("Mon 15:04:05"), inert.Text(s.Event.Operator), inert.Text(playbook.Describe(s.Event)), f(s.Figures.Shortfall))
		}
		t.write(w)
	}
	after("A", c.AfterA)
	after("B", c.AfterB)
}
