package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/warroom/warroom/synth"
)

func init() { addCmd(newGenCmd) }

func newGenCmd(e *env) *cobra.Command {
	var n int
	var seed uint64
	var out string
	cmd := &cobra.Command{
		Use:     "gen",
		Short:   "write a synthetic book (benchmarks, demos): --positions N --seed S",
		Example: "  warroom gen --positions 100000 --seed 7 --out big.yaml\n  warroom gen --positions 50 | warroom stress --book -",
		Args:    noArgs,
		RunE:    func(*cobra.Command, []string) error { return runGen(e, n, seed, out) },
	}
	cmd.Flags().IntVar(&n, "positions", 1000, "number of `N` positions")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random `SEED` (the same seed writes the same book)")
	cmd.Flags().StringVar(&out, "out", "", "write to `FILE` instead of stdout (- is stdout)")
	return cmd
}

func runGen(e *env, nPos int, seed uint64, outPath string) error {
	n, out := &nPos, &outPath
	if *n < 1 || *n > 1_000_000 {
		return usageErr("--positions %d: want 1 to 1000000", *n)
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
