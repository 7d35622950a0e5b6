package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// ctors are the cobra commands, each added by its own file's init.
var ctors []func(*env) *cobra.Command

func addCmd(c func(*env) *cobra.Command) { ctors = append(ctors, c) }

// groups sorts the commands in help by when a treasurer reaches for them.
var groups = []struct {
	id, title string
	cmds      []string
}{
	{"crisis", "During the incident:", []string{"open", "decide", "drill"}},
	{"analysis", "Figures from a book:", []string{"stress", "plan", "liquidate", "survive", "validate", "gen"}},
	{"review", "Afterwards:", []string{"report", "review", "fork", "compare", "verify"}},
}

const rootLong = `warroom is the treasury's margin-call liquidity console. With no command it opens the console on the embedded arb-capital demo book.

Every book-reading command takes --book FILE (- reads standard input) or --demo NAME, and --scenario ID; --json switches to machine output on stdout.

Exit status: 0 done, 1 the input is wrong (the message says where), 2 the command line is wrong, 3 the decision log cannot be used.`

// newRootCmd builds the whole command tree for one run: flags bind to
// variables that live as long as the tree, so each run starts clean.
func newRootCmd(e *env) *cobra.Command {
	root := newOpenCmd(e)
	root.Use = "warroom"
	root.Short = "the treasury's margin-call liquidity console"
	root.Long = rootLong
	root.Example = `# the console on the arb-capital demo
warroom
# Table 1, the calls per counterparty, then the plan that funds them, for a script
warroom stress --demo helios
warroom plan --book firm.yaml --json
# record a decision, then the timeline on stdout
warroom decide --db inc.db draw cash
warroom report --db inc.db --out -`
	root.Args = rootArgs
	root.CompletionOptions.HiddenDefaultCmd = false
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	for _, g := range groups {
		root.AddGroup(&cobra.Group{ID: g.id, Title: g.title})
	}
	for _, c := range ctors {
		root.AddCommand(c(e))
	}
	// Commands still in the old style parse their own arguments.
	var legacy []string
	for name := range commands {
		legacy = append(legacy, name)
	}
	sort.Strings(legacy)
	for _, name := range legacy {
		if sub, _, err := root.Find([]string{name}); err == nil && sub != root {
			continue
		}
		c := commands[name]
		root.AddCommand(&cobra.Command{Use: name, Short: c.summary, DisableFlagParsing: true,
			RunE: func(_ *cobra.Command, args []string) error {
				if err := c.run(e, args); !errors.Is(err, errHelp) {
					return err
				}
				return nil
			}})
	}
	for _, sub := range root.Commands() {
		for _, g := range groups {
			if slices.Contains(g.cmds, sub.Name()) {
				sub.GroupID = g.id
			}
		}
	}
	root.SetHelpCommand(helpCmd())
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		e.cmdPath = c.CommandPath()
		return usageErr("%v", err)
	})
	// Args runs first on every command that executes: it names the
	// command for the messages.
	var name func(*cobra.Command)
	name = func(c *cobra.Command) {
		// fang shows a flag's usage as written: the backquotes that name
		// the standard library's placeholder (`FILE`) would show too.
		c.Flags().VisitAll(func(f *pflag.Flag) { f.Usage = strings.ReplaceAll(f.Usage, "`", "") })
		args := c.Args
		c.Args = func(cmd *cobra.Command, a []string) error {
			e.cmdPath = cmd.CommandPath()
			if args == nil {
				return nil
			}
			return args(cmd, a)
		}
		for _, sub := range c.Commands() {
			name(sub)
		}
	}
	name(root)
	return root
}

// run executes a command line and returns the exit status.
func run(e *env, args []string) int {
	e.cmdPath = "warroom"
	root := newRootCmd(e)
	root.SetArgs(goStyleFlags(root, args))
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(version()),
		fang.WithErrorHandler(e.printError))
	if err == nil {
		return exitOK
	}
	var xe *exitError
	if errors.As(err, &xe) {
		return xe.code
	}
	if isUsage(err) {
		return exitUsage
	}
	return exitInput
}

// isUsage recognises cobra's own command-line errors (those that do not
// pass through the flag error function or an Args check).
func isUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "required flag", "accepts ", "requires at least"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// printError writes an error the way fang styles it on a terminal, and
// as one plain "warroom CMD: message" line to a pipe or file.
func (e *env) printError(w io.Writer, styles fang.Styles, err error) {
	var xe *exitError
	usage := isUsage(err) || errors.As(err, &xe) && xe.code == exitUsage
	f, isFile := e.stderr.(*os.File)
	if !isFile || !term.IsTerminal(f.Fd()) {
		fmt.Fprintf(w, "%s: %v\n", e.cmdPath, err)
		if usage {
			fmt.Fprintf(w, "Run '%s --help' for usage.\n", e.cmdPath)
		}
		return
	}
	fmt.Fprintln(w, styles.ErrorHeader.String())
	fmt.Fprintln(w, styles.ErrorText.Render(e.cmdPath+": "+err.Error()))
	fmt.Fprintln(w)
	if usage {
		fmt.Fprintln(w, lipgloss.JoinHorizontal(lipgloss.Left,
			styles.ErrorText.UnsetWidth().Render("Try"),
			styles.Program.Flag.Render(" "+e.cmdPath+" --help "),
			styles.ErrorText.UnsetWidth().UnsetMargins().UnsetTransform().Render("for usage."),
		))
		fmt.Fprintln(w)
	}
}

// helpCmd is "warroom help CMD": cobra's, except that a topic that is no
// command is a command-line error (exit 2, with "did you mean"), not a
// page of help and success.
func helpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "help about any command",
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, sub := range c.Root().Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name()+"\t"+sub.Short)
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 && target == c.Root() {
				topic := strings.Join(args, " ")
				msg := fmt.Sprintf("no help topic %q", topic)
				if len(args) > 0 {
					if s := c.Root().SuggestionsFor(args[0]); len(s) > 0 {
						msg += "; did you mean " + strings.Join(s, " or ") + "?"
					}
				}
				return usageErr("%s", msg)
			}
			return target.Help()
		},
	}
}

// rootArgs refuses what is not a command, suggesting the nearest ones
// and, for a file or demo name, the flag that was probably meant.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	} else if h := flagHint(cmd, args[0]); h != "" {
		msg += "; " + h
	}
	return usageErr("%s", msg)
}
