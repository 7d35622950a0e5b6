package risk

import (
	"github.com/shopspring/decimal"
)

// A Break is the smallest one-day move found, along one direction, at
// which the calls exhaust the liquidity that arrives in time: the plain
// plan first falls short.
type Break struct {
	Found bool
	// Moves are the factor returns of the move (every model factor).
	Moves map[string]decimal.Decimal
	// Sigmas is the move's size in standard deviations of the joint
	// distribution (NaN when it cannot be measured).
	Sigmas    float64
	TotalCall decimal.Decimal
	Shortfall decimal.Decimal
}

// FactorBreak is the reverse stress along one factor, down and up.
type FactorBreak struct {
	Factor   string
	Down, Up Break
}

// ReverseStress is the reverse stress test: instead of asking what a
// scenario costs, it asks how large a move the firm can take before it
// cannot pay in time.
type ReverseStress struct {
	InTimeLiquidity decimal.Decimal
	Factors         []FactorBreak
	// Worst is the break along the direction of the worst scenario found
	// (WorstScenario, -1 when none was given), reached at Scale times that
	// scenario's move.
	Worst         Break
	WorstScenario int
	Scale         decimal.Decimal
}

// Reverse runs the reverse stress on a one-day kernel. Along each factor,
// and along the move of scenario worst of sc (when worst ≥ 0), it finds
// the smallest move, to a millionth, at which the plain plan falls short.
// The search bisects, which assumes the shortfall only grows with the
// size of the move along a direction (true of a book whose positions on
// a factor are all on one side; a mixed book can have more than one
// break, and the one found is then a break, not necessarily the first).
func (k *Kernel) Reverse(sc *Scenarios, worst int) ReverseStress {
	rs := ReverseStress{InTimeLiquidity: k.InTimeLiquidity(), WorstScenario: -1}
	nf := len(k.Model.Names)
	for f, name := range k.Model.Names {
		fb := FactorBreak{Factor: name}
		for _, sign := range []int64{-1, 1} {
			br, _ := k.bisect(func(j int64) []int64 {
				mv := make([]int64, nf)
				mv[f] = sign * j
				return mv
			}, Micro)
			if sign < 0 {
				fb.Down = br
			} else {
				fb.Up = br
			}
		}
		rs.Factors = append(rs.Factors, fb)
	}
	if sc != nil && worst >= 0 && worst < sc.N {
		dir := sc.Move(worst, sc.Days-1)
		var top int64
		for _, v := range dir {
			top = max(top, abs64(v))
		}
		if top > 0 {
			// Scale j/1e6 of the worst move, up to the point where some
			// factor reaches ±100%.
			limit := int64(Micro) * Micro / top
			at := func(j int64) []int64 {
				mv := make([]int64, nf)
				for i, v := range dir {
					mv[i] = roundDiv(v*j, Micro)
				}
				return mv
			}
			var j int64
			rs.Worst, j = k.bisect(at, limit)
			rs.WorstScenario = worst
			if rs.Worst.Found {
				rs.Scale = decimal.New(j, -6)
			}
		}
	}
	return rs
}

// bisect finds the smallest j in [0, limit] at which move(j) falls short.
func (k *Kernel) bisect(move func(int64) []int64, limit int64) (Break, int64) {
	short := func(j int64) bool { return k.oneDay(move(j)).Shortfall > 0 }
	if !short(limit) {
		return Break{}, 0
	}
	lo, hi := int64(-1), limit // short(lo) is false (or lo = -1), short(hi) true
	if short(0) {
		hi = 0
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if short(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	mv := move(hi)
	o := k.oneDay(mv)
	br := Break{Found: true, Moves: map[string]decimal.Decimal{}, TotalCall: Money(o.TotalCall), Shortfall: Money(o.Shortfall)}
	fl := make([]float64, len(mv))
	for i, v := range mv {
		br.Moves[k.Model.Names[i]] = decimal.New(v, -6)
		fl[i] = float64(v) / Micro
	}
	br.Sigmas = k.Model.Sigmas(fl)
	return br, hi
}

// oneDay evaluates a single one-day move exactly (kernel, or the decimal
// path when the kernel cannot).
func (k *Kernel) oneDay(move []int64) Outcome {
	sc := &Scenarios{N: 1, Days: 1, Factors: k.Model.Names, Moves: move}
	if k.exact && k.Days == 1 {
		if o, ok := k.Outcome(sc, 0); ok {
			return o
		}
	}
	return k.decimalPath([][]int64{move}).Cents()
}

// roundDiv is a/b rounded half away from zero (b > 0).
func roundDiv(a, b int64) int64 {
	q, r := a/b, a%b
	if 2*abs64(r) >= b {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}
