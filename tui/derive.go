package tui

import (
	"fmt"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// data is what every pane reads: the snapshot shown and the figures
// derived from it off the Update goroutine.
type data struct {
	snap  playbook.Snapshot
	f     *playbook.Figures
	now   time.Time
	after map[uint64]decimal.Decimal // shortfall right after each event
	drv   derived
	buf   bufferFigures
	names *bookNames // each id's name, for the filter (filter.go)
}

// derived holds figures too costly for Update on a large book (ranking
// thousands of positions, the optimiser, replaying the log): a Cmd
// computes them from a snapshot and they arrive as a derivedMsg.
type derived struct {
	seq       uint64
	at        time.Time
	ready     bool
	drivers   map[string][]driver
	cands     []candidate
	candTotal int
	prop      proposal
	after     map[uint64]decimal.Decimal
	fold      *fold // the log replayed so far, for the next derive
	// compute is what one shortfall-after cost (the first of a replay,
	// the scenario stressed with it): Update folds a note in only where
	// that is cheap (frame.go).
	compute time.Duration
}

// fold is the state after the first n events of a log, so the next
// derive replays only what was appended; last is the n-th event. A log
// only grows, so a snapshot whose n-th event is that one continues it.
type fold struct {
	st   playbook.State
	n    int
	last playbook.Event
}

type derivedMsg struct{ d derived }

// driver is one position behind a counterparty's call.
type driver struct {
	id, name      string
	shock, vm, im decimal.Decimal
}

// candidate is one position considered for reduction: the engine's
// candidate (the largest sale the participation cap allows today, its
// relief, cost and score), with what the plan would sell of it.
type candidate struct {
	engine.Candidate
	name    string
	held    decimal.Decimal
	planned decimal.Decimal
}

// proposal is the optimiser's plan as decisions the operator can accept.
type proposal struct {
	lines     []string
	decisions []playbook.Decision
	cost      decimal.Decimal
	err       string
}

// maxCandidates caps the ranked list: nobody reads past the top few
// hundred, and it keeps a 10,000-position book cheap to show.
const maxCandidates = 200

// deriveCmd starts the derived figures for the snapshot shown, and the
// buffer sizing when the regime moved. One derive runs at a time: on a
// large book ranking takes a good part of a second, and snapshots arriving
// meanwhile only ask for one more run when it ends.
func (m *Model) deriveCmd() tea.Cmd {
	snap, prev, last := m.d.snap, m.d.after, m.d.drv
	if snap.State.Book == nil {
		return nil
	}
	buf := m.bufferCmd()
	if m.deriving {
		m.deriveAgain = true
		return buf
	}
	m.deriving, m.deriveAgain = true, false
	return tea.Batch(buf, func() tea.Msg { return derivedMsg{derive(snap, prev, last)} })
}

func (m *Model) derivedArrived(msg derivedMsg) tea.Cmd {
	m.deriving = false
	var again tea.Cmd
	if m.deriveAgain {
		again = m.deriveCmd()
	}
	d := msg.d
	if m.rv.on && (d.seq != m.seq || !d.at.Equal(m.d.now)) {
		// Figures of an entry the reviewer has already left.
		return again
	}
	if d.seq < m.d.drv.seq || d.seq == m.d.drv.seq && d.at.Before(m.d.drv.at) {
		return again
	}
	m.takeDerived(d)
	m.fr.dirty = true
	return tea.Batch(again, m.redraw())
}

// takeDerived makes d the derived figures shown (once the rows are
// rebuilt), with the shortfalls-after known so far: only those the log
// can show are kept, so the map does not grow with the incident.
func (m *Model) takeDerived(d derived) {
	m.d.drv = d
	var from uint64
	if evs := m.d.snap.Events; len(evs) > maxLogRows && !m.rv.on {
		from = evs[len(evs)-maxLogRows].Seq
	}
	merged := make(map[uint64]decimal.Decimal, min(len(m.d.after)+len(d.after), maxLogRows+8))
	for k, v := range d.after {
		if k >= from {
			merged[k] = v
		}
	}
	for k, v := range m.d.after {
		if k >= from {
			merged[k] = v
		}
	}
	m.d.after = merged
}

// derive runs in a Cmd: it reads the snapshot (immutable), a map it never
// writes, and the figures derived last time. When every decision since
// those was one that moves no figure (a note, a join, a message…) in the
// same minute, the ranking and the proposal are those figures' again:
// only the new decisions' shortfall-after is worked out.
func derive(s playbook.Snapshot, prev map[uint64]decimal.Decimal, last derived) derived {
	f := s.Figures
	d := derived{seq: s.State.Seq, at: f.Now, ready: true}
	if last.ready && last.fold != nil && neutralSince(s.Events, last.fold) && sameMinute(last.at, f.Now) {
		d.drivers, d.cands, d.candTotal, d.prop = last.drivers, last.cands, last.candTotal, last.prop
	} else {
		d.drivers = drivers(f)
		d.cands, d.candTotal = candidates(s)
		d.prop = optimise(s)
	}
	d.after, d.fold, d.compute = shortfallsAfter(s, prev, last.fold)
	if d.compute == 0 {
		d.compute = last.compute
	}
	return d
}

func sameMinute(a, b time.Time) bool { return a.Truncate(time.Minute).Equal(b.Truncate(time.Minute)) }

// continues reports whether evs is the log fo was folded from, grown.
func (fo *fold) continues(evs []playbook.Event) bool {
	if fo == nil || fo.n <= 0 || fo.n > len(evs) {
		return false
	}
	e, l := &evs[fo.n-1], &fo.last
	return e.Seq == l.Seq && e.At.Equal(l.At) && e.Kind == l.Kind && e.Operator == l.Operator && e.Text == l.Text
}

// neutralSince reports whether the events appended since fo move no
// figure the derived panes show: the log's words, presence, the stage,
// the acknowledgement and roles (playbook.Apply touches nothing else for
// them).
func neutralSince(evs []playbook.Event, fo *fold) bool {
	if !fo.continues(evs) {
		return false
	}
	for _, e := range evs[fo.n:] {
		if e.Held {
			return false
		}
		switch e.Kind {
		case playbook.Note, playbook.Message, playbook.Join, playbook.Leave, playbook.Goto,
			playbook.Acknowledge, playbook.AssignRole:
		default:
			return false
		}
	}
	return true
}

func drivers(f playbook.Figures) map[string][]driver {
	out := map[string][]driver{}
	for _, p := range f.Stress.Positions {
		if !p.Margined || p.MarginCall.IsZero() {
			continue
		}
		out[p.Counterparty] = append(out[p.Counterparty], driver{id: p.ID, name: p.Name, shock: p.Shock, vm: p.VariationMargin, im: p.IMChange})
	}
	for cp, ds := range out {
		slices.SortFunc(ds, func(a, b driver) int { return b.vm.Add(b.im).Abs().Cmp(a.vm.Add(a.im).Abs()) })
		out[cp] = ds[:min(len(ds), 3)]
	}
	return out
}

// candidates ranks positions with engine.PlanLiquidation: margin released
// plus cash raised in time, per unit of liquidation cost, and the least
// sales that would close the live shortfall. Sales already made shrink
// the positions first, since the planner prices a book as it stands.
func candidates(s playbook.Snapshot) (out []candidate, total int) {
	f := s.Figures
	b := f.Book
	if b == nil {
		return nil, 0
	}
	defer func() {
		if r := recover(); r != nil {
			// The planner is another team's code: a panic there must not
			// take the war-room screen down. The stage says it is empty.
			out, total = nil, 0
		}
	}()
	// A position is sold once: sales and draws of its asset-sale tier
	// (and requests held for approval) have taken their part of it.
	sold := map[string]decimal.Decimal{}
	for _, p := range f.Sold {
		sold[p.Position] = p.Sold
	}
	st := f.Stress
	if len(sold) > 0 {
		st.Positions = slices.Clone(st.Positions)
		for i, ps := range st.Positions {
			v, ok := sold[ps.ID]
			if !ok || ps.StressedValue.IsZero() {
				continue
			}
			held := engine.MaxDec(ps.StressedValue.Abs().Sub(v), decimal.Zero)
			st.Positions[i].StressedIM = ps.StressedIM.Mul(held).DivRound(ps.StressedValue.Abs(), 12)
			st.Positions[i].StressedValue = held.Mul(decimal.NewFromInt(int64(ps.StressedValue.Sign())))
		}
	}
	lp := engine.PlanLiquidation(b, st, saleInput(s))
	planned := map[string]decimal.Decimal{}
	for _, x := range lp.Sales {
		planned[x.Position] = x.Value
	}
	names := make(map[string]string, len(b.Positions))
	for _, p := range b.Positions {
		names[p.ID] = p.Name
	}
	held := make(map[string]decimal.Decimal, len(st.Positions))
	for _, ps := range st.Positions {
		held[ps.ID] = ps.StressedValue.Abs()
	}
	for _, c := range lp.Candidates[:min(len(lp.Candidates), maxCandidates)] {
		out = append(out, candidate{Candidate: c, name: names[c.Position], held: held[c.Position], planned: planned[c.Position]})
	}
	return out, len(lp.Candidates)
}

// optimise asks engine.Optimise for the cheapest way to meet the calls
// with what is left, and turns it into decisions: postings, repos staged
// and confirmed, draws.
func optimise(s playbook.Snapshot) proposal {
	f := s.Figures
	if f.Shortfall.Sign() <= 0 {
		return proposal{err: "nothing is short: no proposal needed"}
	}
	op, ds, err := playbook.Propose(f)
	if err != nil {
		return proposal{err: "the optimiser failed: " + err.Error()}
	}
	p := proposal{cost: op.TotalCost, decisions: ds}
	for _, ps := range op.Posts {
		p.lines = append(p.lines, fmt.Sprintf("post %s of %s to %s → credit %s", exact(ps.Value), ps.Holding, ps.Counterparty, exact(ps.Credit)))
	}
	for _, l := range op.Repos {
		p.lines = append(p.lines, fmt.Sprintf("repo %s of %s via %s → cash %s at %s", exact(l.Value), l.Holding, l.Source, exact(l.Cash), clock(l.ArrivesAt, f.Now)))
	}
	for _, dr := range op.Draws {
		if dr.Kind != engine.SourceRepo {
			p.lines = append(p.lines, fmt.Sprintf("draw %s from %s, arrives %s", exact(dr.Amount), dr.Source, clock(dr.ArrivesAt, f.Now)))
		}
	}
	p.lines = append(p.lines, fmt.Sprintf("cost %s, saving %s against the plain waterfall; shortfall after %s",
		exact(op.TotalCost), exact(op.Saving), exact(op.Shortfall)))
	for _, w := range op.Why {
		p.lines = append(p.lines, "why: "+w)
	}
	return p
}

// shortfallsAfter replays the log from the scenario the incident started
// with (or from where the last derive left it, when the log only grew), to
// find the shortfall right after each decision not already known. One
// Calc serves the whole replay: the stress is redone only when the
// scenario or the market moves change.
func shortfallsAfter(s playbook.Snapshot, prev map[uint64]decimal.Decimal, last *fold) (map[uint64]decimal.Decimal, *fold, time.Duration) {
	out := map[uint64]decimal.Decimal{}
	evs := s.Events
	start := 0
	var st playbook.State
	if last.continues(evs) {
		st, start = last.st, last.n
	} else {
		var err error
		if st, err = playbook.NewState(s.State.Book, s.State.StartScenario); err != nil {
			return out, nil, 0
		}
	}
	var calc playbook.Calc
	var first time.Duration
	from := max(0, len(evs)-maxLogRows)
	for i := start; i < len(evs); i++ {
		e := evs[i]
		var err error
		if st, err = playbook.Apply(st, e); err != nil {
			return out, nil, 0
		}
		if i < from {
			continue
		}
		if _, ok := prev[e.Seq]; ok {
			continue
		}
		t0 := time.Now()
		out[e.Seq] = calc.Compute(st, e.At).Shortfall
		if first == 0 {
			first = max(time.Since(t0), time.Nanosecond)
		}
	}
	if len(evs) == 0 {
		return out, nil, first
	}
	return out, &fold{st: st, n: len(evs), last: evs[len(evs)-1]}, first
}

// saleInput is what the reduction stage asks the planner, as `warroom
// liquidate` does: each sale is checked against the deadline of the call
// it serves (closing a future releases margin at its counterparty; a spot
// sale's cash serves the last open call), and the day's cap is what the
// participation share leaves after today's sales.
func saleInput(s playbook.Snapshot) engine.LiquidationInput {
	f := s.Figures
	in := engine.LiquidationInput{Need: f.Shortfall, At: f.Now, Deadlines: map[string]time.Time{},
		SoldToday: playbook.SoldToday(f, f.Now)}
	for _, c := range f.Calls {
		if !c.Open() {
			continue
		}
		in.Deadlines[c.Counterparty] = c.Deadline
		if !c.Deadline.Before(f.Now) && c.Deadline.After(in.Deadline) {
			in.Deadline = c.Deadline
		}
	}
	if f.Book != nil && f.Book.MultiCurrency() {
		// The need is what each currency is short: a sale meets its own
		// currency's first, another's only through a conversion in time,
		// as the plan counts a source.
		in.Needs = map[string]decimal.Decimal{}
		for _, c := range f.Calls {
			if c.Open() && c.Shortfall.Sign() > 0 {
				k := f.Book.CurrencyOf(c.Currency)
				in.Needs[k] = in.Needs[k].Add(c.Shortfall)
			}
		}
	}
	if in.Deadline.IsZero() {
		in.Deadline = f.NextDeadline
	}
	if in.Deadline.IsZero() {
		// Every deadline has passed: the latest open one, so a sale is
		// still judged against a real call.
		for _, c := range f.Calls {
			if c.Open() && c.Deadline.After(in.Deadline) {
				in.Deadline = c.Deadline
			}
		}
	}
	return in
}
