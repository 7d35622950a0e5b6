// Package ratio reports benchmark figures as ratios to a reference run in
// the same loop, so that they hold on a machine shared with other work,
// where absolute times do not. It is for benchmarks only.
package ratio

import (
	"testing"
	"time"
)

// Report runs ref and target alternately, once each per iteration (both
// meet the same load), and reports target/ref under unit ("x-float-floor"),
// and the target's own time per op in ms ("ms"), which it returns.
func Report(b *testing.B, unit string, ref, target func()) time.Duration {
	b.Helper()
	tr, tt := alternate(b, ref, target)
	b.ReportMetric(float64(tt)/float64(tr), unit)
	b.ReportMetric(float64(tt.Microseconds())/1000/float64(b.N), "ms")
	return tt / time.Duration(max(1, b.N))
}

// alternate runs ref then target once each per iteration, so that both
// meet the same load, and returns their total times.
func alternate(b *testing.B, ref, target func()) (tr, tt time.Duration) {
	for b.Loop() {
		t0 := time.Now()
		ref()
		t1 := time.Now()
		target()
		tt += time.Since(t1)
		tr += t1.Sub(t0)
	}
	return tr, tt
}

// MBps reports the target's own throughput over n bytes an op ("MB/s-target";
// the benchmark's MB/s counts the reference's time too).
func MBps(b *testing.B, n int, perOp time.Duration) {
	if perOp > 0 {
		b.ReportMetric(float64(n)/1e6/perOp.Seconds(), "MB/s-target")
	}
}

// Scaled is Report for a reference that does a different amount of work:
// refPer and targetPer are the units of work (scenarios, say) each call
// does, and the ratio is of the time per unit.
func Scaled(b *testing.B, unit string, ref func(), refPer int, target func(), targetPer int) {
	b.Helper()
	tr, tt := alternate(b, ref, target)
	b.ReportMetric((float64(tt)/float64(targetPer))/(float64(tr)/float64(refPer)), unit)
	b.ReportMetric(float64(tt.Microseconds())/1000/float64(b.N), "ms")
}
