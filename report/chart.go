package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Chart is an SVG chart laid out in user units: the template draws it
// without computing anything. Geometry is float64 (pixels); every figure a
// reader sees (labels, titles) is formatted from the exact decimals.
type Chart struct {
	ID, Title, Desc string
	W, H            float64
	Plot            Rect // the plotting area inside the axes
	YTicks, XTicks  []Tick
	YLabel          string
	Bars            []Bar
	Rules           []Rule
	Paths           []Path
	Dots            []Dot
	Labels          []Label
	Legend          []Legend
}

// Rect is an area in user units.
type Rect struct{ X, Y, W, H float64 }

// Tick is one axis graduation and its label.
type Tick struct {
	Pos   float64
	Label string
}

// Bar is a rectangle with a tooltip (its SVG title).
type Bar struct {
	Rect
	Class, Title string
}

// Rule is a reference line (a deadline, a call due) with its label.
type Rule struct {
	X1, Y1, X2, Y2 float64
	Class          string
	Label          Label
}

// Path is a drawn line or area; D holds only numbers and path commands.
type Path struct{ D, Class string }

// Dot marks a data point.
type Dot struct {
	X, Y         float64
	Class, Title string
}

// Label is text at a point; Anchor is start, middle or end.
type Label struct {
	X, Y                float64
	Text, Class, Anchor string
}

// Legend is one key of the chart's legend.
type Legend struct{ Class, Text string }

// Layout of both charts: wide enough for money labels on the left, and
// the x labels (two lines) below.
const (
	chartW, chartH               = 960.0, 380.0
	padL, padR, padTop, padBelow = 96.0, 24.0, 28.0, 58.0
)

func newChart(id, title string) Chart {
	return Chart{ID: id, Title: title, W: chartW, H: chartH,
		Plot: Rect{X: padL, Y: padTop, W: chartW - padL - padR, H: chartH - padTop - padBelow}}
}

// yScale maps money onto the plot, 0 at the bottom and top at the top.
type yScale struct {
	plot Rect
	top  float64
}

func (s yScale) y(v decimal.Decimal) float64 {
	f := v.InexactFloat64()
	if f < 0 {
		f = 0
	}
	return round1(s.plot.Y + s.plot.H - f/s.top*s.plot.H)
}

// moneyAxis picks round tick values (1, 2 or 5 × 10^k) from zero to at
// least max, and the scale they imply.
func moneyAxis(c *Chart, max decimal.Decimal) yScale {
	m := max.InexactFloat64()
	if m <= 0 {
		m = 1
	}
	raw := m / 5
	k := math.Floor(math.Log10(raw))
	mult := int64(1)
	for _, x := range []int64{1, 2, 5, 10} {
		mult = x
		if float64(x)*math.Pow(10, k) >= raw {
			break
		}
	}
	step := decimal.New(mult, int32(k))
	var top decimal.Decimal
	for top.Cmp(max) < 0 || top.IsZero() {
		top = top.Add(step)
	}
	s := yScale{plot: c.Plot, top: top.InexactFloat64()}
	for v := decimal.Zero; v.Cmp(top) <= 0; v = v.Add(step) {
		c.YTicks = append(c.YTicks, Tick{Pos: s.y(v), Label: Money(v)})
	}
	return s
}

// timeAxis picks ticks at a round interval between from and to (at most
// about ten), labelled by clock time, with the day when it spans days.
func timeAxis(c *Chart, from, to time.Time) func(time.Time) float64 {
	span := to.Sub(from)
	x := func(t time.Time) float64 {
		return round1(c.Plot.X + float64(t.Sub(from))/float64(span)*c.Plot.W)
	}
	step := 24 * time.Hour
	for _, d := range []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute,
		time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour} {
		if span/d <= 10 {
			step = d
			break
		}
	}
	layout := "15:04"
	if span > 20*time.Hour {
		layout = "Mon 15:04"
	}
	for t := from.Truncate(step); !t.After(to); t = t.Add(step) {
		if !t.Before(from) {
			c.XTicks = append(c.XTicks, Tick{Pos: x(t), Label: t.In(from.Location()).Format(layout)})
		}
	}
	return x
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// num renders a coordinate for a path: one decimal at most.
func num(f float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", f), ".0") }

// clip shortens a label to n runes for a chart, where space is fixed.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Positions the template needs, derived from the plot area.
func (c Chart) PlotRight() float64  { return c.Plot.X + c.Plot.W }
func (c Chart) PlotBottom() float64 { return c.Plot.Y + c.Plot.H }
func (c Chart) TickEnd() float64    { return c.Plot.Y + c.Plot.H + 5 }
func (c Chart) XLabelY() float64    { return c.Plot.Y + c.Plot.H + 20 }
func (c Chart) YLabelX() float64    { return c.Plot.X - 8 }
