package room

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/warroom/warroom/playbook"
)

// Room is the war room around one incident: the seats taken and who sits
// in them. Every seat talks to the same *playbook.Incident, which orders
// the decisions; the room adds who may take them and who is present.
type Room struct {
	inc *playbook.Incident

	mu       sync.Mutex
	seats    map[int]*Seat
	nextSeat int
	watchers map[int]chan []playbook.Presence
	nextW    int
}

// New opens the room on an incident. Presence the log still shows open
// (the server was killed with people in the room) is closed first with a
// leave each, so the log never claims someone stayed through a restart.
func New(inc *playbook.Incident) (*Room, error) {
	r := &Room{inc: inc, seats: map[int]*Seat{}, watchers: map[int]chan []playbook.Presence{}}
	present := inc.Snapshot().State.Present
	names := make([]string, 0, len(present))
	for who := range present {
		names = append(names, who)
	}
	slices.Sort(names)
	for _, who := range names {
		for range present[who] {
			if _, err := inc.Decide(playbook.Decision{Kind: playbook.Leave, Operator: who, Text: "the server restarted"}); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// Incident is the room's incident.
func (r *Room) Incident() *playbook.Incident { return r.inc }

// Enter seats a member: the join is recorded (durably) before the seat is
// handed out. fingerprint names the key they came in with.
func (r *Room) Enter(m Member, fingerprint string) (*Seat, error) {
	if _, err := r.inc.Decide(playbook.Decision{Kind: playbook.Join, Operator: m.Name, Role: m.RoleList(), Text: fingerprint}); err != nil {
		return nil, err
	}
	r.mu.Lock()
	s := &Seat{room: r, member: m, id: r.nextSeat, stage: r.inc.Snapshot().State.Stage}
	r.nextSeat++
	r.seats[s.id] = s
	r.broadcast()
	r.mu.Unlock()
	return s, nil
}

// Present lists who is in the room now, by name, each with the stage of
// every console they have open.
func (r *Room) Present() []playbook.Presence {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.present()
}

func (r *Room) present() []playbook.Presence {
	ids := make([]int, 0, len(r.seats))
	for id := range r.seats {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var out []playbook.Presence
	at := map[string]int{}
	for _, id := range ids {
		s := r.seats[id]
		i, ok := at[s.member.Name]
		if !ok {
			roles := make([]string, len(s.member.Roles))
			for j, x := range s.member.Roles {
				roles[j] = string(x)
			}
			i = len(out)
			at[s.member.Name] = i
			out = append(out, playbook.Presence{Person: s.member.Name, Roles: roles})
		}
		out[i].Stages = append(out[i].Stages, s.stage)
	}
	slices.SortFunc(out, func(a, b playbook.Presence) int { return cmp.Compare(a.Person, b.Person) })
	return out
}

// broadcast hands the presence to every watcher, keeping only the latest
// for one that lags: a slow console never holds the room up. r.mu is held.
func (r *Room) broadcast() {
	p := r.present()
	for _, ch := range r.watchers {
		select {
		case <-ch:
		default:
		}
		ch <- p
	}
}

// Seat is one SSH session's place in the room: one console of one
// person. It is the console's backend: every decision is signed by the
// seat's person (a console cannot change it) and gated by their roles.
type Seat struct {
	room   *Room
	member Member
	id     int

	once  sync.Once
	stage playbook.Stage // guarded by room.mu
}

// Member is who sits here.
func (s *Seat) Member() Member { return s.member }

// Snapshot implements the console's backend.
func (s *Seat) Snapshot() playbook.Snapshot { return s.room.inc.Snapshot() }

// Subscribe implements the console's backend.
func (s *Seat) Subscribe() (<-chan playbook.Snapshot, func()) { return s.room.inc.Subscribe() }

// Now implements the console's backend.
func (s *Seat) Now() time.Time { return s.room.inc.Now() }

// Decide signs the decision with the seat's person and refuses what their
// roles do not allow, before the incident sees it.
func (s *Seat) Decide(d playbook.Decision) (playbook.Event, error) {
	d.Operator = s.member.Name
	if ok, why := May(s.member, d.Kind); !ok {
		return playbook.Event{Kind: d.Kind, Operator: d.Operator}, &playbook.Error{Code: playbook.Conflict, Msg: why}
	}
	return s.room.inc.Decide(d)
}

// May reports whether this seat's person may take a decision of kind k.
func (s *Seat) May(k playbook.Kind) (bool, string) { return May(s.member, k) }

// Operator is the name that signs this seat's decisions.
func (s *Seat) Operator() string { return s.member.Name }

// At tells the room which stage this seat's console shows.
func (s *Seat) At(st playbook.Stage) {
	r := s.room
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.seats[s.id]; !ok || s.stage == st {
		return
	}
	s.stage = st
	r.broadcast()
}

// Watch delivers who is in the room now and after every change (only the
// latest if the reader lags), until the returned function is called.
func (s *Seat) Watch() (<-chan []playbook.Presence, func()) {
	r := s.room
	r.mu.Lock()
	defer r.mu.Unlock()
	id := r.nextW
	r.nextW++
	ch := make(chan []playbook.Presence, 1)
	ch <- r.present()
	r.watchers[id] = ch
	return ch, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if c, ok := r.watchers[id]; ok {
			delete(r.watchers, id)
			close(c)
		}
	}
}

// Leave gives the seat up and records the leave; calling it again does
// nothing. reason ("disconnected") goes into the log.
func (s *Seat) Leave(reason string) error {
	var err error
	s.once.Do(func() {
		r := s.room
		r.mu.Lock()
		delete(r.seats, s.id)
		r.broadcast()
		r.mu.Unlock()
		_, err = r.inc.Decide(playbook.Decision{Kind: playbook.Leave, Operator: s.member.Name, Text: reason})
	})
	return err
}

// Seats is how many consoles are open.
func (r *Room) Seats() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seats)
}

// WaitEmpty waits until every seat has left (their leaves recorded), or
// the timeout passes; it reports whether the room emptied.
func (r *Room) WaitEmpty(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for r.Seats() > 0 {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}
