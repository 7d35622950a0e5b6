package main

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/risk"
)

// mcFlags are stress's scenario-sweep flags: Monte Carlo or historical
// scenarios, the reverse stress, and how the results are summarised.
type mcFlags struct {
	n, horizon, dof, check int
	seed                   uint64
	dist, historical, pct  string
	reverse, repair, exact bool
	percentile             decimal.Decimal
}

func (m *mcFlags) register(fs flagSet) {
	fs.IntVar(&m.n, "mc", 0, "run `N` Monte Carlo scenarios drawn from the book's factors section")
	fs.Uint64Var(&m.seed, "seed", 1, "random `SEED` of the Monte Carlo draws (same seed, same scenarios)")
	fs.IntVar(&m.horizon, "horizon", 1, "horizon in business `DAYS`: outflows accumulate day by day")
	fs.StringVar(&m.dist, "dist", "normal", "daily returns: normal or t (Student-t, fat tails)")
	fs.IntVar(&m.dof, "dof", 4, "degrees of freedom of --dist t (at least 3)")
	fs.StringVar(&m.historical, "historical", "", "scenarios from a CSV `FILE` of daily factor returns (header: date,factor,...)")
	fs.BoolVar(&m.reverse, "reverse", false, "reverse stress: the smallest move that exhausts in-time liquidity")
	fs.StringVar(&m.pct, "percentile", "0.99", "the percentile the buffer covers (a fraction)")
	fs.BoolVar(&m.repair, "repair-correlation", false, "repair a correlation matrix that is not positive semi-definite (eigenvalue clipping)")
	fs.BoolVar(&m.exact, "decimal", false, "run every scenario on the decimal path (the slow reference) instead of the kernel")
	fs.IntVar(&m.check, "check", 16, "also recompute `K` sampled scenarios on the decimal path and compare")
}

// sweepOnly are the flags that mean nothing without a sweep.
var sweepOnly = []string{"seed", "horizon", "dist", "dof", "percentile", "repair-correlation", "decimal", "check"}

func (m *mcFlags) active() bool { return m.n > 0 || m.historical != "" || m.reverse }

func (m *mcFlags) validate() error {
	p, err := decimal.NewFromString(m.pct)
	if err != nil || strings.ContainsAny(m.pct, "eE") || p.Sign() <= 0 || p.Cmp(decimal.NewFromInt(1)) > 0 {
		return usageErr("--percentile %q: want a fraction above 0 and at most 1, e.g. 0.99", m.pct)
	}
	m.percentile = p
	switch {
	case m.n < 0 || m.n > 1_000_000:
		return usageErr("--mc %d: want 1 to 1000000 scenarios", m.n)
	case m.n > 0 && m.historical != "":
		return usageErr("--mc and --historical: give one source of scenarios")
	case m.horizon < 1 || m.horizon > 250:
		return usageErr("--horizon %d: want 1 to 250 business days", m.horizon)
	case m.dist != "normal" && m.dist != "t":
		return usageErr("--dist %q: want normal or t", m.dist)
	case m.dist == "t" && m.dof < 3:
		return usageErr("--dof %d: a Student-t needs at least 3 degrees of freedom for a finite volatility", m.dof)
	case m.check < 0:
		return usageErr("--check %d: want 0 or more", m.check)
	}
	return nil
}

func runMonteCarlo(e *env, bf bookFlags, f mcFlags, b *engine.Book, base engine.Scenario) error {
	model, err := risk.NewModel(b.Factors, f.repair)
	if err != nil {
		return inputErr(fmt.Errorf("%s: %w", bookName(bf), err))
	}
	// The book compiles for the kernel while the scenarios are drawn:
	// neither needs the other.
	type compiled struct {
		k   *risk.Kernel
		err error
	}
	kc := make(chan compiled, 1)
	go func() {
		k, err := risk.Compile(b, model, base, f.horizon)
		kc <- compiled{k, err}
	}()
	var sc *risk.Scenarios
	mode := "monte-carlo"
	if f.historical != "" {
		mode = "historical"
		data, err := readFile(f.historical)
		if err != nil {
			return inputErr(err)
		}
		h, err := risk.ParseHistory(f.historical, data, model.Names)
		if err != nil {
			return inputErr(err)
		}
		if sc, err = risk.Historical(h, f.horizon); err != nil {
			return inputErr(fmt.Errorf("%s: %w", f.historical, err))
		}
	} else {
		n := f.n
		if n == 0 {
			n = 10_000 // --reverse alone: scenarios to find the worst direction
		}
		if sc, err = risk.MonteCarlo(model, n, f.horizon, risk.Dist{StudentT: f.dist == "t", DoF: f.dof}, f.seed); err != nil {
			return usageErr("%v", err)
		}
	}
	c := <-kc
	k, err := c.k, c.err
	exact := err == nil
	if err != nil && (k == nil || !errorsIsNotExact(err)) {
		return inputErr(fmt.Errorf("%s: %w", bookName(bf), err))
	}
	checks := startChecks(k, sc, f.check)
	var res risk.Results
	bar := startProgress(e, "scenarios", sc.N)
	if exact && !f.exact {
		res = k.RunProgress(sc, 0, bar.add)
	} else {
		res = k.RunDecimalProgress(sc, 0, bar.add)
	}
	bar.stop()
	doc := summarise(b, base, f, mode, k, sc, res, exact && !f.exact, checks)
	if f.reverse {
		rk := k
		if f.horizon != 1 {
			// The reverse stress is a one-day question.
			if rk, err = risk.Compile(b, model, base, 1); err != nil && !errorsIsNotExact(err) {
				return inputErr(err)
			}
		}
		worst := res.Worst(1)
		rs := rk.Reverse(sc, worst[0])
		doc.Reverse = reverseDoc(rs)
	}
	if !doc.DecimalCheck.Equal {
		fmt.Fprintf(e.stderr, "warroom stress: the kernel and the decimal path disagree on scenarios %v; please report this book\n", doc.DecimalCheck.Mismatch)
	}
	if bf.json {
		return writeJSON(e.stdout, doc)
	}
	writeMCText(e.stdout, doc)
	return nil
}

func bookName(bf bookFlags) string {
	if bf.book != "" {
		return bf.book
	}
	if bf.demo != "" {
		return bf.demo + ".yaml"
	}
	return "arb-capital.yaml"
}
