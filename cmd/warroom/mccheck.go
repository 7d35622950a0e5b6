package main

import (
	"runtime"
	"sync"

	"github.com/warroom/warroom/risk"
)

// decimalChecks recomputes scenarios on the decimal path, on every core.
// The sample (--check K, spread evenly over the run) is known as soon as
// the scenarios are drawn, so it starts then: it runs beside the kernel
// and through the serial work around it (compiling the book, ranking the
// results), where a core would otherwise wait. The figures' own scenarios
// follow once the kernel has named them. Each outcome depends on its
// scenario alone, so the order they finish in changes nothing.
type decimalChecks struct {
	k      *risk.Kernel
	sc     *risk.Scenarios
	sample []int
	mu     sync.Mutex
	done   map[int]risk.DecimalOutcome
	wg     sync.WaitGroup
}

// startChecks starts the sample of k scenarios of sc.
func startChecks(k *risk.Kernel, sc *risk.Scenarios, n int) *decimalChecks {
	c := &decimalChecks{k: k, sc: sc, done: map[int]risk.DecimalOutcome{}}
	for i := range n {
		c.sample = append(c.sample, i*sc.N/max(1, n))
	}
	c.run(c.sample)
	return c
}

// run computes the scenarios not yet done or started, in the background.
func (c *decimalChecks) run(idx []int) {
	next := make(chan int, len(idx))
	c.mu.Lock()
	for _, s := range idx {
		if _, ok := c.done[s]; !ok {
			c.done[s] = risk.DecimalOutcome{} // claimed; filled when done
			next <- s
		}
	}
	c.mu.Unlock()
	close(next)
	for range min(runtime.GOMAXPROCS(0), len(next)) {
		c.wg.Go(func() {
			for s := range next {
				o := c.k.DecimalOutcome(c.sc, s)
				c.mu.Lock()
				c.done[s] = o
				c.mu.Unlock()
			}
		})
	}
}

// outcomes are the scenarios' decimal outcomes, in idx's order, once all
// of them (and the sample) are done.
func (c *decimalChecks) outcomes(idx []int) []risk.DecimalOutcome {
	c.run(idx)
	c.wg.Wait()
	out := make([]risk.DecimalOutcome, len(idx))
	for i, s := range idx {
		out[i] = c.done[s]
	}
	return out
}
