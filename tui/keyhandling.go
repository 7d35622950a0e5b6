package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/playbook"
)

// key handles a key press: the prompt and the quit confirmation first,
// then global keys, then navigation in the focused pane, then the stage's
// actions. A key the stage or state does not allow says why.
func (m Model) key(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	km := m.keys
	if m.confirmQuit {
		m.confirmQuit = false
		if s := k.String(); s == "y" || s == "q" || s == "ctrl+c" {
			return m.quit()
		}
		m.say(toneMuted, "quit cancelled")
		return m, nil
	}
	if key.Matches(k, km.Suspend) {
		if m.rm.on {
			// A room console runs inside the server: suspending it would
			// stop the server's process, and every other member's console.
			m.say(toneMuted, "ctrl+z: this console runs on the war room's server; close it with q (ssh's ~^Z suspends ssh itself)")
			return m, nil
		}
		return m, tea.Suspend
	}
	if m.filtering {
		return m.filterKey(k)
	}
	if m.prompt != nil {
		if key.Matches(k, km.ForceQuit) {
			if m.prompt.halfEntered() {
				m.confirmQuit = true
				m.say(toneWarn, "⚠ discard the half-entered \""+m.prompt.title+"\" and quit? y quits, any other key returns")
				return m, nil
			}
			return m.quit()
		}
		res, ds := m.prompt.update(k)
		switch res {
		case promptCancel:
			m.prompt = nil
			m.say(toneMuted, "cancelled: nothing recorded")
		case promptSubmit:
			p := m.prompt
			m.prompt = nil
			var cmd tea.Cmd
			if p.local == localFilter {
				cmd = m.applyFilter(p.values())
			} else {
				cmd = m.send(ds)
			}
			m.layout()
			return m, cmd
		}
		m.layout()
		return m, nil
	}
	if m.tooSmall() {
		if key.Matches(k, km.Quit, km.ForceQuit) {
			return m.quit()
		}
		return m, nil
	}
	if m.showHelp {
		// Help covers the stage: a key pressed while reading it must not
		// act on rows the operator cannot see (d, enter recorded a draw).
		switch {
		case key.Matches(k, km.Help, km.Esc):
			m.showHelp = false
			m.say(toneMuted, "")
			return m, nil
		case !key.Matches(k, km.Quit, km.ForceQuit):
			m.say(toneMuted, "help is open: keys do nothing behind it · ? or esc closes it")
			return m, nil
		}
	}
	if m.rv.on {
		if next, cmd, ok := m.reviewKey(k); ok {
			return next, cmd
		}
	}
	if m.dr.on {
		if next, cmd, ok := m.drillKey(k); ok {
			return next, cmd
		}
	}
	switch {
	case key.Matches(k, km.Quit, km.ForceQuit):
		if m.pending {
			m.confirmQuit = true
			m.say(toneWarn, "⚠ a decision is being written to the log; y quits anyway, any other key waits")
			return m, nil
		}
		return m.quit()
	case key.Matches(k, km.Help):
		m.showHelp = !m.showHelp
		return m, nil
	case key.Matches(k, km.Search):
		if m.showHelp || m.rv.on && m.rv.screen != screenStage {
			m.say(toneMuted, "/ filters a stage or the decision log; the timeline's filter is f")
			return m, nil
		}
		m.startFilter()
		return m, nil
	case key.Matches(k, km.Esc):
		m.showHelp = false
		m.say(toneMuted, "")
		return m, nil
	case key.Matches(k, km.Stage):
		st, _ := playbook.ParseStage(k.String())
		m.stage, m.focus, m.showHelp = st, focusStage, false
		m.build(st)
		return m, nil
	case key.Matches(k, km.Tab, km.ShiftTab):
		m.focus = 1 - m.focus
		return m, nil
	case key.Matches(k, km.Up):
		m.navigate(-1)
		return m, nil
	case key.Matches(k, km.Down):
		m.navigate(1)
		return m, nil
	case key.Matches(k, km.PageUp):
		m.navigate(-max(m.focusedList().height-1, 1))
		return m, nil
	case key.Matches(k, km.PageDown):
		m.navigate(max(m.focusedList().height-1, 1))
		return m, nil
	}
	return m.action(k)
}

// quit ends the program; Run closes the subscription afterwards, so
// Update never waits on the incident's lock.
func (m Model) quit() (tea.Model, tea.Cmd) { return m, tea.Quit }

func (m *Model) focusedList() *listView {
	if m.focus == focusLog {
		return &m.log.list
	}
	switch m.stage {
	case playbook.Liquidity:
		return &m.waterfall.list
	case playbook.Collateral:
		return &m.collateral.list
	case playbook.Reduction:
		return &m.reduction.list
	case playbook.Communication:
		return &m.comms.list
	}
	return &m.triage.list
}

// navigate moves the focused pane's selection (children own their
// scrolling; the reduction stage also redraws the selected sale's effect).
func (m *Model) navigate(d int) {
	m.focusedList().move(d)
	if m.focus == focusStage && m.stage == playbook.Reduction {
		m.reduction.moved()
	}
}

// send starts a decision Cmd; it refuses while another is being written so
// two keystrokes cannot race two writes from one console.
func (m *Model) send(ds []playbook.Decision) tea.Cmd {
	if len(ds) == 0 {
		return nil
	}
	if m.opts.ReadOnly {
		m.say(toneWarn, "read-only review console: decisions are disabled")
		return nil
	}
	if why := m.closedWhy(); why != "" {
		m.say(toneWarn, why)
		return nil
	}
	if m.pending {
		m.say(toneWarn, "⧗ the last decision is still being written; try again in a moment")
		return nil
	}
	for i := range ds {
		// An approval is signed by the second operator named in its prompt.
		if ds[i].Operator == "" {
			ds[i].Operator = m.opts.Operator
		}
		ds[i].Rationale = sanitize(ds[i].Rationale)
		ds[i].Text = sanitize(ds[i].Text)
	}
	var goTo playbook.Stage
	if m.stage != m.d.snap.State.Stage && m.stage.Valid() && !stageFree(ds) {
		goTo = m.stage
	}
	m.pending = true
	m.say(toneMuted, "⧗ writing the decision to the log…")
	return decideCmd(m.b, goTo, ds)
}

// closedWhy says why no decision can be taken on a closed incident (a
// drill over): the playbook refuses them too; this says so before a prompt
// is typed into rather than after.
func (m *Model) closedWhy() string {
	s := m.d.snap.State
	if !s.Closed {
		return ""
	}
	why := "the incident closed at " + clock(s.ClosedAt, m.d.now)
	if m.dr.on {
		why = "DRILL OVER at " + clock(s.ClosedAt, m.d.now)
	}
	if s.ClosedWhy != "" {
		why += " (" + sanitize(s.ClosedWhy) + ")"
	}
	why += ": no decision is accepted"
	if m.dr.debrief != nil {
		why += " · b shows the debrief"
	}
	return why
}

// open shows a prompt, unless decisions are disabled here.
func (m *Model) open(p *prompt) {
	if m.opts.ReadOnly {
		m.say(toneWarn, "read-only review console: decisions are disabled")
		return
	}
	if m.opts.Operator == "" {
		m.say(toneBreach, "✗ no operator: restart with --operator NAME so decisions are signed")
		return
	}
	if why := m.closedWhy(); why != "" {
		m.say(toneWarn, why)
		return
	}
	p.refresh()
	m.prompt = p
	m.layout()
}
