package risk

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// betaScale is the fixed-point unit of a beta: 1e-4. A shock (1e-6) times
// a beta (1e-4) is a return in units of 1e-10, so a stressed value is
// MV + MV × sb / shockBetaUnit with a compile-time constant divisor.
const (
	betaScale     = 10_000
	shockBetaUnit = Micro * betaScale
)

// ErrNotExact says the book cannot be run on the fixed-point kernel
// exactly: a figure finer than a cent, a beta finer than 1e-4, or sums
// that could overflow int64. The decimal path (Kernel.DecimalOutcome) is
// always exact, only slower.
var ErrNotExact = errors.New("the book cannot be run exactly in fixed point")

// A Kernel is a book compiled for fast, exact stress: margined positions
// as int64 cents grouped by counterparty, betas in 1e-4, each position's
// factor as an index into the model, and the liquidity waterfall as
// integer capacities with its in-time table precomputed.
type Kernel struct {
	Book  *engine.Book
	Model *Model
	// Base is the scenario whose regime generated scenarios inherit: the
	// sources it withdraws and its impact multiplier (not its shocks or
	// explicit figures, which the generated moves replace).
	Base engine.Scenario
	Days int
	// exact says Run may be used (Compile succeeded); Evaluate sets it.
	exact bool

	mv, beta, im []int64
	fac          []int32 // model index; len(Model.Names) for "no factor"
	cps          []cpRange
	wf           waterfall
	// fast and mvb are the layout of the fast loop (fast.go).
	fast []fastCP
	mvb  []int64
	// calls0 is the book the decimal path stresses (callBook), made once,
	// and prepared its figures read once for every scenario it stresses.
	calls0   *engine.Book
	prepared *engine.Prepared
	multi    bool // the call book is in several currencies
	callOnce sync.Once
}

// cpRange is one counterparty's margined positions, [lo, hi) in the
// kernel's arrays, with what its netting needs.
type cpRange struct {
	engine.Counterparty
	lo, hi   int
	ccp      bool
	thr, mta int64
	mvSum    int64
	imSum    int64
	factors  []int // the model factors its positions move with
	resp     [3]float64
}

// Compile prepares a book for the kernel over a horizon of days. Every
// factor a position moves with must have a volatility in the model.
func Compile(b *engine.Book, m *Model, base engine.Scenario, days int) (*Kernel, error) {
	if days <= 0 {
		return nil, fmt.Errorf("the horizon must be at least one day")
	}
	k := &Kernel{Book: b, Model: m, Base: base, Days: days}
	none := int32(len(m.Names))
	var bound, imBound float64
	exact := true
	// Each counterparty's margined positions, in book order, found in one
	// pass over the book.
	margined := map[string][]int{}
	for i := range b.Positions {
		if p := &b.Positions[i]; p.Kind.Margined() {
			margined[p.Counterparty] = append(margined[p.Counterparty], i)
		}
	}
	for _, c := range b.Counterparties {
		r := cpRange{Counterparty: c, lo: len(k.mv), ccp: c.Kind == engine.CCP}
		resp := b.IMResponseOf(c)
		r.resp[0], _ = resp.Base.Float64()
		r.resp[1], _ = resp.PerSigma.Float64()
		r.resp[2], _ = resp.Cap.Float64()
		for _, i := range margined[c.ID] {
			p := &b.Positions[i]
			f, err := k.factorOf(*p)
			if err != nil {
				return nil, err
			}
			if f != none && !slices.Contains(r.factors, int(f)) {
				r.factors = append(r.factors, int(f))
			}
			mv, ok1 := cents(p.MarketValue)
			im, ok2 := cents(p.InitialMargin)
			beta, ok3 := scaled(p.Beta, betaScale)
			exact = exact && ok1 && ok2 && ok3 && abs64(beta) <= 1e12
			k.mv, k.im, k.beta, k.fac = append(k.mv, mv), append(k.im, im), append(k.beta, beta), append(k.fac, f)
			r.mvSum += mv
			r.imSum += im
			absBeta, _ := p.Beta.Abs().Float64()
			bound += math.Abs(float64(mv)) * (2 + absBeta)
			imBound += float64(im) * math.Max(r.resp[2], 1)
		}
		r.hi = len(k.mv)
		if r.hi == r.lo {
			continue // no margined position: no call (as the engine nets)
		}
		// Securities lodged with a counterparty change how an IM decrease
		// nets (engine.StressBook); the kernel does not model them, so such
		// a book runs on the decimal path.
		for _, l := range c.Lodged {
			exact = exact && l.Class == engine.ClassCash
		}
		// Likewise a CSA with terms beyond threshold and MTA (independent
		// amount, an explicit balance, rounding, an own IM CSA).
		exact = exact && c.CSA == (engine.CSATerms{})
		var ok1, ok2 bool
		r.thr, ok1 = cents(c.Threshold)
		r.mta, ok2 = cents(c.MinTransfer)
		exact = exact && ok1 && ok2
		k.cps = append(k.cps, r)
	}
	// Collateral that moves with a factor, or haircuts the regime widens,
	// change what a repo raises per scenario; the kernel fixes source
	// capacities, so such a book runs on the decimal path.
	exact = exact && len(base.HaircutWidening) == 0
	for _, h := range b.Collateral {
		exact = exact && h.Factor == ""
	}
	// A prime broker's house margin on the spot positions it finances is
	// a call the kernel does not compute.
	for _, c := range b.Counterparties {
		exact = exact && len(c.HouseMargin) == 0
	}
	// Calls and sources in several currencies, converted at each
	// scenario's rates, are the engine's: the kernel is single-currency.
	exact = exact && !b.MultiCurrency()
	// Every running sum stays below 2^61 when the bounds do: |stressed| ≤
	// |MV| × (1 + |β|) since a move is clamped to ±100%.
	if !exact || bound+imBound > 1<<61 || imBound*Micro > 1<<62 {
		return k, ErrNotExact
	}
	if err := k.wf.compile(k); err != nil {
		return k, err
	}
	k.compileFast()
	k.exact = true
	return k, nil
}

