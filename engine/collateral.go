package engine

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Eligible reports whether a counterparty accepts a holding as collateral
// and at what haircut: a security worth V posted there counts as
// V × (1 − haircut). Cash-class holdings are always eligible at no haircut;
// other classes only where the counterparty's schedule lists them. Whether
// the part of a call being met may take securities at all (VM at a CCP is
// cash only) is decided per call, not here.
func Eligible(c Counterparty, h Holding) (haircut decimal.Decimal, ok bool) {
	if h.Class == ClassCash {
		return zero, true
	}
	for _, e := range c.Eligible {
		if e.Class == h.Class {
			if e.Haircut.Cmp(one) >= 0 {
				// A 100% haircut gives no credit: not eligible in practice.
				return e.Haircut, false
			}
			return e.Haircut, true
		}
	}
	return zero, false
}

// PostableShare splits a counterparty's net call into the part that must
// be paid in cash and the part that may be met with eligible securities.
// At a CCP variation margin is cash only, so the cash part is the VM (no
// more than the call); elsewhere (CSA, prime broker) the whole call may
// take eligible collateral.
func PostableShare(cc CounterpartyCall) (cashOnly, postable decimal.Decimal) {
	if cc.Call.Sign() <= 0 {
		return zero, zero
	}
	if cc.Kind != CCP {
		return zero, cc.Call
	}
	cashOnly = MinDec(MaxDec(cc.VariationMargin, zero), cc.Call)
	return cashOnly, cc.Call.Sub(cashOnly)
}

// A Posting is securities delivered to a counterparty against its call:
// Value is the market value handed over, Credit what the counterparty
// counts after its haircut (rounded down: the receiver never counts a
// fraction of a cent it does not hold), Cost the carry given up over the
// funding horizon.
type Posting struct {
	Holding, Counterparty string
	Value, Credit         decimal.Decimal
	Haircut               decimal.Decimal
	Cost                  decimal.Decimal
}

// PostingFor is the posting of `value` of a holding to a counterparty at a
// haircut, with its carry cost over the horizon (ACT/360).
func PostingFor(h Holding, cp string, haircut, value, horizonDays decimal.Decimal) Posting {
	return postingFor(h, cp, haircut, value, act360(horizonDays))
}

func postingFor(h Holding, cp string, haircut, value decimal.Decimal, acc Accrual) Posting {
	return Posting{
		Holding: h.ID, Counterparty: cp, Value: value, Haircut: haircut,
		Credit: CentsDown(value.Mul(one.Sub(haircut))),
		Cost:   Cents(acc.on(value, h.CarryBps)),
	}
}

// ValueToPost is the least market value of a holding whose credit after
// haircut covers `credit`: credit / (1 − haircut) rounded up to the cent,
// so the requirement is never short by a cent.
func ValueToPost(credit, haircut decimal.Decimal) decimal.Decimal {
	if credit.Sign() <= 0 {
		return zero
	}
	v := CentsUp(credit.DivRound(one.Sub(haircut), 12))
	// DivRound may have rounded the quotient down by less than a cent's
	// worth; one more cent if the credit falls short.
	for CentsDown(v.Mul(one.Sub(haircut))).Cmp(credit) < 0 {
		v = v.Add(decimal.New(1, -2))
	}
	return v
}

// A RepoLeg is securities lent in a repo for cash: Value of the holding
// goes to the lender, Cash = value × (1 − repo haircut) comes back (rounded
// half-up: it is proceeds), arriving at activation plus the repo source's
// access time. Cost is the interest, cash × (cost + rate) × days / 360; the
// source's fee, if any, is charged once per source by the plan. The
// securities are encumbered until the repo is unwound.
type RepoLeg struct {
	Source, Holding string
	Value, Cash     decimal.Decimal
	Cost            decimal.Decimal
	ArrivesAt       time.Time
}

// StageRepo stages a repo of `value` of a holding through a repo source
// activated at `at`. The cash is capped by the repo line (the source's
// amount, when it has one); the caller accounts for what the line has
// already lent. The holding must be one the source may lend.
func StageRepo(b *Book, src Source, h Holding, value decimal.Decimal, at time.Time, horizonDays decimal.Decimal) (RepoLeg, error) {
	return stageRepo(b, src, h, value, at, act360(horizonDays))
}

