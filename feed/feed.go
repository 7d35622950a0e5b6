// Package feed reads a live feed for the war room: a JSON-lines file that
// another system appends to, one market or counterparty change a line —
// a factor move, a position's price, a call issued or revised, a source
// cut, withdrawn or restored. Each line becomes a playbook.Decision
// (operator "feed"); a line that cannot be read is reported with its line
// number and skipped, and the feed carries on.
//
// Money is read from its literal text (a JSON string or number, never
// through float64). The package never decides anything itself: the
// caller applies what it reads to the incident (Apply), so every change
// is in the log like any decision. It reads the file only; it never
// writes it.
package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/playbook"
)

// Operator is the operator of every decision a feed records.
const Operator = "feed"

// A Line is one line of the feed as read: its number (from 1 since the
// file began, or since it was truncated or rotated), its text, and either
// the decision it asks for or why it was skipped.
type Line struct {
	N    int
	Text string
	// Decision is what the line asks for; for a price line its factor
	// move is worked out by Apply against the live figures.
	Decision playbook.Decision
	// Price is set on a price line: the position and its new market value.
	Price *Price
	Err   error
}

// Price is a position's new market value from the feed.
type Price struct {
	Position    string
	MarketValue decimal.Decimal
}

// OK reports whether the line can be applied.
func (l Line) OK() bool { return l.Err == nil }

// Warning is the line's problem as the console shows it: "line 7: …".
func (l Line) Warning() string {
	if l.Err == nil {
		return ""
	}
	return fmt.Sprintf("feed line %d: %v (skipped)", l.N, l.Err)
}

var fieldsOf = map[string][]string{
	"factor": {"factor", "move"},
	"price":  {"position", "market_value"},
	"call":   {"counterparty", "amount", "deadline", "cycle", "vm", "im", "currency"},
	"source": {"source", "action", "amount"},
}

// ParseLine reads one line of the feed.
func ParseLine(n int, text string) Line {
	l := Line{N: n, Text: text}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		l.Err = fmt.Errorf("not a JSON object: %v", err)
		return l
	}
	str := func(k string) (string, bool) {
		v, ok := raw[k]
		if !ok {
			return "", false
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			return "", false
		}
		return s, true
	}
	typ, _ := str("type")
	allowed, ok := fieldsOf[typ]
	if !ok {
		l.Err = fmt.Errorf("type %q: want factor, price, call or source", typ)
		return l
	}
	for k := range raw {
		if k != "type" && k != "headline" && !contains(allowed, k) {
			l.Err = fmt.Errorf("%s line: unknown field %q (allowed: %s, headline)", typ, k, strings.Join(allowed, ", "))
			return l
		}
	}
	need := func(k string) string {
		s, ok := str(k)
		if !ok || s == "" {
			if l.Err == nil {
				l.Err = fmt.Errorf("%s line: %s is required (a string)", typ, k)
			}
		}
		return s
	}
	num := func(k string) decimal.Decimal {
		d, err := number(raw[k])
		if err != nil && l.Err == nil {
			l.Err = fmt.Errorf("%s line: %s: %v", typ, k, err)
		}
		return d
	}
	headline, _ := str("headline")
	mv := &playbook.MarketMove{Headline: headline}
	d := playbook.Decision{Kind: playbook.Market, Operator: Operator, Market: mv, Rationale: "feed line " + fmt.Sprint(n)}
	switch typ {
	case "factor":
		f, move := need("factor"), num("move")
		mv.Shocks = map[string]decimal.Decimal{f: move}
		if mv.Headline == "" {
			mv.Headline = fmt.Sprintf("%s moves %s%%", f, move.Mul(decimal.NewFromInt(100)).String())
		}
	case "price":
		p, v := need("position"), num("market_value")
		l.Price = &Price{Position: p, MarketValue: v}
		if mv.Headline == "" {
			mv.Headline = fmt.Sprintf("%s marked at %s", p, v.StringFixed(2))
		}
	case "call":
		// A call keyed as it arrives: a second call is another call.
		d = playbook.Decision{Kind: playbook.KeyCall, Operator: Operator, Counterparty: need("counterparty"), Amount: num("amount"),
			Rationale: "feed line " + fmt.Sprint(n) + ": " + headline}
		d.Cycle, _ = str("cycle")
		d.Currency, _ = str("currency") // the playbook checks it against the book
		for _, part := range []string{"vm", "im"} {
			if _, ok := raw[part]; ok {
				v := num(part)
				if part == "vm" {
					d.VM = &v
				} else {
					d.IM = &v
				}
			}
		}
		if d.Amount.Sign() < 0 && l.Err == nil {
			l.Err = fmt.Errorf("call line: amount is negative")
		}
		if s, ok := str("deadline"); ok {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil && l.Err == nil {
				l.Err = fmt.Errorf("call line: deadline %q: want RFC 3339", s)
			}
			d.Deadline = t
		}
	case "source":
		src := need("source")
		action, _ := str("action")
		if action == "" {
			action = "cut"
		}
		switch action {
		case "withdraw":
			mv.Withdraw = []string{src}
		case "restore":
			mv.Restore = []string{src}
		case "cut":
			amt := num("amount")
			if amt.Sign() < 0 && l.Err == nil {
				l.Err = fmt.Errorf("source line: amount is negative")
			}
			mv.Cut = map[string]decimal.Decimal{src: amt}
		default:
			if l.Err == nil {
				l.Err = fmt.Errorf("source line: action %q: want cut, withdraw or restore", action)
			}
		}
		if mv.Headline == "" {
			mv.Headline = src + ": " + action
		}
	}
	l.Decision = d
	return l
}