func (k *Kernel) factorOf(p engine.Position) (int32, error) {
	if p.Factor == "" {
		return int32(len(k.Model.Names)), nil
	}
	i := slices.Index(k.Model.Names, p.Factor)
	if i < 0 {
		return 0, fmt.Errorf("position %s moves with factor %q, which has no daily_vol in the book's factors section", p.ID, p.Factor)
	}
	return int32(i), nil
}

// cents is d in int64 cents; ok is false when d is finer than a cent.
func cents(d decimal.Decimal) (int64, bool) { return scaled(d, 100) }

// scaled is d × unit (a power of ten) as an int64; ok is false when it
// is not a whole number or exceeds 1e17. It works on d's coefficient and
// exponent, allocating nothing (a book has three figures a position).
func scaled(d decimal.Decimal, unit int64) (int64, bool) {
	k := int32(0)
	for u := unit; u > 1 && u%10 == 0; u /= 10 {
		k++
	}
	e := d.Exponent() + k
	if pow10[k] != unit || d.NumDigits() > 18 || e < -18 || e > 18 {
		return scaledDecimal(d, unit)
	}
	c := d.CoefficientInt64()
	var s int64
	if e >= 0 {
		hi, lo := bits.Mul64(uint64(abs64(c)), uint64(pow10[e]))
		if hi != 0 || lo > 1e17 {
			return 0, false
		}
		s = int64(lo)
		if c < 0 {
			s = -s
		}
	} else {
		if c%pow10[-e] != 0 {
			return 0, false
		}
		s = c / pow10[-e]
	}
	if abs64(s) > 1e17 {
		return 0, false
	}
	return s, true
}

