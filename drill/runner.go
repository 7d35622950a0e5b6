package drill

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// Runner plays a drill against an incident: it applies the scripted
// events when the clock reaches them, settles each call at its deadline
// (a call short at its deadline is missed; the counterparty then closes
// positions to cover it, which feeds the spiral; the firm is insolvent
// when a missed call stays short with nothing left to sell), rolls a
// multi-day drill's margin cycle to the next business day, and stops at
// the drill's end or at insolvency.
//
// The incident must have been opened on d.Book and d.Scenario with
// clock.Now as its incident clock. The console calls Advance(clock.Now())
// on each tick; Step jumps to the next scripted event. A runner resumes a
// drill whose log already holds events: what is in the log is not
// applied again.
type Runner struct {
	d     *Drill
	inc   *playbook.Incident
	clock *SimClock
	next  int
	led   *ledger
	done  bool
	acted bool
	// Auto, when set to AutoEngine, takes the engine's recommended
	// actions at the start and after every event and settlement.
	Auto Autopilot
}

// NewRunner prepares a runner; it records nothing until Advance.
func NewRunner(d *Drill, inc *playbook.Incident, clock *SimClock) *Runner {
	r := &Runner{d: d, inc: inc, clock: clock, led: newLedger(d.Book, d.Scenario)}
	snap := inc.Snapshot()
	r.replayLedger(snap.Events)
	for _, e := range snap.Events {
		if e.Operator == Operator && strings.HasPrefix(e.Rationale, TagEvent) {
			r.next++
		}
	}
	r.acted = len(snap.Events) > 0
	r.done = r.led.insolvent
	return r
}

func (r *Runner) replayLedger(events []playbook.Event) {
	s, err := playbook.NewState(r.d.Book, r.d.Scenario)
	if err != nil {
		return
	}
	var missed []Deadline
	for _, e := range events {
		if e.Operator == Operator && e.Kind == playbook.Note {
			switch {
			case strings.HasPrefix(e.Rationale, TagSettlement):
				missed = r.led.settle(playbook.Compute(s, e.At), e.At)
			case strings.HasPrefix(e.Rationale, TagVerdict):
				r.led.judge(s, playbook.Compute(s, e.At), missed, e.At)
			}
		}
		if s, err = playbook.Apply(s, e); err != nil {
			return
		}
	}
}

// Next is the next scripted event, if any is left.
func (r *Runner) Next() (Scripted, bool) {
	if r.next >= len(r.d.Events) {
		return Scripted{}, false
	}
	return r.d.Events[r.next], true
}

// Upcoming lists the scripted events not yet applied (the facilitator's
// view; players should not see it in facilitator mode).
func (r *Runner) Upcoming() []Scripted { return r.d.Events[r.next:] }

// Done reports whether the drill is over: its end reached, or the firm
// insolvent.
func (r *Runner) Done() bool { return r.done }

// Insolvent reports whether the firm failed, and why.
func (r *Runner) Insolvent() (bool, string) { return r.led.insolvent, r.led.reason }

// Deadlines are the calls settled so far, in order.
func (r *Runner) Deadlines() []Deadline { return append([]Deadline(nil), r.led.deadlines...) }

// Drill is the drill being run.
func (r *Runner) Drill() *Drill { return r.d }

// Step jumps the clock to the next scripted event (or the next deadline,
// or the end, whichever comes first) and applies what is due then.
func (r *Runner) Step() ([]playbook.Event, error) {
	t := r.d.Ends
	if ev, ok := r.Next(); ok && ev.At.Before(t) {
		t = ev.At
	}
	if dl, ok := r.led.pending(r.inc.Snapshot().Figures); ok && dl.Before(t) {
		t = dl
	}
	if now := r.clock.Now(); t.Before(now) {
		t = now
	}
	r.clock.Jump(t)
	return r.Advance(t)
}

