package report

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

// incident replays decisions on the arb-capital demo at the given minutes
// after the alert.
func incident(t *testing.T, ds []playbook.Decision, minutes []int) *Incident {
	t.Helper()
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	var at time.Time
	inc, err := playbook.Open(b, "", &playbook.MemStore{}, func() time.Time { return at }, func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range ds {
		at = b.AsOf.Add(time.Duration(minutes[i]) * time.Minute)
		d.Operator = "t"
		if _, err := inc.Decide(d); err != nil {
			t.Fatal(err)
		}
	}
	snap := inc.Snapshot()
	steps, err := playbook.Timeline(b, "", snap.Events)
	if err != nil {
		t.Fatal(err)
	}
	ini, _ := Initial(b, "equity-crash")
	return &Incident{Book: b, Scenario: "equity-crash", Initial: ini, Steps: steps,
		Final: playbook.Compute(snap.State, snap.State.LastAt), Metrics: playbook.Measure(b, steps, time.Time{})}
}

func TestCompareInterleavesBothSides(t *testing.T) {
	cash := playbook.Decision{Kind: playbook.Draw, Source: "cash"}
	a := incident(t, []playbook.Decision{cash, {Kind: playbook.Draw, Source: "mmf"}}, []int{5, 30})
	b := incident(t, []playbook.Decision{cash, {Kind: playbook.Draw, Source: "repo"}}, []int{5, 20})
	c := Compare(a, b)
	if c.Common != 1 || len(c.AfterA) != 1 || len(c.AfterB) != 1 {
		t.Fatalf("common %d after %d/%d", c.Common, len(c.AfterA), len(c.AfterB))
	}
	// alert, shared #1 at 08:05, B's repo at 08:20, A's MMF at 08:30.
	want := []struct{ a, b string }{{"10500000", "10500000"}, {"8500000", "8500000"}, {"8500000", "4500000"}, {"5500000", "4500000"}}
	if len(c.Times) != len(want) {
		t.Fatalf("%d moments", len(c.Times))
	}
	for i, w := range want {
		m := c.Times[i]
		if !m.A.Shortfall.Equal(decimal.RequireFromString(w.a)) || !m.B.Shortfall.Equal(decimal.RequireFromString(w.b)) {
			t.Errorf("moment %d at %s: A %s B %s, want %s %s", i, m.At.Format("15:04"), m.A.Shortfall, m.B.Shortfall, w.a, w.b)
		}
	}
	if !c.Final[2].Shortfall.Equal(decimal.RequireFromString("-1000000")) {
		t.Errorf("B − A shortfall = %s", c.Final[2].Shortfall)
	}
}

func TestShortfallChartSteps(t *testing.T) {
	in := incident(t, []playbook.Decision{{Kind: playbook.Draw, Source: "cash"}, {Kind: playbook.Draw, Source: "mmf"}}, []int{60, 120})
	c := in.ShortfallChart()
	if len(c.Dots) != 3 || c.Dots[1].X >= c.Dots[2].X || c.Dots[0].Y >= c.Dots[1].Y {
		t.Errorf("dots %+v", c.Dots)
	}
	// 08:00 to the 16:00 deadline: hourly ticks, 08:00 … 16:00.
	if len(c.XTicks) != 9 || c.XTicks[0].Label != "08:00" || c.XTicks[8].Label != "16:00" {
		t.Errorf("x ticks %+v", c.XTicks)
	}
	if last := c.YTicks[len(c.YTicks)-1]; last.Label != "15,000,000" {
		t.Errorf("y ticks %+v", c.YTicks)
	}
}

func TestDur(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0s", 95 * time.Second: "1m35s", 2*time.Hour + 5*time.Minute: "2h05m"} {
		if got := Dur(d); got != want {
			t.Errorf("Dur(%s) = %s, want %s", d, got, want)
		}
	}
}
