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
	mv, shock, stressed, pnl         fig
	vm, im, sim, imChange, call      fig
	margined, explicitIM, multiplied bool
}

// A Prepared is a book read once for stressing it under many scenarios (a
// Monte Carlo check): each position's figures as figs, its counterparty
// and factor as indices into tables made once per scenario. Stressing
// only reads it, so goroutines may share one.
type Prepared struct {
	b     *Book
	multi bool
	pos   []prepPos
	cps   []string // the counterparty ids positions name, each once ("" too)
	// cpBook is the book's index of each of cps (the first counterparty
	// of that id), −1 for none; first is the same for each counterparty.
	cpBook, first []int
	facs          []string // the factors positions name, each once ("" too)
	count         []int    // positions naming each counterparty: room for its list
}

// prepPos is a position as the figs read it. ok says its figures are figs
// and its kind is one the figs work: margined, or without a counterparty
// (a prime broker may margin a spot position it finances: houseMargin).
type prepPos struct {
	mv, beta, im, pnl fig
	ci, fi            int
	ok, margined      bool
	sold              bool // an asset sale sells it: StressCalls keeps its row
}

// Prepare reads b for stressing.
func Prepare(b *Book) *Prepared {
	x := &Prepared{b: b, multi: b.MultiCurrency(), pos: make([]prepPos, len(b.Positions)),
		first: make([]int, len(b.Counterparties)), count: make([]int, len(b.Counterparties))}
	book := map[string]int{}
	for i := len(b.Counterparties) - 1; i >= 0; i-- {
		book[b.Counterparties[i].ID] = i
	}
	for i, c := range b.Counterparties {
		x.first[i] = book[c.ID]
	}
	cpIdx, facIdx := map[string]int{}, map[string]int{}
	index := func(m map[string]int, list *[]string, s string) int {
		i, ok := m[s]
		if !ok {
			i = len(*list)
			m[s], *list = i, append(*list, s)
		}
		return i
	}
	sold := soldPositions(b)
	for i, p := range b.Positions {
		pp := &x.pos[i]
		pp.ci, pp.fi = index(cpIdx, &x.cps, p.Counterparty), index(facIdx, &x.facs, p.Factor)
		if pp.ci == len(x.cpBook) {
			bi, ok := book[p.Counterparty]
			if !ok {
				bi = -1
			}
			x.cpBook = append(x.cpBook, bi)
		}
		if bi := x.cpBook[pp.ci]; bi >= 0 {
			x.count[bi]++
		}
		pp.sold, pp.margined = sold[p.ID], p.Kind.Margined()
		var ok [5]bool
		var cost fig
		pp.mv, ok[0] = figOf(p.MarketValue)
		cost, ok[1] = figOf(p.Cost)
		pp.beta, ok[2] = figOf(p.Beta)
		pp.im, ok[3] = figOf(p.InitialMargin)
		if diff, fits := pp.mv.sub(cost); fits {
			pp.pnl, ok[4] = diff.cents()
		}
		pp.ok = ok == [5]bool{true, true, true, true, true} && (pp.margined || p.Counterparty == "")
	}
	return x
}

// tables are a scenario's figures by index: each factor's shock, and the
// IM multiplier of each (counterparty, factor) as stressedIM picks it.
type tables struct {
	shock                 []fig
	shockOK               []bool
	mult                  []fig // [ci × len(facs) + fi]
	multHas, multOK       []bool
	explicitV, explicitIM bool
}

func (x *Prepared) tables(sc Scenario) *tables {
	nf := len(x.facs)
	t := &tables{shock: make([]fig, nf), shockOK: make([]bool, nf), mult: make([]fig, len(x.cps)*nf),
		multHas: make([]bool, len(x.cps)*nf), multOK: make([]bool, len(x.cps)*nf),
		explicitV: len(sc.StressedValue) > 0, explicitIM: len(sc.InitialMargin) > 0}
	for fi, f := range x.facs {
		t.shock[fi], t.shockOK[fi] = figOf(sc.Shocks[f])
	}
	for ci, c := range x.cps {
		for fi, f := range x.facs {
			k := ci*nf + fi
			m, has := multiplier(sc, Position{Counterparty: c, Factor: f})
			t.multHas[k] = has
			if has {
				t.mult[k], t.multOK[k] = figOf(m)
			}
		}
	}
	return t
}

