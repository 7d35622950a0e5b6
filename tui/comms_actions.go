package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// statusWords are what the status prompt takes: each status chosen
// directly, by its word or its letter.
var statusWords = map[string]string{
	"a": playbook.StatusAgreed, "k": playbook.StatusAcknowledged, "d": playbook.StatusDisputed,
	"r": playbook.StatusResolved, "p": playbook.StatusPaid, "e": playbook.StatusExtension,
	"g": playbook.StatusExtensionGranted, "c": playbook.StatusCalled,
	"extension": playbook.StatusExtension, "granted": playbook.StatusExtensionGranted, "ack": playbook.StatusAcknowledged,
}

func statusWord(v string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if w, ok := statusWords[v]; ok {
		return w, nil
	}
	for _, s := range playbook.Statuses {
		if v == s || strings.ReplaceAll(s, "_", " ") == v {
			return s, nil
		}
	}
	return "", fmt.Errorf("status %q: type a word or its letter (a agreed, k acknowledged, d disputed, r resolved, p paid, e extension asked, g extension granted)", v)
}

// commsCall is the selected call's figures.
func (m *Model) commsCall() (playbook.CallFigure, bool) {
	ref, ok := m.comms.selected()
	if !ok {
		return playbook.CallFigure{}, false
	}
	for _, c := range m.d.f.Calls {
		if c.Counterparty == ref.cp && c.Ref == ref.ref {
			return c, true
		}
	}
	return playbook.CallFigure{}, false
}

// statusPrompt sets the selected call's status directly: the status, the
// amount where it has one (disputed, resolved, paid), and a reason code,
// source or time where it takes one. The preview runs the playbook's own
// checks on the typed values, so a refusal shows before enter.
func (m *Model) statusPrompt() {
	c, ok := m.commsCall()
	if !ok {
		m.say(toneWarn, "no call selected to update")
		return
	}
	day := m.d.now
	build := func(v []string) ([]playbook.Decision, error) {
		st, err := statusWord(v[0])
		if err != nil {
			return nil, err
		}
		amt, err := optionalAmount(v[1])
		if err != nil {
			return nil, err
		}
		d := playbook.Decision{Kind: playbook.Status, Counterparty: c.Counterparty, Call: c.Ref, Status: st, Amount: amt, Rationale: v[3]}
		if c.ShowCurrency {
			// The selected call, not the counterparty's first.
			d.Currency = c.Currency
		}
		switch st {
		case playbook.StatusDisputed:
			d.Reason = v[2]
		case playbook.StatusPaid:
			d.Source = v[2]
		case playbook.StatusExtension, playbook.StatusExtensionGranted:
			if v[2] != "" {
				if d.Until, err = hhmm(v[2], day); err != nil {
					return nil, err
				}
			}
		}
		return []playbook.Decision{d}, nil
	}
	p := newPrompt(fmt.Sprintf("Status of %s's call (called %s · due %s · paid %s · %s)", c.Label(), exact(c.Amount), exact(c.Due),
		exact(c.Paid), statusGlyph[c.Status.Status]),
		[]string{"a agreed · k acknowledged · d disputed AMOUNT [reason] · r resolved AGREED · p paid [AMOUNT] [source]",
			"e extension asked UNTIL · g extension granted [UNTIL] · reasons: " + strings.Join(playbook.Reasons, ", ")},
		build, textField("status (word or letter)", false, ""), amountField("amount", true, "disputed, agreed or paid"),
		textField("reason / source / until HH:MM (optional)", true, ""), rationaleField())
	st := m.d.snap.State
	p.preview = func(v []string) string {
		if v[0] == "" {
			return ""
		}
		ds, err := build(v)
		if err != nil {
			return "✗ " + err.Error()
		}
		return dryRun(st, ds[0], day, c)
	}
	m.open(p)
}

// dryRun says what a call decision would do, by the playbook's own rules:
// refused and why, or the call's due and the shortfall after it.
func dryRun(s playbook.State, d playbook.Decision, at time.Time, c playbook.CallFigure) string {
	d.Operator = "preview"
	e, err := playbook.Decide(s, d, at, at)
	if err != nil {
		return "✗ " + err.Error()
	}
	e.Seq = s.Seq + 1
	next, err := playbook.Apply(s, e)
	if err != nil {
		return "✗ " + err.Error()
	}
	f := playbook.Compute(next, at)
	for _, x := range f.Calls {
		if x.Counterparty == c.Counterparty && (x.Ref == c.Ref || x.Ref == e.Seq) {
			return fmt.Sprintf("%s · %s due %s, %s disputed · shortfall %s", sanitize(playbook.Describe(e)), x.Label(), whole(x.Due), whole(x.Disputed), whole(f.Shortfall))
		}
	}
	return sanitize(playbook.Describe(e)) + " · shortfall " + whole(f.Shortfall)
}

