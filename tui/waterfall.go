package tui

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/playbook"
	"strconv"
	"strings"
	"time"
)

// waterfallModel is stage 2: the liquidity sources in priority order, what
// each can still raise, when it arrives and whether that is in time, and a
// chart of cumulative in-time liquidity against the calls. The first tier
// is selected at start: on the worst day the first move is on-hand cash.
type waterfallModel struct {
	list listView
	ids  []string
}

// A source's name is what the room reads ("Committed credit line"): the
// access column goes before the name is cut.
var tierCols = []column{{title: "Source", width: 0, min: 24}, {title: "Left", width: 11, right: true},
	{title: "Drawn", width: 11, right: true, drop: 3}, {title: "Access", width: 9, drop: 4},
	{title: "Arrives", width: 9, right: true}, {title: "In time?", width: 11},
	{title: "Cost", width: 10, right: true, drop: 2}, {title: "Cum. in time", width: 12, right: true, drop: 1}}

func (w *waterfallModel) set(d *data) {
	f := d.f
	ls := []line{textLine(toneTitle, "WATERFALL · d draws the selected tier in full · p part · x reverses its last draw")}
	// Margin coming back is the first tier of the plan; nothing to draw:
	// the counterparty pays it, and it is already in the secured figure.
	for _, x := range f.Funds {
		if cp, ok := strings.CutPrefix(x.Source, "inflow:"); ok && x.Seq == 0 {
			ls = append(ls, textLine(toneOK, "  ↩ margin back: "+sanitize(cp)+" pays "+whole(x.Left)+" at "+
				clock(x.ArrivesAt, d.now)+", in secured"))
		}
	}
	ls = append(ls, headLine(tierCols))
	w.ids = w.ids[:0]
	var cum decimal.Decimal
	type bar struct {
		label string
		cum   decimal.Decimal
		late  bool
	}
	var bars []bar
	arrived := drawnArrivals(d.snap.State)
	var lastDeadline time.Time
	for _, c := range f.Calls {
		if c.Deadline.After(lastDeadline) {
			lastDeadline = c.Deadline
		}
	}
	for i, s := range f.Sources {
		ok := inTimeCell(s)
		arrives := cell{clock(s.ArrivesAt, d.now), toneNone}
		if t, drawn := arrived[s.ID]; drawn && s.Left.IsZero() {
			// Fully drawn: when the money it raised arrives, not when more
			// would if drawn now.
			arrives = cell{clock(t, d.now), toneNone}
			ok = cell{"✓ drawn", toneOK}
			if !lastDeadline.IsZero() && t.After(lastDeadline) {
				ok = cell{"✗ drawn late", toneWarn}
			}
		}
		late := s.Late || s.Withdrawn
		if !late {
			cum = cum.Add(inBase(f, s.Left, s.Currency))
		}
		// What drawing the rest would add, in the book's day count over
		// the horizon from now: a fee already paid is not charged again.
		cost := f.Book.SourceFurtherCost(s.Source, s.Used, s.Left, d.now, playbook.HorizonDays, s.SaleCost, s.Capacity)
		drawn := cell{"—", toneMuted}
		if s.Used.Sign() > 0 {
			drawn = cell{whole(s.Used), toneOK}
		}
		// Cumulative from what is already secured, as the chart below
		// draws it: how far the day gets if this tier and those above it
		// are drawn.
		ls = append(ls, rowLine(tierCols, cell{withCcy(f, strconv.Itoa(i+1)+" "+sanitize(s.Name), s.Currency), toneNone}, cell{whole(s.Left), toneNone},
			drawn, cell{s.Access.String(), toneNone}, arrives, ok,
			cell{whole(cost), toneNone}, cell{whole(f.Secured.Add(f.Surplus).Add(cum)), toneNone}).pick().findAs(s.ID))
		w.ids = append(w.ids, s.ID)
		bars = append(bars, bar{sanitize(s.ID), cum, late})
	}
	// An asset sale's loss is the model's figure; where the book caps the
	// proceeds at the desk's estimate (the seed's "5M loss"), say why the
	// two differ rather than leave the room to wonder.
	for _, s := range f.Sources {
		// A position is sold once: after a sale at stage 4 the tier sells
		// only the rest, and says so.
		if e, sold, ok := f.TierEstimate(s.Source); ok {
			l := textLine(toneMuted, fmt.Sprintf("  %s: loss %s is the impact model's, selling its %s stressed value (it would raise %s)",
				sanitize(s.ID), whole(e.Cost), whole(e.Value), whole(e.ModelProceeds)))
			l.short = fmt.Sprintf("  %s: model loss %s (%s stressed, raises %s)", sanitize(s.ID), whole(e.Cost), whole(e.Value), whole(e.ModelProceeds))
			if sold.Sign() > 0 {
				l = textLine(toneMuted, fmt.Sprintf("  %s: loss %s is the impact model's, selling the %s of its stressed value that sales left (%s sold; it would raise %s)",
					sanitize(s.ID), whole(e.Cost), whole(e.Value), whole(sold), whole(e.ModelProceeds)))
				l.short = fmt.Sprintf("  %s: model loss %s (%s unsold, raises %s)", sanitize(s.ID), whole(e.Cost), whole(e.Value), whole(e.ModelProceeds))
			}
			if e.Margined {
				// Closing a future (or financed stock) frees margin; its
				// notional is not cash.
				l = textLine(toneMuted, fmt.Sprintf("  %s: closing it raises no cash of its own: it frees %s of margin, less the model's loss %s (%s)",
					sanitize(s.ID), whole(e.IM), whole(e.Cost), whole(e.ModelProceeds)))
				l.short = fmt.Sprintf("  %s: frees %s margin − loss %s = %s", sanitize(s.ID), whole(e.IM), whole(e.Cost), whole(e.ModelProceeds))
			}
			ls = append(ls, l)
			if e.Capped {
				l = textLine(toneMuted, fmt.Sprintf("    the book's estimate caps the sale at %s: a %s loss, the figure a desk quotes",
					whole(e.Cap), whole(e.Value.Sub(e.Cap))))
				l.short = fmt.Sprintf("    capped at the estimate %s: a %s loss", whole(e.Cap), whole(e.Value.Sub(e.Cap)))
				ls = append(ls, l)
			}
		}
	}
	ls = append(ls, conversionLines(f, d.now)...)
	// The chart starts from what is already secured: the bars show how far
	// each further tier would take the day.
	ls = append(ls, textLine(toneNone, ""),
		textLine(toneTitle, "CUMULATIVE IN-TIME LIQUIDITY vs CALLS "+whole(f.Due)+" (┃ = calls; ░ late, does not count)"))
	top := f.Due
	// All that is in hand in time, beyond the calls too: the bar passes
	// the ┃ when more is drawn than is due.
	base := f.Secured.Add(f.Surplus)
	if last := base.Add(cum); last.Cmp(top) > 0 {
		top = last
	}
	frac := func(x decimal.Decimal) float64 {
		if top.Sign() <= 0 {
			return 0
		}
		v, _ := x.DivRound(top, 6).Float64()
		return v
	}
	mark := frac(f.Due)
	ls = append(ls, line{bar: &barSpec{label: "secured", value: whole(base), fill: frac(base), mark: mark}, row: -1})
	for _, b := range bars {
		v := base.Add(b.cum)
		label := whole(v)
		if v.Cmp(f.Due) >= 0 && f.Due.Sign() > 0 {
			label = "✓ " + label
		}
		if b.late {
			label = "✗ late"
		}
		ls = append(ls, line{bar: &barSpec{label: b.label, value: label, fill: frac(v), mark: mark, late: b.late}, row: -1})
	}
	w.list.setLines(ls)
}

// selected is the source id of the selected tier.
func (w waterfallModel) selected() (string, bool) {
	i := w.list.selected()
	if i < 0 || i >= len(w.ids) {
		return "", false
	}
	return w.ids[i], true
}

// drawnArrivals is, per source, when the last of its active draws arrives.
func drawnArrivals(st playbook.State) map[string]time.Time {
	out := map[string]time.Time{}
	for _, dr := range st.Draws {
		if dr.ReversedBy == 0 && dr.ArrivesAt.After(out[dr.Source]) {
			out[dr.Source] = dr.ArrivesAt
		}
	}
	for _, r := range st.Repos {
		if r.ReversedBy == 0 && r.Confirmed && r.ArrivesAt.After(out[r.Source]) {
			out[r.Source] = r.ArrivesAt
		}
	}
	return out
}
