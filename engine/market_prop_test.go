package engine_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/warroom/warroom/engine"
)

// TestArrivalProperties: for random activations through 2026 and every
// access the books use, money never arrives before it is asked for, asking
// later never brings it sooner, and a settlement lands on a business day
// at the cut-off's local wall time; a plain duration lands inside hours.
func TestArrivalProperties(t *testing.T) {
	ny := zone(t, "America/New_York")
	m := engine.Market{Zone: ny, Calendars: []engine.Calendar{sifma2026(), uk2026()}}
	cut := engine.Cutoff{Hour: 15}
	r := rand.New(rand.NewPCG(14, 2026))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, ny)
	for _, s := range []string{"0s", "90m", "3h", "5h", "9h", "10h", "30h", "T+0", "T+1", "T+2", "T+5"} {
		a, _ := engine.ParseAccess(s)
		for i := 0; i < 2000; i++ {
			at := start.Add(time.Duration(r.Int64N(int64(360 * 24 * time.Hour))))
			later := at.Add(time.Duration(r.Int64N(int64(50 * time.Hour))))
			got, got2 := m.Arrival(a, at, cut), m.Arrival(a, later, cut)
			if got.Before(at) {
				t.Fatalf("%s at %s arrives earlier, %s", s, at, got)
			}
			if got2.Before(got) {
				t.Fatalf("%s: asked at %s arrives %s; asked later at %s arrives sooner, %s", s, at, got, later, got2)
			}
			local := got.In(ny)
			switch {
			case a.Settle:
				if !m.IsBusinessDay(engine.DateOf(local)) || local.Hour() != 15 || local.Minute() != 0 {
					t.Fatalf("%s at %s settles %s", s, at, local)
				}
			case a.Duration > 0:
				h := local.Hour()*60 + local.Minute()
				if !m.IsBusinessDay(engine.DateOf(local)) || h <= 8*60 || h > 17*60 {
					t.Fatalf("%s at %s arrives %s, outside 08:00-17:00 on a business day", s, at, local)
				}
			}
		}
	}
}
