package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/warroom/warroom/playbook"
)

// The smallest screen the console lays out; below it a note says so.
const minWidth, minHeight = 60, 16

func (m Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// View implements tea.Model. It only joins rows precomputed in Update,
// and returns the last frame when Update changed nothing shown.
func (m Model) View() tea.View {
	var content string
	if m.vc != nil && m.gen != 0 && m.vc.gen == m.gen {
		content = m.vc.content
	} else {
		content = m.glyphs(m.content())
		if m.vc != nil {
			m.vc.gen, m.vc.content = m.gen, content
		}
	}
	v := tea.NewView(content)
	v.AltScreen = true
	// Cell motion reports clicks and the wheel, not every movement.
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "warroom"
	return v
}

func (m Model) content() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.tooSmall() {
		lines := []string{"terminal too small", fmt.Sprintf("%d×%d, need %d×%d", w, h, minWidth, minHeight), "shortfall " + whole(m.d.f.Shortfall), "q quits"}
		for i := range lines {
			lines[i] = clip(lines[i], w)
		}
		return strings.Join(lines[:min(len(lines), h)], "\n")
	}
	// Each part is cut to the screen as it comes; the header, tabs,
	// presence line and panes are kept cut from the last frame.
	cut := func(ls ...string) []string { return clipAll(ls, w) }
	out := m.headerLines()
	if m.dr.on {
		out = append(out, cut(m.drillLine())...)
	}
	if m.rm.on {
		room := m.roomLines()
		out = append(out, room[0], clip(room[1], w))
	}
	out = append(out, m.tabs())
	if m.dr.on && m.dr.facilitator {
		out = append(out, cut(m.facilitatorPane()...)...)
	}
	bodyH := h - m.chrome() - m.promptHeight()
	body := m.body(bodyH)
	if !m.panesShown() {
		body = cut(body...)
	}
	out = append(out, body...)
	if m.prompt != nil {
		out = append(out, cut(m.prompt.lines(m.styles, w)...)...)
	}
	// The status line is fitted by its words; the hint bar is kept cut.
	out = append(out, m.statusLine(), m.hints())
	if len(out) > h {
		out = out[:h]
	}
	return strings.Join(out, "\n")
}

// header is two lines on every screen: the money line (the shortfall
// first, with a glyph and the word, then what is due, by when, and what is
// secured) and the context line (firm, clock, stage, operator, scenario).
func (m Model) header() []string {
	f, s := m.d.f, m.styles
	sep := s.Muted.Render(" │ ")
	// In a book of several currencies the header's figures are in the
	// base, at the scenario's rates: say which.
	short := s.Breach.Render(withCcy(f, "✗ SHORTFALL "+whole(f.Shortfall), ""))
	if f.Covered {
		short = s.OK.Render("✓ COVERED shortfall 0")
	}
	// An open call is one not yet paid; a short one is not covered in time.
	// Once every deadline has passed, only a short call is overdue: a
	// covered one was met, paid or not.
	open, shortCalls := 0, 0
	for _, c := range f.Calls {
		if c.Open() {
			open++
			if c.Shortfall.Sign() > 0 {
				shortCalls++
			}
		}
	}
	by := ", no open deadline"
	switch {
	case !f.NextDeadline.IsZero() && !f.NextDue.Equal(f.Due):
		// Several deadlines (counterparties or margin cycles): the next
		// one first, with what of it is still short.
		by = " · next " + whole(f.NextDue) + " by " + clock(f.NextDeadline, m.d.now) + " " +
			countdown(f.NextDeadline, m.d.now) + ", short " + whole(f.NextShortfall)
	case !f.NextDeadline.IsZero():
		by = " by " + clock(f.NextDeadline, m.d.now) + " " + countdown(f.NextDeadline, m.d.now)
	case shortCalls > 0:
		by = " " + s.Breach.Render("OVERDUE: every deadline has passed")
	case open > 0:
		by = ", every deadline met"
	}
	calls := "calls"
	if open == 1 {
		calls = "call"
	}
	// Secured stops at what is due; what is in hand beyond it shows too,
	// or a treasurer who drew too much would never see it.
	surplus := ""
	if f.Surplus.Sign() > 0 {
		surplus = " + " + whole(f.Surplus) + " surplus"
	}
	count := fmt.Sprintf("%d %s open", open, calls)
	if f.NextDeadline.IsZero() && open > 0 && shortCalls == 0 {
		// Every deadline met: the calls are not owed, only not yet
		// confirmed paid; say which rather than "3 calls open".
		count = fmt.Sprintf("%d met, not yet marked paid", open)
	} else if shortCalls > 0 && shortCalls < open {
		count = fmt.Sprintf("%d %s open, %d short", open, calls, shortCalls)
	}
	// Narrower screens keep every figure and drop words, fewest first.
	head := short + sep + "due " + whole(f.Due) + by + sep
	line1 := head + "secured in time " + whole(f.Secured) + surplus + sep + count
	if ansi.StringWidth(line1) > m.width {
		line1 = head + "secured " + whole(f.Secured) + surplus + sep + count
	}
	if ansi.StringWidth(line1) > m.width {
		line1 = head + "secured " + whole(f.Secured) + surplus
	}
	if ansi.StringWidth(line1) > m.width && surplus != "" {
		line1 = head + "secured " + whole(f.Secured) + " +" + whole(f.Surplus)
	}
	if ansi.StringWidth(line1) > m.width && !f.NextDeadline.IsZero() && !f.NextDue.Equal(f.Due) {
		// Narrower still, with several deadlines: the next one is what
		// the room must act on.
		line1 = short + sep + "next " + whole(f.NextDue) + " by " + clock(f.NextDeadline, m.d.now) + " " +
			countdown(f.NextDeadline, m.d.now) + ", short " + whole(f.NextShortfall)
	}
	st := m.d.snap.State
	scen := sanitize(f.Scenario.Name)
	if scen == "" {
		scen = sanitize(f.Scenario.ID)
	}
	ro := ""
	if m.opts.ReadOnly {
		ro = sep + s.Warn.Render("READ-ONLY")
	}
	op := m.opts.Operator
	if op == "" {
		op = "no operator"
	}
	who := "op " + sanitize(op) + ro
	if m.rv.on {
		who = m.asOfLabel()
	}
	if m.fd.on {
		who += sep + m.feedLabel()
	}
	line2 := s.Header.Render(sanitize(st.Book.Firm)) + sep + m.d.now.Format("15:04 Mon 02 Jan") + sep +
		fmt.Sprintf("stage %d/5 %s", m.stage, m.stage) + sep + who + sep + scen
	return []string{line1, line2}
}

