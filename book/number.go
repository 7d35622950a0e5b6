package book

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// bound is the range a figure must lie in.
type bound int

const (
	signed      bound = iota // market values, costs, shocks: any sign
	nonNegative              // amounts and rates that cannot be negative
	positive                 // source amounts, multipliers
	fraction                 // haircuts: [0, 1)
	share                    // [0, 1]
	openShare                // (0, 1]
	atLeastOne               // impact multipliers
	correlation              // [-1, 1]
)

var (
	plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	leadingZero = regexp.MustCompile(`^-?0[0-9]`)
	// tooLarge: no desk figure reaches a quadrillion; such a number is a
	// typo (extra zeros, a pasted id) and would swamp every total.
	tooLarge = decimal.New(1, 15)
)

// maxPlaces is the finest precision a figure may carry; more is a pasted
// float artefact (0.1 + 0.2 = 0.30000000000000004), not a price.
const maxPlaces = 10

// dec reads a figure of the book; ok is false when it is absent or bad.
func (f *fields) dec(name string, b bound) (decimal.Decimal, bool) {
	s, n, ok := f.scalar(name)
	if !ok {
		return decimal.Zero, false
	}
	return f.p.number(n, s, f.at(name), b)
}

// reqDec is dec for a field that must be present.
func (f *fields) reqDec(name string, b bound, why string) (decimal.Decimal, bool) {
	if f.get(name) == nil {
		f.missing(name, why)
		return decimal.Zero, false
	}
	return f.dec(name, b)
}

// number parses the literal text of a figure. The YAML library's own
// number types are never used: it would read 1.2e7 or 0x10 as numbers, and
// round-trip money through float64.
func (p *parser) number(n *yaml.Node, text, path string, b bound) (decimal.Decimal, bool) {
	d, msg := parseNumber(text, b)
	if msg != "" {
		p.errAt(n, path, "%s", msg)
		return decimal.Zero, false
	}
	return d, true
}

// figure is parseNumber, sharing the decimal of a short figure seen before
// (a beta of 1.2, a spread of 3 bps, a volatility of 0.015 recur on every
// other line of a big book). Decimals are immutable, so sharing one is
// safe; the bound is checked on every use.
func (p *parser) figure(text string, b bound) (decimal.Decimal, string) {
	if len(text) > 6 {
		return parseNumber(text, b)
	}
	if d, ok := p.figures[text]; ok {
		if msg := outOfBound(d, b); msg != "" {
			return decimal.Zero, fmt.Sprintf("%q %s", text, msg)
		}
		return d, ""
	}
	d, msg := parseNumber(text, signed)
	if msg != "" {
		return parseNumber(text, b)
	}
	if p.figures == nil {
		p.figures = map[string]decimal.Decimal{}
	}
	if len(p.figures) < 4096 {
		p.figures[text] = d
	}
	if msg := outOfBound(d, b); msg != "" {
		return decimal.Zero, fmt.Sprintf("%q %s", text, msg)
	}
	return d, ""
}

// parseNumber reads the literal text of a figure within bound b; msg says
// what is wrong with it ("" when nothing is). It allocates nothing beyond
// the decimal itself when the text is a plain figure, the common case of a
// book of ten thousand positions.
func parseNumber(text string, b bound) (d decimal.Decimal, msg string) {
	if v, exp, ok := plainFigure(text); ok {
		d = decimal.New(v, exp)
	} else {
		if problem := numberProblem(text); problem != "" {
			return decimal.Zero, fmt.Sprintf("%q %s", text, problem)
		}
		var err error
		if d, err = decimal.NewFromString(text); err != nil {
			return decimal.Zero, fmt.Sprintf("%q is not a number", text)
		}
		if _, frac, ok := strings.Cut(text, "."); ok && len(frac) > maxPlaces {
			return decimal.Zero, fmt.Sprintf("%q has %d decimal places; at most %d", text, len(frac), maxPlaces)
		}
		if d.Abs().Cmp(tooLarge) >= 0 {
			return decimal.Zero, fmt.Sprintf("%q is implausibly large (1e15 or more); check the figure", text)
		}
	}
	if msg := outOfBound(d, b); msg != "" {
		return decimal.Zero, fmt.Sprintf("%q %s", text, msg)
	}
	return d, ""
}

