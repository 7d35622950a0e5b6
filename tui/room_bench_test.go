package tui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/playbook"
)

// BenchmarkRoomConsole is one room console's work for a note another
// console took, as TestRoomLoad drives it (Arb-Capital at 100×30, 20
// people present, a log of hundreds of notes): the snapshot's Update and
// the frame drawn for it, with the derived figures. The ratio is to a
// console that keeps nothing from the last update (x-keeping-nothing):
// every pane rebuilt, the figures derived from scratch and the frame
// drawn, once for the snapshot and again for its derived figures, as the
// console did before it kept rows and frames. Each iteration's decision is
// taken outside both timings.
func BenchmarkRoomConsole(b *testing.B) {
	inc := fourEyesIncident(&testing.T{})
	var who []playbook.Presence
	for i := range 20 {
		who = append(who, playbook.Presence{Person: fmt.Sprintf("op%02d", i+1), Roles: []string{"treasury"}, Stages: []playbook.Stage{playbook.Triage}})
	}
	for i := range 300 {
		if _, err := inc.Decide(playbook.Decision{Kind: playbook.Note, Operator: "op02", Text: fmt.Sprintf("warm-%03d", i)}); err != nil {
			b.Fatal(err)
		}
	}
	console := func() Model {
		dark := true
		m := New(inc, Options{Operator: "op01", Dark: &dark, Room: &fakeRoom{role: "treasury", who: who}})
		b.Cleanup(m.Close)
		m.sub = nil
		for _, msg := range []tea.Msg{tea.WindowSizeMsg{Width: 100, Height: 30}, presenceMsg{who}, derivedMsg{derive(inc.Snapshot(), nil, derived{})}} {
			next, _ := m.Update(msg)
			m = next.(Model)
		}
		return m
	}
	keeps, forgets := console(), console()
	var tk, tf time.Duration
	i := 0
	for b.Loop() {
		if _, err := inc.Decide(playbook.Decision{Kind: playbook.Note, Operator: "op02", Text: fmt.Sprintf("n-%06d", i)}); err != nil {
			b.Fatal(err)
		}
		i++
		snap := inc.Snapshot()
		t0 := time.Now()
		forgets = keepingNothing(forgets, snap)
		t1 := time.Now()
		// Decisions arrive more than a frame apart (TestRoomLoad's room
		// takes about 30 a second).
		keeps.fr.shown = time.Time{}
		next, cmd := keeps.Update(snapshotMsg{snap})
		keeps = next.(Model)
		_ = keeps.View()
		for _, msg := range settleCmd(cmd) {
			next, _ = keeps.Update(msg)
			keeps = next.(Model)
			_ = keeps.View()
		}
		tk += time.Since(t1)
		tf += t1.Sub(t0)
	}
	b.ReportMetric(float64(tk)/float64(tf), "x-keeping-nothing")
	b.ReportMetric(float64(tk.Microseconds())/1000/float64(b.N), "ms")
}

// keepingNothing is the console's work for a snapshot with nothing kept
// from the last: rows, frames and derived figures all made anew.
func keepingNothing(m Model, snap playbook.Snapshot) Model {
	m.vc, m.hc, m.hdr = &viewCache{}, &textCache{}, &headerCache{}
	m.log.rows = nil
	for _, l := range []*listView{&m.triage.list, &m.waterfall.list, &m.collateral.list, &m.reduction.list, &m.comms.list, &m.log.list} {
		l.src, l.vc = nil, nil
	}
	m.rm.line = ""
	m.acceptSnapshot(snap)
	m.gen = versions.Add(1)
	_ = m.View()
	m.fr.shown = time.Time{}
	m.deriving = false
	m.derivedArrived(derivedMsg{derive(snap, m.d.after, derived{})})
	m.vc, m.hc, m.hdr = &viewCache{}, &textCache{}, &headerCache{}
	for _, l := range []*listView{&m.triage.list, &m.waterfall.list, &m.collateral.list, &m.reduction.list, &m.comms.list, &m.log.list} {
		l.vc = nil
	}
	m.gen = versions.Add(1)
	_ = m.View()
	return m
}

// settleCmd runs what a snapshot's Update asked for, leaving out what
// waits (the subscription, the clock, the frame deadline).
func settleCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(5 * time.Millisecond):
		return nil
	}
	switch msg := msg.(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, settleCmd(c)...)
		}
		return out
	case derivedMsg, bufferMsg:
		return []tea.Msg{msg}
	}
	return nil
}
