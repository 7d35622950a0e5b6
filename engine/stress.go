package engine

import (
	"time"

	"github.com/shopspring/decimal"
)

// PositionStress is one row of the seed's Table 1: a position before and
// after the scenario, and the margin it calls.
type PositionStress struct {
	ID, Name     string
	Kind         PositionKind
	Counterparty string
	Factor       string
	MarketValue  decimal.Decimal
	// StressedValue is MV × (1 + shock × beta), or the scenario's explicit
	// figure, rounded to cents.
	StressedValue decimal.Decimal
	UnrealizedPnL decimal.Decimal
	// VariationMargin is MV − stressed MV on a margined position: positive
	// the firm pays, negative it receives. Zero on spot holdings.
	VariationMargin decimal.Decimal
	InitialMargin   decimal.Decimal
	StressedIM      decimal.Decimal
	// IMChange is stressed IM − IM.
	IMChange decimal.Decimal
	// MarginCall is VM + IM change (before any counterparty netting).
	MarginCall decimal.Decimal
	Margined   bool
	// Shock is the return applied (shock × beta), for "what drives it".
	Shock decimal.Decimal
	// HouseMargined says a prime broker finances this spot position and
	// margins it: VM, IM and the call are its house margin's.
	HouseMargined bool
	// ExplicitValue and ExplicitIM say the scenario gave the figure.
	ExplicitValue, ExplicitIM bool
	// Currency is what the row's figures are in: the position's.
	Currency string
}

// CounterpartyCall is the net call of one counterparty: what the firm must
// deliver (positive) or will receive (negative), and by when.
type CounterpartyCall struct {
	ID, Name string
	Kind     CounterpartyKind
	Deadline time.Time
	// Currency is what the call is in: a counterparty calls once per
	// currency (see Book.CallCurrency); every amount below is in it.
	Currency string
	// GrossVM is the sum of the positions' VM; VariationMargin is what is
	// called after a CSA threshold (equal to GrossVM at a CCP).
	GrossVM         decimal.Decimal
	VariationMargin decimal.Decimal
	IMChange        decimal.Decimal
	StressedIM      decimal.Decimal
	// Call is VM + IM change, zero when smaller than the CSA's minimum
	// transfer amount (then BelowMTA is true). Negative: the counterparty
	// pays the firm. At a CCP an IM decrease nets against VM only as far as
	// the IM released is cash (IMReleasedCash); IM lodged in securities
	// comes back in securities (IMReleasedSecurities), not in the call.
	Call      decimal.Decimal
	BelowMTA  bool
	Positions []string
	// Cycles is the call divided between the counterparty's margin cycles,
	// in deadline order (empty: one call at Deadline, which is then the
	// first cycle's).
	Cycles []CycleCall

	// Lodged is what the firm had lodged with the counterparty before the
	// move, in cash and securities (the base of its concentration limits
	// together with what is posted now).
	Lodged LodgedBalance
	// IMReleasedCash and IMReleasedSecurities split an IM decrease into
	// what comes back as cash (netted in Call) and as securities (returned
	// to the firm's holdings, never cash for a VM call); under a CSA, the
	// same of the collateral the counterparty returns.
	IMReleasedCash, IMReleasedSecurities decimal.Decimal
	// HeldReturnedSecurities is what the firm returns under a CSA of the
	// securities it holds there (returned in kind: not part of Call, no
	// cash); HeldReceivedSecurities what the counterparty delivers to it
	// in securities that it may not use (not cash for a call: not an
	// inflow). Both zero when the CSA's held collateral is cash.
	HeldReturnedSecurities, HeldReceivedSecurities decimal.Decimal
	// CashOnly is the part of Call that must be paid in cash whatever the
	// firm holds (VM at a CCP); Postable the part eligible securities may
	// meet. CashPart is the cash the call needs given the book's own
	// eligible holdings: CashOnly plus the postable part those holdings
	// (after haircut and concentration limits) cannot cover. EligibleCover
	// is what they can cover, counted for this counterparty alone: holdings
	// shared between counterparties are offered to each.
	CashOnly, Postable, EligibleCover, CashPart decimal.Decimal
	// Inflow is what the counterparty pays the firm in cash (−Call when the
	// call is negative), arriving at InflowAt, the counterparty's
	// settlement time.
	Inflow   decimal.Decimal
	InflowAt time.Time
	// CollateralTopUp is what the securities lodged with it lose under
	// the scenario (value and widened haircut): part of Call.
	CollateralTopUp decimal.Decimal
	// CSA is the CSA's legs for a bilateral or prime-broker counterparty
	// (nil at a CCP).
	CSA *CSATransfer
}

