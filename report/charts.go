package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// WaterfallChart draws the liquidity waterfall: each tier of the plain
// plan (activated at the alert) as a bar stacked on the in-time liquidity
// before it, what was actually drawn of it shaded inside, tiers that would
// arrive too late (or were withdrawn) floating beside the stack without
// raising it, and a horizontal line for what falls due by each deadline.
func (in *Incident) WaterfallChart() Chart {
	c := newChart("waterfall-chart", "Liquidity waterfall against the calls")
	plan := in.Waterfall()
	drawn := in.Drawn()
	dues := Deadlines(in.Final)
	if len(dues) == 0 {
		dues = Deadlines(in.Initial)
	}
	var cumDue []decimal.Decimal
	var sum decimal.Decimal
	for _, d := range dues {
		sum = sum.Add(d.Due)
		cumDue = append(cumDue, sum)
	}
	top := sum
	var level decimal.Decimal
	for _, t := range plan.Tiers {
		top = engine.MaxDec(top, level.Add(t.Available))
		if !t.Late && !t.Withdrawn {
			level = level.Add(t.Available)
		}
	}
	y := moneyAxis(&c, top)
	c.YLabel = "cumulative liquidity in time (" + in.Book.Currency + ")"
	n := len(plan.Tiers)
	slot := c.Plot.W / float64(max(n, 1))
	bw := slot * 0.58
	base := decimal.Zero
	step := []string{"M" + num(c.Plot.X) + " " + num(y.y(base))}
	var desc []string
	for i, t := range plan.Tiers {
		x0 := round1(c.Plot.X + float64(i)*slot)
		bx := round1(x0 + (slot-bw)/2)
		inTime := !t.Late && !t.Withdrawn
		class, status := "tier", "arrives "+clock(t.ArrivesAt, in.Book.AsOf)
		switch {
		case t.Withdrawn:
			class, status = "tier tier-out", "withdrawn"
		case t.Late:
			class, status = "tier tier-late", "too late: "+clock(t.ArrivesAt, in.Book.AsOf)
		}
		topV := base.Add(t.Available)
		title := fmt.Sprintf("%s: %s available, %s", t.Source.Name, Money(t.Available), status)
		c.Bars = append(c.Bars, Bar{Rect: Rect{X: bx, Y: y.y(topV), W: round1(bw), H: round1(y.y(base) - y.y(topV))}, Class: class, Title: title})
		if d := engine.MinDec(drawn[t.Source.ID], t.Available); d.Sign() > 0 {
			c.Bars = append(c.Bars, Bar{Rect: Rect{X: bx, Y: y.y(base.Add(d)), W: round1(bw), H: round1(y.y(base) - y.y(base.Add(d)))},
				Class: "drawn", Title: fmt.Sprintf("%s: %s drawn", t.Source.Name, Money(d))})
		}
		c.Labels = append(c.Labels,
			Label{X: round1(x0 + slot/2), Y: y.y(topV) - 6, Text: Money(t.Available), Class: "value", Anchor: "middle"},
			Label{X: round1(x0 + slot/2), Y: c.Plot.Y + c.Plot.H + 18, Text: clip(t.Source.Name, 26), Class: "xlabel", Anchor: "middle"},
			Label{X: round1(x0 + slot/2), Y: c.Plot.Y + c.Plot.H + 34, Text: status, Class: "xsub", Anchor: "middle"})
		if inTime {
			step = append(step, "H"+num(bx), "V"+num(y.y(topV)))
			base = topV
		}
		desc = append(desc, fmt.Sprintf("%s %s, %s, drawn %s, cumulative in time %s", t.Source.Name, Money(t.Available),
			status, Money(drawn[t.Source.ID]), Money(base)))
	}
	step = append(step, "H"+num(c.Plot.X+c.Plot.W))
	c.Paths = append(c.Paths, Path{D: strings.Join(step, " "), Class: "cum-line"})
	for i, d := range dues {
		yy := y.y(cumDue[i])
		text := fmt.Sprintf("due by %s: %s (%s)", clock(d.Deadline, in.Book.AsOf), Money(cumDue[i]), clip(strings.Join(d.Names, ", "), 40))
		c.Rules = append(c.Rules, Rule{X1: c.Plot.X, Y1: yy, X2: c.Plot.X + c.Plot.W, Y2: yy, Class: "due",
			// The label sits at the left, above the line, where the first
			// (smallest) tiers leave room.
			Label: Label{X: c.Plot.X + 8, Y: yy - 6, Text: text, Class: "due-label", Anchor: "start"}})
		desc = append(desc, text)
	}
	c.Legend = []Legend{{"tier", "available in time"}, {"drawn", "drawn"}, {"tier-late", "too late or withdrawn"},
		{"cum-line", "cumulative in time"}, {"due", "calls due"}}
	c.Desc = "Waterfall, activated at the alert: " + strings.Join(desc, "; ") + "."
	return c
}

