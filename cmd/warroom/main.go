// Command warroom is the treasury's margin-call liquidity console: the
// interactive war room, fire drills, post-mortem review, and the
// non-interactive stress, plan and report commands for scripts.
//
// main only wires: it parses the command line, loads books, opens the
// decision log and hands them to the packages that do the work.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	_ "time/tzdata" // zones load on a machine without zoneinfo
)

// Exit statuses, per the command-line contract.
const (
	exitOK    = 0
	exitInput = 1 // the input is wrong (the message says where)
	exitUsage = 2 // the command line is wrong
	exitLog   = 3 // the decision log cannot be used
)

// A command is one subcommand. Subcommands register themselves in init so
// that each lives in a file of its own.
type command struct {
	name    string
	summary string
	run     func(env *env, args []string) error
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// env is what a command may touch of the outside world: injected so that
// tests run commands in-process with buffers.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
}

// exitError carries an exit status with its message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, a ...any) error {
	return &exitError{exitUsage, fmt.Errorf(format, a...)}
}
func inputErr(err error) error { return &exitError{exitInput, err} }
func logErr(err error) error   { return &exitError{exitLog, err} }

func main() {
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv}
	os.Exit(run(e, os.Args[1:]))
}

// run executes a command line and returns the exit status.
func run(e *env, args []string) int {
	name := "open"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	switch name {
	case "help", "-h", "--help":
		usage(e.stdout)
		return exitOK
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "warroom: unknown command %q\n\n", name)
		usage(e.stderr)
		return exitUsage
	}
	err := c.run(e, args)
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelp) {
		return exitOK
	}
	fmt.Fprintf(e.stderr, "warroom %s: %v\n", name, err)
	var xe *exitError
	if errors.As(err, &xe) {
		return xe.code
	}
	return exitInput
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "warroom — the treasury's margin-call liquidity console")
	fmt.Fprintln(w, "\nusage: warroom [command] [flags]   (no command: the console on the arb-capital demo)")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --book FILE or --demo NAME, and --scenario ID; run 'warroom COMMAND -h' for its flags.")
	fmt.Fprintln(w, "Exit status: 0 done, 1 the input is wrong, 2 the command line is wrong, 3 the decision log cannot be used.")
}
