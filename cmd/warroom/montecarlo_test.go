package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStressMonteCarloJSON(t *testing.T) {
	code, out, stderr := wr(t, "stress", "--demo", "arb-capital", "--mc", "2000", "--seed", "3", "--reverse", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	v := decodeJSON(t, out)
	if v["in_time_liquidity"] != "14000000.00" || v["path"] != "fixed-point kernel" {
		t.Errorf("doc = %v", v)
	}
	tc := v["total_margin_call"].(map[string]any)
	chk := v["decimal_check"].(map[string]any)
	if chk["equal"] != true || chk["total_margin_call_p99_decimal"] != tc["p99"] {
		t.Errorf("check %v vs %v", chk, tc)
	}
	eq := v["reverse"].(map[string]any)["factors"].([]any)[0].(map[string]any)["down"].(map[string]any)
	if eq["factor_moves"].(map[string]any)["equity"] != "-0.247788" {
		t.Errorf("equity break %v", eq)
	}
	// The deterministic output is unchanged without the new flags.
	if _, out, _ := wr(t, "stress", "--demo", "arb-capital", "--json"); !strings.Contains(out, `"total_margin_call": "10500000.00"`) {
		t.Error("plain stress changed")
	}
}

func TestStressMonteCarloErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--mc", "10", "--dist", "cauchy"}, {"--mc", "10", "--dist", "t", "--dof", "2"},
		{"--mc", "10", "--percentile", "1.5"}, {"--mc", "10", "--historical", "x.csv"}, {"--mc", "10", "--horizon", "0"},
	} {
		if code, _, _ := wr(t, append([]string{"stress", "--demo", "helios"}, args...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "h.csv")
	os.WriteFile(bad, []byte("date,gold\n2020-01-01,0.01\n"), 0o600)
	if code, _, errs := wr(t, "stress", "--demo", "helios", "--historical", bad); code != exitInput || !strings.Contains(errs, `"gold"`) {
		t.Errorf("historical with an unknown column: exit %d %s", code, errs)
	}
	// gen writes a book that stress --mc runs, to the same figures twice.
	out := filepath.Join(dir, "g.yaml")
	if code, _, errs := wr(t, "gen", "--positions", "50", "--seed", "2", "--out", out); code != 0 {
		t.Fatal(errs)
	}
	_, a, _ := wr(t, "stress", "--book", out, "--mc", "200", "--horizon", "2", "--dist", "t", "--json")
	_, b, _ := wr(t, "stress", "--book", out, "--mc", "200", "--horizon", "2", "--dist", "t", "--json")
	if a != b || !strings.Contains(a, `"equal": true`) {
		t.Errorf("not reproducible or not exact:\n%s", a)
	}
}

// TestCSVTwinSameStressJSON: a book whose positions and holdings are CSV
// files (gen --csv) and its all-YAML twin give byte-identical stress
// output, for the book's scenario and for a Monte Carlo sweep.
func TestCSVTwinSameStressJSON(t *testing.T) {
	dir := t.TempDir()
	yml, twin := filepath.Join(dir, "big.yaml"), filepath.Join(dir, "twin.yaml")
	for _, args := range [][]string{{"gen", "--positions", "600", "--seed", "3", "--out", yml},
		{"gen", "--positions", "600", "--seed", "3", "--out", twin, "--csv"}} {
		if code, _, stderr := wr(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "twin.positions.csv")); err != nil {
		t.Fatal(err)
	}
	for _, extra := range [][]string{{"--json"}, {"--json", "--mc", "300", "--check", "4"}} {
		_, a, errA := wr(t, append([]string{"stress", "--book", yml}, extra...)...)
		_, b, errB := wr(t, append([]string{"stress", "--book", twin}, extra...)...)
		if a == "" || a != b {
			t.Fatalf("%v: YAML and CSV twin differ (%s / %s):\n%.300s\n---\n%.300s", extra, errA, errB, a, b)
		}
	}
}

// TestIncidentKeepsCSVPositions: an incident opened on a CSV book stores
// the positions it was opened on; a new export written over the file the
// next morning does not change what the incident replays.
func TestIncidentKeepsCSVPositions(t *testing.T) {
	dir := t.TempDir()
	twin, db := filepath.Join(dir, "twin.yaml"), filepath.Join(dir, "inc.db")
	if code, _, stderr := wr(t, "gen", "--positions", "50", "--seed", "2", "--out", twin, "--csv"); code != 0 {
		t.Fatal(stderr)
	}
	code, before, stderr := wr(t, "decide", "--db", db, "--book", twin, "draw", "cash", "--operator", "alice")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The export changes: every position gone but the header.
	if err := os.WriteFile(filepath.Join(dir, "twin.positions.csv"), []byte("id,kind,market_value\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := wr(t, "decide", "--db", db, "note", "resumed", "--operator", "bob")
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	short := func(s string) string {
		i := strings.Index(s, "SHORTFALL")
		if i < 0 {
			t.Fatalf("no shortfall in %q", s)
		}
		return strings.Fields(s[i:])[1]
	}
	if short(before) != short(out) {
		t.Errorf("the incident replayed on the new export: shortfall %s then %s", short(before), short(out))
	}
}
