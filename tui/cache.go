package tui

import (
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/warroom/warroom/playbook"
)

// What a frame keeps from the last. Bubble Tea draws the whole model after
// every message; most messages change a corner of it (a key typed in a
// prompt, one decision more in the log), so each part keeps its last
// drawing with the whole of what it was drawn from, and draws again only
// when that changed. The caches are pointers shared by the copies of a
// Model (Bubble Tea passes the model by value): every key names its
// input whole, so a copy never reads another's drawing.

// rendered is a row's last drawing and what it was drawn at: a frame in
// which the log took one decision draws that row, and reuses the rest.
type rendered struct {
	w                      int
	ws                     []int
	marked, selected, dark bool
	out                    string
}

// paneCache is a pane's last drawing and what it was drawn from; the
// pane's version names one content for good.
type paneCache struct {
	key paneKey
	out string
}

type paneKey struct {
	ver                 uint64
	offset, sel         int
	width, height       int
	free, focused, dark bool
}

// versions numbers every content a pane is given, across all panes.
var versions atomic.Uint64

// sameLines reports whether two contents draw alike.
func sameLines(a, b []line) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.text != y.text || x.short != y.short || x.tone != y.tone || x.head != y.head || x.row != y.row ||
			x.find != y.find || !slices.Equal(x.cols, y.cols) || !slices.Equal(x.cells, y.cells) ||
			(x.bar == nil) != (y.bar == nil) || x.bar != nil && *x.bar != *y.bar {
			return false
		}
	}
	return true
}

// view renders the visible window: exactly height lines of at most width.
// The last drawing is kept: a frame in which this pane did not change (the
// log took a decision, the stage did not) costs it nothing.
func (l listView) view(s Styles, focused bool) string {
	if l.height <= 0 || l.width <= 0 {
		return ""
	}
	k := paneKey{ver: l.ver, offset: l.offset, sel: l.sel, width: l.width, height: l.height, free: l.free, focused: focused, dark: s.Dark}
	if l.vc != nil && l.vc.key == k {
		return l.vc.out
	}
	out := l.draw(s, focused)
	if l.vc != nil {
		l.vc.key, l.vc.out = k, out
	}
	return out
}

// headerKey is what the header is drawn from in a live console: the
// figures are the snapshot's (its seq, at its time).
type headerKey struct {
	seq      uint64
	now      time.Time
	width    int
	stage    playbook.Stage
	dark, ro bool
	operator string
}

// headerLines is the header cut to the screen: kept from the last frame
// when the snapshot, the stage and the screen are the same (each key typed
// in a prompt draws a frame).
func (m Model) headerLines() []string {
	if m.rv.on || m.fd.on || m.dr.on || m.hdr == nil {
		return clipAll(m.header(), m.width)
	}
	k := headerKey{seq: m.seq, now: m.d.now, width: m.width, stage: m.stage, dark: m.styles.Dark, ro: m.opts.ReadOnly, operator: m.opts.Operator}
	if m.hdr.ok && m.hdr.key == k {
		return slices.Clone(m.hdr.lines)
	}
	lines := clipAll(m.header(), m.width)
	m.hdr.key, m.hdr.lines, m.hdr.ok = k, lines, true
	return slices.Clone(lines)
}

func clipAll(ls []string, w int) []string {
	for i := range ls {
		ls[i] = clip(ls[i], w)
	}
	return ls
}

// viewCache is the last frame drawn: gen names one visible state for good
// (Update gives every change a new one).
type viewCache struct {
	gen     uint64
	content string
}

// textCache is a drawn line (the hint bar, the tabs) and all it was drawn
// from.
type textCache struct{ key, out string }

// clip is clip(s, w), kept for the next frame: the key is s itself (a
// comparison, where cutting measures every grapheme).
func (c *textCache) clip(s string, w int) string {
	if c == nil {
		return clip(s, w)
	}
	k := strconv.Itoa(w) + "\x00" + s
	if c.key != k {
		c.key, c.out = k, clip(s, w)
	}
	return c.out
}

// headerCache is the header last drawn (headerLines).
type headerCache struct {
	key   headerKey
	lines []string
	ok    bool
}