func stageRepo(b *Book, src Source, h Holding, value decimal.Decimal, at time.Time, acc Accrual) (RepoLeg, error) {
	if src.Kind != SourceRepo {
		return RepoLeg{}, fmt.Errorf("stage repo: source %s is a %s, not a repo", src.ID, src.Kind)
	}
	lends := false
	for _, id := range src.Collateral {
		lends = lends || id == h.ID
	}
	if !lends {
		return RepoLeg{}, fmt.Errorf("stage repo: source %s does not lend %s", src.ID, h.ID)
	}
	if value.Sign() < 0 || value.Cmp(h.MarketValue) > 0 {
		return RepoLeg{}, fmt.Errorf("stage repo: value %s of %s outside 0 … %s", value.StringFixed(2), h.ID, h.MarketValue.StringFixed(2))
	}
	cash := RepoCash(h, value)
	if src.HasAmount && cash.Cmp(src.Amount) > 0 {
		// The line caps the cash: lend only what the line finances.
		cash = src.Amount
		value = MinDec(value, ValueToPost(cash, h.RepoHaircut))
	}
	return RepoLeg{
		Source: src.ID, Holding: h.ID, Value: value, Cash: cash,
		Cost:      Cents(acc.on(cash, src.CostBps.Add(src.RateBps))),
		ArrivesAt: b.SourceArrival(src, at),
	}, nil
}

// A limitGroup is a set of holdings one limit bounds together: all of a
// class, or one issuer's (issuer set, with perIssuer when the limit names
// no issuer and applies to each issuer in turn).
type limitGroup struct {
	holdings  []int
	issuer    string
	perIssuer bool
}

// limitGroups returns, for one counterparty limit, the groups of holdings
// it bounds separately: one group for a named issuer or for a whole
// class; for a limit naming neither, one group per issuer present.
func limitGroups(l Limit, hs []Holding) []limitGroup {
	match := func(h Holding) bool { return l.Class == "" || h.Class == l.Class }
	if l.Issuer != "" || l.Class != "" {
		g := limitGroup{issuer: l.Issuer}
		for i, h := range hs {
			if match(h) && (l.Issuer == "" || h.Issuer == l.Issuer) {
				g.holdings = append(g.holdings, i)
			}
		}
		return []limitGroup{g}
	}
	byIssuer := map[string]int{}
	var out []limitGroup
	for i, h := range hs {
		if !match(h) {
			continue
		}
		k, ok := byIssuer[h.Issuer]
		if !ok {
			k = len(out)
			byIssuer[h.Issuer] = k
			out = append(out, limitGroup{issuer: h.Issuer, perIssuer: true})
		}
		out[k].holdings = append(out[k].holdings, i)
	}
	return out
}

// LimitBase is the base of a counterparty's concentration limits: its
// whole requirement covered by collateral, what is already lodged plus the
// part of today's call that collateral may meet. At a CCP that is the
// stressed IM (Arb-Capital's CME: 6,500,000 lodged + 1,500,000 = 8,000,000).
func LimitBase(cc CounterpartyCall) decimal.Decimal {
	_, postable := PostableShare(cc)
	return cc.Lodged.Total().Add(postable)
}

// limitCap is what a limit still allows to be posted now to its group:
// share × base, less what of the group is already lodged, never negative;
// rounded down so rounding never breaches the cap.
func limitCap(l Limit, g limitGroup, c Counterparty, base decimal.Decimal) decimal.Decimal {
	var lodged decimal.Decimal
	for _, ld := range c.Lodged {
		if ld.Class == ClassCash || (l.Class != "" && ld.Class != l.Class) {
			continue
		}
		if (l.Issuer != "" || g.perIssuer) && ld.Issuer != g.issuer {
			continue
		}
		lodged = lodged.Add(ld.Value)
	}
	return MaxDec(CentsDown(l.Share.Mul(base)).Sub(lodged), zero)
}

// describeLimit names a limit for the operator ("at most 50% of the
// requirement from issuer X in class govt").
func describeLimit(cp string, l Limit) string {
	s := fmt.Sprintf("%s: at most %s%% of the requirement", cp, l.Share.Mul(decimal.NewFromInt(100)).String())
	switch {
	case l.Issuer != "":
		s += " from issuer " + l.Issuer
		if l.Class != "" {
			s += " in class " + string(l.Class)
		}
	case l.Class != "":
		s += " in class " + string(l.Class) + " (all issuers together)"
	default:
		s += " from any one issuer"
	}
	return s
}
