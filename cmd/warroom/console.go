package main

import (
	"fmt"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/warroom/warroom/drill"
	"github.com/warroom/warroom/tui"
)

// The interactive drill is the console (package tui) on the drill's
// incident, clock and runner; drill.go calls this hook so that the
// drill command builds without knowing the console.
func init() {
	runDrillConsole = runDrillTUI
}

// haveTerminal reports whether stdin and stdout are a terminal: the
// consoles need one; without it commands fall back to text or refuse.
func haveTerminal() bool {
	return term.IsTerminal(os.Stdout.Fd()) && term.IsTerminal(os.Stdin.Fd())
}

func runDrillTUI(e *env, d *drill.Drill, s *session, clock *drill.SimClock, runner *drill.Runner, opt drillOptions) error {
	f := incidentFlags{operator: opt.Operator}
	fmt.Fprintf(e.stderr, "drill %s (%s) at %g× real time: %s\n", d.Name, d.Title, opt.Speed, opt.DB)
	err := tui.RunDrill(s.incident, tui.Drill{Runner: runner, Clock: clock, Facilitator: opt.Facilitator},
		tui.Options{Operator: f.who(e), DBPath: opt.DB})
	fmt.Fprintf(e.stderr, "drill log: %s — debrief with: warroom report --db %s\n", opt.DB, opt.DB)
	return err
}