var shortStage = map[playbook.Stage]string{playbook.Triage: "Triage", playbook.Liquidity: "Liquidity",
	playbook.Collateral: "Collateral", playbook.Reduction: "Reduction", playbook.Communication: "Comms"}

func (m Model) tabs() string {
	k := fmt.Sprintf("%d %v %v %d %v", m.stage, m.rv.on, m.rv.screen, m.width, m.styles.Dark)
	if m.tc != nil && m.tc.key == k {
		return m.tc.out
	}
	parts, _ := m.tabParts()
	out := clip(strings.Join(parts, " "), m.width)
	if m.tc != nil {
		m.tc.key, m.tc.out = k, out
	}
	return out
}

// tabParts are the tabs as drawn, with the stage each goes to (0 for the
// review's own screens), for the tab line and for mouse clicks on it.
func (m Model) tabParts() ([]string, []playbook.Stage) {
	var parts []string
	var stages []playbook.Stage
	if m.rv.on {
		for _, t := range []struct {
			s    reviewScreen
			name string
		}{{screenTimeline, "t Timeline"}, {screenCompare, "w Compare"}} {
			if m.rv.screen == t.s {
				parts = append(parts, m.styles.TabActive.Render("["+t.name+"]"))
			} else {
				parts = append(parts, m.styles.Tab.Render(" "+t.name+" "))
			}
			stages = append(stages, 0)
		}
	}
	for _, st := range playbook.Stages {
		t := fmt.Sprintf(" %d %s ", st, shortStage[st])
		if st == m.stage && (!m.rv.on || m.rv.screen == screenStage) {
			parts = append(parts, m.styles.TabActive.Render("["+strings.TrimSpace(t)+"]"))
		} else {
			parts = append(parts, m.styles.Tab.Render(t))
		}
		stages = append(stages, st)
	}
	return parts, stages
}

// panesShown reports whether the body is the stage and log panes (not
// help, a review screen or a drill's brief).
func (m Model) panesShown() bool {
	return !m.showHelp && !(m.rv.on && m.rv.screen != screenStage) && !(m.dr.on && m.dr.showBrief)
}

