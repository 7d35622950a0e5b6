// Command warroom is the treasury's margin-call liquidity console: the
// interactive war room, fire drills, post-mortem review, and the
// non-interactive stress, plan and report commands for scripts.
//
// main only wires: it parses the command line (cobra, with charm's fang
// for help, version, completion and man page), loads books, opens the
// decision log and hands them to the packages that do the work.
package main

import (
	"fmt"
	"io"
	"os"
	_ "time/tzdata" // zones load on a machine without zoneinfo
)

// Exit statuses, per the command-line contract.
const (
	exitOK    = 0
	exitInput = 1 // the input is wrong (the message says where)
	exitUsage = 2 // the command line is wrong
	exitLog   = 3 // the decision log cannot be used
)

// A command is a subcommand in the old style: it parses its own flags
// (newFlags/parse). root.go wraps each in a cobra command that hands it
// the raw arguments, so a command written that way keeps working; new
// commands are cobra commands (addCmd), one file each.
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
	// cmdPath is the command being run ("warroom stress"), for messages.
	cmdPath string
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
