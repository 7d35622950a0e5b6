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

// Arrival times are a market's: see Market.Arrival and Book.SourceArrival,
// which count business days in the source's calendars and run durations
// inside its hours.

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
