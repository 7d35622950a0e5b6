package tui

import "charm.land/bubbles/v2/key"

// KeyMap declares every key of the console once; help and the hint bar
// are generated from it. Stage keys share letters across stages ("a"
// acknowledges in triage and accepts the optimiser in collateral), so each
// stage lists the bindings it offers.
type KeyMap struct {
	Stage, Tab, ShiftTab, Up, Down, PageUp, PageDown key.Binding
	Draw, Partial, Reverse, Enter, Esc, Note, Quit   key.Binding
	Help, Ack, Role, Accept, Post, Repo, Confirm     key.Binding
	Sell, Status, Message, ForceQuit                 key.Binding
	KeyCall                                          key.Binding
	// Withdraw records a source withdrawn (or restored); Approve and
	// Reject sign a decision held for four-eyes (approve.go).
	Withdraw, Approve, Reject key.Binding
	// Convert strikes an FX deal on the liquidity stage (fx.go).
	Convert key.Binding
	// The review console's keys (review_keys.go).
	AsOf, Prev, Next, Timeline, Compare, Filter, ClearFilter key.Binding
	// The drill's keys (drill.go).
	Pause, NextEvent, Debrief key.Binding
	// Search filters the list in focus; Suspend stops the console to the
	// shell (fg resumes it).
	Search, Suspend key.Binding
}

// DefaultKeyMap returns the console's keys.
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Stage:     b("1-5", "stage", "1", "2", "3", "4", "5"),
		Tab:       b("tab", "pane", "tab"),
		ShiftTab:  b("shift+tab", "pane back", "shift+tab"),
		Up:        b("↑/k", "up", "up", "k"),
		Down:      b("↓/j", "down", "down", "j"),
		PageUp:    b("pgup", "page up", "pgup"),
		PageDown:  b("pgdn", "page down", "pgdown"),
		Draw:      b("d", "draw in full", "d"),
		Partial:   b("p", "draw part", "p"),
		Reverse:   b("x", "reverse", "x"),
		Enter:     b("enter", "confirm", "enter"),
		Esc:       b("esc", "cancel", "esc"),
		Note:      b("n", "note", "n"),
		Quit:      b("q", "quit", "q"),
		ForceQuit: b("ctrl+c", "quit", "ctrl+c"),
		Help:      b("?", "help", "?"),
		Ack:       b("a", "acknowledge", "a"),
		Role:      b("o", "assign role", "o"),
		Accept:    b("a", "accept proposal", "a"),
		Post:      b("P", "post to call", "P"),
		Repo:      b("r", "stage repo", "r"),
		Confirm:   b("c", "confirm repo", "c"),
		Sell:      b("s", "sell a size", "s"),
		Status:    b("s", "set call status", "s"),
		KeyCall:   b("c", "key a call", "c"),
		Message:   b("m", "message", "m"),
		Withdraw:  b("w", "source withdrawn", "w"),
		Convert:   b("v", "strike FX deal", "v"),
		Approve:   b("A", "approve held", "A"),
		Reject:    b("R", "reject held", "R"),

		AsOf:        b("enter", "stages as of it", "enter"),
		Prev:        b("←/[", "earlier", "left", "["),
		Next:        b("→/]", "later", "right", "]"),
		Timeline:    b("t", "timeline", "t"),
		Compare:     b("w", "compare --with", "w"),
		Filter:      b("f", "filter", "f"),
		ClearFilter: b("F", "clear filter", "F"),

		Pause:     b("space", "pause/resume", "space"),
		NextEvent: b("./>", "next event", ".", ">"),
		Debrief:   b("b", "debrief", "b"),

		Search:  b("/", "filter list", "/"),
		Suspend: b("ctrl+z", "suspend", "ctrl+z"),
	}
}

// bindings is a list of key bindings shown as help; it implements
// help.KeyMap.
type bindings []key.Binding

func (b bindings) ShortHelp() []key.Binding { return b }
func (b bindings) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	for i := 0; i < len(b); i += 5 {
		out = append(out, b[i:min(i+5, len(b))])
	}
	return out
}

// disabled returns a copy of a binding switched off (read-only console):
// help hides it, and pressing it says why.
func disabled(k key.Binding) key.Binding {
	k.SetEnabled(false)
	return k
}
