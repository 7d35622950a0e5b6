package main

import (
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"github.com/warroom/warroom/engine"
)

func init() { addCmd(newPlanCmd) }

type planFlags struct {
	bookFlags
	horizon horizonFlag
	at      string
}

func (p *planFlags) register(fs flagSet) {
	p.bookFlags.register(fs)
	varFlag(fs, &p.horizon, "horizon", "funding horizon for costs, in `DAYS` (ACT/360; default 1)")
	fs.StringVar(&p.at, "at", "", "activate the sources at `TIME` (RFC 3339; default the book's as_of)")
}

func newPlanCmd(e *env) *cobra.Command {
	var pf planFlags
	var optimise bool
	cmd := &cobra.Command{
		Use:     "plan",
		Short:   "the liquidity waterfall (Table 2) and the plain plan that funds the calls",
		Long:    `plan lists the book's liquidity sources in priority order with when each arrives (Table 2), then draws them in that order against the calls in deadline order: the plain plan. --optimise adds the cheapest plan that meets every deadline (posting collateral, repo, reordering) and the saving.`,
		Example: "  warroom plan --demo arb-capital\n  warroom plan --book firm.yaml --optimise --json",
		Args:    noArgs,
		RunE:    func(*cobra.Command, []string) error { return runPlan(e, pf, optimise) },
	}
	pf.stdin = e.stdin
	pf.register(cmd.Flags())
	completeBook(cmd)
	cmd.Flags().BoolVar(&optimise, "optimise", false, "add the optimised plan (post collateral, repo, reorder) and the saving")
	return cmd
}

func (p *planFlags) activation(b *engine.Book) (time.Time, error) {
	if p.at == "" {
		return b.AsOf, nil
	}
	t, err := time.Parse(time.RFC3339, p.at)
	if err != nil {
		return time.Time{}, usageErr("--at %q: want RFC 3339 (2026-03-16T12:00:00-04:00)", p.at)
	}
	// The same instant on the book's clock, so every time printed is the
	// book's wall time whatever offset --at was written in.
	return b.Market.In(t), nil
}

func runPlan(e *env, pf planFlags, optimise bool) error {
	b, sc, _, err := pf.load()
	if err != nil {
		return err
	}
	at, err := pf.activation(b)
	if err != nil {
		return err
	}
	st := engine.StressBook(b, sc)
	p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: at, HorizonDays: pf.horizon.value()})
	doc := planJSON(b, p)
	if optimise {
		if err := addOptimised(b, st, p, &doc); err != nil {
			return err
		}
	}
	if pf.json {
		return writeJSON(e.stdout, doc)
	}
	writePlanText(e.stdout, b, st, p)
	if optimise {
		writeOptimisedText(e.stdout, b, doc)
	}
	return nil
}

type callJSON struct {
	Counterparty string `json:"counterparty"`
	Amount       string `json:"amount"`
	Deadline     string `json:"deadline"`
	Covered      string `json:"covered"`
	Shortfall    string `json:"shortfall"`
	// Cycle is the counterparty's margin cycle the call belongs to, for a
	// counterparty with several a day.
	Cycle string `json:"cycle,omitempty"`
	// Added by issue 16: the call's currency (amount, covered and
	// shortfall are in it) and its shortfall in the base currency.
	Currency      string `json:"currency"`
	ShortfallBase string `json:"shortfall_base"`
}

type drawJSON struct {
	Source    string `json:"source"`
	Kind      string `json:"kind"`
	Amount    string `json:"amount"`
	DrawnAt   string `json:"drawn_at"`
	ArrivesAt string `json:"arrives_at"`
	InTime    bool   `json:"in_time"`
	Cost      string `json:"cost"`
	// Added by issue 16: amount and cost are in currency (the source's).
	Currency string `json:"currency"`
	CostBase string `json:"cost_base"`
}

type tierJSON struct {
	Source           string `json:"source"`
	Name             string `json:"name"`
	Kind             string `json:"kind"`
	Available        string `json:"available"`
	Access           string `json:"access"`
	ArrivesAt        string `json:"arrives_at"`
	Late             bool   `json:"late"`
	Withdrawn        bool   `json:"withdrawn"`
	Cumulative       string `json:"cumulative"`
	CumulativeInTime string `json:"cumulative_in_time"`
	FullCost         string `json:"cost_if_drawn"`
	// Added by issue 16: available and cost_if_drawn are in currency; the
	// cumulative columns in the base currency at the stressed rates.
	Currency string `json:"currency"`
}

