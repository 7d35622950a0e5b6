package tui

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

// freshScreens is what a console opened now on inc shows on each stage,
// its derived figures in: the reference a console that followed every
// snapshot must equal (the status line, its own, left out).
func freshScreens(t *testing.T, inc *playbook.Incident, w, h int) []string {
	t.Helper()
	dark := true
	hs := &harness{t: t, inc: inc, m: New(inc, Options{Operator: "alice", Dark: &dark})}
	hs.m.Close()
	hs.m.sub = nil
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.deriveCmd())
	return stageScreens(hs)
}

// stageScreens is each stage's screen (without the status line) and
// every line of its pane and of the log, shown or scrolled out of sight.
func stageScreens(h *harness) []string {
	var out []string
	for _, st := range []string{"1", "2", "3", "4", "5"} {
		h.keys(st)
		lines := strings.Split(h.screen(), "\n")
		s := strings.Join(append(lines[:len(lines)-2:len(lines)-2], lines[len(lines)-1]), "\n")
		for _, l := range append(h.m.focusedStage().all, h.m.log.list.all...) {
			s += "\n" + stripped(l.render(h.m.styles, 200, false, false))
		}
		out = append(out, s)
	}
	return out
}

// TestFollowingEqualsFresh: a console that follows another operator's
// decisions — one snapshot at a time, or several at once faster than it
// draws — shows on every stage what a console opened afresh on the same
// log shows. The log's rows are kept between snapshots, the derived
// figures reused across decisions that move none, and snapshots wait for
// their frame: none of it may show anything a fresh console would not.
func TestFollowingEqualsFresh(t *testing.T) {
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	at := b.AsOf
	h := newClockHarness(t, b, "", func() time.Time { return at }, 120, 40)
	r := rand.New(rand.NewPCG(1, 2))
	var draws []uint64
	decide := func(d playbook.Decision) {
		d.Operator = "bob"
		e, err := h.inc.Decide(d)
		if err != nil {
			return // refused (nothing left to draw…): a valid script either way
		}
		if e.Kind == playbook.Draw {
			draws = append(draws, e.Seq)
		}
	}
	sources := []string{"cash", "mmf", "rcf"}
	for step := range 60 {
		n := 1 + r.IntN(4) // decisions before this console draws
		var cmds []tea.Cmd
		for range n {
			switch k := r.IntN(10); {
			case k < 5:
				decide(playbook.Decision{Kind: playbook.Note, Text: fmt.Sprintf("note %d", step)})
			case k < 7:
				decide(playbook.Decision{Kind: playbook.Draw, Source: sources[r.IntN(len(sources))], Amount: decimal.NewFromInt(int64(1+r.IntN(3)) * 500_000)})
			case k < 8 && len(draws) > 0:
				i := r.IntN(len(draws))
				decide(playbook.Decision{Kind: playbook.Reverse, Target: draws[i]})
				draws = append(draws[:i], draws[i+1:]...)
			case k < 9:
				decide(playbook.Decision{Kind: playbook.Acknowledge})
			default:
				decide(playbook.Decision{Kind: playbook.Message, Counterparty: "CME", Direction: "sent", Text: "on it"})
			}
			// Seconds pass between decisions, now and then minutes.
			at = at.Add(time.Duration(r.IntN(4)) * time.Second)
			if r.IntN(10) == 0 {
				at = at.Add(time.Duration(r.IntN(120)) * time.Second)
			}
			// Each snapshot's Update, without its Cmds yet: the console
			// is behind the room.
			next, cmd := h.m.Update(snapshotMsg{h.inc.Snapshot()})
			h.m = next.(Model)
			cmds = append(cmds, cmd)
		}
		for _, c := range cmds {
			h.run(c)
		}
		h.run(h.m.frameDue())
		if step%6 == 5 || step == 59 {
			got, want := stageScreens(h), freshScreens(t, h.inc, 120, 40)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("step %d, stage %d: the console that followed shows\n%s\n\na fresh one\n%s", step, i+1, got[i], want[i])
				}
			}
		}
	}
}

// TestDeriveReusesOnlyWhatNothingMoved: the derived figures carried over
// a note or an acknowledgement equal those worked out afresh; a draw
// works them out again.
func TestDeriveReusesOnlyWhatNothingMoved(t *testing.T) {
	inc := fourEyesIncident(t)
	first := derive(inc.Snapshot(), nil, derived{})
	known := map[uint64]decimal.Decimal{} // the shortfalls-after the console has, as Model merges them
	for i, d := range []playbook.Decision{
		{Kind: playbook.Note, Text: "CFO informed"},
		{Kind: playbook.Acknowledge},
		{Kind: playbook.Draw, Source: "cash"},
		{Kind: playbook.Note, Text: "after the draw"},
		{Kind: playbook.Draw, Source: "rcf"}, // held for four-eyes: not neutral
	} {
		d.Operator = "tom"
		if _, err := inc.Decide(d); err != nil {
			t.Fatal(err)
		}
		s := inc.Snapshot()
		got, want := derive(s, known, first), derive(s, known, derived{})
		if !reflect.DeepEqual(got.drivers, want.drivers) || !reflect.DeepEqual(got.cands, want.cands) ||
			!reflect.DeepEqual(got.prop, want.prop) || !reflect.DeepEqual(got.after, want.after) || got.candTotal != want.candTotal {
			t.Fatalf("decision %d (%s): derived from the last differs from afresh", i+1, d.Kind)
		}
		// A draw moves figures: never carried over. (The first derive had
		// no log to fold: the first decision is worked out afresh.)
		if neutral := d.Kind != playbook.Draw; i > 0 && neutralSince(s.Events, first.fold) != neutral {
			t.Fatalf("decision %d (%s): neutral %v", i+1, d.Kind, !neutral)
		}
		first = got
		for k, v := range got.after {
			known[k] = v
		}
	}
}

