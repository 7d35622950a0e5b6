package risk

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// waterfall is the plain plan in integers over a horizon: one call slot
// per (day, counterparty), in deadline order, and the sources with what
// they can raise and which slots they arrive in time for.
type waterfall struct {
	slots   []slot
	sources []supply
	// inflows: a fall in a counterparty's call is margin coming back, a
	// source for later calls (unless the book says count_inflows: false).
	inflows bool
}

type slot struct {
	day, cp  int // day 0-based; cp an index into Kernel.cps
	deadline time.Time
	// inflowAt is when margin the counterparty returns that day arrives:
	// its settlement time, moved as the deadline is.
	inflowAt time.Time
}

type supply struct {
	engine.Source
	capacity int64 // fixed capacity (not for an asset sale)
	arrives  time.Time
	// sale is set for an asset sale that can count toward some call: its
	// capacity depends on the scenario's stressed value.
	sale     bool
	position engine.Position
	posBeta  int64
	posFac   int32
	posMV    int64
	// posMargined: the position is a future or swap, whose close frees
	// its stressed IM (posIM scaled by its counterparty posCP's day-1
	// multiplier) rather than raising its value in cash.
	posMargined bool
	posIM       int64
	posCP       int
	inTime      []bool // per slot; false for a withdrawn source
}

func (w *waterfall) compile(k *Kernel) error {
	b := k.Book
	for d := range k.Days {
		for c, r := range k.cps {
			w.slots = append(w.slots, slot{day: d, cp: c, deadline: b.DeadlineOn(r.Counterparty, b.DeadlineOf(r.Counterparty), d+1),
				inflowAt: InflowOn(b, r.Counterparty, d+1)})
		}
	}
	// The engine's order: deadline, ties by counterparty id.
	sort.SliceStable(w.slots, func(i, j int) bool {
		a, c := w.slots[i], w.slots[j]
		if !a.deadline.Equal(c.deadline) {
			return a.deadline.Before(c.deadline)
		}
		return k.cps[a.cp].ID < k.cps[c.cp].ID
	})
	w.inflows = !b.IgnoreInflows
	for _, s := range b.Sources {
		sp := supply{Source: s, arrives: b.SourceArrival(s, b.AsOf), inTime: make([]bool, len(w.slots))}
		any := false
		for i, sl := range w.slots {
			sp.inTime[i] = !k.Base.Withdrawn(s.ID) && !sp.arrives.After(sl.deadline)
			any = any || sp.inTime[i]
		}
		if s.Kind == engine.SourceAssetSale {
			p, ok := b.Position(s.Position)
			if any && ok {
				sp.sale, sp.position = true, p
				var ok1, ok2 bool
				sp.posMV, ok1 = cents(p.MarketValue)
				sp.posBeta, ok2 = scaled(p.Beta, betaScale)
				if !ok1 || !ok2 {
					return ErrNotExact
				}
				f, err := k.factorOf(p)
				if err != nil {
					return err
				}
				sp.posFac = f
				if p.Kind.Margined() {
					var ok3 bool
					sp.posMargined = true
					sp.posIM, ok3 = cents(p.InitialMargin)
					sp.posCP = slices.IndexFunc(k.cps, func(r cpRange) bool { return r.ID == p.Counterparty })
					if !ok3 || sp.posCP < 0 {
						return ErrNotExact
					}
				}
			}
		} else {
			capDec, _ := engine.SourceCapacity(b, engine.Stress{Scenario: k.Base}, s)
			c, ok := cents(capDec)
			if !ok {
				return fmt.Errorf("%w: source %s's capacity %s is finer than a cent", ErrNotExact, s.ID, capDec)
			}
			sp.capacity = c
		}
		w.sources = append(w.sources, sp)
	}
	return nil
}

// saleCapacity is what an asset sale raises on the scenario's first day,
// as engine.SourceCapacity computes it: a spot position's stressed value
// less its liquidation cost; a future's or swap's stressed IM (released
// by the close: its notional is not cash) less the cost of closing it;
// capped by the source's amount. mult holds the day's IM multipliers.
// The cost is in decimal: the square-root impact model is not worth a
// fixed-point copy for a few sources.
func (k *Kernel) saleCapacity(sp *supply, shock, mult []int64) (int64, bool) {
	value, ok := stressed(sp.posMV, shock[sp.posFac]*sp.posBeta)
	if !ok {
		return 0, false
	}
	if value == 0 || (value < 0 && !sp.posMargined) {
		return 0, true
	}
	v := decimal.New(value, -2)
	cost := engine.LiquidationCost(sp.position.Liquidity, v, k.Book.Liquidation.K, k.Base.ImpactMultiplier)
	proceeds := v.Sub(cost)
	if sp.posMargined {
		im := sp.posIM
		if m := mult[sp.posCP]; m != Micro && im != 0 {
			if im, ok = scaledIM(im, m); !ok {
				return 0, false
			}
		}
		proceeds = decimal.New(im, -2).Sub(cost)
	}
	if sp.HasAmount {
		proceeds = engine.MinDec(proceeds, sp.Amount)
	}
	c, ok := cents(engine.MaxDec(proceeds, decimal.Zero))
	return c, ok
}

// InflowOn is when margin a counterparty returns on day d (1-based) of
// the horizon reaches the firm: its settlement time from as_of, moved
// d−1 business days later in its calendars, at the same wall time.
func InflowOn(b *engine.Book, c engine.Counterparty, day int) time.Time {
	return b.DeadlineOn(c, b.CounterpartyArrival(c, c.Settlement, b.AsOf), day)
}

// allocate runs the plain plan over the day-by-day calls: need[slot] is
// what falls due in each slot; it returns the total shortfall. With
// noSales the asset sales are left out (the buffer question: what must be
// held so that nothing is sold). A negative need is margin coming back:
// when the book counts inflows it serves later calls that it reaches in
// time, ahead of the sources (inLeft is scratch, one per slot). Which of
// the in-time supplies a call takes does not change the total shortfall:
// each is in time for every later call too.
func (w *waterfall) allocate(need, capacity, left, inLeft []int64, noSales bool) int64 {
	copy(left, capacity)
	for i, n := range need {
		inLeft[i] = 0
		if w.inflows && n < 0 {
			inLeft[i] = -n
		}
	}
	var short int64
	for i, n := range need {
		if n <= 0 {
			continue
		}
		if w.inflows {
			for j := range inLeft {
				if n == 0 {
					break
				}
				if inLeft[j] <= 0 || w.slots[j].inflowAt.After(w.slots[i].deadline) {
					continue
				}
				take := min(n, inLeft[j])
				inLeft[j] -= take
				n -= take
			}
		}
		for j := range w.sources {
			if n == 0 {
				break
			}
			s := &w.sources[j]
			if !s.inTime[i] || left[j] <= 0 || (noSales && s.Kind == engine.SourceAssetSale) {
				continue
			}
			take := min(n, left[j])
			left[j] -= take
			n -= take
		}
		short += n
	}
	return short
}
