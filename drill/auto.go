package drill

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// Autopilot plays a drill without a terminal, for rehearsal and tests.
type Autopilot string

const (
	// AutoNone takes no action at all: the drill shows what waiting does.
	AutoNone Autopilot = "none"
	// AutoEngine acknowledges the alert, de-risks ahead of a shock the
	// book's scenario says no source can cover, and after every event
	// draws what the plain plan recommends for what is short, then sells
	// the least that covers what no source can.
	AutoEngine Autopilot = "engine"
)

// AutoOperator is the operator of the engine autopilot's decisions.
const AutoOperator = "autopilot"

func (r *Runner) act(at time.Time, first bool) ([]playbook.Event, error) {
	if r.Auto != AutoEngine {
		return nil, nil
	}
	var out []playbook.Event
	s := r.inc.Snapshot().State
	var ds []playbook.Decision
	if !s.Acknowledged {
		ds = append(ds, playbook.Decision{Kind: playbook.Acknowledge, Operator: AutoOperator, Rationale: "autopilot: triage"})
	}
	if first {
		ds = append(ds, r.deRisk(s, at)...)
	}
	for _, d := range ds {
		e, err := r.decideAt(at, d)
		if err != nil {
			return out, fmt.Errorf("autopilot %s: %w", d.Kind, err)
		}
		out = append(out, e)
	}
	// Cover: each recommendation is taken against the state the previous
	// one left, so the sizes stay right. A confirmation confirms the repo
	// this run staged, whatever seq it got.
	var staged uint64
	for _, d := range Recommend(r.inc.Snapshot().State, at) {
		if d.Kind == playbook.ConfirmRepo && d.Target == 0 {
			if staged == 0 {
				continue
			}
			d.Target = staged
		}
		e, err := r.decideAt(at, d)
		if err != nil {
			continue // refused (nothing left, four-eyes): the next may still help
		}
		if e.Kind == playbook.StageRepo {
			staged = e.Seq
		}
		out = append(out, e)
	}
	return out, nil
}

// deRisk is the prudent treasury's Friday: when the drill starts before
// its shock and the book's stress shows calls that no source can cover,
// sell now, in the calm market, the smallest share of every margined
// position with which engine.Simulate survives the stress (engine.
// SmallestDeRisk, the figure `warroom survive` prints), plus one point
// of headroom: the console's figures round the path a little differently.
func (r *Runner) deRisk(s playbook.State, at time.Time) []playbook.Decision {
	if r.d.Scenario == r.d.Known {
		return nil
	}
	b := r.d.Book
	sc, ok := b.Scenario(r.d.Known)
	if !ok {
		return nil
	}
	st := engine.StressBook(b, sc)
	plan := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: at, HorizonDays: playbook.HorizonDays})
	if plan.Shortfall.Sign() <= 0 {
		return nil
	}
	share, _, ok := engine.SmallestDeRisk(b, sc, engine.SurvivalInput{})
	if !ok || share.Sign() <= 0 {
		return nil
	}
	share = engine.MinDec(share.Add(decimal.RequireFromString("0.01")), decimal.NewFromInt(1))
	var out []playbook.Decision
	f := playbook.Compute(s, at)
	for _, p := range b.Positions {
		if !p.Kind.Margined() || p.MarketValue.IsZero() {
			continue
		}
		v := engine.Cents(engine.MinDec(p.MarketValue.Abs().Mul(share), playbook.DayLeft(f, p, at)))
		if v.Sign() > 0 {
			out = append(out, playbook.Decision{Kind: playbook.Liquidate, Operator: AutoOperator, Position: p.ID, Amount: v,
				Rationale: fmt.Sprintf("autopilot: the %s stress calls %s more than the sources can raise; de-risk %s%% before it (engine.SmallestDeRisk)",
					sc.ID, engine.FormatMoney(plan.Shortfall), share.Mul(decimal.NewFromInt(100)).String())})
		}
	}
	return out
}

