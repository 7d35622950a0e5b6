package tui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// tone is the semantic style of a line or cell, resolved at render time.
type tone int

const (
	toneNone tone = iota
	toneTitle
	toneMuted
	toneBreach
	toneWarn
	toneOK
)

func (s Styles) tone(t tone, text string) string {
	switch t {
	case toneTitle:
		return s.Title.Render(text)
	case toneMuted:
		return s.Muted.Render(text)
	case toneBreach:
		return s.Breach.Render(text)
	case toneWarn:
		return s.Warn.Render(text)
	case toneOK:
		return s.OK.Render(text)
	}
	return text
}

// column is one column of a table section. A zero width flexes to take the
// room left; drop > 0 columns are dropped, highest first, when the pane is
// too narrow, so a figure is never cut in half at 80 columns.
type column struct {
	title string
	width int
	right bool
	drop  int
	min   int // for the flexing column: room it keeps (default minFlex)
}

// cell is a table cell's text and tone.
type cell struct {
	text string
	tone tone
}

// line is one line of a stage pane: a table row (cells over cols), a table
// header (cols only) or free text. row ≥ 0 makes it selectable.
type line struct {
	bar   *barSpec
	text  string
	short string // free text for a narrow pane, figures first (optional)
	tone  tone
	cols  []column
	cells []cell
	head  bool
	row   int
	// find is what the filter matches beside the text shown: the ids and
	// names the row stands for, so "/mmf" finds "Money market fund" and
	// "/Money" the draw of mmf, whichever the treasurer types.
	find string
	cw   []int     // each cell's width, when measured once for a row kept (widen)
	rc   *rendered // a kept row's last drawing (the log's rows outlive a snapshot)
}

func textLine(t tone, s string) line         { return line{text: s, tone: t, row: -1} }
func headLine(cols []column) line            { return line{cols: cols, head: true, row: -1} }
func rowLine(cols []column, cs ...cell) line { return line{cols: cols, cells: cs, row: -1} }

// findAs adds the ids and names the filter should also match to a row.
func (l line) findAs(names ...string) line {
	l.find = strings.Join(append([]string{l.find}, names...), " ")
	return l
}

// minFlex is the least room a flexing (name) column keeps before other
// columns are dropped: a name cut to a few letters names nothing.
const minFlex = 16

// widths lays columns out in w cells (one space between, two for the
// selection marker); a width < 0 marks a dropped column.
func widths(cols []column, w int) []int {
	out := make([]int, len(cols))
	for {
		sum, flex := 2, -1
		for i, c := range cols {
			if out[i] < 0 {
				continue
			}
			sum += c.width + 1
			if c.width == 0 {
				flex = i
			}
		}
		room := w - sum
		need := minFlex
		if flex >= 0 && cols[flex].min > 0 {
			need = cols[flex].min
		}
		if flex >= 0 && room >= need || flex < 0 && room >= 0 {
			for i, c := range cols {
				if out[i] >= 0 {
					out[i] = c.width
				}
			}
			if flex >= 0 {
				out[flex] = room
			}
			return out
		}
		worst := -1
		for i, c := range cols {
			if out[i] >= 0 && c.drop > 0 && (worst < 0 || c.drop > cols[worst].drop) {
				worst = i
			}
		}
		if worst < 0 {
			for i, c := range cols {
				if out[i] >= 0 {
					out[i] = c.width
				}
			}
			if flex >= 0 {
				out[flex] = max(room, 3)
			}
			return out
		}
		out[worst] = -1
	}
}

// render draws the line in w cells. A selected line carries the "›"
// marker always (so the selection reads without colour) and the Selected
// highlight when its pane has the focus.
func (l line) render(s Styles, w int, marked, selected bool) string {
	mark := "  "
	if marked {
		mark = "› "
	}
	if l.bar != nil {
		return l.bar.render(s, w)
	}
	if l.cols == nil {
		text := l.text
		if l.short != "" && ansi.StringWidth(mark+text) > w {
			text = l.short
		}
		t := clipWords(mark+text, w)
		if selected {
			return s.Selected.Render(fit(ansi.Strip(t), w))
		}
		return s.tone(l.tone, t)
	}
	ws := widths(l.cols, w)
	if rc := l.rc; rc != nil && rc.w == w && rc.marked == marked && rc.selected == selected && rc.dark == s.Dark && slices.Equal(rc.ws, ws) {
		return rc.out
	}
	var b strings.Builder
	b.WriteString(mark)
	for i, c := range l.cols {
		if ws[i] < 0 {
			continue
		}
		txt, t := c.title, toneMuted
		if !l.head {
			txt, t = "", toneNone
			if i < len(l.cells) {
				txt, t = l.cells[i].text, l.cells[i].tone
			}
		}
		if c.right {
			txt = fitRight(txt, ws[i])
		} else {
			txt = fit(txt, ws[i])
		}
		if !selected {
			txt = s.tone(t, txt)
		}
		b.WriteString(txt)
		b.WriteByte(' ')
	}
	out := clip(b.String(), w)
	if selected {
		out = s.Selected.Render(fit(out, w))
	}
	if l.rc != nil {
		*l.rc = rendered{w: w, ws: ws, marked: marked, selected: selected, dark: s.Dark, out: out}
	}
	return out
}

