package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/playbook"
)

// Room is the shared war room a console sits in (warroom serve): who is
// present, which stage each console shows, and what this console's person
// may do. The server's seat implements it; a local console has none.
type Room interface {
	// Watch delivers who is in the room now and after every change.
	Watch() (<-chan []playbook.Presence, func())
	// At tells the room which stage this console shows.
	At(playbook.Stage)
	// May says whether this console's person may take a decision of a
	// kind and, when not, why.
	May(playbook.Kind) (bool, string)
}

// roomState is the console's view of the room; on is false without one.
type roomState struct {
	on   bool
	ch   <-chan []playbook.Presence
	stop func()
	who  []playbook.Presence
	told playbook.Stage // the stage last reported to the room
	// line is the presence line drawn for who (in the theme named by
	// dark): it changes when someone comes, goes or turns to a stage,
	// not with every decision, so frames reuse it.
	line string
	dark bool
}

// presenceMsg brings who is in the room.
type presenceMsg struct{ who []playbook.Presence }

// roomChrome is the lines the room adds under the header: who is present,
// and what waits for approval. Always two in a room, so the layout does
// not jump when a decision is held.
func (m Model) roomChrome() int {
	if m.rm.on {
		return 2
	}
	return 0
}

func (m *Model) joinRoom() {
	if m.opts.Room == nil {
		return
	}
	m.rm.on = true
	m.rm.ch, m.rm.stop = m.opts.Room.Watch()
	m.rm.told = m.stage
}

func waitPresence(ch <-chan []playbook.Presence) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		who, ok := <-ch
		if !ok {
			return subClosedMsg{}
		}
		return presenceMsg{who}
	}
}

// tellStage reports the stage shown to the room when it changed, off the
// Update goroutine.
func (m Model) tellStage(cmd tea.Cmd) (tea.Model, tea.Cmd) {
	if !m.rm.on || m.stage == m.rm.told {
		return m, cmd
	}
	m.rm.told = m.stage
	room, st := m.opts.Room, m.stage
	return m, tea.Batch(cmd, func() tea.Msg { room.At(st); return nil })
}

// kindOf is the decision a stage key would lead to, for the role gate.
func (m Model) kindOf(k string) (playbook.Kind, bool) {
	switch k {
	case "n":
		return playbook.Note, true
	case "x":
		return playbook.Reverse, true
	case "d", "p":
		return playbook.Draw, true
	case "o":
		return playbook.AssignRole, true
	case "P":
		return playbook.Post, true
	case "r":
		return playbook.StageRepo, true
	case "c":
		if m.stage == playbook.Communication {
			return playbook.KeyCall, true
		}
		return playbook.ConfirmRepo, true
	case "m":
		return playbook.Message, true
	case "w":
		// A source withdrawn is a market event (approve.go): the room's
		// gate says who may record one.
		return playbook.Market, true
	case "v":
		return playbook.Convert, true
	case "A":
		return playbook.Approve, true
	case "R":
		return playbook.Reject, true
	case "a":
		if m.stage == playbook.Collateral {
			return playbook.Post, true
		}
		return playbook.Acknowledge, true
	case "s":
		if m.stage == playbook.Communication {
			return playbook.Status, true
		}
		return playbook.Liquidate, true
	}
	return "", false
}

// gate says why a key is disabled for this console's person ("" when it
// is not, or outside a room).
func (m Model) gate(k string) string {
	if !m.rm.on {
		return ""
	}
	kind, ok := m.kindOf(k)
	if !ok {
		return ""
	}
	if may, why := m.opts.Room.May(kind); !may {
		return why
	}
	return ""
}

// gateBindings switches off the keys this person may not use, so help and
// the hint bar show only what they can do.
func (m Model) gateBindings(b bindings) bindings {
	if !m.rm.on {
		return b
	}
	for i := range b {
		if ks := b[i].Keys(); len(ks) > 0 && m.gate(ks[0]) != "" {
			b[i] = disabled(b[i])
		}
	}
	return b
}

