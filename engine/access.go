package engine

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Access is how long after activation a source's money (or a sale's
// proceeds) arrives: either a plain duration ("0s", "3h") or a settlement
// cycle T+n, which arrives on the n-th business day after activation at the
// book's settlement cut-off.
type Access struct {
	// Settle is true for T+n; Days is n.
	Settle bool
	Days   int
	// Duration is the delay of a plain duration access.
	Duration time.Duration
}

// ParseAccess reads "T+n" or a Go duration. Negative delays are refused.
func ParseAccess(s string) (Access, error) {
	t := strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(t, "T+"); ok {
		n, err := strconv.Atoi(rest)
		if err != nil || n < 0 || n > 30 || rest != strconv.Itoa(n) {
			return Access{}, fmt.Errorf("settlement %q: want T+0 … T+30", s)
		}
		return Access{Settle: true, Days: n}, nil
	}
	d, err := time.ParseDuration(t)
	if err != nil {
		return Access{}, fmt.Errorf("duration %q: want a Go duration (0s, 90m, 3h) or T+n", s)
	}
	if d < 0 {
		return Access{}, fmt.Errorf("duration %q: must not be negative", s)
	}
	return Access{Duration: d}, nil
}

// String renders the access the way a book writes it.
func (a Access) String() string {
	if a.Settle {
		return fmt.Sprintf("T+%d", a.Days)
	}
	if a.Duration == 0 {
		return "immediate"
	}
	return formatDuration(a.Duration)
}

func formatDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	if s == "" {
		return "0s"
	}
	return s
}

// Arrival is when money activated at `at` arrives. A plain duration arrives
// that long after activation. T+n rolls an activation after the cut-off, or
// on a weekend, to the next business day, then counts n business days, and
// arrives at the cut-off in the activation's time zone. Holidays are not
// modelled: business days are Monday to Friday.
func (a Access) Arrival(at time.Time, cutoff Cutoff) time.Time {
	if !a.Settle {
		return at.Add(a.Duration)
	}
	day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, at.Location())
	cut := day.Add(time.Duration(cutoff.Hour)*time.Hour + time.Duration(cutoff.Minute)*time.Minute)
	if !isBusinessDay(day) || at.After(cut) {
		day = nextBusinessDay(day)
	}
	for i := 0; i < a.Days; i++ {
		day = nextBusinessDay(day)
	}
	// Build from the calendar date so that a daylight-saving change between
	// activation and arrival keeps the cut-off at its local wall time.
	return time.Date(day.Year(), day.Month(), day.Day(), cutoff.Hour, cutoff.Minute, 0, 0, at.Location())
}

func isBusinessDay(t time.Time) bool {
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

func nextBusinessDay(t time.Time) time.Time {
	t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, t.Location())
	for !isBusinessDay(t) {
		t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, t.Location())
	}
	return t
}

// ParseCutoff reads "HH:MM".
func ParseCutoff(s string) (Cutoff, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return Cutoff{}, fmt.Errorf("cut-off %q: want HH:MM", s)
	}
	return Cutoff{Hour: t.Hour(), Minute: t.Minute()}, nil
}

// String renders the cut-off as HH:MM.
func (c Cutoff) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }
