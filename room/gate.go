package room

import (
	"fmt"
	"slices"
	"strings"

	"github.com/warroom/warroom/playbook"
)

// allowed is which roles may take each decision. The issue fixes three
// rules (an observer reads only, only a trader sells, only the lead
// approves); the rest follows a treasury desk's usual split of duties:
// treasury draws liquidity, receives calls and pays them, collateral ops
// posts, repos and works the margin-call lifecycle (agree, dispute,
// resolve, extensions), comms talks to counterparties, and the lead may do
// all of that.
// A reversal is for whoever may take what it reverses: lead, treasury or
// collateral.
var allowed = map[playbook.Kind]struct {
	roles []Role
	what  string
}{
	playbook.Acknowledge:    {[]Role{Lead, Treasury, CollOps, Trader, Comms}, "acknowledging the alert"},
	playbook.Note:           {[]Role{Lead, Treasury, CollOps, Trader, Comms}, "a note"},
	playbook.Goto:           {[]Role{Lead, Treasury, CollOps, Trader, Comms}, "moving the incident's stage"},
	playbook.SelectScenario: {[]Role{Lead, Treasury}, "selecting a scenario"},
	playbook.SetCall:        {[]Role{Lead, Treasury, Comms}, "recording an actual call"},
	playbook.AssignRole:     {[]Role{Lead}, "assigning a role"},
	playbook.Draw:           {[]Role{Lead, Treasury}, "drawing a source"},
	playbook.Convert:        {[]Role{Lead, Treasury}, "striking an FX deal"},
	playbook.Post:           {[]Role{Lead, CollOps, Treasury}, "posting collateral"},
	playbook.StageRepo:      {[]Role{Lead, CollOps, Treasury}, "staging a repo"},
	playbook.ConfirmRepo:    {[]Role{Lead, CollOps, Treasury}, "confirming a repo"},
	playbook.Reverse:        {[]Role{Lead, Treasury, CollOps}, "a reversal"},
	playbook.Status:         {[]Role{Lead, Comms, CollOps, Treasury}, "a call's status"},
	playbook.KeyCall:        {[]Role{Lead, Treasury, Comms, CollOps}, "keying a call received"},
	playbook.Agree:          {[]Role{Lead, CollOps, Comms}, "agreeing a call"},
	playbook.Dispute:        {[]Role{Lead, CollOps, Comms}, "disputing a call"},
	playbook.Resolve:        {[]Role{Lead, CollOps, Comms}, "resolving a dispute"},
	playbook.Revise:         {[]Role{Lead, CollOps, Comms}, "recording a revised call"},
	playbook.Pay:            {[]Role{Lead, Treasury, CollOps}, "a payment"},
	playbook.AskExtension:   {[]Role{Lead, Comms, CollOps}, "asking for an extension"},
	playbook.GrantExtension: {[]Role{Lead, Comms, CollOps}, "recording an extension granted"},
	playbook.Message:        {[]Role{Lead, Comms}, "a message"},
	playbook.Liquidate:      {[]Role{Trader}, "selling"},
	playbook.Approve:        {[]Role{Lead}, "approving"},
	playbook.Reject:         {[]Role{Lead}, "rejecting"},
}

// May reports whether a member may take a decision of kind k and, when
// not, why (the console's "why disabled" text).
func May(m Member, k playbook.Kind) (bool, string) {
	if len(m.Roles) == 0 || slices.Equal(m.Roles, []Role{Observer}) {
		return false, m.Name + " is an observer: observers read only"
	}
	switch k {
	case playbook.Join, playbook.Leave:
		return false, "the server records who joins and leaves; a console cannot"
	case playbook.Market:
		return false, "market moves come from the feed, not a console"
	case playbook.Liquidate:
		if !m.Has(Trader) {
			return false, fmt.Sprintf("only a trader sells (%s is %s)", m.Name, m.RoleList())
		}
		return true, ""
	case playbook.Approve, playbook.Reject:
		if !m.Has(Lead) {
			return false, fmt.Sprintf("only the lead approves or rejects a held decision (%s is %s)", m.Name, m.RoleList())
		}
		return true, ""
	}
	a, ok := allowed[k]
	if !ok {
		return false, fmt.Sprintf("%s is not taken from a console", k)
	}
	for _, r := range m.Roles {
		if slices.Contains(a.roles, r) {
			return true, ""
		}
	}
	names := make([]string, len(a.roles))
	for i, r := range a.roles {
		names[i] = string(r)
	}
	return false, fmt.Sprintf("%s is for %s (%s is %s)", a.what, orList(names), m.Name, m.RoleList())
}

func orList(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
