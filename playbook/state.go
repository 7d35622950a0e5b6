package playbook

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// State is the incident after some events: what has been decided. Figures
// (calls, secured, shortfall) are derived from it by Compute. Notes and
// messages live only in the event log; State keeps what changes figures,
// plus statuses, roles and held decisions.
type State struct {
	Book *engine.Book
	// StartScenario is the scenario the incident was opened with: the one
	// to replay its log from.
	StartScenario string
	// Base is the scenario selected; Moves are market changes on top.
	Base  engine.Scenario
	Moves []MarketMove
	Stage Stage
	// Seq is the last event applied; LastAt its incident time.
	Seq    uint64
	LastAt time.Time

	Acknowledged bool
	AckAt        time.Time
	Roles        map[string]string
	// Ledger holds every call's ledger in the order they were keyed: calls
	// received (which replace the engine's estimate for their
	// counterparty) and the estimates that have a ledger event. See calls.go.
	Ledger []CallState
	// Statuses is the last `status` event per counterparty (called,
	// acknowledged; in a version-1 log any status).
	Statuses map[string]CounterpartyStatus

	Draws []DrawState
	Posts []PostState
	Repos []RepoState
	Sales []SaleState
	// Conversions are the FX deals struck (convert.go).
	Conversions []ConversionState
	// Held are decisions awaiting a second operator, by seq.
	Held map[uint64]Event
	// FirstFundingAt is the incident time of the first draw, posting or
	// confirmed repo: "time to first funding" in the debrief.
	FirstFundingAt time.Time
	// Closed is set by a close event (a drill's end): Decide refuses every
	// decision after it, whoever sends it (console, CLI, feed).
	Closed    bool
	ClosedAt  time.Time
	ClosedWhy string
	// Present counts the consoles each person has in the shared room
	// (join and leave events); it moves no figure.
	Present map[string]int
}

// CounterpartyStatus is where a call stands with its counterparty.
type CounterpartyStatus struct {
	Status string
	Amount decimal.Decimal // version 1: disputed: the undisputed part; paid: the amount
	Until  time.Time       // extension asked until
	At     time.Time
	Seq    uint64
}

// DrawState is a draw on a source: money that arrives at ArrivesAt.
type DrawState struct {
	Seq       uint64
	Source    string
	Amount    decimal.Decimal
	At        time.Time
	ArrivesAt time.Time
	Operator  string
	// ReversedBy is the seq of the event that cancelled it (0: active).
	ReversedBy uint64
}

// PostState is securities posted to a counterparty: Value at market, Credit
// after the counterparty's haircut.
type PostState struct {
	Seq          uint64
	Holding      string
	Counterparty string
	Value        decimal.Decimal
	Credit       decimal.Decimal
	At           time.Time
	ReversedBy   uint64
}

// RepoState is a repo of a holding: staged, then confirmed; only a
// confirmed repo's cash counts as secured.
type RepoState struct {
	Seq        uint64
	Source     string
	Holding    string
	Value      decimal.Decimal
	Cash       decimal.Decimal
	At         time.Time
	ArrivesAt  time.Time
	Confirmed  bool
	ReversedBy uint64
}

// SaleState is a sale of part of a position. Sales cannot be reversed.
type SaleState struct {
	Seq      uint64
	Position string
	Value    decimal.Decimal
	At       time.Time
	FireSale bool
	// Moves is how many market moves had been applied when it traded: the
	// moves after it do not touch the part it closed (see presale.go).
	Moves int
}

// NewState is the incident before any event: the book under its scenario,
// at stage 1.
func NewState(b *engine.Book, scenario string) (State, error) {
	sc, ok := b.Scenario(scenario)
	if !ok {
		return State{}, fmt.Errorf("no scenario %q in the book", scenario)
	}
	return State{
		Book: b, StartScenario: sc.ID, Base: sc, Stage: Triage, LastAt: b.AsOf,
		Roles:    map[string]string{},
		Statuses: map[string]CounterpartyStatus{}, Held: map[uint64]Event{}, Present: map[string]int{},
	}, nil
}

// Apply folds one event into a state and returns the new state. It is
// pure: the state passed in is not changed (slices and maps it touches are
// copied), so any earlier state stays valid. Apply trusts the event: it was
// validated by Decide when it was taken, and the log's chain proves it was
// not changed since.
func Apply(s State, e Event) (State, error) { return apply(s, e, false) }

// apply is Apply; when owned is true the state is the caller's alone (a
// replay building it from scratch), so it is changed in place instead of
// copied, which keeps a long replay linear. Both paths run this one code.
func apply(s State, e Event, owned bool) (State, error) {
	if e.Seq != 0 && e.Seq <= s.Seq {
		return s, fmt.Errorf("event %d: out of order after %d", e.Seq, s.Seq)
	}
	s.Seq, s.LastAt = e.Seq, e.At
	if e.Held {
		s.Held = editMap(owned, s.Held)
		s.Held[e.Seq] = e
		return s, nil
	}
	switch e.Kind {
	case Acknowledge:
		if !s.Acknowledged {
			s.Acknowledged, s.AckAt = true, e.At
		}
	case SelectScenario:
		sc, ok := s.Book.Scenario(e.Scenario)
		if !ok {
			return s, fmt.Errorf("event %d: no scenario %q", e.Seq, e.Scenario)
		}
		s.Base = sc
	case SetCall, KeyCall, Agree, Dispute, Resolve, Revise, Pay, AskExtension, GrantExtension:
		return applyCall(s, e, owned)
	case AssignRole:
		s.Roles = editMap(owned, s.Roles)
		s.Roles[e.Role] = e.Assignee
	case Draw:
		s = applyDraw(s, e, e.Seq, owned)
	case Post:
		s.Posts = push(owned, s.Posts, PostState{Seq: e.Seq, Holding: e.Holding, Counterparty: e.Counterparty,
			Value: e.Val(), Credit: e.Amt(), At: e.At})
		s = funded(s, e.At)
	case StageRepo:
		r := RepoState{Seq: e.Seq, Source: e.Source, Holding: e.Holding, Value: e.Val(), Cash: e.Amt(), At: e.At}
		if e.ArrivesAt != nil {
			r.ArrivesAt = *e.ArrivesAt
		}
		s.Repos = push(owned, s.Repos, r)
	case ConfirmRepo:
		i := bySeq(s.Repos, e.Target, func(r RepoState) uint64 { return r.Seq })
		if i < 0 {
			return s, fmt.Errorf("event %d: no repo %d to confirm", e.Seq, e.Target)
		}
		s.Repos = edit(owned, s.Repos)
		s.Repos[i].Confirmed = true
		s = funded(s, e.At)
	case Liquidate:
		s = applySale(s, e, e.Seq, owned)
	case Convert:
		s = applyConvert(s, e, owned)
	case Status:
		s.Statuses = editMap(owned, s.Statuses)
		st := CounterpartyStatus{Status: e.Status, Amount: e.Amt(), At: e.At, Seq: e.Seq}
		if e.Until != nil {
			st.Until = *e.Until
		}
		s.Statuses[e.Counterparty] = st
		if e.Version < 2 {
			// Version 1: `paid` closed the counterparty's call, spending
			// nothing; any other status reopened it.
			s = legacyStatus(s, e, owned)
		} else {
			return applyCall(s, e, owned)
		}
	case Goto:
		s.Stage = e.ToStage
	case Market:
		if e.Market != nil {
			s.Moves = push(owned, s.Moves, *e.Market)
		}
	case Approve:
		held, ok := s.Held[e.Target]
		if !ok {
			return s, fmt.Errorf("event %d: nothing held at %d to approve", e.Seq, e.Target)
		}
		s.Held = editMap(owned, s.Held)
		delete(s.Held, e.Target)
		// The approved decision takes effect now, under the seq of the
		// request, with the figures resolved at approval.
		held.Held, held.At = false, e.At
		if e.ArrivesAt != nil {
			held.ArrivesAt = e.ArrivesAt
		}
		switch held.Kind {
		case Draw:
			s = applyDraw(s, held, e.Target, owned)
		case Liquidate:
			s = applySale(s, held, e.Target, owned)
		}
	case Reject:
		s.Held = editMap(owned, s.Held)
		delete(s.Held, e.Target)
	case Reverse:
		return reverse(s, e, owned)
	case Close:
		s.Closed, s.ClosedAt, s.ClosedWhy = true, e.At, e.Text
	case Join, Leave:
		s.Present = applyPresence(owned, s.Present, e)
	case Note, Message:
		// Log only.
	default:
		return s, fmt.Errorf("event %d: unknown kind %q", e.Seq, e.Kind)
	}
	return s, nil
}

