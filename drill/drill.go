package drill

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// A Drill is a rehearsal: a book, the stress it is about, when it starts
// and ends on the incident clock, and the scripted events in between.
type Drill struct {
	Name, Title string
	// Book is the drill's book: the named one with as_of moved to Starts
	// and, for a calm start, the calm scenario added. BookYAML is its text
	// (stored in the drill's log) and BookName its name.
	Book     *engine.Book
	BookName string
	BookYAML []byte
	// Scenario is the incident's scenario: the stress itself when the
	// drill starts after it, CalmScenario when it starts before.
	Scenario string
	// Known is the stress the drill is about, which a prudent treasury
	// (and the engine autopilot) tests the book against at the start.
	Known        string
	Starts, Ends time.Time
	Events       []Scripted
	// Notes are for the facilitator only.
	Notes string
}

// Scripted is one event of the drill's timeline: at an incident time, the
// decision it becomes (operator "drill").
type Scripted struct {
	At       time.Time
	Kind     string
	Headline string
	Line     int
	Decision playbook.Decision
}

// Operator is the operator of every decision the drill itself records.
const Operator = "drill"

// EventKinds are the kinds of scripted event.
var EventKinds = []string{"factor_move", "im_multiplier", "call", "revise", "dispute", "withdraw", "restore", "cut", "haircut", "deadline", "message"}

var topFields = []string{"drill", "title", "book", "book_demo", "book_file", "scenario", "start", "starts", "ends",
	"impact_multiplier", "events", "facilitator_notes"}

func (p *parser) drill(root *yaml.Node, data []byte) *Drill {
	top := p.fields(root, "", topFields...)
	d := &Drill{Name: strings.TrimSuffix(baseName(p.file), ".yaml")}
	if v, ok := p.scalar(top["drill"], "drill"); ok {
		d.Name = v
	}
	d.Title, _ = p.scalar(top["title"], "title")
	d.Notes, _ = p.scalar(top["facilitator_notes"], "facilitator_notes")
	name, text, _, ok := p.bookText(top, data)
	if !ok {
		return d
	}
	orig, err := book.Parse(name, text)
	if err != nil {
		if be, ok := err.(*book.Errors); ok {
			p.errs = append(p.errs, be.List...)
		} else {
			p.errAt(nil, "book", "%v", err)
		}
		return d
	}
	d.BookName = name
	p.market, p.book = orig.Market, orig
	start := "scenario"
	if v, ok := p.scalar(top["start"], "start"); ok {
		if v != "calm" && v != "scenario" {
			p.errAt(top["start"], "start", "%q: want calm (before the shock) or scenario (the stress has happened)", v)
		}
		start = v
	}
	if v, ok := p.scalar(top["scenario"], "scenario"); ok {
		if _, found := orig.Scenario(v); !found {
			p.errAt(top["scenario"], "scenario", "no scenario %q in the book", v)
		}
		d.Known = v
	}
	known, _ := orig.Scenario(d.Known)
	d.Known = known.ID
	d.Starts = orig.AsOf
	if n := top["starts"]; n != nil {
		if v, ok := p.scalar(n, "starts"); ok {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				p.errAt(n, "starts", "%q: want an RFC 3339 time (2026-03-13T09:00:00-04:00)", v)
			}
			d.Starts = orig.Market.In(t)
		}
	}
	impact := known.ImpactMultiplier
	if n := top["impact_multiplier"]; n != nil {
		if v, ok := p.money(n, "impact_multiplier"); ok {
			impact = v
		}
	}
	if impact.Sign() <= 0 {
		impact = decimal.NewFromInt(1)
	}
	d.Events = p.events(top["events"], d.Starts, nil)
	d.Ends = d.Starts
	for _, e := range d.Events {
		if e.At.After(d.Ends) {
			d.Ends = e.At
		}
	}
	if dl := lastDeadline(orig); dl.After(d.Ends) {
		d.Ends = dl
	}
	if n := top["ends"]; n != nil {
		if v, ok := p.scalar(n, "ends"); ok {
			if t, ok := p.at(n, "ends", v, d.Starts); ok {
				d.Ends = t
			}
		}
	}
	for _, e := range d.Events {
		if e.At.After(d.Ends) {
			p.errs = append(p.errs, book.Error{File: p.file, Line: e.Line, Field: "events", Msg: "the event is after the drill ends (" + d.Ends.Format(time.RFC3339) + ")"})
		}
	}
	if len(p.errs) > 0 {
		return d
	}
	d.Scenario = d.Known
	yml, err := effectiveBook(text, d.Starts, start == "calm", impact.String())
	if err == nil {
		d.Book, err = book.Parse(name, yml)
	}
	if err != nil {
		p.errAt(root, "starts", "the book does not load with the drill's start: %v", err)
		return d
	}
	if start == "calm" {
		d.Scenario = CalmScenario
	}
	d.BookYAML = yml
	p.check(d)
	return d
}

