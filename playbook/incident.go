package playbook

import (
	"fmt"
	"sync"
	"time"

	"github.com/warroom/warroom/engine"
)

// Record is a stored event: its sequence number and encoded bytes.
type Record struct {
	Seq  uint64
	Data []byte
}

// Store is the durable, append-only log an incident needs. Append must not
// return before the record is on disk (fsynced); records are never edited
// or deleted. Package state implements it on bbolt; MemStore serves tests.
type Store interface {
	// Append stores one record and returns its sequence number, or an
	// error after which nothing was stored.
	Append(data []byte) (uint64, error)
	// Load returns every record in order.
	Load() ([]Record, error)
}

// Snapshot is what subscribers are told after each committed decision:
// the state, the log, and the figures at the incident time it was taken.
// It is immutable: the owner never changes what it has handed out.
type Snapshot struct {
	State   State
	Events  []Event
	Figures Figures
}

// Incident is the single owner of one incident: it applies decisions in
// order, persists each before applying it, and notifies subscribers. Every
// operator's console talks to it; none mutates the state itself.
type Incident struct {
	mu     sync.Mutex
	store  Store
	now    func() time.Time // the incident clock (simulated in drills)
	wall   func() time.Time
	state  State
	events []Event
	subs   map[int]chan Snapshot
	nextID int
	calc   Calc
}

// Open replays the store into an incident over a book and scenario. now is
// the incident clock and wall the wall clock, both injected.
func Open(b *engine.Book, scenario string, store Store, now, wall func() time.Time) (*Incident, error) {
	s, err := NewState(b, scenario)
	if err != nil {
		return nil, err
	}
	recs, err := store.Load()
	if err != nil {
		return nil, err
	}
	events := make([]Event, 0, len(recs))
	for _, r := range recs {
		e, err := Decode(r.Seq, r.Data)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	if s, err = Fold(s, events); err != nil {
		return nil, fmt.Errorf("replaying the log: %w", err)
	}
	return &Incident{store: store, now: now, wall: wall, state: s, events: events, subs: map[int]chan Snapshot{}}, nil
}

// Decide validates a decision, appends its event to the log (durably),
// applies it, and tells the subscribers. When the log cannot be written
// the decision is refused with code Internal and nothing changes.
func (i *Incident) Decide(d Decision) (Event, error) {
	i.mu.Lock()
	defer i.mu.Unlock()
	at := i.now()
	// The incident clock never runs backwards in the log.
	if at.Before(i.state.LastAt) {
		at = i.state.LastAt
	}
	e, err := decide(i.state, i.calc.Compute(i.state, at), d, at, i.wall())
	if err != nil {
		return e, err
	}
	data, err := Encode(e)
	if err != nil {
		return e, &Error{Code: Internal, Msg: "encoding the decision", Err: err}
	}
	seq, err := i.store.Append(data)
	if err != nil {
		return e, &Error{Code: Internal, Msg: "the decision log could not be written; nothing was recorded", Err: err}
	}
	e.Seq = seq
	next, err := Apply(i.state, e)
	if err != nil {
		// Decide accepted what Apply refuses: a bug, but the event is on
		// disk, so the replay will meet it too. Say so loudly.
		return e, &Error{Code: Internal, Msg: fmt.Sprintf("decision %d was recorded but could not be applied", seq), Err: err}
	}
	i.state = next
	i.events = append(i.events, e)
	i.notify()
	return e, nil
}

// Snapshot returns the current state and figures at the incident clock.
func (i *Incident) Snapshot() Snapshot {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.snapshot()
}

func (i *Incident) snapshot() Snapshot {
	ev := i.events[:len(i.events):len(i.events)]
	at := i.now()
	if at.Before(i.state.LastAt) {
		at = i.state.LastAt
	}
	return Snapshot{State: i.state, Events: ev, Figures: i.calc.Compute(i.state, at)}
}

// Subscribe returns a channel that receives a snapshot after every
// committed decision (only the latest is kept if the reader lags), and a
// function that ends the subscription.
func (i *Incident) Subscribe() (<-chan Snapshot, func()) {
	i.mu.Lock()
	defer i.mu.Unlock()
	id := i.nextID
	i.nextID++
	ch := make(chan Snapshot, 1)
	i.subs[id] = ch
	return ch, func() {
		i.mu.Lock()
		defer i.mu.Unlock()
		if c, ok := i.subs[id]; ok {
			delete(i.subs, id)
			close(c)
		}
	}
}

func (i *Incident) notify() {
	if len(i.subs) == 0 {
		return
	}
	snap := i.snapshot()
	for _, ch := range i.subs {
		select {
		case <-ch: // drop the stale one
		default:
		}
		ch <- snap
	}
}

// Now is the incident clock.
func (i *Incident) Now() time.Time { return i.now() }

// StateAt replays the first n events: the state right after decision n.
func StateAt(b *engine.Book, scenario string, events []Event, n int) (State, error) {
	s, err := NewState(b, scenario)
	if err != nil {
		return s, err
	}
	if n > len(events) {
		n = len(events)
	}
	return Fold(s, events[:n])
}

// MemStore is an in-memory Store for tests and throwaway sessions.
type MemStore struct {
	mu   sync.Mutex
	recs []Record
	// Fail, when set, makes Append fail (to test a failed write).
	Fail error
}

// Append implements Store.
func (m *MemStore) Append(data []byte) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		return 0, m.Fail
	}
	seq := uint64(len(m.recs) + 1)
	m.recs = append(m.recs, Record{Seq: seq, Data: append([]byte(nil), data...)})
	return seq, nil
}

// Load implements Store.
func (m *MemStore) Load() ([]Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Record(nil), m.recs...), nil
}

// Clock is an incident clock: it starts at Origin (the book's as_of) when
// the wall clock reads WallStart, and runs Speed times real time.
type Clock struct {
	Origin, WallStart time.Time
	Speed             float64
	Wall              func() time.Time
}

// Now returns the incident time.
func (c Clock) Now() time.Time {
	speed := c.Speed
	if speed <= 0 {
		speed = 1
	}
	elapsed := c.Wall().Sub(c.WallStart)
	if elapsed < 0 {
		elapsed = 0
	}
	return c.Origin.Add(time.Duration(float64(elapsed) * speed))
}
