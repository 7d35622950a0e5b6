package tui

import (
	"errors"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/report"
)

// Review is what the post-mortem console shows: an incident replayed from
// its log (package report's Incident: the steps, the metrics, the chain's
// verification) and, optionally, another one to set beside it (a fork).
// The caller opens the logs; the console never touches a file.
type Review struct {
	Incident *report.Incident
	// With is the alternative (usually a fork of Incident); nil for none.
	With *report.Incident
	// Note is said first, e.g. "snapshot of a running incident taken
	// 14:02:11" when the log was copied because a console held it.
	Note string
}

// errReview is what the time-travel backend answers to a decision: the
// past cannot be changed, only forked (`warroom fork`).
var errReview = &playbook.Error{Code: playbook.Conflict,
	Msg: "read-only review console: the past cannot be changed; fork the incident (warroom fork) to try another decision"}

// asOf is the Backend of the review console: the incident frozen right
// after one decision. Its Snapshot is that step (state, the log up to it,
// the figures at its incident time); it refuses every decision and has
// nothing to subscribe to. Selecting another entry swaps in another asOf,
// so a Cmd that captured the old one can only ever see the old step.
type asOf struct{ snap playbook.Snapshot }

func (a asOf) Snapshot() playbook.Snapshot                      { return a.snap }
func (a asOf) Decide(playbook.Decision) (playbook.Event, error) { return playbook.Event{}, errReview }
func (a asOf) Subscribe() (<-chan playbook.Snapshot, func())    { return nil, nil }
func (a asOf) Now() time.Time                                   { return a.snap.Figures.Now }

// reviewScreen is what the review console's body shows.
type reviewScreen int

const (
	screenTimeline reviewScreen = iota
	screenStage                 // the stage views, as of the selected entry
	screenCompare               // the side-by-side with --with
)

// reviewFilter narrows the timeline; zero values match everything.
type reviewFilter struct {
	stage    playbook.Stage
	operator string
	kind     string
}

func (f reviewFilter) active() bool { return f.stage != 0 || f.operator != "" || f.kind != "" }

func (f reviewFilter) String() string {
	var parts []string
	if f.stage != 0 {
		parts = append(parts, "stage "+strconv.Itoa(int(f.stage)))
	}
	if f.operator != "" {
		parts = append(parts, "operator "+f.operator)
	}
	if f.kind != "" {
		parts = append(parts, "kind "+f.kind)
	}
	return strings.Join(parts, ", ")
}

// kindWords maps the words people use to the event kinds they mean.
var kindWords = map[string][]playbook.Kind{
	"sell": {playbook.Liquidate}, "sale": {playbook.Liquidate}, "repo": {playbook.StageRepo, playbook.ConfirmRepo},
	"goto": {playbook.Goto}, "ack": {playbook.Acknowledge}, "role": {playbook.AssignRole},
	"call": {playbook.SetCall, playbook.KeyCall, playbook.Agree, playbook.Dispute, playbook.Resolve, playbook.Revise,
		playbook.Pay, playbook.AskExtension, playbook.GrantExtension}, "pay": {playbook.Pay}, "dispute": {playbook.Dispute, playbook.Resolve}, "approval": {playbook.Approve, playbook.Reject},
}

func (f reviewFilter) match(e playbook.Event) bool {
	if f.stage != 0 && e.Stage != f.stage {
		return false
	}
	if f.operator != "" && !strings.Contains(strings.ToLower(e.Operator), f.operator) {
		return false
	}
	if f.kind != "" {
		for _, k := range kindWords[f.kind] {
			if e.Kind == k {
				return true
			}
		}
		return strings.Contains(string(e.Kind), f.kind)
	}
	return true
}

// review is the post-mortem state of the root model: the replayed steps,
// which entry the console is "as of", the filter and the precomputed
// timeline and comparison. on is false in a live console.
type review struct {
	on       bool
	src      Review
	alert    playbook.Snapshot // the incident at the alert, before any decision
	events   []playbook.Event
	cmp      *report.Comparison
	screen   reviewScreen
	at       int // the step shown; -1: the alert
	filter   reviewFilter
	rows     []int // step index of each timeline row (-1: the alert)
	timeline listView
	compare  listView
	summary  []line
}

// snapshot is the incident right after step i (the alert for i < 0).
func (r *review) snapshot(i int) playbook.Snapshot {
	if i < 0 || i >= len(r.src.Incident.Steps) {
		return r.alert
	}
	st := r.src.Incident.Steps[i]
	return playbook.Snapshot{State: st.State, Events: r.events[: i+1 : i+1], Figures: st.Figures}
}

