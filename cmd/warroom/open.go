package main

import (
	"fmt"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/warroom/warroom/tui"
)

func init() {
	register(command{name: "open", summary: "the console on a book (no command: the arb-capital demo)", run: runOpen})
}

// runOpen starts the console on an incident: the one in --db (resumed
// exactly where it was), or a new one under the user's data directory.
func runOpen(e *env, args []string) error {
	var f incidentFlags
	fs := f.register(e, "open")
	feedPath := fs.String("feed", "", "follow a JSON-lines feed `FILE`: each line appended becomes a decision in the log")
	if _, err := parse(fs, args); err != nil {
		return err
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
	if *feedPath != "" {
		opts.Feed = &tui.Feed{Path: *feedPath}
	}
	err = tui.Run(s.incident, opts)
	fmt.Fprintf(e.stderr, "incident log: %s — reopen with: warroom open --db %s\n", f.db, f.db)
	return err
}
