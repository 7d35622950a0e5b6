package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/playbook"
)

// frameEvery is the least time between two redraws for what other
// consoles did: Bubble Tea's renderer writes at most 60 frames a second,
// so rows rebuilt more often than that are never seen.
const frameEvery = time.Second / 60

// foldBudget is what folding a snapshot's decisions into the derived
// figures may cost in Update (derive's neutral path: one Compute a
// decision, as the incident does for each): a note on the demo book costs
// a tenth of a millisecond; on a large book it goes to a Cmd as before.
const foldBudget = 2 * time.Millisecond

// frameState coalesces the incident's updates. Bubble Tea draws the model
// after every message; in a room of 20 consoles taking decisions flat out
// each console rebuilt every pane for the snapshot of each decision, and
// again for its derived figures. Now an update arriving less than a frame
// after the last redraw waits for the next frame, and one redraw then
// shows the newest snapshot (it holds every decision before it) and every
// derived figure come in meanwhile; and a snapshot whose decisions move no
// figure (notes, joins, messages) brings its derived figures with it, so
// it is drawn once, not twice.
type frameState struct {
	snap  *playbook.Snapshot // the newest snapshot not yet shown
	dirty bool               // derived figures came in, rows not rebuilt
	armed bool               // a frameMsg is on its way
	shown time.Time          // the last redraw for an update
}

// frameMsg is the next frame: what waits is shown.
type frameMsg struct{}

// incoming takes a snapshot from the subscription. A review or a drill
// shows it at once.
func (m *Model) incoming(s playbook.Snapshot) tea.Cmd {
	if m.rv.on || m.dr.on {
		return m.acceptSnapshot(s)
	}
	switch p := m.fr.snap; {
	case s.State.Book == nil || s.State.Seq < m.seq || p != nil && s.State.Seq < p.State.Seq:
		m.quiet = true
		return nil
	case s.State.Seq == m.seq && p == nil:
		// The echo of this console's own decision, shown a moment ago from
		// the decision's result; the clock's tick is at most a second away.
		if s.Figures.Now.Truncate(time.Second).Equal(m.d.now.Truncate(time.Second)) {
			m.quiet = true
			return nil
		}
		return m.acceptSnapshot(s)
	}
	m.fr.snap = &s
	return m.redraw()
}

// redraw shows what waits now, or at the next frame when the last redraw
// was less than a frame ago (nothing shown changes meanwhile).
func (m *Model) redraw() tea.Cmd {
	// A review or a drill steps through the log: no room to coalesce.
	if since := time.Since(m.fr.shown); since < frameEvery && !m.rv.on && !m.dr.on {
		m.quiet = true
		if m.fr.armed {
			return nil
		}
		m.fr.armed = true
		return tea.Tick(frameEvery-since, func(time.Time) tea.Msg { return frameMsg{} })
	}
	return m.showWaiting()
}

// frameDue is the next frame's message.
func (m *Model) frameDue() tea.Cmd {
	m.fr.armed = false
	if m.fr.snap == nil && !m.fr.dirty {
		m.quiet = true
		return nil
	}
	return m.showWaiting()
}

// showWaiting rebuilds the rows for the snapshot waiting, if any, and
// the derived figures in.
func (m *Model) showWaiting() tea.Cmd {
	p := m.fr.snap
	m.fr.snap, m.fr.dirty, m.fr.shown = nil, false, time.Now()
	if p == nil || p.State.Seq <= m.seq {
		m.refresh()
		return nil
	}
	if last := m.d.drv; last.ready && last.compute > 0 && neutralSince(p.Events, last.fold) &&
		time.Duration(len(p.Events)-last.fold.n)*last.compute <= foldBudget && sameMinute(last.at, p.Figures.Now) {
		// The decisions move no figure: the derived figures are the last
		// ones, with the new decisions' shortfall-after (derive's neutral
		// path, a Compute each), and the snapshot is drawn once with them.
		d := derive(*p, m.d.after, last)
		m.d.snap = *p // takeDerived keeps the shortfalls the new log shows
		m.takeDerived(d)
		m.setSnapshot(*p)
		return m.bufferCmd()
	}
	m.setSnapshot(*p)
	return m.deriveCmd()
}
