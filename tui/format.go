package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// whole renders money for dense tables (units, separators, negatives in
// parentheses); exact renders it to the cent for prompts and messages.
func whole(d decimal.Decimal) string { return engine.FormatWhole(d) }
func exact(d decimal.Decimal) string { return engine.FormatMoney(d) }

// clock renders an incident time as HH:MM, with the weekday when it is not
// the same day as now (a T+2 arrival must not read like today).
func clock(t, now time.Time) string {
	if t.IsZero() {
		return "—"
	}
	if now.IsZero() {
		now = t
	}
	t = t.In(now.Location())
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return t.Format("15:04")
	}
	return t.Format("Mon 15:04")
}

// countdown renders the time to a deadline: "7h59m left", "45m left",
// "OVERDUE 12m".
func countdown(deadline, now time.Time) string {
	if deadline.IsZero() {
		return "no deadline"
	}
	d := deadline.Sub(now)
	if d < 0 {
		return "OVERDUE " + span(-d)
	}
	return span(d) + " left"
}

// callLeft is a call's time-left cell: the countdown, but a call whose
// deadline has passed with nothing short was met, not overdue ("passed
// 1h00m"); only a short one past its deadline is OVERDUE.
func callLeft(deadline, now time.Time, short decimal.Decimal) (string, tone) {
	left := countdown(deadline, now)
	switch {
	case !strings.HasPrefix(left, "OVERDUE"):
		return left, toneNone
	case short.Sign() <= 0:
		// The row's short column says "✓ met"; this says when it passed.
		return "passed " + span(now.Sub(deadline)), toneMuted
	}
	return left, toneBreach
}

func span(d time.Duration) string {
	d = d.Truncate(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h >= 48:
		return fmt.Sprintf("%dd%dh", h/24, h%24)
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	}
	return fmt.Sprintf("%dm", m)
}

// pct renders a fraction as a percentage with one decimal.
func pct(d decimal.Decimal) string {
	return d.Mul(decimal.NewFromInt(100)).StringFixed(1) + "%"
}

// pct2 renders a small rate (an impact cost) with two decimals.
func pct2(d decimal.Decimal) string {
	return d.Mul(decimal.NewFromInt(100)).StringFixed(2) + "%"
}

// ratio is a/b as a percentage, "—" when b is zero.
func ratio(a, b decimal.Decimal) string {
	if b.Sign() <= 0 {
		return "—"
	}
	return pct(a.DivRound(b, 4))
}

// fit pads or truncates s (which may carry ANSI styles) to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-sw)
}

// fitRight right-aligns s in w cells (numbers line up on the units).
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-sw) + s
}

// clip truncates s to at most w cells without padding.
func clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}
