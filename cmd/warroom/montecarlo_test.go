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
