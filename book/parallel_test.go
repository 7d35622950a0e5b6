package book

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/warroom/warroom/synth"
)

// parsedBoth reads data with the positions list split between cores
// wherever it has more than split items, and in one piece, and says how
// they differ ("" when they do not: the same book, or the same errors).
func parsedBoth(t *testing.T, name string, data []byte, split int) (diff string, failed bool) {
	t.Helper()
	defer func(was int) { parallelMin = was }(parallelMin)
	parallelMin = split
	b1, err1 := Parse(name, data)
	parallelMin = 1 << 30
	b2, err2 := Parse(name, data)
	switch {
	case (err1 == nil) != (err2 == nil):
		return fmt.Sprintf("split: %v; in one piece: %v", err1, err2), err2 != nil
	case err1 != nil:
		if err1.Error() != err2.Error() {
			return fmt.Sprintf("split:\n%s\nin one piece:\n%s", err1, err2), true
		}
		return "", true
	case !reflect.DeepEqual(b1, b2):
		return "the books differ", false
	}
	return "", false
}

// TestParallelPositions: every book the repository holds — good, bad, the
// catalogue, the demos, the desk's — read with its positions list split
// between cores (from two items on) gives the book, or the errors, the
// serial reader gives, every message, line and column.
func TestParallelPositions(t *testing.T) {
	var files []string
	for _, glob := range []string{"testdata/*/*.yaml", "../cmd/warroom/testdata/*.yaml", "../cmd/warroom/testdata/desk/*.yaml", "demos/*.yaml"} {
		f, _ := filepath.Glob(glob)
		files = append(files, f...)
	}
	if len(files) < 150 {
		t.Fatalf("only %d books", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if d, _ := parsedBoth(t, f, data, 2); d != "" {
			t.Errorf("%s: %s", f, d)
		}
	}
}

// TestParallelPositionsFaults: a book of 6,000 positions, split, with a
// fault on either side of the cut or across it — a bad figure, an unknown
// field, an id repeated from the other part, a counterparty that does not
// exist (a later check, whose message names the position's index), an
// anchor the light reader leaves to the library, comments and a flow item
// between items — reads exactly as the serial reader reads it.
func TestParallelPositionsFaults(t *testing.T) {
	clean := synth.YAML(6000, 3)
	item := func(k int) int { // the offset of position k's "  - id:" line
		i := bytes.Index(clean, []byte(fmt.Sprintf("  - id: P%05d\n", k)))
		if i < 0 {
			t.Fatalf("no position %d", k)
		}
		return i
	}
	insert := func(at int, s string) []byte {
		return append(append(append([]byte(nil), clean[:at]...), s...), clean[at:]...)
	}
	replace := func(old, new string) []byte {
		if !bytes.Contains(clean, []byte(old)) {
			t.Fatalf("no %q", old)
		}
		return bytes.Replace(clean, []byte(old), []byte(new), 1)
	}
	cases := map[string][]byte{
		"clean":               clean,
		"bad figure early":    insert(item(10), "  - {id: BAD1, kind: spot, market_value: 1.2e7}\n"),
		"bad figure late":     insert(item(5900), "  - {id: BAD2, kind: spot, market_value: 1.2e7}\n"),
		"unknown field late":  insert(item(4000), "  - {id: UNK, kind: spot, market_value: 1, colour: red}\n"),
		"repeated across cut": insert(item(5950), "  - {id: P00005, kind: spot, market_value: 1}\n"),
		"dangling late":       insert(item(5990), "  - {id: DNG, kind: future, counterparty: NOPE, market_value: 1}\n"),
		"dangling early":      insert(item(2), "  - {id: DNG, kind: future, counterparty: NOPE, market_value: 1}\n"),
		"anchor late":         insert(item(5000), "  - &a {id: ANC, kind: spot, market_value: 1}\n"),
		"comments at the cut": insert(item(3000), "# a comment between items\n\n  # and one indented\n"),
		"flow item at cut":    insert(item(3001), "  - {id: FLW, kind: spot, market_value: 2}\n"),
		"tab late (library)":  insert(item(5800), "  - {id: TAB, kind: spot,\tmarket_value: 2}\n"),
		"bare dash":           replace("  - id: P03000\n", "  -\n    id: P03000\n"),
	}
	for name, data := range cases {
		d, failed := parsedBoth(t, "synth.yaml", data, 2000)
		if d != "" {
			t.Errorf("%s: %s", name, d)
		}
		if wantFail := !strings.HasPrefix(name, "clean") && !strings.HasPrefix(name, "comments") &&
			!strings.HasPrefix(name, "flow") && !strings.HasPrefix(name, "bare") && !strings.HasPrefix(name, "tab") && !strings.HasPrefix(name, "anchor"); failed != wantFail {
			t.Errorf("%s: failed %v, want %v", name, failed, wantFail)
		}
	}
}

// TestParallelPositionsTheSameBook: the split reader's book is the serial
// reader's, field by field (decimals and all), on books of several sizes.
func TestParallelPositionsTheSameBook(t *testing.T) {
	for _, n := range []int{2000, 4999, 10_000} {
		data := synth.YAML(n, uint64(n))
		defer func(was int) { parallelMin = was }(parallelMin)
		parallelMin = 2
		a, err := Parse("synth.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		parallelMin = 1 << 30
		b, err := Parse("synth.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%d positions: the split reader's book differs", n)
		}
	}
}

// TestNoErrorTwice: no book of the catalogue or testdata/bad reports the
// same problem twice (sizing a list from its length once reported a list
// that is not a list a second time).
func TestNoErrorTwice(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.yaml")
	for _, f := range files {
		_, err := Load(f)
		var errs *Errors
		if !errors.As(err, &errs) {
			continue
		}
		seen := map[Error]bool{}
		for _, e := range errs.List {
			if seen[e] {
				t.Errorf("%s: reported twice: %v", f, e)
			}
			seen[e] = true
		}
	}
}
