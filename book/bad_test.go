package book

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// want is one expected problem: its line, its field path, and a fragment
// of its message. Line 0 and an empty field mean the file as a whole.
type want struct {
	line  int
	field string
	msg   string
}

// badBooks are the example files of testdata/bad and every problem each
// must report, no more: a loader that buries the real problem in noise
// fails as surely as one that misses it.
var badBooks = []struct {
	file string
	want []want
}{
	{"typo", []want{{21, "positions[1] (TECH).markt_value", `unknown field "markt_value"; did you mean "market_value"?`}}},
	{"dangling-counterparty", []want{{15, "positions[0] (ES).counterparty", `"CMEE" is not an id in counterparties; did you mean "CME"?`}}},
	{"exponent", []want{{21, "positions[1] (TECH).market_value", `"1.2e7" has an exponent; write the amount in full (12000000)`}}},
	// The acceptance check: all three problems of one file, in one run.
	{"typo-dangling-exponent", []want{
		{15, "positions[0] (ES).counterparty", `"LCH" is not an id in counterparties (it has CME)`},
		{21, "positions[1] (TECH).market_value", `"1.2e7" has an exponent; write the amount in full (12000000)`},
		{27, "collateral[0] (UST).markt_value", `unknown field "markt_value"; did you mean "market_value"?`},
	}},
	{"factors", []want{
		{5, "counterparties[0] (CME).im_response.cap", `"0.5" is below base (1)`},
		{10, "factors.daily_vol.rates", `"-0.01" must not be negative`},
		{10, "factors.daily_vol.oill", `no position moves with factor "oill"`},
		{12, "factors.correlations[0].rho", `"1.2" is out of range; want between -1 and 1`},
		{13, "factors.correlations[1]", "the pair rates/equity is written twice (first at line 12)"},
		{14, "factors.correlations[2].b", `"fx" has no daily_vol in factors`},
		{15, "factors.correlations[3].b", "correlation with itself is 1"},
		{16, "factors.correlations[4].rh", `unknown field "rh"; did you mean "rho"?`},
		{17, "im_response.floor", `unknown field "floor"`},
	}},
	{"duplicate-id", []want{{19, "positions[1] (ES).id", `duplicate id "ES" (first at line 13)`}}},
	{"haircut-one", []want{{10, "counterparties[0] (CME).eligible[0].haircut", `"1" is out of range; want at least 0 and below 1`}}},
	{"haircut-negative", []want{{10, "counterparties[0] (CME).eligible[0].haircut", `"-0.1" is out of range`}}},
	{"bad-time", []want{{4, "deadline", `"2026-03-16 16:00" is not an RFC 3339 time`}}},
	{"bad-duration", []want{{32, "sources[1] (repo).access", `duration "3 hours": want a Go duration`}}},
	{"deadline-before-as-of", []want{{4, "deadline", "is before as_of (2026-03-16T08:00:00-04:00)"}}},
	{"empty", []want{{0, "", "the file is empty"}}},
	{"whitespace", []want{{0, "", "the file has only whitespace"}}},
	{"binary", []want{{0, "", "the file is binary"}}},
	{"control-char", []want{{2, "", "control character U+001B"}}},
	{"top-level-list", []want{{2, "", "the top level is a list; a book is a mapping"}}},
	{"syntax-error", []want{{20, "", "YAML syntax error: did not find expected '-' indicator"}}},
	{"two-documents", []want{{5, "", "a second YAML document"}}},
	{"alias", []want{{4, "deadline", "aliases (*t) are not supported"}}},
	{"negative-amount", []want{{31, "sources[0] (cash).amount", `"-2000000" must be greater than 0`}}},
	{"missing-required", []want{
		{2, "firm", "is required"},
		{12, "positions[0] (ES).market_value", "is required"},
	}},
	{"dangling-repo-collateral", []want{{32, "sources[1] (repo).collateral[0]", `"UST-2031" is not an id in collateral (it has UST)`}}},
	{"withdraw-unknown", []want{{38, "scenarios[0] (crash).withdraw[1]", `"rcf" is not an id in sources (it has cash, repo, sell-tech)`}}},
	{"number-forms", []want{
		{6, "positions[0] (HEX).market_value", `"0x1F" is hexadecimal`},
		{7, "positions[1] (UNDERSCORE).market_value", `"1_000_000" has underscores; write the digits alone (1000000)`},
		{8, "positions[2] (POINT).market_value", `".5" starts with a decimal point; write a 0 before it (0.5)`},
		{9, "positions[3] (INF).market_value", `".inf" is not a finite number`},
		{10, "positions[4] (NAN).market_value", `".nan" is not a finite number`},
		{11, "positions[5] (ZERO).market_value", `"010" has a leading zero`},
		{12, "positions[6] (PCT).market_value", `"5%" has a percent sign`},
		{13, "positions[7] (PLACES).market_value", `has 12 decimal places; at most 10`},
		{14, "positions[8] (HUGE).market_value", `is implausibly large`},
		{15, "positions[9] (COMMA).market_value", `"1,000" has a comma`},
		{16, "positions[10] (PLUS).market_value", `"+5" has a plus sign`},
		{17, "positions[11] (WORD).market_value", `"lots" is not a number`},
		{18, "positions[12] (EMPTY).market_value", `has no value`},
		{19, "positions[13] (QUOTED).market_value", `"12e3" has an exponent; write the amount in full (12000)`},
	}},
	{"rules", []want{
		{3, "currency", `"usd" is not a currency code`},
		{6, "settlement_cutoff", `cut-off "25:00": want HH:MM`},
		{10, "counterparties[0] (CME).threshold", "a CCP has no CSA threshold"},
		{11, "counterparties[0] (CME).deadline", "is before as_of"},
		{12, "counterparties[1].id", `"BANK A" contains whitespace`},
		{13, "counterparties[1].kind", `"bank" is not one of ccp, bilateral, prime-broker`},
		{15, "positions[0] (ES).counterparty", "is required for a future"},
		{21, "positions[1] (TECH).initial_margin", "a spot position carries no initial margin"},
		{24, "collateral[0] (UST).repo_haircut", `"1.5" is out of range`},
		{27, "sources[1] (r2).collateral[0]", `holding "UST" is already lent by repo "r1" (line 26)`},
		{28, "sources[2] (cash).amount", "is required for a cash source"},
		{29, "sources[3] (sale).position", "is required for an asset_sale source"},
		{32, "scenarios[0] (crash).shocks.equty", `no position moves with factor "equty", so the shock would change nothing; did you mean "equity"?`},
		{33, "scenarios[0] (crash).initial_margin.TECH", `"TECH" is a spot position`},
		{34, "scenarios[0] (crash).im_multiplier.LCH", `"LCH" is neither a counterparty id nor a factor`},
		{35, "scenarios[0] (crash).impact_multiplier", `"0.5" must be at least 1`},
		{37, "controls.four_eyes", "is required"},
		{39, "liquidation.participation", `"0" is out of range; want above 0 and at most 1`},
	}},
}

