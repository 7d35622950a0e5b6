package playbook

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom/engine"
)

// callName names the call a ledger event is about: the counterparty,
// with the cycle and the decision that keyed it when there is one.
func callName(e Event) string {
	n := e.Counterparty
	if e.Cycle == CycleIntraday {
		n += " intraday"
	}
	if e.Call != 0 {
		n += fmt.Sprintf(" (#%d)", e.Call)
	}
	return n
}

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
	case KeyCall:
		n := callName(e)
		if e.Currency != "" {
			// A call in a currency other than the counterparty's first.
			n = e.Counterparty + " " + e.Currency + strings.TrimPrefix(n, e.Counterparty)
		}
		s = fmt.Sprintf("call from %s: %s", n, m())
		if e.VM != nil && e.IM != nil {
			s += fmt.Sprintf(" (VM %s, IM %s)", engine.FormatMoney(*e.VM), engine.FormatMoney(*e.IM))
		}
		if e.Deadline != nil {
			s += " due " + e.Deadline.Format("Mon 15:04")
		}
	case Agree:
		s = fmt.Sprintf("%s call agreed", callName(e))
	case Dispute:
		s = fmt.Sprintf("%s call: %s disputed (%s)", callName(e), m(), e.Reason)
	case Resolve:
		s = fmt.Sprintf("%s dispute resolved: agreed %s", callName(e), m())
	case Revise:
		s = fmt.Sprintf("%s revises its call to %s", callName(e), m())
	case Pay:
		s = fmt.Sprintf("paid %s %s", callName(e), m())
		var from []string
		for _, sp := range e.Spent {
			n := sp.Source
			if sp.Holding != "" {
				n = sp.Holding + " posted"
			}
			from = append(from, n+" "+engine.FormatMoney(sp.Amount))
		}
		if len(from) > 0 {
			s += " from " + strings.Join(from, ", ")
		}
	case AskExtension, GrantExtension:
		w := "extension asked"
		if e.Kind == GrantExtension {
			w = "extension granted"
		}
		s = fmt.Sprintf("%s call: %s", callName(e), w)
		if e.Until != nil {
			s += " until " + e.Until.Format("Mon 15:04")
		}
	case AssignRole:
		s = fmt.Sprintf("%s is %s", e.Assignee, e.Role)
	case Draw:
		s = fmt.Sprintf("draw %s %s", e.Source, m())
		if e.ArrivesAt != nil {
			s += ", arrives " + e.ArrivesAt.Format("15:04")
		}
	case Convert:
		s = describeConvert(e)
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
		s = fmt.Sprintf("%s: %s", callName(e), strings.ReplaceAll(e.Status, "_", " "))
		if e.Amount != nil {
			s += " " + m()
		}
		if e.Until != nil {
			s += " until " + e.Until.Format("Mon 15:04")
		}
	case Message:
		dir := "to"
		switch e.Direction {
		case "received":
			dir = "from"
		case "drafted":
			dir = "drafted for"
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
	case Close:
		s = "closed: " + e.Text
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

// describeConvert says what an FX deal struck: sell 1,300,000.00 USD for
// 1,000,000.00 GBP at GBPUSD 1.3 (market) via usd-gbp, arrives Tue 07:30.
func describeConvert(e Event) string {
	bought := "0.00"
	if e.Bought != nil {
		bought = engine.FormatMoney(*e.Bought)
	}
	s := fmt.Sprintf("FX: sell %s %s for %s %s", engine.FormatMoney(e.Amt()), e.Sell, bought, e.Buy)
	if e.Rate != nil {
		s += " at " + e.Pair + " " + e.Rate.String()
		if e.AtMarket {
			s += " (market)"
		}
	}
	if e.Via != "" {
		s += " via " + e.Via
	}
	if e.ArrivesAt != nil {
		s += ", arrives " + e.ArrivesAt.Format("Mon 15:04")
	}
	return s
}
