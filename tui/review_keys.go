package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// reviewKey handles the post-mortem console's own keys before the
// console's: picking an entry, stepping through time, the screens and
// the filter. ok is false for keys it leaves to the console (stage
// numbers, help, quit, tab, and the decision keys, which the read-only
// console refuses with a reason).
func (m Model) reviewKey(k tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	km, r := m.keys, &m.rv
	if m.showHelp {
		return m, nil, false
	}
	switch {
	case key.Matches(k, km.Stage):
		r.screen = screenStage
		return m, nil, false
	case key.Matches(k, km.AsOf):
		if r.screen != screenTimeline || len(r.rows) == 0 {
			return m, nil, false
		}
		r.screen, m.focus = screenStage, focusStage
		if st := m.d.snap.State.Stage; st.Valid() {
			m.stage = st
			m.build(st)
		}
		m.say(toneMuted, "as it was right after this decision · ←/→ steps through time · t back to the timeline")
		return m, nil, true
	case key.Matches(k, km.Prev):
		return m, m.reviewStep(-1), true
	case key.Matches(k, km.Next):
		return m, m.reviewStep(1), true
	case key.Matches(k, km.Timeline):
		r.screen = screenTimeline
		return m, nil, true
	case key.Matches(k, km.Esc):
		if r.screen == screenTimeline {
			return m, nil, false
		}
		r.screen = screenTimeline
		m.say(toneMuted, "")
		return m, nil, true
	case key.Matches(k, km.Compare):
		if r.screen == screenCompare {
			r.screen = screenTimeline
		} else {
			r.screen = screenCompare
			if r.cmp == nil {
				m.say(toneWarn, "nothing to compare with: review --db F --with G (G a fork of F)")
			}
		}
		return m, nil, true
	case key.Matches(k, km.Filter):
		m.filterPrompt()
		return m, nil, true
	case key.Matches(k, km.ClearFilter):
		if !r.filter.active() {
			m.say(toneMuted, "no filter to clear")
			return m, nil, true
		}
		return m, m.applyFilter([]string{"", "", ""}), true
	}
	if r.screen == screenStage {
		return m, nil, false
	}
	// The timeline and compare screens own the arrows: on the timeline the
	// selection is the entry shown, so moving it travels in time.
	l, d := &r.timeline, 0
	if r.screen == screenCompare {
		l = &r.compare
	}
	switch {
	case key.Matches(k, km.Up):
		d = -1
	case key.Matches(k, km.Down):
		d = 1
	case key.Matches(k, km.PageUp):
		d = -max(l.height-1, 1)
	case key.Matches(k, km.PageDown):
		d = max(l.height-1, 1)
	default:
		return m, nil, false
	}
	if r.screen == screenCompare {
		l.scroll(d)
		return m, nil, true
	}
	return m, m.reviewStep(d), true
}

// reviewKeys are the hints of the review console.
func (m Model) reviewKeys() bindings {
	k := m.keys
	switch m.rv.screen {
	case screenStage:
		return bindings{k.Prev, k.Next, k.Timeline, k.Stage, k.Tab, k.Up, k.Down, k.Compare, k.Help, k.Quit}
	case screenCompare:
		return bindings{k.Up, k.Down, k.Timeline, k.Compare, k.Quit}
	}
	return bindings{k.Up, k.Down, k.AsOf, k.Prev, k.Filter, k.ClearFilter, k.Compare, k.Stage, k.Help, k.Quit}
}
