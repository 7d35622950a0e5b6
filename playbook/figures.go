package playbook

import (
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// Figures answer "how much, by when, from where" for a state at an
// incident time: the calls, what is secured in time, the live shortfall,
// the waterfall as it stands, and what the rest of it would do.
type Figures struct {
	Now      time.Time
	Book     *engine.Book    // with market moves applied
	Scenario engine.Scenario // with market moves applied
	Stress   engine.Stress
	Calls    []CallFigure
	// Due is what the open calls ask; Secured what posted collateral and
	// funds arriving in time cover; Shortfall the rest, the LIVE SHORTFALL.
	Due, Secured, Shortfall decimal.Decimal
	Covered                 bool
	// NextDeadline is the earliest deadline of an open call not yet past;
	// NextDue and NextShortfall what falls due then and what of it is short.
	NextDeadline           time.Time
	NextDue, NextShortfall decimal.Decimal
	Sources                []SourceFigure
	Holdings               []HoldingFigure
	Sales                  []SaleFigure
	// Plan is the plain plan for what is still short, were the remaining
	// sources activated now: the recommended next draws.
	Plan engine.Plan
	// InTime is what the remaining sources could still raise in time for
	// the last open deadline.
	InTime decimal.Decimal
	// LiquidityCost is the cost of the draws and repos made so far over the
	// horizon; FireSaleLoss the liquidation cost of sales flagged as fire
	// sales; SaleCost that of all sales.
	LiquidityCost, SaleCost, FireSaleLoss decimal.Decimal
}

// HorizonDays is the funding horizon over which costs accrue in the
// console (ACT/360).
var HorizonDays = decimal.NewFromInt(1)

// CallFigure is one counterparty's call and how it is met.
type CallFigure struct {
	Counterparty, Name string
	Kind               engine.CounterpartyKind
	VM, IMChange       decimal.Decimal
	// SaleEffect is what sales added (impact, re-marking) or released (IM).
	SaleEffect decimal.Decimal
	// Amount is the call: VM + IM change + sale effect, or the actual call.
	Amount   decimal.Decimal
	Actual   bool
	Deadline time.Time
	// Posted is the credit of securities posted that counts (at a CCP only
	// against the IM part); Cash what funds arriving in time cover.
	Posted, Cash, Shortfall decimal.Decimal
	Status                  CounterpartyStatus
	Positions               []string
	// Parts divide the call between the counterparty's margin cycles, in
	// deadline order (none: one call at Deadline, the first part's).
	Parts []CallPart
}

// Open reports whether the call still asks for money.
func (c CallFigure) Open() bool { return c.Amount.Sign() > 0 && c.Status.Status != StatusPaid }

// SourceFigure is a source of the waterfall as it stands.
type SourceFigure struct {
	engine.Source
	Capacity  decimal.Decimal // what it could raise in all
	Used      decimal.Decimal // drawn, or held for approval, or staged (repo)
	Left      decimal.Decimal
	ArrivesAt time.Time // if activated now
	Withdrawn bool
	Late      bool // would arrive after every open deadline
	SaleCost  decimal.Decimal
}

// HoldingFigure is a collateral holding and what of it is used.
type HoldingFigure struct {
	engine.Holding
	Posted, Repoed, Free decimal.Decimal
}

// SaleFigure is one sale's effect.
type SaleFigure struct {
	SaleState
	Sale
}

// Compute derives the figures of a state at an incident time.
func Compute(s State, now time.Time) Figures { return new(Calc).Compute(s, now) }

// Calc computes figures, keeping the last stress: it depends only on the
// scenario and the market moves, which change far less often than draws,
// and on a large book it is most of the work.
type Calc struct {
	key   stressKey
	book  *engine.Book
	sc    engine.Scenario
	st    engine.Stress
	valid bool
}

// Moves are only ever appended, so the scenario and the number of moves
// identify the stressed book.
type stressKey struct {
	book     *engine.Book
	scenario string
	moves    int
}

// Compute derives the figures of a state at an incident time.
func (c *Calc) Compute(s State, now time.Time) Figures {
	key := stressKey{s.Book, s.Base.ID, len(s.Moves)}
	if !c.valid || c.key != key {
		c.book, c.sc = effective(s)
		c.st = engine.StressBook(c.book, c.sc)
		c.key, c.valid = key, true
	}
	b, sc := c.book, c.sc
	f := Figures{Now: now, Book: b, Scenario: sc, Stress: c.st}
	adjust := map[string]decimal.Decimal{}
	var supplies []engine.Supply
	sold := map[string]decimal.Decimal{}
	for _, sale := range s.Sales {
		fig, now, err := saleNow(s, b, f.Stress, sale, sold[sale.Position])
		if err != nil {
			// A market move shrank the position below what was sold: the
			// sale stands in the log, but has no further effect to price.
			continue
		}
		sold[sale.Position] = sold[sale.Position].Add(now)
		f.Sales = append(f.Sales, SaleFigure{sale, fig})
		adjust[fig.Counterparty] = adjust[fig.Counterparty].Add(fig.CallChange)
		f.SaleCost = f.SaleCost.Add(fig.Cost)
		if fig.FireSale {
			f.FireSaleLoss = f.FireSaleLoss.Add(fig.Cost)
		}
		if fig.Proceeds.Sign() > 0 {
			supplies = append(supplies, engine.Supply{ID: sale.Position, Amount: fig.Proceeds, ArrivesAt: fig.ArrivesAt})
		}
	}
	f.Calls = calls(s, b, f.Stress, adjust)
	f.Holdings, f.Sources = uses(s, b, sc, f.Stress, now)
	for _, d := range s.Draws {
		if d.ReversedBy == 0 {
			supplies = append(supplies, engine.Supply{ID: d.Source, Amount: d.Amount, ArrivesAt: d.ArrivesAt})
			if src, ok := b.Source(d.Source); ok {
				f.LiquidityCost = f.LiquidityCost.Add(engine.DrawCost(src, d.Amount, HorizonDays, decimal.Zero, decimal.Zero))
			}
		}
	}
	for _, r := range s.Repos {
		if r.ReversedBy == 0 && r.Confirmed {
			supplies = append(supplies, engine.Supply{ID: r.Source, Amount: r.Cash, ArrivesAt: r.ArrivesAt})
			if src, ok := b.Source(r.Source); ok {
				f.LiquidityCost = f.LiquidityCost.Add(engine.DrawCost(src, r.Cash, HorizonDays, decimal.Zero, decimal.Zero))
			}
		}
	}
	for _, p := range s.Posts {
		if p.ReversedBy == 0 {
			if h, ok := b.Holding(p.Holding); ok {
				f.LiquidityCost = f.LiquidityCost.Add(carry(h, p.Value))
			}
		}
	}
	cover(&f, supplies, s.Posts)
	for _, src := range f.Sources {
		if !src.Withdrawn && !src.Late {
			f.InTime = f.InTime.Add(src.Left)
		}
	}
	f.Plan = remainingPlan(b, f, s)
	return f
}

// carry is the opportunity cost of posting a holding over the horizon.
func carry(h engine.Holding, value decimal.Decimal) decimal.Decimal {
	return engine.Cents(value.Mul(h.CarryBps).Mul(HorizonDays).DivRound(decimal.NewFromInt(3600000), 10))
}

func calls(s State, b *engine.Book, st engine.Stress, adjust map[string]decimal.Decimal) []CallFigure {
	var out []CallFigure
	seen := map[string]bool{}
	for _, c := range st.Calls {
		seen[c.ID] = true
		cf := CallFigure{Counterparty: c.ID, Name: c.Name, Kind: c.Kind, VM: c.VariationMargin, IMChange: c.IMChange,
			SaleEffect: adjust[c.ID], Deadline: c.Deadline, Positions: c.Positions}
		cf.Amount = c.Call.Add(cf.SaleEffect)
		if cp, ok := b.Counterparty(c.ID); ok {
			cf.Parts = cycleParts(cp, c, cf.SaleEffect)
		}
		out = append(out, cf)
	}
	// Actual calls from counterparties that the scenario did not call.
	for _, cp := range b.Counterparties {
		if _, ok := s.Calls[cp.ID]; ok && !seen[cp.ID] {
			out = append(out, CallFigure{Counterparty: cp.ID, Name: cp.Name, Kind: cp.Kind, Deadline: b.DeadlineOf(cp)})
		}
	}
	for i := range out {
		c := &out[i]
		if a, ok := s.Calls[c.Counterparty]; ok {
			// The counterparty's actual call replaces the stressed one
			// and its split between cycles.
			c.Amount, c.Actual, c.Parts = a.Amount, true, nil
			if !a.Deadline.IsZero() {
				c.Deadline = a.Deadline
			}
		}
		c.Status = s.Statuses[c.Counterparty]
	}
	return out
}

// postable is the part of a call that securities may meet: at a CCP only
// the IM part, since VM is paid in cash; elsewhere the whole call.
func (c CallFigure) postable() decimal.Decimal {
	if c.Kind == engine.CCP && !c.Actual {
		return engine.MaxDec(decimal.Zero, engine.MinDec(c.IMChange, c.Amount))
	}
	return engine.MaxDec(decimal.Zero, c.Amount)
}
