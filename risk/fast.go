package risk

import (
	"math/bits"
	"slices"
)

// The kernel's inner loop, laid out for speed without giving up a cent:
//
//   - Within a counterparty, positions are sorted by factor, so a run of
//     positions shares one shock and the loop reads one array (MV × β,
//     premultiplied) instead of four.
//   - A position's move is MV × β × shock / 1e10, rounded as decimal's
//     Round(2) rounds the stressed value. In int64 that is one multiply,
//     one division by a constant (a multiply by the compiler) and a rare
//     fix for exact ties — wherever no product can overflow, which a
//     check per run and scenario (the run's largest |MV × β| against the
//     shock) proves. A run that might overflow takes the 128-bit path.
//   - Only the VM sum depends on each position's rounding; a CCP's call is
//     ΣMV − Σstressed = −Σmove, so the stressed values are never built.
//   - The IM change is Σ round(IM × m) − ΣIM over the positions with IM,
//     again in int64 when the largest IM times the multiplier fits.
//
// TestFastCallsEqualChecked proves the result equal to the checked loop
// (calls) figure by figure, and TestKernelEqualsDecimalPath to the
// engine's decimal arithmetic.

// run is positions [lo, hi) of one counterparty that move with one factor.
type run struct {
	fac    int32
	lo, hi int
	maxMVB uint64 // the largest |MV × β| of the run
	// checked: some |MV × β| of the run does not fit; it takes the 128-bit path.
	checked bool
}

// fastCP is what the fast loop needs of a counterparty.
type fastCP struct {
	runs  []run
	ims   []int64 // the positions' IMs, those not zero
	imSum int64
	maxIM uint64
}

const halfUnit = shockBetaUnit / 2

// compileFast sorts each counterparty's positions by factor and builds
// the runs. The order of positions within a counterparty changes nothing:
// every figure is a sum over them.
func (k *Kernel) compileFast() {
	k.fast = make([]fastCP, len(k.cps))
	k.mvb = make([]int64, len(k.mv))
	for c := range k.cps {
		r := &k.cps[c]
		// By factor, stably (a counting sort: the factors are few).
		count := make([]int, len(k.Model.Names)+2)
		for i := r.lo; i < r.hi; i++ {
			count[k.fac[i]+1]++
		}
		for f := 1; f < len(count); f++ {
			count[f] += count[f-1]
		}
		idx := make([]int, r.hi-r.lo)
		for i := r.lo; i < r.hi; i++ {
			idx[count[k.fac[i]]] = i
			count[k.fac[i]]++
		}
		mv, im, beta, fac := slices.Clone(k.mv[r.lo:r.hi]), slices.Clone(k.im[r.lo:r.hi]),
			slices.Clone(k.beta[r.lo:r.hi]), slices.Clone(k.fac[r.lo:r.hi])
		for j, i := range idx {
			o := i - r.lo
			k.mv[r.lo+j], k.im[r.lo+j], k.beta[r.lo+j], k.fac[r.lo+j] = mv[o], im[o], beta[o], fac[o]
		}
		f := &k.fast[c]
		for i := r.lo; i < r.hi; i++ {
			if i == r.lo || k.fac[i] != k.fac[i-1] {
				f.runs = append(f.runs, run{fac: k.fac[i], lo: i})
			}
			ru := &f.runs[len(f.runs)-1]
			ru.hi = i + 1
			if fits(uint64(abs64(k.mv[i])), uint64(abs64(k.beta[i]))) {
				k.mvb[i] = k.mv[i] * k.beta[i]
				ru.maxMVB = max(ru.maxMVB, uint64(abs64(k.mvb[i])))
			} else {
				ru.checked = true
			}
			if k.im[i] != 0 {
				f.ims = append(f.ims, k.im[i])
				f.imSum += k.im[i]
				f.maxIM = max(f.maxIM, uint64(k.im[i]))
			}
		}
	}
}

// fits says a×b plus a rounding half stays below 2^62.
func fits(a, b uint64) bool {
	hi, lo := bits.Mul64(a, b)
	return hi == 0 && lo < 1<<62
}

