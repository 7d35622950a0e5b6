package main

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/warroom/warroom/room"
)

// screenSampler reads one console's screen every 5 ms for the life of a
// run: the latest screen for its driver, and each time the newest
// decision its log pane shows moved on, for the latency figures.
type screenSampler struct {
	mu     sync.Mutex
	screen string
	seen   []seenAt // newest seq shown, increasing
	stop   chan struct{}
	done   chan struct{}
}

type seenAt struct {
	seq uint64
	at  time.Time
}

// logRow is a row of the decision log pane: "›   12 08:00 …".
var logRow = regexp.MustCompile(`^[› ]\s*(\d+) \d\d:\d\d `)

func sample(c *console) *screenSampler {
	s := &screenSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for {
			scr := c.screen()
			now := time.Now()
			var newest uint64
			if i := strings.Index(scr, "DECISION LOG"); i >= 0 {
				for _, l := range strings.Split(scr[i:], "\n") {
					if m := logRow.FindStringSubmatch(l); m != nil {
						n, _ := strconv.ParseUint(m[1], 10, 64)
						newest = max(newest, n)
					}
				}
			}
			s.mu.Lock()
			s.screen = scr
			if k := len(s.seen); newest > 0 && (k == 0 || newest > s.seen[k-1].seq) {
				s.seen = append(s.seen, seenAt{newest, now})
			}
			s.mu.Unlock()
			select {
			case <-s.stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return s
}

func (s *screenSampler) latest() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.screen
}

func (s *screenSampler) close() { close(s.stop); <-s.done }

// shownAt is when the console first showed seq or a later decision.
func (s *screenSampler) shownAt(seq uint64) (time.Time, bool) {
	i, _ := slices.BinarySearchFunc(s.seen, seq, func(x seenAt, t uint64) int {
		switch {
		case x.seq < t:
			return -1
		case x.seq > t:
			return 1
		}
		return 0
	})
	if i == len(s.seen) {
		return time.Time{}, false
	}
	return s.seen[i].at, true
}

// commitTimes records when the incident told its subscribers of each
// decision, and who took it.
type commitTimes struct {
	mu  sync.Mutex
	at  map[uint64]time.Time
	who map[uint64]string
}

func watchCommits(r *room.Room) (*commitTimes, func()) {
	ct := &commitTimes{at: map[uint64]time.Time{}, who: map[uint64]string{}}
	sub, stop := r.Incident().Subscribe()
	go func() {
		seen := len(r.Incident().Snapshot().Events)
		for s := range sub {
			now := time.Now()
			ct.mu.Lock()
			for _, e := range s.Events[min(seen, len(s.Events)):] {
				ct.at[e.Seq], ct.who[e.Seq] = now, e.Operator
			}
			ct.mu.Unlock()
			seen = len(s.Events)
		}
	}()
	return ct, stop
}

// latencies is, for every decision and every console but its author's,
// the time from its commit to that console showing it (or a later one).
func latencies(ct *commitTimes, names []string, ss []*screenSampler) []time.Duration {
	ct.mu.Lock()
	defer ct.mu.Unlock()
	var out []time.Duration
	for seq, t0 := range ct.at {
		for i, s := range ss {
			if ct.who[seq] == names[i] {
				continue
			}
			if at, ok := s.shownAt(seq); ok {
				out = append(out, max(at.Sub(t0), 0))
			}
		}
	}
	slices.Sort(out)
	return out
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(int(p*float64(len(d))), len(d)-1)]
}
