package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// setFilter shows only the rows whose text, ids or names hold f (any
// case); headers and free text stay. An empty filter shows everything.
func (l *listView) setFilter(f string) {
	if f == l.filter {
		return
	}
	l.filter = f
	l.sel, l.free = 0, false
	l.applyFilter()
}

func (l *listView) applyFilter() {
	if l.vc == nil {
		l.vc = &paneCache{}
	}
	l.ver = versions.Add(1)
	l.rowAt = l.rowAt[:0]
	if l.filter == "" {
		l.lines = l.all
	} else {
		want := strings.ToLower(l.filter)
		l.lines = make([]line, 0, len(l.all))
		for _, ln := range l.all {
			if ln.row < 0 || strings.Contains(strings.ToLower(ln.plain()), want) {
				l.lines = append(l.lines, ln)
			}
		}
	}
	for i := range l.lines {
		if l.lines[i].row >= 0 {
			l.rowAt = append(l.rowAt, i)
		}
	}
	l.clamp()
}

// plain is a line's text for filtering: its cells, or its text, and the
// ids and names it stands for.
func (l line) plain() string {
	if l.cells == nil {
		return ansi.Strip(l.text) + " " + l.find
	}
	parts := make([]string, len(l.cells), len(l.cells)+1)
	for i, c := range l.cells {
		parts[i] = ansi.Strip(c.text)
	}
	return strings.Join(append(parts, l.find), " ")
}

// rowCounts says how many rows are shown, of how many.
func (l listView) rowCounts() (shown, total int) {
	for _, ln := range l.all {
		if ln.row >= 0 {
			total++
		}
	}
	return len(l.rowAt), total
}

// clickLine selects the row shown on the pane's i-th visible line; false
// when that line is not a row.
func (l *listView) clickLine(i int) bool {
	at := l.offset + i
	for p, li := range l.rowAt {
		if li == at {
			l.sel, l.free = p, false
			l.clamp()
			return true
		}
	}
	return false
}

// filterKey edits the focused list's filter while "/" is active: typing
// narrows the rows at once, enter keeps the filter, esc clears it.
func (m Model) filterKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	km := m.keys
	l := m.focusedList()
	switch {
	case key.Matches(k, km.ForceQuit):
		return m.quit()
	case key.Matches(k, km.Esc):
		m.filtering = false
		l.setFilter("")
		m.filtered()
		m.say(toneMuted, "filter cleared")
		return m, nil
	case key.Matches(k, km.Enter):
		m.filtering = false
		if l.filter == "" {
			m.say(toneMuted, "")
		} else {
			shown, total := l.rowCounts()
			m.say(toneMuted, fmt.Sprintf("filter \"%s\" kept: %d of %d rows · / edits it, / then esc clears", l.filter, shown, total))
		}
		return m, nil
	case key.Matches(k, km.Up):
		m.navigate(-1)
	case key.Matches(k, km.Down):
		m.navigate(1)
	case k.String() == "backspace":
		r := []rune(l.filter)
		l.setFilter(string(r[:max(len(r)-1, 0)]))
		m.filtered()
	case k.String() == "ctrl+u":
		l.setFilter("")
		m.filtered()
	case k.Text != "":
		l.setFilter(l.filter + sanitize(k.Text))
		m.filtered()
	}
	m.filterStatus()
	return m, nil
}

// startFilter opens the filter on the list in focus.
func (m *Model) startFilter() {
	m.filtering = true
	m.filterStatus()
}

func (m *Model) filterStatus() {
	l := m.focusedList()
	shown, total := l.rowCounts()
	m.say(toneWarn, fmt.Sprintf("/%s▏ %d of %d rows · enter keeps · esc clears", l.filter, shown, total))
}

// filtered redraws what depends on the selection after the rows shown
// changed (the reduction stage's effect lines).
func (m *Model) filtered() {
	if m.focus == focusStage && m.stage == playbook.Reduction {
		m.reduction.moved()
	}
}

// filterLabel is what a pane's title says of its filter.
func filterLabel(l listView) string {
	if l.filter == "" {
		return ""
	}
	shown, total := l.rowCounts()
	return fmt.Sprintf(" · filter \"%s\" %d/%d", sanitize(l.filter), shown, total)
}

// bookNames is each id's name in one book, for the rows that show an id
// (the log's "draw mmf") to answer a filter by name ("/money"). Built once
// per book: the log may name any of 10,000 positions.
type bookNames struct {
	book  *engine.Book
	names map[string]string // kind + "\x00" + id → name
}

// nameOf is the name of id in the book shown, by kind ("source",
// "holding", "cp", "position"); "" when the book has none.
func (d *data) nameOf(kind, id string) string {
	if id == "" || d.f == nil || d.f.Book == nil {
		return ""
	}
	b := d.f.Book
	if d.names == nil || d.names.book != b {
		n := &bookNames{book: b, names: make(map[string]string, len(b.Sources)+len(b.Collateral)+len(b.Counterparties)+len(b.Positions))}
		for _, s := range b.Sources {
			n.names["source\x00"+s.ID] = s.Name
		}
		for _, h := range b.Collateral {
			n.names["holding\x00"+h.ID] = h.Name
		}
		for _, c := range b.Counterparties {
			n.names["cp\x00"+c.ID] = c.Name
		}
		for _, p := range b.Positions {
			n.names["position\x00"+p.ID] = p.Name
		}
		d.names = n
	}
	return d.names.names[kind+"\x00"+id]
}

// eventNames are the names of what an event names by id.
func (d *data) eventNames(e playbook.Event) []string {
	return []string{d.nameOf("source", e.Source), d.nameOf("holding", e.Holding),
		d.nameOf("cp", e.Counterparty), d.nameOf("position", e.Position)}
}
