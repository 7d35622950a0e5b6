package engine

import "github.com/shopspring/decimal"

// A FactorModel is how the book's risk factors move from day to day: the
// daily volatility of each factor's return and the correlations between
// them. It is what a Monte Carlo generator draws scenario shocks from;
// the engine itself only carries it (package risk draws).
type FactorModel struct {
	// Factors in the order the book writes them: that order is the order
	// of the covariance matrix, so a seed reproduces the same draws.
	Factors []Factor
	// Correlations are the pairs the book gives; a pair not given is
	// uncorrelated. Each unordered pair appears at most once.
	Correlations []Correlation
}

// A Factor is one risk factor with the standard deviation of its daily
// return (0.015 = a 1.5% move is one sigma).
type Factor struct {
	Name     string
	DailyVol decimal.Decimal
}

// A Correlation is the correlation rho of two factors' daily returns.
type Correlation struct {
	A, B string
	Rho  decimal.Decimal
}

// Index returns the position of a factor in the model, or -1.
func (m FactorModel) Index(name string) int {
	for i, f := range m.Factors {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// IMResponse is how a margin regime answers the size of a move: a clearing
// house raises initial margin when markets move by many standard
// deviations. The IM multiplier for a move of z sigmas is
//
//	min(Cap, Base + PerSigma × z)
//
// where z is the largest move, in sigmas of its factor over the horizon,
// among the factors the counterparty's positions move with.
type IMResponse struct {
	Base, PerSigma, Cap decimal.Decimal
}

// NoIMResponse leaves initial margin where it is, whatever the move: the
// model a book without an im_response section gets.
var NoIMResponse = IMResponse{Base: one, PerSigma: zero, Cap: one}

// IsZero reports whether the response was left unset.
func (r IMResponse) IsZero() bool {
	return r.Base.IsZero() && r.PerSigma.IsZero() && r.Cap.IsZero()
}

// Multiplier is the IM multiplier for a move of z sigmas (z ≥ 0).
func (r IMResponse) Multiplier(z decimal.Decimal) decimal.Decimal {
	if r.IsZero() {
		r = NoIMResponse
	}
	return MinDec(r.Cap, r.Base.Add(r.PerSigma.Mul(z)))
}

// IMResponseOf is the response model of a counterparty: its own when the
// book gives one, else the book's.
func (b *Book) IMResponseOf(c Counterparty) IMResponse {
	if !c.IMResponse.IsZero() {
		return c.IMResponse
	}
	if !b.IMResponse.IsZero() {
		return b.IMResponse
	}
	return NoIMResponse
}
