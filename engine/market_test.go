package engine_test

import (
	"testing"
	"time"
	_ "time/tzdata" // the engine is given zones; its tests load them anywhere

	"github.com/warroom/warroom/engine"
)

// The zones the tests need; the engine is given them as data, as the book
// loader gives them.
func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func day(y int, m time.Month, day int) engine.Date { return engine.Date{Year: y, Month: m, Day: day} }

// Hand-listed 2026 closures, as the book loader derives them from the
// holiday library: SIFMA (US bonds), UK bank holidays, TARGET2.
func sifma2026() engine.Calendar {
	return engine.NewCalendar("US-SIFMA", map[engine.Date]string{
		day(2026, 1, 1): "New Year's Day", day(2026, 1, 19): "Martin Luther King Jr. Day",
		day(2026, 2, 16): "Presidents' Day", day(2026, 4, 3): "Good Friday",
		day(2026, 5, 25): "Memorial Day", day(2026, 6, 19): "Juneteenth",
		day(2026, 7, 3): "Independence Day (observed)", day(2026, 9, 7): "Labor Day",
		day(2026, 10, 12): "Columbus Day", day(2026, 11, 11): "Veterans Day",
		day(2026, 11, 26): "Thanksgiving Day", day(2026, 12, 25): "Christmas Day",
	})
}

func uk2026() engine.Calendar {
	return engine.NewCalendar("UK", map[engine.Date]string{
		day(2026, 1, 1): "New Year's Day", day(2026, 4, 3): "Good Friday", day(2026, 4, 6): "Easter Monday",
		day(2026, 5, 4): "Early May", day(2026, 5, 25): "Spring", day(2026, 8, 31): "Summer",
		day(2026, 12, 25): "Christmas Day", day(2026, 12, 28): "Boxing Day (observed)",
	})
}

func target2026() engine.Calendar {
	return engine.NewCalendar("TARGET2", map[engine.Date]string{
		day(2026, 1, 1): "New Year's Day", day(2026, 4, 3): "Good Friday", day(2026, 4, 6): "Easter Monday",
		day(2026, 5, 1): "Labour Day", day(2026, 12, 25): "Christmas Day", day(2026, 12, 26): "Christmas Holiday",
	})
}

