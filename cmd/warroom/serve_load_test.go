package main

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/room"
	"github.com/warroom/warroom/state"
	"github.com/warroom/warroom/tui"
)

// The room under load: 20 consoles over SSH, each taking 50 decisions as
// fast as its console confirms them, beside one console that never reads. Every decision must be in the log
// exactly once, the chain must verify, and every console's final screen
// must equal a console freshly replayed from the log on disk.
func TestRoomLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the load test runs 20 SSH consoles")
	}
	sessions, each := loadSize()
	const w, h = 100, 30
	const bound = 300 * time.Second // the whole run, generous for -race on a shared machine
	var team []person
	for i := range sessions {
		team = append(team, newPerson(t, fmt.Sprintf("op%02d", i+1), "treasury"))
	}
	stalled := newPerson(t, "stalled", "observer")
	tr := startRoom(t, append(team, stalled))
	cons := make([]*console, sessions)
	for i, p := range team {
		cons[i] = connect(t, tr.addr, p, w, h)
	}
	for _, c := range cons {
		c.waitFor(30*time.Second, fmt.Sprintf("IN THE ROOM %d", sessions))
	}
	// One more console, large, that never reads what it is sent: the
	// server's writes to it block once its window fills, and nobody
	// else may wait for it.
	connectStalled(t, tr.addr, stalled, 300, 100)
	samplers := make([]*screenSampler, sessions)
	names := make([]string, sessions)
	for i, c := range cons {
		samplers[i], names[i] = sample(c), team[i].name
	}
	commits, stopCommits := watchCommits(tr.room)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, sessions)
	for i, c := range cons {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				text := fmt.Sprintf("%s-%02d", team[i].name, j)
				if _, err := fmt.Fprintf(c.stdin, "n%s\r", text); err != nil {
					errs <- err
					return
				}
				// The console takes one decision at a time: wait for its
				// confirmation before the next.
				for !strings.Contains(samplers[i].latest(), "note: "+text+" ·") {
					if time.Since(start) > bound {
						errs <- fmt.Errorf("%s: decision %d not confirmed within %v:\n%s", team[i].name, j, bound, c.screen())
						return
					}
					time.Sleep(5 * time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("%d decisions from %d consoles in %v (%.0f decisions/s)", sessions*each, sessions, took, float64(sessions*each)/took.Seconds())
	time.Sleep(500 * time.Millisecond) // the last decisions reach every screen
	stopCommits()
	for _, s := range samplers {
		s.close()
	}
	lat := latencies(commits, names, samplers)
	p50, p99 := percentile(lat, 0.50), percentile(lat, 0.99)
	t.Logf("decision to appearance on the other consoles, under this load: p50 %v, p99 %v, max %v over %d (decision, console) pairs",
		p50.Round(time.Millisecond), p99.Round(time.Millisecond), percentile(lat, 1).Round(time.Millisecond), len(lat))
	// The target (200 ms) is the quiet room's, see BenchmarkRoomLatency;
	// here every console and emulator shares two cores, and the guard is
	// that no console ever waits on another: seconds would mean it did.
	if p99 > 3*time.Second && !raceEnabled { // under -race the room is 10–20× slower
		t.Errorf("p99 %v: a console waited on another", p99)
	}
	if want := sessions * each * (sessions - 1) * 9 / 10; len(lat) < want {
		t.Errorf("only %d (decision, console) appearances measured, want at least %d", len(lat), want)
	}

	// Each console settles on the same state; capture them, then stop.
	events := len(tr.room.Incident().Snapshot().Events)
	at := tr.room.Incident().Now()
	who := tr.room.Present()
	time.Sleep(1500 * time.Millisecond) // a tick, so every clock shows the same minute
	screens := make([]string, sessions)
	for i, c := range cons {
		screens[i] = c.screen()
	}
	tr.stop()

	// The log on disk: every decision once, a chain that verifies.
	l, err := state.OpenReadOnly(tr.db)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if v := l.Verify(); !v.OK {
		t.Fatalf("chain: %+v", v)
	}
	s := openLogForTest(t, tr.db)
	seen := map[string]int{}
	for _, e := range s.incident.Snapshot().Events {
		if e.Kind == playbook.Note {
			seen[e.Text]++
		}
	}
	for _, p := range team {
		for j := range each {
			if n := seen[fmt.Sprintf("%s-%02d", p.name, j)]; n != 1 {
				t.Errorf("%s-%02d is in the log %d times", p.name, j, n)
			}
		}
	}
	if len(seen) != sessions*each {
		t.Errorf("%d notes in the log, want %d", len(seen), sessions*each)
	}

	// A fresh console on the first `events` records, at the same clock.
	recs, err := l.Records()
	if err != nil {
		t.Fatal(err)
	}
	store := &playbook.MemStore{}
	for _, r := range recs[:events] {
		if _, err := store.Append(r.Data); err != nil {
			t.Fatal(err)
		}
	}
	inc, err := playbook.Open(s.book, s.scenario, store, func() time.Time { return at }, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	// Every console is a treasury seat: one replay serves them all (line 2
	// and the status line, which are each console's own, are not compared).
	want := replayScreen(t, inc, room.Member{Name: team[0].name, Roles: []room.Role{room.Treasury}}, who, w, h)
	for i, got := range screens {
		if d := screenDiff(got, want); d != "" {
			t.Errorf("%s's final screen differs from the replay: %s", team[i].name, d)
		}
	}
}

// staticRoom is the room as it was at the end of the run, for the replay.
type staticRoom struct {
	who []playbook.Presence
	m   room.Member
}

func (r staticRoom) Watch() (<-chan []playbook.Presence, func()) {
	ch := make(chan []playbook.Presence, 1)
	ch <- r.who
	return ch, func() {}
}
func (staticRoom) At(playbook.Stage)                    {}
func (r staticRoom) May(k playbook.Kind) (bool, string) { return room.May(r.m, k) }

// replayScreen renders a console on inc the way the program would, with
// its commands run until they settle.
func replayScreen(t *testing.T, inc *playbook.Incident, op room.Member, who []playbook.Presence, w, h int) string {
	t.Helper()
	dark := true
	m := tea.Model(tui.New(inc, tui.Options{Operator: op.Name, Dark: &dark, Room: staticRoom{who, op}}))
	defer m.(tui.Model).Close()
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m = settle(m, m.Init())
	return ansi.Strip(m.View().Content)
}

// settle runs a command and what it leads to, leaving behind those that
// wait (the clock tick, the subscription).
func settle(m tea.Model, cmd tea.Cmd) tea.Model {
	if cmd == nil {
		return m
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(2 * time.Second):
		return m
	}
	// The clock's tick re-arms itself forever: a settled screen is one
	// between ticks.
	if fmt.Sprintf("%T", msg) == "tui.tickMsg" {
		return m
	}
	switch msg := msg.(type) {
	case nil:
		return m
	case tea.BatchMsg:
		for _, c := range msg {
			m = settle(m, c)
		}
		return m
	}
	next, c := m.Update(msg)
	return settle(next, c)
}

// screenDiff compares two screens line by line, leaving out the lines
// that are the console's own: line 2 names its operator, and the status
// line (second to last) says what it last did.
func screenDiff(got, want string) string {
	g, w := strings.Split(strings.TrimRight(got, "\n "), "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		if i == 1 || i == len(w)-2 {
			continue
		}
		var gl, wl string
		if i < len(g) {
			gl = strings.TrimRight(g[i], " ")
		}
		if i < len(w) {
			wl = strings.TrimRight(w[i], " ")
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, gl, wl)
		}
	}
	return ""
}

// loadSize is 20 consoles × 50 decisions (× 5 under the race detector,
// which makes the whole room ten times slower), or WARROOM_LOAD="SxD".
func loadSize() (sessions, each int) {
	sessions, each = 20, 50
	if raceEnabled {
		each = 5
	}
	if v := os.Getenv("WARROOM_LOAD"); v != "" {
		fmt.Sscanf(v, "%dx%d", &sessions, &each)
	}
	return sessions, each
}
