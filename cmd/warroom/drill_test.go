package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDrillHeliosAutopilots(t *testing.T) {
	code, out, errs := wr(t, "drill", "helios", "--auto", "none", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	m := decodeJSON(t, out)
	if m["survived"] != false || m["insolvent"] != true || m["deadlines_missed"] != float64(2) {
		t.Errorf("none: %s", out)
	}
	code, out, errs = wr(t, "drill", "helios", "--auto", "engine", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	m = decodeJSON(t, out)
	if m["survived"] != true || m["deadlines_missed"] != float64(0) || m["fire_sale_loss"] != "0.00" {
		t.Errorf("engine: %s", out)
	}
}

func TestDrillArbCapitalReport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "drill.db")
	code, out, errs := wr(t, "drill", "arb-capital", "--auto", "engine", "--db", db)
	if code != 0 || !strings.Contains(out, "SURVIVED") || !strings.Contains(out, "Score 1040") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	code, out, errs = wr(t, "report", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("report exit %d: %s", code, errs)
	}
	deb, _ := decodeJSON(t, out)["debrief"].(map[string]any)
	if deb == nil || deb["score"] != float64(1040) || deb["liquidity_cost"] != "10627.78" {
		t.Errorf("report debrief: %v", deb)
	}
	if _, md, _ := wr(t, "report", "--db", db); !strings.Contains(md, "Drill debrief") {
		t.Errorf("markdown report has no debrief")
	}
}

func TestDrillUsage(t *testing.T) {
	if code, _, errs := wr(t, "drill", "helios"); code != exitUsage || !strings.Contains(errs, "--auto") {
		t.Errorf("no console: exit %d %s", code, errs)
	}
	if code, _, _ := wr(t, "drill", "helios", "--auto", "maybe"); code != exitUsage {
		t.Errorf("bad --auto: exit %d", code)
	}
	if code, _, _ := wr(t, "drill", "no-such-drill", "--auto", "none"); code != exitInput {
		t.Errorf("unknown drill: exit %d", code)
	}
}

func TestValidateDrill(t *testing.T) {
	code, out, _ := wr(t, "validate", "../../drill/drills/two-ccps.yaml")
	if code != 0 || !strings.Contains(out, "ok ") || !strings.Contains(out, "6 events") {
		t.Errorf("exit %d: %s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("book_demo: helios\nevents:\n  - at: \"+1h\"\n    kind: cut\n    source: buffer\n    amount: 1e6\n"), 0o600)
	code, out, _ = wr(t, "validate", bad)
	if code != exitInput || !strings.Contains(out, "bad.yaml:6:13: events[0].amount") {
		t.Errorf("exit %d: %s", code, out)
	}
}