// Recommend is what the engine would do now for what is short: the
// optimised plan's postings, repos and draws (playbook.Propose); then, for
// what it leaves, the sources the plain plan takes (in priority order,
// only those arriving in time); then sell the least of each position,
// best relief per unit of cost first (engine.PlanLiquidation's ranking),
// that covers what the sources cannot — deadline by deadline (sellFor), so
// a sale too late for the first deadline serves a later one. Each
// decision is sized against the state the ones before it leave. Nothing
// when every call is covered.
func Recommend(s playbook.State, at time.Time) []playbook.Decision {
	var out []playbook.Decision
	f := playbook.Compute(s, at)
	if f.Shortfall.Sign() <= 0 {
		return nil
	}
	// A repo already staged is money being arranged: confirm it before
	// looking elsewhere.
	for _, r := range s.Repos {
		if r.ReversedBy != 0 || r.Confirmed {
			continue
		}
		dc := playbook.Decision{Kind: playbook.ConfirmRepo, Operator: AutoOperator, Target: r.Seq,
			Rationale: "autopilot: confirm the repo already staged"}
		if next, err := dryRun(s, dc, at); err == nil {
			s = next
			out = append(out, dc)
		}
	}
	if f = playbook.Compute(s, at); f.Shortfall.Sign() <= 0 {
		return out
	}
	if _, ds, err := playbook.Propose(f); err == nil {
		var staged uint64
		for _, dc := range ds {
			dc.Operator, dc.Rationale = AutoOperator, "autopilot: the engine's optimised plan for what is short"
			try := dc
			if dc.Kind == playbook.ConfirmRepo {
				if staged == 0 {
					continue
				}
				try.Target = staged
			}
			next, err := dryRun(s, try, at)
			if err != nil {
				continue
			}
			if dc.Kind == playbook.StageRepo {
				staged = next.Seq
			}
			s = next
			out = append(out, dc)
		}
		if f = playbook.Compute(s, at); f.Shortfall.Sign() <= 0 {
			return out
		}
	}
	for _, d := range f.Plan.Draws {
		if !d.InTime || d.Amount.Sign() <= 0 {
			continue
		}
		dc := playbook.Decision{Kind: playbook.Draw, Operator: AutoOperator, Source: d.Source, Amount: d.Amount,
			Rationale: "autopilot: the plain plan draws " + d.Source + " for what is short"}
		next, err := dryRun(s, dc, at)
		if err != nil {
			continue
		}
		s = next
		out = append(out, dc)
	}
	f = playbook.Compute(s, at)
	if f.Shortfall.Sign() <= 0 {
		return out
	}
	return append(out, sellFor(s, f, at)...)
}

// Explain says in a line what the engine would do now: the debrief's
// "engine would" beside each decision.
func Explain(s playbook.State, at time.Time) string {
	ds := Recommend(s, at)
	if len(ds) == 0 {
		if f := playbook.Compute(s, at); f.Shortfall.Sign() <= 0 {
			return "nothing: every call is covered"
		}
		return "nothing it can: no source or sale covers what is short"
	}
	var parts []string
	for _, d := range ds {
		switch d.Kind {
		case playbook.Draw:
			parts = append(parts, "draw "+d.Source+" "+engine.FormatMoney(d.Amount))
		case playbook.Liquidate:
			parts = append(parts, "sell "+engine.FormatMoney(d.Amount)+" of "+d.Position)
		case playbook.Post:
			parts = append(parts, "post "+engine.FormatMoney(d.Amount)+" of "+d.Holding+" to "+d.Counterparty)
		case playbook.StageRepo:
			parts = append(parts, "repo "+engine.FormatMoney(d.Amount)+" of "+d.Holding)
		case playbook.ConfirmRepo:
			if d.Target != 0 {
				parts = append(parts, fmt.Sprintf("confirm repo #%d", d.Target))
			}
		}
	}
	return strings.Join(parts, "; ")
}
