package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

// fakeRoom gates by a fixed role, like the server's seat: "observer"
// reads only, "lead" approves, anything else may take the rest.
type fakeRoom struct {
	role string
	who  []playbook.Presence
	at   []playbook.Stage
}

func (r *fakeRoom) Watch() (<-chan []playbook.Presence, func()) {
	ch := make(chan []playbook.Presence, 1)
	ch <- r.who
	return ch, func() {}
}
func (r *fakeRoom) At(s playbook.Stage) { r.at = append(r.at, s) }
func (r *fakeRoom) May(k playbook.Kind) (bool, string) {
	switch {
	case r.role == "observer":
		return false, "olga is an observer: observers read only"
	case (k == playbook.Approve || k == playbook.Reject) && r.role != "lead":
		return false, "only the lead approves"
	}
	return true, ""
}

// fourEyesIncident is Arb-Capital with the credit line under four-eyes.
func fourEyesIncident(t *testing.T) *playbook.Incident {
	t.Helper()
	src, err := book.DemoSource("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	b, err := book.Parse("arb.yaml", append(src, "\ncontrols:\n  four_eyes: true\n  approval_kinds: [credit_line]\n"...))
	if err != nil {
		t.Fatal(err)
	}
	inc, err := playbook.Open(b, "", &playbook.MemStore{}, func() time.Time { return b.AsOf }, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func roomHarness(t *testing.T, inc *playbook.Incident, op string, r *fakeRoom) *harness {
	t.Helper()
	dark := true
	hs := &harness{t: t, inc: inc, m: New(inc, Options{Operator: op, Dark: &dark, Room: r})}
	hs.m.Close()
	hs.m.sub, hs.m.rm.ch = nil, nil // presence is sent by hand
	hs.send(tea.WindowSizeMsg{Width: 140, Height: 40})
	hs.send(presenceMsg{r.who})
	return hs
}

func TestObserverKeysAreDisabledWithWhy(t *testing.T) {
	who := []playbook.Presence{{Person: "olga", Roles: []string{"observer"}, Stages: []playbook.Stage{2}},
		{Person: "tom", Roles: []string{"trader"}, Stages: []playbook.Stage{4}}}
	r := &fakeRoom{role: "observer", who: who}
	h := roomHarness(t, fourEyesIncident(t), "olga", r)
	h.want("IN THE ROOM 2", "olga observer: 2 Liquidity", "tom trader: 4 Reduction", "four-eyes: no decision waits")
	h.keys("2")
	if len(r.at) == 0 || r.at[len(r.at)-1] != playbook.Liquidity {
		t.Fatalf("the room was not told the stage: %v", r.at)
	}
	h.keys("d")
	h.want("✗ d is disabled for you: olga is an observer: observers read only")
	if h.m.prompt != nil {
		t.Fatal("a prompt opened for an observer")
	}
	// The hint bar offers no decision key to an observer.
	if last := strings.Split(h.screen(), "\n"); strings.Contains(last[len(last)-1], "draw in full") {
		t.Fatalf("hint bar offers a draw: %s", last[len(last)-1])
	}
}

func TestHeldDrawWaitsOnTheLeadsConsoleAndIsApproved(t *testing.T) {
	inc := fourEyesIncident(t)
	// tom (treasury) asks for the credit line: 5,000,000 held, shortfall
	// stays 10,500,000 until approved.
	e, err := inc.Decide(playbook.Decision{Kind: playbook.Draw, Source: "rcf", Operator: "tom"})
	if err != nil || !e.Held {
		t.Fatalf("draw: %+v %v", e, err)
	}
	tom := roomHarness(t, inc, "tom", &fakeRoom{role: "treasury"})
	tom.want("⧗ your #1 draw rcf 5,000,000 ⧗ HELD for approval waits for another lead's approval")
	tom.keys("A")
	tom.want("✗ A is disabled for you: only the lead approves")

	ann := roomHarness(t, inc, "ann", &fakeRoom{role: "lead"})
	ann.want("⧗ #1 draw rcf 5,000,000 ⧗ HELD for approval asked by tom awaits YOUR approval · A approves · R rejects", "SHORTFALL 10,500,000")
	ann.keys("A")
	ann.want("Approve #1")
	ann.keys("enter")
	// 10,500,000 − 5,000,000 released by the approval = 5,500,000.
	ann.want("SHORTFALL 5,500,000", "four-eyes: no decision waits")
	if got := inc.Snapshot().Events; got[len(got)-1].Kind != playbook.Approve || got[len(got)-1].Operator != "ann" {
		t.Fatalf("last event %+v", got[len(got)-1])
	}
}

// In a room every size still fits: the presence and approval lines are
// clipped like the rest, and the body gives them their two rows.
func TestRoomConsoleFitsEverySize(t *testing.T) {
	who := []playbook.Presence{{Person: "a-very-long-name-indeed", Roles: []string{"lead", "treasury"}, Stages: []playbook.Stage{1, 2, 3}},
		{Person: "tom", Roles: []string{"trader"}, Stages: []playbook.Stage{4}}}
	inc := fourEyesIncident(t)
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Draw, Source: "rcf", Operator: "tom"}); err != nil {
		t.Fatal(err)
	}
	h := roomHarness(t, inc, "ann", &fakeRoom{role: "lead", who: who})
	for _, sz := range [][2]int{{20, 5}, {59, 15}, {60, 16}, {80, 24}, {100, 30}, {200, 50}} {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		for _, st := range []string{"1", "2", "5"} {
			h.keys(st)
			lines := strings.Split(h.screen(), "\n")
			if len(lines) > sz[1] {
				t.Fatalf("%dx%d stage %s: %d lines", sz[0], sz[1], st, len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > sz[0] {
					t.Fatalf("%dx%d stage %s line %d is %d wide: %q", sz[0], sz[1], st, i+1, w, l)
				}
			}
		}
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.want("IN THE ROOM 2", "awaits YOUR approval", "A approve held")
}
