package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/warroom/warroom/synth"
)

func init() { addCmd(newGenCmd) }

func newGenCmd(e *env) *cobra.Command {
	var n int
	var seed uint64
	var out string
	var csv bool
	cmd := &cobra.Command{
		Use:     "gen",
		Short:   "write a synthetic book (benchmarks, demos): --positions N --seed S",
		Example: "  warroom gen --positions 100000 --seed 7 --out big.yaml\n  warroom gen --positions 50 | warroom stress --book -",
		Args:    noArgs,
		RunE:    func(*cobra.Command, []string) error { return runGen(e, n, seed, out, csv) },
	}
	cmd.Flags().IntVar(&n, "positions", 1000, "number of `N` positions")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random `SEED` (the same seed writes the same book)")
	cmd.Flags().StringVar(&out, "out", "", "write to `FILE` instead of stdout (- is stdout)")
	cmd.Flags().BoolVar(&csv, "csv", false, "with --out: the positions and holdings as CSV files beside it (FILE.positions.csv, FILE.collateral.csv), as a position system exports them")
	return cmd
}

func runGen(e *env, nPos int, seed uint64, outPath string, csv bool) error {
	n, out := &nPos, &outPath
	if *n < 1 || *n > 1_000_000 {
		return usageErr("--positions %d: want 1 to 1000000", *n)
	}
	if csv {
		if *out == "" || *out == "-" {
			return usageErr("--csv writes three files: give the book's path with --out")
		}
		stem := strings.TrimSuffix(filepath.Base(*out), filepath.Ext(*out))
		pos, col := stem+".positions.csv", stem+".collateral.csv"
		yml, pdata, cdata := synth.Twin(*n, seed, pos, col)
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
	data := synth.YAML(*n, seed)
	if *out == "" || *out == "-" {
		_, err := e.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return inputErr(fmt.Errorf("write %s: %w", *out, err))
	}
	return nil
}