// awaiting is the held decisions, oldest first, and the one this console
// may approve (asked by someone else), if any.
func (m Model) awaiting() (held []playbook.Event, mine *playbook.Event) {
	st := m.d.snap.State
	for _, e := range st.Held {
		held = append(held, e)
	}
	slices.SortFunc(held, func(a, b playbook.Event) int { return int(a.Seq) - int(b.Seq) })
	for i := range held {
		if held[i].Operator != m.opts.Operator {
			return held, &held[i]
		}
	}
	return held, nil
}

// roomLines are the presence line and the approvals line.
func (m Model) roomLines() []string {
	line := m.rm.line
	if line == "" || m.rm.dark != m.styles.Dark {
		line = m.presenceLine()
	}
	// Twenty people make a line wider than any screen: it is cut once.
	return []string{m.pc.clip(line, m.width), m.approvalLine()}
}

// seePresence takes who is in the room and draws the presence line.
func (m *Model) seePresence(who []playbook.Presence) {
	m.rm.who = who
	m.rm.line, m.rm.dark = m.presenceLine(), m.styles.Dark
}

func (m Model) presenceLine() string {
	s := m.styles
	sep := s.Muted.Render(" │ ")
	parts := []string{s.Header.Render(fmt.Sprintf("IN THE ROOM %d", len(m.rm.who)))}
	for _, p := range m.rm.who {
		stages := make([]string, len(p.Stages))
		for i, st := range p.Stages {
			stages[i] = fmt.Sprintf("%d %s", st, shortStage[st])
		}
		parts = append(parts, sanitize(p.Person)+" "+s.Muted.Render(sanitize(strings.Join(p.Roles, ",")))+": "+strings.Join(stages, ", "))
	}
	return strings.Join(parts, sep)
}

func (m Model) approvalLine() string {
	s := m.styles
	held, mine := m.awaiting()
	if len(held) == 0 {
		return s.Muted.Render("four-eyes: no decision waits for approval")
	}
	more := ""
	if len(held) > 1 {
		more = fmt.Sprintf(" (+%d more)", len(held)-1)
	}
	mayApprove, _ := m.opts.Room.May(playbook.Approve)
	switch {
	case mine != nil && mayApprove:
		return s.Breach.Render(fmt.Sprintf("⧗ #%d %s asked by %s awaits YOUR approval", mine.Seq, describe(*mine, m.d.now), sanitize(mine.Operator))) +
			" · A approves · R rejects" + more
	case mine == nil:
		e := held[0]
		return s.Warn.Render(fmt.Sprintf("⧗ your #%d %s waits for another lead's approval", e.Seq, describe(e, m.d.now))) + more
	default:
		return s.Warn.Render(fmt.Sprintf("⧗ #%d %s asked by %s waits for a lead's approval", mine.Seq, describe(*mine, m.d.now), sanitize(mine.Operator))) + more
	}
}

// approvalPrompt opens the approval (or rejection) of the oldest decision
// held for someone else's approval.
func (m *Model) approvalPrompt(approve bool) {
	_, e := m.awaiting()
	if e == nil {
		m.say(toneMuted, "nothing waits for your approval (a decision you asked for needs another person)")
		return
	}
	target, verb, kind := e.Seq, "Approve", playbook.Approve
	detail := "four-eyes: approving releases it now, at the figures of now"
	if !approve {
		verb, kind, detail = "Reject", playbook.Reject, "the request stays in the log, refused; nothing moves"
	}
	m.open(newPrompt(fmt.Sprintf("%s #%d: %s (asked by %s)", verb, target, describe(*e, m.d.now), e.Operator), []string{detail},
		func(v []string) ([]playbook.Decision, error) {
			return []playbook.Decision{{Kind: kind, Target: target, Rationale: v[0]}}, nil
		}, rationaleField()))
}

// approvalKeys are the four-eyes keys, shown where something waits.
func (m Model) approvalKeys() bindings {
	if !m.rm.on {
		return nil
	}
	if _, e := m.awaiting(); e == nil {
		return nil
	}
	return m.gateBindings(bindings{
		key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "approve held")),
		key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "reject held")),
	})
}

// stageFree reports decisions that record no stage change first: an
// approval or rejection is a second pair of eyes on a decision already
// taken in its stage, from wherever the approver's console is.
func stageFree(ds []playbook.Decision) bool {
	for _, d := range ds {
		if d.Kind != playbook.Approve && d.Kind != playbook.Reject {
			return false
		}
	}
	return true
}
