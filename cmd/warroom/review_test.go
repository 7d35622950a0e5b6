package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/warroom/warroom/state"
)

// TestReviewJSON: the scriptable review (no terminal, --json) gives the
// timeline with the shortfall after each decision and the chain status.
func TestReviewJSON(t *testing.T) {
	db := scriptedIncident(t)
	code, out, errs := wr(t, "review", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	v := decodeJSON(t, out)["review"].(map[string]any)
	ds := v["decisions"].([]any)
	var got []string
	for _, d := range ds {
		got = append(got, d.(map[string]any)["shortfall_after"].(string))
	}
	if strings.Join(got, " ") != "8500000.00 5500000.00 5500000.00" {
		t.Errorf("shortfalls after each decision: %v", got)
	}
	if c := v["chain"].(map[string]any); c["ok"] != true || c["records"] != float64(3) {
		t.Errorf("chain: %v", c)
	}
}

// TestReviewWithForkText: fork, a different decision, then review --with
// without a terminal prints the timeline and the comparison.
func TestReviewWithForkText(t *testing.T) {
	db := scriptedIncident(t)
	fork := filepath.Join(t.TempDir(), "fork.db")
	if code, out, errs := wr(t, "fork", "--db", db, "--at", "1", "--out", fork); code != 0 {
		t.Fatalf("fork: %s %s", out, errs)
	}
	if code, out, errs := wr(t, "decide", "--db", fork, "--operator", "carol", "draw", "rcf"); code != 0 {
		t.Fatalf("decide: %s %s", out, errs)
	}
	code, out, errs := wr(t, "review", "--db", db, "--with", fork)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, s := range []string{"## Timeline", "Compared with", "Shared history: decisions 1 to 1", "5,500,000.00", "3,500,000.00"} {
		if !strings.Contains(out, s) {
			t.Errorf("review text lacks %q:\n%s", s, out)
		}
	}
	code, out, _ = wr(t, "review", "--db", db, "--with", fork, "--json")
	if v := decodeJSON(t, out); code != 0 || v["compare"].(map[string]any)["common_decisions"] != float64(1) {
		t.Errorf("review --with --json: exit %d: %v", code, v["compare"])
	}
}

// TestReviewRunningIncident: while a console holds the log, review works
// from a copy and says it is a snapshot.
func TestReviewRunningIncident(t *testing.T) {
	db := scriptedIncident(t)
	held, err := state.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, out, errs := wr(t, "review", "--db", db, "--json")
	if code != 0 || !strings.Contains(errs, "snapshot of a running incident taken") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if v := decodeJSON(t, out)["review"].(map[string]any); v["incident"].(map[string]any)["file"] != db {
		t.Errorf("file: %v", v["incident"])
	}
}
