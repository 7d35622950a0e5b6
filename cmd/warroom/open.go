package main

import (
	"fmt"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/warroom/warroom/tui"
)

func init() {
	addCmd(func(e *env) *cobra.Command {
		c := newOpenCmd(e)
		c.Use, c.Args = "open", noArgs
		return c
	})
}

// newOpenCmd is the console; the root command (warroom with no command)
// is the same one, on the arb-capital demo unless told otherwise.
func newOpenCmd(e *env) *cobra.Command {
	var f incidentFlags
	var feed string
	var ui uiFlags
	cmd := &cobra.Command{
		Use:     "open",
		Short:   "the console on a book (no command: the arb-capital demo)",
		Long:    `open starts the war-room console on an incident: the one in --db, resumed exactly where it was, or a new one (its log under the data directory) on the book that --book or --demo names.`,
		Example: "  warroom open --demo helios\n  warroom open --db ~/.local/share/warroom/incidents/arb-capital-20260316-080000.db",
		RunE:    func(*cobra.Command, []string) error { return runOpen(e, f, feed, ui) },
	}
	f.stdin = e.stdin
	f.registerBook(cmd.Flags())
	f.registerDB(cmd.Flags())
	f.registerOperator(cmd.Flags())
	completeBook(cmd)
	cmd.Flags().StringVar(&feed, "feed", "", "follow a JSON-lines feed `FILE`: each line appended becomes a decision in the log")
	ui.register(cmd)
	return cmd
}

// runOpen starts the console on an incident: the one in --db (resumed
// exactly where it was), or a new one under the user's data directory.
func runOpen(e *env, f incidentFlags, feedPath string, ui uiFlags) error {
	if err := ui.validate(); err != nil {
		return err
	}
	if f.book == "-" {
		return usageErr("--book -: the console reads its keys from standard input; give the book as a file")
	}
	if f.db == "" {
		b, _, _, err := f.load()
		if err != nil {
			return err
		}
		f.db = newIncidentPath(e, b.Firm)
	}
	if !term.IsTerminal(os.Stdout.Fd()) || !term.IsTerminal(os.Stdin.Fd()) {
		return usageErr("the console needs a terminal; for scripts use 'warroom stress', 'plan', or 'decide --db FILE ...' to record decisions")
	}
	s, err := openSession(&f, false)
	if err != nil {
		return err
	}
	defer s.Close()
	if s.created {
		fmt.Fprintf(e.stderr, "new incident: %s\n", f.db)
	} else {
		fmt.Fprintf(e.stderr, "resuming incident: %s (%d decisions)\n", f.db, len(s.incident.Snapshot().Events))
	}
	opts := tui.Options{Operator: f.who(e), DBPath: f.db}
	ui.apply(e, &opts)
	if feedPath != "" {
		opts.Feed = &tui.Feed{Path: feedPath}
	}
	err = tui.Run(s.incident, opts)
	fmt.Fprintf(e.stderr, "incident log: %s — reopen with: warroom open --db %s\n", f.db, f.db)
	return err
}
