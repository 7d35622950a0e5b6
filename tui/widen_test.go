package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestLargeAmountsNotCut (issue 19, item 13): a 15-character amount in an
// 11-wide column is shown whole (the name column gives way), and every
// row of the table stays aligned with the widened column.
func TestLargeAmountsNotCut(t *testing.T) {
	cols := []column{{title: "Name", width: 0}, {title: "Amount", width: 11, right: true}, {title: "Flag", width: 6}}
	var l listView
	l.setSize(60, 10)
	l.setLines([]line{headLine(cols),
		rowLine(cols, cell{"small", toneNone}, cell{"1,000", toneNone}, cell{"✓", toneNone}).pick(),
		rowLine(cols, cell{"huge", toneNone}, cell{"123,456,789,012", toneNone}, cell{"✗", toneNone}).pick()})
	out := strings.Split(stripped(l.view(NewStyles(true), false)), "\n")
	if !strings.Contains(out[2], "123,456,789,012") {
		t.Fatalf("the amount is cut: %q", out[2])
	}
	end := func(s, sub string) int { return ansi.StringWidth(s[:strings.Index(s, sub)+len(sub)]) }
	if a, b, h := end(out[1], "1,000"), end(out[2], "123,456,789,012"), end(out[0], "Amount"); a != b || a != h {
		t.Fatalf("misaligned: head %d, rows %d and %d\n%s", h, a, b, strings.Join(out, "\n"))
	}
	// Boundary: exactly the column's width is not widened.
	var m listView
	m.setSize(60, 10)
	m.setLines([]line{rowLine(cols, cell{"x", toneNone}, cell{"999,999,999", toneNone}, cell{"", toneNone})})
	if w := m.lines[0].cols[1].width; w != 11 {
		t.Fatalf("an 11-character amount widened the column to %d", w)
	}
}
