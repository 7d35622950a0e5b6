// Package report renders a replayed incident for the people who ask, after
// the crisis, what was known when and who decided what: a self-contained
// HTML page (summary, charts as inline SVG, the decisions table, the chain
// status), a markdown text for tickets and terminals, and the side-by-side
// comparison of an incident with a fork of it.
//
// It only renders what it is given: it never opens a decision log, never
// reads a clock, and never fetches anything (the HTML carries its style
// inline and no scripts, so it opens the same offline, in a browser or in
// print, years later). Every user string goes through html/template's
// escaping.
package report

import (
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// Incident is one incident as replayed from its log: what a report shows.
// The caller (cmd/warroom) fills it from the decision log; the package
// does not know how logs are stored.
type Incident struct {
	File     string // the decision log's path, as the user named it
	BookName string
	Scenario string
	Created  time.Time // when the log was created (wall clock)
	ForkOf   string    // the incident this one was forked from, if any
	ForkAt   uint64    // decisions copied from ForkOf
	Chain    Chain
	Book     *engine.Book
	// Initial are the figures at the alert, before any decision.
	Initial playbook.Figures
	Steps   []playbook.Step
	Final   playbook.Figures
	Metrics playbook.Metrics
}

// Chain is the hash chain's verification, as the log reported it.
type Chain struct {
	OK       bool
	Records  uint64
	FirstBad uint64
	Reason   string
}

// Initial computes the figures of a book's scenario at the alert, before
// any decision: the first point of the shortfall over time.
func Initial(b *engine.Book, scenario string) (playbook.Figures, error) {
	s, err := playbook.NewState(b, scenario)
	if err != nil {
		return playbook.Figures{}, err
	}
	return playbook.Compute(s, b.AsOf), nil
}

// Point is the incident at one moment: what was due, secured and short
// right after decision Seq (0: the alert).
type Point struct {
	Seq                     uint64
	At                      time.Time
	Due, Secured, Shortfall decimal.Decimal
}

// Series is the shortfall over time: the alert, then one point per
// decision, in log order. Incident time never runs backwards in a log.
func (in *Incident) Series() []Point {
	pts := []Point{{At: in.Book.AsOf, Due: in.Initial.Due, Secured: in.Initial.Secured, Shortfall: in.Initial.Shortfall}}
	for _, st := range in.Steps {
		f := st.Figures
		pts = append(pts, Point{Seq: st.Event.Seq, At: st.Event.At, Due: f.Due, Secured: f.Secured, Shortfall: f.Shortfall})
	}
	return pts
}

// At is the point in effect at incident time t: the last decision taken
// at or before t (the alert when none was).
func At(pts []Point, t time.Time) Point {
	p := pts[0]
	for _, q := range pts[1:] {
		if q.At.After(t) {
			break
		}
		p = q
	}
	return p
}

// DeadlineDue is what falls due at one deadline, and who calls it.
type DeadlineDue struct {
	Deadline time.Time
	Due      decimal.Decimal
	Names    []string
}

// Deadlines groups the open calls of a set of figures by deadline, in
// order: the horizontal lines of the waterfall chart.
func Deadlines(f playbook.Figures) []DeadlineDue {
	var out []DeadlineDue
	for _, c := range f.Calls {
		if !c.Open() {
			continue
		}
		i := 0
		for i < len(out) && out[i].Deadline.Before(c.Deadline) {
			i++
		}
		if i == len(out) || !out[i].Deadline.Equal(c.Deadline) {
			out = append(out[:i], append([]DeadlineDue{{Deadline: c.Deadline}}, out[i:]...)...)
		}
		out[i].Due = out[i].Due.Add(c.Amount)
		name := c.Name
		if name == "" {
			name = c.Counterparty
		}
		out[i].Names = append(out[i].Names, name)
	}
	return out
}

// Waterfall is the plain plan's tiers as they stood at the alert, under
// the incident's final market (withdrawals and cuts included): what each
// source could raise and when it would arrive, in priority order.
func (in *Incident) Waterfall() engine.Plan {
	f := in.Final
	if f.Book == nil {
		f = in.Initial
	}
	return engine.PlainPlan(f.Book, engine.PlanInput{Stress: f.Stress, ActivatedAt: in.Book.AsOf, HorizonDays: playbook.HorizonDays})
}

// Drawn is what was drawn of each source by the end of the incident
// (draws, confirmed or staged repos, held requests), by source id.
func (in *Incident) Drawn() map[string]decimal.Decimal {
	out := map[string]decimal.Decimal{}
	for _, s := range in.Final.Sources {
		out[s.ID] = s.Used
	}
	return out
}

// Money renders an amount in whole units with separators, as the charts
// and dense tables show it.
func Money(d decimal.Decimal) string { return engine.FormatWhole(d) }

// Dur renders a duration for people: "0s", "12m30s", "2h05m".
func Dur(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return d.String()
	case d < time.Hour:
		return time.Duration(d / time.Second * time.Second).String()
	}
	h := d / time.Hour
	m := (d % time.Hour) / time.Minute
	return fmtInt(int64(h)) + "h" + pad2(int64(m)) + "m"
}

func fmtInt(n int64) string { return decimal.NewFromInt(n).String() }

func pad2(n int64) string {
	if n < 10 {
		return "0" + fmtInt(n)
	}
	return fmtInt(n)
}
