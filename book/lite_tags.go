package book

import (
	"strconv"
	"strings"
	"time"
)

// The tags the YAML library gives plain scalars, and the escapes of its
// double-quoted ones, as the light reader needs them to build the very
// same nodes.

var (
	simpleEscapes = map[byte]rune{'0': 0, 'a': 7, 'b': 8, 't': 9, 'n': 10, 'v': 11, 'f': 12, 'r': 13, 'e': 0x1b,
		' ': ' ', '"': '"', '/': '/', '\\': '\\', 'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029}
	hexEscapes = map[byte]int{'x': 2, 'u': 4, 'U': 8}
)

// plainTag is the tag the YAML library resolves a plain scalar to.
func plainTag(s string) string {
	if s != "" {
		// The common cases first, without the library's conversions: a
		// word that no resolver entry starts with, a plain integer, a plain
		// decimal (short enough that it cannot overflow a float64).
		if c := s[0]; c >= 'A' && c <= 'z' && strings.IndexByte("yYnNtTfFoO", c) < 0 && (c <= 'Z' || c >= 'a') {
			return "!!str"
		}
		if t := plainNumberTag(s); t != "" {
			return t
		}
	}
	switch s {
	case "", "~", "null", "Null", "NULL":
		return "!!null"
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return "!!float"
	case "<<":
		return "!!merge"
	}
	switch c := s[0]; {
	case c == '.':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return "!!float"
		}
	case c == '+' || c == '-' || (c >= '0' && c <= '9'):
		if isTimestamp(s) {
			return "!!timestamp"
		}
		plain := strings.ReplaceAll(s, "_", "")
		if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return "!!int"
		}
		if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return "!!int"
		}
		if yamlFloat(plain) {
			if _, err := strconv.ParseFloat(plain, 64); err == nil {
				return "!!float"
			}
		}
		for _, pre := range []string{"0b", "-0b", "0o", "-0o"} {
			if rest, ok := strings.CutPrefix(plain, pre); ok {
				base := 2
				if pre[len(pre)-1] == 'o' {
					base = 8
				}
				if pre[0] == '-' {
					rest = "-" + rest
				}
				if _, err := strconv.ParseInt(rest, base, 64); err == nil {
					return "!!int"
				}
				if _, err := strconv.ParseUint(rest, base, 64); err == nil && pre[0] != '-' {
					return "!!int"
				}
			}
		}
	}
	return "!!str"
}

// plainNumberTag is "!!int" for up to 18 digits with an optional minus,
// "!!float" for such digits with a fractional part, "" for anything else.
func plainNumberTag(s string) string {
	i := 0
	if s[0] == '-' {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	// A leading zero is octal to the library: let it decide.
	if i == start || i-start > 18 || (s[start] == '0' && i-start > 1) {
		return ""
	}
	if i == len(s) {
		return "!!int"
	}
	if s[i] != '.' || len(s) > 20 {
		return ""
	}
	for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
	}
	if i == len(s) {
		return "!!float"
	}
	return ""
}

// yamlFloat is the library's ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$.
func yamlFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// isTimestamp mirrors the library's parseTimestamp.
func isTimestamp(s string) bool {
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, format := range []string{"2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999", "2006-1-2"} {
		if _, err := time.Parse(format, s); err == nil {
			return true
		}
	}
	return false
}
