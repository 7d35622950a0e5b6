package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warroom/warroom/state"
)

// The must-show: fork after the MMF draw, take another path (repo and the
// credit line instead of the note), and compare the two.
func TestForkThenCompare(t *testing.T) {
	db := scriptedIncident(t)
	fork := filepath.Join(t.TempDir(), "fork.db")
	code, out, errs := wr(t, "fork", "--db", db, "--at", "2", "--out", fork)
	if code != 0 || !strings.Contains(out, "at decision 2 of 3") || !strings.Contains(out, "warroom open --db "+fork) ||
		!strings.Contains(out, "shortfall 5,500,000.00") {
		t.Fatalf("fork: exit %d: %s %s", code, out, errs)
	}
	// The copied records are the originals, byte for byte, and the fork
	// says where it came from.
	a, err := state.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	ra, _ := a.Records()
	a.Close()
	b, err := state.OpenReadOnly(fork)
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := b.Records()
	meta := b.Meta()
	b.Close()
	if len(rb) != 2 || rb[0].Hash != ra[0].Hash || rb[1].Hash != ra[1].Hash || !bytes.Equal(rb[1].Data, ra[1].Data) {
		t.Fatalf("fork records differ from the original's first two")
	}
	if abs, _ := filepath.Abs(db); meta.ForkOf != abs || meta.ForkAt != 2 || meta.Extra[resumeKey] == "" {
		t.Errorf("fork meta: of %q at %d extra %v", meta.ForkOf, meta.ForkAt, meta.Extra)
	}
	for _, args := range [][]string{{"draw", "repo"}, {"draw", "rcf", "1500000"}} {
		if code, out, errs := wr(t, append([]string{"decide", "--db", fork, "--operator", "dave"}, args...)...); code != 0 {
			t.Fatalf("%v: %s %s", args, out, errs)
		}
	}
	code, out, errs = wr(t, "compare", "--db", db, "--with", fork, "--json")
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, errs)
	}
	v := decodeJSON(t, out)
	if v["common_decisions"] != float64(2) {
		t.Errorf("common = %v", v["common_decisions"])
	}
	final := v["final"].(map[string]any)
	fa, fb, fd := final["a"].(map[string]any), final["b"].(map[string]any), final["difference"].(map[string]any)
	if fa["shortfall"] != "5500000.00" || fb["shortfall"] != "0.00" || fd["shortfall"] != "-5500000.00" {
		t.Errorf("final shortfalls: %v %v %v", fa, fb, fd)
	}
	// Repo: 4,000,000 × 530bp / 360 = 588.89; line: 1,500,000 × 700bp / 360
	// + 10,000 fee = 10,291.67; MMF 3,000,000 × 5bp / 360 = 4.17.
	if fb["liquidity_cost"] != "10884.73" || fa["liquidity_cost"] != "4.17" || fb["fire_sale_loss"] != "0.00" {
		t.Errorf("costs: a %v b %v", fa["liquidity_cost"], fb["liquidity_cost"])
	}
	after := v["after_fork"].(map[string]any)
	if len(after["a"].([]any)) != 1 || len(after["b"].([]any)) != 2 {
		t.Errorf("after the fork: %v", after)
	}
	times := v["shortfall_over_time"].([]any)
	if len(times) != 1+2+1+2 { // the alert, two shared, one of A's, two of B's
		t.Fatalf("%d moments: %v", len(times), times)
	}
	if last := times[len(times)-1].(map[string]any); last["a_shortfall"] != "5500000.00" {
		t.Errorf("last moment: %v", last)
	}
	code, out, _ = wr(t, "compare", "--db", db, "--with", fork)
	for _, s := range []string{"they part after #2", "Only in B (after #2)", "draw rcf 1,500,000.00", "(5,500,000.00)"} {
		if code != 0 || !strings.Contains(out, s) {
			t.Errorf("compare text lacks %q:\n%s", s, out)
		}
	}
	// The fork's report says it is one.
	if _, md, _ := wr(t, "report", "--db", fork); !strings.Contains(md, "Fork of `") || !strings.Contains(md, "at decision 2") {
		t.Errorf("fork report:\n%s", md)
	}
}

func TestForkRefuses(t *testing.T) {
	db := scriptedIncident(t)
	dir := t.TempDir()
	existing := filepath.Join(dir, "taken.db")
	os.WriteFile(existing, []byte("x"), 0o600)
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"--at", "4", "--out", filepath.Join(dir, "a.db")}, exitUsage, "has 3 decisions"},
		{[]string{"--at", "two", "--out", filepath.Join(dir, "b.db")}, exitUsage, "decision number"},
		{[]string{"--out", filepath.Join(dir, "c.db")}, exitUsage, "--at N is required"},
		{[]string{"--at", "1", "--out", existing}, exitUsage, "never overwritten"},
	} {
		code, _, errs := wr(t, append([]string{"fork", "--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.says) {
			t.Errorf("%v: exit %d: %s", tc.args, code, errs)
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "x" {
		t.Error("an existing file was touched")
	}
	// A damaged log is not forked, even before the damage.
	raw, _ := os.ReadFile(db)
	// bbolt leaves stale copies of pages behind: damage every copy.
	raw = bytes.ReplaceAll(raw, []byte("same-day MMF"), []byte("Same-day MMF"))
	os.WriteFile(db, raw, 0o600)
	out := filepath.Join(dir, "d.db")
	if code, _, errs := wr(t, "fork", "--db", db, "--at", "1", "--out", out); code != exitLog || !strings.Contains(errs, "damaged decision log") && !strings.Contains(errs, "does not verify") {
		t.Errorf("broken chain: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a fork of a broken log was written")
	}
}

// At 0 the fork starts over from the alert, with none of the decisions.
func TestForkAtZero(t *testing.T) {
	db := scriptedIncident(t)
	out := filepath.Join(t.TempDir(), "z.db")
	if code, s, errs := wr(t, "fork", "--db", db, "--at", "0", "--out", out); code != 0 || !strings.Contains(s, "shortfall 10,500,000.00") {
		t.Fatalf("exit %d: %s %s", code, s, errs)
	}
	if code, s, _ := wr(t, "verify", "--db", out); code != 0 || !strings.Contains(s, "0 records") {
		t.Errorf("verify: %d %s", code, s)
	}
}
