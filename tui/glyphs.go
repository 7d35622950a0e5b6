package tui

import "strings"

// asciiGlyphs stands in for the console's glyphs on a terminal whose
// locale is not UTF-8 (Options.ASCII), where they would print as
// mojibake. Each stand-in is one cell wide, like the glyph it replaces,
// so every layout computed on the glyphs still holds; the words beside
// them (SHORTFALL, COVERED, late) carry the meaning.
var asciiGlyphs = strings.NewReplacer(
	"·", ".", "•", "*", "✗", "x", "✓", "+", "×", "x", "⚠", "!", "→", ">", "←", "<",
	"↑", "^", "↓", "v", "⇣", "v", "…", "~", "⊘", "/", "⧗", "~", "▶", ">", "›", ">",
	"│", "|", "┃", "|", "—", "-", "−", "-", "⏸", "=", "●", "*", "○", "o", "◐", "o",
	"⚑", "!", "▏", "|", "░", ":", "█", "#", "≥", ">", "≠", "#",
	"▁", "_", "▂", "_", "▃", "-", "▄", "-", "▅", "=", "▆", "=", "▇", "#",
)

// glyphs applies the ASCII fallback when the console is told to.
func (m Model) glyphs(s string) string {
	if !m.opts.ASCII {
		return s
	}
	return asciiGlyphs.Replace(s)
}
