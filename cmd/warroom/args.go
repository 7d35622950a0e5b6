package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/drill"
)

// noArgs refuses any positional argument: a forgotten --book would
// otherwise run the command on the demo and print its figures as if they
// were the firm's.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return strayArg(cmd, args[0])
}

// maxArgs accepts up to n positional arguments.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) <= n {
			return nil
		}
		return strayArg(cmd, args[n])
	}
}

func strayArg(cmd *cobra.Command, a string) error {
	msg := fmt.Sprintf("unexpected argument %q", a)
	if h := flagHint(cmd, a); h != "" {
		msg += "; " + h
	}
	return usageErr("%s", msg)
}

// flagHint guesses the flag an argument was meant for: a demo name for
// --demo, a book file for --book, a log for --db.
func flagHint(cmd *cobra.Command, a string) string {
	has := func(f string) bool { return cmd.Flags().Lookup(f) != nil }
	ext := strings.ToLower(filepath.Ext(a))
	_, statErr := os.Stat(a)
	switch {
	case has("demo") && slices.Contains(book.DemoNames(), a):
		return "did you mean --demo " + a + "?"
	case has("db") && ext == ".db":
		return "did you mean --db " + a + "?"
	case has("book") && (ext == ".yaml" || ext == ".yml" || a == "-" || statErr == nil && ext != ".db"):
		return "did you mean --book " + a + "?"
	case cmd.Name() != "drill" && slices.Contains(drill.Names(), a):
		return "did you mean warroom drill " + a + "?"
	}
	return ""
}

// Set at link time by release builds (goreleaser's -X main.version=…);
// otherwise read from the build info that go build and go install record.
var (
	buildVersion, buildCommit, buildDate string
)

// version is what --version prints: the module version, the commit and
// its time, and "modified" when built from a tree with changes.
func version() string {
	v, commit, date, dirty := buildVersion, buildCommit, buildDate, false
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if commit == "" {
					commit = s.Value
				}
			case "vcs.time":
				if date == "" {
					date = s.Value
				}
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var parts []string
	if commit != "" {
		if len(commit) > 12 {
			commit = commit[:12]
		}
		if dirty {
			commit += " modified"
		}
		parts = append(parts, "commit "+commit)
	}
	if date != "" {
		parts = append(parts, date)
	}
	if len(parts) == 0 {
		return v
	}
	return v + " (" + strings.Join(parts, ", ") + ")"
}

// goStyleFlags rewrites Go-style single-dash long flags (-json, -db f),
// which the command line accepted before it moved to cobra, into the
// double-dash form pflag reads, so that scripts written then still run.
// Only names of real flags are rewritten, never a flag's value (the
// word after a flag that takes one) nor anything after "--".
func goStyleFlags(root *cobra.Command, args []string) []string {
	if len(args) > 0 && strings.HasPrefix(args[0], "__") {
		return args // the shells' completion requests: leave them as typed
	}
	takesValue := map[string]bool{}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			takesValue[f.Name] = takesValue[f.Name] || f.NoOptDefVal == ""
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	out := make([]string, len(args))
	copy(out, args)
	valueNext := false
	for i, a := range out {
		if a == "--" {
			break
		}
		if valueNext {
			valueNext = false
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		tv, known := takesValue[name]
		switch {
		case strings.HasPrefix(a, "--"):
		case strings.HasPrefix(a, "-") && len(name) > 1 && known:
			out[i] = "-" + a
		default:
			continue
		}
		valueNext = known && tv && !hasValue
	}
	return out
}