// Stress is the book under one scenario: Table 1, netted per counterparty.
type Stress struct {
	Scenario  Scenario
	Positions []PositionStress
	Calls     []CounterpartyCall
	// Base is the book's reporting currency and FX the rates the scenario
	// leaves (the book's as of as_of, each pair moved by its fx. shock).
	// The totals below are in Base: market values, IM and P&L at the
	// as_of rates, stressed figures and calls at the stressed rates, each
	// amount converted and rounded half-up to the cent before it is added.
	Base string
	FX   FX

	TotalMarketValue   decimal.Decimal
	TotalStressedValue decimal.Decimal
	TotalUnrealizedPnL decimal.Decimal
	TotalVariation     decimal.Decimal
	TotalInitialMargin decimal.Decimal
	TotalStressedIM    decimal.Decimal
	TotalIMChange      decimal.Decimal
	// TotalMarginCall is the sum of the counterparties' net calls (one that
	// pays the firm counts negative).
	TotalMarginCall decimal.Decimal
}

// StressBook applies a scenario to a book.
func StressBook(b *Book, sc Scenario) Stress { return Prepare(b).stress(sc, true) }

// StressCalls is StressBook without the rows: the same scenario, rates,
// calls and totals, with Positions holding only the rows of the positions
// the book's asset sales sell (all SourceCapacity reads of them). It is
// what a Monte Carlo check needs of the engine, at a fraction of the cost:
// each position's figures are summed as they are worked out, never made
// into decimals (TestStressBookIsTheReference).
func StressCalls(b *Book, sc Scenario) Stress { return Prepare(b).stress(sc, false) }

// Calls is StressCalls(b, sc) on the book p was prepared from.
func (p *Prepared) Calls(sc Scenario) Stress { return p.stress(sc, false) }

func (x *Prepared) stress(sc Scenario, rows bool) Stress {
	b := x.b
	st := Stress{Scenario: sc, Base: b.Currency, FX: b.FX.Shocked(sc.Shocks)}
	bs := b.underStress(sc) // the holdings as the stress leaves them
	if x.multi {
		return stressMulti(b, bs, st, rows)
	}
	// One currency: one pass works each position's figures (in registers
	// where they fit, figs) and files them under its counterparty.
	var tot totals
	sums := make([]cpSums, len(b.Counterparties))
	for i, n := range x.count {
		sums[i].positions = make([]string, 0, n)
	}
	if rows && len(b.Positions) > 0 {
		st.Positions = make([]PositionStress, 0, len(b.Positions))
	}
	t := x.tables(sc)
	var f posFigs
	for i := range b.Positions {
		p := &b.Positions[i]
		fast := x.figs(i, sc, t, &f)
		keep := rows || x.pos[i].sold
		var ps PositionStress
		switch {
		case fast && keep:
			ps = f.row(b, *p)
		case !fast:
			ps = stressPosition(b, sc, *p)
		}
		if keep {
			st.Positions = append(st.Positions, ps)
		}
		ci := x.cpBook[x.pos[i].ci]
		if fast {
			tot.addFigs(f)
			if ci >= 0 && f.margined {
				sums[ci].addFigs(p.ID, f)
			}
			continue
		}
		tot.addRow(ps.MarketValue, ps.StressedValue, ps.UnrealizedPnL, ps.InitialMargin, ps.StressedIM)
		if ci >= 0 {
			sums[ci].addRow(ps)
		}
	}
	tot.fill(&st)
	for i, c := range b.Counterparties {
		cc, ok := netCounterparty(b, bs, c, st, b.Currency, sums[x.first[i]].netted())
		if !ok {
			continue
		}
		st.Calls = append(st.Calls, cc)
		st.TotalVariation = st.TotalVariation.Add(cc.VariationMargin)
		st.TotalMarginCall = st.TotalMarginCall.Add(cc.Call)
	}
	return st
}

// inBase converts amounts of ccy into base at the given rates, rounded
// half-up to the cent; an amount already in base is left exactly as it is.
func inBase(fx FX, ccy, base string) func(decimal.Decimal) decimal.Decimal {
	if ccy == "" || ccy == base {
		return func(d decimal.Decimal) decimal.Decimal { return d }
	}
	return func(d decimal.Decimal) decimal.Decimal { return Cents(fx.MustConvert(d, ccy, base)) }
}

