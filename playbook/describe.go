package playbook

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom/engine"
)

// Describe says what an event did, in the words a treasurer would use in
// the log pane and the report.
func Describe(e Event) string {
	m := func() string { return engine.FormatMoney(e.Amt()) }
	v := func() string { return engine.FormatMoney(e.Val()) }
	var s string
	switch e.Kind {
	case Acknowledge:
		s = "acknowledged the alert"
	case SelectScenario:
		s = "selected scenario " + e.Scenario
	case SetCall:
		s = fmt.Sprintf("actual call from %s: %s", e.Counterparty, m())
		if e.Deadline != nil {
			s += " due " + e.Deadline.Format("Mon 15:04")
		}
	case AssignRole:
		s = fmt.Sprintf("%s is %s", e.Assignee, e.Role)
	case Draw:
		s = fmt.Sprintf("draw %s %s", e.Source, m())
		if e.ArrivesAt != nil {
			s += ", arrives " + e.ArrivesAt.Format("15:04")
		}
	case Post:
		s = fmt.Sprintf("post %s of %s to %s (credit %s)", v(), e.Holding, e.Counterparty, m())
	case StageRepo:
		s = fmt.Sprintf("stage repo of %s %s for %s cash", e.Holding, v(), m())
	case ConfirmRepo:
		s = fmt.Sprintf("confirm repo #%d (%s cash)", e.Target, m())
	case Liquidate:
		s = fmt.Sprintf("sell %s of %s", v(), e.Position)
		if e.FireSale {
			s += " — FIRE SALE"
		}
	case Status:
		s = fmt.Sprintf("%s: %s", e.Counterparty, strings.ReplaceAll(e.Status, "_", " "))
		if e.Amount != nil {
			s += " " + m()
		}
		if e.Until != nil {
			s += " until " + e.Until.Format("Mon 15:04")
		}
	case Message:
		dir := "to"
		if e.Direction == "received" {
			dir = "from"
		}
		s = fmt.Sprintf("message %s %s: %s", dir, e.Counterparty, e.Text)
	case Note:
		s = "note: " + e.Text
	case Goto:
		s = fmt.Sprintf("stage %d %s", e.ToStage, e.ToStage)
	case Reverse:
		s = fmt.Sprintf("reverse #%d", e.Target)
	case Approve:
		s = fmt.Sprintf("approve #%d", e.Target)
	case Reject:
		s = fmt.Sprintf("reject #%d", e.Target)
	case Market:
		s = "market: "
		if e.Market != nil {
			s += e.Market.Headline
		}
	case Join:
		s = "joined the room"
		if e.Role != "" {
			s += " as " + e.Role
		}
	case Leave:
		s = "left the room"
		if e.Text != "" {
			s += " (" + e.Text + ")"
		}
	default:
		s = string(e.Kind)
	}
	if e.Held {
		s += " (held for approval)"
	}
	return s
}
