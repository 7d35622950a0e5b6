package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
)

var errHelp = errors.New("help shown")

// newFlags makes a flag set that reports its errors instead of exiting,
// for a command in the old style (root.go wraps it for cobra); its help
// goes to stdout, as cobra's does, so that "warroom X -h | less" works.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("warroom "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage of warroom %s:\n", name)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	return fs
}

// parse reads flags anywhere on the line ("decide draw cash 100 --db f"),
// returning the positional arguments in order. "--" ends the flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, &exitError{exitUsage, err}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagSet is what the standard library's flag sets and pflag's (cobra's)
// have in common, so that the shared flag groups below serve both.
type flagSet interface {
	StringVar(p *string, name, value, usage string)
	BoolVar(p *bool, name string, value bool, usage string)
	IntVar(p *int, name string, value int, usage string)
	Uint64Var(p *uint64, name string, value uint64, usage string)
	Float64Var(p *float64, name string, value float64, usage string)
}

// varFlag declares a flag of a custom type on either kind of flag set.
func varFlag(fs flagSet, v pflag.Value, name, usage string) {
	switch fs := fs.(type) {
	case *pflag.FlagSet:
		fs.Var(v, name, usage)
	case *flag.FlagSet:
		fs.Var(v, name, usage)
	default:
		panic(fmt.Sprintf("varFlag: unknown flag set %T", fs))
	}
}

// bookFlags are the flags every book-reading command shares.
type bookFlags struct {
	book, demo, scenario string
	json                 bool
	// stdin is read for --book - (set by attach; nil refuses "-").
	stdin io.Reader
}

func (b *bookFlags) register(fs flagSet) {
	b.registerBook(fs)
	b.registerJSON(fs)
}

// registerBook declares --book, --demo and --scenario alone: the
// console's commands print no results, so they take no --json.
func (b *bookFlags) registerBook(fs flagSet) {
	fs.StringVar(&b.book, "book", "", "book `FILE` (YAML; - reads standard input)")
	fs.StringVar(&b.demo, "demo", "", "embedded demo book `NAME` ("+strings.Join(book.DemoNames(), ", ")+")")
	fs.StringVar(&b.scenario, "scenario", "", "scenario `ID` (default: the book's first)")
}

func (b *bookFlags) registerJSON(fs flagSet) {
	fs.BoolVar(&b.json, "json", false, "machine output (JSON) on stdout")
}

// load returns the book (the arb-capital demo when none is named), its
// raw YAML and name, and the chosen scenario.
func (b *bookFlags) load() (*engine.Book, engine.Scenario, source, error) {
	src, err := b.source()
	if err != nil {
		return nil, engine.Scenario{}, src, err
	}
	bk, err := book.Parse(src.name, src.data)
	if err != nil {
		return nil, engine.Scenario{}, src, inputErr(err)
	}
	sc, ok := bk.Scenario(b.scenario)
	if !ok {
		return nil, engine.Scenario{}, src, inputErr(fmt.Errorf("%s: no scenario %q (have: %s)", src.name, b.scenario, scenarioIDs(bk)))
	}
	return bk, sc, src, nil
}

// source is a book's raw text and the name errors use for it.
type source struct {
	name string
	data []byte
	demo string
}

func (b *bookFlags) source() (source, error) {
	if b.book != "" && b.demo != "" {
		return source{}, usageErr("--book and --demo: give one")
	}
	if b.book != "" {
		data, err := readInput(b.stdin, b.book)
		if err != nil {
			return source{}, inputErr(err)
		}
		return source{name: inputName(b.book), data: data}, nil
	}
	name := b.demo
	if name == "" {
		name = "arb-capital"
	}
	data, err := book.DemoSource(name)
	if err != nil {
		return source{}, usageErr("--demo %s: no such demo (have: %s)", name, strings.Join(book.DemoNames(), ", "))
	}
	return source{name: name + ".yaml", data: data, demo: name}, nil
}

func scenarioIDs(b *engine.Book) string {
	ids := make([]string, len(b.Scenarios))
	for i, s := range b.Scenarios {
		ids[i] = s.ID
	}
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// horizonFlag is a funding horizon in days: "1", "2.5", "3d", or a Go
// duration ("36h").
type horizonFlag struct{ days decimal.Decimal }

func (h *horizonFlag) String() string {
	if h.days.IsZero() {
		return "1"
	}
	return h.days.String()
}

func (h *horizonFlag) Set(s string) error {
	t := strings.TrimSuffix(strings.TrimSpace(s), "d")
	if v, err := decimal.NewFromString(t); err == nil && !strings.ContainsAny(t, "eE") {
		if v.Sign() <= 0 {
			return fmt.Errorf("horizon must be positive")
		}
		h.days = v
		return nil
	}
	dur, err := time.ParseDuration(s)
	if err != nil || dur <= 0 {
		return fmt.Errorf("want days (1, 2.5, 3d) or a duration (36h)")
	}
	h.days = decimal.NewFromInt(int64(dur)).Div(decimal.NewFromInt(int64(24 * time.Hour)))
	return nil
}

func (h *horizonFlag) Type() string { return "days" }

func (h *horizonFlag) value() decimal.Decimal {
	if h.days.IsZero() {
		return decimal.NewFromInt(1)
	}
	return h.days
}
