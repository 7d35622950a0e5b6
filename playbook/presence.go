package playbook

import "strings"

// Presence is one person in the shared war room right now: the roles the
// team file gives them and the stage each of their consoles shows. The
// server keeps it live; the log keeps only joins and leaves.
type Presence struct {
	Person string
	Roles  []string
	// Stages has one entry per console the person has open.
	Stages []Stage
}

// versionOf is the encoding version an event is written with: the oldest
// that knows its kind, so an older warroom reads every log it can and
// refuses, by version, one it cannot.
func versionOf(k Kind) int {
	switch k {
	case Join, Leave:
		return 3
	case Close:
		return 4
	case Convert:
		return 5
	}
	return 2
}

// keyedCurrencyVersion is the version that gave a keyed call its own
// currency (and brought the FX conversion struck as a decision).
const keyedCurrencyVersion = 5

// eventVersion is versionOf for the event as resolved: a call keyed in a
// currency other than the counterparty's first is version 5 (an older
// warroom would key it in the first currency, so it must refuse the log);
// every other call is written as before, byte for byte.
func eventVersion(e Event) int {
	if e.Kind == KeyCall && e.Currency != "" {
		return keyedCurrencyVersion
	}
	return versionOf(e.Kind)
}

// decidePresence checks a join or leave: a leave must match a join still
// open, so the log's count of consoles never goes below zero.
func decidePresence(s State, d Decision, e *Event) error {
	e.Version = versionOf(d.Kind)
	e.Role, e.Text = strings.TrimSpace(d.Role), strings.TrimSpace(d.Text)
	if d.Kind == Leave && s.Present[e.Operator] <= 0 {
		return refuse(Conflict, "%s is not in the room", e.Operator)
	}
	return nil
}

// applyPresence counts a join or leave into the consoles per person.
func applyPresence(owned bool, present map[string]int, e Event) map[string]int {
	if present == nil {
		present, owned = map[string]int{}, true
	}
	present = editMap(owned, present)
	switch e.Kind {
	case Join:
		present[e.Operator]++
	case Leave:
		if present[e.Operator]--; present[e.Operator] <= 0 {
			delete(present, e.Operator)
		}
	}
	return present
}