func stressPosition(b *Book, sc Scenario, p Position) PositionStress {
	beta := p.Beta
	ps := PositionStress{
		ID: p.ID, Name: p.Name, Kind: p.Kind, Counterparty: p.Counterparty, Factor: p.Factor,
		MarketValue:   p.MarketValue,
		UnrealizedPnL: Cents(p.MarketValue.Sub(p.Cost)),
		Margined:      p.Kind.Margined(),
		Currency:      b.CurrencyOf(p.Currency),
	}
	if v, ok := sc.StressedValue[p.ID]; ok {
		ps.StressedValue = Cents(v)
		ps.ExplicitValue = true
		if !p.MarketValue.IsZero() {
			ps.Shock = v.Sub(p.MarketValue).DivRound(p.MarketValue.Abs(), 6)
			if p.MarketValue.Sign() < 0 {
				ps.Shock = ps.Shock.Neg()
			}
		}
	} else {
		shock := sc.Shocks[p.Factor].Mul(beta)
		ps.Shock = shock
		ps.StressedValue = Cents(p.MarketValue.Mul(one.Add(shock)))
	}
	if !ps.Margined {
		// A spot position financed by a prime broker is margined by it.
		houseMargin(b, sc, p, &ps)
		return ps
	}
	ps.VariationMargin = p.MarketValue.Sub(ps.StressedValue)
	ps.InitialMargin = p.InitialMargin
	ps.StressedIM, ps.ExplicitIM = stressedIM(sc, p)
	ps.IMChange = ps.StressedIM.Sub(ps.InitialMargin)
	ps.MarginCall = ps.VariationMargin.Add(ps.IMChange)
	return ps
}

// stressedIM picks the most specific figure the scenario gives: an explicit
// IM for the position, then a multiplier for its counterparty, then one for
// its factor; otherwise IM is unchanged.
func stressedIM(sc Scenario, p Position) (decimal.Decimal, bool) {
	if v, ok := sc.InitialMargin[p.ID]; ok {
		return Cents(v), true
	}
	if m, ok := sc.IMMultiplier[p.Counterparty]; ok {
		return Cents(p.InitialMargin.Mul(m)), false
	}
	if m, ok := sc.IMMultiplier[p.Factor]; ok {
		return Cents(p.InitialMargin.Mul(m)), false
	}
	return p.InitialMargin, false
}

