package tui

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// commsModel is stage 5: each call's ledger (called, disputed, paid, due)
// and the log of messages drafted, sent and received.
type commsModel struct {
	list listView
	// rows maps a selectable row to its call.
	rows []callRef
}

// callRef names a call: its counterparty and the seq that keyed it (0:
// the engine's estimate).
type callRef struct {
	cp  string
	ref uint64
}

var cpCols = []column{{title: "Call", width: 0}, {title: "Called", width: 11, right: true},
	{title: "Disputed", width: 11, right: true, drop: 3}, {title: "Paid", width: 11, right: true, drop: 2},
	{title: "Due", width: 11, right: true}, {title: "By", width: 9, right: true}, {title: "Time left", width: 10, drop: 4},
	{title: "Status", width: 13}, {title: "Short", width: 12, right: true, drop: 1}}

// statusGlyph gives every status a glyph and a word: colour is never the
// only signal.
var statusGlyph = map[string]string{
	playbook.StatusEstimated:        "○ estimated",
	playbook.StatusCalled:           "● called",
	playbook.StatusAcknowledged:     "◐ acknowledged",
	playbook.StatusAgreed:           "◉ agreed",
	playbook.StatusDisputed:         "⚑ disputed",
	playbook.StatusResolved:         "◉ resolved",
	playbook.StatusPartlyPaid:       "◑ partly paid",
	playbook.StatusPaid:             "✓ paid",
	playbook.StatusExtension:        "⧗ extension asked",
	playbook.StatusExtensionGranted: "⧗ extended",
}

func (c *commsModel) set(d *data) {
	f := d.f
	ls := []line{textLine(toneTitle, "CALLS · s sets the selected call's status · c keys a call received · m drafts its message"), headLine(cpCols)}
	c.rows = c.rows[:0]
	for _, call := range f.Calls {
		short := cell{"✓ met", toneOK}
		switch {
		case call.Shortfall.Sign() > 0:
			short = cell{"✗ " + whole(call.Shortfall), toneBreach}
		case !call.Open():
			short = cell{"—", toneMuted}
		}
		st := cell{statusGlyph[call.Status.Status], toneNone}
		switch call.Status.Status {
		case playbook.StatusPaid:
			st.tone = toneOK
		case playbook.StatusDisputed:
			st.tone = toneWarn
		}
		disputed := cell{"—", toneMuted}
		if call.Disputed.Sign() > 0 {
			disputed = cell{whole(call.Disputed), toneWarn}
		}
		paid := cell{"—", toneMuted}
		if call.Paid.Sign() > 0 {
			paid = cell{whole(call.Paid), toneNone}
		}
		name := sanitize(call.Name)
		if name == "" {
			name = sanitize(call.Counterparty)
		}
		if call.Cycle != "" && call.Cycle != playbook.CycleEOD {
			name += " " + sanitize(call.Cycle)
		}
		if call.Ref != 0 {
			name += fmt.Sprintf(" #%d", call.Ref)
		}
		// Past its deadline a call with nothing short was met, not overdue.
		left, lt := callLeft(call.Deadline, d.now, call.Shortfall)
		ls = append(ls, rowLine(cpCols, cell{name, toneNone}, cell{whole(call.Amount), toneNone}, disputed, paid,
			cell{whole(call.Due), toneNone}, cell{clock(call.Deadline, d.now), toneNone}, cell{left, lt},
			st, short).pick().findAs(call.Counterparty))
		c.rows = append(c.rows, callRef{call.Counterparty, call.Ref})
		for _, s := range ledgerLines(call, d) {
			ls = append(ls, textLine(toneMuted, "    "+s))
		}
	}
	ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, "MESSAGES · drafts are copied to your channel; warroom sends nothing"))
	n := 0
	for i := len(d.snap.Events) - 1; i >= 0 && n < maxLogRows; i-- {
		e := d.snap.Events[i]
		if e.Kind != playbook.Message {
			continue
		}
		n++
		dir := map[string]string{"received": "←", "drafted": "✎"}[e.Direction]
		if dir == "" {
			dir = "→"
		}
		ls = append(ls, textLine(toneNone, fmt.Sprintf("  %s %s %s %s: %s", clock(e.At, d.now), sanitize(e.Operator), dir,
			sanitize(e.Counterparty), sanitize(e.Text))))
	}
	if n == 0 {
		ls = append(ls, textLine(toneMuted, "  none yet"))
	}
	c.list.setLines(ls)
}

// ledgerLines are a call's ledger under its row: what is due by the
// deadline and what on resolution, then each step of its lifecycle.
func ledgerLines(c playbook.CallFigure, d *data) []string {
	var out []string
	if c.Disputed.Sign() > 0 {
		out = append(out, fmt.Sprintf("⚑ %s disputed (%s) · undisputed %s due by %s · %s due on resolution",
			whole(c.Disputed), c.Ledger.Reason, whole(c.Amount.Sub(c.Disputed)), clock(c.Deadline, d.now), whole(c.Disputed)))
	}
	switch {
	case c.Kind != engine.CCP || c.Amount.Sign() <= 0 || c.IMPart.Cmp(c.Amount) >= 0:
	case c.IMPart.Sign() <= 0:
		out = append(out, "all VM, cash only: securities cannot meet this call")
	default:
		out = append(out, fmt.Sprintf("cash only (VM) %s · securities may meet the IM part %s", whole(c.Amount.Sub(c.IMPart)), whole(c.IMPart)))
	}
	var steps []string
	for _, s := range c.Ledger.Steps {
		steps = append(steps, clock(s.At, d.now)+" "+stepWord(s))
	}
	if len(steps) > 0 {
		out = append(out, strings.Join(steps, " → "))
	}
	return out
}

func stepWord(s playbook.CallStep) string {
	switch s.Kind {
	case playbook.KeyCall, playbook.SetCall:
		return "called " + whole(s.Amount)
	case playbook.Agree:
		return "agreed"
	case playbook.Dispute:
		return "disputed " + whole(s.Amount) + " (" + s.Reason + ")"
	case playbook.Resolve:
		return "resolved at " + whole(s.Amount)
	case playbook.Revise:
		return "revised to " + whole(s.Amount)
	case playbook.Pay:
		return "paid " + whole(s.Amount)
	case playbook.AskExtension:
		return "extension asked to " + s.Until.Format("15:04")
	case playbook.GrantExtension:
		return "extended to " + s.Until.Format("15:04")
	case playbook.Status:
		return strings.ReplaceAll(s.Status, "_", " ")
	}
	return string(s.Kind)
}

func (c commsModel) selected() (callRef, bool) {
	i := c.list.selected()
	if i < 0 || i >= len(c.rows) {
		return callRef{}, false
	}
	return c.rows[i], true
}