// figs works position i's figures under sc as stressPosition does; fast
// is false when it is left to stressPosition.
func (x *Prepared) figs(i int, sc Scenario, t *tables, f *posFigs) (fast bool) {
	pp := &x.pos[i]
	if !pp.ok || !t.shockOK[pp.fi] {
		return false
	}
	if t.explicitV {
		if _, explicit := sc.StressedValue[x.b.Positions[i].ID]; explicit {
			return false
		}
	}
	var ok [7]bool
	*f = posFigs{mv: pp.mv, pnl: pp.pnl, margined: pp.margined}
	f.shock, ok[0] = t.shock[pp.fi].mul(pp.beta)
	ret, ok1 := onePlus(f.shock)
	f.stressed, ok[1] = mulCents(pp.mv, ret)
	ok[1] = ok[1] && ok1
	if !f.margined {
		return ok[0] && ok[1]
	}
	f.vm, ok[2] = f.mv.sub(f.stressed)
	f.im, f.sim, ok[3], ok[4] = pp.im, pp.im, true, true
	var v decimal.Decimal
	explicit := false
	if t.explicitIM {
		v, explicit = sc.InitialMargin[x.b.Positions[i].ID]
	}
	k := pp.ci*len(x.facs) + pp.fi
	switch {
	case explicit:
		var e fig
		e, ok[3] = figOf(v)
		f.sim, ok[4] = e.cents()
		f.explicitIM, f.multiplied = true, true
	case t.multHas[k]:
		ok[3] = t.multOK[k]
		f.sim, ok[4] = mulCents(f.im, t.mult[k])
		f.multiplied = true
	}
	f.imChange, ok[5] = f.sim.sub(f.im)
	f.call, ok[6] = f.vm.add(f.imChange)
	return ok == [7]bool{true, true, true, true, true, true, true}
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
// StressCalls keeps.
func soldPositions(b *Book) map[string]bool {
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

func (t *totals) addFigs(f posFigs) {
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

func (s *cpSums) addFigs(id string, f posFigs) {
	s.positions = append(s.positions, id)
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

// stressMulti is Prepared.stress for a book in several currencies: every row is
// made (each counterparty's are restated in the currencies it calls in,
// callGroups), and totals are in the base at each side's rates.
func stressMulti(b, bs *Book, st Stress, rows bool) Stress {
	var tot totals
	for _, p := range b.Positions {
		ps := stressPosition(b, st.Scenario, p)
		st.Positions = append(st.Positions, ps)
		then, now := inBase(b.FX, ps.Currency, b.Currency), inBase(st.FX, ps.Currency, b.Currency)
		tot.addRow(then(ps.MarketValue), now(ps.StressedValue), then(ps.UnrealizedPnL), then(ps.InitialMargin), now(ps.StressedIM))
	}
	tot.fill(&st)
	for _, c := range b.Counterparties {
		for _, g := range callGroups(b, c, st, true) {
			var s cpSums
			for _, p := range g.st.Positions {
				if p.Counterparty == c.ID {
					s.addRow(p)
				}
			}
			cc, ok := netCounterparty(b, bs, g.cp, g.st, g.ccy, s.netted())
			if !ok {
				continue
			}
			st.Calls = append(st.Calls, cc)
			now := inBase(st.FX, g.ccy, b.Currency)
			st.TotalVariation = st.TotalVariation.Add(now(cc.VariationMargin))
			st.TotalMarginCall = st.TotalMarginCall.Add(now(cc.Call))
		}
	}
	if !rows {
		sold := soldPositions(b)
		kept := st.Positions[:0:0]
		for _, ps := range st.Positions {
			if sold[ps.ID] {
				kept = append(kept, ps)
			}
		}
		st.Positions = kept
	}
	return st
}
