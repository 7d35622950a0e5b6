package main

import (
	"fmt"
	"io"

	"github.com/warroom/warroom/engine"
)

// The optimised plan's JSON, under "optimised" in `plan --json`.
type optimisedDoc struct {
	Required  string        `json:"required"`
	Draws     []drawJSON    `json:"draws"`
	Posts     []postJSON    `json:"posts"`
	Repos     []repoJSON    `json:"repos"`
	Calls     []optCallJSON `json:"calls"`
	Shortfall string        `json:"shortfall"`
	Covered   bool          `json:"covered"`
	TotalCost string        `json:"total_cost"`
	PlainCost string        `json:"plain_cost"`
	Saving    string        `json:"saving"`
	Why       []string      `json:"why"`
	Bounds    []string      `json:"bounds"`
	plan      engine.OptimisedPlan
}

type postJSON struct {
	Holding      string `json:"holding"`
	Counterparty string `json:"counterparty"`
	Value        string `json:"value"`
	Haircut      string `json:"haircut"`
	Credit       string `json:"credit"`
	Cost         string `json:"cost"`
}

type repoJSON struct {
	Source    string `json:"source"`
	Holding   string `json:"holding"`
	Value     string `json:"value"`
	Cash      string `json:"cash"`
	Cost      string `json:"cost"`
	ArrivesAt string `json:"arrives_at"`
}

type callDrawJSON struct {
	Source string `json:"source"`
	Amount string `json:"amount"`
}

type optCallJSON struct {
	Counterparty string         `json:"counterparty"`
	Amount       string         `json:"amount"`
	Deadline     string         `json:"deadline"`
	CashOnly     string         `json:"cash_only"`
	Postable     string         `json:"postable"`
	Posted       string         `json:"posted_credit"`
	Cash         string         `json:"cash"`
	Covered      string         `json:"covered"`
	Shortfall    string         `json:"shortfall"`
	From         []callDrawJSON `json:"from"`
	// Added by issue 12, from the stress: the call's VM and IM change, and
	// its cash part (VM plus the IM increase the book's eligible
	// securities cannot cover).
	VariationMargin string `json:"variation_margin"`
	IMChange        string `json:"initial_margin_change"`
	CashPart        string `json:"cash_part"`
}

// addOptimised runs the collateral optimiser for the same stress, clock
// and horizon as the plain plan and adds it to the plan document.
func addOptimised(b *engine.Book, st engine.Stress, p engine.Plan, doc *planDoc) error {
	op, err := engine.Optimise(b, engine.OptimiseInput{PlanInput: engine.PlanInput{
		Stress: st, ActivatedAt: p.ActivatedAt, HorizonDays: p.HorizonDays}})
	if err != nil {
		return fmt.Errorf("optimise: %w", err)
	}
	od := &optimisedDoc{
		Required: m(op.Required), Shortfall: m(op.Shortfall), Covered: op.Covered,
		TotalCost: m(op.TotalCost), PlainCost: m(op.Plain.TotalCost), Saving: m(op.Saving),
		Draws: []drawJSON{}, Posts: []postJSON{}, Repos: []repoJSON{}, Calls: []optCallJSON{},
		Why: append([]string{}, op.Why...), Bounds: append([]string{}, op.Bounds...), plan: op,
	}
	for _, d := range op.Draws {
		od.Draws = append(od.Draws, drawJSON{d.Source, string(d.Kind), m(d.Amount), rfc(d.DrawnAt), rfc(d.ArrivesAt), d.InTime, m(d.Cost)})
	}
	for _, ps := range op.Posts {
		od.Posts = append(od.Posts, postJSON{ps.Holding, ps.Counterparty, m(ps.Value), ps.Haircut.String(), m(ps.Credit), m(ps.Cost)})
	}
	for _, l := range op.Repos {
		od.Repos = append(od.Repos, repoJSON{l.Source, l.Holding, m(l.Value), m(l.Cash), m(l.Cost), rfc(l.ArrivesAt)})
	}
	for _, c := range op.Calls {
		cj := optCallJSON{Counterparty: c.Counterparty, Amount: m(c.Amount), Deadline: rfc(c.Deadline),
			CashOnly: m(c.CashOnly), Postable: m(c.Postable), Posted: m(c.Posted), Cash: m(c.Cash),
			Covered: m(c.Covered), Shortfall: m(c.Shortfall), From: []callDrawJSON{}}
		for _, sc := range st.Calls {
			if sc.ID == c.Counterparty {
				cj.VariationMargin, cj.IMChange, cj.CashPart = m(sc.VariationMargin), m(sc.IMChange), m(sc.CashPart)
			}
		}
		for _, f := range c.From {
			cj.From = append(cj.From, callDrawJSON{f.Source, m(f.Amount)})
		}
		od.Calls = append(od.Calls, cj)
	}
	doc.Optimised = od
	return nil
}

// writeOptimisedText prints the optimised plan beside the plain one: one
// row per source drawn (and per security posted) in either plan, the two
// costs, the saving and why.
func writeOptimisedText(w io.Writer, b *engine.Book, doc planDoc) {
	od, ok := doc.Optimised.(*optimisedDoc)
	if !ok {
		return
	}
	op := od.plan
	f := engine.FormatMoney
	fmt.Fprintf(w, "\nOptimised plan (post eligible collateral, repo, draw the rest) beside the plain plan:\n")
	t := newTable("Use", "Plain", "Optimised", "Plain cost", "Optimised cost")
	plain := map[string]engine.Draw{}
	for _, d := range op.Plain.Draws {
		plain[d.Source] = d
	}
	opt := map[string]engine.Draw{}
	for _, d := range op.Draws {
		opt[d.Source] = d
	}
	cell := func(d engine.Draw, ok bool) (string, string) {
		if !ok {
			return "—", "—"
		}
		return f(d.Amount), f(d.Cost)
	}
	for _, tier := range op.Plain.Tiers {
		s := tier.Source
		pd, pok := plain[s.ID]
		od, ook := opt[s.ID]
		if !pok && !ook {
			continue
		}
		pa, pc := cell(pd, pok)
		oa, oc := cell(od, ook)
		t.add("draw "+s.ID, pa, oa, pc, oc)
	}
	for _, ps := range op.Posts {
		t.add(fmt.Sprintf("post %s → %s", ps.Holding, ps.Counterparty), "—", f(ps.Value), "—", f(ps.Cost))
	}
	t.rule()
	t.add("Total cost", "", "", f(op.Plain.TotalCost), f(op.TotalCost))
	t.write(w)
	for _, l := range op.Repos {
		fmt.Fprintf(w, "  repo leg: %s of %s through %s → %s cash, arrives %s\n", f(l.Value), l.Holding, l.Source, f(l.Cash), l.ArrivesAt.Format("15:04"))
	}
	fmt.Fprintln(w)
	if op.Covered {
		fmt.Fprintf(w, "OPTIMISED: covered, cost %s, saving %s against the plain plan\n", f(op.TotalCost), f(op.Saving))
	} else {
		fmt.Fprintf(w, "OPTIMISED: SHORTFALL %s (plain plan %s), cost %s\n", f(op.Shortfall), f(op.Plain.Shortfall), f(op.TotalCost))
	}
	fmt.Fprintln(w, "Why:")
	for _, s := range op.Why {
		fmt.Fprintf(w, "  - %s\n", s)
	}
	for _, s := range op.Bounds {
		fmt.Fprintf(w, "  bound: %s\n", s)
	}
}
