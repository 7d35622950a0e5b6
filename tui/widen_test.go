package tui

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/warroom/warroom/book"
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

// TestLargeBookAmountsWhole drives the console over Arb-Capital with every
// figure a thousand times larger (a 10,500,000,000 call, a 14,000,000,000
// waterfall): on every stage, at 100 and 140 columns, no amount is cut to
// "…" (a digit or comma just before an ellipsis would be one).
func TestLargeBookAmountsWhole(t *testing.T) {
	raw, err := os.ReadFile("../book/demos/arb-capital.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Every whole amount of six digits or more, ×1000 (rates, haircuts and
	// betas are decimals or short, and stay).
	big := regexp.MustCompile(`\b([0-9]{6,})\b`).ReplaceAll(raw, []byte("${1}000"))
	b, err := book.Parse("big.yaml", big)
	if err != nil {
		t.Fatal(err)
	}
	cut := regexp.MustCompile(`[0-9,]…`)
	for _, w := range []int{100, 140} {
		h := newBookHarness(t, b, "", w, 50)
		h.want("10,500,000,000")
		for _, st := range []string{"1", "2", "3", "4"} {
			h.keys(st)
			if m := cut.FindString(h.screen()); m != "" {
				t.Fatalf("%d columns, stage %s: an amount is cut (%q):\n%s", w, st, m, h.screen())
			}
		}
	}
}

// TestClipWords: text too wide loses whole words, never part of an
// amount. Worked: "short 10,500,000,000" in 16 cells cannot show the
// amount whole, so it goes: "short…"; in 39 cells it all fits.
func TestClipWords(t *testing.T) {
	cases := []struct {
		in   string
		w    int
		want string
	}{
		{"posted credit 0 · short 10,500,000,000", 30, "posted credit 0 · short…"},
		{"posted credit 0 · short 10,500,000,000", 39, "posted credit 0 · short 10,500,000,000"},
		{"short 10,500,000,000", 16, "short…"},
		{"10,500,000,000", 8, "10,500,…"}, // one word: cut as clip does
	}
	for _, c := range cases {
		if got := clipWords(c.in, c.w); got != c.want || ansi.StringWidth(got) > c.w {
			t.Errorf("clipWords(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
}
