package engine

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

var amountRe = regexp.MustCompile(`^(-?)([0-9]+(?:,[0-9]{3})*|[0-9]*)(\.[0-9]+)?([kKmMbB]?)$`)

// ParseAmount reads an amount as a person types it: "1500000",
// "1,500,000", "1500000.50", "1.5m", "250k", "2b". It is exact: the text
// is read as a decimal, never through a float; exponents are refused.
func ParseAmount(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(strings.ReplaceAll(s, "_", ""))
	m := amountRe.FindStringSubmatch(t)
	if m == nil || (m[2] == "" && m[3] == "") {
		return decimal.Zero, fmt.Errorf("amount %q: want digits like 1500000, 1,500,000, 1.5m or 250k", s)
	}
	d, err := decimal.NewFromString(m[1] + strings.ReplaceAll(m[2], ",", "") + m[3])
	if err != nil {
		return decimal.Zero, fmt.Errorf("amount %q: %w", s, err)
	}
	switch strings.ToLower(m[4]) {
	case "k":
		d = d.Shift(3)
	case "m":
		d = d.Shift(6)
	case "b":
		d = d.Shift(9)
	}
	if d.Abs().Cmp(decimal.New(1, 15)) >= 0 {
		return decimal.Zero, fmt.Errorf("amount %q: too large to be a real figure", s)
	}
	if d.Exponent() < -2 {
		return decimal.Zero, fmt.Errorf("amount %q: more than two decimals (cents)", s)
	}
	return d, nil
}
