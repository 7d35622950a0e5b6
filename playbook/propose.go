package playbook

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// Propose asks the engine's optimiser how best to meet what is still short
// of each call, after everything already drawn, posted or lent, and turns
// its plan into decisions in the order they are taken: postings, repos
// (staged, then confirmed: a ConfirmRepo with no Target confirms the repo
// staged just before it), then draws. A keyed call's own VM/IM split
// bounds what securities may meet of it. Nothing is proposed when nothing is
// short. The optimiser is another team's LP solver: a panic in it comes
// back as an error rather than taking the war-room screen down.
func Propose(f Figures) (op engine.OptimisedPlan, ds []Decision, err error) {
	if f.Shortfall.Sign() <= 0 {
		return op, nil, nil
	}
	defer func() {
		if r := recover(); r != nil {
			op, ds, err = engine.OptimisedPlan{}, nil, fmt.Errorf("panic: %v", r)
		}
	}()
	used, capy := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	for _, src := range f.Sources {
		used[src.ID], capy[src.ID] = src.Used, src.Capacity
	}
	enc, posted := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	for _, h := range f.Holdings {
		enc[h.ID] = h.Posted.Add(h.Repoed)
	}
	short := []engine.Call{}
	for _, c := range f.Calls {
		if c.Posted.Sign() > 0 {
			posted[c.Counterparty] = posted[c.Counterparty].Add(c.Posted)
		}
		if c.Open() && c.Shortfall.Sign() > 0 {
			sc := engine.Call{Counterparty: c.Counterparty, Name: c.Name, Amount: c.Shortfall, Deadline: c.Deadline}
			if c.Actual {
				// A keyed call says itself what securities may meet: its
				// IM part (all of it under a CSA). Of what is short, cash
				// already secured went to the cash-only part first, so
				// securities may meet what of the IM part is not yet
				// posted, at most the shortfall.
				sc.IMPart = engine.MinDec(c.Shortfall, engine.MaxDec(decimal.Zero, c.postable().Sub(c.Posted)))
				sc.HasIMPart = true
			}
			short = append(short, sc)
		}
	}
	engine.SortCalls(short)
	op, err = engine.Optimise(f.Book, engine.OptimiseInput{PlanInput: engine.PlanInput{Stress: f.Stress, ActivatedAt: f.Now,
		HorizonDays: HorizonDays, Used: used, Capacity: capy, Calls: short}, Encumbered: enc, Posted: posted})
	if err != nil {
		return op, nil, err
	}
	for _, p := range op.Posts {
		ds = append(ds, Decision{Kind: Post, Holding: p.Holding, Counterparty: p.Counterparty, Amount: p.Value})
	}
	for _, l := range op.Repos {
		ds = append(ds, Decision{Kind: StageRepo, Source: l.Source, Holding: l.Holding, Amount: l.Value}, Decision{Kind: ConfirmRepo})
	}
	for _, d := range op.Draws {
		if d.Kind == engine.SourceRepo {
			continue // raised by the repo legs above
		}
		ds = append(ds, Decision{Kind: Draw, Source: d.Source, Amount: d.Amount})
	}
	return op, ds, nil
}
