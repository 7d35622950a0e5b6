package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// maxAmount bounds what the amount field accepts: no margin call is a
// quadrillion, and a bound keeps a pasted run of digits from becoming a
// decision.
var maxAmount = decimal.New(1, 15)

var errNoAmount = errors.New("enter an amount such as 1500000, 1,500,000, 1.5m or 250k")

// parseAmount reads an amount the way people type it under pressure:
// "1500000", "1,500,000", "1.5m", "250k", "2bn". It parses the digits as
// a decimal string (never through float), refuses anything else with a
// message that says what would work, and never panics.
func parseAmount(s string) (decimal.Decimal, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimPrefix(t, "$")
	if t == "" {
		return decimal.Zero, errNoAmount
	}
	if len(t) > 32 {
		return decimal.Zero, fmt.Errorf("%q is too long for an amount; %v", sanitize(t[:32])+"…", errNoAmount)
	}
	mult := decimal.NewFromInt(1)
	for _, sfx := range []struct {
		s string
		m int64
	}{{"bn", 1e9}, {"mm", 1e6}, {"b", 1e9}, {"m", 1e6}, {"k", 1e3}} {
		if rest, ok := strings.CutSuffix(t, sfx.s); ok {
			t, mult = strings.TrimSpace(rest), decimal.NewFromInt(sfx.m)
			break
		}
	}
	intPart, frac, hasDot := strings.Cut(t, ".")
	if strings.Contains(frac, ".") || strings.Contains(frac, ",") {
		return decimal.Zero, fmt.Errorf("%q: one decimal point at most, no commas after it", sanitize(s))
	}
	intPart = strings.ReplaceAll(intPart, ",", "")
	intPart = strings.ReplaceAll(intPart, "_", "")
	if intPart == "" && (!hasDot || frac == "") {
		return decimal.Zero, fmt.Errorf("%q: %v", sanitize(s), errNoAmount)
	}
	for _, part := range []string{intPart, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				if r == '-' {
					return decimal.Zero, errors.New("an amount must be positive; to undo a decision, reverse it (x)")
				}
				return decimal.Zero, fmt.Errorf("%q: %v", sanitize(s), errNoAmount)
			}
		}
	}
	num := intPart
	if num == "" {
		num = "0"
	}
	if hasDot && frac != "" {
		num += "." + frac
	}
	d, err := decimal.NewFromString(num)
	if err != nil {
		return decimal.Zero, fmt.Errorf("%q: %v", sanitize(s), errNoAmount)
	}
	d = d.Mul(mult)
	switch {
	case d.Sign() <= 0:
		return decimal.Zero, errors.New("an amount must be more than zero")
	case !d.Equal(d.Round(2)):
		return decimal.Zero, fmt.Errorf("%q: amounts are in cents at most", sanitize(s))
	case d.Cmp(maxAmount) >= 0:
		return decimal.Zero, fmt.Errorf("%q is beyond any call this console handles", sanitize(s))
	}
	return d, nil
}
