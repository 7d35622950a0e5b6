package risk

import (
	"testing"

	"github.com/warroom/warroom/internal/ratio"
)

// benchSetup is the target: a generated 10,000-position book and
// 10,000 one-day Monte Carlo scenarios.
func benchSetup(b *testing.B) (*Kernel, *Scenarios) {
	k, m := synthKernel(b, 10_000, 1)
	sc, err := MonteCarlo(m, 10_000, 1, Dist{}, 1)
	if err != nil {
		b.Fatal(err)
	}
	return k, sc
}

// floatFloor is the practical floor: a plain float64 loop over the same
// positions and scenarios (stressed value, IM, per-counterparty sums; no
// rounding, no netting rules), parallel the same way. It is not exact; it
// shows what the exact kernel costs over the hardware's limit.
func floatFloor(k *Kernel, sc *Scenarios) func() {
	mv := make([]float64, len(k.mv))
	beta := make([]float64, len(k.mv))
	im := make([]float64, len(k.mv))
	for i := range mv {
		mv[i], beta[i], im[i] = float64(k.mv[i])/100, float64(k.beta[i])/betaScale, float64(k.im[i])/100
	}
	out := make([]float64, sc.N)
	return func() {
		parallel(sc.N, 0, func(lo, hi int) {
			shock := make([]float64, len(k.Model.Names)+1)
			mult := make([]int64, len(k.cps))
			for s := lo; s < hi; s++ {
				move := sc.Move(s, 0)
				for f, v := range move {
					shock[f] = float64(v) / Micro
				}
				k.IMMultipliers(move, 1, mult)
				var total float64
				for c := range k.cps {
					r := &k.cps[c]
					m := float64(mult[c]) / Micro
					var vm, dim float64
					for i := r.lo; i < r.hi; i++ {
						vm -= mv[i] * shock[k.fac[i]] * beta[i]
						dim += im[i] * (m - 1)
					}
					total += vm + dim
				}
				out[s] = total
			}
		})
	}
}

// BenchmarkKernel10kx10k runs the whole: every scenario's calls, outflow,
// shortfall and buffer, exactly, in parallel over scenarios; as a ratio to
// the float floor on the same work (x-float-floor).
func BenchmarkKernel10kx10k(b *testing.B) {
	k, sc := benchSetup(b)
	ratio.Report(b, "x-float-floor", floatFloor(k, sc), func() {
		if res := k.Run(sc, 0); len(res.Fallback) != 0 {
			b.Fatal("fallback")
		}
	})
}

// BenchmarkFloatFloor is the floor alone, for its absolute time.
func BenchmarkFloatFloor(b *testing.B) {
	k, sc := benchSetup(b)
	floor := floatFloor(k, sc)
	for b.Loop() {
		floor()
	}
}

// BenchmarkDecimalPath is the reference on a sample of 20 scenarios,
// against the kernel on all 10,000: the kernel's time per scenario as a
// fraction of the decimal path's (x-decimal-path; 0.002 is 500× faster).
func BenchmarkDecimalPath(b *testing.B) {
	k, sc := benchSetup(b)
	ratio.Scaled(b, "x-decimal-path", func() {
		parallel(20, 0, func(lo, hi int) {
			for s := lo; s < hi; s++ {
				k.DecimalOutcome(sc, s)
			}
		})
	}, 20, func() { k.Run(sc, 0) }, sc.N)
}

// BenchmarkMonteCarlo10k is the cost of drawing the scenarios themselves,
// as a ratio to the kernel evaluating them on a 10,000-position book
// (x-kernel): what generation adds to a run.
func BenchmarkMonteCarlo10k(b *testing.B) {
	k, sc := benchSetup(b)
	ratio.Report(b, "x-kernel", func() { k.Run(sc, 0) }, func() {
		if _, err := MonteCarlo(k.Model, 10_000, 1, Dist{StudentT: true, DoF: 4}, 1); err != nil {
			b.Fatal(err)
		}
	})
}
