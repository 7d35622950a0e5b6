package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

var one = decimal.NewFromInt(1)

// action handles the stage keys. Each opens a prompt that says exactly what
// will be recorded, or says why the key does nothing here.
func (m Model) action(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	s := k.String()
	if m.opts.ReadOnly && strings.Contains("dpxnaoPrcsmwAR", s) && len(s) == 1 {
		m.say(toneWarn, "read-only review console: "+s+" would record a decision; decisions are disabled here")
		return m, nil
	}
	if why := m.gate(s); why != "" {
		m.say(toneWarn, "✗ "+s+" is disabled for you: "+why)
		return m, nil
	}
	if m.rm.on && (s == "A" || s == "R") {
		// In the shared room the approver is this seat's person, never typed.
		m.approvalPrompt(s == "A")
		return m, nil
	}
	on := func(st playbook.Stage, what string) bool {
		if m.stage == st {
			return true
		}
		m.say(toneWarn, fmt.Sprintf("%s %s: that is stage %d (%s); press %d", s, what, st, st, st))
		return false
	}
	if s == "c" && m.stage == playbook.Communication {
		// c keys a call received on stage 5 (it confirms a repo on stage 3).
		m.keyCallPrompt()
		return m, nil
	}
	switch s {
	case "n":
		m.open(newPrompt("Add a note to the log", nil, func(v []string) ([]playbook.Decision, error) {
			return []playbook.Decision{{Kind: playbook.Note, Text: v[0]}}, nil
		}, textField("note", false, "")))
	case "x":
		m.reverseSelected()
	case "d", "p":
		if m.focus == focusLog {
			m.say(toneWarn, s+" draws the tier selected on the waterfall: tab back to the stage pane")
		} else if on(playbook.Liquidity, "draws a waterfall tier") {
			m.drawPrompt(s == "p")
		}
	case "a":
		switch m.stage {
		case playbook.Triage:
			m.ackPrompt()
		case playbook.Collateral:
			m.acceptPrompt()
		default:
			m.say(toneWarn, "a acknowledges the alert on stage 1 and accepts the optimiser's proposal on stage 3")
		}
	case "o":
		if on(playbook.Triage, "assigns a role") {
			m.open(newPrompt("Assign a war-room role", []string{"roles: " + strings.Join(playbook.Roles, ", ")},
				func(v []string) ([]playbook.Decision, error) {
					return []playbook.Decision{{Kind: playbook.AssignRole, Role: v[0], Assignee: v[1]}}, nil
				}, textField("role", false, ""), textField("name", false, "")))
		}
	case "P", "r", "c":
		if on(playbook.Collateral, map[string]string{"P": "posts collateral", "r": "stages a repo", "c": "confirms a repo"}[s]) {
			m.collateralAction(s)
		}
	case "s":
		switch m.stage {
		case playbook.Reduction:
			m.sellPrompt()
		case playbook.Communication:
			m.statusPrompt()
		default:
			m.say(toneWarn, "s sells a position on stage 4 and sets a counterparty's status on stage 5")
		}
	case "m":
		if on(playbook.Communication, "drafts a message") {
			m.messagePrompt()
		}
	case "w":
		if m.focus == focusLog {
			m.say(toneWarn, "w records the tier selected on the waterfall as withdrawn: tab back to the stage pane")
		} else if on(playbook.Liquidity, "records a source withdrawn") {
			m.withdrawPrompt()
		}
	case "v":
		if on(playbook.Liquidity, "strikes an FX deal") {
			m.convertPrompt()
		}
	case "A", "R":
		m.approvePrompt(s == "A")
	case "enter":
		m.say(toneMuted, "nothing to confirm here: pick an action first (d, p, P, r, s, m …; ? lists them)")
	default:
		if k.Text != "" && len(k.Text) <= 4 {
			m.say(toneMuted, "key "+sanitize(k.Text)+" does nothing here · ? shows every key")
		}
	}
	return m, nil
}

func (m *Model) source(id string) (playbook.SourceFigure, bool) {
	for _, s := range m.d.f.Sources {
		if s.ID == id {
			return s, true
		}
	}
	return playbook.SourceFigure{}, false
}

