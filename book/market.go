package book

import (
	"fmt"
	"strings"
	"time"
	// The zones a book names load the same on a machine without a zoneinfo
	// database (a minimal container): Go's own copy is the fallback.
	_ "time/tzdata"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

// commonZones are offered as suggestions for a misspelt zone.
var commonZones = []string{
	"America/New_York", "America/Chicago", "Europe/London", "Europe/Berlin", "Europe/Paris",
	"Europe/Frankfurt", "Europe/Zurich", "Asia/Tokyo", "Asia/Hong_Kong", "Asia/Singapore", "Australia/Sydney", "UTC",
}

// The fields timezone, calendar, holidays and hours say where and when the
// book, a counterparty or a source does business; each is read by a small
// function of its own.

// timezone reads an IANA zone name. "Local" is refused: it would make the
// book mean different instants on different machines.
func (p *parser) timezone(f *fields) *time.Location {
	s, n, ok := f.scalar("timezone")
	if !ok {
		return nil
	}
	if s == "Local" || strings.TrimSpace(s) == "" {
		p.errAt(n, f.at("timezone"), "%q is not an IANA time zone; name one (America/New_York, Europe/London)", s)
		return nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		p.errAt(n, f.at("timezone"), "%q is not an IANA time zone (want e.g. America/New_York, Europe/London, America/Chicago)%s", s, suggest(s, commonZones))
		return nil
	}
	return loc
}

// calendar reads a built-in calendar's name and computes its closures.
func (p *parser) calendar(f *fields) (engine.Calendar, bool) {
	s, n, ok := f.scalar("calendar")
	if !ok {
		return engine.Calendar{}, false
	}
	name, known := canonicalCalendar(s)
	if !known {
		p.errAt(n, f.at("calendar"), "%q is not a calendar warroom knows (%s; add closures with holidays:)%s",
			s, strings.Join(calendarNames(), ", "), suggest(s, calendarNames()))
		return engine.Calendar{}, false
	}
	return builtinCalendar(name, p.fromYear, p.toYear), true
}

// holidays reads a list of extra closures, each YYYY-MM-DD.
func (p *parser) holidays(f *fields) map[engine.Date]string {
	items := f.list("holidays")
	if len(items) == 0 {
		return nil
	}
	out := map[engine.Date]string{}
	seen := map[engine.Date]*yaml.Node{}
	for i, item := range items {
		path := fmt.Sprintf("%s[%d]", f.at("holidays"), i)
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			p.errAt(item, path, "want a date YYYY-MM-DD, got %s", describe(item))
			continue
		}
		t, err := time.Parse("2006-01-02", strings.TrimSpace(item.Value))
		if err != nil {
			p.errAt(item, path, "%q is not a date; want YYYY-MM-DD (2026-12-24)", item.Value)
			continue
		}
		d := engine.DateOf(t)
		if first := seen[d]; first != nil {
			p.errAt(item, path, "%s is listed twice (first at line %d)", d, first.Line)
			continue
		}
		seen[d] = item
		out[d] = "book holiday"
	}
	return out
}

// hours reads operating hours HH:MM-HH:MM.
func (p *parser) hours(f *fields) engine.Hours {
	s, n, ok := f.scalar("hours")
	if !ok {
		return engine.Hours{}
	}
	h, err := engine.ParseHours(s)
	if err != nil {
		p.errAt(n, f.at("hours"), "%v", err)
		return engine.Hours{}
	}
	return h
}

// bookMarket reads the book's own zone, calendar, holidays and hours; a
// zone or calendar not given follows the currency (USD: New York and
// SIFMA; GBP: London and UK bank holidays; EUR: Frankfurt's zone and
// TARGET2). Another currency keeps the offsets its times are written in
// and a Monday-to-Friday week.
func (p *parser) bookMarket(f *fields, currency string, asOf time.Time) engine.Market {
	p.fromYear, p.toYear = holidayYears(asOf)
	def, hasDef := currencyDefaults[currency]
	var m engine.Market
	if m.Zone = p.timezone(f); m.Zone == nil && f.get("timezone") == nil && hasDef {
		m.Zone, _ = time.LoadLocation(def.zone)
	}
	c, ok := p.calendar(f)
	if !ok && f.get("calendar") == nil && hasDef {
		c, ok = builtinCalendar(def.calendar, p.fromYear, p.toYear), true
	}
	if extra := p.holidays(f); extra != nil {
		if !ok {
			c, ok = engine.NewCalendar("weekdays", nil), true
		}
		c = c.WithHolidays(extra)
	}
	if ok {
		m.Calendars = []engine.Calendar{c}
	}
	m.Hours = p.hours(f)
	p.market = m
	return m
}

// ownMarket reads a counterparty's or a source's zone, calendar, holidays
// and hours: what it names, the rest left to the book's. Its own calendar
// joins the book's rather than replacing it: everything settles in the
// book's currency, so a cross-border source is open only when both are.
func (p *parser) ownMarket(f *fields) engine.Market {
	var m engine.Market
	m.Zone = p.timezone(f)
	c, ok := p.calendar(f)
	if extra := p.holidays(f); extra != nil {
		if !ok {
			c, ok = engine.NewCalendar("holidays", nil), true
		}
		c = c.WithHolidays(extra)
	}
	if ok {
		m.Calendars = []engine.Calendar{c}
		for _, bc := range p.market.Calendars {
			if bc.Name != c.Name {
				m.Calendars = append(m.Calendars, bc)
			}
		}
	}
	m.Hours = p.hours(f)
	return m
}

// inZone is t in the book's zone, when the book has one: the same instant,
// shown and moved on the book's wall clock.
func (p *parser) inZone(t time.Time) time.Time {
	if p.market.Zone == nil || t.IsZero() {
		return t
	}
	return t.In(p.market.Zone)
}

// lodgement reads a counterparty's cut-off for lodging securities.
func (p *parser) lodgement(f *fields, c *engine.Counterparty) {
	s, n, ok := f.scalar("lodgement_cutoff")
	if !ok {
		return
	}
	cut, err := engine.ParseCutoff(s)
	if err != nil {
		p.errAt(n, f.at("lodgement_cutoff"), "%v", err)
		return
	}
	c.Lodgement, c.HasLodgement = cut, true
}

// notice reads a source's notice cut-off (a credit line's).
func (p *parser) notice(f *fields, s *engine.Source) {
	txt, n, ok := f.scalar("notice_cutoff")
	if !ok {
		return
	}
	cut, err := engine.ParseCutoff(txt)
	if err != nil {
		p.errAt(n, f.at("notice_cutoff"), "%v", err)
		return
	}
	s.Notice, s.HasNotice = cut, true
}
