package playbook

import "fmt"

// Stage is one of the five playbook stages. The console walks them in
// order, and any stage is reachable at any time.
type Stage int

const (
	Triage        Stage = 1 // calls, deadlines, pools, the live shortfall
	Liquidity     Stage = 2 // the waterfall: draw sources in priority order
	Collateral    Stage = 3 // post cheapest-to-deliver, stage repos
	Reduction     Stage = 4 // position reduction without a fire sale
	Communication Stage = 5 // counterparty status and messages
)

// Stages lists the stages in playbook order.
var Stages = []Stage{Triage, Liquidity, Collateral, Reduction, Communication}

var stageNames = map[Stage]string{
	Triage:        "Triage",
	Liquidity:     "Liquidity",
	Collateral:    "Collateral",
	Reduction:     "Reduction",
	Communication: "Communication",
}

// String names the stage.
func (s Stage) String() string {
	if n, ok := stageNames[s]; ok {
		return n
	}
	return fmt.Sprintf("Stage(%d)", int(s))
}

// Valid reports whether s is one of the five stages.
func (s Stage) Valid() bool { return s >= Triage && s <= Communication }

// ParseStage reads a stage by number ("2") or name ("liquidity").
func ParseStage(v string) (Stage, error) {
	for _, s := range Stages {
		if v == fmt.Sprint(int(s)) || equalFold(v, s.String()) {
			return s, nil
		}
	}
	return 0, fmt.Errorf("stage %q: want 1-5 or triage, liquidity, collateral, reduction, communication", v)
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}