func atT(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSettlementAcrossCalendarsAndDST works T+n by hand, each date written
// out. 2026: US DST starts Sunday 8 March and ends Sunday 1 November; EU
// DST starts Sunday 29 March and ends Sunday 25 October. Between 8 and 29
// March New York is four hours behind London, not five.
func TestSettlementAcrossCalendarsAndDST(t *testing.T) {
	ny, ldn, fra := zone(t, "America/New_York"), zone(t, "Europe/London"), zone(t, "Europe/Berlin")
	us := engine.Market{Zone: ny, Calendars: []engine.Calendar{sifma2026()}}
	uk := engine.Market{Zone: ldn, Calendars: []engine.Calendar{uk2026()}}
	eu := engine.Market{Zone: fra, Calendars: []engine.Calendar{target2026()}}
	ukus := engine.Market{Zone: ldn, Calendars: []engine.Calendar{uk2026(), sifma2026()}}
	cut := engine.Cutoff{Hour: 15}
	cases := []struct {
		name   string
		m      engine.Market
		access string
		at     string
		want   string
	}{
		// Friday 6 March 10:00 EST (−05:00), T+1: Monday 9 March, after the
		// US change, 15:00 EDT = 19:00Z. A fixed −05:00 offset would say
		// 20:00Z (16:00 EDT): an hour late.
		{"T+1 over the US DST change", us, "T+1", "2026-03-06T10:00:00-05:00", "2026-03-09T15:00:00-04:00"},
		// Friday 27 March 10:00 GMT (+00:00), T+1: Monday 30 March, after
		// the EU change, 15:00 BST = 14:00Z, three weeks after New York's.
		{"T+1 over the EU DST change", uk, "T+1", "2026-03-27T10:00:00Z", "2026-03-30T15:00:00+01:00"},
		// The same instant in Frankfurt: 11:00 CET, T+1 Monday 15:00 CEST = 13:00Z.
		{"T+1 over the EU DST change, TARGET2", eu, "T+1", "2026-03-27T10:00:00Z", "2026-03-30T15:00:00+02:00"},
		// Friday 22 May, T+1: Monday 25 May is Memorial Day: Tuesday 26 May.
		{"Memorial Day", us, "T+1", "2026-05-22T10:00:00-04:00", "2026-05-26T15:00:00-04:00"},
		// Wednesday 25 November, T+1: Thursday 26 is Thanksgiving: Friday 27.
		{"Thanksgiving", us, "T+1", "2026-11-25T10:00:00-05:00", "2026-11-27T15:00:00-05:00"},
		// Thursday 2 April, T+1: Good Friday 3 April closed; Monday 6 April
		// (Easter Monday is a US business day).
		{"Good Friday, US", us, "T+1", "2026-04-02T10:00:00-04:00", "2026-04-06T15:00:00-04:00"},
		// The same in TARGET2: Easter Monday closed too: Tuesday 7 April.
		{"Good Friday and Easter Monday, TARGET2", eu, "T+1", "2026-04-02T10:00:00+02:00", "2026-04-07T15:00:00+02:00"},
		// Friday 28 August, T+1: Monday 31 August is a UK bank holiday and
		// a US business day. US alone: Monday; UK: Tuesday 1 September.
		{"UK bank holiday, US calendar", us, "T+1", "2026-08-28T10:00:00-04:00", "2026-08-31T15:00:00-04:00"},
		{"UK bank holiday, UK calendar", uk, "T+1", "2026-08-28T10:00:00+01:00", "2026-09-01T15:00:00+01:00"},
		// Cross-border (both calendars): Friday 1 May, T+1; Monday 4 May is
		// the UK's Early May holiday: Tuesday 5 May.
		{"cross-border needs both", ukus, "T+1", "2026-05-01T09:00:00+01:00", "2026-05-05T15:00:00+01:00"},
		// T+0 activated on a holiday rolls to the next business day:
		// Monday 25 May (Memorial Day) → Tuesday 26 May at the cut-off.
		{"T+0 on a holiday", us, "T+0", "2026-05-25T09:00:00-04:00", "2026-05-26T15:00:00-04:00"},
		// Boundary: T+0 at the cut-off itself still settles that day.
		{"T+0 at the cut-off", us, "T+0", "2026-03-16T15:00:00-04:00", "2026-03-16T15:00:00-04:00"},
	}
	for _, c := range cases {
		a, err := engine.ParseAccess(c.access)
		if err != nil {
			t.Fatal(err)
		}
		got := c.m.Arrival(a, atT(t, c.at), cut)
		if want := atT(t, c.want); !got.Equal(want) {
			t.Errorf("%s: %s from %s arrives %s, want %s", c.name, c.access, c.at, got.Format(time.RFC3339), c.want)
		}
	}
}

// TestDurationInsideHours: a plain duration runs inside the source's hours
// on business days (default 08:00–17:00 local). A request that cannot
// complete before the close is dealt at the next opening (market practice:
// a repo or a drawdown is dealt and settled within one session); one longer
// than a session accrues across sessions.
func TestDurationInsideHours(t *testing.T) {
	ny := zone(t, "America/New_York")
	std := engine.Market{Zone: ny, Calendars: []engine.Calendar{sifma2026()}}
	desk := std
	desk.Hours = engine.Hours{Open: engine.Cutoff{Hour: 7}, Close: engine.Cutoff{Hour: 15}}
	cut := engine.Cutoff{Hour: 15}
	cases := []struct {
		name   string
		m      engine.Market
		access string
		at     string
		want   string
	}{
		// The seed's day, Monday 16 March 08:00: 3h → 11:00, 5h → 13:00.
		{"seed repo", std, "3h", "2026-03-16T08:00:00-04:00", "2026-03-16T11:00:00-04:00"},
		{"seed credit line", std, "5h", "2026-03-16T08:00:00-04:00", "2026-03-16T13:00:00-04:00"},
		// Immediate cash is at hand: no hours apply, even on Saturday.
		{"cash on Saturday", std, "0s", "2026-03-21T10:00:00-04:00", "2026-03-21T10:00:00-04:00"},
		// Saturday 21 March 10:00, 3h repo: Monday 23 March 08:00 + 3h = 11:00.
		{"Saturday repo", std, "3h", "2026-03-21T10:00:00-04:00", "2026-03-23T11:00:00-04:00"},
		// Friday 20 March 16:00, 5h credit line: 21:00 is past the 17:00
		// close; Monday 23 March 08:00 + 5h = 13:00.
		{"Friday 16:00 credit line", std, "5h", "2026-03-20T16:00:00-04:00", "2026-03-23T13:00:00-04:00"},
		// Friday 22 May 16:00, 5h: Monday is Memorial Day: Tuesday 26 May 13:00.
		{"Friday 16:00 before Memorial Day", std, "5h", "2026-05-22T16:00:00-04:00", "2026-05-26T13:00:00-04:00"},
		// Boundary: Monday 14:00 + 3h = 17:00, exactly the close: today.
		{"ends at the close", std, "3h", "2026-03-16T14:00:00-04:00", "2026-03-16T17:00:00-04:00"},
		// Monday 14:01 + 3h = 17:01, past the close: Tuesday 08:00 + 3h = 11:00.
		{"one minute past", std, "3h", "2026-03-16T14:01:00-04:00", "2026-03-17T11:00:00-04:00"},
		// Before the opening: Monday 06:00 → 08:00 + 3h = 11:00.
		{"before the opening", std, "3h", "2026-03-16T06:00:00-04:00", "2026-03-16T11:00:00-04:00"},
		// A repo desk open 07:00–15:00, asked at 16:00 Monday: Tuesday 07:00 + 3h = 10:00.
		{"repo desk after hours", desk, "3h", "2026-03-16T16:00:00-04:00", "2026-03-17T10:00:00-04:00"},
		// 10h is longer than the 9h session: Monday 08:00–17:00 runs 9h,
		// the last hour Tuesday 08:00–09:00.
		{"longer than a session", std, "10h", "2026-03-16T08:00:00-04:00", "2026-03-17T09:00:00-04:00"},
		// Hours keep local wall time over the DST change: Friday 6 March
		// 16:00 EST, 3h → Monday 9 March 08:00 EDT + 3h = 11:00 EDT (15:00Z).
		{"over the US DST change", std, "3h", "2026-03-06T16:00:00-05:00", "2026-03-09T11:00:00-04:00"},
	}
	for _, c := range cases {
		a, err := engine.ParseAccess(c.access)
		if err != nil {
			t.Fatal(err)
		}
		got := c.m.Arrival(a, atT(t, c.at), cut)
		if want := atT(t, c.want); !got.Equal(want) {
			t.Errorf("%s: %s from %s arrives %s, want %s", c.name, c.access, c.at, got.In(ny).Format(time.RFC3339), c.want)
		}
	}
}

// TestBusinessDays: stepping n business days in a calendar.
func TestBusinessDays(t *testing.T) {
	us := engine.Market{Calendars: []engine.Calendar{sifma2026()}}
	cases := []struct {
		from engine.Date
		n    int
		want engine.Date
	}{
		// Wednesday 25 November + 1: Thursday 26 is Thanksgiving: Friday 27.
		{day(2026, 11, 25), 1, day(2026, 11, 27)},
		// Friday 22 May + 1: Saturday, Sunday, Memorial Day: Tuesday 26 May.
		{day(2026, 5, 22), 1, day(2026, 5, 26)},
		// Boundary: + 0 is the day itself.
		{day(2026, 5, 22), 0, day(2026, 5, 22)},
		// Thursday 2 July + 2: Friday 3 July observed; Monday 6, Tuesday 7.
		{day(2026, 7, 2), 2, day(2026, 7, 7)},
	}
	for _, c := range cases {
		if got := us.AddBusinessDays(c.from, c.n); got != c.want {
			t.Errorf("%v + %d business days = %v, want %v", c.from, c.n, got, c.want)
		}
	}
	if us.IsBusinessDay(day(2026, 4, 3)) {
		t.Error("Good Friday 3 April 2026 is a SIFMA business day")
	}
	if name, ok := sifma2026().Holiday(day(2026, 5, 25)); !ok || name != "Memorial Day" {
		t.Errorf("25 May 2026: %q %v", name, ok)
	}
}

// TestNoticeCutoff: a committed credit line funds the same day when
// notice is given by its cut-off (here 11:00 local), otherwise from the
// next business day's opening, 08:00, plus its 5h.
func TestNoticeCutoff(t *testing.T) {
	ny := zone(t, "America/New_York")
	h5, _ := engine.ParseAccess("5h")
	b := &engine.Book{Cutoff: engine.Cutoff{Hour: 15}, Market: engine.Market{Zone: ny, Calendars: []engine.Calendar{sifma2026()}}}
	rcf := engine.Source{ID: "rcf", Kind: engine.SourceCreditLine, Access: h5, Notice: engine.Cutoff{Hour: 11}, HasNotice: true}
	cases := []struct{ at, want string }{
		// Monday 16 March 10:59: 15:59 the same day.
		{"2026-03-16T10:59:00-04:00", "2026-03-16T15:59:00-04:00"},
		// Boundary: at 11:00 itself, still in: 16:00.
		{"2026-03-16T11:00:00-04:00", "2026-03-16T16:00:00-04:00"},
		// 11:01: Tuesday 17 March 08:00 + 5h = 13:00.
		{"2026-03-16T11:01:00-04:00", "2026-03-17T13:00:00-04:00"},
		// Friday 20 March 16:00: Monday 23 March 13:00.
		{"2026-03-20T16:00:00-04:00", "2026-03-23T13:00:00-04:00"},
	}
	for _, c := range cases {
		if got := b.SourceArrival(rcf, atT(t, c.at)); !got.Equal(atT(t, c.want)) {
			t.Errorf("notice at %s: arrives %s, want %s", c.at, got.Format(time.RFC3339), c.want)
		}
	}
}

// TestAccrualOverAHoliday: a one-day horizon from Friday 22 May 2026 ends
// Saturday 23 May; the money is repaid the next business day of the
// book's calendar, Tuesday 26 May (Monday is Memorial Day): four days.
// From Thursday 21 May: Friday 22 May, one day.
func TestAccrualOverAHoliday(t *testing.T) {
	ny := zone(t, "America/New_York")
	b := &engine.Book{Currency: "USD", Market: engine.Market{Zone: ny, Calendars: []engine.Calendar{sifma2026()}}}
	one := d("1")
	for at, want := range map[string]string{"2026-05-22T08:00:00-04:00": "4", "2026-05-21T08:00:00-04:00": "1"} {
		if got := b.Accrual(atT(t, at), one).Days; !got.Equal(d(want)) {
			t.Errorf("from %s: %s days, want %s", at, got, want)
		}
	}
}
