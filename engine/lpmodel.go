package engine

import (
	"errors"
	"fmt"
	"math"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// The collateral allocation is a linear programme. Floats live only in
// this file: the solution is turned back into exact decimal cents and
// re-verified by reconcile (optimise_round.go).

type varKind int

const (
	varDraw  varKind = iota // cash drawn from a source for a call
	varPost                 // market value of a holding posted to a call
	varRepo                 // market value of a holding repo'd via a source, its cash serving a call
	varShort                // what no variable covers of a call, at a penalty
)

// lpVar is one column: what it is, what one unit of it credits to its
// call, and what one unit costs over the horizon.
type lpVar struct {
	kind             varKind
	call, src, hold  int
	credit, unitCost float64
}

// lpRow is one constraint: Σ coef × x ≤ rhs, or = rhs when eq.
type lpRow struct {
	cols  []int
	coefs []float64
	rhs   float64
	eq    bool
	// limit, when set, names the concentration limit the row enforces.
	limit *boundRow
}

// boundRow remembers a limit row so that the plan can say which bound.
type boundRow struct {
	call   int
	limit  Limit
	group  []int // holding indices
	issuer string
	capD   decimal.Decimal // what the limit allows posted now, exact
	cap    float64
}

type lpModel struct {
	vars []lpVar
	rows []lpRow
}

func (m *lpModel) add(v lpVar) int {
	m.vars = append(m.vars, v)
	return len(m.vars) - 1
}

// lpScale expresses money in millions inside the solve, so that the
// simplex works on figures of order one.
const lpScale = 1e6

// solve runs the simplex on the model in standard form: every ≤ row gets a
// slack column; each coverage (equality) row starts with its shortfall
// variable in the basis and every ≤ row with its slack, which is a
// feasible basis because all right-hand sides are non-negative. Phase I is
// not needed, and the problem is never infeasible.
func (m *lpModel) solve() ([]float64, error) {
	n := len(m.vars)
	slacks := 0
	for _, r := range m.rows {
		if !r.eq {
			slacks++
		}
	}
	rows, cols := len(m.rows), n+slacks
	if rows == 0 {
		return make([]float64, n), nil
	}
	a := mat.NewDense(rows, cols, nil)
	b := make([]float64, rows)
	c := make([]float64, cols)
	for j, v := range m.vars {
		c[j] = v.unitCost
	}
	basic := make([]int, rows)
	s := n
	for i, r := range m.rows {
		for k, col := range r.cols {
			a.Set(i, col, a.At(i, col)+r.coefs[k])
		}
		b[i] = math.Max(r.rhs, 0) / lpScale
		if r.eq {
			basic[i] = -1
			for _, col := range r.cols {
				if m.vars[col].kind == varShort {
					basic[i] = col
				}
			}
			if basic[i] < 0 {
				return nil, errors.New("optimise: coverage row without a shortfall variable")
			}
			continue
		}
		a.Set(i, s, 1)
		basic[i] = s
		s++
	}
	_, x, err := lp.Simplex(c, a, b, 1e-12, basic)
	if err != nil {
		return nil, fmt.Errorf("optimise: simplex: %w", err)
	}
	out := make([]float64, n)
	for j := range out {
		out[j] = math.Max(x[j], 0) * lpScale
	}
	return out, nil
}

// shortfall is the solution's total shortfall (money, not scaled).
func (m *lpModel) shortfall(x []float64) float64 {
	var f float64
	for j, v := range m.vars {
		if v.kind == varShort {
			f += x[j]
		}
	}
	return f
}
