package book

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/internal/ratio"
	"github.com/warroom/warroom/synth"
)

// Every benchmark here reports its figure as a ratio to a reference
// measured in the same loop, interleaved, so that the ratio holds on a
// shared machine where absolute times do not.

// BenchmarkLoadYAML10k: load and validate the 10,000-position book, as a
// ratio to the YAML library merely decoding the same bytes into nodes
// (x-yaml-decode), the floor the loader used to stand on.
func BenchmarkLoadYAML10k(b *testing.B) {
	data := synth.YAML(10_000, 1)
	b.SetBytes(int64(len(data)))
	perOp := ratio.Report(b, "x-yaml-decode", func() {
		var n yaml.Node
		if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&n); err != nil {
			b.Fatal(err)
		}
	}, func() {
		if _, err := Parse("synth.yaml", data); err != nil {
			b.Fatal(err)
		}
	})
	ratio.MBps(b, len(data), perOp)
}

// BenchmarkLoadYAMLLibraryPath10k: the light reader against the loader on
// the YAML library alone (what every book went through before; what a
// book beyond the light reader's subset still goes through): the speed-up.
func BenchmarkLoadYAMLLibraryPath10k(b *testing.B) {
	data := synth.YAML(10_000, 1)
	b.SetBytes(int64(len(data)))
	ratio.Report(b, "x-library-path", func() {
		if _, err, _ := parse("synth.yaml", data, false); err != nil {
			b.Fatal(err)
		}
	}, func() {
		if _, err := Parse("synth.yaml", data); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkLoadCSV10k: the same book with its positions and holdings in
// CSV files. SetBytes counts the CSV bytes, so MB/s is the CSV rate; the
// ratio is to encoding/csv merely splitting the same files into cells
// (x-csv-split).
func BenchmarkLoadCSV10k(b *testing.B) {
	dir := b.TempDir()
	yml, pos, col := synth.Twin(10_000, 1, "positions.csv", "collateral.csv")
	for name, data := range map[string][]byte{"book.yaml": yml, "positions.csv": pos, "collateral.csv": col} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	path := filepath.Join(dir, "book.yaml")
	b.SetBytes(int64(len(pos) + len(col)))
	perOp := ratio.Report(b, "x-csv-split", func() {
		for _, f := range []string{"positions.csv", "collateral.csv"} {
			data, _ := os.ReadFile(filepath.Join(dir, f))
			splitCSV(b, data)
		}
	}, func() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	})
	ratio.MBps(b, len(pos)+len(col), perOp)
}

func splitCSV(b *testing.B, data []byte) {
	rd := csv.NewReader(bytes.NewReader(data))
	rd.ReuseRecord = true
	for {
		if _, err := rd.Read(); err != nil {
			if err != io.EOF {
				b.Fatal(err)
			}
			return
		}
	}
}