// number reads a JSON string or number as an exact decimal.
func number(raw json.RawMessage) (decimal.Decimal, error) {
	if raw == nil {
		return decimal.Zero, fmt.Errorf("is required")
	}
	t := string(bytes.TrimSpace(raw))
	if strings.HasPrefix(t, `"`) {
		if err := json.Unmarshal(raw, &t); err != nil {
			return decimal.Zero, err
		}
	}
	if strings.ContainsAny(t, "eE") {
		return decimal.Zero, fmt.Errorf("%q has an exponent; write the number out", t)
	}
	d, err := decimal.NewFromString(strings.TrimSpace(t))
	if err != nil {
		return decimal.Zero, fmt.Errorf("%q is not a number", t)
	}
	return d, nil
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Apply records a line in the incident: a price line becomes the move of
// the position's factor that brings its mark to the price (the whole
// factor moves, as the book models it). A refused line comes back as an
// error to show as a warning; nothing is recorded then.
func Apply(inc *playbook.Incident, l Line) (playbook.Event, error) {
	if l.Err != nil {
		return playbook.Event{}, l.Err
	}
	d := l.Decision
	if l.Price != nil {
		f := inc.Snapshot().Figures
		move, err := priceMove(f, *l.Price)
		if err != nil {
			return playbook.Event{}, fmt.Errorf("feed line %d: %v", l.N, err)
		}
		m := *d.Market
		m.Shocks = move
		d.Market = &m
	}
	e, err := inc.Decide(d)
	if err != nil {
		return e, fmt.Errorf("feed line %d: %v", l.N, err)
	}
	return e, nil
}

// priceMove is the factor return to add so that the position's stressed
// mark becomes the price: MV × (1 + shock × beta) = price.
func priceMove(f playbook.Figures, p Price) (map[string]decimal.Decimal, error) {
	pos, ok := f.Book.Position(p.Position)
	if !ok {
		return nil, fmt.Errorf("no position %q in the book", p.Position)
	}
	if _, explicit := f.Scenario.StressedValue[pos.ID]; explicit {
		return nil, fmt.Errorf("%s's stressed value is fixed by the scenario; a price cannot move it", pos.ID)
	}
	if pos.MarketValue.IsZero() || pos.Factor == "" {
		return nil, fmt.Errorf("%s has no market value or factor to move", pos.ID)
	}
	beta := pos.Beta
	if beta.IsZero() {
		beta = decimal.NewFromInt(1)
	}
	total := p.MarketValue.DivRound(pos.MarketValue, 16).Sub(decimal.NewFromInt(1)).DivRound(beta, 16)
	return map[string]decimal.Decimal{pos.Factor: total.Sub(f.Scenario.Shocks[pos.Factor])}, nil
}
