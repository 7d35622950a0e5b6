package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
	csv := fs.Bool("csv", false, "with --out: the positions and holdings as CSV files beside it (FILE.positions.csv, FILE.collateral.csv), as a position system exports them")
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
	if *csv {
		if *out == "" {
			return usageErr("--csv writes three files: give the book's path with --out")
		}
		stem := strings.TrimSuffix(filepath.Base(*out), filepath.Ext(*out))
		pos, col := stem+".positions.csv", stem+".collateral.csv"
		yml, pdata, cdata := synth.Twin(*n, *seed, pos, col)
		dir := filepath.Dir(*out)
		for _, f := range []struct {
			path string
			data []byte
		}{{filepath.Join(dir, pos), pdata}, {filepath.Join(dir, col), cdata}, {*out, yml}} {
			if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
				return inputErr(fmt.Errorf("write %s: %w", f.path, err))
			}
		}
		return nil
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