type deadlineJSON struct {
	Deadline  string `json:"deadline"`
	Due       string `json:"due"`
	Covered   string `json:"covered"`
	Shortfall string `json:"shortfall"`
}

type planDoc struct {
	Book        string         `json:"book"`
	Scenario    string         `json:"scenario"`
	ActivatedAt string         `json:"activated_at"`
	HorizonDays string         `json:"horizon_days"`
	Required    string         `json:"required"`
	Calls       []callJSON     `json:"calls"`
	Draws       []drawJSON     `json:"draws"`
	Tiers       []tierJSON     `json:"tiers"`
	Deadlines   []deadlineJSON `json:"deadlines"`
	Late        []string       `json:"late"`
	Withdrawn   []string       `json:"withdrawn"`
	Shortfall   string         `json:"shortfall"`
	Covered     bool           `json:"covered"`
	TotalCost   string         `json:"total_cost"`
	// Added by issue 12: margin coming back (each also a tier of kind
	// "inflow"), whether the book counts it, and how costs accrue.
	Inflows      []inflowJSON `json:"inflows"`
	CountInflows bool         `json:"count_inflows"`
	DayCount     string       `json:"day_count"`
	AccrualDays  string       `json:"accrual_days"`
	// Added by issue 16: the base currency that required, shortfall,
	// total_cost and the deadlines are in; the rates as of as_of and as
	// the scenario leaves them; the FX deals struck; the per-currency
	// ladder.
	Currency    string            `json:"currency"`
	FX          map[string]string `json:"fx"`
	FXStressed  map[string]string `json:"fx_stressed"`
	Conversions []conversionJSON  `json:"conversions"`
	Currencies  []currencyJSON    `json:"currencies"`
	Optimised   any               `json:"optimised,omitempty"`
}

type inflowJSON struct {
	Counterparty string `json:"counterparty"`
	Amount       string `json:"amount"`
	ArrivesAt    string `json:"arrives_at"`
	Currency     string `json:"currency"`
}

func rfc(t time.Time) string { return t.Format(time.RFC3339) }

func planJSON(b *engine.Book, p engine.Plan) planDoc {
	doc := planDoc{
		Book: b.Firm, ActivatedAt: rfc(p.ActivatedAt), HorizonDays: p.HorizonDays.String(),
		Required: m(p.Required), Shortfall: m(p.Shortfall), Covered: p.Covered, TotalCost: m(p.TotalCost),
		Calls: []callJSON{}, Draws: []drawJSON{}, Tiers: []tierJSON{}, Deadlines: []deadlineJSON{},
		Late: append([]string{}, p.Late...), Withdrawn: append([]string{}, p.Withdrawn...),
		Inflows: []inflowJSON{}, CountInflows: !b.IgnoreInflows, DayCount: b.DayCountName(), AccrualDays: p.Accrual.Days.String(),
		Currency: b.Currency, FX: fxJSON(b.FX), FXStressed: fxJSON(p.FX), Conversions: []conversionJSON{}, Currencies: []currencyJSON{},
	}
	for _, in := range p.Inflows {
		doc.Inflows = append(doc.Inflows, inflowJSON{in.Counterparty, m(in.Amount), rfc(in.ArrivesAt), b.CurrencyOf(in.Currency)})
	}
	for _, c := range p.Calls {
		ccy := b.CurrencyOf(c.Currency)
		doc.Calls = append(doc.Calls, callJSON{c.Counterparty, m(c.Amount), rfc(c.Deadline), m(c.Covered), m(c.Shortfall), c.Cycle,
			ccy, m(engine.Cents(p.FX.MustConvert(c.Shortfall, ccy, b.Currency)))})
	}
	for _, d := range p.Draws {
		doc.Draws = append(doc.Draws, drawJSON{d.Source, string(d.Kind), m(d.Amount), rfc(d.DrawnAt), rfc(d.ArrivesAt), d.InTime, m(d.Cost),
			b.CurrencyOf(d.Currency), m(d.CostBase)})
	}
	for _, c := range p.Conversions {
		doc.Conversions = append(doc.Conversions, conversionJSON{ID: c.ID, Source: c.Source, Counterparty: c.Counterparty,
			From: c.From, To: c.To, Sold: m(c.Sold), Bought: m(c.Bought), Rate: c.Rate.String(),
			DealtAt: rfc(c.DealtAt), ArrivesAt: rfc(c.ArrivesAt), Cost: m(c.Cost), CostBase: m(c.CostBase)})
	}
	for _, r := range p.Currencies {
		doc.Currencies = append(doc.Currencies, currencyJSON{Currency: r.Currency, Due: m(r.Due), Covered: m(r.Covered),
			Shortfall: m(r.Shortfall), Available: m(r.Available), Left: m(r.Left), Rate: r.Rate.String(),
			DueBase: m(r.DueBase), ShortfallBase: m(r.ShortfallBase), LeftBase: m(r.LeftBase)})
	}
	for _, t := range p.Tiers {
		access := t.Source.Access.String()
		if t.Source.Kind == engine.SourceInflow {
			access = "settlement" // when the counterparty pays: arrives_at
		}
		doc.Tiers = append(doc.Tiers, tierJSON{t.Source.ID, t.Source.Name, string(t.Source.Kind), m(t.Available), access,
			rfc(t.ArrivesAt), t.Late, t.Withdrawn, m(t.Cumulative), m(t.CumulativeInTime), m(t.FullCost), t.Currency})
	}
	for _, d := range p.Deadlines {
		doc.Deadlines = append(doc.Deadlines, deadlineJSON{rfc(d.Deadline), m(d.Due), m(d.Covered), m(d.Shortfall)})
	}
	return doc
}