// ShortfallChart draws the live shortfall after each decision against
// incident time, as a step (it changes only when a decision is taken),
// with what is due as a dashed step and a vertical line at each deadline.
func (in *Incident) ShortfallChart() Chart {
	c := newChart("shortfall-chart", "Shortfall over time")
	pts := in.Series()
	from := in.Book.AsOf
	to := pts[len(pts)-1].At
	dues := Deadlines(in.Final)
	dues = append(dues, Deadlines(in.Initial)...)
	for _, d := range dues {
		if d.Deadline.After(to) {
			to = d.Deadline
		}
	}
	if !to.After(from) {
		to = from.Add(time.Hour)
	}
	top := decimal.Zero
	for _, p := range pts {
		top = engine.MaxDec(top, engine.MaxDec(p.Due, p.Shortfall))
	}
	y := moneyAxis(&c, top)
	c.YLabel = "shortfall (" + in.Book.Currency + ")"
	x := timeAxis(&c, from, to)
	right := num(c.Plot.X + c.Plot.W)
	sf := []string{"M" + num(x(from)) + " " + num(y.y(pts[0].Shortfall))}
	due := []string{"M" + num(x(from)) + " " + num(y.y(pts[0].Due))}
	var desc []string
	for i, p := range pts {
		if i > 0 {
			sf = append(sf, "H"+num(x(p.At)), "V"+num(y.y(p.Shortfall)))
			due = append(due, "H"+num(x(p.At)), "V"+num(y.y(p.Due)))
		}
		title := fmt.Sprintf("#%d at %s: shortfall %s of %s due", p.Seq, p.At.Format("Mon 15:04:05"), Money(p.Shortfall), Money(p.Due))
		class := "step"
		if i == 0 {
			class, title = "alert", fmt.Sprintf("alert at %s: shortfall %s of %s due", p.At.Format("Mon 15:04:05"), Money(p.Shortfall), Money(p.Due))
		}
		c.Dots = append(c.Dots, Dot{X: x(p.At), Y: y.y(p.Shortfall), Class: class, Title: title})
		desc = append(desc, title)
	}
	sf = append(sf, "H"+right)
	due = append(due, "H"+right)
	area := strings.Join(sf, " ") + " V" + num(y.y(decimal.Zero)) + " H" + num(x(from)) + " Z"
	c.Paths = append(c.Paths, Path{D: area, Class: "shortfall-area"}, Path{D: strings.Join(due, " "), Class: "due-line"},
		Path{D: strings.Join(sf, " "), Class: "shortfall-line"})
	seen := map[time.Time]bool{}
	for _, d := range dues {
		if seen[d.Deadline] || d.Deadline.Before(from) {
			continue
		}
		seen[d.Deadline] = true
		xx := x(d.Deadline)
		label := "deadline " + d.Deadline.Format("15:04") + " " + clip(strings.Join(d.Names, ", "), 30)
		c.Rules = append(c.Rules, Rule{X1: xx, Y1: c.Plot.Y, X2: xx, Y2: c.Plot.Y + c.Plot.H, Class: "deadline",
			Label: Label{X: xx - 4, Y: c.Plot.Y + 12, Text: label, Class: "deadline-label", Anchor: "end"}})
	}
	c.Legend = []Legend{{"shortfall-line", "shortfall after each decision"}, {"due-line", "calls due"}, {"deadline", "deadline"}}
	c.Desc = "Shortfall over incident time: " + strings.Join(desc, "; ") + "."
	return c
}

// clock shows a time of the incident's day as 15:04, and another day's
// with the weekday.
func clock(t, day time.Time) string {
	y1, m1, d1 := t.Date()
	y2, m2, d2 := day.In(t.Location()).Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return t.Format("15:04")
	}
	return t.Format("Mon 15:04")
}
