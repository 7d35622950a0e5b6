package engine

import "github.com/shopspring/decimal"

// CSATerms are a bilateral counterparty's credit support terms, as ISDA's
// Credit Support Annex writes them, from the firm's side.
//   - Threshold is the firm's: the counterparty's exposure to the firm
//     below it is not collateralised; CounterpartyThreshold is the
//     counterparty's (the firm's exposure to it), the firm's by default.
//   - IndependentAmount is collateral the firm posts whatever the marks
//     (positive; negative: the counterparty posts it), added to the
//     exposure before the threshold (ISDA 1994 CSA, Paragraph 3).
//   - Balance is the collateral at the baseline: positive, posted by the
//     firm; negative, held by the firm. HasBalance false: what the CSA
//     required at the baseline marks, the assumption the firm's side makes.
//   - DeliveryRounding and ReturnRounding are the multiples a delivery
//     amount rounds up to and a return amount rounds down to (zero: to the
//     cent); the minimum transfer applies to each rounded transfer.
//   - IMThreshold, when HasIMThreshold, puts IM under its own CSA
//     (regulatory IM: IM beyond its threshold is collateralised, and moves
//     as its own transfer, rounded and tested against the MTA alone).
//     Otherwise the positions' IM is part of the one CSA's requirement.
//   - HeldClass is what the counterparty posts to the firm under the CSA
//     (the collateral the firm holds, and what it delivers more of): empty
//     or cash, cash; a securities class, securities. The firm returns held
//     securities as securities (ISDA 1994 CSA, Paragraph 3(b): a Return
//     Amount is Posted Collateral, or under the English CSA equivalent
//     credit support), so a return costs it no cash; and securities
//     delivered to it are not cash for its calls unless UseOfCollateral
//     (Paragraph 6(c), the right to re-pledge, repo or sell them) lets it
//     turn them into cash.
type CSATerms struct {
	CounterpartyThreshold    decimal.Decimal
	HasCounterpartyThreshold bool
	IndependentAmount        decimal.Decimal
	Balance                  decimal.Decimal
	HasBalance               bool
	DeliveryRounding         decimal.Decimal
	ReturnRounding           decimal.Decimal
	IMThreshold              decimal.Decimal
	HasIMThreshold           bool
	HeldClass                AssetClass
	UseOfCollateral          bool
}

// HoldsSecurities reports whether what the counterparty posts to the firm
// under the CSA is securities rather than cash.
func (t CSATerms) HoldsSecurities() bool { return t.HeldClass != "" && t.HeldClass != ClassCash }

// CSATransfer is what a move obliges under a CSA, each leg rounded (a
// delivery up, a return down) and dropped when below the minimum transfer:
//   - FirmDelivers: more collateral from the firm;
//   - FirmReturns: collateral the firm held that it must give back (a
//     call on the firm, like a delivery);
//   - CounterpartyDelivers and CounterpartyReturns: collateral coming to
//     the firm (an inflow).
//
// IMDelivers and IMReturns are the legs of a separate IM CSA.
type CSATransfer struct {
	BalanceBefore, RequiredAfter decimal.Decimal
	FirmDelivers, FirmReturns    decimal.Decimal
	CounterpartyDelivers         decimal.Decimal
	CounterpartyReturns          decimal.Decimal
	IMBefore, IMRequiredAfter    decimal.Decimal
	IMDelivers, IMReturns        decimal.Decimal
	// BelowMTA says a leg was owed but dropped below the minimum transfer.
	BelowMTA bool
}

// VM is the net of the VM CSA's legs: positive, the firm pays.
func (t CSATransfer) VM() decimal.Decimal {
	return t.FirmDelivers.Add(t.FirmReturns).Sub(t.CounterpartyDelivers).Sub(t.CounterpartyReturns)
}

// IM is the net of the separate IM CSA's legs.
func (t CSATransfer) IM() decimal.Decimal { return t.IMDelivers.Sub(t.IMReturns) }

