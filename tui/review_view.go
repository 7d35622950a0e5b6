package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/report"
)

// The timeline's columns. The action flexes; on a narrow screen the wall
// time goes first, then the stage, the rationale and the operator: the
// incident time, the action and the shortfall after it always stay.
var timelineCols = []column{{title: "#", width: 4, right: true}, {title: "Time", width: 9},
	{title: "Wall", width: 8, drop: 4}, {title: "Operator", width: 8, drop: 1}, {title: "Stage", width: 12, drop: 3},
	{title: "Action", width: 0, min: 20}, {title: "Amount", width: 12, right: true, drop: 5},
	{title: "Rationale", width: 18, drop: 2}, {title: "Short after", width: 12, right: true}}

// buildSummary precomputes the lines above the timeline: pace and
// milestones (playbook.Measure, via the report) and the chain's status.
func (r *review) buildSummary() {
	in := r.src.Incident
	var pace, stages []string
	for _, t := range report.Times(in.Metrics) {
		if strings.HasPrefix(t.Label, "Stage ") {
			stages = append(stages, strings.TrimPrefix(t.Label, "Stage ")+" "+t.Value)
		} else {
			pace = append(pace, strings.ToLower(t.Label[:1])+t.Label[1:]+" "+t.Value)
		}
	}
	r.summary = []line{textLine(toneNone, strings.Join(pace, " · ")+" · time in stage: "+strings.Join(stages, " · "))}
	if in.Chain.OK {
		r.summary = append(r.summary, textLine(toneOK, fmt.Sprintf("✓ hash chain intact: %d records verified", in.Chain.Records)))
	} else {
		r.summary = append(r.summary, textLine(toneBreach, fmt.Sprintf("✗ hash chain BROKEN at record #%d: %s", in.Chain.FirstBad, sanitize(in.Chain.Reason))))
	}
	if c := r.cmp; c != nil {
		r.summary = append(r.summary, textLine(toneTitle, fmt.Sprintf("vs %s: shortfall %s here, %s there · liquidity cost %s vs %s · w compares",
			sanitize(baseName(c.B.File)), whole(c.Final[0].Shortfall), whole(c.Final[1].Shortfall),
			whole(c.Final[0].LiquidityCost), whole(c.Final[1].LiquidityCost))))
	}
}

// buildTimeline lists the decisions that pass the filter, oldest first
// (a post-mortem reads forward), with the alert as row 0 when unfiltered.
func (r *review) buildTimeline(now time.Time) {
	in := r.src.Incident
	ls := []line{headLine(timelineCols)}
	r.rows = r.rows[:0]
	day := in.Book.AsOf
	if !r.filter.active() {
		// The alert's row: what was due is its shortfall-after.
		f := r.alert.Figures
		ls = append(ls, rowLine(timelineCols, cell{"0", toneMuted}, cell{clock(day, day), toneNone}, cell{"", toneNone},
			cell{"", toneNone}, cell{"1 Triage", toneMuted}, cell{"the alert: calls due", toneWarn},
			cell{"", toneNone}, cell{"", toneNone}, shortCell(f.Shortfall)).pick())
		r.rows = append(r.rows, -1)
	}
	for i, st := range in.Steps {
		e := st.Event
		if !r.filter.match(e) {
			continue
		}
		amt := ""
		if e.Amount != nil {
			amt = whole(*e.Amount)
		}
		act := cell{describe(e, day), toneNone}
		if e.FireSale {
			act.tone = toneBreach
		}
		ls = append(ls, rowLine(timelineCols, cell{strconv.FormatUint(e.Seq, 10), toneMuted}, cell{clock(e.At, day), toneNone},
			cell{e.Wall.Format("15:04:05"), toneMuted}, cell{sanitize(e.Operator), toneNone},
			cell{fmt.Sprintf("%d %s", e.Stage, shortStage[e.Stage]), toneNone}, act, cell{amt, toneNone},
			cell{sanitize(e.Rationale), toneMuted}, shortCell(st.Figures.Shortfall)).pick())
		r.rows = append(r.rows, i)
	}
	if len(r.rows) == 0 {
		ls = append(ls, textLine(toneWarn, "no decision matches "+r.filter.String()+" · F clears the filter"))
	}
	r.timeline.setLines(ls)
}

func shortCell(v decimal.Decimal) cell {
	if v.Sign() > 0 {
		return cell{whole(v), toneBreach}
	}
	return cell{"✓ 0", toneOK}
}

