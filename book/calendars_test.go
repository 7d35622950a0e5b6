package book

import (
	"testing"
	"time"

	"github.com/warroom/warroom/engine"
)

// TestBuiltinCalendars2026 checks every shipped calendar against its 2026
// closures, listed by hand from the exchanges' and central banks' published
// schedules. 2026: New Year's Day Thursday 1 January; Easter Sunday 5 April
// (Good Friday 3 April, Easter Monday 6 April); Independence Day Saturday 4
// July (NYSE and SIFMA close Friday 3 July; the Federal Reserve, open on
// Friday, observes nothing); Veterans Day Wednesday 11 November;
// Thanksgiving Thursday 26 November; Christmas Friday 25 December, Boxing
// Day Saturday 26 (UK observes Monday 28; TARGET2 has no substitute).
// Weekend dates are not listed: a weekend is closed anyway.
func TestBuiltinCalendars2026(t *testing.T) {
	want := map[string][]string{
		"US-NYSE": {"2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19",
			"2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"},
		"US-SIFMA": {"2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19",
			"2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"},
		"US-FED": {"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19",
			"2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"},
		"CME": {"2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19",
			"2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"},
		"UK": {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
			"2026-12-25", "2026-12-28"},
		"TARGET2":  {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-12-25"}, // 26 December is a Saturday
		"weekdays": {},
	}
	for name, days := range want {
		c := builtinCalendar(name, 2026, 2026)
		var got []string
		for _, d := range c.Holidays() {
			if d.Year == 2026 {
				got = append(got, d.String())
			}
		}
		if len(got) != len(days) {
			t.Errorf("%s 2026: %v, want %v", name, got, days)
			continue
		}
		for i := range days {
			if got[i] != days[i] {
				t.Errorf("%s 2026: %v, want %v", name, got, days)
				break
			}
		}
	}
	// 2022: New Year's Day on a Saturday closes nothing on Friday 31
	// December 2021 at NYSE (the markets' rule), and Juneteenth, Sunday 19
	// June 2022, is observed Monday 20 June (markets closed from 2022).
	nyse := builtinCalendar("US-NYSE", 2021, 2022)
	if _, ok := nyse.Holiday(engine.Date{Year: 2021, Month: time.December, Day: 31}); ok {
		t.Error("NYSE closed on Friday 31 December 2021")
	}
	if _, ok := nyse.Holiday(engine.Date{Year: 2022, Month: time.June, Day: 20}); !ok {
		t.Error("NYSE open on Monday 20 June 2022 (Juneteenth observed)")
	}
	if _, ok := nyse.Holiday(engine.Date{Year: 2021, Month: time.June, Day: 18}); ok {
		t.Error("NYSE closed for Juneteenth 2021, before it observed it")
	}
}

func TestCalendarAliases(t *testing.T) {
	for alias, want := range map[string]string{"US": "US-SIFMA", "nyse": "US-NYSE", "GB": "UK", "ECB": "TARGET2", "cme": "CME", "Fedwire": "US-FED"} {
		if got, ok := canonicalCalendar(alias); !ok || got != want {
			t.Errorf("%s: %s %v, want %s", alias, got, ok, want)
		}
	}
	if _, ok := canonicalCalendar("MARS"); ok {
		t.Error("MARS is a calendar")
	}
}
