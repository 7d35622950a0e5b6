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
	// ExplicitValue and ExplicitIM say the scenario gave the figure.
	ExplicitValue, ExplicitIM bool
}

// CounterpartyCall is the net call of one counterparty: what the firm must
// deliver (positive) or will receive (negative), and by when.
type CounterpartyCall struct {
	ID, Name string
	Kind     CounterpartyKind
	Deadline time.Time
	// GrossVM is the sum of the positions' VM; VariationMargin is what is
	// called after a CSA threshold (equal to GrossVM at a CCP).
	GrossVM         decimal.Decimal
	VariationMargin decimal.Decimal
	IMChange        decimal.Decimal
	StressedIM      decimal.Decimal
	// Call is VM + IM change, zero when smaller than the CSA's minimum
	// transfer amount (then BelowMTA is true).
	Call      decimal.Decimal
	BelowMTA  bool
	Positions []string
	// Cycles is the call divided between the counterparty's margin cycles,
	// in deadline order (empty: one call at Deadline, which is then the
	// first cycle's).
	Cycles []CycleCall
}

// Stress is the book under one scenario: Table 1, netted per counterparty.
type Stress struct {
	Scenario  Scenario
	Positions []PositionStress
	Calls     []CounterpartyCall

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
func StressBook(b *Book, sc Scenario) Stress {
	st := Stress{Scenario: sc}
	for _, p := range b.Positions {
		ps := stressPosition(b, sc, p)
		st.Positions = append(st.Positions, ps)
		st.TotalMarketValue = st.TotalMarketValue.Add(ps.MarketValue)
		st.TotalStressedValue = st.TotalStressedValue.Add(ps.StressedValue)
		st.TotalUnrealizedPnL = st.TotalUnrealizedPnL.Add(ps.UnrealizedPnL)
		st.TotalInitialMargin = st.TotalInitialMargin.Add(ps.InitialMargin)
		st.TotalStressedIM = st.TotalStressedIM.Add(ps.StressedIM)
		st.TotalIMChange = st.TotalIMChange.Add(ps.IMChange)
	}
	for _, c := range b.Counterparties {
		cc, ok := netCounterparty(b, c, st.Positions)
		if !ok {
			continue
		}
		st.Calls = append(st.Calls, cc)
		st.TotalVariation = st.TotalVariation.Add(cc.VariationMargin)
		st.TotalMarginCall = st.TotalMarginCall.Add(cc.Call)
	}
	return st
}

func stressPosition(b *Book, sc Scenario, p Position) PositionStress {
	beta := p.Beta
	ps := PositionStress{
		ID: p.ID, Name: p.Name, Kind: p.Kind, Counterparty: p.Counterparty, Factor: p.Factor,
		MarketValue:   p.MarketValue,
		UnrealizedPnL: Cents(p.MarketValue.Sub(p.Cost)),
		Margined:      p.Kind.Margined(),
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

func netCounterparty(b *Book, c Counterparty, ps []PositionStress) (CounterpartyCall, bool) {
	cc := CounterpartyCall{ID: c.ID, Name: c.Name, Kind: c.Kind, Deadline: b.DeadlineOf(c)}
	var mv, stressed decimal.Decimal
	for _, p := range ps {
		if p.Counterparty != c.ID || !p.Margined {
			continue
		}
		cc.Positions = append(cc.Positions, p.ID)
		cc.GrossVM = cc.GrossVM.Add(p.VariationMargin)
		cc.IMChange = cc.IMChange.Add(p.IMChange)
		cc.StressedIM = cc.StressedIM.Add(p.StressedIM)
		mv = mv.Add(p.MarketValue)
		stressed = stressed.Add(p.StressedValue)
	}
	if len(cc.Positions) == 0 {
		return cc, false
	}
	cc.VariationMargin = cc.GrossVM
	if c.Kind != CCP {
		// A CSA collateralises only the exposure beyond the threshold, so
		// the call is the change in what must be held above it.
		cc.VariationMargin = csaVM(mv, stressed, c.Threshold)
	}
	cc.Call = cc.VariationMargin.Add(cc.IMChange)
	if c.MinTransfer.Sign() > 0 && !cc.Call.IsZero() && cc.Call.Abs().Cmp(c.MinTransfer) < 0 {
		cc.Call = zero
		cc.BelowMTA = true
	}
	if len(c.Cycles) > 0 {
		cc.Cycles = b.splitCycles(c, cc)
		cc.Deadline = cc.Cycles[0].Deadline
	}
	return cc, true
}

// csaVM is max(0, −stressed − threshold) − max(0, −MV − threshold).
func csaVM(mv, stressed, threshold decimal.Decimal) decimal.Decimal {
	after := MaxDec(zero, stressed.Neg().Sub(threshold))
	before := MaxDec(zero, mv.Neg().Sub(threshold))
	return after.Sub(before)
}

// Due returns the calls the firm must pay (positive), in deadline order,
// ties by counterparty id: the order in which the waterfall serves them.
func (st Stress) Due() []Call {
	var out []Call
	for _, c := range st.Calls {
		if len(c.Cycles) > 0 {
			for _, cy := range c.Cycles {
				if cy.Amount.Sign() > 0 {
					out = append(out, Call{Counterparty: c.ID, Name: c.Name, Amount: cy.Amount, Deadline: cy.Deadline, Cycle: cy.Cycle})
				}
			}
			continue
		}
		if c.Call.Sign() > 0 {
			out = append(out, Call{Counterparty: c.ID, Name: c.Name, Amount: c.Call, Deadline: c.Deadline})
		}
	}
	SortCalls(out)
	return out
}