// check refers every event to the drill's book.
func (p *parser) check(d *Drill) {
	for _, e := range d.Events {
		dc := e.Decision
		bad := func(what, id string) {
			p.errs = append(p.errs, book.Error{File: p.file, Line: e.Line, Field: "events", Msg: fmt.Sprintf("no %s %q in the book", what, id)})
		}
		if dc.Counterparty != "" {
			if _, ok := d.Book.Counterparty(dc.Counterparty); !ok {
				bad("counterparty", dc.Counterparty)
			}
		}
		if m := dc.Market; m != nil {
			for _, id := range append(append(append([]string{}, m.Withdraw...), m.Restore...), keys(m.Cut)...) {
				if _, ok := d.Book.Source(id); !ok {
					bad("source", id)
				}
			}
			for _, id := range keys(m.Deadlines) {
				if _, ok := d.Book.Counterparty(id); !ok {
					bad("counterparty", id)
				}
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func lastDeadline(b *engine.Book) time.Time {
	t := b.Deadline
	for _, c := range b.Counterparties {
		if dl := b.LastDeadlineOf(c); dl.After(t) {
			t = dl
		}
	}
	return t
}

var dayRE = regexp.MustCompile(`^day\s+(\d+)\s+(\d{1,2}):(\d{2})$`)
var clockRE = regexp.MustCompile(`^(\d{1,2}):(\d{2})$`)

// at reads an incident time: RFC 3339, an offset from the start ("+2h",
// "+90m"), "HH:MM" on the first day, or "day N HH:MM" on the N-th
// business day (day 1 is the start's day).
func (p *parser) at(n *yaml.Node, field, v string, starts time.Time) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true
	}
	if strings.HasPrefix(v, "+") {
		if dur, err := time.ParseDuration(v[1:]); err == nil && dur >= 0 {
			return starts.Add(dur), true
		}
	}
	day, hh, mm := 1, -1, 0
	if m := dayRE.FindStringSubmatch(v); m != nil {
		day, _ = strconv.Atoi(m[1])
		hh, _ = strconv.Atoi(m[2])
		mm, _ = strconv.Atoi(m[3])
	} else if m := clockRE.FindStringSubmatch(v); m != nil {
		hh, _ = strconv.Atoi(m[1])
		mm, _ = strconv.Atoi(m[2])
	}
	if hh < 0 || hh > 23 || mm > 59 || day < 1 {
		p.errAt(n, field, "%q: want an RFC 3339 time, an offset like +2h, HH:MM, or day N HH:MM", v)
		return time.Time{}, false
	}
	d := p.market.AddBusinessDays(engine.DateOf(starts), day-1)
	return time.Date(d.Year, d.Month, d.Day, hh, mm, 0, 0, starts.Location()), true
}

// money reads an exact decimal from its literal text: no exponent, no
// float on the way.
func (p *parser) money(n *yaml.Node, field string) (decimal.Decimal, bool) {
	v, ok := p.scalar(n, field)
	if !ok {
		return decimal.Zero, false
	}
	t := strings.ReplaceAll(strings.TrimSpace(v), "_", "")
	if strings.ContainsAny(t, "eE") {
		p.errAt(n, field, "%q has an exponent; write the number out", v)
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		p.errAt(n, field, "%q is not a number", v)
		return decimal.Zero, false
	}
	return d, true
}