// buildCompare lays the two incidents side by side: the final key
// figures, the shortfall over time as two sparklines and a table, and
// what each decided after they parted.
func (r *review) buildCompare() {
	c := r.cmp
	if c == nil {
		r.compare.setLines([]line{textLine(toneMuted, "no other incident to compare: start with --with FILE (a fork: warroom fork --db F --at N --out G)")})
		return
	}
	side := func(name string, in *report.Incident) line {
		what := fmt.Sprintf("%s  %s · %d decisions", name, sanitize(in.File), len(in.Steps))
		if in.ForkOf != "" {
			what += fmt.Sprintf(" · fork of %s at #%d", sanitize(baseName(in.ForkOf)), in.ForkAt)
		}
		if !in.Chain.OK {
			what += fmt.Sprintf(" · ✗ chain broken at #%d", in.Chain.FirstBad)
		}
		return textLine(toneNone, what)
	}
	parted := "no shared decisions: they part at the alert"
	if c.Common > 0 {
		parted = fmt.Sprintf("shared decisions 1 to %d; they part after #%d", c.Common, c.Common)
	}
	ls := []line{side("A", c.A), side("B", c.B), textLine(toneMuted, parted), textLine(toneNone, ""), headLine(keyCols)}
	key := func(label string, get func(report.Key) decimal.Decimal) {
		ls = append(ls, rowLine(keyCols, cell{label, toneNone}, cell{whole(get(c.Final[0])), toneNone},
			cell{whole(get(c.Final[1])), toneNone}, cell{signed(get(c.Final[2])), toneNone}))
	}
	key("Calls due", func(k report.Key) decimal.Decimal { return k.Due })
	key("Secured in time", func(k report.Key) decimal.Decimal { return k.Secured })
	key("Shortfall", func(k report.Key) decimal.Decimal { return k.Shortfall })
	key("Liquidity cost", func(k report.Key) decimal.Decimal { return k.LiquidityCost })
	key("Fire-sale loss", func(k report.Key) decimal.Decimal { return k.FireSaleLoss })

	var a, b []decimal.Decimal
	for _, t := range c.Times {
		a, b = append(a, t.A.Shortfall), append(b, t.B.Shortfall)
	}
	top := decimal.Zero
	for _, v := range append(append([]decimal.Decimal(nil), a...), b...) {
		top = decimal.Max(top, v)
	}
	ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, "SHORTFALL OVER TIME (one mark per decision, same scale)"),
		textLine(toneNone, "A "+sparkline(a, top)+"  "+whole(c.Final[0].Shortfall)),
		textLine(toneNone, "B "+sparkline(b, top)+"  "+whole(c.Final[1].Shortfall)), headLine(momentCols))
	day := c.A.Book.AsOf
	for _, t := range c.Times {
		what := t.Label()
		ls = append(ls, rowLine(momentCols, cell{clock(t.At, day), toneNone}, cell{what, toneNone},
			shortCell(t.A.Shortfall), shortCell(t.B.Shortfall), cell{signed(t.Difference), toneNone}))
	}
	after := func(name string, steps []playbook.Step) {
		ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, fmt.Sprintf("ONLY IN %s (after #%d)", name, c.Common)))
		for _, s := range steps {
			ls = append(ls, textLine(toneNone, fmt.Sprintf("#%d %s %s: %s → short %s", s.Event.Seq, clock(s.Event.At, day),
				sanitize(s.Event.Operator), describe(s.Event, day), whole(s.Figures.Shortfall))))
		}
		if len(steps) == 0 {
			ls = append(ls, textLine(toneMuted, "none"))
		}
	}
	after("A", c.AfterA)
	after("B", c.AfterB)
	r.compare.setLines(ls)
}

var (
	keyCols = []column{{title: "Final", width: 0}, {title: "A", width: 13, right: true},
		{title: "B", width: 13, right: true}, {title: "B − A", width: 13, right: true}}
	momentCols = []column{{title: "Time", width: 9}, {title: "Decision", width: 0},
		{title: "A shortfall", width: 13, right: true}, {title: "B shortfall", width: 13, right: true},
		{title: "B − A", width: 13, right: true, drop: 1}}
)

// sparkline draws values as block heights against top (layout only: the
// figures beside it are exact).
func sparkline(vs []decimal.Decimal, top decimal.Decimal) string {
	const blocks = "▁▂▃▄▅▆▇█"
	rs := []rune(blocks)
	var b strings.Builder
	for _, v := range vs {
		i := 0
		if top.Sign() > 0 && v.Sign() > 0 {
			f, _ := v.DivRound(top, 6).Float64()
			i = min(int(f*float64(len(rs)-1)+0.5), len(rs)-1)
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// setSize lays out the review screens in the body's w×h.
func (r *review) setSize(w, h int) {
	r.timeline.setSize(w, max(h-1-len(r.summary), 0))
	r.compare.setSize(w, max(h-1, 0))
}

// reviewBody is the timeline or the compare screen.
func (m Model) reviewBody(h int) []string {
	r := &m.rv
	var out []string
	if r.screen == screenCompare {
		out = append(out, m.paneTitle("COMPARE · A beside B · ↑↓ scrolls · t timeline", true))
		out = append(out, strings.Split(r.compare.view(m.styles, true), "\n")...)
	} else {
		title := fmt.Sprintf("TIMELINE · %d decisions · enter shows the stages as of the selected one", len(r.events))
		if r.filter.active() {
			title = fmt.Sprintf("TIMELINE · %d of %d decisions · filter: %s (F clears)", len(r.rows), len(r.events), r.filter.String())
		}
		out = append(out, m.paneTitle(title, true))
		for _, l := range r.summary {
			out = append(out, l.render(m.styles, m.width, false, false))
		}
		out = append(out, strings.Split(r.timeline.view(m.styles, true), "\n")...)
	}
	if len(out) > h {
		out = out[:h]
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}

// asOfLabel is the header's review segment: which decision the screen
// shows and the chain's status.
func (m Model) asOfLabel() string {
	r := &m.rv
	n := len(r.events)
	at := "the alert (#0 of " + strconv.Itoa(n) + ")"
	if r.at >= 0 {
		at = fmt.Sprintf("#%d of %d", r.events[r.at].Seq, n)
	}
	chain := "chain ✓"
	if in := r.src.Incident; !in.Chain.OK {
		chain = fmt.Sprintf("chain ✗ first bad #%d", in.Chain.FirstBad)
	}
	return m.styles.Warn.Render("REVIEW · as of "+at) + m.styles.Muted.Render(" │ ") + chain
}
