package tui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// harness drives a Model the way the program would: messages in, commands
// run synchronously, their messages fed back.
type harness struct {
	t     *testing.T
	m     Model
	store *playbook.MemStore
	inc   *playbook.Incident
}

func newHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	return harnessOn(t, b, w, h)
}

// harnessOn is a harness over a given book.
func harnessOn(t *testing.T, b *engine.Book, w, h int) *harness {
	t.Helper()
	return newBookHarness(t, b, "", w, h)
}

// harnessWith is the one way a test harness is built: an incident on the
// book and scenario at the clock now, and a console with opts.
func harnessWith(t *testing.T, b *engine.Book, scenario string, now func() time.Time, opts Options, w, h int) *harness {
	t.Helper()
	store := &playbook.MemStore{}
	wall := func() time.Time { return time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC) }
	inc, err := playbook.Open(b, scenario, store, now, wall)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Dark == nil {
		dark := true
		opts.Dark = &dark
	}
	hs := &harness{t: t, store: store, inc: inc, m: New(inc, opts)}
	// The subscription is closed: its snapshots are sent by hand in the
	// tests that need them, and a Cmd waiting on it would never answer.
	hs.m.Close()
	hs.m.sub = nil
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	// Init's derived figures, without the tick and the subscription.
	hs.run(hs.m.deriveCmd())
	return hs
}

// send delivers one message and runs what it returns.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.run(cmd)
}

// run executes a command and feeds its messages back. Commands that do not
// answer quickly (the clock tick, the subscription) are left behind.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(5 * time.Second):
		return
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tickMsg, snapshotMsg, drillTickMsg:
		// Background refreshes are not part of a key script.
	default:
		// tea's sequence message is unexported: any []tea.Cmd is run in order.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := 0; i < v.Len(); i++ {
				h.run(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		h.send(msg)
	}
}

// keys types a script: single characters, or names like "enter", "tab".
func (h *harness) keys(ks ...string) {
	h.t.Helper()
	for _, k := range ks {
		h.send(press(k))
	}
}

func press(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// typeText types each rune of s as a key press.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (h *harness) screen() string { return ansi.Strip(h.m.View().Content) }

func (h *harness) want(subs ...string) {
	h.t.Helper()
	s := h.screen()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			h.t.Fatalf("screen lacks %q:\n%s", sub, s)
		}
	}
}

func (h *harness) wantNot(sub string) {
	h.t.Helper()
	if s := h.screen(); strings.Contains(s, sub) {
		h.t.Fatalf("screen shows %q:\n%s", sub, s)
	}
}

func stripped(s string) string { return ansi.Strip(s) }