// NewReview builds the post-mortem console over a replayed incident,
// as of its last decision, on the timeline screen. It is read-only.
func NewReview(r Review, opts Options) (Model, error) {
	in := r.Incident
	if in == nil || in.Book == nil {
		return Model{}, errors.New("review: no incident")
	}
	st, err := playbook.NewState(in.Book, in.Scenario)
	if err != nil {
		return Model{}, err
	}
	rv := review{on: true, src: r, at: len(in.Steps) - 1}
	rv.alert = playbook.Snapshot{State: st, Figures: in.Initial}
	if rv.alert.Figures.Book == nil {
		rv.alert.Figures = playbook.Compute(st, in.Book.AsOf)
	}
	for _, s := range in.Steps {
		rv.events = append(rv.events, s.Event)
	}
	if r.With != nil && r.With.Book != nil {
		c := report.Compare(in, r.With)
		rv.cmp = &c
	}
	opts.ReadOnly = true
	m := New(asOf{rv.snapshot(rv.at)}, opts)
	// Every shortfall-after is known from the replay: the log pane needs
	// no derived replay to fill its column.
	m.d.after = make(map[uint64]decimal.Decimal, len(in.Steps))
	for _, s := range in.Steps {
		m.d.after[s.Event.Seq] = s.Figures.Shortfall
	}
	m.rv = rv
	m.rv.buildSummary()
	m.rv.buildTimeline(m.d.now)
	m.rv.timeline.selectRow(len(m.rv.rows) - 1)
	m.rv.buildCompare()
	m.refresh()
	m.status, m.statusTone = "review: ↑↓ picks a decision, enter shows every stage as it was then · f filters · ? keys", toneMuted
	if r.Note != "" {
		m.status, m.statusTone = sanitize(r.Note)+" · enter shows the stages as of the selected decision", toneWarn
	}
	return m, nil
}

// RunReview runs the post-mortem console full screen until quit.
func RunReview(r Review, opts Options) error {
	m, err := NewReview(r, opts)
	if err != nil {
		return err
	}
	_, err = tea.NewProgram(m).Run()
	return err
}

// reviewAt makes the console show the incident as of step i: a fresh
// backend, the snapshot forced in (going back in time lowers the seq,
// which a live console would refuse as stale), and the derived figures
// of that step recomputed in a Cmd.
func (m *Model) reviewAt(i int) tea.Cmd {
	snap := m.rv.snapshot(i)
	m.rv.at = i
	m.b = asOf{snap}
	m.d.drv = derived{}
	m.setSnapshot(snap)
	if st := snap.State.Stage; m.rv.screen != screenStage && st.Valid() {
		m.stage = st
		m.refresh()
	}
	return m.deriveCmd()
}

// reviewStep moves the timeline selection by d rows and shows that entry.
func (m *Model) reviewStep(d int) tea.Cmd {
	if len(m.rv.rows) == 0 {
		m.say(toneWarn, "no decision matches the filter: F clears it")
		return nil
	}
	m.rv.timeline.selectRow(m.rv.timeline.selected() + d)
	i := m.rv.rows[m.rv.timeline.selected()]
	if i == m.rv.at {
		m.say(toneMuted, "no further decision that way")
		return nil
	}
	m.say(toneMuted, "")
	return m.reviewAt(i)
}

// applyFilter reads the filter prompt's values, keeps the entry shown if
// it still matches and otherwise shows the nearest that does.
func (m *Model) applyFilter(v []string) tea.Cmd {
	var f reviewFilter
	if v[0] != "" {
		f.stage, _ = playbook.ParseStage(v[0])
	}
	f.operator, f.kind = strings.ToLower(v[1]), strings.ToLower(v[2])
	m.rv.filter = f
	m.rv.buildTimeline(m.d.now)
	if len(m.rv.rows) == 0 {
		m.say(toneWarn, "no decision matches "+f.String()+": F clears the filter")
		return nil
	}
	pick := len(m.rv.rows) - 1
	for j, i := range m.rv.rows {
		if i >= m.rv.at {
			pick = j
			break
		}
	}
	m.rv.timeline.selectRow(pick)
	if f.active() {
		m.say(toneMuted, strconv.Itoa(len(m.rv.rows))+" of "+strconv.Itoa(len(m.rv.events))+" decisions match "+f.String())
	} else {
		m.say(toneMuted, "no filter: every decision shows")
	}
	if i := m.rv.rows[pick]; i != m.rv.at {
		return m.reviewAt(i)
	}
	return nil
}

// filterPrompt asks for the three filters at once; blank matches all.
func (m *Model) filterPrompt() {
	f := m.rv.filter
	st := ""
	if f.stage != 0 {
		st = strconv.Itoa(int(f.stage))
	}
	p := newPrompt("Filter the timeline (blank matches everything)", []string{"kinds: draw, post, repo, sell, note, message, status, goto, market, ack"},
		func([]string) ([]playbook.Decision, error) { return nil, nil },
		textField("stage 1-5", true, st), textField("operator", true, f.operator), textField("kind", true, f.kind))
	p.fields[0].check = func(v string) error {
		if _, err := playbook.ParseStage(v); err != nil {
			return errors.New("stage: a number from 1 to 5, or blank")
		}
		return nil
	}
	p.local = localFilter
	m.prompt = p
	m.layout()
}