func tierStatus(t engine.Tier) string {
	switch {
	case t.Withdrawn:
		return "✗ withdrawn"
	case t.Late:
		return "✗ late"
	default:
		return "✓ in time"
	}
}

func writePlanText(w io.Writer, b *engine.Book, st engine.Stress, p engine.Plan) {
	f := engine.FormatMoney
	multi := b.MultiCurrency()
	// cm is an amount with its currency, in a book of several (a
	// single-currency book's text is as it always was).
	cm := func(d decimal.Decimal, ccy string) string {
		if !multi {
			return f(d)
		}
		return f(d) + " " + b.CurrencyOf(ccy)
	}
	clock := func(t time.Time) string {
		if sameDay(t, p.ActivatedAt) {
			return t.Format("15:04")
		}
		return t.Format("Mon 01-02 15:04")
	}
	fmt.Fprintf(w, "%s — scenario %s: liquidity waterfall, sources activated %s\n\n", b.Firm, st.Scenario.ID, p.ActivatedAt.Format("Mon 2006-01-02 15:04"))
	t := newTable("Source", "Available", "Access", "Arrives", "", "Rate bp/yr", "Cumulative").alignLeft(2, 3, 4)
	for _, tier := range p.Tiers {
		name := tier.Source.Name
		if name == "" {
			name = tier.Source.ID
		}
		avail := cm(tier.Available, tier.Currency)
		if tier.Source.Kind == engine.SourceAssetSale {
			avail += " (est.)"
		}
		cost := tier.Source.CostBps.Add(tier.Source.RateBps).String()
		if tier.SaleCost.Sign() > 0 {
			cost = "loss " + engine.FormatWhole(tier.SaleCost)
		}
		t.add(name, avail, accessLabel(b, tier.Source), clock(tier.ArrivesAt), tierStatus(tier), cost, f(tier.Cumulative))
	}
	t.write(w)
	for _, tier := range p.Tiers {
		if e, ok := engine.EstimateSale(b, st, tier.Source); ok {
			if e.Margined {
				fmt.Fprintf(w, "%s: closing it raises no cash of its own (its %s stressed value is not proceeds): it frees %s of margin, less the impact model's loss %s (%s)", tier.Source.ID,
					engine.FormatWhole(e.Value.Abs()), engine.FormatWhole(e.IM), engine.FormatWhole(e.Cost), engine.FormatWhole(e.ModelProceeds))
			} else {
				fmt.Fprintf(w, "%s: loss %s is the impact model's, selling its %s stressed value (it would raise %s)", tier.Source.ID,
					engine.FormatWhole(e.Cost), engine.FormatWhole(e.Value), engine.FormatWhole(e.ModelProceeds))
			}
			if e.Capped {
				fmt.Fprintf(w, "; the book's estimate caps it at %s, a %s loss", engine.FormatWhole(e.Cap), engine.FormatWhole(e.Value.Sub(e.Cap)))
			}
			fmt.Fprintln(w)
		}
	}
	if multi {
		fmt.Fprintf(w, "(cumulative in %s at the scenario's rates: %s)\n", b.Currency, ratesLabel(p.FX))
	}
	fmt.Fprintf(w, "\nCalls (deadline order):\n")
	ct := newTable("Counterparty", "Call", "Deadline", "Covered", "Shortfall").alignLeft(2)
	for _, c := range p.Calls {
		who := c.Counterparty
		if c.Cycle != "" {
			who += " " + c.Cycle
		}
		ct.add(who, cm(c.Amount, c.Currency), c.Deadline.Format("Mon 15:04"), cm(c.Covered, c.Currency), cm(c.Shortfall, c.Currency))
	}
	ct.write(w)
	fmt.Fprintf(w, "\nPlain plan (the waterfall in priority order):\n")
	dt := newTable("Draw", "Amount", "Arrives", "Cost").alignLeft(2)
	for _, d := range p.Draws {
		dt.add(d.Source, cm(d.Amount, d.Currency), clock(d.ArrivesAt), cm(d.CostBase, b.Currency))
	}
	for _, c := range p.Conversions {
		dt.add(c.ID, cm(c.Bought, c.To), clock(c.ArrivesAt), cm(c.CostBase, b.Currency))
	}
	dt.rule()
	var total = p.Required.Sub(p.Shortfall)
	dt.add("Total", cm(total, b.Currency), "", cm(p.TotalCost, b.Currency))
	dt.write(w)
	fmt.Fprintln(w)
	if multi {
		writeConversionsText(w, b, p, clock)
	}
	if len(p.Late) > 0 {
		fmt.Fprintf(w, "Late (arrive after every deadline they could serve): %v\n", p.Late)
	}
	if len(p.Withdrawn) > 0 {
		fmt.Fprintf(w, "Withdrawn in this scenario: %v\n", p.Withdrawn)
	}
	if len(p.Deadlines) > 1 {
		for _, d := range p.Deadlines {
			fmt.Fprintf(w, "  deadline %s: due %s, shortfall %s\n", d.Deadline.Format("Mon 15:04"), f(d.Due), f(d.Shortfall))
		}
	}
	if b.IgnoreInflows {
		fmt.Fprintf(w, "Margin coming back is not counted (count_inflows: false)\n")
	}
	if !p.Accrual.Days.Equal(p.HorizonDays) || b.DayCountName() != "ACT/360" {
		fmt.Fprintf(w, "Costs accrue %s over %s day(s) (a horizon ending on a weekend runs to the next business day)\n", b.DayCountName(), p.Accrual.Days)
	}
	switch {
	case p.Covered:
		fmt.Fprintf(w, "COVERED: required %s, shortfall 0.00, cost %s over %s day(s)\n", cm(p.Required, b.Currency), cm(p.TotalCost, b.Currency), p.HorizonDays)
	case multi:
		fmt.Fprintf(w, "SHORTFALL %s of %s required (in %s at the scenario's rates)\n", cm(p.Shortfall, b.Currency), cm(p.Required, b.Currency), b.Currency)
	default:
		fmt.Fprintf(w, "SHORTFALL %s of %s required\n", f(p.Shortfall), f(p.Required))
	}
}

// accessLabel is a tier's access as it applies: an asset sale's proceeds
// come when the position's sale settles, an inflow at the counterparty's
// settlement.
func accessLabel(b *engine.Book, s engine.Source) string {
	switch s.Kind {
	case engine.SourceInflow:
		return "settles"
	case engine.SourceAssetSale:
		if p, ok := b.Position(s.Position); ok && p.Liquidity.Settle != s.Access {
			return p.Liquidity.Settle.String() + " settle"
		}
	}
	return s.Access.String()
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.In(a.Location()).Date()
	return ay == by && am == bm && ad == bd
}
