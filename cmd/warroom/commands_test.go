package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/drill"
)

// wrIn runs a command line with the given standard input.
func wrIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(stdin), getenv: func(k string) string {
		if k == "USER" {
			return "tester"
		}
		return ""
	}}
	return run(e, args), out.String(), errb.String()
}

// incidentFixture records two decisions and forks after the first, for
// the commands that read a log.
func incidentFixture(t *testing.T) (db, fork string) {
	t.Helper()
	dir := t.TempDir()
	db, fork = filepath.Join(dir, "inc.db"), filepath.Join(dir, "fork.db")
	for _, args := range [][]string{
		{"decide", "--db", db, "draw", "cash"},
		{"decide", "--db", db, "draw", "mmf"},
		{"fork", "--db", db, "--at", "1", "--out", fork},
	} {
		if code, _, errs := wr(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	return db, fork
}

// TestEveryCommand: each command's -h is its help on stdout with exit 0,
// and a stray positional argument is refused with exit 2 and named.
func TestEveryCommand(t *testing.T) {
	db, fork := incidentFixture(t)
	// The stray argument for each command: after what it legitimately takes.
	stray := map[string][]string{
		"decide":   {"--db", db, "ack", "STRAY"},
		"drill":    {"helios", "STRAY"},
		"validate": {"a.yaml", "STRAY"},
		"review":   {db, "STRAY"},
		"verify":   {db, "STRAY"},
		"compare":  {"--db", db, fork, "STRAY"},
	}
	root := newRootCmd(&env{})
	seen := 0
	for _, c := range root.Commands() {
		name := c.Name()
		if c.Hidden || name == "help" || name == "completion" {
			continue
		}
		seen++
		t.Run(name, func(t *testing.T) {
			code, out, errs := wr(t, name, "-h")
			if code != 0 || !strings.Contains(out, name) || errs != "" {
				t.Errorf("-h: exit %d, stdout %d bytes, stderr %q", code, len(out), errs)
			}
			if c.DisableFlagParsing {
				t.Skip("an old-style command: it checks its own arguments")
			}
			args, ok := stray[name]
			if !ok {
				args = []string{"STRAY"}
			}
			code, out, errs = wr(t, append([]string{name}, args...)...)
			if code != exitUsage || !strings.Contains(errs, "STRAY") || out != "" {
				t.Errorf("stray argument: exit %d, stderr %q, stdout %q", code, errs, out)
			}
		})
	}
	if seen < 14 {
		t.Errorf("only %d commands seen", seen)
	}
	if code, out, _ := wr(t, "help", "plan"); code != 0 || !strings.Contains(out, "--optimise") {
		t.Errorf("help plan: exit %d\n%s", code, out)
	}
	if code, _, errs := wr(t, "help", "stres"); code != exitUsage || !strings.Contains(errs, "did you mean stress?") {
		t.Errorf("help stres: exit %d %s", code, errs)
	}
	if code, out, _ := wr(t, "--help"); code != 0 || !strings.Contains(out, "stress") || !strings.Contains(out, "decide") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// TestJSONEverywhere: every command that prints results prints JSON
// that parses with --json, with the key that says it is the right one.
func TestJSONEverywhere(t *testing.T) {
	db, fork := incidentFixture(t)
	for _, tc := range []struct {
		args []string
		key  string
		code int
	}{
		{[]string{"stress", "--demo", "helios"}, "total_margin_call", 0},
		{[]string{"stress", "--mc", "200"}, "buffer", 0},
		{[]string{"plan"}, "draws", 0},
		{[]string{"liquidate", "--need", "1000000"}, "sales", 0},
		{[]string{"survive", "--demo", "helios"}, "smallest_buffer", 0},
		{[]string{"validate", "--demo", "helios"}, "errors", 0},
		{[]string{"decide", "--db", db, "note", "checked"}, "shortfall", 0},
		{[]string{"drill", "helios", "--auto", "none"}, "survived", 0},
		{[]string{"report", "--db", db}, "decisions", 0},
		{[]string{"review", "--db", db, "--with", fork}, "compare", 0},
		{[]string{"compare", "--db", db, "--with", fork}, "a", 0},
		{[]string{"verify", "--db", db}, "ok", 0},
		{[]string{"fork", "--db", db, "--at", "0", "--out", filepath.Join(t.TempDir(), "f0.db")}, "fork_of", 0},
	} {
		code, out, errs := wr(t, append(tc.args, "--json")...)
		if code != tc.code {
			t.Errorf("%v: exit %d: %s", tc.args, code, errs)
			continue
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("%v: not JSON: %v\n%s", tc.args, err, out)
			continue
		}
		if _, ok := v[tc.key]; !ok {
			t.Errorf("%v: no %q in %v", tc.args, tc.key, keys(v))
		}
	}
}

func keys(v map[string]any) []string {
	var out []string
	for k := range v {
		out = append(out, k)
	}
	return out
}

// TestValidateJSONErrors: each problem is an object with file, line,
// column, field and message, and the exit status still says "invalid".
func TestValidateJSONErrors(t *testing.T) {
	bad := "firm: X\nas_of: 2026-03-16T08:00:00-04:00\npositions:\n  - id: ES\n    market_value: 1.2e7\n"
	code, out, _ := wrIn(t, bad, "validate", "-", "--json")
	if code != exitInput {
		t.Fatalf("exit %d", code)
	}
	var doc validationJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.OK || doc.File != "<stdin>" || len(doc.Errors) == 0 {
		t.Fatalf("%+v", doc)
	}
	var located bool
	for _, x := range doc.Errors {
		if x.File != "<stdin>" || x.Message == "" {
			t.Errorf("problem %+v", x)
		}
		if x.Line == 5 && x.Column > 0 && strings.Contains(x.Field, "market_value") {
			located = true
		}
	}
	if !located {
		t.Errorf("no problem located at line 5 market_value: %+v", doc.Errors)
	}
}

// TestStdinStdout: - reads a book, a file to validate and a drill from
// standard input, and --out - writes to standard output.
func TestStdinStdout(t *testing.T) {
	demo, err := book.DemoSource("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := wrIn(t, string(demo), "stress", "--book", "-", "--json")
	if code != 0 || decodeJSON(t, out)["total_margin_call"] != "10500000.00" {
		t.Errorf("stress --book -: exit %d %s", code, errs)
	}
	code, out, _ = wrIn(t, string(demo), "validate", "-")
	if code != 0 || !strings.HasPrefix(out, "ok <stdin>: Arb-Capital") {
		t.Errorf("validate -: exit %d %q", code, out)
	}
	dr, err := drill.Source("helios")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs = wrIn(t, string(dr), "drill", "-", "--auto", "none", "--json")
	if code != 0 || decodeJSON(t, out)["drill"] != "helios" {
		t.Errorf("drill -: exit %d %s %s", code, errs, out)
	}
	db, _ := incidentFixture(t)
	code, out, errs = wr(t, "report", "--db", db, "--out", "-")
	if code != 0 || !strings.Contains(out, "# ") || strings.Contains(errs, "wrote") {
		t.Errorf("report --out -: exit %d %q %q", code, out, errs)
	}
	code, out, _ = wr(t, "gen", "--positions", "3", "--out", "-")
	if code != 0 || !strings.Contains(out, "positions:") {
		t.Errorf("gen --out -: exit %d", code)
	}
	if code, _, errs := wrIn(t, "", "stress", "--book", "-"); code != exitInput || !strings.Contains(errs, "<stdin>") {
		t.Errorf("empty stdin: exit %d %s", code, errs)
	}
}

// TestRefusals: the slips a new user makes in a crisis are refused with
// exit 2 and a hint, never answered with the demo's figures.
func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"stress", "helios"}, "did you mean --demo helios?"},
		{[]string{"plan", "big.yaml"}, "did you mean --book big.yaml?"},
		{[]string{"stres"}, "did you mean stress?"},
		{[]string{"big.yaml"}, "did you mean --book big.yaml?"},
		{[]string{"validate"}, "name the file"},
		{[]string{"report", "--db", "x.db", "--format", "md", "--json"}, "disagree"},
		{[]string{"stress", "--dist", "t"}, "--mc"},
		{[]string{"verify", "--demo", "helios"}, "unknown flag: --demo"},
		{[]string{"decide", "--db", "x.db", "draw", "cash", "--deadline", "2026-03-16T16:00:00-04:00"}, "belongs to 'call'"},
		{[]string{"drill", "helios", "--json"}, "--auto"},
		{[]string{"decide", "--db", "x.db", "draw", "cash", "--reason", "valuation"}, "--reason belongs to 'dispute', 'status'"},
		{[]string{"open", "--json"}, "unknown flag: --json"},
		{[]string{"open", "--book", "-"}, "give the book as a file"},
		{[]string{"--theme", "sepia"}, "want light, dark or auto"},
	} {
		code, out, errs := wr(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q (want %q), stdout %q", tc.args, code, errs, tc.want, out)
		}
	}
	// A matching --format with --json is no disagreement.
	db, _ := incidentFixture(t)
	if code, out, _ := wr(t, "report", "--db", db, "--format", "json", "--json"); code != 0 || decodeJSON(t, out)["decisions"] == nil {
		t.Errorf("--format json --json: exit %d", code)
	}
}

