package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// helpGroups are the console's keys for the full help, one column per
// group, with "(n)" on the keys that only stage n offers.
func (m Model) helpGroups() [][]key.Binding {
	k := m.keys
	on := func(b key.Binding, stage string) key.Binding {
		h := b.Help()
		b.SetHelp(h.Key, h.Desc+" ("+stage+")")
		return b
	}
	groups := [][]key.Binding{
		{k.Stage, k.Tab, k.Up, k.Down, k.PageUp, k.PageDown},
		{k.Enter, k.Esc, k.Search, k.Note, k.Help, k.Suspend, k.Quit},
		{on(k.Ack, "1"), on(k.Role, "1"), on(k.Draw, "2"), on(k.Partial, "2"), on(k.Withdraw, "2"), on(k.Reverse, "2, 3, log")},
		{k.Approve, k.Reject},
		{on(k.Accept, "3"), on(k.Post, "3"), on(k.Repo, "3"), on(k.Confirm, "3"), on(k.Sell, "4"), on(k.Status, "5"), on(k.KeyCall, "5"), on(k.Message, "5")},
	}
	if m.d.f.MultiCurrency {
		// A book in several currencies: v strikes an FX deal (fx.go).
		groups[2] = append(groups[2][:len(groups[2])-1:len(groups[2])-1], on(k.Convert, "2"), groups[2][len(groups[2])-1])
	}
	// The drill's and the review's own keys come first, where they apply.
	if m.dr.on {
		groups = append([][]key.Binding{{k.Pause, k.NextEvent, k.Debrief}}, groups...)
	}
	if m.rv.on {
		groups = append([][]key.Binding{{k.AsOf, k.Prev, k.Next, k.Timeline, k.Filter, k.ClearFilter, k.Compare}}, groups...)
	}
	// Help lists every key, enabled or not: a read-only console says so
	// below rather than hiding what the keys would do.
	for _, g := range groups {
		for i := range g {
			g[i].SetEnabled(true)
		}
	}
	return groups
}

// helpColumns lays the groups out with bubbles' full help, as many
// columns side by side as fit in w and the rest in blocks below, so that
// no label is ever cut, whatever the width.
func helpColumns(h help.Model, groups [][]key.Binding, w int) []string {
	h.SetWidth(0) // the packing below keeps every block within w
	var out []string
	var row [][]key.Binding
	flush := func() {
		if len(row) == 0 {
			return
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		for _, l := range strings.Split(h.FullHelpView(row), "\n") {
			out = append(out, "  "+l)
		}
		row = nil
	}
	for _, g := range groups {
		if len(row) > 0 && lipgloss.Width(h.FullHelpView(append(row, g))) > w-2 {
			flush()
		}
		row = append(row, g)
	}
	flush()
	return out
}
