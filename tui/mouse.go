package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/warroom/warroom/playbook"
)

// The mouse does what the keys do: the wheel scrolls the pane under the
// pointer, a click on a tab goes to that stage, a click on a row focuses
// its pane and selects the row. Nothing is decided by a click: decisions
// still take their key and a confirmation.

// mouse handles a mouse message.
func (m Model) mouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	if m.tooSmall() || m.prompt != nil || m.filtering || m.confirmQuit {
		return m, nil
	}
	ms := msg.Mouse()
	switch msg.(type) {
	case tea.MouseWheelMsg:
		d := 0
		switch ms.Button {
		case tea.MouseWheelUp:
			d = -1
		case tea.MouseWheelDown:
			d = 1
		default:
			return m, nil
		}
		if m.showHelp || m.rv.on && m.rv.screen != screenStage || m.dr.on && m.dr.showBrief {
			return m, nil
		}
		if f, ok := m.paneAt(ms.X, ms.Y); ok {
			m.focus = f
		}
		m.navigate(d)
	case tea.MouseClickMsg:
		if ms.Button != tea.MouseLeft {
			return m, nil
		}
		if ms.Y == m.tabsRow() {
			if st, ok := m.tabAt(ms.X); ok {
				m.stage, m.focus, m.showHelp = st, focusStage, false
				m.build(st)
			}
			return m, nil
		}
		if m.showHelp || m.rv.on && m.rv.screen != screenStage || m.dr.on && m.dr.showBrief {
			return m, nil
		}
		if f, ok := m.paneAt(ms.X, ms.Y); ok {
			m.focus = f
			if i := ms.Y - m.paneTop(f) - 1; i >= 0 && m.focusedList().clickLine(i) {
				m.filtered()
			}
		}
	}
	return m, nil
}

// tabsRow is the screen row of the stage tabs.
func (m Model) tabsRow() int {
	if m.dr.on {
		return 3
	}
	return 2
}

// bodyTop is the screen row of the first line of the panes' titles.
func (m Model) bodyTop() int {
	top := m.tabsRow() + 1
	if m.dr.on && m.dr.facilitator {
		top += 4
	}
	return top
}

// stageShown is how many lines of the stage pane (its title included)
// show above the log when the panes are stacked (body's arithmetic).
func (m Model) stageShown() int {
	h := m.height - m.chrome() - m.promptHeight()
	return min(m.focusedStage().height+1, h-min(h, m.log.list.height+1))
}

// paneTop is the screen row of a pane's title.
func (m Model) paneTop(f focus) int {
	if f == focusLog && m.width < 130 {
		return m.bodyTop() + m.stageShown()
	}
	return m.bodyTop()
}

// paneAt says which pane is at a screen cell.
func (m Model) paneAt(x, y int) (focus, bool) {
	top := m.bodyTop()
	bottom := m.height - 2 - m.promptHeight()
	if y < top || y >= bottom {
		return 0, false
	}
	if m.width >= 130 {
		if x < m.focusedStage().width {
			return focusStage, true
		}
		return focusLog, true
	}
	if y >= m.paneTop(focusLog) {
		return focusLog, true
	}
	return focusStage, true
}

// tabAt is the stage whose tab is at column x, measured on the tabs as
// drawn.
func (m Model) tabAt(x int) (playbook.Stage, bool) {
	parts, stages := m.tabParts()
	at := 0
	for i, p := range parts {
		w := ansi.StringWidth(p)
		if x >= at && x < at+w {
			return stages[i], stages[i].Valid()
		}
		at += w + 1
	}
	return 0, false
}
