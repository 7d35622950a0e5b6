package engine

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// fig is the exact decimal c × 10^e, held in an int64 while its
// coefficient fits: the stress's per-position arithmetic in registers
// instead of big.Int, which allocates on every operation. Each operation
// gives exactly the coefficient and exponent decimal.Decimal's gives (so
// dec is the very decimal the shopspring expression returns, not merely
// an equal one: TestFigMatchesDecimal), or ok false when a result would
// not fit, and the caller then computes in decimal.
type fig struct {
	c int64
	e int32
}

// pow10 are the powers of ten an int64 holds.
var pow10 = [19]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// maxExp bounds the exponents figs take: far beyond any figure a book or a
// scenario writes, and small enough that no exponent sum can overflow.
const maxExp = 40

// figOf is d as a fig; ok is false when its coefficient has more than 18
// digits or its exponent is out of range. It does not allocate.
func figOf(d decimal.Decimal) (fig, bool) {
	e := d.Exponent()
	if e > maxExp || e < -maxExp || d.NumDigits() > 18 {
		return fig{}, false
	}
	return fig{d.CoefficientInt64(), e}, true
}

// dec is the fig as a decimal (the zero fig of exponent 0 as the zero
// decimal, which allocates nothing).
func (f fig) dec() decimal.Decimal {
	if f == (fig{}) {
		return decimal.Decimal{}
	}
	return decimal.New(f.c, f.e)
}

// up is c × 10^k, k ≥ 0, when it fits.
func up(c int64, k int32) (int64, bool) {
	if c == 0 || k == 0 {
		return c, true
	}
	if k >= int32(len(pow10)) {
		return 0, false
	}
	return mul64(c, pow10[k])
}

func mul64(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(uabs(a), uabs(b))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if (a < 0) != (b < 0) {
		return -int64(lo), true
	}
	return int64(lo), true
}

func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, (a >= 0) != (b >= 0) || (s >= 0) == (a >= 0)
}

func uabs(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}

// aligned are a and b at the smaller exponent, as decimal's Add and Sub
// rescale them.
func aligned(a, b fig) (ac, bc int64, e int32, ok bool) {
	e = min(a.e, b.e)
	ac, ok1 := up(a.c, a.e-e)
	bc, ok2 := up(b.c, b.e-e)
	return ac, bc, e, ok1 && ok2
}

// add is a.Add(b).
func (a fig) add(b fig) (fig, bool) {
	if a.e == b.e {
		s, ok := add64(a.c, b.c)
		return fig{s, a.e}, ok
	}
	ac, bc, e, ok := aligned(a, b)
	if !ok {
		return fig{}, false
	}
	s, ok := add64(ac, bc)
	return fig{s, e}, ok
}

// sub is a.Sub(b).
func (a fig) sub(b fig) (fig, bool) {
	if b.c == math.MinInt64 {
		return fig{}, false
	}
	return a.add(fig{-b.c, b.e})
}

// onePlus is decimal 1 (exponent 0) plus f.
func onePlus(f fig) (fig, bool) {
	if f.e < 0 && f.e > -int32(len(pow10)) {
		s, ok := add64(pow10[-f.e], f.c)
		return fig{s, f.e}, ok
	}
	return fig{1, 0}.add(f)
}

// mul is a.Mul(b).
func (a fig) mul(b fig) (fig, bool) {
	c, ok := mul64(a.c, b.c)
	return fig{c, a.e + b.e}, ok
}

// cents is Cents(f): f.Round(2).
func (f fig) cents() (fig, bool) { return centsOf(f.c < 0, 0, uabs(f.c), f.e) }

// mulCents is Cents(a.Mul(b)), the product held in 128 bits, so that a
// stressed value whose exact product has more digits than an int64 still
// rounds in registers.
func mulCents(a, b fig) (fig, bool) {
	hi, lo := bits.Mul64(uabs(a.c), uabs(b.c))
	return centsOf((a.c < 0) != (b.c < 0) && hi|lo != 0, hi, lo, a.e+b.e)
}

// centsOf rounds ±(hi·2⁶⁴ + lo) × 10^e to cents as decimal's Round(2)
// does: a figure already in cents is kept; otherwise it is cut toward zero
// to three places, then 5 added to its magnitude and a place cut again
// (half away from zero), giving exponent −2.
func centsOf(neg bool, hi, lo uint64, e int32) (fig, bool) {
	var m uint64
	switch {
	case e == -2:
		if hi != 0 || lo > math.MaxInt64 {
			return fig{}, false
		}
		m = lo
	case e > -2:
		// Exact: the digits below the cent are zeros.
		v, ok := up(int64(lo), e+2)
		if hi != 0 || lo > math.MaxInt64 || !ok {
			return fig{}, false
		}
		m = uint64(v)
	default:
		k := -3 - e // places cut to reach three decimals
		q := lo
		if k > 0 {
			if k >= int32(len(pow10)) {
				if hi != 0 {
					return fig{}, false
				}
				q = 0 // |value| < 10^19 × 10^e < 10^-3
			} else {
				d := uint64(pow10[k])
				if hi >= d {
					return fig{}, false
				}
				if hi == 0 {
					q = divPow10(lo, k)
				} else {
					q, _ = bits.Div64(hi, lo, d)
				}
			}
		} else if hi != 0 {
			return fig{}, false
		}
		if q > math.MaxUint64-5 {
			return fig{}, false
		}
		m = (q + 5) / 10
		if m > math.MaxInt64 {
			return fig{}, false
		}
	}
	if neg {
		return fig{-int64(m), -2}, true
	}
	return fig{int64(m), -2}, true
}

// sum is an exact running sum as a chain of decimal Adds from zero gives
// it — the same coefficient at the smallest exponent added (and at most
// 0) — kept in a fig; what would not fit spills into a decimal.
type sum struct {
	f       fig
	over    decimal.Decimal
	spilled bool
}

func (s *sum) add(d decimal.Decimal) {
	if f, ok := figOf(d); ok {
		s.addFig(f)
		return
	}
	s.over, s.spilled = s.over.Add(d), true
}

func (s *sum) addFig(f fig) {
	if f.e == s.f.e {
		if c, ok := add64(s.f.c, f.c); ok {
			s.f.c = c
			return
		}
	}
	if r, ok := s.f.add(f); ok {
		s.f = r
		return
	}
	s.over, s.spilled = s.over.Add(f.dec()), true
}

// dec is the sum. Both parts' exponents are the smallest of what they
// hold (and at most 0), so adding them leaves the smallest of all.
func (s sum) dec() decimal.Decimal {
	if !s.spilled {
		return s.f.dec()
	}
	return decimal.New(s.f.c, s.f.e).Add(s.over)
}

// divPow10 is v / 10^k, 0 < k < 19, each power a constant the compiler
// divides by with a multiply: a stress divides twice a position.
func divPow10(v uint64, k int32) uint64 {
	switch k {
	case 1:
		return v / 1e1
	case 2:
		return v / 1e2
	case 3:
		return v / 1e3
	case 4:
		return v / 1e4
	case 5:
		return v / 1e5
	case 6:
		return v / 1e6
	case 7:
		return v / 1e7
	case 8:
		return v / 1e8
	case 9:
		return v / 1e9
	case 10:
		return v / 1e10
	case 11:
		return v / 1e11
	case 12:
		return v / 1e12
	}
	return v / uint64(pow10[k])
}
