package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/feed"
	"github.com/warroom/warroom/playbook"
)

// Feed is a live JSON-lines feed the console follows (package feed): each
// line another system appends becomes a decision in the log.
type Feed struct {
	Path string
	// Apply records one line; nil uses feed.Apply on the backend, which
	// must then be a *playbook.Incident.
	Apply func(feed.Line) (playbook.Event, error)
}

// feedState is the feed's part of the root model; on is false without one.
type feedState struct {
	on     bool
	path   string
	apply  func(feed.Line) (playbook.Event, error)
	lines  chan feed.Line
	ctx    context.Context
	cancel context.CancelFunc
	// resumeAfter is the last feed line already in the log: on reopening,
	// Follow reads the file from its start, and those lines must not be
	// recorded twice. It stops applying once a later line (or a restarted
	// file, whose numbers go down) is seen.
	resumeAfter  int
	applied, bad int
}

type (
	feedLineMsg  struct{ line feed.Line }
	feedEndedMsg struct{ err error }
	// feedAppliedMsg is a line's decision, committed or refused, and the
	// incident right after.
	feedAppliedMsg struct {
		line feed.Line
		ev   playbook.Event
		err  error
		snap playbook.Snapshot
	}
)

// startFeed prepares the feed; Init starts following it.
func (m *Model) startFeed(f *Feed) {
	apply := f.Apply
	if apply == nil {
		inc, ok := m.b.(*playbook.Incident)
		if !ok {
			m.say(toneBreach, "✗ the feed needs a live incident; not following "+sanitize(f.Path))
			return
		}
		apply = func(l feed.Line) (playbook.Event, error) { return feed.Apply(inc, l) }
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.fd = feedState{on: true, path: f.Path, apply: apply, lines: make(chan feed.Line), ctx: ctx, cancel: cancel}
	for _, e := range m.d.snap.Events {
		if n, ok := feedLineOf(e); ok {
			m.fd.resumeAfter = max(m.fd.resumeAfter, n)
		}
	}
}

// feedLineOf is the feed line number an event was recorded from.
func feedLineOf(e playbook.Event) (int, bool) {
	if e.Operator != feed.Operator {
		return 0, false
	}
	rest, ok := strings.CutPrefix(e.Rationale, "feed line ")
	if !ok {
		return 0, false
	}
	num, _, _ := strings.Cut(rest, ":")
	n, err := strconv.Atoi(num)
	return n, err == nil
}

// followCmd tails the file for the life of the console; lines are handed
// over one at a time on a channel that waitFeed reads.
func (fd feedState) followCmd() tea.Cmd {
	ctx, path, ch := fd.ctx, fd.path, fd.lines
	return func() tea.Msg {
		err := feed.Follow(ctx, path, func(l feed.Line) {
			select {
			case ch <- l:
			case <-ctx.Done():
			}
		})
		if errors.Is(err, context.Canceled) {
			err = nil
		}
		return feedEndedMsg{err}
	}
}

func (fd feedState) waitFeed() tea.Cmd {
	ctx, ch := fd.ctx, fd.lines
	return func() tea.Msg {
		select {
		case l := <-ch:
			return feedLineMsg{l}
		case <-ctx.Done():
			return nil
		}
	}
}

// feedUpdate handles the feed's messages. Lines are applied one at a
// time, in order: the next is read only once the last is in the log.
func (m *Model) feedUpdate(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case feedLineMsg:
		l := msg.line
		if m.fd.resumeAfter > 0 {
			if l.N <= m.fd.resumeAfter {
				return m.fd.waitFeed()
			}
			m.fd.resumeAfter = 0
		}
		if !l.OK() {
			m.fd.bad++
			m.say(toneWarn, "⚠ "+sanitize(l.Warning()))
			return m.fd.waitFeed()
		}
		apply, b := m.fd.apply, m.b
		return func() tea.Msg {
			ev, err := apply(l)
			return feedAppliedMsg{line: l, ev: ev, err: err, snap: b.Snapshot()}
		}
	case feedAppliedMsg:
		cmds := []tea.Cmd{m.fd.waitFeed()}
		if msg.err != nil {
			m.fd.bad++
			m.say(toneWarn, "⚠ "+sanitize(msg.err.Error())+" (skipped)")
			return tea.Batch(cmds...)
		}
		m.fd.applied++
		cmds = append(cmds, m.acceptSnapshot(msg.snap))
		word := "shortfall now " + whole(m.d.f.Shortfall)
		if m.d.f.Covered {
			word = "COVERED"
		}
		m.say(toneWarn, fmt.Sprintf("⇣ feed line %d: %s · %s", msg.line.N, describe(msg.ev, m.d.now), word))
		return tea.Batch(cmds...)
	case feedEndedMsg:
		if msg.err != nil {
			m.say(toneBreach, "✗ the feed stopped: "+sanitize(msg.err.Error()))
		}
	}
	return nil
}

// feedLabel is the header's feed segment.
func (m Model) feedLabel() string {
	s := fmt.Sprintf("feed %s ⇣%d", sanitize(filepath.Base(m.fd.path)), m.fd.applied)
	if m.fd.bad > 0 {
		s += fmt.Sprintf(" ⚠%d", m.fd.bad)
	}
	return s
}
