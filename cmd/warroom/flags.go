package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
)

var errHelp = errors.New("help shown")

// newFlags makes a flag set that reports its errors instead of exiting.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("warroom "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
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

// bookFlags are the flags every book-reading command shares.
type bookFlags struct {
	book, demo, scenario string
	json                 bool
}

func (b *bookFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.book, "book", "", "book `FILE` (YAML)")
	fs.StringVar(&b.demo, "demo", "", "embedded demo book `NAME` ("+strings.Join(book.DemoNames(), ", ")+")")
	fs.StringVar(&b.scenario, "scenario", "", "scenario `ID` (default: the book's first)")
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
		data, err := readFile(b.book)
		if err != nil {
			return source{}, inputErr(err)
		}
		return source{name: b.book, data: data}, nil
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

func (h *horizonFlag) value() decimal.Decimal {
	if h.days.IsZero() {
		return decimal.NewFromInt(1)
	}
	return h.days
}
