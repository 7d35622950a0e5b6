package engine

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

var amountRe = regexp.MustCompile(`^(-?)\$?([0-9]+(?:,[0-9]{3})*|[0-9]*)(\.[0-9]+)?(bn|mm|[kmb]?)$`)

// ParseAmount reads an amount as a person types it under pressure:
// "1500000", "1,500,000", "$1,500,000.50", "1.5m" (or "1.5mm"), "250k",
// "2b" (or "2bn"). It is exact: the text is read as a decimal, never
// through a float; exponents are refused, and so are more than two
// decimals after the multiplier is applied.
func ParseAmount(s string) (decimal.Decimal, error) {
	if len(s) > 40 {
		return decimal.Zero, fmt.Errorf("amount %q…: too long to be an amount", s[:20])
	}
	t := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "_", "")))
	m := amountRe.FindStringSubmatch(t)
	if m == nil || (m[2] == "" && m[3] == "") {
		return decimal.Zero, fmt.Errorf("amount %q: want digits like 1500000, 1,500,000, 1.5m or 250k", s)
	}
	d, err := decimal.NewFromString(m[1] + strings.ReplaceAll(m[2], ",", "") + m[3])
	if err != nil {
		return decimal.Zero, fmt.Errorf("amount %q: %w", s, err)
	}
	switch m[4] {
	case "k":
		d = d.Shift(3)
	case "m", "mm":
		d = d.Shift(6)
	case "b", "bn":
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
