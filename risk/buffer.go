package risk

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// BufferOptions say how a buffer is sized: over how many scenarios drawn
// from which seed and distribution, over how many days, to which
// percentile.
type BufferOptions struct {
	Scenarios  int
	Seed       uint64
	Days       int
	Percentile decimal.Decimal
	Dist       Dist
	// RepairCorrelation clips a correlation matrix that is not positive
	// semi-definite instead of refusing it.
	RepairCorrelation bool
	// Workers ≤ 0: one per CPU.
	Workers int
	// Bins is the number of histogram bars (default 12).
	Bins int
}

// DefaultBufferOptions: 10,000 normal scenarios from seed 1, one day, the
// 99th percentile.
func DefaultBufferOptions() BufferOptions {
	return BufferOptions{Scenarios: 10_000, Seed: 1, Days: 1, Percentile: decimal.RequireFromString("0.99"), Bins: 12}
}

// BufferSizing is the liquidity buffer a treasurer would hold: the cash
// that, on hand from the start, covers the chosen percentile of the
// scenarios' cumulative outflow over the horizon without selling any
// position, net of the committed sources that survive the scenario (those
// the base scenario does not withdraw and that arrive in time).
type BufferSizing struct {
	Percentile decimal.Decimal
	Days       int
	Scenarios  int
	// Buffer is the figure: the percentile of the per-scenario need.
	Buffer decimal.Decimal
	// Need is the distribution of the per-scenario need (the buffer that
	// scenario alone requires); Histogram its bars.
	Need      Distribution
	Histogram []Bin
	// Outflow is the distribution of the cumulative outflow.
	Outflow Distribution
	// InTimeLiquidity is what the sources other than asset sales can raise
	// in time for the first day's calls: what the buffer is net of.
	InTimeLiquidity decimal.Decimal
	// ProbShortfall is the share of scenarios in which the plain plan
	// (asset sales included) falls short.
	ProbShortfall float64
	// Exact says the fixed-point kernel ran (else the decimal path did).
	Exact bool
}

// SizeBuffer sizes the liquidity buffer of a book by Monte Carlo over its
// factors section; base is the scenario whose regime (withdrawn sources,
// impact multiplier) the generated scenarios share. It is what the
// console's triage screen shows; it is pure and takes tens of
// milliseconds on a demo book, a second on a 10,000-position one, so a
// screen should run it in a command, not in View.
func SizeBuffer(b *engine.Book, base engine.Scenario, opt BufferOptions) (BufferSizing, error) {
	if opt.Days <= 0 {
		opt.Days = 1
	}
	if opt.Bins <= 0 {
		opt.Bins = 12
	}
	if opt.Percentile.Sign() <= 0 || opt.Percentile.Cmp(decimal.NewFromInt(1)) > 0 {
		return BufferSizing{}, fmt.Errorf("percentile %s: want a fraction in (0, 1], e.g. 0.99", opt.Percentile)
	}
	m, err := NewModel(b.Factors, opt.RepairCorrelation)
	if err != nil {
		return BufferSizing{}, err
	}
	sc, err := MonteCarlo(m, opt.Scenarios, opt.Days, opt.Dist, opt.Seed)
	if err != nil {
		return BufferSizing{}, err
	}
	k, res, err := Evaluate(b, m, base, sc, opt.Workers)
	if err != nil {
		return BufferSizing{}, err
	}
	need := res.Column(func(o Outcome) int64 { return o.Buffer })
	bs := BufferSizing{
		Percentile: opt.Percentile, Days: opt.Days, Scenarios: sc.N,
		Need: Summarise(need, opt.Percentile), Histogram: Histogram(need, opt.Bins),
		Outflow:         Summarise(res.Column(func(o Outcome) int64 { return o.Outflow }), opt.Percentile),
		InTimeLiquidity: k.InTimeLiquidity(), ProbShortfall: res.ProbShortfall(), Exact: k.exact,
	}
	bs.Buffer = bs.Need.At
	return bs, nil
}

// Evaluate compiles the book and runs every scenario: on the fixed-point
// kernel when the book allows it exactly, else on the decimal path.
func Evaluate(b *engine.Book, m *Model, base engine.Scenario, sc *Scenarios, workers int) (*Kernel, Results, error) {
	k, err := Compile(b, m, base, sc.Days)
	switch {
	case err == nil:
		return k, k.Run(sc, workers), nil
	case errors.Is(err, ErrNotExact) && k != nil:
		return k, k.RunDecimal(sc, workers), nil
	}
	return nil, Results{}, err
}

// InTimeLiquidity is the sum of what the sources other than asset sales
// can raise, among those not withdrawn that arrive by a first-day
// deadline: 14,000,000 for Arb-Capital (cash, MMF, repo, credit line).
func (k *Kernel) InTimeLiquidity() decimal.Decimal {
	b := k.Book
	var t decimal.Decimal
	for _, s := range b.Sources {
		if s.Kind == engine.SourceAssetSale || k.Base.Withdrawn(s.ID) {
			continue
		}
		arrives := b.SourceArrival(s, b.AsOf)
		for _, r := range k.cps {
			if !arrives.After(b.DeadlineOf(r.Counterparty)) {
				c, _ := engine.SourceCapacity(b, engine.Stress{Scenario: k.Base}, s)
				t = t.Add(c)
				break
			}
		}
	}
	return t
}