// fastCalls is calls, laid out for speed; same contract, same figures.
func (k *Kernel) fastCalls(move []int64, day int, shock, mult, out []int64) (total int64, ok bool) {
	if k.fast == nil {
		return k.calls(move, day, shock, mult, out) // not compiled exact
	}
	copy(shock, move)
	shock[len(move)] = 0
	k.IMMultipliers(move, day, mult)
	for c := range k.cps {
		r, f := &k.cps[c], &k.fast[c]
		m := mult[c]
		withIM := m != Micro && f.imSum != 0
		imFast := withIM && fits(f.maxIM, uint64(m))
		var moved, scaled int64 // Σ(stressed − MV); Σ round(IM × m) when imFast
		for _, ru := range f.runs {
			sh := shock[ru.fac]
			mvb, im := k.mvb[ru.lo:ru.hi], k.im[ru.lo:ru.hi]
			switch {
			case sh != 0 && !ru.checked && fits(ru.maxMVB, uint64(abs64(sh))):
				if imFast {
					d, s := k.moveAndIM(ru.lo, mvb, im, sh, uint64(m))
					moved, scaled = moved+d, scaled+s
				} else {
					moved += k.move(ru.lo, mvb, sh)
				}
				continue
			case sh != 0:
				d, good := k.checkedRun(ru, sh)
				if !good {
					return 0, false
				}
				moved += d
			}
			if imFast {
				scaled += scaleIM(im, uint64(m))
			}
		}
		var imChange int64
		if withIM {
			if !imFast {
				for _, im := range f.ims {
					sim, good := scaledIM(im, m)
					if !good {
						return 0, false
					}
					scaled += sim
				}
			}
			imChange = scaled - f.imSum
		}
		// The netting is calls' own, on the sums.
		var call int64
		if r.ccp {
			call = -moved + imChange // Σ(MV − stressed), exactly
		} else {
			call = csaCall(r, r.mvSum+moved, imChange)
		}
		out[c] = call
		total += call
	}
	return total, true
}

// move is Σ(stressed − MV) over one run's MV × β, moved by shock sh; the
// caller has checked that no product overflows. lo is the run's first
// position, for a tie.
func (k *Kernel) move(lo int, mvb []int64, sh int64) int64 {
	var acc int64
	for j, x := range mvb {
		p := x * sh
		sg := p>>63 | 1
		t := p + sg*halfUnit
		d := t / shockBetaUnit
		if t == d*shockBetaUnit {
			d = k.tie(lo+j, d, sg)
		}
		acc += d
	}
	return acc
}

// moveAndIM is move, and Σ round(IM × m) over the same positions, in one
// pass: the loop the float floor runs, kept exact.
func (k *Kernel) moveAndIM(lo int, mvb, im []int64, sh int64, m uint64) (int64, int64) {
	im = im[:len(mvb)]
	var acc int64
	var scaled uint64
	for j, x := range mvb {
		p := x * sh
		sg := p>>63 | 1
		t := p + sg*halfUnit
		d := t / shockBetaUnit
		if t == d*shockBetaUnit {
			d = k.tie(lo+j, d, sg)
		}
		acc += d
		scaled += (uint64(im[j])*m + Micro/2) / Micro
	}
	return acc, int64(scaled)
}

// scaleIM is Σ round(IM × m) half up; the caller has checked that no
// product overflows.
func scaleIM(im []int64, m uint64) int64 {
	var scaled uint64
	for _, x := range im {
		scaled += (uint64(x)*m + Micro/2) / Micro
	}
	return int64(scaled)
}

// tie corrects a move that fell exactly half a cent from two: d rounded
// it away from zero of the move; decimal rounds away from zero of the
// stressed value MV + move, which differs when they have opposite signs.
func (k *Kernel) tie(i int, d, sg int64) int64 {
	q := abs64(d) - 1 // the move's whole cents
	base := k.mv[i] + sg*q
	if (sg > 0 && base >= 0) || (sg < 0 && base <= 0) {
		return d
	}
	return d - sg
}

// checkedRun is a run's Σ(stressed − MV) on the 128-bit path.
func (k *Kernel) checkedRun(ru run, sh int64) (int64, bool) {
	var d int64
	for i := ru.lo; i < ru.hi; i++ {
		st, good := stressed(k.mv[i], sh*k.beta[i])
		if !good {
			return 0, false
		}
		d += st - k.mv[i]
	}
	return d, true
}