// pow10 are the powers of ten an int64 holds.
var pow10 = [19]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// scaledDecimal is scaled in decimal, for what the coefficient cannot hold.
func scaledDecimal(d decimal.Decimal, unit int64) (int64, bool) {
	s := d.Mul(decimal.NewFromInt(unit))
	if !s.IsInteger() || s.Abs().Cmp(decimal.New(1, 17)) > 0 {
		return 0, false
	}
	return s.IntPart(), true
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// IMMultipliers fills mult (one per counterparty with margined positions,
// in book order) with the IM multiplier, in millionths, of a move on day
// d (1-based): min(cap, base + per_sigma × z), z the largest move among
// the counterparty's factors in sigmas over d days. Both the kernel and
// the decimal path use these figures: they are part of the scenario.
func (k *Kernel) IMMultipliers(move []int64, day int, mult []int64) {
	sd := math.Sqrt(float64(day))
	for c, r := range k.cps {
		var z float64
		for _, f := range r.factors {
			if move[f] == 0 {
				continue
			}
			v := k.Model.Vol[f] * sd
			if v == 0 {
				z = math.Inf(1)
				break
			}
			z = math.Max(z, math.Abs(float64(move[f]))/Micro/v)
		}
		x := math.Min(r.resp[2], r.resp[0]+r.resp[1]*z)
		mult[c] = int64(math.Round(x * Micro))
	}
}

// stressed is Cents(mv × (1 + sb/1e10)), rounded half away from zero
// exactly as decimal's Round(2) rounds; ok is false on overflow.
func stressed(mv, sb int64) (int64, bool) {
	if sb == 0 || mv == 0 {
		return mv, true
	}
	var s int64 = 1
	if (mv < 0) != (sb < 0) {
		s = -1
	}
	hi, lo := bits.Mul64(uint64(abs64(mv)), uint64(abs64(sb)))
	var q, r uint64
	if hi == 0 {
		q, r = lo/shockBetaUnit, lo%shockBetaUnit
	} else {
		if hi >= shockBetaUnit {
			return 0, false
		}
		q, r = bits.Div64(hi, lo, shockBetaUnit)
	}
	if q > 1<<61 {
		return 0, false
	}
	// The exact value is base + s × r/unit; round it, not the move alone:
	// a tie goes away from zero of the stressed value itself.
	base := mv + s*int64(q)
	switch {
	case 2*r < shockBetaUnit:
		return base, true
	case 2*r > shockBetaUnit:
		return base + s, true
	case s > 0 && base >= 0, s < 0 && base <= 0:
		return base + s, true
	}
	return base, true
}

// scaledIM is Cents(im × mult/1e6) half up (IM and multipliers are
// positive); ok is false on overflow.
func scaledIM(im, mult int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(im), uint64(mult))
	if hi != 0 {
		return 0, false
	}
	q, r := lo/Micro, lo%Micro
	if 2*r >= Micro {
		q++
	}
	return int64(q), true
}

// calls computes each counterparty's net call (int64 cents) for one move
// and day, exactly as engine.StressBook nets them. shock has room for one
// more factor than the model (the "no factor" slot, always zero). It does
// not allocate; ok is false when an intermediate would overflow.
func (k *Kernel) calls(move []int64, day int, shock, mult, out []int64) (total int64, ok bool) {
	copy(shock, move)
	shock[len(move)] = 0
	k.IMMultipliers(move, day, mult)
	mv, beta, im, fac := k.mv, k.beta, k.im, k.fac
	for c := range k.cps {
		r := &k.cps[c]
		m := mult[c]
		var sum, imChange int64
		for i := r.lo; i < r.hi; i++ {
			st, good := stressed(mv[i], shock[fac[i]]*beta[i])
			if !good {
				return 0, false
			}
			sum += st
			if m != Micro && im[i] != 0 {
				sim, good := scaledIM(im[i], m)
				if !good {
					return 0, false
				}
				imChange += sim - im[i]
			}
		}
		var call int64
		if r.ccp {
			call = r.mvSum - sum + imChange // Σ(MV − stressed), exactly
		} else {
			call = csaCall(r, sum, imChange)
		}
		out[c] = call
		total += call
	}
	return total, true
}

// csaCall is engine.csaTransfer for a CSA with default terms (one threshold
// both ways, the baseline balance, no rounding, IM in the same CSA): the
// net balance the firm posts (positive) or holds moves from its baseline
// to its stressed figure, leg by leg, each leg below the MTA dropped.
func csaCall(r *cpRange, sum, imChange int64) int64 {
	req := func(x, im int64) int64 { return max(0, -x-r.thr) + im - max(0, x-r.thr) }
	before, after := req(r.mvSum, r.imSum), req(sum, r.imSum+imChange)
	leg := func(x int64) int64 {
		if x <= 0 || (r.mta > 0 && x < r.mta) {
			return 0
		}
		return x
	}
	p0, h0, p1, h1 := max(before, 0), max(-before, 0), max(after, 0), max(-after, 0)
	return leg(p1-p0) + leg(h0-h1) - leg(p0-p1) - leg(h1-h0)
}
