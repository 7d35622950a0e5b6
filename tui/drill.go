package tui

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/drill"
	"github.com/warroom/warroom/playbook"
)

// Drill configures the console for a fire drill: the runner that plays
// the script against the incident, the simulated clock both run on, and
// whether this screen is the facilitator's (who sees what is coming).
type Drill struct {
	Runner      *drill.Runner
	Clock       *drill.SimClock
	Facilitator bool
}

// drillRun is the runner as the console reaches it. drill.Runner is not
// safe for concurrent use and Advance records decisions (fsync), so it is
// only ever touched inside a Cmd, under mu; Update learns what it did
// from the drillRanMsg the Cmd returns.
type drillRun struct {
	mu    sync.Mutex
	r     *drill.Runner
	clock *drill.SimClock
	b     Backend
}

// drillState is the drill's part of the root model; on is false outside
// a drill.
type drillState struct {
	on          bool
	run         *drillRun
	clock       *drill.SimClock // safe for concurrent use: paused from Update
	d           *drill.Drill
	facilitator bool
	every       time.Duration // the tick; tests shorten it

	busy, stepQueued bool
	upcoming         []drill.Scripted // the next three, as of the last run
	alert            string
	alertLeft        int // ticks the alert stays in the header
	done, briefing   bool
	debrief          *drill.Debrief
	brief            listView
	showBrief        bool
}

// alertTicks is how long (in 1 s ticks) a scripted event stays in the
// header: long enough to read aloud, short enough not to hide the next.
const alertTicks = 6

type (
	drillTickMsg struct{}
	// drillRanMsg is what a runner Cmd did: the events it recorded, where
	// the script stands, and the incident right after.
	drillRanMsg struct {
		events   []playbook.Event
		err      error
		upcoming []drill.Scripted
		done     bool
		snap     playbook.Snapshot
	}
	debriefMsg struct {
		d   drill.Debrief
		err error
	}
)

// NewDrill builds the console over a drill's incident. The incident must
// run on d.Clock (the runner's contract); the first Cmd starts the drill.
func NewDrill(b Backend, d Drill, opts Options) Model {
	m := New(b, opts)
	m.dr = drillState{on: true, run: &drillRun{r: d.Runner, clock: d.Clock, b: b}, clock: d.Clock,
		d: d.Runner.Drill(), facilitator: d.Facilitator, every: time.Second}
	m.say(toneMuted, "drill on a simulated clock · space pauses · . jumps to the next event · ? shows every key")
	return m
}

// RunDrill runs the drill console full screen until quit.
func RunDrill(b Backend, d Drill, opts Options) error {
	m := NewDrill(b, d, opts)
	defer m.Close()
	_, err := tea.NewProgram(m).Run()
	return err
}

func (m Model) drillTick() tea.Cmd {
	return tea.Tick(m.dr.every, func(time.Time) tea.Msg { return drillTickMsg{} })
}

// runCmd advances the runner to the clock's now (or steps it to the next
// event) in a Cmd; one runs at a time.
func (m *Model) runCmd(step bool) tea.Cmd {
	if m.dr.busy {
		m.dr.stepQueued = m.dr.stepQueued || step
		return nil
	}
	m.dr.busy = true
	run := m.dr.run
	return func() tea.Msg {
		run.mu.Lock()
		defer run.mu.Unlock()
		var out drillRanMsg
		switch {
		case run.r.Done():
		case step:
			out.events, out.err = run.r.Step()
		default:
			out.events, out.err = run.r.Advance(run.clock.Now())
		}
		up := run.r.Upcoming()
		out.upcoming = append([]drill.Scripted(nil), up[:min(3, len(up))]...)
		out.done = run.r.Done()
		out.snap = run.b.Snapshot()
		return out
	}
}