// hhmm reads a time of day on the incident's day, or RFC 3339.
func hhmm(v string, day time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	t, err := time.Parse("15:04", v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: want HH:MM", v)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, day.Location()), nil
}

// keyCallPrompt keys an incoming call as it arrives: a second call from
// a counterparty is another call, not a replacement.
func (m *Model) keyCallPrompt() {
	cp := ""
	if c, ok := m.commsCall(); ok {
		cp = c.Counterparty
	}
	day := m.d.now
	fields := []promptField{textField("counterparty", false, cp), amountField("amount", false, "e.g. 11m"),
		amountField("VM part (optional)", true, "from the book"), textField("cycle: eod or intraday (optional)", true, ""),
		textField("deadline HH:MM (optional)", true, "")}
	// A book in several currencies asks the call's currency (blank: the
	// counterparty's first); the rationale is always the last field.
	multi := m.d.f.MultiCurrency
	if multi {
		fields = append(fields, currencyField())
	}
	fields = append(fields, rationaleField())
	build := func(v []string) ([]playbook.Decision, error) {
		amt, err := parseAmount(v[1])
		if err != nil {
			return nil, err
		}
		d := playbook.Decision{Kind: playbook.KeyCall, Counterparty: strings.TrimSpace(v[0]), Amount: amt, Cycle: strings.ToLower(v[3]), Rationale: v[len(v)-1]}
		if multi {
			d.Currency = strings.ToUpper(strings.TrimSpace(v[5]))
		}
		if v[2] != "" {
			vm, err := parseAmount(v[2])
			if err != nil {
				return nil, err
			}
			d.VM = &vm
		}
		if v[4] != "" {
			if d.Deadline, err = hhmm(v[4], day); err != nil {
				return nil, err
			}
		}
		return []playbook.Decision{d}, nil
	}
	p := newPrompt("Key a call received (it adds a call: a second call does not replace the first)",
		[]string{"at a CCP the VM part is cash only; blank VM takes it from the book's stress"},
		build, fields...)
	st := m.d.snap.State
	p.preview = func(v []string) string {
		if v[1] == "" {
			return ""
		}
		ds, err := build(v)
		if err != nil {
			return "✗ " + err.Error()
		}
		return dryRun(st, ds[0], day, playbook.CallFigure{Counterparty: ds[0].Counterparty, Ref: st.Seq + 1})
	}
	m.open(p)
}

func (m *Model) messagePrompt() {
	c, ok := m.commsCall()
	if !ok {
		m.say(toneWarn, "no call selected to write about")
		return
	}
	text := draftIn(c, m.d.now, shownCcy(m.d.f, c.Currency))
	cp := c.Counterparty
	m.open(newPrompt("Draft to "+sanitize(cp)+": edit, copy to your channel; enter records the draft in the log (warroom sends nothing)", nil,
		func(v []string) ([]playbook.Decision, error) {
			return []playbook.Decision{{Kind: playbook.Message, Counterparty: cp, Text: v[0], Direction: "drafted"}}, nil
		}, textField("draft", false, text)))
}

// draft writes the message a call's ledger calls for: an acknowledgement,
// a dispute notice with the undisputed amount, a payment confirmation, or
// an extension request. It speaks of this call only: it never promises
// funds that secure other calls, never discloses the firm's shortfall,
// and promises settlement only where the call is covered in time.
func draft(c playbook.CallFigure, now time.Time) string { return draftIn(c, now, "") }

// draftIn is draft naming the call's currency beside every amount (ccy
// empty: a single-currency book's message, as it always read).
func draftIn(c playbook.CallFigure, now time.Time, ccy string) string {
	exact := func(d decimal.Decimal) string {
		if ccy == "" {
			return engine.FormatMoney(d)
		}
		return ccy + " " + engine.FormatMoney(d)
	}
	call := "your margin call of " + exact(c.Amount)
	if c.Cycle != "" && c.Cycle != playbook.CycleEOD {
		call = "your " + sanitize(c.Cycle) + " margin call of " + exact(c.Amount)
	}
	if c.Ledger.Resolved {
		call += ", agreed at " + exact(c.Ledger.AgreedAmount)
	}
	by := clock(c.Deadline, now)
	settle := func(what decimal.Decimal) string {
		if c.Shortfall.Sign() == 0 {
			return fmt.Sprintf("Settlement of %s is arranged for %s.", exact(what), by)
		}
		return fmt.Sprintf("We will confirm settlement of %s ahead of %s.", exact(what), by)
	}
	var s string
	switch l := c.Ledger; {
	case !l.AskedUntil.IsZero() && !l.Extended && c.Open():
		s = fmt.Sprintf("We request an extension of the deadline for %s from %s to %s.", call, by, clock(l.AskedUntil, now))
	case c.Disputed.Sign() > 0:
		s = fmt.Sprintf("We dispute %s of %s (reason: %s). We agree the undisputed amount of %s, due %s. %s The disputed amount will be settled on resolution.",
			exact(c.Disputed), call, l.Reason, exact(c.Amount.Sub(c.Disputed)), by, settle(c.Due))
	case c.Status.Status == playbook.StatusPaid:
		s = fmt.Sprintf("We confirm payment of %s in settlement of %s.", exact(c.Paid), call)
	case c.Paid.Sign() > 0:
		s = fmt.Sprintf("We confirm payment of %s against %s; %s remains, due %s. %s", exact(c.Paid), call, exact(c.Due), by, settle(c.Due))
	case c.Status.Status == playbook.StatusAgreed:
		s = fmt.Sprintf("We agree %s, due %s. %s", call, by, settle(c.Due))
	default:
		s = fmt.Sprintf("We acknowledge receipt of %s, due %s. %s", call, by, settle(c.Due))
	}
	return sanitize(s)
}
