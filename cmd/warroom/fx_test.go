package main

import (
	"strings"
	"testing"
)

// TestFXDemoOutput runs stress and plan on the two-ccps-fx demo (figures
// worked by hand in book/fxdemo_test.go): calls CME 3,000,000 USD, LCH
// 1,000,000 GBP and 900,000 EUR, 5,290,000.00 in USD at the stressed
// rates; GBP 1,000,000 short before LCH's 11:00 (1,300,000.00 USD);
// cost 110.00 USD. The single-currency books' keys keep their meaning,
// and each object carries a currency.
func TestFXDemoOutput(t *testing.T) {
	code, out, stderr := wr(t, "stress", "--demo", "two-ccps-fx", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	v := decodeJSON(t, out)
	if v["total_margin_call"] != "5290000.00" || v["currency"] != "USD" {
		t.Errorf("stress: total %v currency %v", v["total_margin_call"], v["currency"])
	}
	if r := v["fx_stressed"].(map[string]any); r["GBPUSD"] != "1.3" {
		t.Errorf("fx_stressed %v", r)
	}
	var got []string
	for _, c := range v["counterparties"].([]any) {
		c := c.(map[string]any)
		got = append(got, c["id"].(string)+" "+c["currency"].(string)+" "+c["margin_call"].(string))
	}
	if strings.Join(got, ", ") != "CME USD 3000000.00, LCH GBP 1000000.00, LCH EUR 900000.00" {
		t.Errorf("calls %v", got)
	}

	code, out, stderr = wr(t, "plan", "--demo", "two-ccps-fx", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	v = decodeJSON(t, out)
	if v["required"] != "5290000.00" || v["shortfall"] != "1300000.00" || v["total_cost"] != "110.00" || v["covered"] != false {
		t.Errorf("plan: required %v shortfall %v cost %v", v["required"], v["shortfall"], v["total_cost"])
	}
	gbp := v["currencies"].([]any)[2].(map[string]any)
	if gbp["currency"] != "GBP" || gbp["shortfall"] != "1000000.00" || gbp["shortfall_base"] != "1300000.00" {
		t.Errorf("ladder GBP %v", gbp)
	}
	if d := v["draws"].([]any)[1].(map[string]any); d["source"] != "eur-rcf" || d["currency"] != "EUR" || d["cost"] != "100.00" || d["cost_base"] != "110.00" {
		t.Errorf("draw %v", d)
	}

	if code, out, _ = wr(t, "plan", "--demo", "two-ccps-fx"); code != 0 {
		t.Errorf("plan text: exit %d", code)
	}
	for _, want := range []string{"LCH           1,000,000.00 GBP  Mon 11:00          0.00 GBP  1,000,000.00 GBP",
		"GBP is short 1,000,000.00 while USD has 2,000,000.00 left: convert (none in time: usd-gbp T+0 cut-off 07:30",
		"SHORTFALL 1,300,000.00 USD of 5,290,000.00 USD required"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan text lacks %q:\n%s", want, out)
		}
	}

	// What would have worked: sources activated at 07:00, before the
	// same-day deal's 07:30 cut-off. USD 1,300,000.00 buys GBP 1,000,000
	// arriving 07:30; spread 1,000,000 × 5 bp = 500 GBP = 650.00 USD; with
	// the EUR line's 110.00, cost 760.00 and nothing short.
	code, out, _ = wr(t, "plan", "--demo", "two-ccps-fx", "--at", "2026-03-16T07:00:00-04:00", "--json")
	v = decodeJSON(t, out)
	if code != 0 || v["shortfall"] != "0.00" || v["total_cost"] != "760.00" {
		t.Errorf("plan at 07:00: shortfall %v cost %v", v["shortfall"], v["total_cost"])
	}
	if cv := v["conversions"].([]any); len(cv) != 1 || cv[0].(map[string]any)["sold"] != "1300000.00" ||
		cv[0].(map[string]any)["arrives_at"] != "2026-03-16T07:30:00-04:00" || cv[0].(map[string]any)["cost_base"] != "650.00" {
		t.Errorf("conversions %v", cv)
	}

	// The optimiser is single-currency: it says so rather than mix them.
	code, _, stderr = wr(t, "plan", "--demo", "two-ccps-fx", "--optimise")
	if code != 1 || !strings.Contains(stderr, "the optimiser works in one currency") {
		t.Errorf("--optimise: exit %d, %s", code, stderr)
	}

	// Arb-Capital: one currency, every figure as before, each object says USD.
	code, out, _ = wr(t, "plan", "--demo", "arb-capital", "--json")
	v = decodeJSON(t, out)
	if code != 0 || v["total_cost"] != "10884.73" || v["currency"] != "USD" || v["calls"].([]any)[0].(map[string]any)["currency"] != "USD" {
		t.Errorf("arb-capital plan: cost %v currency %v", v["total_cost"], v["currency"])
	}
}
