package book

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/engine"
)

// TestCurrencyDefaults: a book that names no zone or calendar keeps its
// currency's. The demo's as_of, 2026-03-16T08:00:00-04:00, is the same
// instant and the same wall time in New York (EDT since Sunday 8 March).
func TestCurrencyDefaults(t *testing.T) {
	b := mustDemo(t, "arb-capital")
	if b.Market.Zone == nil || b.Market.Zone.String() != "America/New_York" {
		t.Fatalf("zone %v", b.Market.Zone)
	}
	if len(b.Market.Calendars) != 1 || b.Market.Calendars[0].Name != "US-SIFMA" {
		t.Fatalf("calendars %+v", b.Market.Calendars)
	}
	if got := b.AsOf.Format(time.RFC3339); got != "2026-03-16T08:00:00-04:00" || b.AsOf.Location().String() != "America/New_York" {
		t.Errorf("as_of %s in %s", got, b.AsOf.Location())
	}
	cases := []struct{ currency, zone, cal string }{
		{"USD", "America/New_York", "US-SIFMA"},
		{"GBP", "Europe/London", "UK"},
		{"EUR", "Europe/Berlin", "TARGET2"},
	}
	for _, c := range cases {
		src := strings.Replace(string(mustSource(t, "arb-capital")), "currency: USD", "currency: "+c.currency, 1)
		b, err := Parse(c.currency+".yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if b.Market.Zone.String() != c.zone || b.Market.Calendars[0].Name != c.cal {
			t.Errorf("%s: %s %s", c.currency, b.Market.Zone, b.Market.Calendars[0].Name)
		}
	}
}

// mustSource is a demo's text without its zone, calendar and lodgement
// lines, so that a test sees the defaults or writes its own.
func mustSource(t *testing.T, name string) []byte {
	t.Helper()
	src, err := DemoSource(name)
	if err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(`(?m)^\s*(timezone|calendar|lodgement_cutoff):.*\n`).ReplaceAll(src, nil)
}

// TestMarketFields: every new field read, and a London source's T+0 in a
// New York book. Monday 16 March 2026 at 08:00 New York is 12:00 London
// (New York on summer time since 8 March, London not until 29 March: four
// hours apart). The London MMF's T+0 arrives at its 15:00 cut-off London
// time = 11:00 New York. The source keeps both calendars: Friday 28 August
// + T+1 lands Tuesday 1 September (Monday 31 August is a UK bank holiday).
func TestMarketFields(t *testing.T) {
	src := strings.NewReplacer(
		"settlement_cutoff: \"15:00\"\n", "settlement_cutoff: \"15:00\"\ntimezone: America/New_York\ncalendar: US\nholidays: [2026-03-20]\nhours: \"07:00-18:00\"\n",
		"    kind: ccp\n", "    kind: ccp\n    timezone: America/Chicago\n    calendar: CME\n    lodgement_cutoff: \"14:00\"\n    cycles:\n      - {id: intraday, confirm: \"13:30\", covers: vm}\n      - {id: eod, confirm: \"07:30\", days: 1}\n",
		"access: T+0, cost_bps: 5}", "access: T+0, cost_bps: 5, timezone: Europe/London, calendar: UK}",
		"access: 3h, rate_bps: 530}", "access: 3h, rate_bps: 530, hours: \"07:00-15:00\"}",
	).Replace(string(mustSource(t, "arb-capital")))
	b, err := Parse("fields.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Market.Calendars[0].Holiday(engine.Date{Year: 2026, Month: time.March, Day: 20}); !ok {
		t.Error("the book's own holiday is missing")
	}
	if b.Market.Hours != (engine.Hours{Open: engine.Cutoff{Hour: 7}, Close: engine.Cutoff{Hour: 18}}) {
		t.Errorf("book hours %v", b.Market.Hours)
	}
	cme := b.Counterparties[0]
	if cme.Market.Zone.String() != "America/Chicago" || !cme.HasLodgement || cme.Lodgement != (engine.Cutoff{Hour: 14}) ||
		len(cme.Cycles) != 2 || cme.Cycles[0].Covers != engine.CoversVM || cme.Cycles[1].Days != 1 {
		t.Errorf("CME %+v", cme)
	}
	if names := []string{cme.Market.Calendars[0].Name, cme.Market.Calendars[1].Name}; names[0] != "CME" || names[1] != "US-SIFMA" {
		t.Errorf("CME calendars %v", names)
	}
	mmf, _ := b.Source("mmf")
	if got := b.SourceArrival(mmf, b.AsOf).Format(time.RFC3339); got != "2026-03-16T11:00:00-04:00" {
		t.Errorf("London T+0 arrives %s, want 2026-03-16T11:00:00-04:00", got)
	}
	fri, _ := time.Parse(time.RFC3339, "2026-08-28T10:00:00-04:00")
	t1 := mmf
	t1.Access = engine.Access{Settle: true, Days: 1}
	if got := b.SourceArrival(t1, fri).Format(time.RFC3339); got != "2026-09-01T10:00:00-04:00" {
		t.Errorf("London T+1 from Friday 28 August arrives %s, want Tuesday 1 September 15:00 London = 10:00 New York", got)
	}
	repo, _ := b.Source("repo")
	if repo.Market.Hours.Open != (engine.Cutoff{Hour: 7}) {
		t.Errorf("repo hours %v", repo.Market.Hours)
	}
}
