package engine

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// same says a fig is the very decimal want: equal and at its exponent
// (what String, StringFixed and every later operation see).
func same(t *testing.T, what string, got fig, ok bool, want decimal.Decimal) {
	t.Helper()
	if !ok {
		t.Fatalf("%s: not in a fig; want %s (exp %d)", what, want, want.Exponent())
	}
	if d := got.dec(); !d.Equal(want) || d.Exponent() != want.Exponent() {
		t.Fatalf("%s = %s (exp %d), want %s (exp %d)", what, d, d.Exponent(), want, want.Exponent())
	}
}

func mustFig(t *testing.T, s string) fig {
	t.Helper()
	f, ok := figOf(decimal.RequireFromString(s))
	if !ok {
		t.Fatalf("%s: no fig", s)
	}
	return f
}

// TestFigByHand works the cases a stress meets by hand.
//   - P00001 of the synthetic book, −15,471,132.70 rates futures, beta
//     1.45, rates −5%: the return is −0.05 × 1.45 = −0.0725, the stressed
//     value −15,471,132.70 × 0.9275 = −14,349,475.57925, −14,349,475.58 to
//     the cent (half away from zero); VM = −15,471,132.70 + 14,349,475.58 =
//     −1,121,657.12 (the firm receives).
//   - Ties go away from zero: 0.125 → 0.13, −0.125 → −0.13, 0.135 → 0.14;
//     0.0049999 → 0.00; a figure in whole units keeps its value at two
//     places: 814,270 → 814,270.00.
//   - IM 814,270 × multiplier 1.234567 = 814,270 + 162,854 + 24,428.10 +
//     3,718.77109 = 1,005,270.87109: 1,005,270.87.
func TestFigByHand(t *testing.T) {
	mv, shock, beta := mustFig(t, "-15471132.70"), mustFig(t, "-0.050000"), mustFig(t, "1.45")
	ret, ok := shock.mul(beta)
	same(t, "return", ret, ok, decimal.RequireFromString("-0.07250000")) // decimal keeps every place: 6 + 2
	onePlus, ok := fig{1, 0}.add(ret)
	same(t, "1 + return", onePlus, ok, decimal.RequireFromString("0.92750000"))
	st, ok := mulCents(mv, onePlus)
	same(t, "stressed", st, ok, decimal.RequireFromString("-14349475.58"))
	vm, ok := mv.sub(st)
	same(t, "VM", vm, ok, decimal.RequireFromString("-1121657.12"))
	for in, want := range map[string]string{"0.125": "0.13", "-0.125": "-0.13", "0.135": "0.14", "0.0049999": "0.00",
		"814270": "814270.00", "-0.005": "-0.01", "12.34": "12.34"} {
		got, ok := mustFig(t, in).cents()
		same(t, "cents "+in, got, ok, decimal.RequireFromString(want))
	}
	im, ok := mulCents(mustFig(t, "814270"), mustFig(t, "1.234567"))
	same(t, "stressed IM", im, ok, decimal.RequireFromString("1005270.87"))
}

// randDec is a decimal of up to digits digits at an exponent in
// [lo, hi], either sign.
func randDec(r *rand.Rand, digits, lo, hi int) decimal.Decimal {
	n := r.IntN(digits) + 1
	var c int64
	for range n {
		c = c*10 + r.Int64N(10)
	}
	if r.IntN(2) == 0 {
		c = -c
	}
	return decimal.New(c, int32(lo+r.IntN(hi-lo+1)))
}

// TestFigMatchesDecimal: on random figures every fig operation gives the
// decimal the shopspring expression gives, exponent and all, or says it
// cannot (never a wrong figure). On figures of a book's size (12 digits,
// at most 6 places) sums, differences and cents always fit.
func TestFigMatchesDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fits := map[string]int{}
	for i := range 200_000 {
		book := i%2 == 0
		var a, b decimal.Decimal
		if book {
			a, b = randDec(r, 12, -6, 0), randDec(r, 12, -6, 0)
		} else {
			a, b = randDec(r, 18, -12, 3), randDec(r, 18, -12, 3)
		}
		fa, _ := figOf(a)
		fb, _ := figOf(b)
		check := func(what string, got fig, ok bool, want decimal.Decimal, mustFit bool) {
			switch {
			case ok:
				same(t, what+" of "+a.String()+", "+b.String(), got, ok, want)
				fits[what]++
			case mustFit:
				t.Fatalf("%s of %s, %s: no fig for figures of a book's size", what, a, b)
			}
		}
		got, ok := fa.add(fb)
		check("add", got, ok, a.Add(b), book)
		got, ok = fa.sub(fb)
		check("sub", got, ok, a.Sub(b), book)
		got, ok = fa.mul(fb)
		check("mul", got, ok, a.Mul(b), false)
		got, ok = fa.cents()
		check("cents", got, ok, Cents(a), book)
		got, ok = mulCents(fa, fb)
		check("mulCents", got, ok, Cents(a.Mul(b)), false)
		got, ok = onePlus(fa)
		check("onePlus", got, ok, one.Add(a), book)
	}
	for _, what := range []string{"add", "sub", "mul", "cents", "mulCents", "onePlus"} {
		if fits[what] < 50_000 {
			t.Errorf("%s fitted only %d times", what, fits[what])
		}
	}
}

// TestSumMatchesDecimal: a sum is the chain of decimal Adds from zero,
// exponent and all, however large the terms (what does not fit spills).
func TestSumMatchesDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2_000 {
		var s sum
		var want decimal.Decimal
		for range r.IntN(60) {
			d := randDec(r, 18, -6, 2)
			if r.IntN(10) == 0 {
				d = d.Mul(decimal.New(1, 12)).Add(d) // beyond an int64
			}
			if r.IntN(2) == 0 {
				s.add(d)
			} else if f, ok := figOf(d); ok {
				s.addFig(f)
			} else {
				s.add(d)
			}
			want = want.Add(d)
		}
		if got := s.dec(); !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("sum %s (exp %d), want %s (exp %d)", got, got.Exponent(), want, want.Exponent())
		}
	}
}
