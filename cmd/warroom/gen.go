package main

import (
	"fmt"
	"os"

	"github.com/warroom/warroom/synth"
)

func init() {
	register(command{name: "gen", summary: "write a synthetic book (benchmarks, demos): --positions N --seed S", run: runGen})
}

func runGen(e *env, args []string) error {
	fs := newFlags(e, "gen")
	n := fs.Int("positions", 1000, "number of `N` positions")
	seed := fs.Uint64("seed", 1, "random `SEED` (the same seed writes the same book)")
	out := fs.String("out", "", "write to `FILE` instead of stdout")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("unexpected argument %q", rest[0])
	}
	if *n < 1 || *n > 1_000_000 {
		return usageErr("--positions %d: want 1 to 1000000", *n)
	}
	data := synth.YAML(*n, *seed)
	if *out == "" {
		_, err := e.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return inputErr(fmt.Errorf("write %s: %w", *out, err))
	}
	return nil
}
