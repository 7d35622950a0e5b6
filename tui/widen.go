package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// widen gives each table's fixed columns the width of their widest cell,
// so a large amount (a 15-digit call) is never cut to "1,234,567,…": the
// flexing name column gives way first, then columns marked drop. Lines
// of one table share their cols slice; each table is widened as a whole
// so its rows stay aligned.
func widen(lines []line) {
	wide := map[*column][]column{}
	for _, l := range lines {
		if len(l.cols) == 0 || l.head {
			continue
		}
		k := &l.cols[0]
		w, ok := wide[k]
		if !ok {
			w = append([]column(nil), l.cols...)
			wide[k] = w
		}
		for i, c := range l.cells {
			if i < len(w) && w[i].width > 0 {
				cw := 0
				if len(l.cw) == len(l.cells) {
					cw = l.cw[i]
				} else {
					cw = ansi.StringWidth(c.text)
				}
				w[i].width = max(w[i].width, cw)
			}
		}
	}
	for i := range lines {
		if len(lines[i].cols) > 0 {
			if w, ok := wide[&lines[i].cols[0]]; ok {
				lines[i].cols = w
			}
		}
	}
}

// kept marks a row that is kept and shown again (the log's): each cell's
// width is measured once, so widening it next time measures nothing, and
// its drawing is kept for the next frame.
func (l line) kept() line {
	l.rc = &rendered{}
	l.cw = make([]int, len(l.cells))
	for i, c := range l.cells {
		l.cw[i] = ansi.StringWidth(c.text)
	}
	return l
}

// clipWords fits plain text in w cells by dropping whole words from the
// end: an amount is shown whole or not at all, never cut to "10,500,0…",
// which reads as a different figure. A single word wider than the room
// is cut as clip does.
func clipWords(s string, w int) string {
	if w <= 0 || ansi.StringWidth(s) <= w {
		return clip(s, w)
	}
	t := ansi.Truncate(s, w-1, "")
	if i := strings.LastIndexByte(strings.TrimRight(t, " "), ' '); i > 0 && ansi.StringWidth(t[:i]) >= w/3 {
		// The cut fell inside a word: drop it (and a dangling separator).
		if len(t) < len(s) && s[len(t)] != ' ' {
			t = t[:i]
		}
		t = strings.TrimRight(strings.TrimRight(strings.TrimRight(t, " "), "·:,;("), " ")
	}
	return t + "…"
}