func applyDraw(s State, e Event, seq uint64, owned bool) State {
	d := DrawState{Seq: seq, Source: e.Source, Amount: e.Amt(), At: e.At, Operator: e.Operator}
	if e.ArrivesAt != nil {
		d.ArrivesAt = *e.ArrivesAt
	}
	s.Draws = push(owned, s.Draws, d)
	return funded(s, e.At)
}

func applySale(s State, e Event, seq uint64, owned bool) State {
	s.Sales = push(owned, s.Sales, SaleState{Seq: seq, Position: e.Position, Value: e.Val(), At: e.At, FireSale: e.FireSale, Moves: len(s.Moves)})
	return funded(s, e.At)
}

func funded(s State, at time.Time) State {
	if s.FirstFundingAt.IsZero() {
		s.FirstFundingAt = at
	}
	return s
}

// reverse cancels an earlier draw, posting, repo or held decision.
func reverse(s State, e Event, owned bool) (State, error) {
	if _, ok := s.Held[e.Target]; ok {
		s.Held = editMap(owned, s.Held)
		delete(s.Held, e.Target)
		return s, nil
	}
	if i := bySeq(s.Draws, e.Target, func(d DrawState) uint64 { return d.Seq }); i >= 0 {
		s.Draws = edit(owned, s.Draws)
		s.Draws[i].ReversedBy = e.Seq
		return s, nil
	}
	if i := bySeq(s.Posts, e.Target, func(p PostState) uint64 { return p.Seq }); i >= 0 {
		s.Posts = edit(owned, s.Posts)
		s.Posts[i].ReversedBy = e.Seq
		return s, nil
	}
	if i := bySeq(s.Repos, e.Target, func(r RepoState) uint64 { return r.Seq }); i >= 0 {
		s.Repos = edit(owned, s.Repos)
		s.Repos[i].ReversedBy = e.Seq
		return s, nil
	}
	if i, j := findPayment(s, e.Target); i >= 0 {
		s.Ledger = editLedger(owned, s.Ledger, i)
		s.Ledger[i].Payments[j].ReversedBy = e.Seq
		return s, nil
	}
	return s, fmt.Errorf("event %d: nothing reversible at %d", e.Seq, e.Target)
}

// Fold replays events onto a state: the state after them all. The state
// passed in is not changed.
func Fold(s State, events []Event) (State, error) {
	s = own(s)
	for _, e := range events {
		var err error
		if s, err = apply(s, e, true); err != nil {
			return s, err
		}
	}
	return s, nil
}

// own copies what a state shares, so that it may be changed in place.
func own(s State) State {
	s.Moves, s.Draws, s.Posts = slices.Clone(s.Moves), slices.Clone(s.Draws), slices.Clone(s.Posts)
	s.Repos, s.Sales = slices.Clone(s.Repos), slices.Clone(s.Sales)
	s.Conversions = slices.Clone(s.Conversions)
	for i := range s.Conversions {
		s.Conversions[i].Spent = slices.Clone(s.Conversions[i].Spent)
	}
	s.Ledger = slices.Clone(s.Ledger)
	for i := range s.Ledger {
		s.Ledger[i] = s.Ledger[i].clone()
	}
	s.Roles, s.Statuses, s.Held = maps.Clone(s.Roles), maps.Clone(s.Statuses), maps.Clone(s.Held)
	return s
}

// bySeq finds the entry a decision names, searching from the newest: a
// reversal or confirmation almost always concerns a recent decision, so a
// long replay stays linear.
func bySeq[T any](xs []T, seq uint64, key func(T) uint64) int {
	for i := len(xs) - 1; i >= 0; i-- {
		if key(xs[i]) == seq {
			return i
		}
	}
	return -1
}

// push appends, copying first unless the slice is owned: an append into
// shared spare capacity would write into another state's future.
func push[T any](owned bool, s []T, v T) []T {
	if owned {
		return append(s, v)
	}
	return append(slices.Clip(s), v)
}

// edit returns a slice whose elements may be changed.
func edit[T any](owned bool, s []T) []T {
	if owned {
		return s
	}
	return slices.Clone(s)
}

// editMap returns a map that may be changed.
func editMap[K comparable, V any](owned bool, m map[K]V) map[K]V {
	if owned {
		return m
	}
	return maps.Clone(m)
}
