package book_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/synth"
)

// writeTwin writes synth's CSV twin of a generated book into a new folder
// and returns the book's path.
func writeTwin(t testing.TB, n int, seed uint64) string {
	dir := t.TempDir()
	yml, pos, col := synth.Twin(n, seed, "positions.csv", "collateral.csv")
	for name, data := range map[string][]byte{"book.yaml": yml, "positions.csv": pos, "collateral.csv": col} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "book.yaml")
}

// describeBook renders every figure of the positions and holdings through
// the decimals' own text, so two books compare field by field.
func describeBook(b *engine.Book) string {
	var s strings.Builder
	for _, p := range b.Positions {
		fmt.Fprintf(&s, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%+v\n", p.ID, p.Name, p.Kind, p.Counterparty, p.MarketValue, p.Cost,
			p.InitialMargin, p.Factor, p.Beta, p.Liquidity.ADV, p.Liquidity.SpreadBps, p.Liquidity.DailyVol, p.Liquidity.Settle)
	}
	for _, h := range b.Collateral {
		fmt.Fprintf(&s, "%s|%s|%s|%s|%s|%s|%s|%s\n", h.ID, h.Name, h.Class, h.Issuer, h.MarketValue, h.HQLA, h.RepoHaircut, h.CarryBps)
	}
	return s.String()
}

// TestCSVTwinIsTheSameBook: a book whose positions and holdings come from
// CSV files is, loaded, the book written all in YAML.
func TestCSVTwinIsTheSameBook(t *testing.T) {
	for _, n := range []int{1, 37, 2000} {
		fromYAML, err := book.Parse("synth.yaml", synth.YAML(n, 5))
		if err != nil {
			t.Fatal(err)
		}
		fromCSV, err := book.Load(writeTwin(t, n, 5))
		if err != nil {
			t.Fatal(err)
		}
		if a, b := describeBook(fromYAML), describeBook(fromCSV); a != b {
			t.Fatalf("n=%d: the CSV twin differs:\n%.600s\nvs\n%.600s", n, a, b)
		}
	}
}

// csvBook is a book whose positions come from positions.csv beside it.
const csvBook = `firm: Test Firm
as_of: 2026-03-16T08:00:00-04:00
deadline: 2026-03-16T16:00:00-04:00
counterparties:
  - {id: CME, kind: ccp}
positions:
  - {id: HEDGE, kind: future, counterparty: CME, market_value: -1000000, factor: equity}
positions_file: positions.csv
scenarios:
  - {id: crash, shocks: {equity: "-0.20"}}
`

func parseCSV(t *testing.T, csv string) (*engine.Book, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "positions.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "book.yaml")
	if err := os.WriteFile(path, []byte(csvBook), 0o644); err != nil {
		t.Fatal(err)
	}
	return book.Load(path)
}