// TestUpdatesFasterThanFramesCoalesce: snapshots arriving less than a
// frame after the last redraw change nothing shown (the frame drawn is
// the last one, not drawn again); at the next frame one redraw shows the
// newest, which holds every decision.
func TestUpdatesFasterThanFramesCoalesce(t *testing.T) {
	h := newHarness(t, 120, 40)
	var cmds []tea.Cmd
	var before string
	h.m.fr.shown = time.Time{} // more than a frame since the last
	for i := range 3 {
		if _, err := h.inc.Decide(playbook.Decision{Kind: playbook.Note, Operator: "bob", Text: fmt.Sprintf("waiting %d", i)}); err != nil {
			t.Fatal(err)
		}
		next, cmd := h.m.Update(snapshotMsg{h.inc.Snapshot()})
		h.m, cmds = next.(Model), append(cmds, cmd)
		got := h.m.View().Content
		switch {
		case i == 0 && !strings.Contains(stripped(got), "note: waiting 0"):
			t.Fatalf("the first snapshot in a while waited:\n%s", stripped(got))
		case i > 0 && got != before:
			t.Fatalf("snapshot %d, within a frame of the last, changed the frame:\n%s", i, stripped(got))
		}
		before = got
	}
	if h.m.fr.snap == nil || h.m.fr.snap.State.Seq != 3 || !h.m.fr.armed {
		t.Fatal("the newest snapshot does not wait for the next frame")
	}
	for _, c := range cmds {
		h.run(c) // the derived figures, and the frame
	}
	h.want("note: waiting 0", "note: waiting 1", "note: waiting 2")
	h.wantNot("…") // every shortfall-after is in
	if h.m.fr.snap != nil || h.m.fr.armed {
		t.Fatal("something still waits")
	}
	// An older snapshot arriving late changes nothing.
	h.send(snapshotMsg{h.inc.Snapshot()})
	h.want("note: waiting 2")
}

// TestNoteIsDrawnOnce: once the derived figures are in, a snapshot whose
// decision moves no figure shows at once with its shortfall-after, and no
// derive is started for it.
func TestNoteIsDrawnOnce(t *testing.T) {
	h := newHarness(t, 120, 40)
	for i, d := range []playbook.Decision{{Kind: playbook.Draw, Source: "cash"}, {Kind: playbook.Note, Text: "CFO informed"}} {
		d.Operator = "bob"
		if _, err := h.inc.Decide(d); err != nil {
			t.Fatal(err)
		}
		h.m.fr.shown = time.Time{} // more than a frame since the last
		next, cmd := h.m.Update(snapshotMsg{h.inc.Snapshot()})
		h.m = next.(Model)
		if i == 0 {
			h.run(cmd) // the draw's derived figures come from a Cmd
			continue
		}
		if h.m.deriving {
			t.Fatal("a note started a derive")
		}
		h.want("note: CFO informed", "✗ 8,500,000")
		h.wantNot("…")
	}
}

// TestNeutralSince: what counts as moving no figure.
func TestNeutralSince(t *testing.T) {
	evs := []playbook.Event{{Seq: 1, Kind: playbook.Note}, {Seq: 2, Kind: playbook.Join}, {Seq: 3, Kind: playbook.Draw},
		{Seq: 4, Kind: playbook.Note}, {Seq: 5, Kind: playbook.Draw, Held: true}}
	fo := func(n int) *fold { return &fold{n: n, last: evs[n-1]} }
	for _, c := range []struct {
		n, upto int
		want    bool
	}{{1, 2, true}, {1, 3, false}, {3, 4, true}, {4, 5, false}, {2, 2, true}} {
		if got := neutralSince(evs[:c.upto], fo(c.n)); got != c.want {
			t.Errorf("events %d..%d: neutral %v, want %v", c.n+1, c.upto, got, c.want)
		}
	}
	// Another log is never continued, nor a shorter one.
	other := append([]playbook.Event(nil), evs...)
	other[0].Text = "another"
	if neutralSince(other[:2], fo(1)) || neutralSince(evs[:1], fo(2)) {
		t.Error("a fold of one log continued another")
	}
}
