package risk

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/warroom/warroom/engine"
)

// psdTolerance is how negative the smallest eigenvalue of a correlation
// matrix may be and still be taken as rounding noise (matrices typed to a
// few decimals are rarely exactly semi-definite at the boundary).
const psdTolerance = 1e-10

// A Model is a book's factor model made ready to draw from: the factors'
// daily volatilities and a matrix L with L Lᵀ = the correlation matrix,
// so that L z has the book's correlations when z is independent draws.
type Model struct {
	Names []string
	Vol   []float64
	// L is F×F, row-major; lower-triangular when Cholesky succeeded.
	L []float64
	// Corr is the correlation matrix used (repaired when Repaired).
	Corr []float64
	// Repaired says negative eigenvalues were clipped (only when asked).
	Repaired bool
	// MinEigen is the smallest eigenvalue of the matrix as the book gave it.
	MinEigen float64
	// inv is the inverse correlation matrix, for distances in sigmas; nil
	// when the matrix is singular.
	inv []float64
}

// NotPSDError says a correlation matrix is not positive semi-definite: no
// joint distribution has those correlations, so no scenario can be drawn.
type NotPSDError struct {
	Eigenvalue float64
	Factors    []string
}

func (e *NotPSDError) Error() string {
	return fmt.Sprintf("the correlation matrix of factors %v is not positive semi-definite (smallest eigenvalue %.6g); "+
		"no market has those correlations together: fix them, or pass --repair-correlation to clip the negative eigenvalues", e.Factors, e.Eigenvalue)
}

// NewModel prepares a factor model. A matrix that is not positive
// semi-definite is refused with its offending eigenvalue, unless repair is
// set: then negative eigenvalues are clipped to zero and the result
// rescaled to a unit diagonal (the nearest-PSD repair by eigenvalue
// clipping), and Repaired says so.
func NewModel(fm engine.FactorModel, repair bool) (*Model, error) {
	n := len(fm.Factors)
	if n == 0 {
		return nil, fmt.Errorf("the book has no factors section: Monte Carlo scenarios need each factor's daily_vol")
	}
	m := &Model{Names: make([]string, n), Vol: make([]float64, n)}
	for i, f := range fm.Factors {
		m.Names[i] = f.Name
		m.Vol[i], _ = f.DailyVol.Float64()
	}
	c := mat.NewSymDense(n, nil)
	for i := range n {
		c.SetSym(i, i, 1)
	}
	for _, k := range fm.Correlations {
		a, b := fm.Index(k.A), fm.Index(k.B)
		rho, _ := k.Rho.Float64()
		c.SetSym(a, b, rho)
	}
	var eig mat.EigenSym
	if !eig.Factorize(c, true) {
		return nil, fmt.Errorf("the correlation matrix could not be decomposed")
	}
	vals := eig.Values(nil)
	m.MinEigen = vals[0]
	for _, v := range vals {
		m.MinEigen = math.Min(m.MinEigen, v)
	}
	if m.MinEigen < -psdTolerance {
		if !repair {
			return nil, &NotPSDError{Eigenvalue: m.MinEigen, Factors: m.Names}
		}
		c = clipEigen(&eig, vals)
		m.Repaired = true
	}
	m.Corr = make([]float64, n*n)
	for i := range n {
		for j := range n {
			m.Corr[i*n+j] = c.At(i, j)
		}
	}
	m.L = factor(c, n)
	var inv mat.Dense
	if err := inv.Inverse(c); err == nil {
		m.inv = make([]float64, n*n)
		for i := range n {
			for j := range n {
				m.inv[i*n+j] = inv.At(i, j)
			}
		}
	}
	return m, nil
}

// clipEigen rebuilds V max(Λ, 0) Vᵀ and rescales it to a unit diagonal.
func clipEigen(eig *mat.EigenSym, vals []float64) *mat.SymDense {
	n := len(vals)
	var v mat.Dense
	eig.VectorsTo(&v)
	out := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			var s float64
			for k := range n {
				s += v.At(i, k) * math.Max(vals[k], 0) * v.At(j, k)
			}
			out.SetSym(i, j, s)
		}
	}
	d := make([]float64, n)
	for i := range n {
		d[i] = math.Sqrt(out.At(i, i))
	}
	for i := range n {
		for j := i; j < n; j++ {
			if d[i] > 0 && d[j] > 0 {
				out.SetSym(i, j, out.At(i, j)/(d[i]*d[j]))
			}
		}
	}
	return out
}

// factor returns L with L Lᵀ = c: the Cholesky factor, or for a singular
// (semi-definite) matrix, where Cholesky fails, V sqrt(Λ).
func factor(c *mat.SymDense, n int) []float64 {
	l := make([]float64, n*n)
	var ch mat.Cholesky
	if ch.Factorize(c) {
		var t mat.TriDense
		ch.LTo(&t)
		for i := range n {
			for j := 0; j <= i; j++ {
				l[i*n+j] = t.At(i, j)
			}
		}
		return l
	}
	var eig mat.EigenSym
	eig.Factorize(c, true)
	vals := eig.Values(nil)
	var v mat.Dense
	eig.VectorsTo(&v)
	for i := range n {
		for j := range n {
			l[i*n+j] = v.At(i, j) * math.Sqrt(math.Max(vals[j], 0))
		}
	}
	return l
}

// Sigmas is the size of a one-day move (factor returns, in the model's
// order) in standard deviations of the joint distribution: the
// Mahalanobis distance sqrt(yᵀ C⁻¹ y) with y the returns over their
// volatilities. NaN when a moved factor has no volatility or the
// correlation matrix is singular.
func (m *Model) Sigmas(move []float64) float64 {
	n := len(m.Names)
	y := make([]float64, n)
	for i, r := range move {
		switch {
		case r == 0:
		case m.Vol[i] == 0:
			return math.NaN()
		default:
			y[i] = r / m.Vol[i]
		}
	}
	if m.inv == nil {
		return math.NaN()
	}
	var d2 float64
	for i := range n {
		for j := range n {
			d2 += y[i] * m.inv[i*n+j] * y[j]
		}
	}
	return math.Sqrt(math.Max(d2, 0))
}
