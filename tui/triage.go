package tui

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/playbook"
)

// triageModel is stage 1: the calls by counterparty with what drives
// them, the liquidity pools, and whether the pools cover the calls in time.
type triageModel struct {
	list listView
}

var (
	callCols = []column{{title: "Counterparty", width: 0}, {title: "VM", width: 11, right: true},
		{title: "IM change", width: 11, right: true, drop: 3}, {title: "Total call", width: 11, right: true},
		{title: "Due", width: 9, right: true}, {title: "Time left", width: 11, drop: 1},
		{title: "Short", width: 13, right: true, drop: 2}}
	poolCols = []column{{title: "Source", width: 0}, {title: "Left", width: 12, right: true},
		{title: "Access", width: 10, drop: 2}, {title: "Arrives", width: 10, right: true}, {title: "In time?", width: 12}}
)

func (t *triageModel) set(d *data) {
	f := d.f
	var ls []line
	// Coverage first: the one line that says whether the day can be met.
	inTime := inTimeLeft(f)
	cover := f.Secured.Add(f.Surplus).Add(inTime)
	verdict, vt := "✓ enough in time if drawn", toneOK
	switch {
	case cover.Cmp(f.Due) < 0:
		verdict, vt = "✗ NOT enough in time: "+whole(f.Due.Sub(cover))+" uncovered", toneBreach
	case f.Shortfall.IsZero() && f.Surplus.Sign() > 0:
		verdict = "✓ covered, " + whole(f.Surplus) + " more in hand than the calls need"
	}
	surplus := ""
	if f.Surplus.Sign() > 0 {
		surplus = " + surplus " + whole(f.Surplus)
	}
	// Two lines, so a narrow pane never cuts a figure off.
	ls = append(ls, textLine(toneTitle, "COVERAGE"),
		textLine(vt, fmt.Sprintf("secured %s%s + in time %s = %s of %s due", whole(f.Secured), surplus, whole(inTime), whole(cover), whole(f.Due))),
		textLine(vt, fmt.Sprintf("coverage %s · %s", ratio(cover, f.Due), verdict)))
	ack := "✗ alert NOT acknowledged: a acknowledges"
	at := toneWarn
	if s := d.snap.State; s.Acknowledged {
		ack, at = "✓ alert acknowledged at "+clock(s.AckAt, d.now), toneOK
	}
	ls = append(ls, textLine(at, ack+roles(d.snap.State)))
	ls = append(ls, currencyLines(f)...)
	ls = append(ls, bufferLines(d.buf)...)
	ls = append(ls, textLine(toneNone, ""))

	ls = append(ls, textLine(toneTitle, "CALLS BY COUNTERPARTY"), headLine(callCols))
	for _, c := range f.Calls {
		short := cell{"✓ met", toneOK}
		if c.Shortfall.Sign() > 0 {
			short = cell{"✗ " + whole(c.Shortfall), toneBreach}
		}
		if c.Status.Status == playbook.StatusPaid {
			short = cell{"✓ paid", toneOK}
		}
		left, lt := callLeft(c.Deadline, d.now, c.Shortfall)
		name := sanitize(c.Name)
		if c.Actual {
			name += " (actual)"
		}
		if c.Cycle != "" && c.Cycle != playbook.CycleEOD {
			name += " " + sanitize(c.Cycle)
		}
		name = withCcy(f, name, c.Currency)
		ls = append(ls, rowLine(callCols, cell{name, toneNone}, cell{whole(c.VM), toneNone}, cell{whole(c.IMChange), toneNone},
			cell{whole(c.Amount), toneNone}, cell{clock(c.Deadline, d.now), toneNone}, cell{left, lt}, short).pick().findAs(c.Counterparty))
		if !d.drv.ready {
			ls = append(ls, textLine(toneMuted, "    drivers: working…"))
		}
		i := 0
		for _, dr := range d.drv.drivers[c.Counterparty] {
			if !drivesCurrency(f, c, dr.id) {
				continue
			}
			lead := "    driven by "
			i++
			if i > 1 {
				lead = "              "
			}
			ls = append(ls, textLine(toneMuted, fmt.Sprintf("%s%s %s: shock %s → VM %s, IM %s", lead, sanitize(dr.id),
				sanitize(dr.name), pct(dr.shock), whole(dr.vm), signed(dr.im))))
		}
		if !c.SaleEffect.IsZero() {
			ls = append(ls, textLine(toneWarn, "    ⚠ sales changed this call by "+signed(c.SaleEffect)))
		}
	}
	if len(f.Calls) == 0 {
		ls = append(ls, textLine(toneOK, "  ✓ no margin calls under this scenario"))
	}
	ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, "LIQUIDITY POOLS"), headLine(poolCols))
	for _, src := range f.Sources {
		ok := inTimeCell(src)
		ls = append(ls, rowLine(poolCols, cell{withCcy(f, sanitize(src.Name), src.Currency), toneNone}, cell{whole(src.Left), toneNone},
			cell{src.Access.String(), toneNone}, cell{clock(src.ArrivesAt, d.now), toneNone}, ok))
	}
	t.list.setLines(ls)
}

// inTimeLeft is what the sources could still raise in time: what is left
// of each one that is neither withdrawn nor late.
func inTimeLeft(f *playbook.Figures) decimal.Decimal {
	var sum decimal.Decimal
	for _, s := range f.Sources {
		if !s.Withdrawn && !s.Late {
			sum = sum.Add(inBase(f, s.Left, s.Currency))
		}
	}
	return sum
}

func inTimeCell(s playbook.SourceFigure) cell {
	switch {
	case s.Withdrawn:
		return cell{"⊘ withdrawn", toneBreach}
	case s.Late:
		return cell{"✗ LATE", toneWarn}
	}
	return cell{"✓ in time", toneOK}
}

func signed(d decimal.Decimal) string {
	if d.Sign() > 0 {
		return "+" + whole(d)
	}
	return whole(d)
}

func roles(s playbook.State) string {
	if len(s.Roles) == 0 {
		return " · roles unassigned (o assigns)"
	}
	var parts []string
	for _, r := range playbook.Roles {
		if who, ok := s.Roles[r]; ok {
			parts = append(parts, r+": "+sanitize(who))
		}
	}
	for _, r := range slices.Sorted(maps.Keys(s.Roles)) {
		if !slices.Contains(playbook.Roles, r) {
			parts = append(parts, sanitize(r)+": "+sanitize(s.Roles[r]))
		}
	}
	return " · " + strings.Join(parts, ", ")
}