// netCounterparty nets one counterparty's call (in ccy) from its
// positions' figures, summed (netted).
func netCounterparty(b, bs *Book, c Counterparty, st Stress, ccy string, n netted) (CounterpartyCall, bool) {
	cc := CounterpartyCall{ID: c.ID, Name: c.Name, Kind: c.Kind, Deadline: b.DeadlineOf(c), Currency: ccy,
		Positions: n.positions, GrossVM: n.gross, IMChange: n.imChange, StressedIM: n.stressedIM}
	mv, stressed, imBefore := n.mv, n.stressed, n.imBefore
	house, houseIM, houseBefore, houseSIM := n.house, n.houseIM, n.houseBefore, n.houseSIM
	if len(cc.Positions) == 0 {
		return cc, false
	}
	cc.VariationMargin = cc.GrossVM
	requirement := imBefore
	imCash := cc.IMChange
	if c.Kind != CCP {
		// A CSA collateralises only the exposure beyond the threshold, so
		// the call is the change in what must be held above it, each way,
		// leg by leg (see csaTransfer).
		tr := csaTransfer(c, mv, stressed, imBefore, cc.StressedIM)
		cc.CSA = &tr
		requirement = MaxDec(tr.BalanceBefore, zero).Add(tr.IMBefore)
		if c.CSA.HasIMThreshold {
			cc.VariationMargin = tr.VM()
			cc.IMChange = tr.IM()
		} else {
			// One CSA carries the IM too: the VM shown is the transfer
			// less the IM change, so that VM + IM change is the transfer.
			cc.VariationMargin = tr.VM().Sub(cc.IMChange)
		}
		imCash = cc.IMChange
		cc.BelowMTA = tr.BelowMTA
	}
	cc.Lodged = lodgedBalance(c, requirement.Add(houseBefore))
	if c.Kind == CCP && cc.IMChange.Sign() < 0 {
		// The firm asks for its cash back first (the excess is its to
		// choose); what was lodged in securities comes back as securities.
		cc.IMReleasedCash = MinDec(cc.IMChange.Neg(), cc.Lodged.Cash)
		cc.IMReleasedSecurities = cc.IMChange.Neg().Sub(cc.IMReleasedCash)
		imCash = cc.IMReleasedCash.Neg()
	}
	if cc.CSA != nil && cc.CSA.CounterpartyReturns.Sign() > 0 {
		// Under a CSA too the firm names what comes back (ISDA 1994 CSA,
		// Paragraph 3(b)): its cash first; what it lodged in securities
		// comes back as securities, never cash for a call.
		ret := cc.CSA.CounterpartyReturns
		cc.IMReleasedCash = MinDec(ret, cc.Lodged.Cash)
		cc.IMReleasedSecurities = MinDec(ret.Sub(cc.IMReleasedCash), cc.Lodged.Securities)
		imCash = imCash.Add(cc.IMReleasedSecurities)
	}
	imCash = imCash.Add(heldInKind(c, &cc))
	// Securities already lodged that lose value (or credit, as haircuts
	// widen) must be topped up: a call like an IM increase.
	cc.CollateralTopUp = lodgedTopUp(c, st.Scenario)
	cc.StressedIM = cc.StressedIM.Add(houseSIM)
	cc.VariationMargin = cc.VariationMargin.Add(house)
	cc.GrossVM = cc.GrossVM.Add(house)
	cc.IMChange = cc.IMChange.Add(houseIM)
	imCash = imCash.Add(houseIM)
	cc.Call = cc.VariationMargin.Add(imCash).Add(cc.CollateralTopUp)
	if cc.CSA == nil && c.MinTransfer.Sign() > 0 && !cc.Call.IsZero() && cc.Call.Abs().Cmp(c.MinTransfer) < 0 {
		cc.Call = zero
		cc.BelowMTA = true
	}
	cc.BelowMTA = cc.BelowMTA && cc.Call.IsZero()
	cc.CashOnly, cc.Postable = PostableShare(cc)
	cs, _ := bs.Counterparty(c.ID)
	cc.EligibleCover = MinDec(eligibleCover(bs, cs, cc, st.FX), cc.Postable)
	cc.CashPart = cc.CashOnly.Add(cc.Postable.Sub(cc.EligibleCover))
	if cc.Call.Sign() < 0 {
		cc.Inflow = cc.Call.Neg()
		cc.InflowAt = b.CounterpartyArrival(c, c.Settlement, b.AsOf)
	}
	if len(c.Cycles) > 0 {
		cc.Cycles = b.splitCycles(c, cc)
		cc.Deadline = cc.Cycles[0].Deadline
	}
	return cc, true
}

// eligibleCover is the most credit the book's holdings could give c's
// postable part: each eligible holding at its value after haircut, each
// concentration limit's group cut to its cap. Limits whose groups overlap
// are each applied in full, which can only understate the cover (and so
// overstate the cash part): the side a treasurer prefers to err on.
func eligibleCover(b *Book, c Counterparty, cc CounterpartyCall, fx FX) decimal.Decimal {
	credit := make([]decimal.Decimal, len(b.Collateral))
	var total decimal.Decimal
	for k, h := range b.Collateral {
		if hc, ok := Eligible(c, h); ok && h.Class != ClassCash {
			// A holding in another currency counts at the stressed rate.
			value := fx.MustConvert(h.MarketValue, b.CurrencyOf(h.Currency), b.CurrencyOf(cc.Currency))
			credit[k] = CentsDown(value.Mul(one.Sub(hc)))
			total = total.Add(credit[k])
		}
	}
	base := LimitBase(cc)
	for _, l := range c.Limits {
		for _, g := range limitGroups(l, b.Collateral) {
			var in decimal.Decimal
			for _, k := range g.holdings {
				in = in.Add(credit[k])
			}
			if capd := limitCap(l, g, c, base); in.Cmp(capd) > 0 {
				total = total.Sub(in.Sub(capd))
			}
		}
	}
	return MaxDec(total, zero)
}

// Due returns the calls the firm must pay (positive), in deadline order,
// ties by counterparty id: the order in which the waterfall serves them.
func (st Stress) Due() []Call {
	var out []Call
	for _, c := range st.Calls {
		if len(c.Cycles) > 0 {
			for _, cy := range c.Cycles {
				if cy.Amount.Sign() > 0 {
					out = append(out, Call{Counterparty: c.ID, Name: c.Name, Amount: cy.Amount, Deadline: cy.Deadline, Cycle: cy.Cycle, Currency: c.Currency})
				}
			}
			continue
		}
		if c.Call.Sign() > 0 {
			out = append(out, Call{Counterparty: c.ID, Name: c.Name, Amount: c.Call, Deadline: c.Deadline, Currency: c.Currency})
		}
	}
	SortCalls(out)
	return out
}
