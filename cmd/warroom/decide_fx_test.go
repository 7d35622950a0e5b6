package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// decide on the two-ccps-fx demo (GBPUSD 1.30, EURUSD 1.10 stressed):
// LCH keys a 500,000 USD call of VM, beside its GBP and EUR estimates:
// due 3,000,000 + 1,300,000 + 990,000 + 500,000 = 5,790,000.00. With the
// USD cash drawn, selling 1,300,000.00 USD at market buys GBP
// 1,000,000.00 through the same-day deal, struck after its 07:30 cut-off,
// so for Tuesday 07:30; its spread 500.00 GBP = 650.00 USD. The draw then
// cannot be reversed; a rate 20% off the market is refused.
func TestDecideConvertAndCurrency(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fx.db")
	run := func(args ...string) map[string]any {
		t.Helper()
		code, out, errs := wr(t, append([]string{"decide", "--db", db, "--operator", "alice", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		return decodeJSON(t, out)
	}
	j := run("--demo", "two-ccps-fx", "call", "LCH", "500k", "--vm", "500k", "--currency", "USD")
	if j["due"] != "5790000.00" || j["action"] != "call from LCH USD: 500,000.00 (VM 500,000.00, IM 0.00)" {
		t.Fatalf("LCH USD call: %v", j)
	}
	run("draw", "usd-cash")
	j = run("convert", "USD", "GBP", "1.3m")
	fx := j["conversions"].([]any)
	if len(fx) != 1 {
		t.Fatalf("conversions %v", fx)
	}
	c := fx[0].(map[string]any)
	for k, want := range map[string]any{"sold": "1300000.00", "bought": "1000000.00", "rate": "1.3", "pair": "GBPUSD", "via": "usd-gbp",
		"arrives_at": "2026-03-17T07:30:00-04:00", "cost": "500.00", "cost_base": "650.00", "at_market": true, "left": "1000000.00"} {
		if c[k] != want {
			t.Errorf("conversion %s = %v, want %v", k, c[k], want)
		}
	}
	if code, _, errs := wr(t, "decide", "--db", db, "--operator", "alice", "reverse", "2"); code != exitInput || !strings.Contains(errs, "sold by FX deal #3") {
		t.Errorf("reversing the draw: exit %d %s", code, errs)
	}
	if code, _, errs := wr(t, "decide", "--db", db, "--operator", "alice", "convert", "USD", "GBP", "1000", "--rate", "1.56"); code != exitInput || !strings.Contains(errs, "more than 10% from the market's 1.3") {
		t.Errorf("a slip: exit %d %s", code, errs)
	}
	if code, _, errs := wr(t, "decide", "--db", db, "--operator", "alice", "call", "LCH", "1", "--currency", "JPY"); code != exitInput || !strings.Contains(errs, `currency "JPY"`) {
		t.Errorf("JPY: exit %d %s", code, errs)
	}
	if code, _, _ := wr(t, "decide", "--db", db, "--operator", "alice", "draw", "usd-cash", "--rate", "1.3"); code != exitUsage {
		t.Errorf("--rate on a draw: exit %d", code)
	}
}