func TestBadBooks(t *testing.T) {
	for _, tc := range badBooks {
		t.Run(tc.file, func(t *testing.T) {
			path := "testdata/bad/" + tc.file + ".yaml"
			b, err := Load(path)
			if b != nil {
				t.Error("a bad book must not be returned, even in part")
			}
			var errs *Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Load = %v, want *Errors", err)
			}
			if errs.File != path {
				t.Errorf("File = %q, want %q", errs.File, path)
			}
			if len(errs.List) != len(tc.want) {
				t.Errorf("%d problems, want %d:\n%v", len(errs.List), len(tc.want), err)
			}
			for i, w := range tc.want {
				if i >= len(errs.List) {
					t.Errorf("missing: line %d %s: %s", w.line, w.field, w.msg)
					continue
				}
				g := errs.List[i]
				if g.Line != w.line || g.Field != w.field || !strings.Contains(g.Msg, w.msg) || g.File != path {
					t.Errorf("problem %d:\n got  %d %q %q\n want %d %q …%s…", i, g.Line, g.Field, g.Msg, w.line, w.field, w.msg)
				}
			}
		})
	}
}

// The exact text is what an operator reads and what editors parse.
func TestErrorText(t *testing.T) {
	src := "firm: F\nas_of: 2026-03-16T08:00:00Z\ndeadline: 2026-03-16T16:00:00Z\npositions:\n" +
		"  - {id: ES, kind: spot, market_value: 1}\n" +
		"  - id: TECH\n    kind: spot\n    market_value: 1.2e7\n"
	_, err := Parse("arb.yaml", []byte(src))
	const want = `arb.yaml:8:19: positions[1] (TECH).market_value: "1.2e7" has an exponent; write the amount in full (12000000)`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n got  %v\n want %s", err, want)
	}
	var one Error
	if !errors.As(err, &one) || one.Column != 19 {
		t.Errorf("errors.As(Error) = %+v", one)
	}
}

