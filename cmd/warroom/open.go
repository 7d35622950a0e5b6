package main

import "fmt"

func init() {
	register(command{name: "open", summary: "the console on a book (no command: the arb-capital demo)", run: runOpen})
}

// runOpen is the console's entry point; until the console lands it shows
// the stress and the plan so that the newcomer's first command works.
func runOpen(e *env, args []string) error {
	if err := runStress(e, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	return runPlan(e, args)
}
