package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom/playbook"
)

// BenchmarkRoomLatency is the time from a decision being committed (the
// incident has it on disk and tells its subscribers) to it showing on the
// screens of five other consoles, each an SSH client with a terminal
// emulator on loopback. It reports the p50 and p99 over every console and
// decision, in milliseconds.
func BenchmarkRoomLatency(b *testing.B) {
	const watchers, w, h = 5, 100, 30
	writer := newPerson(b, "tia", "treasury")
	team := []person{writer}
	for i := range watchers {
		team = append(team, newPerson(b, fmt.Sprintf("obs%d", i+1), "observer"))
	}
	tr := startRoom(b, team)
	wc := connect(b, tr.addr, writer, w, h)
	var cons []*console
	for _, p := range team[1:] {
		cons = append(cons, connect(b, tr.addr, p, w, h))
	}
	for _, c := range append(cons, wc) {
		c.waitFor(20*time.Second, fmt.Sprintf("IN THE ROOM %d", len(team)))
	}

	// committed[text] is when the incident told its subscribers.
	var mu sync.Mutex
	committed := map[string]time.Time{}
	sub, stop := tr.room.Incident().Subscribe()
	defer stop()
	go func() {
		seen := 0
		for s := range sub {
			now := time.Now()
			mu.Lock()
			for _, e := range s.Events[seen:] {
				if e.Kind == playbook.Note {
					committed[e.Text] = now
				}
			}
			mu.Unlock()
			seen = len(s.Events)
		}
	}()

	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		text := fmt.Sprintf("bench-%06d", i)
		wc.typ("n" + text + "\r")
		seen := make([]time.Time, len(cons))
		var wg sync.WaitGroup
		for j, c := range cons {
			wg.Add(1)
			go func() {
				defer wg.Done()
				deadline := time.Now().Add(10 * time.Second)
				for !strings.Contains(c.screen(), "note: "+text) && time.Now().Before(deadline) {
					time.Sleep(time.Millisecond)
				}
				seen[j] = time.Now()
			}()
		}
		wg.Wait()
		wc.waitFor(10*time.Second, "note: "+text+" ·") // the writer's own confirmation
		mu.Lock()
		t0, ok := committed[text]
		mu.Unlock()
		if !ok {
			b.Fatalf("%s never committed", text)
		}
		for _, t := range seen {
			lat = append(lat, max(t.Sub(t0), 0))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(int(p*float64(len(lat))), len(lat)-1)]) / float64(time.Millisecond)
	}
	// scripts/bench.sh reads the x- ratio and the ms time: p99 against the
	// issue's 200 ms target, and p99 itself.
	b.ReportMetric(pct(0.99)/200, "x-target")
	b.ReportMetric(pct(0.99), "ms")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(float64(lat[len(lat)-1])/float64(time.Millisecond), "max-ms")
}