func (m *Model) drawPrompt(partial bool) {
	id, ok := m.waterfall.selected()
	if !ok {
		m.say(toneWarn, "no tier selected: the book has no liquidity sources")
		return
	}
	src, _ := m.source(id)
	name := sanitize(src.Name)
	switch {
	case src.Withdrawn:
		m.say(toneBreach, "✗ "+name+" is withdrawn in this scenario: it cannot be drawn")
		return
	case src.Left.Sign() <= 0:
		m.say(toneWarn, fmt.Sprintf("nothing left in %s (%s used of %s); x reverses its last draw", name, whole(src.Used), whole(src.Capacity)))
		return
	}
	when := fmt.Sprintf("arrives %s (%s)", clock(src.ArrivesAt, m.d.now), src.Access)
	if src.Late {
		when += " ✗ LATE: after every deadline, it will not count"
	} else {
		when += " ✓ in time"
	}
	details := []string{when, "shortfall now " + whole(m.d.f.Shortfall)}
	if !partial {
		p := newPrompt("Draw "+name+" in full: "+exact(src.Left), details, func(v []string) ([]playbook.Decision, error) {
			return []playbook.Decision{{Kind: playbook.Draw, Source: id, Rationale: v[0]}}, nil
		}, rationaleField())
		m.open(p)
		return
	}
	left := src.Left
	p := newPrompt("Draw part of "+name+" ("+exact(left)+" left)", details, func(v []string) ([]playbook.Decision, error) {
		amt, err := parseAmount(v[0])
		if err != nil {
			return nil, err
		}
		if amt.Cmp(left) > 0 {
			return nil, fmt.Errorf("only %s is left in %s", exact(left), name)
		}
		return []playbook.Decision{{Kind: playbook.Draw, Source: id, Amount: amt, Rationale: v[1]}}, nil
	}, amountField("amount", false, "e.g. 1.5m"), rationaleField())
	p.fields[0].check = func(v string) error {
		if amt, _ := parseAmount(v); amt.Cmp(left) > 0 {
			return fmt.Errorf("only %s is left in %s", exact(left), name)
		}
		return nil
	}
	p.preview = amountPreview(left, "more than the "+exact(left)+" left", func(amt decimal.Decimal) string {
		return fmt.Sprintf("draw %s, %s left after", exact(amt), exact(left.Sub(amt)))
	})
	m.open(p)
}

// amountPreview is the live line under an amount field: nothing while it
// is blank, why the text is not an amount, a refusal past limit (over says
// why), or else what the amount would do.
func amountPreview(limit decimal.Decimal, over string, show func(decimal.Decimal) string) func([]string) string {
	return func(v []string) string {
		if v[0] == "" {
			return ""
		}
		amt, err := parseAmount(v[0])
		switch {
		case err != nil:
			return "✗ " + err.Error()
		case amt.Cmp(limit) > 0:
			return "✗ " + over
		}
		return show(amt)
	}
}

func (m *Model) ackPrompt() {
	if st := m.d.snap.State; st.Acknowledged {
		m.say(toneMuted, "the alert was acknowledged at "+clock(st.AckAt, m.d.now))
		return
	}
	m.open(newPrompt("Acknowledge the alert (stops the triage clock)", nil, func(v []string) ([]playbook.Decision, error) {
		return []playbook.Decision{{Kind: playbook.Acknowledge, Rationale: v[0]}}, nil
	}, rationaleField()))
}

// reverseSelected reverses the decision selected in the log, or the last
// draw of the selected tier, or the selected repo or posting.
func (m *Model) reverseSelected() {
	var target uint64
	switch {
	case m.focus == focusLog:
		seq, ok := m.log.selected()
		if !ok {
			m.say(toneWarn, "the log is empty: nothing to reverse")
			return
		}
		target = seq
	case m.stage == playbook.Liquidity:
		id, _ := m.waterfall.selected()
		for _, d := range m.d.snap.State.Draws {
			if d.Source == id && d.ReversedBy == 0 {
				target = d.Seq
			}
		}
		if target == 0 {
			m.say(toneWarn, "no active draw on "+sanitize(id)+" to reverse")
			return
		}
	case m.stage == playbook.Collateral:
		ref, ok := m.collateral.selected()
		if !ok || ref.seq == 0 {
			m.say(toneWarn, "select a repo or posting to reverse (or tab to the log)")
			return
		}
		target = ref.seq
	default:
		m.say(toneWarn, "x reverses a draw, posting, repo or payment: tab to the log and select it")
		return
	}
	var ev playbook.Event
	for _, e := range m.d.snap.Events {
		if e.Seq == target {
			ev = e
		}
	}
	if why := notReversible(m.d.snap, ev); why != "" {
		m.say(toneWarn, why)
		return
	}
	m.open(newPrompt(fmt.Sprintf("Reverse #%d: %s", target, describe(ev, m.d.now)), []string{"the original stays in the log; the reversal is a new decision"},
		func(v []string) ([]playbook.Decision, error) {
			return []playbook.Decision{{Kind: playbook.Reverse, Target: target, Rationale: v[0]}}, nil
		}, rationaleField()))
}

// notReversible says why an event cannot be reversed ("" when it can).
func notReversible(s playbook.Snapshot, e playbook.Event) string {
	if e.Seq == 0 {
		return "no such decision"
	}
	if _, held := s.State.Held[e.Seq]; held {
		return ""
	}
	for _, x := range s.Events {
		if x.Kind == playbook.Reverse && x.Target == e.Seq {
			return fmt.Sprintf("#%d was already reversed by #%d", e.Seq, x.Seq)
		}
	}
	switch e.Kind {
	case playbook.Draw, playbook.Post, playbook.StageRepo, playbook.Pay:
		return ""
	case playbook.Liquidate:
		return fmt.Sprintf("#%d is a sale: it has executed and cannot be reversed", e.Seq)
	}
	return fmt.Sprintf("#%d (%s) cannot be reversed: only draws, postings, repos and payments can; add a note instead (n)", e.Seq, e.Kind)
}

// sourceFor is the repo source that lends a holding.
func sourceFor(f *playbook.Figures, holding string) (playbook.SourceFigure, bool) {
	for _, s := range f.Sources {
		if s.Kind == engine.SourceRepo {
			for _, h := range s.Collateral {
				if h == holding {
					return s, true
				}
			}
		}
	}
	return playbook.SourceFigure{}, false
}
