package main

import (
	"strings"
	"testing"
)

// TestPracticeOutput runs the commands on two hand-worked books (figures
// in engine/inflow_test.go, csa_test.go, primebroker_test.go):
//   - inflow-lch.yaml: Arb-Capital plus an LCH swap that pays the firm
//     1,500,000 at 15:00. Plain plan: inflow 1,500,000 + cash 2M + MMF 3M +
//     repo 4M, cost 4.17 + 588.89 = 593.06. Optimised: post 1,530,612.25 of
//     the Treasury (6.38), repo 2,500,000 (2,500,000 × 530bp / 360 =
//     368.06), MMF 4.17: 378.61, saving 214.45.
//   - desk-check.yaml: the tech stock financed at PB (25%): PB calls
//     3,750,000; BANKB owes 456,789 more on a receiver swap, delivered
//     rounded up to 460,000.
func TestPracticeOutput(t *testing.T) {
	code, out, stderr := wr(t, "plan", "--book", "testdata/inflow-lch.yaml", "--optimise", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	v := decodeJSON(t, out)
	if v["total_cost"] != "593.06" || v["count_inflows"] != true || v["day_count"] != "ACT/360" {
		t.Errorf("plan: cost %v, count_inflows %v, day_count %v", v["total_cost"], v["count_inflows"], v["day_count"])
	}
	in := v["inflows"].([]any)
	if len(in) != 1 || in[0].(map[string]any)["amount"] != "1500000.00" || in[0].(map[string]any)["arrives_at"] != "2026-03-16T15:00:00-04:00" {
		t.Errorf("inflows %v", in)
	}
	if tier := v["tiers"].([]any)[0].(map[string]any); tier["kind"] != "inflow" || tier["source"] != "inflow:LCH" {
		t.Errorf("first tier %v", tier)
	}
	op := v["optimised"].(map[string]any)
	if op["total_cost"] != "378.61" || op["saving"] != "214.45" {
		t.Errorf("optimised cost %v saving %v", op["total_cost"], op["saving"])
	}
	if c := op["calls"].([]any)[0].(map[string]any); c["cash_part"] != "9000000.00" || c["variation_margin"] != "9000000.00" {
		t.Errorf("optimised call %v", c)
	}

	code, out, stderr = wr(t, "stress", "--book", "testdata/desk-check.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Cash part", "Prime broker (PB)             5,000,000.00  (1,250,000.00)          3,750,000.00",
		"BANKB pays the firm 460,000.00, arriving Mon 15:00", "counterparty delivers 460,000.00"} {
		if !strings.Contains(out, want) {
			t.Errorf("stress text lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = wr(t, "stress", "--book", "testdata/desk-check.yaml", "--json")
	v = decodeJSON(t, out)
	if code != 0 || v["total_margin_call"] != "13790000.00" || v["total_inflow"] != "460000.00" {
		t.Errorf("stress json: total %v inflow %v", v["total_margin_call"], v["total_inflow"])
	}
	bank := v["counterparties"].([]any)[1].(map[string]any)
	if csa := bank["csa"].(map[string]any); csa["counterparty_delivers"] != "460000.00" || csa["balance_before"] != "-3000000.00" {
		t.Errorf("BANKB csa %v", csa)
	}
}
