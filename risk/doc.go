// Package risk runs thousands of stress scenarios on demand and turns them
// into the figures a treasurer sizes a liquidity buffer with: the
// distribution of the margin call and of the shortfall after the plain
// plan (liquidity-at-risk), reverse stress tests, and buffer sizing.
//
// It is a package of its own, not part of engine, because it brings what
// the engine must not: floating-point scenario generation (Cholesky
// factors, normal and Student-t draws) and a fixed-point kernel that
// re-implements the engine's stress in int64 cents for speed. The engine
// stays the exact decimal reference; this package proves itself against
// it (kernel_test.go compares every figure to the cent) and falls back to
// it when a book or a move cannot be represented exactly in int64.
//
// Like the engine it never does I/O, reads a clock or keeps global state:
// randomness comes only from a seed, so a run is reproducible.
//
// Scenarios are exact: each generated daily factor return is rounded to
// a millionth (1e-6) before it is used, and the IM multiplier of each
// counterparty to a millionth too, so the kernel and the decimal path
// compute from the same exact inputs.
package risk