// TestCompletion: the hidden __complete command that the shell scripts
// call completes demo names, scenario ids of the named book, and ids of
// the incident's book for decide's words.
func TestCompletion(t *testing.T) {
	db, _ := incidentFixture(t)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"plan", "--demo", ""}, []string{"arb-capital", "helios"}},
		{[]string{"stress", "--demo", "helios", "--scenario", ""}, []string{"weekend-gap"}},
		{[]string{"decide", "--db", db, ""}, []string{"draw", "post", "sell"}},
		{[]string{"decide", "--db", db, "draw", ""}, []string{"cash", "mmf"}},
		{[]string{"decide", "--demo", "arb-capital", "sell", ""}, []string{"ES", "TECH"}},
		{[]string{"decide", "--db", db, "post", "UST", ""}, []string{"CME"}},
		{[]string{"decide", "--db", db, "status", "CME", ""}, []string{"extension_asked", "paid"}},
		{[]string{"drill", ""}, []string{"helios", "two-ccps"}},
		{[]string{"decide", "--db", db, "pay", ""}, []string{"CME"}},
		{[]string{"decide", "--db", db, "status", "CME", "disputed", "1m", "--reason", ""}, []string{"valuation"}},
		{[]string{"report", "--format", ""}, []string{"html", "csv"}},
	} {
		code, out, errs := wr(t, append([]string{"__complete"}, tc.args...)...)
		if code != 0 {
			t.Errorf("%v: exit %d %s", tc.args, code, errs)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: %q not offered:\n%s", tc.args, w, out)
			}
		}
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		if code, out, _ := wr(t, "completion", sh); code != 0 || !strings.Contains(out, "warroom") {
			t.Errorf("completion %s: exit %d", sh, code)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := wr(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "warroom version ") {
		t.Errorf("exit %d %q", code, out)
	}
}
