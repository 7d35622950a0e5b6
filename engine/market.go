package engine

import (
	"fmt"
	"strings"
	"time"
)

// A Market is where and when a counterparty or a source does business: the
// time zone its cut-offs are wall times in, the calendars whose business
// days it keeps, and its operating hours. A day is a business day only when
// it is one in every calendar: a cross-border source settles when both
// sides are open. The zero Market is the instant's own zone, Monday to
// Friday, 08:00–17:00.
type Market struct {
	Zone      *time.Location
	Calendars []Calendar
	Hours     Hours
}

// Hours are the local wall times between which a source deals (a repo desk
// 07:00–15:00, Fedwire funds until 18:00). The zero Hours are DefaultHours.
type Hours struct{ Open, Close Cutoff }

// DefaultHours are a source's hours when the book gives none: 08:00–17:00
// local on business days.
var DefaultHours = Hours{Open: Cutoff{Hour: 8}, Close: Cutoff{Hour: 17}}

// IsZero reports whether no hours were given.
func (h Hours) IsZero() bool { return h == Hours{} }

func (h Hours) orDefault() Hours {
	if h.IsZero() {
		return DefaultHours
	}
	return h
}

// String renders the hours as HH:MM-HH:MM.
func (h Hours) String() string { h = h.orDefault(); return h.Open.String() + "-" + h.Close.String() }

// ParseHours reads "HH:MM-HH:MM"; the opening must come before the close
// (a session does not run over midnight).
func ParseHours(s string) (Hours, error) {
	open, closing, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Hours{}, fmt.Errorf("hours %q: want HH:MM-HH:MM (08:00-17:00)", s)
	}
	o, err := ParseCutoff(open)
	if err != nil {
		return Hours{}, fmt.Errorf("hours %q: opening: %w", s, err)
	}
	c, err := ParseCutoff(closing)
	if err != nil {
		return Hours{}, fmt.Errorf("hours %q: close: %w", s, err)
	}
	if !o.before(c) {
		return Hours{}, fmt.Errorf("hours %q: the opening must come before the close", s)
	}
	return Hours{Open: o, Close: c}, nil
}

func (c Cutoff) before(d Cutoff) bool {
	return c.Hour < d.Hour || (c.Hour == d.Hour && c.Minute < d.Minute)
}

// In is t in the market's zone (t's own when the market has none).
func (m Market) In(t time.Time) time.Time {
	if m.Zone == nil {
		return t
	}
	return t.In(m.Zone)
}

func (m Market) zoneFor(t time.Time) *time.Location {
	if m.Zone == nil {
		return t.Location()
	}
	return m.Zone
}

// IsBusinessDay reports whether every calendar of the market is open on d.
func (m Market) IsBusinessDay(d Date) bool {
	if len(m.Calendars) == 0 {
		return Calendar{}.IsBusinessDay(d)
	}
	for _, c := range m.Calendars {
		if !c.IsBusinessDay(d) {
			return false
		}
	}
	return true
}

// NextBusinessDay is the first business day after d.
func (m Market) NextBusinessDay(d Date) Date {
	d = d.AddDays(1)
	// A year of closures in a row is no calendar: stop rather than spin.
	for i := 0; i < 366 && !m.IsBusinessDay(d); i++ {
		d = d.AddDays(1)
	}
	return d
}

// AddBusinessDays moves d forward n business days (n = 0: d itself).
func (m Market) AddBusinessDays(d Date, n int) Date {
	for i := 0; i < n; i++ {
		d = m.NextBusinessDay(d)
	}
	return d
}

// At is the instant of wall time c on day d in zone loc. Building it from
// the calendar day keeps a cut-off at its local wall time across a
// daylight-saving change.
func At(d Date, c Cutoff, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, loc)
}

