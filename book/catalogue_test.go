package book_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warroom/warroom/book"
)

// TestCatalogue runs every bad book under testdata/catalogue and checks the
// first error it produces against testdata/catalogue/EXPECTED: the line and
// column (with the file's name when the problem is in a CSV file the book
// names), the field, and a fragment of the message. Nothing is loaded from
// any of them.
func TestCatalogue(t *testing.T) {
	dir := filepath.Join("testdata", "catalogue")
	want := readExpected(t, filepath.Join(dir, "EXPECTED"))
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("the catalogue has %d entries; the hardening issue asks for at least 40", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("%s has no line in EXPECTED", name)
			}
			delete(want, name)
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// The book's path, so the CSV files it names are found beside it.
			b, err := book.Parse(f, data)
			if err == nil || b != nil {
				t.Fatalf("loaded (book %v, err %v): it must be refused whole", b != nil, err)
			}
			var errs *book.Errors
			if !errors.As(err, &errs) || len(errs.List) == 0 {
				t.Fatalf("error %T %v is not a list of located errors", err, err)
			}
			first := errs.List[0]
			loc := "-"
			switch {
			case first.Line > 0 && first.Column > 0:
				loc = fmt.Sprintf("%d:%d", first.Line, first.Column)
			case first.Line > 0:
				loc = fmt.Sprint(first.Line)
			}
			if base := filepath.Base(first.File); base != name {
				loc = base + ":" + loc // a problem of a CSV file the book names
			}
			field := first.Field
			if field == "" {
				field = "-"
			}
			if loc != w.loc || field != w.field || !strings.Contains(first.Msg, w.fragment) {
				t.Errorf("got  %s | %s | %s\nwant %s | %s | %s…", loc, field, first.Msg, w.loc, w.field, w.fragment)
			}
			if !strings.HasPrefix(first.Error(), first.File) || !strings.HasPrefix(filepath.Base(first.File), strings.TrimSuffix(name, ".yaml")) {
				t.Errorf("the message does not name the file: %s", first.Error())
			}
		})
	}
	for name := range want {
		t.Errorf("EXPECTED names %s, which is not in the catalogue", name)
	}
}

type expectation struct{ loc, field, fragment string }

func readExpected(t *testing.T, path string) map[string]expectation {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]expectation{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, " | ", 4)
		if len(parts) != 4 {
			t.Fatalf("EXPECTED: bad line %q", line)
		}
		out[parts[0]] = expectation{parts[1], parts[2], parts[3]}
	}
	return out
}
