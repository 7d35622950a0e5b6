package tui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// maxText caps how much of one user-provided string is shown: a pasted
// megabyte in a note must not stall the screen.
const maxText = 400

// sanitize renders text from books, logs and the keyboard inert: escape
// sequences are removed, other control characters (and bidi overrides,
// which can reorder what the eye reads) become '?', invalid UTF-8 becomes
// '?', and newlines and tabs become spaces so a row stays one row. Every
// user-provided string reaches the screen through it.
func sanitize(s string) string {
	// Fast path: plain printable ASCII (ids, most names) is already inert.
	plain := len(s) <= maxText
	for i := 0; plain && i < len(s); i++ {
		plain = s[i] >= 0x20 && s[i] < 0x7f
	}
	if plain {
		return s
	}
	if len(s) > 4*maxText {
		s = s[:4*maxText]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	if strings.ContainsAny(s, "\x1b\x9b\x90\x9d\x9e\x9f") {
		s = ansi.Strip(s)
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n >= maxText {
			b.WriteString("…")
			break
		}
		n++
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