// plainFigure is the fast reading of a figure that numberProblem would
// pass as it stands: an optional minus, digits without a leading zero, an
// optional point with 1 to maxPlaces digits, below tooLarge. It returns
// the digits as an integer and the exponent; ok is false for anything else
// (which the slow path then names precisely).
func plainFigure(s string) (v int64, exp int32, ok bool) {
	i, neg := 0, false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		v = v*10 + int64(s[i]-'0')
		i++
	}
	intDigits := i - start
	// 15 integer digits stay below tooLarge (1e15); a 16th is its business.
	if intDigits == 0 || intDigits > 15 || (s[start] == '0' && intDigits > 1) {
		return 0, 0, false
	}
	if i < len(s) {
		if s[i] != '.' {
			return 0, 0, false
		}
		i++
		fs := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		places := i - fs
		// 15 + 3 digits stay below 2^63; more places take the slow path.
		if places == 0 || places > 3 || i != len(s) {
			return 0, 0, false
		}
		for j := fs; j < i; j++ {
			v = v*10 + int64(s[j]-'0')
		}
		exp = -int32(places)
	}
	if neg {
		v = -v
	}
	return v, exp, true
}

// numberProblem names what is wrong with the text of a figure, most
// specific first, so the author learns how to write it; "" when it is a
// plain decimal.
func numberProblem(s string) string {
	lower := strings.ToLower(s)
	unsigned := strings.TrimLeft(lower, "+-")
	switch {
	case s == "":
		return "is empty"
	case strings.TrimSpace(s) != s:
		return "has spaces around it"
	case unsigned == "inf" || unsigned == ".inf" || unsigned == "infinity" || unsigned == "nan" || unsigned == ".nan":
		return "is not a finite number"
	case strings.HasPrefix(unsigned, "0x"):
		return "is hexadecimal; write the amount in decimal digits"
	case strings.HasPrefix(unsigned, "0o"):
		return "is octal; write the amount in decimal digits"
	case strings.HasPrefix(unsigned, "0b"):
		return "is binary; write the amount in decimal digits"
	case strings.Contains(lower, "e") && startsNumeric(unsigned):
		if d, err := decimal.NewFromString(s); err == nil {
			return fmt.Sprintf("has an exponent; write the amount in full (%s)", d.String())
		}
		return "has an exponent; write the amount in full"
	case strings.Contains(s, "_"):
		if t := strings.ReplaceAll(s, "_", ""); plainNumber.MatchString(t) {
			return fmt.Sprintf("has underscores; write the digits alone (%s)", t)
		}
		return "has underscores; write the digits alone"
	case strings.Contains(s, ","):
		return "has a comma; write digits and a decimal point only (1234567.89)"
	case strings.HasPrefix(s, "+"):
		return "has a plus sign; write the number without it"
	case strings.HasSuffix(s, "%"):
		return "has a percent sign; write a fraction (5% is 0.05), or basis points in _bps fields"
	case strings.HasPrefix(unsigned, "."):
		return fmt.Sprintf("starts with a decimal point; write a 0 before it (%s)", strings.Replace(s, ".", "0.", 1))
	case strings.HasSuffix(s, "."):
		return "ends with a decimal point; write digits after it or drop it"
	case !plainNumber.MatchString(s):
		return "is not a number; want digits with an optional minus sign and decimal point, e.g. 1250000.50"
	case leadingZero.MatchString(s):
		// YAML 1.1 readers (and many people) take 010 as octal 8.
		d, _ := decimal.NewFromString(s)
		return fmt.Sprintf("has a leading zero, which some readers take as octal; write %s", d.String())
	}
	return ""
}

func startsNumeric(s string) bool {
	return s != "" && (s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))
}

var decOne = decimal.NewFromInt(1)

func outOfBound(d decimal.Decimal, b bound) string {
	const hint = " (a fraction: 2% is 0.02)"
	switch b {
	case nonNegative:
		if d.IsNegative() {
			return "must not be negative"
		}
	case positive:
		if !d.IsPositive() {
			return "must be greater than 0"
		}
	case fraction:
		if d.IsNegative() || d.Cmp(decOne) >= 0 {
			return "is out of range; want at least 0 and below 1" + hint
		}
	case share:
		if d.IsNegative() || d.Cmp(decOne) > 0 {
			return "is out of range; want between 0 and 1" + hint
		}
	case openShare:
		if !d.IsPositive() || d.Cmp(decOne) > 0 {
			return "is out of range; want above 0 and at most 1" + hint
		}
	case correlation:
		if d.Abs().Cmp(decOne) > 0 {
			return "is out of range; want between -1 and 1"
		}
	case atLeastOne:
		if d.Cmp(decOne) < 0 {
			return "must be at least 1"
		}
	}
	return ""
}
