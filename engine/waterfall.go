package engine

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// A Call is an amount the firm must deliver to a counterparty by a deadline.
type Call struct {
	Counterparty string
	Name         string
	Amount       decimal.Decimal
	Deadline     time.Time
	// Currency is what the call is to be paid in (empty: the base).
	Currency string
	// Cycle is the counterparty's margin cycle the call belongs to
	// (intraday, eod, …); empty when it has one call a day.
	Cycle string
	// IMPart, when HasIMPart, is what of Amount securities may meet, as
	// the call itself says: a call keyed with its own VM part (cash only
	// at a CCP) and IM part. The optimiser then takes it instead of the
	// book's split (and it is already net of what was posted against it).
	IMPart    decimal.Decimal
	HasIMPart bool
}

// SortCalls orders calls by deadline, ties by counterparty id, then by
// currency.
func SortCalls(cs []Call) {
	sort.SliceStable(cs, func(i, j int) bool {
		if !cs[i].Deadline.Equal(cs[j].Deadline) {
			return cs[i].Deadline.Before(cs[j].Deadline)
		}
		if cs[i].Counterparty != cs[j].Counterparty {
			return cs[i].Counterparty < cs[j].Counterparty
		}
		return cs[i].Currency < cs[j].Currency
	})
}

// A Supply is money that can serve calls: a source's capacity in a plan,
// or a draw already made in an incident. It counts toward a call only if it
// arrives by that call's deadline.
type Supply struct {
	ID        string
	Amount    decimal.Decimal
	ArrivesAt time.Time
	// Withdrawn supplies are never used (a scenario took them away).
	Withdrawn bool
	// Currency is what the supply pays out in (empty: the base).
	Currency string
}

// Allocation is how supplies were matched to calls.
type Allocation struct {
	// Served[i][j] is what supply j gave call i.
	Served [][]decimal.Decimal
	// Shortfall[i] is what no supply covered of call i.
	Shortfall []decimal.Decimal
	// Used[j] is the total given by supply j, in its own currency.
	Used []decimal.Decimal
	// Conversions are the FX deals that let a supply serve a call in
	// another currency (Served then holds what was bought).
	Conversions []ConversionUse
}

// Allocate matches supplies to calls the way the seed runs its waterfall:
// calls in the order given (deadline order), and for each call the
// supplies in priority order, skipping a withdrawn supply or one that would
// arrive after the call's deadline, drawing the smaller of what is left of
// the supply and of the call.
//
// Because a supply in time for an earlier deadline is in time for every
// later one, serving the earliest deadline first never strands a later
// call that could otherwise have been met: the total shortfall is the
// least possible for these supplies.
func Allocate(calls []Call, supplies []Supply) Allocation {
	return AllocateFX(calls, supplies, nil)
}

// AllocateFX is Allocate for calls and supplies in several currencies:
// each call takes the supplies in its own currency first, in priority
// order, and then the others in priority order through a conversion that
// arrives by its deadline (see Exchange). With no Exchange every supply
// serves every call, as Allocate does. Serving the earliest deadline first
// is still what the plain plan does; with currencies it is no longer
// always the least shortfall (the optimiser is single-currency).
func AllocateFX(calls []Call, supplies []Supply, x *Exchange) Allocation {
	a := Allocation{
		Served:    make([][]decimal.Decimal, len(calls)),
		Shortfall: make([]decimal.Decimal, len(calls)),
		Used:      make([]decimal.Decimal, len(supplies)),
	}
	left := make([]decimal.Decimal, len(supplies))
	for j, s := range supplies {
		left[j] = MaxDec(s.Amount, zero)
	}
	for i, c := range calls {
		a.Served[i] = make([]decimal.Decimal, len(supplies))
		need := MaxDec(c.Amount, zero)
		for j, s := range supplies {
			if need.IsZero() {
				break
			}
			if s.Withdrawn || s.ArrivesAt.After(c.Deadline) || left[j].Sign() <= 0 || !x.same(c.Currency, s.Currency) {
				continue
			}
			take := MinDec(need, left[j])
			a.Served[i][j] = take
			a.Used[j] = a.Used[j].Add(take)
			left[j] = left[j].Sub(take)
			need = need.Sub(take)
		}
		if x != nil {
			need = x.convert(&a, i, c, need, supplies, left)
		}
		a.Shortfall[i] = need
	}
	return a
}

// DeadlineCover sums calls and their cover at one deadline.
type DeadlineCover struct {
	Deadline  time.Time
	Due       decimal.Decimal
	Covered   decimal.Decimal
	Shortfall decimal.Decimal
}

// ByDeadline groups calls and their shortfalls per deadline, in order.
func ByDeadline(calls []Call, shortfall []decimal.Decimal) []DeadlineCover {
	var out []DeadlineCover
	for i, c := range calls {
		if n := len(out); n > 0 && out[n-1].Deadline.Equal(c.Deadline) {
			out[n-1].Due = out[n-1].Due.Add(c.Amount)
			out[n-1].Shortfall = out[n-1].Shortfall.Add(shortfall[i])
		} else {
			out = append(out, DeadlineCover{Deadline: c.Deadline, Due: c.Amount, Shortfall: shortfall[i]})
		}
	}
	for i := range out {
		out[i].Covered = out[i].Due.Sub(out[i].Shortfall)
	}
	return out
}
