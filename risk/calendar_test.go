package risk

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/synth"
)

// TestHorizonOverHolidays: a synthetic book whose alert fires on Friday 22
// May 2026, over three days, with LCH on London's clock and calendar. Day
// 2's deadlines are the next business day's: for CME (US-SIFMA, the
// book's) Tuesday 26 May 16:00 ET, since Monday 25 May is Memorial Day;
// for LCH (UK and the book's US calendar) also Tuesday, 11:00 ET = 16:00
// London, Monday being the UK's Spring bank holiday too. Day 3: Wednesday
// 27 May. The kernel still equals the decimal path to the cent.
func TestHorizonOverHolidays(t *testing.T) {
	text := strings.ReplaceAll(string(synth.YAML(120, 1)), "2026-03-16", "2026-05-22")
	text = strings.Replace(text, "    name: LCH SwapClear\n", "    name: LCH SwapClear\n    timezone: Europe/London\n    calendar: UK\n", 1)
	b, err := book.Parse("holiday.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(b.Factors, false)
	if err != nil {
		t.Fatal(err)
	}
	k, err := Compile(b, m, b.Scenarios[0], 3)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"CME": {"2026-05-22T16:00:00-04:00", "2026-05-26T16:00:00-04:00", "2026-05-27T16:00:00-04:00"},
		"LCH": {"2026-05-22T11:00:00-04:00", "2026-05-26T11:00:00-04:00", "2026-05-27T11:00:00-04:00"},
	}
	for _, sl := range k.wf.slots {
		id := k.cps[sl.cp].Counterparty.ID
		if w, ok := want[id]; ok {
			if got := sl.deadline.Format(time.RFC3339); got != w[sl.day] {
				t.Errorf("%s day %d: %s, want %s", id, sl.day+1, got, w[sl.day])
			}
		}
	}
	sc, err := MonteCarlo(m, 60, 3, Dist{}, 11)
	if err != nil {
		t.Fatal(err)
	}
	res := k.Run(sc, 2)
	for s := 0; s < sc.N; s += 5 {
		if got, want := res.Outcomes[s], k.DecimalOutcome(sc, s).Cents(); got != want {
			t.Fatalf("scenario %d: kernel %+v, decimal %+v", s, got, want)
		}
	}
}
