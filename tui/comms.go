package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// commsModel is stage 5: each counterparty's status and call, and the log
// of messages sent and received.
type commsModel struct {
	list listView
	cps  []string
}

var cpCols = []column{{title: "Counterparty", width: 0}, {title: "Call", width: 12, right: true},
	{title: "Due", width: 9, right: true}, {title: "Time left", width: 12, drop: 1},
	{title: "Status", width: 19}, {title: "Short", width: 14, right: true, drop: 2}}

var statusGlyph = map[string]string{
	"":                          "○ not contacted",
	playbook.StatusCalled:       "● called",
	playbook.StatusAcknowledged: "◐ acknowledged",
	playbook.StatusDisputed:     "⚑ disputed",
	playbook.StatusExtension:    "⧗ extension asked",
	playbook.StatusPaid:         "✓ paid",
}

func (c *commsModel) set(d *data) {
	f := d.f
	ls := []line{textLine(toneTitle, "COUNTERPARTIES · s sets the next status · m drafts a message from the live figures"), headLine(cpCols)}
	c.cps = c.cps[:0]
	for _, call := range f.Calls {
		short := cell{"✓ met", toneOK}
		if call.Shortfall.Sign() > 0 {
			short = cell{"✗ " + whole(call.Shortfall), toneBreach}
		}
		st := cell{statusGlyph[call.Status.Status], toneNone}
		if call.Status.Status == playbook.StatusPaid {
			st.tone = toneOK
		}
		ls = append(ls, rowLine(cpCols, cell{sanitize(call.Name), toneNone}, cell{whole(call.Amount), toneNone},
			cell{clock(call.Deadline, d.now), toneNone}, cell{countdown(call.Deadline, d.now), toneNone}, st, short).pick())
		c.cps = append(c.cps, call.Counterparty)
	}
	ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, "MESSAGES"))
	n := 0
	for i := len(d.snap.Events) - 1; i >= 0 && n < maxLogRows; i-- {
		e := d.snap.Events[i]
		if e.Kind != playbook.Message {
			continue
		}
		n++
		dir := "→"
		if e.Direction == "received" {
			dir = "←"
		}
		ls = append(ls, textLine(toneNone, fmt.Sprintf("  %s %s %s %s: %s", clock(e.At, d.now), sanitize(e.Operator), dir,
			sanitize(e.Counterparty), sanitize(e.Text))))
	}
	if n == 0 {
		ls = append(ls, textLine(toneMuted, "  none yet"))
	}
	c.list.setLines(ls)
}

func (c commsModel) selected() (string, bool) {
	i := c.list.selected()
	if i < 0 || i >= len(c.cps) {
		return "", false
	}
	return c.cps[i], true
}

// nextStatus is the status after the current one, in the order a call
// moves; after paid it starts over at called.
func nextStatus(cur string) string {
	i := slices.Index(playbook.Statuses, cur)
	return playbook.Statuses[(i+1)%len(playbook.Statuses)]
}

// draft fills a message from the live figures: how much, how it will be
// met, by when, and what is still short.
func draft(f *playbook.Figures, s playbook.State, cp string) string {
	var call playbook.CallFigure
	for _, c := range f.Calls {
		if c.Counterparty == cp {
			call = c
		}
	}
	by := map[string]decimal.Decimal{}
	var order []string
	add := func(k string, v decimal.Decimal) {
		if _, ok := by[k]; !ok {
			order = append(order, k)
		}
		by[k] = by[k].Add(v)
	}
	for _, d := range s.Draws {
		if d.ReversedBy == 0 {
			add(sourceWord(f.Book, d.Source), d.Amount)
		}
	}
	for _, r := range s.Repos {
		if r.ReversedBy == 0 && r.Confirmed {
			add("repo", r.Cash)
		}
	}
	for _, p := range s.Posts {
		if p.ReversedBy == 0 && p.Counterparty == cp {
			add(p.Holding+" posted (credit)", p.Credit)
		}
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, k+" "+exact(by[k]))
	}
	how := strings.Join(parts, ", ")
	if how == "" {
		how = "sources being arranged"
	}
	return sanitize(fmt.Sprintf("%s: we will meet your %s call due %s with %s; shortfall %s",
		cp, exact(call.Amount), clock(call.Deadline, f.Now), how, exact(call.Shortfall)))
}

func sourceWord(b *engine.Book, id string) string {
	src, ok := b.Source(id)
	if !ok {
		return id
	}
	switch src.Kind {
	case engine.SourceCash:
		return "cash"
	case engine.SourceMMF:
		return "MMF"
	case engine.SourceRepo:
		return "repo"
	case engine.SourceCreditLine:
		return "credit line"
	}
	return id
}