func TestErrorCap(t *testing.T) {
	_, err := Load("testdata/bad/eighty-problems.yaml")
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Load = %v", err)
	}
	if len(errs.List) != MaxErrors || errs.More != 30 {
		t.Fatalf("%d listed, %d more; want 50 and 30", len(errs.List), errs.More)
	}
	// The first 50 in file order are the ones shown.
	if first, last := errs.List[0], errs.List[49]; first.Line != 6 || last.Line != 55 {
		t.Errorf("lines %d … %d, want 6 … 55", first.Line, last.Line)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 51 || !strings.HasSuffix(lines[50], "and 30 more") {
		t.Errorf("last line %q of %d, want it to end \"and 30 more\"", lines[len(lines)-1], len(lines))
	}
}

func TestInvisibleID(t *testing.T) {
	src := "firm: F\nas_of: 2026-03-16T08:00:00Z\ndeadline: 2026-03-16T16:00:00Z\n" +
		"positions:\n  - {id: \"ES\u200b\", kind: spot, market_value: 1}\n"
	_, err := Parse("z.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "invisible formatting character (U+200B)") {
		t.Errorf("error = %v", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	b, err := Load("testdata/no-such-book.yaml")
	if b != nil || err == nil {
		t.Fatalf("Load = %v, %v", b, err)
	}
	var errs *Errors
	if errors.As(err, &errs) {
		t.Error("an unreadable file is not a book problem")
	}
}

func TestSyntaxErrorLines(t *testing.T) {
	for _, tc := range []struct {
		src  string
		line int
	}{
		{"a: b: c\n", 1},
		{"firm: F\nas_of: x\ndeadline: [1, 2\nsources: []\n", 3},
		{"firm: F\nas_of: x\n\tdeadline: y\n", 3},
		{"firm: F\nas_of: 'x\ndeadline: y\n", 2},
		// A flow mapping over two lines is valid; the error is later.
		{"firm: F\nsources:\n  - {id: a,\n     kind: cash}\n  - id: b\n   kind: cash\n", 6},
		// In a second document: still its own line, not the library's.
		{"firm: F\n---\n---\nx: [\n", 4},
	} {
		_, err := Parse("s.yaml", []byte(tc.src))
		var errs *Errors
		if !errors.As(err, &errs) || len(errs.List) != 1 {
			t.Errorf("%q: %v", tc.src, err)
			continue
		}
		if e := errs.List[0]; e.Line != tc.line || !strings.HasPrefix(e.Msg, "YAML syntax error") {
			t.Errorf("%q: got %v, want line %d", tc.src, e, tc.line)
		}
	}
}

func TestNumberProblem(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"50000000", ""},
		{"-0.015", ""},
		{"0", ""},
		{"1.5e6", "has an exponent; write the amount in full (1500000)"},
		{"1E-3", "has an exponent; write the amount in full (0.001)"},
		{"-.5", "starts with a decimal point; write a 0 before it (-0.5)"},
		{"12.", "ends with a decimal point"},
		{"-inf", "is not a finite number"},
		{"NaN", "is not a finite number"},
		{"0o17", "is octal"},
		{"0b101", "is binary"},
		{" 5", "has spaces around it"},
		{"00.5", "has a leading zero, which some readers take as octal; write 0.5"},
		{"$5", "is not a number"},
		{"", "is empty"},
	} {
		if got := numberProblem(tc.in); !strings.HasPrefix(got, tc.want) || (tc.want == "") != (got == "") {
			t.Errorf("numberProblem(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	allowed := []string{"market_value", "cost", "counterparty", "kind"}
	for in, want := range map[string]string{
		"markt_value":  "market_value",
		"Market_Value": "market_value",
		"cots":         "cost",
		"knd":          "kind",
		"price":        "",
		"x":            "",
	} {
		if got := closest(in, allowed); got != want {
			t.Errorf("closest(%q) = %q, want %q", in, got, want)
		}
	}
	// Short words: only a difference of case is a typo.
	if got := closest("2a", hqlaLevels); got != "2A" {
		t.Errorf("closest(2a) = %q, want 2A", got)
	}
	if got := closest("3", hqlaLevels); got != "" {
		t.Errorf("closest(3) = %q, want nothing", got)
	}
}

// FuzzParse: whatever the bytes, Parse returns a book or an error, never
// both, never neither, and never panics.
func FuzzParse(f *testing.F) {
	for _, name := range DemoNames() {
		src, _ := DemoSource(name)
		f.Add(src)
	}
	for _, tc := range badBooks {
		f.Add([]byte(fmt.Sprintf("# %s\nfirm: x\n", tc.file)))
	}
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("- [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("fuzz.yaml", data)
		if (b == nil) == (err == nil) {
			t.Fatalf("Parse returned book %v and error %v", b != nil, err)
		}
		var errs *Errors
		if err != nil && (!errors.As(err, &errs) || len(errs.List) == 0 || len(errs.List) > MaxErrors) {
			t.Fatalf("error %#v", err)
		}
	})
}
