package engine

import "github.com/shopspring/decimal"

// The stress's per-position arithmetic in figs (fig.go): exactly
// stressPosition's expressions, each giving the decimal it gives, without
// a big.Int per operation. stressPosition stays the definition, and the
// path for what the figs leave to it: an explicit stressed value, a prime
// broker's house margin, a figure beyond an int64 (TestStressFigs).

// posFigs are a position's figures under a scenario; margined says the
// margin figures are set (zero otherwise, as in its row).
type posFigs struct {
	mv, cost, shock, stressed, pnl   fig
	vm, im, sim, imChange, call      fig
	margined, explicitIM, multiplied bool
}

// stressFigs works p's figures under sc in figs; fast is false when the
// position is left to stressPosition.
func stressFigs(sc Scenario, p Position) (f posFigs, fast bool) {
	if len(sc.StressedValue) > 0 {
		if _, explicit := sc.StressedValue[p.ID]; explicit {
			return f, false
		}
	}
	margined := p.Kind.Margined()
	if !margined && p.Counterparty != "" {
		return f, false // a prime broker may finance it: houseMargin
	}
	var ok [12]bool
	var beta, shock fig
	f.mv, ok[0] = figOf(p.MarketValue)
	f.cost, ok[1] = figOf(p.Cost)
	beta, ok[2] = figOf(p.Beta)
	shock, ok[3] = figOf(sc.Shocks[p.Factor])
	diff, ok4 := f.mv.sub(f.cost)
	f.pnl, ok[4] = diff.cents()
	ok[4] = ok[4] && ok4
	f.shock, ok[5] = shock.mul(beta)
	onePlus, ok6 := fig{1, 0}.add(f.shock)
	f.stressed, ok[6] = mulCents(f.mv, onePlus)
	ok[6] = ok[6] && ok6
	f.margined = margined
	if margined {
		f.vm, ok[7] = f.mv.sub(f.stressed)
		f.im, ok[8] = figOf(p.InitialMargin)
		f.sim, ok[9] = f.im, true
		if v, explicit := sc.InitialMargin[p.ID]; explicit {
			var x fig
			x, ok[9] = figOf(v)
			f.sim, ok[10] = x.cents()
			ok[9] = ok[9] && ok[10]
			f.explicitIM, f.multiplied = true, true
		} else if m, has := multiplier(sc, p); has {
			var x fig
			x, ok[9] = figOf(m)
			f.sim, ok[10] = mulCents(f.im, x)
			ok[9] = ok[9] && ok[10]
			f.multiplied = true
		}
		f.imChange, ok[10] = f.sim.sub(f.im)
		f.call, ok[11] = f.vm.add(f.imChange)
	} else {
		ok[7], ok[8], ok[9], ok[10], ok[11] = true, true, true, true, true
	}
	for _, good := range ok {
		if !good {
			return posFigs{}, false
		}
	}
	return f, true
}

// multiplier is stressedIM's: the counterparty's, else the factor's.
func multiplier(sc Scenario, p Position) (decimal.Decimal, bool) {
	if m, ok := sc.IMMultiplier[p.Counterparty]; ok {
		return m, true
	}
	m, ok := sc.IMMultiplier[p.Factor]
	return m, ok
}

// row is the position's row, as stressPosition makes it.
func (f posFigs) row(b *Book, p Position) PositionStress {
	ps := PositionStress{
		ID: p.ID, Name: p.Name, Kind: p.Kind, Counterparty: p.Counterparty, Factor: p.Factor,
		MarketValue: p.MarketValue, UnrealizedPnL: f.pnl.dec(), Margined: f.margined,
		Currency: b.CurrencyOf(p.Currency), Shock: f.shock.dec(), StressedValue: f.stressed.dec(),
	}
	if !f.margined {
		return ps
	}
	ps.VariationMargin = f.vm.dec()
	ps.InitialMargin = p.InitialMargin
	ps.StressedIM, ps.ExplicitIM = p.InitialMargin, f.explicitIM
	if f.multiplied {
		ps.StressedIM = f.sim.dec()
	}
	ps.IMChange = f.imChange.dec()
	ps.MarginCall = f.call.dec()
	return ps
}

