package drill

import (
	"strings"
	"testing"
)

// A drill's call may name its currency: one the book has a rate for
// (located error otherwise); the playbook then keys it in that currency.
func TestDrillCallCurrency(t *testing.T) {
	src := "drill: c\nbook_demo: two-ccps-fx\nends: \"17:00\"\nevents:\n  - at: \"09:00\"\n    kind: call\n    counterparty: LCH\n    amount: 500000\n    vm: 500000\n    currency: %s\n"
	d, err := Parse("c.yaml", []byte(strings.Replace(src, "%s", "USD", 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Events[0].Decision.Currency; got != "USD" {
		t.Errorf("call currency %q", got)
	}
	_, err = Parse("c.yaml", []byte(strings.Replace(src, "%s", "JPY", 1)), nil)
	if err == nil || !strings.Contains(err.Error(), `c.yaml:10:15: events[0].currency: "JPY": the book's currencies are USD, GBP, EUR`) {
		t.Errorf("JPY: %v", err)
	}
}