// listView is a scrolling pane of lines with a selectable subset: the one
// scroll model every stage and the log use, so every pane scrolls the same
// way at any size.
type listView struct {
	lines  []line
	rowAt  []int // shown row → line index
	sel    int   // the selected shown row
	offset int
	width  int
	height int
	free   bool // scrolled past the selection
	// all is every line before the filter; lines holds those shown. A
	// line's row is its index among all rows, so that actions on the
	// selection reach the same item whether or not a filter hides others.
	all    []line
	filter string
	// src is the content as last given, before widening: a snapshot that
	// rebuilds the same rows (a note changes no stage) keeps the pane and
	// its drawing. ver names the lines shown; vc is the last drawing.
	src []line
	ver uint64
	vc  *paneCache
}

// setLines replaces the content, keeping the selection on the same row
// index where it still exists, and the filter.
func (l *listView) setLines(lines []line) {
	if l.vc != nil && sameLines(lines, l.src) {
		return
	}
	l.src = lines
	lines = slices.Clone(lines)
	widen(lines)
	n := 0
	for i := range lines {
		if lines[i].row >= 0 {
			lines[i].row = n
			n++
		}
	}
	l.all = lines
	l.applyFilter()
}

func (l *listView) setSize(w, h int) { l.width, l.height = max(w, 0), max(h, 0); l.clamp() }

// move moves the selection; past the last row (or above the first) it
// scrolls the window instead, so text after the rows (a chart, a summary)
// is reachable at any height.
func (l *listView) move(d int) {
	n := len(l.rowAt)
	switch {
	case d > 0 && (n == 0 || l.sel+d > n-1) && l.free || d > 0 && (n == 0 || l.sel == n-1):
		l.free = true
		l.offset += d
	case d < 0 && l.free:
		l.offset += d
		if n > 0 && l.rowAt[l.sel] >= l.offset {
			l.free = false
		}
	default:
		l.sel += d
		l.free = false
	}
	l.clamp()
}

// selectRow selects a row by its index among all rows (clamped; under a
// filter, the nearest shown row at or before it).
func (l *listView) selectRow(i int) {
	p := i
	if l.filter != "" {
		p = 0
		for q, li := range l.rowAt {
			if l.lines[li].row <= i {
				p = q
			}
		}
	}
	l.sel, l.free = p, false
	l.clamp()
}

// pick makes a line selectable.
func (l line) pick() line { l.row = 0; return l }

// visible is how many lines of content the pane shows: when they do not
// all fit, the last line is kept for the scroll hint, so the hint never
// covers a figure.
func (l listView) visible() int {
	if len(l.lines) > l.height && l.height > 1 {
		return l.height - 1
	}
	return l.height
}

func (l *listView) clamp() {
	if l.sel >= len(l.rowAt) {
		l.sel = len(l.rowAt) - 1
	}
	if l.sel < 0 {
		l.sel = 0
	}
	if l.height <= 0 {
		return
	}
	vis := l.visible()
	if len(l.rowAt) > 0 && !l.free {
		at := l.rowAt[l.sel]
		if at < l.offset {
			l.offset = at
		}
		if at >= l.offset+vis {
			l.offset = at - vis + 1
		}
		// Show the section title above the first row when it fits.
		if l.sel == 0 && at < vis {
			l.offset = 0
		}
	}
	if l.offset > len(l.lines)-vis {
		l.offset = len(l.lines) - vis
	}
	if l.offset < 0 {
		l.offset = 0
	}
}

// scroll moves the window without a selection (a pane of text only).
func (l *listView) scroll(d int) {
	if len(l.rowAt) > 0 {
		l.move(d)
		return
	}
	l.offset += d
	l.free = true
	l.clamp()
}

// selected is the selected row's index among all rows, -1 when none is
// shown.
func (l listView) selected() int {
	if len(l.rowAt) == 0 {
		return -1
	}
	return l.lines[l.rowAt[l.sel]].row
}

func (l listView) draw(s Styles, focused bool) string {
	out := make([]string, 0, l.height)
	selLine := -1
	if len(l.rowAt) > 0 {
		selLine = l.rowAt[l.sel]
	}
	end := min(len(l.lines), l.offset+l.visible())
	for i := l.offset; i < end; i++ {
		out = append(out, l.lines[i].render(s, l.width, i == selLine, i == selLine && focused))
	}
	if len(l.lines) > l.height && l.height > 1 {
		// A scroll hint on a line of its own says there is more.
		more := ""
		switch {
		case l.offset > 0 && end < len(l.lines):
			more = "↑↓ more"
		case end < len(l.lines):
			more = "↓ more"
		case l.offset > 0:
			more = "↑ more"
		}
		out = append(out, fitRight(s.Muted.Render(more), l.width))
	}
	for len(out) < l.height {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

// barSpec is one bar of a chart: fill and mark are fractions of the bar's
// width (layout only; the figures beside it are exact).
type barSpec struct {
	label, value string
	fill, mark   float64
	late         bool
}

func (b *barSpec) render(s Styles, w int) string {
	lw, vw := 12, 16
	bw := w - 2 - lw - 1 - 1 - vw
	if bw < 4 {
		return clip("  "+b.label+" "+b.value, w)
	}
	n := int(b.fill*float64(bw) + 0.5)
	n = min(max(n, 0), bw)
	mk := -1
	if b.mark > 0 {
		mk = min(int(b.mark*float64(bw)+0.5), bw-1)
	}
	var bar strings.Builder
	for i := 0; i < bw; i++ {
		switch {
		case i == mk:
			bar.WriteString("┃")
		case i < n && b.late:
			bar.WriteString("░")
		case i < n:
			bar.WriteString("█")
		default:
			bar.WriteString("·")
		}
	}
	st := s.Bar
	if b.late {
		st = s.BarLate
	}
	return "  " + fit(b.label, lw) + " " + st.Render(bar.String()) + " " + fitRight(b.value, vw)
}
