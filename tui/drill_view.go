package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom/drill"
	"github.com/warroom/warroom/report"
)

// chrome is how many lines the screen spends outside the body: two header
// lines, the tabs, the status and the hints, plus the drill's line and
// the facilitator's pane in a drill.
func (m Model) chrome() int {
	n := 5 + m.roomChrome()
	if m.dr.on {
		n++
		if m.dr.facilitator {
			n += 1 + 3
		}
	}
	return n
}

// drillLine is the header's third line in a drill: a scripted event just
// arrived (for a few seconds), or the clock's state.
func (m Model) drillLine() string {
	s, dr := m.styles, &m.dr
	run := fmt.Sprintf("▶ %g× · space pauses · . next event", dr.clock.Speed())
	if dr.clock.Paused() {
		run = s.Warn.Render("⏸ PAUSED") + " · space resumes · . next event"
	}
	if dr.done {
		run = s.OK.Render("DRILL OVER") + " · b debrief"
	}
	lead := s.Title.Render("DRILL "+sanitize(dr.d.Name)) + s.Muted.Render(" │ ")
	if dr.alert != "" {
		lead = s.Warn.Render(dr.alert) + s.Muted.Render(" │ ")
	}
	return lead + run + s.Muted.Render(" │ ends "+clock(dr.d.Ends, m.d.now))
}

// facilitatorPane lists the next scripted events, with their times: the
// facilitator's screen only (players would see the future).
func (m Model) facilitatorPane() []string {
	out := []string{m.styles.Title.Render("FACILITATOR · next scripted events (players do not see this)")}
	for i := 0; i < 3; i++ {
		if i >= len(m.dr.upcoming) {
			if i == 0 {
				out = append(out, m.styles.Muted.Render("  no further scripted events"))
			} else {
				out = append(out, "")
			}
			continue
		}
		e := m.dr.upcoming[i]
		out = append(out, fmt.Sprintf("  %s %-13s %s", clock(e.At, m.d.now), e.Kind, sanitize(e.Headline)))
	}
	return out
}

// debriefLines lays out the drill's debrief: the verdict and score, the
// deadlines, the costs, the pace, and each decision beside the engine's.
func debriefLines(d drill.Debrief, now time.Time) []line {
	verdict, vt := "✓ SURVIVED", toneOK
	if !d.Survived {
		verdict, vt = "✗ DID NOT SURVIVE", toneBreach
	}
	if d.Insolvent {
		verdict = "✗ INSOLVENT at " + clock(d.InsolventAt, now) + ": " + sanitize(d.Reason)
	}
	ls := []line{textLine(toneTitle, fmt.Sprintf("DEBRIEF · drill %s (%s)", sanitize(d.Drill), sanitize(d.Firm))),
		textLine(vt, verdict),
		textLine(toneNone, fmt.Sprintf("score %d (%s)", d.Score, sanitize(strings.Join(d.ScoreParts, ", ")))),
		textLine(toneNone, ""),
		textLine(toneTitle, fmt.Sprintf("DEADLINES · %d met, %d missed", d.Met, d.Missed))}
	for _, x := range d.Deadlines {
		mark, t := "✓ met", toneOK
		if !x.Met() {
			mark, t = "✗ MISSED, short "+whole(x.Shortfall), toneBreach
		}
		ls = append(ls, textLine(t, fmt.Sprintf("  %-10s %s  call %s  %s", sanitize(x.Counterparty), clock(x.Deadline, now), whole(x.Amount), mark)))
	}
	if len(d.Calls) > 0 {
		ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, fmt.Sprintf("CALLS · %d paid late · %d dispute(s) raised, %d open",
			d.PaidLate, d.Disputes, d.DisputesOpen)))
		for _, c := range d.Calls {
			t, late := toneNone, ""
			if c.PaidLate {
				t, late = toneWarn, " · paid late"
			}
			ls = append(ls, textLine(t, fmt.Sprintf("  %-10s %s  call %s  paid %s  due %s  %s%s", sanitize(c.Counterparty), clock(c.Deadline, now),
				whole(c.Amount), whole(c.Paid), whole(c.Due), statusGlyph[c.Status], late)))
		}
	}
	ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, "COST"),
		textLine(toneNone, fmt.Sprintf("  liquidity cost %s · liquidation cost %s · fire-sale loss %s",
			whole(d.LiquidityCost), whole(d.SaleCost), whole(d.FireSaleLoss))),
		textLine(toneNone, ""), textLine(toneTitle, "PACE"))
	var pace, stages []string
	for _, t := range report.Times(d.Metrics) {
		if rest, ok := strings.CutPrefix(t.Label, "Stage "); ok {
			stages = append(stages, rest+" "+t.Value)
		} else {
			pace = append(pace, strings.ToLower(t.Label)+" "+t.Value)
		}
	}
	ls = append(ls, textLine(toneNone, "  "+strings.Join(pace, " · ")), textLine(toneNone, "  time in stage: "+strings.Join(stages, " · ")),
		textLine(toneNone, ""), textLine(toneTitle, "DECISIONS · beside what the engine would have done then"))
	for _, r := range d.Decisions {
		ls = append(ls, textLine(toneNone, fmt.Sprintf("  #%d %s %s: %s", r.Seq, clock(r.At, now), sanitize(r.Operator), sanitize(r.Action))),
			textLine(toneMuted, "      engine would: "+sanitize(r.EngineWould)))
	}
	if len(d.Decisions) == 0 {
		ls = append(ls, textLine(toneWarn, "  the players took no decision"))
	}
	return ls
}

// drillBody is the debrief screen.
func (m Model) drillBody(h int) []string {
	out := append([]string{m.paneTitle("DEBRIEF · ↑↓ scrolls · b or esc back to the stages", true)},
		strings.Split(m.dr.brief.view(m.styles, true), "\n")...)
	if len(out) > h {
		out = out[:h]
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}

// drillKeys are the drill's hints, before the stage's own.
func (m Model) drillKeys() bindings {
	if m.dr.done {
		return bindings{m.keys.Debrief}
	}
	return bindings{m.keys.Pause, m.keys.NextEvent}
}
