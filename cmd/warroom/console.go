package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
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

// uiFlags are the consoles' display choices.
type uiFlags struct{ theme string }

func (u *uiFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&u.theme, "theme", "auto", "palette: `light`, dark, or auto (ask the terminal)")
	_ = cmd.RegisterFlagCompletionFunc("theme", cobra.FixedCompletions([]string{"auto", "light", "dark"}, cobra.ShellCompDirectiveNoFileComp))
}

func (u uiFlags) validate() error {
	switch u.theme {
	case "", "auto", "light", "dark":
		return nil
	}
	return usageErr("--theme %q: want light, dark or auto", u.theme)
}

// apply sets the console's options from the flags and the environment:
// the palette, and plain ASCII glyphs when the locale is not UTF-8.
func (u uiFlags) apply(e *env, o *tui.Options) {
	switch u.theme {
	case "light":
		o.Dark = new(false)
	case "dark":
		o.Dark = new(true)
	}
	o.ASCII = !utf8Locale(e.getenv)
}

// utf8Locale reads the locale as the C library does: LC_ALL overrides
// LC_CTYPE, which overrides LANG; unset everywhere is the C locale
// (ASCII). Windows terminals render UTF-8 whatever the variables say.
func utf8Locale(getenv func(string) string) bool {
	if getenv == nil {
		return true
	}
	loc := ""
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(k); v != "" {
			loc = v
			break
		}
	}
	if loc == "" {
		return runtime.GOOS == "windows"
	}
	l := strings.ToLower(loc)
	return strings.Contains(l, "utf-8") || strings.Contains(l, "utf8")
}

func runDrillTUI(e *env, d *drill.Drill, s *session, clock *drill.SimClock, runner *drill.Runner, opt drillOptions) error {
	f := incidentFlags{operator: opt.Operator}
	fmt.Fprintf(e.stderr, "drill %s (%s) at %g× real time: %s\n", d.Name, d.Title, opt.Speed, opt.DB)
	opts := tui.Options{Operator: f.who(e), DBPath: opt.DB}
	opt.UI.apply(e, &opts)
	err := tui.RunDrill(s.incident, tui.Drill{Runner: runner, Clock: clock, Facilitator: opt.Facilitator}, opts)
	fmt.Fprintf(e.stderr, "drill log: %s — debrief with: warroom report --db %s\n", opt.DB, opt.DB)
	return err
}
