package risk

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Micro is the unit of a factor return: a millionth (1e-6 = 0.0001%).
const Micro = 1_000_000

// maxMove bounds a cumulative factor return to ±100%: a price cannot fall
// further than to zero, and a fat-tailed draw that says otherwise is an
// artefact of the distribution, not a market move.
const maxMove = Micro

// Scenarios are paths of factor moves: for each scenario and each day of
// the horizon, the cumulative return of each factor since the alert, in
// millionths. Day d's margin calls are the book re-marked at day d's
// cumulative move.
type Scenarios struct {
	N, Days int
	Factors []string
	// Moves[(s*Days+d)*F+f] is factor f's cumulative return through day
	// d+1 of scenario s, in millionths.
	Moves []int64
}

// Move returns scenario s's cumulative moves through day d (0-based).
func (sc *Scenarios) Move(s, d int) []int64 {
	f := len(sc.Factors)
	i := (s*sc.Days + d) * f
	return sc.Moves[i : i+f]
}

// Dist is the distribution of daily factor returns.
type Dist struct {
	// StudentT draws fat tails: a multivariate Student-t with DoF degrees
	// of freedom, scaled so that each factor's standard deviation is still
	// its daily_vol. Otherwise the draws are normal.
	StudentT bool
	DoF      int
}

// MonteCarlo draws n scenarios of days daily returns each. Scenario s is
// drawn from its own stream (PCG seeded with seed and s), so a run is
// reproducible and does not depend on how the work is split.
func MonteCarlo(m *Model, n, days int, dist Dist, seed uint64) (*Scenarios, error) {
	if n <= 0 || days <= 0 {
		return nil, fmt.Errorf("want at least one scenario and one day (got %d scenarios, %d days)", n, days)
	}
	if dist.StudentT && dist.DoF < 3 {
		return nil, fmt.Errorf("a Student-t distribution needs at least 3 degrees of freedom for a finite volatility (got %d)", dist.DoF)
	}
	f := len(m.Names)
	sc := &Scenarios{N: n, Days: days, Factors: m.Names, Moves: make([]int64, n*days*f)}
	tScale := 1.0
	if dist.StudentT {
		// A t with ν degrees of freedom has variance ν/(ν−2): scale it back
		// so that daily_vol keeps meaning one standard deviation.
		tScale = math.Sqrt(float64(dist.DoF-2) / float64(dist.DoF))
	}
	parallel(n, 0, func(lo, hi int) {
		z := make([]float64, f)
		cum := make([]int64, f)
		for s := lo; s < hi; s++ {
			rng := rand.New(rand.NewPCG(seed, uint64(s)))
			clear(cum)
			for d := range days {
				for i := range z {
					z[i] = rng.NormFloat64()
				}
				w := tScale
				if dist.StudentT {
					var chi2 float64
					for range dist.DoF {
						g := rng.NormFloat64()
						chi2 += g * g
					}
					w *= math.Sqrt(float64(dist.DoF) / chi2)
				}
				out := sc.Move(s, d)
				for i := range f {
					var x float64
					for j := 0; j < f; j++ {
						x += m.L[i*f+j] * z[j]
					}
					cum[i] = clampMove(cum[i] + int64(math.Round(x*w*m.Vol[i]*Micro)))
					out[i] = cum[i]
				}
			}
		}
	})
	return sc, nil
}

func clampMove(v int64) int64 { return max(-maxMove, min(maxMove, v)) }

// History is a table of daily factor returns, oldest first, in millionths.
type History struct {
	Factors []string
	Days    [][]int64
}

// ParseHistory reads a CSV of daily factor returns: a header naming the
// factors (a column named date is skipped), then one row a day of decimal
// returns (-0.0123). Returns are rounded half away from zero to a
// millionth. A column that is not a factor of the model is refused (a
// typo would silently drop a factor); a model factor with no column does
// not move.
func ParseHistory(name string, data []byte, factors []string) (*History, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.TrimLeadingSpace = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: want a header and at least one row of returns", name)
	}
	col := make([]int, len(rows[0]))
	for j, h := range rows[0] {
		h = strings.TrimSpace(h)
		col[j] = slices.Index(factors, h)
		if col[j] < 0 && !strings.EqualFold(h, "date") {
			return nil, fmt.Errorf("%s:1: column %q is not a factor of the book (have %s)", name, h, strings.Join(factors, ", "))
		}
	}
	h := &History{Factors: factors}
	for i, row := range rows[1:] {
		day := make([]int64, len(factors))
		for j, cell := range row {
			if col[j] < 0 {
				continue
			}
			d, err := decimal.NewFromString(strings.TrimSpace(cell))
			if err != nil || strings.ContainsAny(cell, "eE") {
				return nil, fmt.Errorf("%s:%d: %s: %q is not a decimal return (like -0.0123)", name, i+2, rows[0][j], cell)
			}
			day[col[j]] = clampMove(d.Shift(6).Round(0).IntPart())
		}
		h.Days = append(h.Days, day)
	}
	return h, nil
}

// Historical makes one scenario per window of days consecutive rows of
// the history (overlapping windows), the moves accumulated day by day.
func Historical(h *History, days int) (*Scenarios, error) {
	n := len(h.Days) - days + 1
	if days <= 0 || n <= 0 {
		return nil, fmt.Errorf("the history has %d days; a %d-day horizon needs at least that many", len(h.Days), days)
	}
	f := len(h.Factors)
	sc := &Scenarios{N: n, Days: days, Factors: h.Factors, Moves: make([]int64, n*days*f)}
	for s := range n {
		cum := make([]int64, f)
		for d := range days {
			out := sc.Move(s, d)
			for i := range f {
				cum[i] = clampMove(cum[i] + h.Days[s+d][i])
				out[i] = cum[i]
			}
		}
	}
	return sc, nil
}
