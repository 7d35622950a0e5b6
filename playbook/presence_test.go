package playbook_test

import (
	"bytes"
	"testing"

	"github.com/warroom/warroom/playbook"
)

// Presence is recorded but never moves a figure: the Arb-Capital call is
// 10,500,000 before anyone joins and after every join and leave (seed:
// 11,000,000 CME equity − 500,000 Treasury gain, nothing drawn).
func TestPresenceCountsConsolesAndMovesNoFigure(t *testing.T) {
	b := demo(t, "arb-capital")
	inc, _ := open(t, b, &playbook.MemStore{})
	before := inc.Snapshot().Figures.Shortfall
	money(t, "shortfall before", before, "10500000")

	steps := []struct {
		kind    playbook.Kind
		who     string
		present map[string]int
	}{
		// alice opens one console, bob one, alice a second: 2 + 1.
		{playbook.Join, "alice", map[string]int{"alice": 1}},
		{playbook.Join, "bob", map[string]int{"alice": 1, "bob": 1}},
		{playbook.Join, "alice", map[string]int{"alice": 2, "bob": 1}},
		// bob's only console closes: he is gone, alice still has two.
		{playbook.Leave, "bob", map[string]int{"alice": 2}},
		// one of alice's closes: one left (the boundary before zero).
		{playbook.Leave, "alice", map[string]int{"alice": 1}},
	}
	for i, st := range steps {
		e := decide(t, inc, playbook.Decision{Kind: st.kind, Operator: st.who, Role: "lead", Text: "SHA256:x"})
		snap := inc.Snapshot()
		if len(snap.State.Present) != len(st.present) {
			t.Fatalf("step %d: present %v, want %v", i, snap.State.Present, st.present)
		}
		for who, n := range st.present {
			if snap.State.Present[who] != n {
				t.Errorf("step %d: %s has %d consoles, want %d", i, who, snap.State.Present[who], n)
			}
		}
		money(t, "shortfall after "+string(e.Kind), snap.Figures.Shortfall, "10500000")
	}
	// carol was never in the room: her leave is refused, nothing recorded.
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Leave, Operator: "carol"}); playbook.ErrorCode(err) != playbook.Conflict {
		t.Fatalf("leave of someone absent: %v, want a conflict", err)
	}
	if n := len(inc.Snapshot().Events); n != len(steps) {
		t.Fatalf("%d events, want %d", n, len(steps))
	}
}

// Presence events are version 3, so an older warroom refuses a log that
// has them instead of failing on an unknown kind; every other event is
// still written as version 2 (the call ledger's), byte for byte as before.
func TestPresenceIsVersionThreeOthersStayTwo(t *testing.T) {
	cases := []struct {
		kind playbook.Kind
		want string
	}{
		{playbook.Join, `{"v":3,`},
		{playbook.Leave, `{"v":3,`},
		{playbook.Note, `{"v":2,`},
		{playbook.Draw, `{"v":2,`},
		{playbook.Close, `{"v":4,`},   // issue 19: a drill's close
		{playbook.Convert, `{"v":5,`}, // an FX deal struck
		{playbook.KeyCall, `{"v":2,`}, // a call in the counterparty's first currency, as before
		{playbook.KeyCall, `{"v":5,`}, // a call keyed in another currency
	}
	for i, c := range cases {
		ev := playbook.Event{Kind: c.kind, Operator: "alice"}
		if i == len(cases)-1 {
			ev.Currency = "USD"
		}
		data, err := playbook.Encode(ev)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte(c.want)) {
			t.Errorf("%s encodes as %s, want prefix %s", c.kind, data, c.want)
		}
		e, err := playbook.Decode(1, data)
		if err != nil || e.Kind != c.kind {
			t.Errorf("%s: decoded %v, %v", c.kind, e.Kind, err)
		}
	}
	if _, err := playbook.Decode(1, []byte(`{"v":6,"kind":"join","operator":"a"}`)); err == nil {
		t.Error("a version 6 event was accepted")
	}
}
