package engine

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Money figures are decimals; these helpers name the rounding policies so
// that every boundary says which one it applies.

var (
	zero       = decimal.Zero
	one        = decimal.NewFromInt(1)
	bpsPerUnit = decimal.NewFromInt(10000)
	daysInYear = decimal.NewFromInt(360) // ACT/360 money-market convention
)

// Cents rounds an amount to cents, half away from zero: the policy for a
// computed figure (a stressed value, a cost, proceeds).
func Cents(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// CentsUp rounds an amount up to the next cent (away from zero): the policy
// for a requirement that must never be short by a cent, such as the
// securities to post so that value after haircut covers a call.
func CentsUp(d decimal.Decimal) decimal.Decimal {
	if d.Sign() >= 0 {
		return d.RoundCeil(2)
	}
	return d.RoundFloor(2)
}

// CentsDown rounds towards zero: the policy for what a source can raise,
// so a plan never counts a fraction of a cent it will not receive.
func CentsDown(d decimal.Decimal) decimal.Decimal { return d.Truncate(2) }

// MinDec returns the smaller of a and b.
func MinDec(a, b decimal.Decimal) decimal.Decimal {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

// MaxDec returns the larger of a and b.
func MaxDec(a, b decimal.Decimal) decimal.Decimal {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// FormatMoney renders an amount the way the seed's tables do: thousands
// separators, two decimals, negatives in parentheses.
func FormatMoney(d decimal.Decimal) string {
	s := Cents(d).StringFixed(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String() + "." + frac
	if neg && !Cents(d).IsZero() {
		return "(" + out + ")"
	}
	return out
}

// FormatWhole renders an amount rounded to whole units with separators and
// parentheses for negatives, for dense screens where cents are noise.
func FormatWhole(d decimal.Decimal) string {
	s := FormatMoney(d.Round(0))
	if strings.HasPrefix(s, "(") {
		return strings.TrimSuffix(s, ".00)") + ")"
	}
	return strings.TrimSuffix(s, ".00")
}

// JSONMoney renders an amount for machines: a string with two decimals.
func JSONMoney(d decimal.Decimal) string { return Cents(d).StringFixed(2) }
