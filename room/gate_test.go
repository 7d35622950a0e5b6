package room

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/playbook"
)

func TestRolesGateDecisions(t *testing.T) {
	lead := Member{Name: "ann", Roles: []Role{Lead}}
	trader := Member{Name: "tom", Roles: []Role{Trader}}
	obs := Member{Name: "olga", Roles: []Role{Observer}}
	both := Member{Name: "tia", Roles: []Role{Treasury, Trader}}
	cases := []struct {
		who  Member
		kind playbook.Kind
		ok   bool
		why  string // part of the reason when refused
	}{
		{obs, playbook.Note, false, "olga is an observer: observers read only"},
		{obs, playbook.Goto, false, "observers read only"},
		{lead, playbook.Liquidate, false, "only a trader sells"},
		{trader, playbook.Liquidate, true, ""},
		{trader, playbook.Approve, false, "only the lead approves"},
		{lead, playbook.Approve, true, ""},
		{lead, playbook.Reject, true, ""},
		{trader, playbook.Draw, false, "drawing a source is for lead or treasury (tom is trader)"},
		{both, playbook.Draw, true, ""},
		{both, playbook.Liquidate, true, ""},
		{trader, playbook.Note, true, ""},
		{trader, playbook.Goto, true, ""},
		{lead, playbook.Join, false, "the server records"},
		{lead, playbook.Market, false, "feed"},
		// The call ledger: treasury pays, a trader does not dispute.
		{both, playbook.Pay, true, ""},
		{trader, playbook.Dispute, false, "disputing a call is for lead, collateral or comms (tom is trader)"},
		{trader, playbook.KeyCall, false, "keying a call received is for"},
	}
	for _, c := range cases {
		ok, why := May(c.who, c.kind)
		if ok != c.ok || !strings.Contains(why, c.why) || (ok && why != "") {
			t.Errorf("%s %s: got %v %q, want %v %q", c.who.Name, c.kind, ok, why, c.ok, c.why)
		}
	}
}
