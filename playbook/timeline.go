package playbook

import (
	"time"

	"github.com/warroom/warroom/engine"
)

// Step is one decision with the incident right after it: what the review
// console shows when that entry is selected, and one row of the report.
type Step struct {
	Event   Event
	State   State
	Figures Figures
}

// Timeline replays events one by one, computing the figures after each at
// the incident time it was taken.
func Timeline(b *engine.Book, scenario string, events []Event) ([]Step, error) {
	s, err := NewState(b, scenario)
	if err != nil {
		return nil, err
	}
	steps := make([]Step, 0, len(events))
	var calc Calc
	for _, e := range events {
		if s, err = Apply(s, e); err != nil {
			return steps, err
		}
		steps = append(steps, Step{Event: e, State: s, Figures: calc.Compute(s, e.At)})
	}
	return steps, nil
}

// Metrics are the incident's milestones and pace, for the debrief and the
// post-mortem.
type Metrics struct {
	Start time.Time // the alert (the book's as_of)
	End   time.Time // the last decision, or the time asked for
	// TimeToTriage runs from the alert to its acknowledgement;
	// TimeToFirstFunding to the first draw, posting or confirmed repo.
	// Zero when it has not happened (see the flags).
	TimeToTriage, TimeToFirstFunding time.Duration
	Triaged, Funded                  bool
	// PerStage is the incident time spent in each stage.
	PerStage map[Stage]time.Duration
	// Decisions counts decisions by kind.
	Decisions map[Kind]int
}

// Measure works out the metrics of a replayed incident up to end (zero:
// the last decision).
func Measure(b *engine.Book, steps []Step, end time.Time) Metrics {
	m := Metrics{Start: b.AsOf, End: end, PerStage: map[Stage]time.Duration{}, Decisions: map[Kind]int{}}
	if m.End.IsZero() {
		m.End = b.AsOf
		if n := len(steps); n > 0 {
			m.End = steps[n-1].Event.At
		}
	}
	stage, since := Triage, b.AsOf
	for _, st := range steps {
		e := st.Event
		m.Decisions[e.Kind]++
		if e.Kind == Goto && e.ToStage != stage {
			m.PerStage[stage] += e.At.Sub(since)
			stage, since = e.ToStage, e.At
		}
	}
	if m.End.After(since) {
		m.PerStage[stage] += m.End.Sub(since)
	}
	for k, d := range m.PerStage {
		m.PerStage[k] = d.Round(time.Second)
	}
	if n := len(steps); n > 0 {
		last := steps[n-1].State
		if last.Acknowledged {
			m.Triaged, m.TimeToTriage = true, last.AckAt.Sub(b.AsOf).Round(time.Second)
		}
		if !last.FirstFundingAt.IsZero() {
			m.Funded, m.TimeToFirstFunding = true, last.FirstFundingAt.Sub(b.AsOf).Round(time.Second)
		}
	}
	return m
}
