// Package engine holds warroom's pure computation: the book as the firm's
// position when the alert fires, the stress of that book under a scenario,
// the margin calls it produces, the liquidity waterfall that funds them,
// collateral allocation and liquidation planning.
//
// The engine must never do I/O, read a clock, or keep global state: every
// figure is a function of its inputs. That is what makes drills, replays
// and tests exact. Money is github.com/shopspring/decimal throughout and is
// rounded to cents, half-up, at the end of each amount (see Cents).
// Floats appear only inside the collateral optimiser's linear programme
// (gonum's simplex) and the impact model's square root; their results are
// brought back to exact cents and re-verified in decimal.
package engine
