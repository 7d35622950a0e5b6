package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/playbook"
)

// Backend is everything the console needs from an incident. *playbook.Incident
// satisfies it; the console never holds anything that could change the
// state except this interface.
type Backend interface {
	// Snapshot is the state, log and figures at the incident clock.
	Snapshot() playbook.Snapshot
	// Decide validates, durably records and applies one decision. It may
	// fsync, so the console calls it only inside a tea.Cmd.
	Decide(playbook.Decision) (playbook.Event, error)
	// Subscribe delivers a snapshot after every committed decision, from
	// this console or any other.
	Subscribe() (<-chan playbook.Snapshot, func())
	// Now is the incident clock.
	Now() time.Time
}

var _ Backend = (*playbook.Incident)(nil)

// Options configure a console.
type Options struct {
	// Operator signs every decision taken from this console.
	Operator string
	// DBPath is shown in the help so the operator knows where the log is.
	DBPath string
	// ReadOnly disables every decision key (the post-mortem console).
	ReadOnly bool
	// Dark forces the palette; nil asks the terminal for its background.
	Dark *bool
	// Feed, when set, is followed for the life of the console (feed.go).
	Feed *Feed
	// ASCII draws plain ASCII glyphs instead of box drawing, arrows and
	// ticks: for a terminal whose locale is not UTF-8.
	ASCII bool
	// Room, when set, is the shared war room this console sits in
	// (room.go): presence, the role gate, approvals across consoles.
	Room Room
}

// Messages the console sends itself. Each carries values, never pointers
// into the model, so a Cmd cannot change the model behind Update's back.
type (
	// decisionMsg is the result of a decision Cmd: the events committed (a
	// stage change may precede the decision itself), the snapshot just
	// after, and the error that stopped it, if any.
	decisionMsg struct {
		events []playbook.Event
		snap   playbook.Snapshot
		err    error
	}
	// snapshotMsg arrives from the subscription (any console's decision).
	snapshotMsg struct{ snap playbook.Snapshot }
	// subClosedMsg says the subscription ended; it is not re-armed.
	subClosedMsg struct{}
	// tickMsg refreshes the clock and countdown once a second.
	tickMsg struct{ snap playbook.Snapshot }
)

// decideCmd sends decisions one by one, in a Cmd because Decide writes to
// disk. A stage change is recorded first when the operator acts in a stage
// the incident has not reached, so the log says where each decision was
// taken. A ConfirmRepo with no Target confirms the repo staged just before
// it (the optimiser's proposal stages and confirms in one go).
func decideCmd(b Backend, goTo playbook.Stage, ds []playbook.Decision) tea.Cmd {
	return func() tea.Msg {
		var out decisionMsg
		if goTo != 0 {
			ev, err := b.Decide(playbook.Decision{Kind: playbook.Goto, Stage: goTo, Operator: ds[0].Operator})
			if err != nil {
				out.err, out.snap = err, b.Snapshot()
				return out
			}
			out.events = append(out.events, ev)
		}
		var staged uint64
		for _, d := range ds {
			if d.Kind == playbook.ConfirmRepo && d.Target == 0 {
				d.Target = staged
			}
			ev, err := b.Decide(d)
			if err != nil {
				out.err = err
				break
			}
			if ev.Kind == playbook.StageRepo {
				staged = ev.Seq
			}
			out.events = append(out.events, ev)
		}
		out.snap = b.Snapshot()
		return out
	}
}

// waitSnapshot waits for the next snapshot from the subscription; Update
// re-arms it after each one.
func waitSnapshot(ch <-chan playbook.Snapshot) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		s, ok := <-ch
		if !ok {
			return subClosedMsg{}
		}
		return snapshotMsg{s}
	}
}

// tick takes a fresh snapshot every second, off the Update goroutine.
func tick(b Backend) tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{b.Snapshot()} })
}