// roundUpTo and roundDownTo round a non-negative amount to a multiple.
func roundUpTo(x, m decimal.Decimal) decimal.Decimal {
	if m.Sign() <= 0 {
		return CentsUp(x)
	}
	return x.Div(m).Ceil().Mul(m)
}

func roundDownTo(x, m decimal.Decimal) decimal.Decimal {
	if m.Sign() <= 0 {
		return CentsDown(x)
	}
	return x.Div(m).Floor().Mul(m)
}

// csaTransfer works the CSA's legs for a netting set whose MV moves from
// mv to stressed while its IM moves from im to sim. Credit support the
// firm must post at marks x: max(0, −x + IA − threshold) (plus the IM when
// it has no CSA of its own); credit support it must hold: max(0, x − IA −
// counterparty threshold).
func csaTransfer(c Counterparty, mv, stressed, im, sim decimal.Decimal) CSATransfer {
	t := c.CSA
	thC := c.Threshold
	if t.HasCounterpartyThreshold {
		thC = t.CounterpartyThreshold
	}
	post := func(x, im decimal.Decimal) decimal.Decimal {
		p := MaxDec(zero, x.Neg().Add(t.IndependentAmount).Sub(c.Threshold))
		if !t.HasIMThreshold {
			p = p.Add(im)
		}
		return p
	}
	held := func(x decimal.Decimal) decimal.Decimal {
		return MaxDec(zero, x.Sub(t.IndependentAmount).Sub(thC))
	}
	var tr CSATransfer
	tr.BalanceBefore = post(mv, im).Sub(held(mv))
	if t.HasBalance {
		tr.BalanceBefore = t.Balance
	}
	// One CSA, one balance: what the firm posts and what it holds net.
	tr.RequiredAfter = post(stressed, sim).Sub(held(stressed))
	posted0, held0 := MaxDec(tr.BalanceBefore, zero), MaxDec(tr.BalanceBefore.Neg(), zero)
	posted1, held1 := MaxDec(tr.RequiredAfter, zero), MaxDec(tr.RequiredAfter.Neg(), zero)
	leg := func(x decimal.Decimal, up bool) decimal.Decimal {
		if x.Sign() <= 0 {
			return zero
		}
		if up {
			x = roundUpTo(x, t.DeliveryRounding)
		} else {
			x = roundDownTo(x, t.ReturnRounding)
		}
		if x.Sign() > 0 && c.MinTransfer.Sign() > 0 && x.Cmp(c.MinTransfer) < 0 {
			tr.BelowMTA = true
			return zero
		}
		return x
	}
	tr.FirmDelivers = leg(posted1.Sub(posted0), true)
	tr.CounterpartyReturns = leg(posted0.Sub(posted1), false)
	tr.CounterpartyDelivers = leg(held1.Sub(held0), true)
	tr.FirmReturns = leg(held0.Sub(held1), false)
	if t.HasIMThreshold {
		tr.IMBefore = MaxDec(zero, im.Sub(t.IMThreshold))
		tr.IMRequiredAfter = MaxDec(zero, sim.Sub(t.IMThreshold))
		tr.IMDelivers = leg(tr.IMRequiredAfter.Sub(tr.IMBefore), true)
		tr.IMReturns = leg(tr.IMBefore.Sub(tr.IMRequiredAfter), false)
	}
	return tr
}

// heldInKind fills cc's held-securities legs when the firm holds securities
// under c's CSA, and returns what they take out of the cash call: the firm
// returns held securities in kind (no cash leaves it), and securities
// delivered to it are cash only if it may use them (ISDA 1994 CSA,
// Paragraphs 3(b) and 6(c)). Zero for a CSA whose held collateral is cash.
func heldInKind(c Counterparty, cc *CounterpartyCall) decimal.Decimal {
	if cc.CSA == nil || !c.CSA.HoldsSecurities() {
		return zero
	}
	cc.HeldReturnedSecurities = cc.CSA.FirmReturns
	if !c.CSA.UseOfCollateral {
		cc.HeldReceivedSecurities = cc.CSA.CounterpartyDelivers
	}
	return cc.HeldReceivedSecurities.Sub(cc.HeldReturnedSecurities)
}