// body lays out the stage pane and the log pane: side by side on a wide
// screen, stacked otherwise; each with a title line that marks the focus.
func (m Model) body(h int) []string {
	if h <= 0 {
		return nil
	}
	if m.showHelp {
		return m.helpBody(h)
	}
	if m.rv.on && m.rv.screen != screenStage {
		return m.reviewBody(h)
	}
	if m.dr.on && m.dr.showBrief {
		return m.drillBody(h)
	}
	stage := m.focusedStage()
	stTitle := m.paneTitle(fmt.Sprintf("%d %s", m.stage, strings.ToUpper(m.stage.String()))+filterLabel(stage), m.focus == focusStage)
	lgTitle := m.paneTitle("DECISION LOG · latest first"+filterLabel(m.log.list), m.focus == focusLog)
	// Each line is cut to its pane here: content() leaves the panes' lines
	// as they are.
	left := append([]string{clip(stTitle, stage.width)}, strings.Split(stage.view(m.styles, m.focus == focusStage), "\n")...)
	right := append([]string{clip(lgTitle, m.log.list.width)}, strings.Split(m.log.list.view(m.styles, m.focus == focusLog), "\n")...)
	if m.width >= 130 {
		sw := stage.width
		out := make([]string, h)
		for i := range out {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			out[i] = fit(l, sw) + m.styles.Muted.Render("│") + r
		}
		return out
	}
	out := append(left[:min(len(left), h-min(h, m.log.list.height+1))], right...)
	if len(out) > h {
		out = out[:h]
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}

func (m Model) focusedStage() listView {
	switch m.stage {
	case playbook.Liquidity:
		return m.waterfall.list
	case playbook.Collateral:
		return m.collateral.list
	case playbook.Reduction:
		return m.reduction.list
	case playbook.Communication:
		return m.comms.list
	}
	return m.triage.list
}

func (m Model) paneTitle(t string, focused bool) string {
	if focused {
		return m.styles.Focus.Render("▶ " + t)
	}
	return m.styles.Muted.Render("  " + t + " (tab)")
}

func (m Model) statusLine() string {
	if m.status == "" {
		return ""
	}
	return m.styles.tone(m.statusTone, clipWords(sanitize(m.status), m.width))
}

// stageKeys are the bindings the current stage offers, disabled in a
// read-only console so help hides them.
func (m Model) stageKeys() bindings {
	k := m.keys
	var b bindings
	switch m.stage {
	case playbook.Triage:
		b = bindings{k.Ack, k.Role}
	case playbook.Liquidity:
		b = bindings{k.Draw, k.Partial, k.Reverse, k.Withdraw}
		if m.d.f.MultiCurrency {
			b = append(b, k.Convert)
		}
	case playbook.Collateral:
		b = bindings{k.Accept, k.Post, k.Repo, k.Confirm, k.Reverse}
	case playbook.Reduction:
		b = bindings{k.Sell}
	case playbook.Communication:
		b = bindings{k.Status, k.KeyCall, k.Message}
	}
	if !m.rm.on && m.approveWhyNot() == "" {
		// The shared room shows its own approval keys (approvalKeys).
		b = append(b, k.Approve, k.Reject)
	}
	b = append(b, k.Note)
	if m.focus == focusLog && m.stage != playbook.Liquidity && m.stage != playbook.Collateral {
		b = append(b, k.Reverse)
	}
	if m.opts.ReadOnly || m.d.snap.State.Closed {
		// Help hides what cannot act; pressing one says why.
		for i := range b {
			b[i] = disabled(b[i])
		}
	}
	b = append(m.approvalKeys(), m.gateBindings(b)...)
	return append(b, k.Stage, k.Tab, k.Up, k.Down, k.Help, k.Quit)
}

func (m Model) hints() string {
	if m.prompt != nil {
		return clip(m.styles.Muted.Render("enter confirm · esc cancel · ctrl+c quit"), m.width)
	}
	var b bindings
	switch {
	case m.rv.on:
		b = m.reviewKeys()
	case m.dr.on:
		b = append(m.drillKeys(), m.stageKeys()...)
	default:
		b = m.stageKeys()
	}
	// The same keys draw the same bar: a frame that only took a decision
	// keeps it.
	var k strings.Builder
	fmt.Fprintf(&k, "%d %d %v", m.help.Width(), m.width, m.styles.Dark)
	for _, x := range b {
		h := x.Help()
		fmt.Fprintf(&k, "\x00%s\x00%s\x00%v", h.Key, h.Desc, x.Enabled())
	}
	if m.hc != nil && m.hc.key == k.String() {
		return m.hc.out
	}
	out := clip(m.help.ShortHelpView(b), m.width)
	if m.hc != nil {
		m.hc.key, m.hc.out = k.String(), out
	}
	return out
}

func (m Model) helpBody(h int) []string {
	out := []string{m.styles.Title.Render("KEYS · ? or esc closes")}
	out = append(out, helpColumns(m.help, m.helpGroups(), m.width)...)
	notes := []string{"every decision asks for an optional rationale: enter skips it",
		"amounts: 1500000, 1,500,000, 1.5m or 250k · (n) = only on stage n · the mouse scrolls and selects"}
	if m.opts.DBPath != "" {
		notes = append(notes, "decision log: "+sanitize(m.opts.DBPath))
	}
	if m.opts.ReadOnly {
		notes = append(notes, "read-only review console: decision keys are disabled")
	}
	out = append(out, "")
	for _, n := range notes {
		// Wrapped, not cut: a note is read whole at any width.
		for _, l := range strings.Split(ansi.Wordwrap(n, max(m.width-2, 20), ""), "\n") {
			out = append(out, "  "+l)
		}
	}
	if len(out) > h {
		out = out[:h]
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}