// soldPositions are the positions the book's asset sales sell: the rows
// StressCalls keeps (nil when every row is kept).
func soldPositions(b *Book, rows bool) map[string]bool {
	if rows {
		return nil
	}
	sold := map[string]bool{}
	for _, s := range b.Sources {
		if s.Kind == SourceAssetSale {
			sold[s.Position] = true
		}
	}
	return sold
}

// totals are the book's totals, summed as a chain of decimal Adds would.
type totals struct{ mv, stressed, pnl, im, sim, imChange sum }

func (t *totals) addFigs(p Position, f posFigs) {
	t.mv.addFig(f.mv)
	t.stressed.addFig(f.stressed)
	t.pnl.addFig(f.pnl)
	if f.margined {
		t.im.addFig(f.im)
		t.sim.addFig(f.sim)
		t.imChange.addFig(f.imChange)
	}
}

// addRow adds a row's figures, given in the base (converted by the caller).
func (t *totals) addRow(mv, stressed, pnl, im, sim decimal.Decimal) {
	t.mv.add(mv)
	t.stressed.add(stressed)
	t.pnl.add(pnl)
	t.im.add(im)
	t.sim.add(sim)
	t.imChange.add(sim.Sub(im))
}

func (t *totals) fill(st *Stress) {
	st.TotalMarketValue, st.TotalStressedValue, st.TotalUnrealizedPnL = t.mv.dec(), t.stressed.dec(), t.pnl.dec()
	st.TotalInitialMargin, st.TotalStressedIM, st.TotalIMChange = t.im.dec(), t.sim.dec(), t.imChange.dec()
}

// netted are what a counterparty's call is netted from: its margined
// positions' figures summed, and apart those it margins as a prime
// broker's house margin.
type netted struct {
	positions                                           []string
	gross, imChange, stressedIM, mv, stressed, imBefore decimal.Decimal
	house, houseIM, houseBefore, houseSIM               decimal.Decimal
}

// cpSums sum a counterparty's positions into netted.
type cpSums struct {
	positions                                           []string
	gross, imChange, stressedIM, mv, stressed, imBefore sum
	house, houseIM, houseBefore, houseSIM               sum
}

func (s *cpSums) addFigs(p Position, f posFigs) {
	s.positions = append(s.positions, p.ID)
	s.gross.addFig(f.vm)
	s.imChange.addFig(f.imChange)
	s.stressedIM.addFig(f.sim)
	s.mv.addFig(f.mv)
	s.stressed.addFig(f.stressed)
	s.imBefore.addFig(f.im)
}

// addRow adds a row of the counterparty's (the caller matched its id).
func (s *cpSums) addRow(p PositionStress) {
	switch {
	case p.HouseMargined:
		// House margin is the PB's own call, outside any CSA.
		s.positions = append(s.positions, p.ID)
		s.house.add(p.VariationMargin)
		s.houseIM.add(p.IMChange)
		s.houseSIM.add(p.StressedIM)
		s.houseBefore.add(p.InitialMargin)
	case p.Margined:
		s.positions = append(s.positions, p.ID)
		s.gross.add(p.VariationMargin)
		s.imChange.add(p.IMChange)
		s.stressedIM.add(p.StressedIM)
		s.mv.add(p.MarketValue)
		s.stressed.add(p.StressedValue)
		s.imBefore.add(p.InitialMargin)
	}
}

func (s *cpSums) netted() netted {
	return netted{positions: s.positions,
		gross: s.gross.dec(), imChange: s.imChange.dec(), stressedIM: s.stressedIM.dec(),
		mv: s.mv.dec(), stressed: s.stressed.dec(), imBefore: s.imBefore.dec(),
		house: s.house.dec(), houseIM: s.houseIM.dec(), houseBefore: s.houseBefore.dec(), houseSIM: s.houseSIM.dec()}
}
