package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The call ledger from the command line, with the figures: CME
// calls 11,000,000; disputing 600,000 leaves 10,400,000 due; with
// 2,000,000 of cash drawn, paying 1,000 leaves 10,399,000 due and
// 1,999,000 secured: the shortfall stays 8,400,000. An all-VM call takes
// no Treasuries.
func TestDecideCallLedger(t *testing.T) {
	db := filepath.Join(t.TempDir(), "i.db")
	run := func(args ...string) map[string]any {
		t.Helper()
		code, out, errs := wr(t, append([]string{"decide", "--db", db, "--operator", "alice", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		return decodeJSON(t, out)
	}
	run("call", "CME", "11m")
	j := run("status", "CME", "disputed", "600k", "--reason", "valuation")
	if j["due"] != "10400000.00" || j["disputed"] != "600000.00" {
		t.Fatalf("after the dispute: due %v disputed %v", j["due"], j["disputed"])
	}
	run("draw", "cash")
	j = run("status", "CME", "paid", "1000")
	if j["due"] != "10399000.00" || j["secured"] != "1999000.00" || j["shortfall"] != "8400000.00" || j["paid"] != "1000.00" {
		t.Fatalf("after paying 1,000: %v", j)
	}
	code, _, errs := wr(t, "decide", "--db", db, "--operator", "alice", "pay", "CME", "20m")
	if code != exitInput || !strings.Contains(errs, "10,399,000.00 is due; the 600,000.00 disputed is due on resolution") {
		t.Errorf("overpaying: exit %d %s", code, errs)
	}
	run("call", "CME", "5m", "--vm", "5m", "--cycle", "intraday", "--deadline", "2026-03-16T12:00:00-04:00")
	code, _, errs = wr(t, "decide", "--db", db, "--operator", "alice", "pay", "CME", "1", "--cycle", "intraday", "--source", "UST-2031")
	if code != exitInput || !strings.Contains(errs, "no UST-2031 is posted to CME") {
		t.Errorf("paying VM with Treasuries: exit %d %s", code, errs)
	}
	if code, _, _ := wr(t, "decide", "--db", db, "call", "CME", "1m", "--cycle", "weekly"); code != exitUsage {
		t.Errorf("a bad cycle: exit %d", code)
	}
}