// Arrival is when money activated at `at` arrives from a source trading in
// this market. T+n rolls an activation after the cut-off, or on a day that
// is not a business day, to the next business day, counts n business days
// and arrives at the cut-off, a local wall time in the market's zone. A
// plain duration runs inside the market's hours on business days: a
// request outside them, or one that cannot complete before the close, is
// dealt at the next opening (market practice: a repo or a drawdown is dealt
// and settled within a session); one longer than a whole session accrues
// across sessions. Immediate money (0s) is at hand whatever the hour.
func (m Market) Arrival(a Access, at time.Time, cutoff Cutoff) time.Time {
	loc := m.zoneFor(at)
	local := at.In(loc)
	if a.Settle {
		day := DateOf(local)
		if !m.IsBusinessDay(day) || local.After(At(day, cutoff, loc)) {
			day = m.NextBusinessDay(day)
		}
		return At(m.AddBusinessDays(day, a.Days), cutoff, loc)
	}
	if a.Duration == 0 {
		return at
	}
	h := m.Hours.orDefault()
	day := DateOf(local)
	start := local
	switch {
	case !m.IsBusinessDay(day) || !local.Before(At(day, h.Close, loc)):
		day = m.NextBusinessDay(day)
		start = At(day, h.Open, loc)
	case local.Before(At(day, h.Open, loc)):
		start = At(day, h.Open, loc)
	}
	if end := start.Add(a.Duration); !end.After(At(day, h.Close, loc)) {
		return end
	}
	next := m.NextBusinessDay(day)
	open := At(next, h.Open, loc)
	if session := At(next, h.Close, loc).Sub(open); a.Duration <= session {
		return open.Add(a.Duration)
	}
	// Longer than a session: what runs today, then whole sessions.
	left := a.Duration - At(day, h.Close, loc).Sub(start)
	for i := 0; i < 3660; i++ {
		open = At(next, h.Open, loc)
		session := At(next, h.Close, loc).Sub(open)
		if left <= session {
			return open.Add(left)
		}
		left -= session
		next = m.NextBusinessDay(next)
	}
	return open.Add(left)
}

// Shift moves t n business days (negative: back), keeping its wall time in
// the market's zone: the next day's session at the same local hour.
func (m Market) Shift(t time.Time, n int) time.Time {
	local := m.In(t)
	d := DateOf(local)
	for ; n > 0; n-- {
		d = m.NextBusinessDay(d)
	}
	for ; n < 0; n++ {
		d = d.AddDays(-1)
		for i := 0; i < 366 && !m.IsBusinessDay(d); i++ {
			d = d.AddDays(-1)
		}
	}
	return time.Date(d.Year, d.Month, d.Day, local.Hour(), local.Minute(), local.Second(), local.Nanosecond(), local.Location())
}

// MarketOf is a counterparty's market: its own zone, calendars and hours,
// each falling back to the book's.
func (b *Book) MarketOf(c Counterparty) Market { return b.Market.under(c.Market) }

// SourceMarket is a source's market: its own zone, calendars and hours,
// each falling back to the book's.
func (b *Book) SourceMarket(s Source) Market { return b.Market.under(s.Market) }

// under is m's defaults beneath own's explicit fields.
func (m Market) under(own Market) Market {
	if own.Zone == nil {
		own.Zone = m.Zone
	}
	if len(own.Calendars) == 0 {
		own.Calendars = m.Calendars
	}
	if own.Hours.IsZero() {
		own.Hours = m.Hours
	}
	return own
}

// SourceArrival is when money drawn from a source at `at` arrives, in the
// book's zone: T+n in the source's business days at the settlement
// cut-off, a plain duration inside the source's hours. An asset sale's
// proceeds arrive when the position's sale settles (its liquidity settle,
// T+2 for a stock), whatever the source's access says: cash for a sale is
// not there before the sale settles.
func (b *Book) SourceArrival(s Source, at time.Time) time.Time {
	m := b.SourceMarket(s)
	a := s.Access
	if s.Kind == SourceAssetSale {
		if p, ok := b.Position(s.Position); ok {
			a = p.Liquidity.Settle
		}
	}
	if s.HasNotice {
		// Notice after the cut-off is dealt from the next business day's
		// opening.
		loc := m.zoneFor(at)
		day := DateOf(at.In(loc))
		if !m.IsBusinessDay(day) || at.After(At(day, s.Notice, loc)) {
			at = At(m.NextBusinessDay(day), m.Hours.orDefault().Open, loc)
		}
	}
	return b.Market.In(m.Arrival(a, at, b.Cutoff))
}

// CounterpartyArrival is when a payment from a counterparty (VM it owes,
// collateral it returns) with settlement access a, starting at `at`,
// reaches the firm, in the book's zone: in the counterparty's business
// days, at the settlement cut-off.
func (b *Book) CounterpartyArrival(c Counterparty, a Access, at time.Time) time.Time {
	return b.Market.In(b.MarketOf(c).Arrival(a, at, b.Cutoff))
}

// Settlement is how the book settles a sale: in its own market at its
// settlement cut-off.
func (b *Book) Settlement() Settlement { return Settlement{Market: b.Market, Cutoff: b.Cutoff} }

// Settlement is a market and the cut-off at which its T+n settlements
// arrive.
type Settlement struct {
	Market Market
	Cutoff Cutoff
}

// Arrival is when something settling with access a, started at `at`,
// arrives.
func (s Settlement) Arrival(a Access, at time.Time) time.Time {
	return s.Market.In(s.Market.Arrival(a, at, s.Cutoff))
}
