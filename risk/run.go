package risk

import "github.com/shopspring/decimal"

// Outcome is one scenario's result, in cents.
type Outcome struct {
	// TotalCall is the sum of the counterparties' net calls at the end of
	// the horizon (one that pays the firm counts negative), as
	// engine.Stress.TotalMarginCall.
	TotalCall int64
	// Outflow is the cumulative margin paid over the horizon: each day's
	// rise in each counterparty's call, summed (a fall is margin coming
	// back: not an outflow; it counts as a source for later calls unless
	// the book says count_inflows: false).
	Outflow int64
	// Shortfall is what the plain plan cannot cover in time.
	Shortfall int64
	// Buffer is the cash that, held from the start, covers the outflow
	// without any asset sale: the shortfall of the plain plan with the
	// asset sales left out. Committed sources the scenario does not
	// withdraw count (the buffer is net of them).
	Buffer int64
}

// Results are the outcomes of every scenario of a run.
type Results struct {
	Outcomes []Outcome
	// Fallback lists the scenarios whose figures overflowed int64 and were
	// computed on the decimal path instead.
	Fallback []int
}

// scratch is one worker's memory, allocated once: the kernel's inner loop
// allocates nothing.
type scratch struct {
	shock, mult, prev, cur, need, capacity, left, inLeft []int64
}

func (k *Kernel) newScratch() *scratch {
	nc := len(k.cps)
	return &scratch{
		shock: make([]int64, len(k.Model.Names)+1), mult: make([]int64, nc),
		prev: make([]int64, nc), cur: make([]int64, nc),
		need: make([]int64, len(k.wf.slots)), capacity: make([]int64, len(k.wf.sources)),
		left: make([]int64, len(k.wf.sources)), inLeft: make([]int64, len(k.wf.slots)),
	}
}

// Outcome evaluates scenario s on the kernel; ok is false when a figure
// would overflow int64 (the decimal path then gives it).
func (k *Kernel) Outcome(sc *Scenarios, s int) (Outcome, bool) {
	return k.outcome(sc, s, k.newScratch())
}

func (k *Kernel) outcome(sc *Scenarios, s int, w *scratch) (Outcome, bool) {
	var o Outcome
	clear(w.prev)
	// need[slot] for (day, cp): the slots are in deadline order, so index
	// them through a per-day table.
	for d := range k.Days {
		total, ok := k.fastCalls(sc.Move(s, d), d+1, w.shock, w.mult, w.cur)
		if !ok {
			return o, false
		}
		if d == 0 {
			for j := range k.wf.sources {
				sp := &k.wf.sources[j]
				if sp.sale {
					if w.capacity[j], ok = k.saleCapacity(sp, w.shock, w.mult); !ok {
						return o, false
					}
				} else {
					w.capacity[j] = sp.capacity
				}
			}
		}
		for i, sl := range k.wf.slots {
			if sl.day == d {
				w.need[i] = w.cur[sl.cp] - w.prev[sl.cp]
				o.Outflow += max(0, w.need[i])
			}
		}
		copy(w.prev, w.cur)
		o.TotalCall = total
	}
	o.Shortfall = k.wf.allocate(w.need, w.capacity, w.left, w.inLeft, false)
	o.Buffer = k.wf.allocate(w.need, w.capacity, w.left, w.inLeft, true)
	return o, true
}

// Run evaluates every scenario, in parallel over scenarios (workers ≤ 0:
// one per CPU). A scenario that overflows the kernel is recomputed on the
// decimal path, so every figure is exact.
func (k *Kernel) Run(sc *Scenarios, workers int) Results {
	return k.RunProgress(sc, workers, nil)
}

// Progress is told how many more scenarios are done, from any worker
// goroutine (so it must be safe for concurrent use); nil for none.
type Progress func(done int)

// RunProgress is Run, telling progress as chunks of scenarios finish.
func (k *Kernel) RunProgress(sc *Scenarios, workers int, progress Progress) Results {
	res := Results{Outcomes: make([]Outcome, sc.N)}
	failed := make([]bool, sc.N)
	parallel(sc.N, workers, func(lo, hi int) {
		w := k.newScratch()
		for s := lo; s < hi; s++ {
			res.Outcomes[s], failed[s] = k.outcome(sc, s, w)
			failed[s] = !failed[s]
		}
		if progress != nil {
			progress(hi - lo)
		}
	})
	for s, f := range failed {
		if f {
			res.Outcomes[s] = k.DecimalOutcome(sc, s).Cents()
			res.Fallback = append(res.Fallback, s)
		}
	}
	return res
}

// RunDecimal evaluates every scenario on the decimal path: the reference,
// slow (exact decimals throughout) but free of any fixed-point argument.
func (k *Kernel) RunDecimal(sc *Scenarios, workers int) Results {
	return k.RunDecimalProgress(sc, workers, nil)
}

// RunDecimalProgress is RunDecimal, telling progress as it goes.
func (k *Kernel) RunDecimalProgress(sc *Scenarios, workers int, progress Progress) Results {
	res := Results{Outcomes: make([]Outcome, sc.N)}
	parallel(sc.N, workers, func(lo, hi int) {
		for s := lo; s < hi; s++ {
			res.Outcomes[s] = k.DecimalOutcome(sc, s).Cents()
		}
		if progress != nil {
			progress(hi - lo)
		}
	})
	return res
}

// Money turns cents back into an exact decimal amount.
func Money(c int64) decimal.Decimal { return decimal.New(c, -2) }
