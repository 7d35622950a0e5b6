package risk

import (
	"runtime"
	"sync"
)

// parallel runs fn over [0, n) split into contiguous chunks, one
// goroutine per worker (workers ≤ 0: one per CPU the runtime may use).
// Results must not depend on the split: each index is computed alone.
func parallel(n, workers int, fn func(lo, hi int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n))
	// Small chunks balance the load when some scenarios fall back to the
	// slow path; large enough that scheduling costs nothing.
	chunk := max(1, min(64, n/(workers*4)))
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				lo := next
				next += chunk
				mu.Unlock()
				if lo >= n {
					return
				}
				fn(lo, min(lo+chunk, n))
			}
		}()
	}
	wg.Wait()
}
