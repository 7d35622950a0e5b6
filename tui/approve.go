package tui

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom/playbook"
)

// This file holds the console's decisions that the book's controls and
// the market force on the room: approving or rejecting a decision held
// for four-eyes, and recording that a source was withdrawn (the prime
// broker pulls its line) or is available again.

// heldTarget is the held decision an approval acts on: the one selected
// in the log, or the only one held. why says why there is none.
func (m *Model) heldTarget() (e playbook.Event, why string) {
	held := m.d.snap.State.Held
	if len(held) == 0 {
		return e, "nothing is held for approval (the book's four-eyes controls hold large draws and fire sales)"
	}
	if m.focus == focusLog {
		if seq, ok := m.log.selected(); ok {
			if h, ok := held[seq]; ok {
				return h, ""
			}
			return e, fmt.Sprintf("#%d is not held for approval; select a row marked held", seq)
		}
	}
	if len(held) == 1 {
		for _, h := range held {
			return h, ""
		}
	}
	return e, fmt.Sprintf("%d decisions are held: tab to the log and select one", len(held))
}

// approveWhyNot says why A (approve) and R (reject) do nothing now, ""
// when they act. The help shows the bindings only when they act; a role
// check (who may approve) belongs here too.
func (m *Model) approveWhyNot() string {
	switch {
	case m.opts.ReadOnly:
		return "read-only review console: decisions are disabled"
	case m.closedWhy() != "":
		return m.closedWhy()
	}
	_, why := m.heldTarget()
	return why
}

// approvePrompt asks the second operator to sign an approval or a
// rejection. Four-eyes means a different person: the approver's name is
// asked for (this console's operator when they did not make the
// request), and the playbook refuses the requester's own.
func (m *Model) approvePrompt(approve bool) {
	if why := m.approveWhyNot(); why != "" {
		m.say(toneWarn, why)
		return
	}
	h, _ := m.heldTarget()
	verb, kind := "Approve", playbook.Approve
	if !approve {
		verb, kind = "Reject", playbook.Reject
	}
	who := ""
	if m.opts.Operator != h.Operator {
		who = m.opts.Operator
	}
	target, asker := h.Seq, h.Operator
	p := newPrompt(fmt.Sprintf("%s #%d: %s (asked by %s)", verb, target, describe(h, m.d.now), sanitize(asker)),
		[]string{"four-eyes: a second operator signs; " + sanitize(asker) + " cannot approve their own request"},
		func(v []string) ([]playbook.Decision, error) {
			by := sanitize(strings.TrimSpace(v[0]))
			if by == asker {
				return nil, fmt.Errorf("four-eyes: %s asked for #%d, so another operator must sign", sanitize(asker), target)
			}
			return []playbook.Decision{{Kind: kind, Target: target, Operator: by, Rationale: v[1]}}, nil
		}, textField("signed by (operator)", false, who), rationaleField())
	p.fields[0].check = func(v string) error {
		if strings.TrimSpace(v) == asker {
			return fmt.Errorf("four-eyes: %s asked for it; another operator signs", sanitize(asker))
		}
		return nil
	}
	m.open(p)
}

// withdrawPrompt records that the selected source was withdrawn (or, if
// it is, that it is available again): a market event, as a feed or a
// drill records one, so the figures stop counting what is left of it.
func (m *Model) withdrawPrompt() {
	id, ok := m.waterfall.selected()
	if !ok {
		m.say(toneWarn, "no tier selected: the book has no liquidity sources")
		return
	}
	src, _ := m.source(id)
	name := sanitize(src.Name)
	if src.Withdrawn {
		m.open(newPrompt("Record that "+name+" is available again", []string{"what is left of it counts again from now"},
			func(v []string) ([]playbook.Decision, error) {
				return []playbook.Decision{{Kind: playbook.Market, Rationale: v[0],
					Market: &playbook.MarketMove{Restore: []string{id}, Headline: src.Name + " available again: " + v[0]}}}, nil
			}, textField("why (e.g. the bank reinstates the line)", false, "")))
		return
	}
	m.open(newPrompt("Record that "+name+" is WITHDRAWN", []string{
		fmt.Sprintf("the %s left can no longer be drawn and stops counting; what was drawn (%s) stays", whole(src.Left), whole(src.Used))},
		func(v []string) ([]playbook.Decision, error) {
			return []playbook.Decision{{Kind: playbook.Market, Rationale: v[0],
				Market: &playbook.MarketMove{Withdraw: []string{id}, Headline: src.Name + " withdrawn: " + v[0]}}}, nil
		}, textField("why (e.g. the prime broker pulls its credit)", false, "")))
}
