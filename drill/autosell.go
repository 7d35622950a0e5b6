package drill

import (
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// sellFor is the autopilot's last resort: sales for what no source
// covers, planned against the deadlines still short in order, as `plan`
// funds the calls — first the candidates whose money (or margin released)
// arrives by the earliest short deadline, each the least that covers what
// is short (so one sale in time for every call covers them all, as
// before); then, for each later short deadline, the candidates in time for
// it, each the least that covers what is short from that deadline on. A
// sale that settles too late for the first deadline is thus planned
// against a later one it is in time for (CME's intraday call at 14:30 and
// its end-of-day call the next morning: a T+0 sale settling at 15:00
// serves the second) instead of being dropped. Calls already overdue
// count as short throughout (a sale may still shrink them: margin
// released at their counterparty); when only they are short, sales are
// checked against the next deadline still open, as before.
func sellFor(s playbook.State, f playbook.Figures, at time.Time) []playbook.Decision {
	var out []playbook.Decision
	dls := shortDeadlines(f, at)
	if len(dls) == 0 {
		dls = []time.Time{f.NextDeadline}
	}
	for _, dl := range dls {
		short := func(f playbook.Figures) decimal.Decimal { return shortFrom(f, at, dl) }
		need := short(f)
		if need.Sign() <= 0 {
			continue
		}
		in := engine.LiquidationInput{Need: need, At: at, Deadline: dl}
		if f.MultiCurrency {
			// What each currency is short of the calls a sale in time for
			// dl can serve: a sale counts toward its own first (as the
			// console's reduction stage ranks them).
			in.Needs = map[string]decimal.Decimal{}
			for _, c := range f.Calls {
				if c.Open() && c.Shortfall.Sign() > 0 && (c.Deadline.Before(at) || !c.Deadline.Before(dl)) {
					in.Needs[f.Book.CurrencyOf(c.Currency)] = in.Needs[f.Book.CurrencyOf(c.Currency)].Add(c.Shortfall)
				}
			}
		}
		lp := engine.PlanLiquidation(f.Book, f.Stress, in)
		cands := append([]engine.Candidate(nil), lp.Candidates...)
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].Rank < cands[j].Rank })
		for _, c := range cands {
			if !c.InTime {
				continue
			}
			p, ok := f.Book.Position(c.Position)
			if !ok {
				continue
			}
			why := "autopilot: no source covers " + engine.FormatMoney(need) + "; sell the least that does"
			if len(dls) > 1 {
				why = "autopilot: no source covers " + engine.FormatMoney(need) + " short from " + dl.Format("Mon 15:04") + " on; sell the least that does"
			}
			d, ok := leastSaleBy(s, p, at, short, AutoOperator, why)
			if !ok {
				continue
			}
			next, err := dryRun(s, d, at)
			if err != nil {
				continue
			}
			s = next
			out = append(out, d)
			if short(playbook.Compute(s, at)).Sign() <= 0 {
				break
			}
		}
		f = playbook.Compute(s, at)
		if f.Shortfall.Sign() <= 0 {
			break
		}
	}
	return out
}

// shortDeadlines are the deadlines, from now on, of the calls still short,
// in order.
func shortDeadlines(f playbook.Figures, at time.Time) []time.Time {
	var out []time.Time
	for _, c := range f.Calls {
		if c.Open() && c.Shortfall.Sign() > 0 && !c.Deadline.Before(at) && !slices.ContainsFunc(out, c.Deadline.Equal) {
			out = append(out, c.Deadline)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

// shortFrom is what is short, in the base, of the open calls due at dl
// or later, and of those already overdue: all that a sale in time for dl
// can serve.
func shortFrom(f playbook.Figures, at, dl time.Time) decimal.Decimal {
	t := f.Shortfall
	for _, c := range f.Calls {
		if c.Open() && !c.Deadline.Before(at) && c.Deadline.Before(dl) {
			t = t.Sub(inBase(f, c.Shortfall, c.Currency))
		}
	}
	return engine.MaxDec(t, decimal.Zero)
}

// inBase is an amount of ccy in the book's base at the scenario's rates,
// rounded half-up to the cent (the amount itself in a single-currency book).
func inBase(f playbook.Figures, amt decimal.Decimal, ccy string) decimal.Decimal {
	if !f.MultiCurrency || ccy == "" || ccy == f.Book.Currency {
		return amt
	}
	return engine.Cents(f.Stress.FX.MustConvert(amt, ccy, f.Book.Currency))
}
