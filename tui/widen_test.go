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

// TestLogPaneGrowsWithHeight (item 13): the stacked log pane keeps seven
// lines (six under its title) on a 30-line terminal (body 25, 5 of
// chrome) and grows with the height: 60 lines leave a body of 55, a
// quarter of it 13 lines (12 rows); 100 lines, 95 → 23 (22 rows).
func TestLogPaneGrowsWithHeight(t *testing.T) {
	for _, c := range []struct{ h, want int }{{24, 5}, {30, 6}, {60, 12}, {100, 22}} {
		hs := newHarness(t, 100, c.h)
		if got := hs.m.log.list.height; got != c.want {
			t.Errorf("height %d: log pane %d rows, want %d", c.h, got, c.want)
		}
	}
	hs := newHarness(t, 100, 60)
	for i := 0; i < 11; i++ {
		hs.keys("n")
		hs.typeText("note")
		hs.keys("enter")
	}
	hs.want("note: note")
	if n := len(hs.m.log.seqs); n != 11 {
		t.Fatalf("%d log rows", n)
	}
	hs.wantNot("↓ more") // 11 decisions and a header fit in 12 rows
}