// Advance applies everything due by `to`, in time order: scripted events
// first at equal times, then settlements; the autopilot acts after each.
func (r *Runner) Advance(to time.Time) ([]playbook.Event, error) {
	var out []playbook.Event
	rec := func(es []playbook.Event, err error) error {
		out = append(out, es...)
		return err
	}
	if r.done {
		// A drill resumed from a log that ended before close events
		// existed: close it now, so it stays over.
		return r.close(r.clock.Now(), "the drill is over")
	}
	if !r.acted {
		r.acted = true
		if err := rec(r.act(r.d.Starts, true)); err != nil {
			return out, err
		}
	}
	for !r.done {
		tEv, hasEv := time.Time{}, false
		if ev, ok := r.Next(); ok {
			tEv, hasEv = ev.At, true
		}
		tDl, hasDl := r.led.pending(r.inc.Snapshot().Figures)
		if hasDl && tDl.Before(r.d.Starts) {
			tDl = r.d.Starts
		}
		switch {
		case hasEv && !tEv.After(to) && !tEv.After(r.d.Ends) && (!hasDl || !tEv.After(tDl)):
			ev := r.d.Events[r.next]
			e, err := r.decideAt(ev.At, ev.Decision)
			r.next++
			if err != nil {
				return out, fmt.Errorf("drill event at %s (line %d): %w", ev.At.Format("Mon 15:04"), ev.Line, err)
			}
			out = append(out, e)
			if err := rec(r.act(ev.At, false)); err != nil {
				return out, err
			}
		case hasDl && !tDl.After(to) && !tDl.After(r.d.Ends):
			if err := rec(r.settle(tDl)); err != nil {
				return out, err
			}
			if !r.done {
				if err := rec(r.act(tDl, false)); err != nil {
					return out, err
				}
			}
		default:
			if !to.Before(r.d.Ends) {
				r.done = true
				e, err := r.decideAt(r.d.Ends, playbook.Decision{Kind: playbook.Note, Operator: Operator,
					Rationale: TagEnd + "the drill is over", Text: "the drill is over"})
				if err != nil {
					return out, err
				}
				out = append(out, e)
				if err := rec(r.close(r.d.Ends, "the drill is over")); err != nil {
					return out, err
				}
			}
			return out, nil
		}
	}
	return out, nil
}

// close records that the drill is over, so the playbook refuses any
// decision after it (the console's, a script's, the CLI's) rather than
// each front end remembering to. A log that is already closed is left.
func (r *Runner) close(at time.Time, why string) ([]playbook.Event, error) {
	if r.inc.Snapshot().State.Closed {
		return nil, nil
	}
	e, err := r.decideAt(at, playbook.Decision{Kind: playbook.Close, Operator: Operator, Rationale: TagClose + why, Text: why})
	if err != nil {
		return nil, err
	}
	return []playbook.Event{e}, nil
}

func (r *Runner) decideAt(at time.Time, d playbook.Decision) (playbook.Event, error) {
	r.clock.pin(at)
	defer r.clock.unpin()
	return r.inc.Decide(d)
}

// settle records the settlement of the calls due at `at`: a note with
// what was met and missed, the counterparty's forced sales for what was
// missed, the verdict, and the next margin cycle of a multi-day drill.
func (r *Runner) settle(at time.Time) ([]playbook.Event, error) {
	var out []playbook.Event
	snap := r.inc.Snapshot()
	f := playbook.Compute(snap.State, at)
	missed := r.led.settle(f, at)
	note := func(tag, text string) error {
		e, err := r.decideAt(at, playbook.Decision{Kind: playbook.Note, Operator: Operator, Rationale: tag + text, Text: text})
		if err == nil {
			out = append(out, e)
		}
		return err
	}
	if err := note(TagSettlement, describeMissed(missed, at)); err != nil {
		return out, err
	}
	for _, m := range missed {
		for _, d := range forcedSales(r.inc.Snapshot().State, m, at) {
			e, err := r.decideAt(at, d)
			if err != nil {
				break // what the playbook refuses cannot be sold
			}
			out = append(out, e)
		}
	}
	snap = r.inc.Snapshot()
	r.led.judge(snap.State, playbook.Compute(snap.State, at), missed, at)
	verdict := "solvent"
	if r.led.insolvent {
		verdict = "INSOLVENT: " + r.led.reason
		r.done = true
	} else if len(missed) > 0 {
		verdict = "in arrears: the overdue stays called"
	}
	if err := note(TagVerdict, verdict); err != nil {
		return out, err
	}
	if r.done {
		es, err := r.close(at, "the drill is over: the firm is insolvent")
		return append(out, es...), err
	}
	// A drill over several days: each settled counterparty calls again at
	// the same time the next business day.
	moves := map[string]time.Time{}
	for _, d := range r.led.deadlines {
		if !d.Deadline.After(at) && d.Deadline.After(at.Add(-time.Minute)) {
			cp, _ := r.d.Book.Counterparty(d.Counterparty)
			if len(cp.Cycles) > 0 {
				// Its cycles set its deadlines from the alert: one day of
				// them, not rolled to the next.
				continue
			}
			next := r.d.Book.DeadlineOn(cp, d.Deadline, 2)
			if !next.After(r.d.Ends) {
				moves[d.Counterparty] = next
			}
		}
	}
	if len(moves) > 0 {
		e, err := r.decideAt(at, playbook.Decision{Kind: playbook.Market, Operator: Operator, Rationale: TagCycle + "next margin cycle",
			Market: &playbook.MarketMove{Deadlines: moves, Headline: "next margin cycle: calls due " + nextDay(moves)}})
		if err != nil {
			return out, err
		}
		out = append(out, e)
	}
	return out, nil
}

