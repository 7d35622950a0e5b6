//go:build race

package state

// raceEnabled: the race detector makes each open of a damaged file costly
// (tens of ms), so long sweeps sample under it.
const raceEnabled = true