// drillUpdate handles the drill's messages.
func (m *Model) drillUpdate(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case drillTickMsg:
		if m.dr.alertLeft > 0 {
			if m.dr.alertLeft--; m.dr.alertLeft == 0 {
				m.dr.alert = ""
			}
		}
		if m.dr.done {
			return m.drillTick()
		}
		return tea.Batch(m.runCmd(false), m.drillTick())
	case drillRanMsg:
		m.dr.busy = false
		m.dr.upcoming, m.dr.done = msg.upcoming, msg.done
		cmds := []tea.Cmd{m.acceptSnapshot(msg.snap)}
		if a := alertOf(msg.events, m.d.now); a != "" {
			m.dr.alert, m.dr.alertLeft = a, alertTicks
			m.say(toneWarn, a)
		}
		if msg.err != nil {
			m.say(toneBreach, "✗ the drill could not record its script: "+sanitize(msg.err.Error()))
		}
		if m.dr.stepQueued {
			m.dr.stepQueued = false
			cmds = append(cmds, m.runCmd(true))
		}
		if m.dr.done && !m.dr.briefing {
			m.dr.briefing = true
			d, events := m.dr.d, msg.snap.Events
			cmds = append(cmds, func() tea.Msg {
				db, err := drill.Compute(d.Name, d.Book, d.Scenario, events, d.Ends)
				return debriefMsg{db, err}
			})
		}
		return tea.Batch(cmds...)
	case debriefMsg:
		if msg.err != nil {
			m.say(toneBreach, "✗ the debrief could not be worked out: "+sanitize(msg.err.Error()))
			return nil
		}
		m.dr.debrief, m.dr.showBrief = &msg.d, true
		m.dr.brief.setLines(debriefLines(msg.d, m.d.now))
		m.say(toneOK, "the drill is over: the debrief · b toggles it · q quits")
	}
	return nil
}

// alertOf is the header alert for what the script just did: its events,
// settlements and verdicts (the players' own decisions are not alerts).
func alertOf(evs []playbook.Event, now time.Time) string {
	var parts []string
	for _, e := range evs {
		if e.Operator != drill.Operator {
			continue
		}
		text := e.Rationale
		for _, tag := range []string{drill.TagEvent, drill.TagSettlement, drill.TagVerdict, drill.TagEnd} {
			if rest, ok := strings.CutPrefix(text, tag); ok {
				text = rest
				if tag == drill.TagVerdict {
					text = "verdict: " + text
				}
			}
		}
		if strings.HasPrefix(e.Rationale, drill.TagForced) || strings.HasPrefix(e.Rationale, drill.TagCycle) ||
			strings.HasPrefix(e.Rationale, drill.TagClose) || text == "" {
			continue
		}
		parts = append(parts, clock(e.At, now)+" "+sanitize(text))
	}
	if len(parts) == 0 {
		return ""
	}
	return "⚠ " + strings.Join(parts, " · ")
}

// drillKey handles the drill's keys: pause, step, the debrief.
func (m Model) drillKey(k tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	km := m.keys
	switch {
	case key.Matches(k, km.Pause):
		if m.dr.clock.Paused() {
			m.dr.clock.Resume()
			m.say(toneMuted, fmt.Sprintf("▶ resumed at %s, %g× real time", clock(m.dr.clock.Now(), m.d.now), m.dr.clock.Speed()))
		} else {
			m.dr.clock.Pause()
			m.say(toneWarn, "⏸ paused at "+clock(m.dr.clock.Now(), m.d.now)+": the incident clock has stopped · space resumes")
		}
		return m, nil, true
	case key.Matches(k, km.NextEvent):
		if m.dr.done {
			m.say(toneMuted, "the drill is over: nothing left to step to")
			return m, nil, true
		}
		return m, m.runCmd(true), true
	case key.Matches(k, km.Debrief) && m.dr.debrief != nil:
		m.dr.showBrief = !m.dr.showBrief
		return m, nil, true
	case m.dr.showBrief && key.Matches(k, km.Esc):
		m.dr.showBrief = false
		return m, nil, true
	case m.dr.showBrief && key.Matches(k, km.Up, km.Down, km.PageUp, km.PageDown):
		d := 1
		switch {
		case key.Matches(k, km.Up):
			d = -1
		case key.Matches(k, km.PageUp):
			d = -max(m.dr.brief.height-1, 1)
		case key.Matches(k, km.PageDown):
			d = max(m.dr.brief.height-1, 1)
		}
		m.dr.brief.scroll(d)
		return m, nil, true
	}
	return m, nil, false
}
