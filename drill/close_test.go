package drill

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/playbook"
)

// TestDrillOverRefusesDecisions: once the drill is over (its end, or the
// firm insolvent) the log holds a close event and the playbook refuses
// any decision after it, not only the console.
func TestDrillOverRefusesDecisions(t *testing.T) {
	for _, name := range []string{"arb-capital", "helios"} {
		d, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		clock := NewSimClock(d.Starts, 60, wall)
		clock.Pause()
		inc, err := playbook.Open(d.Book, d.Scenario, &playbook.MemStore{}, clock.Now, wall)
		if err != nil {
			t.Fatal(err)
		}
		r := NewRunner(d, inc, clock)
		for !r.Done() {
			if _, err := r.Step(); err != nil {
				t.Fatal(err)
			}
		}
		evs := inc.Snapshot().Events
		last := evs[len(evs)-1]
		if last.Kind != playbook.Close || last.Operator != Operator {
			t.Fatalf("%s: the last event is %s by %s, want the drill's close", name, last.Kind, last.Operator)
		}
		_, err = inc.Decide(playbook.Decision{Kind: playbook.Draw, Operator: "alice", Source: d.Book.Sources[0].ID})
		if playbook.ErrorCode(err) != playbook.Conflict || !strings.Contains(err.Error(), "no decision is accepted") {
			t.Fatalf("%s: a draw after DRILL OVER: %v", name, err)
		}
		// Stepping a finished drill records nothing more.
		if es, err := r.Step(); err != nil || len(es) != 0 {
			t.Fatalf("%s: step after the end: %d events, %v", name, len(es), err)
		}
	}
}
