package risk

import (
	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// DecimalOutcome is an Outcome in exact decimals.
type DecimalOutcome struct {
	TotalCall, Outflow, Shortfall, Buffer decimal.Decimal
}

// Cents converts the outcome to cents (every figure is a whole number of
// cents: the engine rounds each amount).
func (o DecimalOutcome) Cents() Outcome {
	c := func(d decimal.Decimal) int64 { return d.Shift(2).IntPart() }
	return Outcome{TotalCall: c(o.TotalCall), Outflow: c(o.Outflow), Shortfall: c(o.Shortfall), Buffer: c(o.Buffer)}
}

// Scenario is day d (1-based) of scenario s as an engine scenario: the
// cumulative factor moves as shocks, each counterparty's IM multiplier
// from the IM response model, and the base scenario's regime (withdrawn
// sources, impact multiplier). Explicit stressed values and margins of
// the base scenario are not carried: the generated move replaces them.
func (k *Kernel) Scenario(sc *Scenarios, s, d int) engine.Scenario {
	move := sc.Move(s, d-1)
	return k.ScenarioOf(move, d)
}

// ScenarioOf is the engine scenario of one cumulative move on day d.
func (k *Kernel) ScenarioOf(move []int64, d int) engine.Scenario {
	out := engine.Scenario{
		ID: "generated", Name: "generated move",
		Shocks: map[string]decimal.Decimal{}, StressedValue: map[string]decimal.Decimal{},
		IMMultiplier: map[string]decimal.Decimal{}, InitialMargin: map[string]decimal.Decimal{},
		Withdraw: k.Base.Withdraw, ImpactMultiplier: k.Base.ImpactMultiplier,
		HaircutWidening: k.Base.HaircutWidening, Path: map[string][]decimal.Decimal{},
	}
	if out.ImpactMultiplier.IsZero() {
		out.ImpactMultiplier = decimal.NewFromInt(1)
	}
	for f, name := range k.Model.Names {
		out.Shocks[name] = decimal.New(move[f], -6)
	}
	mult := make([]int64, len(k.cps))
	k.IMMultipliers(move, d, mult)
	for c, r := range k.cps {
		out.IMMultiplier[r.ID] = decimal.New(mult[c], -6)
	}
	return out
}

// DecimalOutcome evaluates scenario s through the engine itself, in
// decimal: engine.StressCalls (StressBook's calls and totals, without the
// rows nothing here reads) for each day, each counterparty's daily rise
// in its call due at that day's deadline, engine.SourceCapacity and
// engine.Allocate for the plain plan. It shares nothing with the kernel
// but the scenario, which is what makes it the kernel's proof.
func (k *Kernel) DecimalOutcome(sc *Scenarios, s int) DecimalOutcome {
	moves := make([][]int64, k.Days)
	for d := range k.Days {
		moves[d] = sc.Move(s, d)
	}
	return k.decimalPath(moves)
}

func (k *Kernel) decimalPath(moves [][]int64) DecimalOutcome {
	b := k.callBook()
	var o DecimalOutcome
	prev := map[string]decimal.Decimal{}
	var calls []engine.Call
	var inflows []engine.Supply
	var first, last engine.Stress
	// toBase leaves a base amount exactly as it is (a book finer than
	// cents runs here); another currency converts at the day's rates.
	toBase := func(fx engine.FX, d decimal.Decimal, ccy string) decimal.Decimal {
		if ccy == "" || ccy == b.Currency {
			return d
		}
		return engine.Cents(fx.MustConvert(d, ccy, b.Currency))
	}
	for d, move := range moves {
		st := k.prepared.Calls(k.ScenarioOf(move, d+1))
		if d == 0 {
			first = st
		}
		last = st
		for _, c := range st.Calls {
			// A counterparty calls once per currency (engine.CallCurrency).
			key := c.ID + "/" + c.Currency
			rise := c.Call.Sub(prev[key])
			prev[key] = c.Call
			if rise.Sign() > 0 {
				o.Outflow = o.Outflow.Add(toBase(st.FX, rise, c.Currency))
				cp, _ := b.Counterparty(c.ID)
				calls = append(calls, engine.Call{Counterparty: c.ID, Name: c.Name, Amount: rise, Deadline: b.DeadlineOn(cp, c.Deadline, d+1), Currency: c.Currency})
			} else if rise.Sign() < 0 && !b.IgnoreInflows {
				cp, _ := b.Counterparty(c.ID)
				inflows = append(inflows, engine.Supply{ID: engine.InflowSourceID(c.ID), Amount: rise.Neg(), ArrivesAt: InflowOn(b, cp, d+1), Currency: c.Currency})
			}
		}
		o.TotalCall = st.TotalMarginCall
	}
	engine.SortCalls(calls)
	supplies := make([]engine.Supply, len(b.Sources))
	for j, src := range b.Sources {
		capacity, _ := engine.SourceCapacity(b, first, src)
		supplies[j] = engine.Supply{ID: src.ID, Amount: capacity, ArrivesAt: b.SourceArrival(src, b.AsOf),
			Withdrawn: first.Scenario.Withdrawn(src.ID), Currency: src.Currency}
	}
	// Margin coming back goes after the sources here and before them in
	// the kernel: the total shortfall is the same either way.
	supplies = append(supplies, inflows...)
	// Several currencies: each call in its own first, then through the
	// book's conversions at the last day's rates; shortfalls in the base.
	var x *engine.Exchange
	if k.multi {
		x = &engine.Exchange{Base: b.Currency, FX: last.FX, Conversions: b.Conversions, Arrival: b.ConversionArrival, From: b.AsOf}
	}
	inBase := func(a engine.Allocation) decimal.Decimal {
		var t decimal.Decimal
		for i, s := range a.Shortfall {
			t = t.Add(toBase(last.FX, s, calls[i].Currency))
		}
		return t
	}
	o.Shortfall = inBase(engine.AllocateFX(calls, supplies, x))
	for j, src := range b.Sources {
		if src.Kind == engine.SourceAssetSale {
			supplies[j].Withdrawn = true
		}
	}
	o.Buffer = inBase(engine.AllocateFX(calls, supplies, x))
	return o
}

// callBook is the book with only the positions a call or a source can
// depend on: those a counterparty margins or finances (it nets only those)
// and those an asset sale sells (its proceeds are their stressed value). The engine
// gives the same calls and capacities on it as on the whole book
// (TestCallBookGivesTheSameOutcome), in a fraction of the time when most
// of a book is spot and bonds.
func (k *Kernel) callBook() *engine.Book {
	k.callOnce.Do(func() {
		sold := map[string]bool{}
		for _, s := range k.Book.Sources {
			if s.Kind == engine.SourceAssetSale {
				sold[s.Position] = true
			}
		}
		keep := func(p engine.Position) bool { return p.Kind.Margined() || p.Counterparty != "" || sold[p.ID] }
		n := 0
		for _, p := range k.Book.Positions {
			if keep(p) {
				n++
			}
		}
		b := *k.Book
		b.Positions = make([]engine.Position, 0, n)
		for _, p := range k.Book.Positions {
			if keep(p) {
				b.Positions = append(b.Positions, p)
			}
		}
		k.calls0 = &b
		k.prepared, k.multi = engine.Prepare(&b), b.MultiCurrency()
	})
	return k.calls0
}
