// Package inert makes text that came from outside — book names, operators'
// rationales and notes, counterparty messages, feed lines — safe to show:
// on a terminal an escape sequence could repaint or hide the figures a
// treasurer is acting on, and a bidi override could reorder what the eye
// reads. Every view of user text (console, markdown, csv, plain text) goes
// through Text. It never changes the stored evidence, only what is shown.
package inert

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Text renders s inert: escape sequences are removed, other control
// characters and bidi overrides become '?', invalid UTF-8 becomes '?', and
// line breaks and tabs become spaces so that a row stays one row.
func Text(s string) string {
	// Fast path: printable ASCII (ids, most names) is already inert.
	clean := true
	for i := 0; clean && i < len(s); i++ {
		clean = s[i] >= 0x20 && s[i] < 0x7f
	}
	if clean {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	if strings.ContainsAny(s, "\x1b\u009b\u0090\u009d\u009e\u009f") {
		s = ansi.Strip(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteByte('?')
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
			b.WriteByte('?')
		case r == utf8.RuneError:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Clip is Text cut to at most n runes, with an ellipsis when cut: a pasted
// megabyte in a note must not stall a screen.
func Clip(s string, n int) string {
	if len(s) > 4*n+4 {
		s = s[:4*n+4] // enough bytes for n runes; Text repairs a cut rune
	}
	t := Text(s)
	if utf8.RuneCountInString(t) <= n {
		return t
	}
	r := []rune(t)
	return string(r[:n]) + "…"
}