func nextDay(m map[string]time.Time) string {
	for _, t := range m {
		return t.Format("Mon 15:04")
	}
	return ""
}

// forcedSales are what a counterparty closes of the firm's positions with
// it when a call is missed: the least of each, in book order, that covers
// what is short, at most a day's participation.
func forcedSales(s playbook.State, m Deadline, at time.Time) []playbook.Decision {
	var out []playbook.Decision
	for _, p := range s.Book.Positions {
		if p.Counterparty != m.Counterparty || !p.Kind.Margined() {
			continue
		}
		d, ok := leastSale(s, p, at, Operator, TagForced+m.Counterparty+" closes positions: call missed at "+m.Deadline.Format("Mon 15:04"))
		if !ok {
			continue
		}
		out = append(out, d)
		var err error
		if s, err = dryRun(s, d, at); err != nil {
			break
		}
		if callShort(playbook.Compute(s, at), m.Counterparty).Sign() <= 0 {
			break
		}
	}
	return out
}

// callShort is what the counterparty's open calls are short.
func callShort(f playbook.Figures, cp string) decimal.Decimal {
	var short decimal.Decimal
	for _, c := range f.Calls {
		if c.Counterparty == cp && c.Open() {
			short = short.Add(c.Shortfall)
		}
	}
	return short
}

// dryRun applies a decision to a copy of the state, as the incident
// would, without recording it.
func dryRun(s playbook.State, d playbook.Decision, at time.Time) (playbook.State, error) {
	e, err := playbook.Decide(s, d, at, at)
	if err != nil {
		return s, err
	}
	e.Seq = s.Seq + 1
	return playbook.Apply(s, e)
}

// leastSale is the smallest sale of a position (to the thousand) that
// brings the live shortfall to zero, or the most the day allows when none
// does; ok is false when nothing can be sold or selling does not help.
func leastSale(s playbook.State, p engine.Position, at time.Time, operator, why string) (playbook.Decision, bool) {
	return leastSaleBy(s, p, at, func(f playbook.Figures) decimal.Decimal { return f.Shortfall }, operator, why)
}

// leastSaleBy is leastSale for what `short` measures short (the
// autopilot: what is short by one deadline).
func leastSaleBy(s playbook.State, p engine.Position, at time.Time, short func(playbook.Figures) decimal.Decimal, operator, why string) (playbook.Decision, bool) {
	f0 := playbook.Compute(s, at)
	maxV := engine.MinDec(left(s, f0, p.ID), playbook.DayLeft(f0, p, at))
	maxV = maxV.Truncate(0)
	if maxV.Sign() <= 0 {
		return playbook.Decision{}, false
	}
	mk := func(v decimal.Decimal) playbook.Decision {
		return playbook.Decision{Kind: playbook.Liquidate, Operator: operator, Position: p.ID, Amount: v, Rationale: why}
	}
	after := func(v decimal.Decimal) (decimal.Decimal, bool) {
		s2, err := dryRun(s, mk(v), at)
		if err != nil {
			return decimal.Zero, false
		}
		return short(playbook.Compute(s2, at)), true
	}
	top, ok := after(maxV)
	if !ok || top.Cmp(short(f0)) >= 0 {
		return playbook.Decision{}, false
	}
	if top.Sign() > 0 {
		return mk(maxV), true
	}
	step := decimal.NewFromInt(1000)
	lo, hi := decimal.Zero, maxV
	for hi.Sub(lo).Cmp(step) > 0 {
		mid := lo.Add(hi).Div(decimal.NewFromInt(2)).Truncate(0)
		if v, ok := after(mid); ok && v.Sign() <= 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return mk(hi), true
}
