package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/drill"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/state"
)

func init() { addCmd(newDrillCmd) }

// drillOptions are the drill's command-line choices, passed through to
// the interactive console.
type drillOptions struct {
	Speed       float64
	Facilitator bool
	Operator    string
	DB          string
	UI          uiFlags
}

// runDrillConsole runs the interactive drill; the console (package tui)
// sets it. The session's incident runs on clock, and runner applies the
// script: the console calls runner.Advance(clock.Now()) on every tick.
var runDrillConsole func(e *env, d *drill.Drill, s *session, clock *drill.SimClock, runner *drill.Runner, opt drillOptions) error

// drillFlags are the drill command's flags.
type drillFlags struct {
	auto, db, operator string
	json, facilitator  bool
	speed              float64
	ui                 uiFlags
}

func newDrillCmd(e *env) *cobra.Command {
	var o drillFlags
	cmd := &cobra.Command{
		Use:     "drill DRILL",
		Short:   "a fire drill on a simulated clock (" + strings.Join(drill.Names(), ", ") + ", or a drill file)",
		Long:    `drill plays a scripted crisis on a simulated clock: a built-in drill by name, or a drill file (- reads standard input). In a terminal it opens the console; --auto none or --auto engine plays it without one and prints the debrief.`,
		Example: "  warroom drill helios --facilitator\n  warroom drill arb-capital --auto engine --json",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErr("drill takes one drill: a built-in (%s) or a drill file", strings.Join(drill.Names(), ", "))
			}
			return maxArgs(1)(cmd, args)
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return drill.Names(), cobra.ShellCompDirectiveDefault
		},
		RunE: func(_ *cobra.Command, args []string) error { return runDrill(e, o, args[0]) },
	}
	fs := cmd.Flags()
	fs.StringVar(&o.auto, "auto", "", "play without a terminal: `none` (take no action) or engine (the engine's recommended actions)")
	fs.BoolVar(&o.json, "json", false, "machine output (JSON): the debrief (with --auto)")
	fs.Float64Var(&o.speed, "speed", 60, "the simulated clock runs `N` times real time")
	fs.StringVar(&o.db, "db", "", "record the drill in this decision log `FILE` (default: a new file in the data directory; --auto: in memory)")
	fs.BoolVar(&o.facilitator, "facilitator", false, "the facilitator's screen: it shows the upcoming scripted events, which players' screens (without this flag) never show")
	fs.StringVar(&o.operator, "operator", "", "who takes the decisions (default: the login name)")
	o.ui.register(cmd)
	_ = cmd.RegisterFlagCompletionFunc("auto", cobra.FixedCompletions([]string{"none", "engine"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagFilename("db", "db")
	return cmd
}

// openDrill reads a drill by built-in name, path, or "-" for standard
// input (whose book: reference resolves from the working directory).
func openDrill(e *env, name string) (*drill.Drill, error) {
	if name != "-" {
		return drill.Open(name)
	}
	data, err := readInput(e.stdin, name)
	if err != nil {
		return nil, err
	}
	return drill.Parse(stdinName, data, os.ReadFile)
}

func runDrill(e *env, o drillFlags, name string) error {
	auto, asJSON, speed, db, facilitator, operator := &o.auto, &o.json, &o.speed, &o.db, &o.facilitator, &o.operator
	if *speed <= 0 {
		return usageErr("--speed must be positive")
	}
	if err := o.ui.validate(); err != nil {
		return err
	}
	if *auto != "" && (o.facilitator || o.ui.theme != "auto") {
		return usageErr("--facilitator and --theme are for the console; --auto plays without one")
	}
	if *asJSON && *auto == "" {
		return usageErr("--json is the debrief of --auto none or --auto engine; the console prints no JSON")
	}
	d, err := openDrill(e, name)
	if err != nil {
		return inputErr(err)
	}
	switch drill.Autopilot(*auto) {
	case drill.AutoNone, drill.AutoEngine:
		return runDrillAuto(e, d, drill.Autopilot(*auto), *db, *asJSON)
	case "":
	default:
		return usageErr("--auto %q: want none or engine", *auto)
	}
	if runDrillConsole == nil || !haveTerminal() {
		return usageErr("the interactive drill needs the console and a terminal; without them try --auto none or --auto engine (with --json)")
	}
	path := *db
	if path == "" {
		path = newIncidentPath(e, "drill-"+d.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return logErr(err)
		}
	}
	s, err := drillSession(d, path)
	if err != nil {
		return err
	}
	defer s.Close()
	clock := drill.NewSimClock(d.Starts, *speed, time.Now)
	inc, err := playbook.Open(s.book, s.scenario, logStore{log: s.log}, clock.Now, time.Now)
	if err != nil {
		return logErr(err)
	}
	s.incident = inc
	return runDrillConsole(e, d, s, clock, drill.NewRunner(d, inc, clock), drillOptions{Speed: *speed, Facilitator: *facilitator, Operator: *operator, DB: path, UI: o.ui})
}

// drillSession creates the drill's log: the drill's own book (as_of moved
// to the drill's start) and scenario, with the drill's name and end in the
// meta so that `warroom report` can debrief it.
func drillSession(d *drill.Drill, path string) (*session, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, usageErr("%s exists; a drill starts a fresh log (give another --db)", path)
	}
	stored, err := book.Inline(d.BookName, d.BookYAML)
	if err != nil {
		return nil, inputErr(err)
	}
	l, err := state.Create(path, state.Meta{Format: state.FormatVersion, Created: time.Now().UTC(), Kind: state.KindDrill,
		BookName: d.BookName, Book: stored, Scenario: d.Scenario,
		Extra: map[string]string{"drill": d.Name, "ends": d.Ends.Format(time.RFC3339), "known": d.Known}})
	if err != nil {
		return nil, logErr(err)
	}
	return &session{log: l, book: d.Book, scenario: d.Scenario, created: true}, nil
}

func runDrillAuto(e *env, d *drill.Drill, auto drill.Autopilot, db string, asJSON bool) error {
	var store playbook.Store = &playbook.MemStore{}
	if db != "" {
		s, err := drillSession(d, db)
		if err != nil {
			return err
		}
		defer s.Close()
		store = logStore{log: s.log}
	}
	deb, err := drill.Play(d, store, auto, time.Now)
	if err != nil {
		var pe *playbook.Error
		if errors.As(err, &pe) && pe.Code == playbook.Internal {
			return logErr(err)
		}
		return inputErr(err)
	}
	if asJSON {
		return writeJSON(e.stdout, deb)
	}
	writeDebrief(e.stdout, deb)
	return nil
}

// writeDebrief prints the debrief for people.
func writeDebrief(w io.Writer, d drill.Debrief) {
	f := engine.FormatMoney
	verdict := "SURVIVED"
	if !d.Survived {
		verdict = "DID NOT SURVIVE"
	}
	if d.Insolvent {
		verdict = "INSOLVENT at " + d.InsolventAt.Format("Mon 15:04") + ": " + d.Reason
	}
	fmt.Fprintf(w, "Debrief — drill %s (%s): %s\n", d.Drill, d.Firm, verdict)
	fmt.Fprintf(w, "Score %d  (%s)\n", d.Score, strings.Join(d.ScoreParts, ", "))
	fmt.Fprintf(w, "Deadlines: %d met, %d missed\n", d.Met, d.Missed)
	for _, x := range d.Deadlines {
		mark := "met"
		if !x.Met() {
			mark = "MISSED, short " + f(x.Shortfall)
		}
		fmt.Fprintf(w, "  %-8s %s  call %s  %s\n", x.Counterparty, x.Deadline.Format("Mon 15:04"), f(x.Amount), mark)
	}
	if len(d.Calls) > 0 {
		fmt.Fprintf(w, "Calls: %d paid late, %d dispute(s) raised, %d open\n", d.PaidLate, d.Disputes, d.DisputesOpen)
		for _, c := range d.Calls {
			late := ""
			if c.PaidLate {
				late = ", PAID LATE"
			}
			fmt.Fprintf(w, "  %-8s %s  call %s  paid %s  due %s  %s%s\n", c.Counterparty, c.Deadline.Format("Mon 15:04"),
				f(c.Amount), f(c.Paid), f(c.Due), strings.ReplaceAll(c.Status, "_", " "), late)
		}
	}
	fmt.Fprintf(w, "Liquidity cost %s, liquidation cost %s, fire-sale loss %s\n", f(d.LiquidityCost), f(d.SaleCost), f(d.FireSaleLoss))
	if d.ForcedValue.Sign() > 0 {
		fmt.Fprintf(w, "  forced sales after missed calls: %s sold, loss %s, counted as fire-sale loss (a close-out is a fire sale)\n",
			f(d.ForcedValue), f(d.ForcedLoss))
	}
	for _, u := range d.Undrawn {
		fmt.Fprintf(w, "Undrawn: %s %s, never drawn (a drill draws nothing for the players; --auto engine does)\n", u.Name, f(u.Amount))
	}
	if d.Metrics.Triaged {
		fmt.Fprintf(w, "Time to triage %s\n", d.Metrics.TimeToTriage)
	}
	if d.Metrics.Funded {
		fmt.Fprintf(w, "Time to first funding %s\n", d.Metrics.TimeToFirstFunding)
	}
	for _, s := range playbook.Stages {
		if x, ok := d.Metrics.PerStage[s]; ok {
			fmt.Fprintf(w, "Time in stage %d %s: %s\n", s, s, x)
		}
	}
	if len(d.Decisions) > 0 {
		fmt.Fprintln(w, "Decisions, beside what the engine would have done then:")
		for _, r := range d.Decisions {
			fmt.Fprintf(w, "  #%-3d %s %-10s %s\n       engine: %s\n", r.Seq, r.At.Format("Mon 15:04"), r.Operator, r.Action, r.EngineWould)
		}
	}
}

// drillDebrief is the debrief of a drill's log for `warroom report`; nil
// for an incident that is not a drill.
func drillDebrief(r *reportData) *drill.Debrief {
	if r.Meta.Kind != state.KindDrill || r.Meta.Extra["drill"] == "" {
		return nil
	}
	ends, _ := time.Parse(time.RFC3339, r.Meta.Extra["ends"])
	events := make([]playbook.Event, len(r.Steps))
	for i, s := range r.Steps {
		events[i] = s.Event
	}
	d, err := drill.Compute(r.Meta.Extra["drill"], r.Book, r.Meta.Scenario, events, ends)
	if err != nil {
		return nil
	}
	return &d
}

func writeDrillDebriefMD(w io.Writer, r *reportData) {
	d := drillDebrief(r)
	if d == nil {
		return
	}
	fmt.Fprintf(w, "\n## Drill debrief\n\n```\n")
	writeDebrief(w, *d)
	fmt.Fprintf(w, "```\n")
}

// validateDrill checks a drill file (`warroom validate` on a file with a
// top-level events: key), with the same file:line:col errors as books.
func validateDrill(e *env, src source, asJSON bool) error {
	var d *drill.Drill
	var err error
	if src.demo == "" {
		d, err = drill.ParseFile(src.name, src.data)
	}
	if err != nil {
		if asJSON {
			doc := validationJSON{File: src.name, Kind: "drill"}
			doc.Errors, doc.More = problems(src.name, err)
			if werr := writeJSON(e.stdout, doc); werr != nil {
				return werr
			}
		} else {
			fmt.Fprintln(e.stdout, err)
		}
		return &exitError{exitInput, fmt.Errorf("%s: not valid", src.name)}
	}
	if asJSON {
		return writeJSON(e.stdout, validationJSON{File: src.name, OK: true, Kind: "drill", Errors: []errorJSON{},
			Drill: d.Name, Firm: d.Book.Firm, Events: len(d.Events), Starts: rfc(d.Starts), Ends: rfc(d.Ends)})
	}
	fmt.Fprintf(e.stdout, "ok %s: drill %s on %s, %d events, %s to %s\n", src.name, d.Name, d.Book.Firm, len(d.Events),
		d.Starts.Format("Mon 2006-01-02 15:04"), d.Ends.Format("Mon 2006-01-02 15:04"))
	return nil
}
