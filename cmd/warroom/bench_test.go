package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/internal/ratio"
	"github.com/warroom/warroom/risk"
	"github.com/warroom/warroom/synth"
)

// BenchmarkStressMC10k is the whole command a treasurer runs —
// `warroom stress --book big.yaml --mc 10000 --json` on a 10,000-position
// book: load, draw, kernel, decimal checks, output — as a ratio to the
// kernel alone on the same book and scenarios (x-kernel; the issue's
// target is at most 1.3).
func BenchmarkStressMC10k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.yaml")
	if err := os.WriteFile(path, synth.YAML(10_000, 1), 0o644); err != nil {
		b.Fatal(err)
	}
	benchStressMC(b, path, "16", "0")
}

// BenchmarkStressMC10kCSV is the same command on the same book with its
// positions and holdings in CSV files beside it (synth.Twin), at the
// default --check 16.
func BenchmarkStressMC10kCSV(b *testing.B) {
	dir := b.TempDir()
	yml, pos, col := synth.Twin(10_000, 1, "positions.csv", "collateral.csv")
	for name, data := range map[string][]byte{"big.yaml": yml, "positions.csv": pos, "collateral.csv": col} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	benchStressMC(b, filepath.Join(dir, "big.yaml"), "16")
}

// benchStressMC times the command on the book at path against the kernel
// on the same book and scenarios, once for each --check given.
func benchStressMC(b *testing.B, path string, checks ...string) {
	bk, err := book.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	m, err := risk.NewModel(bk.Factors, false)
	if err != nil {
		b.Fatal(err)
	}
	sc, err := risk.MonteCarlo(m, 10_000, 1, risk.Dist{}, 1)
	if err != nil {
		b.Fatal(err)
	}
	k, err := risk.Compile(bk, m, bk.Scenarios[0], 1)
	if err != nil {
		b.Fatal(err)
	}
	e := &env{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
	// The default recomputes the figures' scenarios and 16 more on the
	// decimal path, each a whole decimal stress of the book; --check 0
	// leaves only the figures' own scenarios.
	for _, check := range checks {
		b.Run("check="+check, func(b *testing.B) {
			ratio.Report(b, "x-kernel", func() { k.Run(sc, 0) }, func() {
				if code := run(e, []string{"stress", "--book", path, "--mc", "10000", "--json", "--check", check}); code != 0 {
					b.Fatalf("exit %d", code)
				}
			})
		})
	}
}
