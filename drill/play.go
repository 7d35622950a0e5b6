package drill

import (
	"time"

	"github.com/warroom/warroom/playbook"
)

// Play runs a whole drill without a terminal on the given store (a
// MemStore, or the bbolt log), with the autopilot taking its actions,
// and returns the debrief. The clock is simulated end to end: Play takes
// milliseconds whatever the drill's length.
func Play(d *Drill, store playbook.Store, auto Autopilot, wall func() time.Time) (Debrief, error) {
	clock := NewSimClock(d.Starts, 60, wall)
	clock.Pause()
	inc, err := playbook.Open(d.Book, d.Scenario, store, clock.Now, wall)
	if err != nil {
		return Debrief{}, err
	}
	r := NewRunner(d, inc, clock)
	r.Auto = auto
	for !r.Done() {
		if _, err := r.Step(); err != nil {
			return Debrief{}, err
		}
	}
	return Compute(d.Name, d.Book, d.Scenario, inc.Snapshot().Events, d.Ends)
}
