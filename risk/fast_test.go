package risk

import (
	"math/rand/v2"
	"testing"
)

// TestFastCallsEqualChecked: the fast loop gives every counterparty's call
// exactly as the checked loop does, on ordinary draws, on coarse moves
// that make exact half-cent ties common, and on moves of ±100% that push
// products past what int64 holds and onto the 128-bit path.
func TestFastCallsEqualChecked(t *testing.T) {
	k, _ := synthKernel(t, 2000, 1)
	r := rand.New(rand.NewPCG(9, 9))
	nf := len(k.Model.Names)
	shock, mult := make([]int64, nf+1), make([]int64, len(k.cps))
	want, got := make([]int64, len(k.cps)), make([]int64, len(k.cps))
	move := make([]int64, nf)
	for trial := range 3000 {
		for f := range move {
			switch trial % 3 {
			case 0: // an ordinary day: within a few percent
				move[f] = r.Int64N(120_001) - 60_000
			case 1: // coarse: multiples of 0.5%, ties likely
				move[f] = (r.Int64N(41) - 20) * 5_000
			default: // extreme, up to the ±100% clamp
				move[f] = r.Int64N(2*maxMove+1) - maxMove
			}
		}
		tw, okw := k.calls(move, 1, shock, mult, want)
		tg, okg := k.fastCalls(move, 1, shock, mult, got)
		if okw != okg || tw != tg {
			t.Fatalf("trial %d move %v: fast %d (%v), checked %d (%v)", trial, move, tg, okg, tw, okw)
		}
		for c := range want {
			if want[c] != got[c] {
				t.Fatalf("trial %d counterparty %d: fast %d, checked %d", trial, c, got[c], want[c])
			}
		}
	}
}

// TestFastTie: by hand, MV 1.00 (100 cents) × β 1 moved −0.5% is a move of
// −0.5 cent: the stressed value 0.995 rounds away from zero to 1.00, so
// the move is 0 (rounding the move alone would give −1); moved +0.5% it
// is 1.005 → 1.01, a move of +1. Short, −1.00 moved −0.5% is −0.995 →
// −1.00: 0 again. MV 0.01 (β 1) moved −150% is −0.015 → stressed −0.005
// → −0.01: the move is −2 cents, not the −1 of the move rounded alone.
func TestFastTie(t *testing.T) {
	k := &Kernel{mv: []int64{100, -100, 1}}
	for _, c := range []struct {
		i          int
		mvb, shock int64
		want       int64
	}{
		{0, 100 * 10_000, -5_000, 0},
		{0, 100 * 10_000, 5_000, 1},
		{1, -100 * 10_000, -5_000, 0},
		{2, 1 * 10_000, -1_500_000, -2},
	} {
		p := c.mvb * c.shock
		sg := p>>63 | 1
		tt := p + sg*halfUnit
		d := tt / shockBetaUnit
		if tt == d*shockBetaUnit {
			d = k.tie(c.i, d, sg)
		}
		if d != c.want {
			t.Errorf("position %d: move %d, want %d", c.i, d, c.want)
		}
	}
}