// TestCSVForms: what an export may look like and still be read, and the
// figures it gives (worked from the cells).
func TestCSVForms(t *testing.T) {
	plain := "id,kind,counterparty,market_value,factor,liquidity.settle\nES,future,CME,50000000.25,equity,T+1\nTECH,spot,,-20000000,equity,\n"
	for name, text := range map[string]string{
		"plain": plain,
		// Excel's "CSV UTF-8" starts with a byte-order mark and ends lines with CRLF.
		"excel":            "\ufeff" + strings.ReplaceAll(plain, "\n", "\r\n"),
		"quoted":           strings.Replace(plain, "50000000.25", `"50000000.25"`, 1),
		"no final newline": strings.TrimSuffix(plain, "\n"),
	} {
		b, err := parseCSV(t, text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// The YAML list first (HEDGE), then the file's lines in order.
		if len(b.Positions) != 3 || b.Positions[1].ID != "ES" || b.Positions[2].ID != "TECH" {
			t.Fatalf("%s: positions %+v", name, b.Positions)
		}
		es, tech := b.Positions[1], b.Positions[2]
		if es.MarketValue.String() != "50000000.25" || tech.MarketValue.String() != "-20000000" {
			t.Errorf("%s: market values %s, %s", name, es.MarketValue, tech.MarketValue)
		}
		// Empty cells are fields left out: beta 1, a spot settles T+2, an
		// explicit T+1 stays.
		if !es.Beta.Equal(decimal.NewFromInt(1)) || tech.Liquidity.Settle != (engine.Access{Settle: true, Days: 2}) ||
			es.Liquidity.Settle != (engine.Access{Settle: true, Days: 1}) {
			t.Errorf("%s: defaults %s %+v %+v", name, es.Beta, tech.Liquidity.Settle, es.Liquidity.Settle)
		}
	}
}

// TestCSVErrors: each problem located in the CSV file, with its field;
// nothing loaded.
func TestCSVErrors(t *testing.T) {
	for _, c := range []struct{ name, csv, want string }{
		{"adv without its group", "id,kind,market_value,adv\nX,spot,1,2\n",
			`positions.csv:1:22: adv: unknown column "adv"; did you mean "liquidity.adv"?`},
		{"repeated column", "id,kind,market_value,kind\nX,spot,1,spot\n",
			`positions.csv:1:22: kind: column "kind" appears twice (first as column 2)`},
		{"duplicate of a YAML id", "id,kind,market_value\nHEDGE,spot,1\n",
			`positions.csv:2:1: positions[1] (HEDGE).id: duplicate id "HEDGE" (first at line 7 of `},
		{"duplicate within the file", "id,kind,market_value\nA,spot,1\nA,spot,2\n",
			`positions.csv:3:1: positions[2] (A).id: duplicate id "A" (first at line 2)`},
		{"broken quote", "id,kind,market_value\nA,spot,\"1\n",
			`positions.csv:2:`},
		{"column after non-ASCII text", "id,name,kind,market_value\nA,Société Générale,spot,1e3\n",
			`positions.csv:2:25: positions[1] (A).market_value: "1e3" has an exponent`},
		{"spot with initial margin", "id,kind,market_value,initial_margin\nA,spot,1,5\n",
			`positions.csv:2:10: positions[1] (A).initial_margin: a spot position carries no initial margin`},
		{"header only is no positions, but the scenario then shocks nothing", "id,kind,market_value\n", ""},
	} {
		b, err := parseCSV(t, c.csv)
		if c.want == "" {
			continue
		}
		if err == nil || b != nil {
			t.Errorf("%s: loaded", c.name)
			continue
		}
		var errs *book.Errors
		if !errors.As(err, &errs) {
			t.Fatalf("%s: %T", c.name, err)
		}
		first := errs.List[0].Error()
		if !strings.Contains(first, c.want) {
			t.Errorf("%s:\n got %s\nwant …%s", c.name, first, c.want)
		}
	}
}

// TestCSVFileMissing: a file that cannot be read is reported at the field
// that names it.
func TestCSVFileMissing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "book.yaml")
	if err := os.WriteFile(path, []byte(csvBook), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := book.Load(path)
	if err == nil || !strings.Contains(err.Error(), "book.yaml:8:17: positions_file: cannot read ") {
		t.Fatalf("got %v", err)
	}
	if strings.Count(err.Error(), "\n") != 0 {
		t.Errorf("the references to the unread list are noise: %v", err)
	}
}

// TestInlineStoresTheSameBook: a book with its CSV files written into it
// (as an incident stores its book) loads, with no file beside it, to the
// very book the files gave.
func TestInlineStoresTheSameBook(t *testing.T) {
	path := writeTwin(t, 120, 4)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	inl, err := book.Inline(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(inl), "positions_file") || !strings.Contains(string(inl), "positions_csv: |2\n  id,kind,") {
		t.Fatalf("not inlined:\n%.400s", inl)
	}
	fromFiles, err := book.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := book.Parse("elsewhere/book.yaml", inl) // no CSV beside it
	if err != nil {
		t.Fatal(err)
	}
	if a, b := describeBook(fromFiles), describeBook(stored); a != b {
		t.Fatalf("the stored book differs:\n%.300s\nvs\n%.300s", a, b)
	}
	// A book without files is stored as it is.
	plain := synth.YAML(3, 1)
	if same, _ := book.Inline("x.yaml", plain); string(same) != string(plain) {
		t.Error("a book without files was rewritten")
	}
}

// TestInlineCSVErrorsAreBookLines: a CSV written into the book reports its
// problems at the book's own line and column.
func TestInlineCSVErrorsAreBookLines(t *testing.T) {
	// Line 6 is the header; line 8 (TECH) has market_value at column 14
	// (two of indent, "TECH,spot," is 10 characters, and 1-based).
	src := `firm: Test Firm
as_of: 2026-03-16T08:00:00-04:00
deadline: 2026-03-16T16:00:00-04:00
counterparties: [{id: CME, kind: ccp}]
positions_csv: |
  id,kind,counterparty,market_value,factor
  ES,future,CME,50000000,equity
  TECH,spot,,2e7,equity
`
	_, err := book.Parse("inline.yaml", []byte(src))
	if err == nil || !strings.HasPrefix(err.Error(), `inline.yaml:8:14: positions[1] (TECH).market_value: "2e7" has an exponent`) {
		t.Fatalf("got %v", err)
	}
}
