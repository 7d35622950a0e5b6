package book

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
	"github.com/rickar/cal/v2/ecb"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/us"

	"github.com/warroom/warroom/engine"
)

// The built-in calendars. The holiday rules come from
// github.com/rickar/cal/v2; the exchange and settlement calendars it does
// not define (NYSE, SIFMA, the Federal Reserve's, CME) are assembled here
// from its holiday definitions, with each market's own weekend rule.
var (
	// A Saturday holiday moves to Friday and a Sunday one to Monday (NYSE,
	// SIFMA), except New Year's Day on a Saturday, which closes nothing.
	weekendAlt  = []cal.AltDay{{Day: time.Saturday, Offset: -1}, {Day: time.Sunday, Offset: 1}}
	sundayOnly  = []cal.AltDay{{Day: time.Sunday, Offset: 1}}
	juneteenth  = us.Juneteenth.Clone(&cal.Holiday{StartYear: 2022}) // markets closed from 2022
	nyseRules   = []*cal.Holiday{us.NewYear.Clone(&cal.Holiday{Observed: sundayOnly}), us.MlkDay, us.PresidentsDay, aa.GoodFriday.Clone(&cal.Holiday{Name: "Good Friday"}), us.MemorialDay, juneteenth, us.IndependenceDay, us.LaborDay, us.ThanksgivingDay, us.ChristmasDay.Clone(&cal.Holiday{Observed: weekendAlt})}
	columbus    = us.ColumbusDay
	veterans    = us.VeteransDay.Clone(&cal.Holiday{Observed: weekendAlt})
	sifmaRules  = append(slices.Clone(nyseRules), columbus, veterans)
	fedRules    = fedwire()
	builtinCals = map[string][]*cal.Holiday{
		"US-NYSE":  nyseRules,
		"US-SIFMA": sifmaRules,
		"US-FED":   fedRules,
		"CME":      append(slices.Clone(nyseRules), fedRules...),
		"UK":       gb.Holidays,
		"TARGET2":  ecb.Holidays,
		"weekdays": nil,
	}
	calendarAliases = map[string]string{
		"US": "US-SIFMA", "SIFMA": "US-SIFMA", "NYSE": "US-NYSE", "FED": "US-FED", "FEDWIRE": "US-FED",
		"GB": "UK", "ECB": "TARGET2", "TARGET": "TARGET2",
	}
)

// fedwire is the Federal Reserve's holiday schedule: the federal holidays,
// a Sunday one observed on Monday, a Saturday one not at all (the Reserve
// Banks open the Friday before).
func fedwire() []*cal.Holiday {
	var out []*cal.Holiday
	for _, h := range []*cal.Holiday{us.NewYear, us.MlkDay, us.PresidentsDay, us.MemorialDay, us.Juneteenth,
		us.IndependenceDay, us.LaborDay, us.ColumbusDay, us.VeteransDay, us.ThanksgivingDay, us.ChristmasDay} {
		out = append(out, h.Clone(&cal.Holiday{Observed: sundayOnly}))
	}
	return out
}

// calendarNames lists the names a book may give, canonical names first.
func calendarNames() []string {
	names := make([]string, 0, len(builtinCals))
	for n := range builtinCals {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// canonicalCalendar resolves an alias; ok is false for an unknown name.
func canonicalCalendar(name string) (string, bool) {
	if _, ok := builtinCals[name]; ok {
		return name, true
	}
	for alias, canon := range calendarAliases {
		if strings.EqualFold(alias, name) {
			return canon, true
		}
	}
	for n := range builtinCals {
		if strings.EqualFold(n, name) {
			return n, true
		}
	}
	return "", false
}

// holidayYears is the span of years a book's calendars are computed for:
// a year before the alert (a T+n never looks back further) to ten after
// (the longest horizon a sweep or a drill runs).
func holidayYears(asOf time.Time) (from, to int) {
	y := asOf.Year()
	if asOf.IsZero() {
		y = 2026
	}
	return y - 1, y + 10
}

// builtinCalendar computes a named calendar's closures over the years.
func builtinCalendar(name string, from, to int) engine.Calendar {
	days := map[engine.Date]string{}
	for _, h := range builtinCals[name] {
		for y := from; y <= to; y++ {
			act, obs := h.Calc(y)
			if obs.IsZero() {
				obs = act
			}
			if obs.IsZero() {
				continue
			}
			d := engine.DateOf(obs)
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue // closed anyway: a weekend is no business day
			}
			if _, taken := days[d]; !taken {
				days[d] = h.Name
			}
		}
	}
	return engine.NewCalendar(name, days)
}

// currencyDefaults are the zone and calendar a book keeps when it names
// none: the settling currency's home market.
var currencyDefaults = map[string]struct{ zone, calendar string }{
	"USD": {"America/New_York", "US-SIFMA"},
	"GBP": {"Europe/London", "UK"},
	"EUR": {"Europe/Berlin", "TARGET2"},
}
