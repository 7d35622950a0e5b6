package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestETA: the time left at the rate so far, rounded up to the second.
func TestETA(t *testing.T) {
	for _, tc := range []struct {
		done, total int64
		elapsed     time.Duration
		want        time.Duration
		ok          bool
	}{
		// 25 of 100 in 1 s: 75 left at 25/s is 3 s.
		{25, 100, time.Second, 3 * time.Second, true},
		// 1 of 3 in 1.5 s: 2 left at 1.5 s each is 3 s.
		{1, 3, 1500 * time.Millisecond, 3 * time.Second, true},
		// 999 of 1000 in 2 s: 1 left takes 2.002 ms, rounded up to 1 s.
		{999, 1000, 2 * time.Second, time.Second, true},
		// Boundary: all done, nothing left.
		{1000, 1000, 5 * time.Second, 0, true},
		// Nothing done yet: no rate, no ETA.
		{0, 1000, 5 * time.Second, 0, false},
	} {
		got, ok := etaOf(tc.done, tc.total, tc.elapsed)
		if got != tc.want || ok != tc.ok {
			t.Errorf("etaOf(%d, %d, %s) = %s %v, want %s %v", tc.done, tc.total, tc.elapsed, got, ok, tc.want, tc.ok)
		}
	}
	if s := progressLine("scenarios", 25, 100, time.Second); s != "25/100 scenarios, ETA 3s" {
		t.Errorf("line %q", s)
	}
}

// TestProgressPlain: off a terminal the progress is a plain line on
// stderr, and only once the work has run past a second.
func TestProgressPlain(t *testing.T) {
	var buf bytes.Buffer
	p := startProgress(&env{stderr: &buf}, "scenarios", 100)
	p.add(10)
	p.stop()
	if buf.Len() != 0 {
		t.Errorf("work under a second printed %q", buf.String())
	}
	var slow bytes.Buffer
	p = startProgress(&env{stderr: &slow}, "scenarios", 100)
	p.add(50)
	time.Sleep(progressDelay + 250*time.Millisecond)
	p.stop()
	if !strings.HasPrefix(slow.String(), "warroom: 50/100 scenarios, ETA ") {
		t.Errorf("slow work printed %q", slow.String())
	}
}
