package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/warroom/warroom/state"
)

// TestReportVerifyReadSnapshotWhileHeld (issue 19, item 10): while a
// console holds the file, report and verify read a snapshot copy, as
// review does, and say so; decide is still refused (exit 3).
func TestReportVerifyReadSnapshotWhileHeld(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inc.db")
	wr(t, "decide", "--db", db, "--operator", "alice", "draw", "cash")
	held, err := state.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, out, errs := wr(t, "report", "--db", db, "--format", "json")
	if code != 0 || !strings.Contains(errs, "snapshot of a running incident taken") {
		t.Fatalf("report while held: exit %d: %s", code, errs)
	}
	v := decodeJSON(t, out)
	if inc := v["incident"].(map[string]any); !strings.HasPrefix(inc["snapshot"].(string), "snapshot of a running incident") || inc["file"] != db {
		t.Errorf("incident = %v", inc)
	}
	if s := v["summary"].(map[string]any); s["shortfall"] != "8500000.00" {
		t.Errorf("summary = %v", s)
	}
	code, out, _ = wr(t, "verify", "--db", db)
	if code != 0 || !strings.Contains(out, "1 records, hash chain intact (snapshot of a running incident taken") {
		t.Errorf("verify while held: exit %d: %s", code, out)
	}
	if code, _, _ := wr(t, "decide", "--db", db, "note", "x"); code != exitLog {
		t.Errorf("decide while held: exit %d", code)
	}
}

// TestCreditLineFeeOnceCLI (item 7): two partial draws of the line, 1.5m
// and 3.5m, cost 10,972.22 in the report, as one draw of 5m: 972.22 of
// interest (5,000,000 × 700 bp / 360) and the 10,000 fee once.
func TestCreditLineFeeOnceCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inc.db")
	for _, a := range []string{"1.5m", "3.5m"} {
		if code, _, errs := wr(t, "decide", "--db", db, "--operator", "alice", "draw", "rcf", a); code != 0 {
			t.Fatalf("draw %s: %s", a, errs)
		}
	}
	_, out, _ := wr(t, "report", "--db", db, "--format", "json")
	if s := decodeJSON(t, out)["summary"].(map[string]any); s["liquidity_cost"] != "10972.22" {
		t.Errorf("liquidity cost %v, want 10972.22", s["liquidity_cost"])
	}
}

// TestValidateNeedsAFile and --need 100m (item 13).
func TestValidateNeedsAFile(t *testing.T) {
	code, out, errs := wr(t, "validate")
	if code != exitUsage || out != "" || !strings.Contains(errs, "validate needs a file") {
		t.Errorf("validate with no file: exit %d, out %q, err %q", code, out, errs)
	}
	if code, out, _ := wr(t, "validate", "--demo", "helios"); code != 0 || !strings.HasPrefix(out, "ok ") {
		t.Errorf("validate --demo helios: exit %d %s", code, out)
	}
}

// TestLiquidateNeedForms: --need takes the README's amount forms, read
// exactly: 100m = 100,000,000.00, 1,500,000 and 250k; an exponent is not.
func TestLiquidateNeedForms(t *testing.T) {
	for in, want := range map[string]string{"100m": "100000000.00", "1,500,000": "1500000.00", "250k": "250000.00"} {
		code, out, errs := wr(t, "liquidate", "--demo", "arb-capital", "--need", in, "--json")
		if code != 0 {
			t.Fatalf("--need %s: exit %d %s", in, code, errs)
		}
		if got := decodeJSON(t, out)["need"]; got != want {
			t.Errorf("--need %s: need %v, want %s", in, got, want)
		}
	}
	if code, _, _ := wr(t, "liquidate", "--demo", "arb-capital", "--need", "1e8"); code != exitUsage {
		t.Errorf("--need 1e8: exit %d", code)
	}
}

// TestLiquidateDeadlineOfItsCall (item 2): on the two-CCP book (LCH due
// 11:00, CME 16:00, futures settling at the 15:00 cut-off) ES counts for
// CME's call and IRS is late for LCH's; the console's reduction stage
// says the same (tui TestReductionDeadlineOfItsCall).
func TestLiquidateDeadlineOfItsCall(t *testing.T) {
	code, out, errs := wr(t, "liquidate", "--book", "testdata/two-ccps-book.yaml", "--need", "5m", "--json")
	if code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	got := map[string]map[string]any{}
	for _, c := range decodeJSON(t, out)["candidates"].([]any) {
		c := c.(map[string]any)
		got[c["position"].(string)] = c
	}
	if got["ES"]["in_time"] != true || got["ES"]["deadline"] != "2026-03-16T16:00:00-04:00" {
		t.Errorf("ES = %v", got["ES"])
	}
	if got["IRS"]["in_time"] != false || got["IRS"]["deadline"] != "2026-03-16T11:00:00-04:00" {
		t.Errorf("IRS = %v", got["IRS"])
	}
}

// TestBufferCLIZero: the buffer the console's triage shows (tui
// TestBufferAgreesWithCLI) is the CLI's: 0.00 on Arb-Capital, sized on a
// 99% one-day outflow of 2,164,506.xx.
func TestBufferCLIZero(t *testing.T) {
	code, out, errs := wr(t, "stress", "--demo", "arb-capital", "--mc", "10000", "--json")
	if code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	if v := decodeJSON(t, out); v["buffer"] != "0.00" {
		t.Errorf("buffer %v", v["buffer"])
	}
}
