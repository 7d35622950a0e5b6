package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/feed"
	"github.com/warroom/warroom/playbook"
)

// feedConsole is a console following a real feed file: Follow runs as
// the program would run it; the test takes each line off the channel and
// hands the messages to Update itself, so it can look between lines.
func feedConsole(t *testing.T, path string, store *playbook.MemStore) (Model, *playbook.Incident) {
	t.Helper()
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	inc, err := playbook.Open(b, "", store, func() time.Time { return b.AsOf }, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	dark := true
	m := New(inc, Options{Operator: "alice", Dark: &dark, Feed: &Feed{Path: path}})
	t.Cleanup(m.Close)
	go m.fd.followCmd()()
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return next.(Model), inc
}

// nextLine waits (at most two seconds: Follow polls every 200 ms) for the
// feed's next line and handles it as the program would: a good line's
// decision is recorded in a Cmd; a line already in the log is passed over
// to the one after it.
func nextLine(t *testing.T, m Model) Model {
	t.Helper()
	var l feed.Line
	select {
	case l = <-m.fd.lines:
	case <-time.After(2 * time.Second):
		t.Fatal("no feed line within 2 s")
	}
	for {
		next, cmd := m.Update(feedLineMsg{l})
		m = next.(Model)
		if cmd == nil || !l.OK() {
			return m
		}
		switch r := cmd().(type) {
		case feedAppliedMsg:
			next, _ = m.Update(r)
			return next.(Model)
		case feedLineMsg:
			l = r.line
		default:
			return m
		}
	}
}

func screenOf(m Model) string { return stripped(m.View().Content) }

func TestFeedLinesBecomeDecisions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.jsonl")
	lines := `{"type":"factor","factor":"equity","move":"-0.05"}` + "\n" + `{"type":"factor", garbage` + "\n"
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	m, inc := feedConsole(t, path, &playbook.MemStore{})
	if s := screenOf(m); !contains(s, "✗ SHORTFALL 10,500,000", "feed feed.jsonl ⇣0") {
		t.Fatalf("before the feed:\n%s", s)
	}
	m = nextLine(t, m)
	s := screenOf(m)
	if contains(s, "✗ SHORTFALL 10,500,000") || !contains(s, "⇣ feed line 1: market:", "feed feed.jsonl ⇣1") {
		t.Fatalf("after line 1:\n%s", s)
	}
	if evs := inc.Snapshot().Events; len(evs) != 1 || evs[0].Operator != feed.Operator {
		t.Fatalf("log: %+v", evs)
	}
	m = nextLine(t, m)
	if s := screenOf(m); !contains(s, "⚠ feed line 2:", "(skipped)", "⚠1") {
		t.Fatalf("after the garbage line:\n%s", s)
	}
	// The console carries on: a line appended later is applied too.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"type":"source","source":"rcf","action":"withdraw"}` + "\n")
	f.Close()
	m = nextLine(t, m)
	if s := screenOf(m); !contains(s, "⇣ feed line 3:", "⊘ withdrawn") {
		t.Fatalf("after line 3:\n%s", s)
	}
	if n := len(inc.Snapshot().Events); n != 2 {
		t.Fatalf("%d events, want 2", n)
	}
}

// TestFeedResume: a console reopened on the same feed does not record the
// lines already in the log a second time.
func TestFeedResume(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.jsonl")
	line := `{"type":"factor","factor":"equity","move":"-0.01"}` + "\n"
	os.WriteFile(path, []byte(line+line), 0o644)
	store := &playbook.MemStore{}
	m, _ := feedConsole(t, path, store)
	m = nextLine(t, m)
	m = nextLine(t, m)
	m.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(line)
	f.Close()
	m2, inc := feedConsole(t, path, store)
	nextLine(t, m2)
	if n := len(inc.Snapshot().Events); n != 3 {
		t.Fatalf("%d events after reopening, want 3", n)
	}
}

func contains(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
