package engine

import (
	"fmt"
	"sort"
	"time"
)

// A Date is a calendar day with no time and no zone: the day a market is
// open or closed, whatever the instant.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// AddDays moves the date n calendar days (negative: back).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday is the day of the week of the date.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// String renders the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// A Calendar is a market's business days: Monday to Friday less its
// holidays. The engine is given the holidays as data (the book loader
// derives them from a holiday library and the book's own lists); the zero
// Calendar has none, which is the Monday-to-Friday week.
type Calendar struct {
	Name     string
	holidays map[Date]string
}

// NewCalendar is a calendar with the given holidays (date → name). The map
// is copied: a calendar never changes once made.
func NewCalendar(name string, holidays map[Date]string) Calendar {
	c := Calendar{Name: name, holidays: make(map[Date]string, len(holidays))}
	for d, n := range holidays {
		c.holidays[d] = n
	}
	return c
}

// WithHolidays is the calendar with more closures added (a book's own
// `holidays:` list on top of a built-in calendar).
func (c Calendar) WithHolidays(extra map[Date]string) Calendar {
	out := NewCalendar(c.Name, c.holidays)
	for d, n := range extra {
		out.holidays[d] = n
	}
	return out
}

// IsBusinessDay reports whether the market is open on d.
func (c Calendar) IsBusinessDay(d Date) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, closed := c.holidays[d]
	return !closed
}

// Holiday names the closure on d, if there is one.
func (c Calendar) Holiday(d Date) (string, bool) {
	n, ok := c.holidays[d]
	return n, ok
}

// Holidays lists the calendar's closures in date order.
func (c Calendar) Holidays() []Date {
	out := make([]Date, 0, len(c.holidays))
	for d := range c.holidays {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}
