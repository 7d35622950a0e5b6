package tui

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// maxLogRows caps the log pane: the latest decisions are what the room
// needs; the full log is the post-mortem's.
const maxLogRows = 200

// logModel is the decision log pane: the latest decisions first, each with
// its time, operator, action and the shortfall right after it. A decision
// appears here only once the backend has committed it.
type logModel struct {
	list listView
	seqs []uint64
	// rows are the rows last built, by seq: a decision's row changes only
	// when it is reversed, signed or its shortfall-after arrives, so a new
	// snapshot builds the new row and reuses the rest (a room of 20
	// consoles taking decisions rebuilt 200 rows per console per decision).
	rows []logRow // a ring by event index: rows[i%len] is event i's, if its seq matches
}

// logRow is a built row and what it was built from.
type logRow struct {
	seq  uint64
	key  logKey
	line line
}

// logKey is everything a row shows beyond the event itself (which the log
// never changes once written).
type logKey struct {
	at       time.Time // the event's, with its kind: the same history
	kind     playbook.Kind
	reversed uint64
	signed   string
	waiting  bool
	hasAfter bool
	after    decimal.Decimal
	day      int // the clock's day (clock says "Mon 15:04" on another)
	book     *engine.Book
}

func (k logKey) same(o logKey) bool {
	return k.at.Equal(o.at) && k.kind == o.kind && k.reversed == o.reversed && k.signed == o.signed &&
		k.waiting == o.waiting && k.hasAfter == o.hasAfter && k.after.Equal(o.after) && k.day == o.day && k.book == o.book
}

var logCols = []column{{title: "#", width: 4, right: true}, {title: "Time", width: 5},
	{title: "Operator", width: 8, drop: 1}, {title: "Action", width: 0}, {title: "Short after", width: 12, right: true}}

func (l *logModel) set(d *data) {
	evs := d.snap.Events
	reversed, signed := map[uint64]uint64{}, map[uint64]string{}
	for _, e := range evs {
		switch e.Kind {
		case playbook.Reverse:
			reversed[e.Target] = e.Seq
		case playbook.Approve:
			signed[e.Target] = fmt.Sprintf(" ✓ approved by %s (#%d)", sanitize(e.Operator), e.Seq)
		case playbook.Reject:
			signed[e.Target] = fmt.Sprintf(" ✗ rejected by %s (#%d)", sanitize(e.Operator), e.Seq)
		}
	}
	ls := make([]line, 1, min(len(evs), maxLogRows)+2)
	ls[0] = headLine(logCols)
	l.seqs = l.seqs[:0]
	y, yd := d.now.Year(), d.now.YearDay()
	if len(l.rows) == 0 {
		// Twice the rows shown: a snapshot that adds up to maxLogRows
		// decisions overwrites none it still shows.
		l.rows = make([]logRow, 2*maxLogRows)
	}
	for i := len(evs) - 1; i >= 0 && len(l.seqs) < maxLogRows; i-- {
		e := evs[i]
		k := logKey{at: e.At, kind: e.Kind, reversed: reversed[e.Seq], signed: signed[e.Seq], day: y*1000 + yd, book: d.f.Book}
		if k.signed == "" {
			_, k.waiting = d.snap.State.Held[e.Seq]
		}
		k.after, k.hasAfter = d.after[e.Seq]
		// Rows are shared by the copies of the model, and checked before
		// use: a row built for another state is built again.
		r := &l.rows[i%len(l.rows)]
		if r.seq != e.Seq || !r.key.same(k) {
			*r = logRow{seq: e.Seq, key: k, line: logLine(e, k, d)}
		}
		ls = append(ls, r.line)
		l.seqs = append(l.seqs, e.Seq)
	}
	if len(evs) == 0 {
		ls = append(ls, textLine(toneMuted, "  no decisions yet"))
	}
	l.list.setLines(ls)
}

// logLine builds one decision's row.
func logLine(e playbook.Event, k logKey, d *data) line {
	act := describe(e, d.now)
	if k.reversed != 0 {
		act += fmt.Sprintf(" ⊘ reversed by #%d", k.reversed)
	}
	if k.signed != "" {
		act += k.signed
	} else if k.waiting {
		act += " · A approves, R rejects"
	}
	if e.Rationale != "" {
		act += " · why: " + sanitize(e.Rationale)
	}
	after := cell{"…", toneMuted}
	if k.hasAfter {
		after = cell{whole(k.after), toneNone}
		if k.after.Sign() > 0 {
			after.tone = toneBreach
		} else {
			after = cell{"✓ 0", toneOK}
		}
	}
	return rowLine(logCols, cell{strconv.Itoa(int(e.Seq)), toneMuted}, cell{clock(e.At, d.now), toneNone},
		cell{sanitize(e.Operator), toneNone}, cell{act, toneNone}, after).pick().findAs(d.eventNames(e)...).kept()
}

func (l logModel) selected() (uint64, bool) {
	i := l.list.selected()
	if i < 0 || i >= len(l.seqs) {
		return 0, false
	}
	return l.seqs[i], true
}

// describe says what an event did, in the operator's words.
func describe(e playbook.Event, now time.Time) string {
	held := ""
	if e.Held {
		held = " ⧗ HELD for approval"
	}
	switch e.Kind {
	case playbook.Draw:
		return fmt.Sprintf("draw %s %s%s", sanitize(e.Source), whole(e.Amt()), held)
	case playbook.Post:
		return fmt.Sprintf("post %s → %s %s (credit %s)", sanitize(e.Holding), sanitize(e.Counterparty), whole(e.Val()), whole(e.Amt()))
	case playbook.StageRepo:
		return fmt.Sprintf("stage repo %s %s → cash %s", sanitize(e.Holding), whole(e.Val()), whole(e.Amt()))
	case playbook.ConfirmRepo:
		return fmt.Sprintf("confirm repo #%d: cash %s counts", e.Target, whole(e.Amt()))
	case playbook.Liquidate:
		fs := ""
		if e.FireSale {
			fs = " ⚠ FIRE SALE"
		}
		return fmt.Sprintf("sell %s %s → %s%s%s", sanitize(e.Position), whole(e.Val()), whole(e.Amt()), fs, held)
	case playbook.Reverse:
		return fmt.Sprintf("reverse #%d", e.Target)
	case playbook.Acknowledge:
		return "acknowledge the alert"
	case playbook.AssignRole:
		return fmt.Sprintf("role %s: %s", sanitize(e.Role), sanitize(e.Assignee))
	case playbook.Status:
		return fmt.Sprintf("%s status: %s", sanitize(e.Counterparty), statusGlyph[e.Status])
	case playbook.Message:
		return fmt.Sprintf("message %s %s: %s", e.Direction, sanitize(e.Counterparty), sanitize(e.Text))
	case playbook.Note:
		return "note: " + sanitize(e.Text)
	case playbook.Goto:
		return fmt.Sprintf("stage → %d %s", e.ToStage, e.ToStage)
	case playbook.SetCall:
		return fmt.Sprintf("actual call %s %s", sanitize(e.Counterparty), whole(e.Amt()))
	case playbook.KeyCall, playbook.Agree, playbook.Dispute, playbook.Resolve, playbook.Revise, playbook.Pay,
		playbook.AskExtension, playbook.GrantExtension, playbook.Convert:
		// The call ledger's own words (comms_ledger.go); an FX deal's.
		return sanitize(playbook.Describe(e))
	case playbook.SelectScenario:
		return "scenario → " + sanitize(e.Scenario)
	case playbook.Approve, playbook.Reject:
		return fmt.Sprintf("%s #%d", e.Kind, e.Target)
	case playbook.Close:
		return "CLOSED: " + sanitize(e.Text)
	case playbook.Join:
		return "→ joined the room as " + sanitize(e.Role)
	case playbook.Leave:
		return "← left the room (" + sanitize(e.Text) + ")"
	case playbook.Market:
		if e.Market != nil && e.Market.Headline != "" {
			return "market: " + sanitize(e.Market.Headline)
		}
		return "market move"
	}
	return sanitize(string(e.Kind))
}
