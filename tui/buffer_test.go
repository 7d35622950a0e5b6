package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

// TestBufferOnTriage: Helios's buffer (15,000,000) does not cover the 99%
// one-day outflow; the triage screen says by how much, with the
// histogram of what the scenarios need beyond it.
func TestBufferOnTriage(t *testing.T) {
	b, err := book.Demo("helios")
	if err != nil {
		t.Fatal(err)
	}
	inc, err := playbook.Open(b, "", &playbook.MemStore{}, func() time.Time { return b.AsOf }, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	dark := true
	h := &harness{t: t, m: New(inc, Options{Operator: "alice", Dark: &dark}), inc: inc}
	h.m.Close()
	h.m.sub = nil
	h.send(tea.WindowSizeMsg{Width: 160, Height: 40})
	h.run(h.m.deriveCmd())
	h.want("buffer for 99% of 1-day outflow without fire sales: 18,614,663 (have 15,000,000) ✗ 3,614,663 short",
		"need beyond in-time sources 0 ", "short in 3.16% of 10,000 scenarios")
	// Once per regime: a decision that moves no market does not rerun it.
	key := h.m.d.buf.key
	h.keys("n")
	h.typeText("checked")
	h.keys("enter")
	if cmd := h.m.bufferCmd(); cmd != nil || h.m.d.buf.key != key {
		t.Fatal("the buffer is sized again for the same regime")
	}
}
