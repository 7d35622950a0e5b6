package room

import (
	"testing"
	"time"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

func openIncident(t testing.TB, store playbook.Store) *playbook.Incident {
	t.Helper()
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	at := func() time.Time { return b.AsOf }
	inc, err := playbook.Open(b, "", store, at, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func TestSeatsSignGateAndCountPresence(t *testing.T) {
	store := &playbook.MemStore{}
	r, err := New(openIncident(t, store))
	if err != nil {
		t.Fatal(err)
	}
	ann, err := r.Enter(Member{Name: "ann", Roles: []Role{Lead}}, "SHA256:a")
	if err != nil {
		t.Fatal(err)
	}
	olga, _ := r.Enter(Member{Name: "olga", Roles: []Role{Observer}}, "SHA256:o")
	ann2, _ := r.Enter(Member{Name: "ann", Roles: []Role{Lead}}, "SHA256:a")
	ann2.At(playbook.Liquidity)

	p := r.Present()
	if len(p) != 2 || p[0].Person != "ann" || len(p[0].Stages) != 2 || p[0].Stages[1] != playbook.Liquidity || p[1].Person != "olga" {
		t.Fatalf("presence %+v", p)
	}
	// The operator typed is ignored: the seat signs.
	e, err := ann.Decide(playbook.Decision{Kind: playbook.Draw, Source: "cash", Operator: "mallory"})
	if err != nil || e.Operator != "ann" {
		t.Fatalf("draw: %v %v", e.Operator, err)
	}
	if _, err := olga.Decide(playbook.Decision{Kind: playbook.Note, Text: "hi"}); playbook.ErrorCode(err) != playbook.Conflict {
		t.Fatalf("observer's note: %v", err)
	}
	_ = ann2.Leave("disconnected")
	_ = ann2.Leave("disconnected") // twice: recorded once
	s := r.Incident().Snapshot()
	if s.State.Present["ann"] != 1 || s.State.Present["olga"] != 1 {
		t.Fatalf("log presence %v", s.State.Present)
	}
	// A restart with people still in the log closes their presence.
	r2, err := New(openIncident(t, store))
	if err != nil {
		t.Fatal(err)
	}
	s = r2.Incident().Snapshot()
	if len(s.State.Present) != 0 {
		t.Fatalf("after restart present %v", s.State.Present)
	}
	// join ann, join olga, join ann, draw, leave ann, leave ann + leave olga on restart.
	if n := len(s.Events); n != 7 {
		t.Fatalf("%d events, want 7", n)
	}
}

// A watcher that never reads does not block the room: the channel keeps
// only the latest presence.
func TestSlowWatcherNeverBlocks(t *testing.T) {
	r, _ := New(openIncident(t, &playbook.MemStore{}))
	a, _ := r.Enter(Member{Name: "ann", Roles: []Role{Lead}}, "")
	ch, stop := a.Watch()
	defer stop()
	done := make(chan struct{})
	go func() {
		for i := range 50 {
			a.At(playbook.Stage(1 + i%5))
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("a watcher that does not read blocked the room")
	}
	if got := <-ch; len(got) != 1 {
		t.Fatalf("latest presence %+v", got)
	}
}
