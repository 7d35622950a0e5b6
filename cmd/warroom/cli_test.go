package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/state"
)

// wr runs a warroom command line in-process and returns its exit status,
// stdout and stderr.
func wr(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), getenv: func(k string) string {
		if k == "USER" {
			return "tester"
		}
		return ""
	}}
	code := run(e, args)
	return code, out.String(), errb.String()
}

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

func TestStressJSONSeedTable1(t *testing.T) {
	code, out, stderr := wr(t, "stress", "--demo", "arb-capital", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	v := decodeJSON(t, out)
	want := map[string]string{"total_margin_call": "10500000.00", "total_variation_margin": "9000000.00",
		"total_stressed_initial_margin": "8000000.00", "total_unrealized_pnl": "11000000.00"}
	for k, w := range want {
		if v[k] != w {
			t.Errorf("%s = %v, want %s", k, v[k], w)
		}
	}
	tb := v["positions"].([]any)[2].(map[string]any)
	if tb["stressed_value"] != "-29000000.00" || tb["margin_call"] != "-500000.00" {
		t.Errorf("TB = %v", tb)
	}
	cp := v["counterparties"].([]any)[0].(map[string]any)
	if cp["id"] != "CME" || cp["margin_call"] != "10500000.00" || cp["deadline"] != "2026-03-16T16:00:00-04:00" {
		t.Errorf("CME = %v", cp)
	}
}

func TestStressText(t *testing.T) {
	_, out, _ := wr(t, "stress")
	for _, s := range []string{"(29,000,000.00)", "(500,000.00)", "10,500,000.00", "—"} {
		if !strings.Contains(out, s) {
			t.Errorf("stress text lacks %q:\n%s", s, out)
		}
	}
}

func TestPlanJSONSeedTable2(t *testing.T) {
	code, out, stderr := wr(t, "plan", "--demo", "arb-capital", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	v := decodeJSON(t, out)
	var got []string
	for _, d := range v["draws"].([]any) {
		d := d.(map[string]any)
		got = append(got, d["source"].(string)+"="+d["amount"].(string))
	}
	if strings.Join(got, " ") != "cash=2000000.00 mmf=3000000.00 repo=4000000.00 rcf=1500000.00" {
		t.Errorf("draws = %v", got)
	}
	if late := v["late"].([]any); len(late) != 1 || late[0] != "sell-tech" {
		t.Errorf("late = %v", late)
	}
	if v["shortfall"] != "0.00" || v["covered"] != true || v["required"] != "10500000.00" {
		t.Errorf("shortfall %v covered %v required %v", v["shortfall"], v["covered"], v["required"])
	}
}

func TestPlanHeliosShortfall(t *testing.T) {
	_, out, _ := wr(t, "plan", "--demo", "helios", "--json")
	v := decodeJSON(t, out)
	if v["required"] != "40000000.00" || v["shortfall"] != "25000000.00" {
		t.Errorf("helios required %v shortfall %v", v["required"], v["shortfall"])
	}
	if w := v["withdrawn"].([]any); len(w) != 1 || w[0] != "pb-credit" {
		t.Errorf("withdrawn = %v", w)
	}
}

func TestValidateNamesAllThree(t *testing.T) {
	code, out, _ := wr(t, "validate", "../../book/testdata/bad/typo-dangling-exponent.yaml")
	if code != exitInput {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, s := range []string{":15:19: positions[0] (ES).counterparty", ":21:19: positions[1] (TECH).market_value", "1.2e7", `:27:5: collateral[0] (UST).markt_value: unknown field`} {
		if !strings.Contains(out, s) {
			t.Errorf("validate output lacks %q:\n%s", s, out)
		}
	}
	code, out, _ = wr(t, "validate", "--demo", "arb-capital")
	if code != 0 || !strings.HasPrefix(out, "ok arb-capital.yaml: Arb-Capital, 1 counterparties, 3 positions") {
		t.Errorf("demo: exit %d: %s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"nonsense"}, {"stress", "--bogus"}, {"stress", "--demo", "nope"}, {"plan", "--horizon", "soon"}, {"decide", "--db", "x", "fly"}} {
		if code, _, _ := wr(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := wr(t, "stress", "--scenario", "nope"); code != exitInput || !strings.Contains(errs, "equity-crash") {
		t.Errorf("unknown scenario: exit %d %s", code, errs)
	}
}

func TestDecideReportVerify(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inc.db")
	code, out, errs := wr(t, "decide", "--db", db, "draw", "cash", "--rationale", "first tier, immediate", "--operator", "alice")
	if code != 0 || !strings.Contains(out, "SHORTFALL 8,500,000.00") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	code, out, _ = wr(t, "decide", "--db", db, "--operator", "bob", "draw", "mmf")
	if code != 0 || !strings.Contains(out, "SHORTFALL 5,500,000.00") {
		t.Fatalf("second draw: exit %d: %s", code, out)
	}
	// A refusal changes nothing and says why.
	code, _, errs = wr(t, "decide", "--db", db, "draw", "cash")
	if code != exitInput || !strings.Contains(errs, "nothing is left to draw from cash") {
		t.Errorf("overdraw: exit %d %s", code, errs)
	}
	code, out, errs = wr(t, "report", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("report: %d %s", code, errs)
	}
	v := decodeJSON(t, out)
	ds := v["decisions"].([]any)
	if len(ds) != 2 {
		t.Fatalf("decisions = %d", len(ds))
	}
	first, second := ds[0].(map[string]any), ds[1].(map[string]any)
	if first["operator"] != "alice" || first["rationale"] != "first tier, immediate" || first["shortfall_after"] != "8500000.00" || first["amount"] != "2000000.00" {
		t.Errorf("first = %v", first)
	}
	if second["operator"] != "bob" || second["shortfall_after"] != "5500000.00" {
		t.Errorf("second = %v", second)
	}
	for _, k := range []string{"incident_time", "wall_time"} {
		if _, err := time.Parse(time.RFC3339, first[k].(string)); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	if c := v["chain"].(map[string]any); c["ok"] != true {
		t.Errorf("chain = %v", c)
	}
	code, out, _ = wr(t, "verify", "--db", db)
	if code != 0 || !strings.Contains(out, "2 records, hash chain intact") {
		t.Errorf("verify: %d %s", code, out)
	}
	_, md, _ := wr(t, "report", "--db", db)
	if !strings.Contains(md, "| 1 | Mon 08:") || !strings.Contains(md, "first tier, immediate") {
		t.Errorf("markdown report:\n%s", md)
	}
	// The file carries its book: naming another is refused.
	if code, _, _ := wr(t, "decide", "--db", db, "--demo", "helios", "note", "x"); code != exitUsage {
		t.Errorf("--demo on an existing incident: exit %d", code)
	}
}

func TestVerifyNamesFlippedRecord(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inc.db")
	wr(t, "decide", "--db", db, "note", "first-marker")
	wr(t, "decide", "--db", db, "note", "SECOND-MARKER-XYZ")
	wr(t, "decide", "--db", db, "note", "third-marker")
	tamper(t, db, "SECOND-MARKER-XYZ")
	code, out, _ := wr(t, "verify", "--db", db)
	if code != exitLog || !strings.Contains(out, "record 2") {
		t.Errorf("verify after a flipped byte: exit %d: %s", code, out)
	}
}

func TestSecondProcessFailsFast(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inc.db")
	wr(t, "decide", "--db", db, "note", "open")
	held, err := state.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	start := time.Now()
	code, _, errs := wr(t, "decide", "--db", db, "note", "second")
	if code != exitLog || !strings.Contains(errs, db) {
		t.Errorf("exit %d: %s", code, errs)
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("took %s to fail", el)
	}
}

func TestDecideAt(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inc.db")
	if code, _, errs := wr(t, "decide", "--db", db, "draw", "cash", "--at", "08:20"); code != 0 {
		t.Fatal(errs)
	}
	// The MMF (T+0) drawn at 15:30 settles after the cut-off: tomorrow,
	// too late for today's 16:00 call, so the shortfall stays.
	code, out, _ := wr(t, "decide", "--db", db, "draw", "mmf", "--at", "2026-03-16T15:30:00-04:00")
	if code != 0 || !strings.Contains(out, "SHORTFALL 8,500,000.00") {
		t.Errorf("late MMF: %d %s", code, out)
	}
	if code, _, errs := wr(t, "decide", "--db", db, "note", "x", "--at", "09:00"); code != exitInput || !strings.Contains(errs, "before the last decision") {
		t.Errorf("out of order: %d %s", code, errs)
	}
	_, csv, _ := wr(t, "report", "--db", db, "--format", "csv")
	if !strings.Contains(csv, "1,2026-03-16T08:20:00-04:00") || !strings.Contains(csv, "2,2026-03-16T15:30:00-04:00") {
		t.Errorf("report times:\n%s", csv)
	}
}

// TestPlanHorizon: costs accrue ACT/360 over the horizon; the fee once.
// Three days: MMF 3,000,000 × 5bp × 3/360 = 12.50; repo 4,000,000 × 530bp
// × 3/360 = 1,766.67; credit line 1,500,000 × 700bp × 3/360 = 875.00 plus
// the 10,000 fee = 10,875.00. Total 12,654.17.
func TestPlanHorizon(t *testing.T) {
	code, out, errs := wr(t, "plan", "--demo", "arb-capital", "--horizon", "3d", "--json")
	if code != 0 {
		t.Fatal(errs)
	}
	v := decodeJSON(t, out)
	want := map[string]string{"cash": "0.00", "mmf": "12.50", "repo": "1766.67", "rcf": "10875.00"}
	for _, d := range v["draws"].([]any) {
		d := d.(map[string]any)
		if d["cost"] != want[d["source"].(string)] {
			t.Errorf("%s cost %v, want %s", d["source"], d["cost"], want[d["source"].(string)])
		}
	}
	if v["total_cost"] != "12654.17" || v["horizon_days"] != "3" {
		t.Errorf("total %v over %v days", v["total_cost"], v["horizon_days"])
	}
	if code, out, _ := wr(t, "plan", "--horizon", "36h", "--json"); code != 0 || decodeJSON(t, out)["horizon_days"] != "1.5" {
		t.Errorf("36h: %s", out)
	}
}

// tamper changes the first byte of a decision's text in the raw log file,
// as an edit behind warroom's back would. bbolt copies pages on write, so
// a freed page may still hold an old copy of the record: every copy is
// changed, so the live one is whatever the page layout.
func tamper(t *testing.T, db, marker string) {
	t.Helper()
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	m := []byte(marker)
	if !bytes.Contains(raw, m) {
		t.Fatalf("%q not found in %s", marker, db)
	}
	for off := 0; ; {
		i := bytes.Index(raw[off:], m)
		if i < 0 {
			break
		}
		raw[off+i] ^= 0x20
		off += i + len(m)
	}
	if err := os.WriteFile(db, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestValidateNamesTimeErrors: a bad zone, an unknown calendar and a
// malformed holiday list, each with its file, line, column and field.
func TestValidateNamesTimeErrors(t *testing.T) {
	cases := map[string]string{
		"bad-timezone.yaml":        `bad-timezone.yaml:6:11: timezone: "America/New_Yrok" is not an IANA time zone`,
		"unknown-calendar.yaml":    `unknown-calendar.yaml:9:15: counterparties[0] (CME).calendar: "NYMEX-HOLIDAYS" is not a calendar warroom knows`,
		"bad-holidays.yaml":        `bad-holidays.yaml:6:24: holidays[1]: "2026-13-01" is not a date; want YYYY-MM-DD`,
		"holidays-not-a-list.yaml": `holidays-not-a-list.yaml:30:81: sources[0] (cash).holidays: want a list`,
	}
	for file, want := range cases {
		code, out, _ := wr(t, "validate", filepath.Join("..", "..", "book", "testdata", "catalogue", file))
		if code != exitInput || !strings.Contains(out, want) {
			t.Errorf("%s: exit %d, output %q; want %q", file, code, out, want)
		}
	}
	code, out, _ := wr(t, "validate", filepath.Join("..", "..", "book", "testdata", "good", "cme-cycles.yaml"))
	if code != exitOK || !strings.Contains(out, "(America/New_York, calendar US-SIFMA)") {
		t.Errorf("cme-cycles: exit %d, %q", code, out)
	}
}
