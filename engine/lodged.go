package engine

import "github.com/shopspring/decimal"

// Lodged is collateral the firm has already delivered to a counterparty
// against its requirement, before the alert: Value is what the
// counterparty counts for it (after its haircut). A book that lists none
// is taken to have met the current requirement in cash, which is what the
// engine assumed before it knew about lodged securities.
type Lodged struct {
	Class  AssetClass
	Issuer string
	Value  decimal.Decimal
	// Factor and Beta move the lodged securities under a scenario, as a
	// holding's (no factor: they do not move).
	Factor string
	Beta   decimal.Decimal
}

// LodgedBalance is what the firm has lodged with a counterparty at the
// baseline marks, split into cash and securities. The requirement it
// covers is the current IM of the counterparty's positions at a CCP, and
// under a CSA what the firm has posted (its balance, see csaTransfer). The
// securities are what the book lists as lodged; the rest of the
// requirement is cash.
type LodgedBalance struct {
	Requirement decimal.Decimal
	Securities  decimal.Decimal
	Cash        decimal.Decimal
}

// Total is everything lodged: cash plus securities (at their credit).
func (l LodgedBalance) Total() decimal.Decimal { return l.Cash.Add(l.Securities) }

// lodgedBalance is the balance lodged with c at the baseline marks.
func lodgedBalance(c Counterparty, requirement decimal.Decimal) LodgedBalance {
	lb := LodgedBalance{Requirement: requirement}
	for _, l := range c.Lodged {
		if l.Class == ClassCash {
			continue
		}
		lb.Securities = lb.Securities.Add(l.Value)
	}
	lb.Cash = MaxDec(lb.Requirement.Sub(lb.Securities), zero)
	return lb
}
