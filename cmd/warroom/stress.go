package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/warroom/warroom/engine"
)

func init() { addCmd(newStressCmd) }

func newStressCmd(e *env) *cobra.Command {
	var bf bookFlags
	var mc mcFlags
	cmd := &cobra.Command{
		Use:     "stress",
		Short:   "stress the book under a scenario: Table 1, calls per counterparty",
		Long:    `stress revalues every position under the scenario's shocks and nets the variation and initial margin per counterparty (Table 1). With --mc N, --historical FILE or --reverse it runs a scenario sweep instead and sizes the liquidity buffer at --percentile.`,
		Example: "  warroom stress --demo helios\n  warroom stress --book firm.yaml --mc 10000 --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !mc.active() {
				for _, f := range sweepOnly {
					if cmd.Flags().Changed(f) {
						return usageErr("--%s belongs to a scenario sweep: add --mc N, --historical FILE or --reverse", f)
					}
				}
			}
			return runStress(e, bf, mc)
		},
	}
	bf.attach(e, cmd)
	mc.register(cmd.Flags())
	mc.complete(cmd)
	return cmd
}

func runStress(e *env, bf bookFlags, mc mcFlags) error {
	if err := mc.validate(); err != nil {
		return err
	}
	b, sc, _, err := bf.load()
	if err != nil {
		return err
	}
	if mc.active() {
		return runMonteCarlo(e, bf, mc, b, sc)
	}
	st := engine.StressBook(b, sc)
	if bf.json {
		return writeJSON(e.stdout, stressJSON(b, st))
	}
	writeStressText(e.stdout, b, st)
	return nil
}

type positionJSON struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	Kind                  string `json:"kind"`
	Counterparty          string `json:"counterparty,omitempty"`
	MarketValue           string `json:"market_value"`
	StressedValue         string `json:"stressed_value"`
	UnrealizedPnL         string `json:"unrealized_pnl"`
	VariationMargin       string `json:"variation_margin"`
	InitialMargin         string `json:"initial_margin"`
	StressedInitialMargin string `json:"stressed_initial_margin"`
	MarginCall            string `json:"margin_call"`
	// HouseMargined: a prime broker finances it; initial_margin is then
	// its house margin.
	HouseMargined bool `json:"house_margined,omitempty"`
	// Currency (issue 16) is what the row's amounts are in: the position's.
	Currency string `json:"currency"`
}

type counterpartyJSON struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Kind            string `json:"kind"`
	VariationMargin string `json:"variation_margin"`
	IMChange        string `json:"initial_margin_change"`
	MarginCall      string `json:"margin_call"`
	BelowMTA        bool   `json:"below_min_transfer,omitempty"`
	Deadline        string `json:"deadline"`
	// Added by issue 12: how the call splits, what comes back, and the
	// collateral already lodged.
	CashOnly             string `json:"cash_only"`
	Postable             string `json:"postable"`
	EligibleCover        string `json:"eligible_cover"`
	CashPart             string `json:"cash_part"`
	Lodged               string `json:"lodged"`
	LodgedSecurities     string `json:"lodged_securities"`
	IMReleasedCash       string `json:"im_released_cash"`
	IMReleasedSecurities string `json:"im_released_securities"`
	CollateralTopUp      string `json:"collateral_top_up"`
	// HeldReturnedSecurities and HeldReceivedSecurities: under a CSA whose
	// held collateral is securities (collateral_held), what the firm
	// returns in kind and what it receives that it may not use (neither
	// is cash, neither is in margin_call or inflow).
	HeldReturnedSecurities string   `json:"held_returned_securities,omitempty"`
	HeldReceivedSecurities string   `json:"held_received_securities,omitempty"`
	Inflow                 string   `json:"inflow"`
	InflowArrivesAt        string   `json:"inflow_arrives_at,omitempty"`
	CSA                    *csaJSON `json:"csa,omitempty"`
	// Cycles is the call divided between the counterparty's margin cycles.
	Cycles []cycleJSON `json:"cycles,omitempty"`
	// Currency (issue 16) is what the call and every amount of this
	// object are in: a counterparty calling in two currencies is two
	// objects with the same id.
	Currency string `json:"currency"`
}

type cycleJSON struct {
	Cycle    string `json:"cycle"`
	Amount   string `json:"amount"`
	Deadline string `json:"deadline"`
}

// csaJSON is a CSA's legs: what the firm posted (positive) or held
// (negative) before and must after, and each rounded transfer.
type csaJSON struct {
	BalanceBefore        string `json:"balance_before"`
	RequiredAfter        string `json:"required_after"`
	FirmDelivers         string `json:"firm_delivers"`
	FirmReturns          string `json:"firm_returns"`
	CounterpartyDelivers string `json:"counterparty_delivers"`
	CounterpartyReturns  string `json:"counterparty_returns"`
	IMBefore             string `json:"im_before,omitempty"`
	IMRequiredAfter      string `json:"im_required_after,omitempty"`
	IMDelivers           string `json:"im_delivers,omitempty"`
	IMReturns            string `json:"im_returns,omitempty"`
}

type stressDoc struct {
	Book                       string             `json:"book"`
	Scenario                   string             `json:"scenario"`
	Positions                  []positionJSON     `json:"positions"`
	Counterparties             []counterpartyJSON `json:"counterparties"`
	TotalMarketValue           string             `json:"total_market_value"`
	TotalStressedValue         string             `json:"total_stressed_value"`
	TotalUnrealizedPnL         string             `json:"total_unrealized_pnl"`
	TotalVariationMargin       string             `json:"total_variation_margin"`
	TotalInitialMargin         string             `json:"total_initial_margin"`
	TotalStressedInitialMargin string             `json:"total_stressed_initial_margin"`
	TotalMarginCall            string             `json:"total_margin_call"`
	// Added by issue 12: margin coming back, and whether plans count it.
	TotalInflow  string `json:"total_inflow"`
	CountInflows bool   `json:"count_inflows"`
	// Added by issue 16: the base currency every total is in (market
	// values, IM and P&L at the as_of rates, stressed figures and calls at
	// the stressed rates), and both sets of rates.
	Currency   string            `json:"currency"`
	FX         map[string]string `json:"fx"`
	FXStressed map[string]string `json:"fx_stressed"`
}

var m = engine.JSONMoney

func stressJSON(b *engine.Book, st engine.Stress) stressDoc {
	doc := stressDoc{
		Book: b.Firm, Scenario: st.Scenario.ID,
		Positions: []positionJSON{}, Counterparties: []counterpartyJSON{},
		TotalMarketValue: m(st.TotalMarketValue), TotalStressedValue: m(st.TotalStressedValue),
		TotalUnrealizedPnL: m(st.TotalUnrealizedPnL), TotalVariationMargin: m(st.TotalVariation),
		TotalInitialMargin: m(st.TotalInitialMargin), TotalStressedInitialMargin: m(st.TotalStressedIM),
		TotalMarginCall: m(st.TotalMarginCall), CountInflows: !b.IgnoreInflows,
		Currency: b.Currency, FX: fxJSON(b.FX), FXStressed: fxJSON(st.FX),
	}
	var inflow decimal.Decimal
	for _, p := range st.Positions {
		doc.Positions = append(doc.Positions, positionJSON{
			ID: p.ID, Name: p.Name, Kind: string(p.Kind), Counterparty: p.Counterparty,
			MarketValue: m(p.MarketValue), StressedValue: m(p.StressedValue), UnrealizedPnL: m(p.UnrealizedPnL),
			VariationMargin: m(p.VariationMargin), InitialMargin: m(p.InitialMargin),
			StressedInitialMargin: m(p.StressedIM), MarginCall: m(p.MarginCall), HouseMargined: p.HouseMargined,
			Currency: p.Currency,
		})
	}
	for _, c := range st.Calls {
		cj := counterpartyJSON{
			ID: c.ID, Name: c.Name, Kind: string(c.Kind), VariationMargin: m(c.VariationMargin),
			IMChange: m(c.IMChange), MarginCall: m(c.Call), BelowMTA: c.BelowMTA,
			Deadline: c.Deadline.Format(time.RFC3339),
			CashOnly: m(c.CashOnly), Postable: m(c.Postable), EligibleCover: m(c.EligibleCover), CashPart: m(c.CashPart),
			Lodged: m(c.Lodged.Total()), LodgedSecurities: m(c.Lodged.Securities),
			IMReleasedCash: m(c.IMReleasedCash), IMReleasedSecurities: m(c.IMReleasedSecurities),
			CollateralTopUp: m(c.CollateralTopUp), Inflow: m(c.Inflow), Currency: b.CurrencyOf(c.Currency),
		}
		if c.Inflow.Sign() > 0 {
			cj.InflowArrivesAt = c.InflowAt.Format(time.RFC3339)
			// total_inflow is in the base, at the stressed rates.
			inflow = inflow.Add(engine.Cents(st.FX.MustConvert(c.Inflow, cj.Currency, b.Currency)))
		}
		if cp, _ := b.Counterparty(c.ID); c.CSA != nil && cp.CSA.HoldsSecurities() {
			cj.HeldReturnedSecurities, cj.HeldReceivedSecurities = m(c.HeldReturnedSecurities), m(c.HeldReceivedSecurities)
		}
		if t := c.CSA; t != nil {
			cj.CSA = &csaJSON{BalanceBefore: m(t.BalanceBefore), RequiredAfter: m(t.RequiredAfter),
				FirmDelivers: m(t.FirmDelivers), FirmReturns: m(t.FirmReturns),
				CounterpartyDelivers: m(t.CounterpartyDelivers), CounterpartyReturns: m(t.CounterpartyReturns)}
			if cp, _ := b.Counterparty(c.ID); cp.CSA.HasIMThreshold {
				cj.CSA.IMBefore, cj.CSA.IMRequiredAfter = m(t.IMBefore), m(t.IMRequiredAfter)
				cj.CSA.IMDelivers, cj.CSA.IMReturns = m(t.IMDelivers), m(t.IMReturns)
			}
		}
		for _, cy := range c.Cycles {
			cj.Cycles = append(cj.Cycles, cycleJSON{cy.Cycle, m(cy.Amount), cy.Deadline.Format(time.RFC3339)})
		}
		doc.Counterparties = append(doc.Counterparties, cj)
	}
	doc.TotalInflow = m(inflow)
	return doc
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// dash stands for "not applicable", as the seed's table writes N/A.
func dash(p engine.PositionStress, v string) string {
	if !p.Margined && !p.HouseMargined {
		return "—"
	}
	return v
}

func writeStressText(w io.Writer, b *engine.Book, st engine.Stress) {
	fmt.Fprintf(w, "%s — scenario %s: %s\n\n", b.Firm, st.Scenario.ID, st.Scenario.Name)
	multi := b.MultiCurrency()
	t := newTable("Position", "Market value", "Unreal. P&L", "IM", "Stressed MV", "VM", "Stressed IM", "Total call")
	f := engine.FormatMoney
	for _, p := range st.Positions {
		name := p.Name
		if name == "" {
			name = p.ID
		}
		if p.Counterparty != "" && (p.Margined || p.HouseMargined) {
			name += " (" + p.Counterparty + ")"
		} else if !p.Margined {
			name += " (" + string(p.Kind) + ")"
		}
		if multi {
			name += " " + p.Currency
		}
		t.add(name, f(p.MarketValue), f(p.UnrealizedPnL), dash(p, f(p.InitialMargin)), f(p.StressedValue),
			dash(p, f(p.VariationMargin)), dash(p, f(p.StressedIM)), f(p.MarginCall))
	}
	t.rule()
	total := "Total"
	if multi {
		total += " " + b.Currency
	}
	t.add(total, f(st.TotalMarketValue), f(st.TotalUnrealizedPnL), f(st.TotalInitialMargin), f(st.TotalStressedValue),
		f(st.TotalVariation), f(st.TotalStressedIM), f(st.TotalMarginCall))
	t.write(w)
	if multi {
		fmt.Fprintf(w, "(totals in %s: values, P&L and IM at the as_of rates %s; stressed figures at the scenario's %s)\n",
			b.Currency, ratesLabel(b.FX), ratesLabel(st.FX))
	}
	fmt.Fprintln(w)
	ct := newTable("Counterparty", "VM", "IM change", "Net call", "Cash part", "Deadline").alignLeft(5)
	for _, c := range st.Calls {
		call := f(c.Call)
		if c.BelowMTA {
			call += " (below MTA)"
		} else if c.Call.Sign() < 0 {
			call += " receive"
		}
		label := cpLabel(c.ID, c.Name)
		if multi {
			label += " " + c.Currency
		}
		ct.add(label, f(c.VariationMargin), f(c.IMChange), call, f(c.CashPart), c.Deadline.Format("Mon 2006-01-02 15:04 MST"))
	}
	ct.write(w)
	writeCallNotes(w, b, st)
	if multi {
		fmt.Fprintf(w, "\nTotal margin call: %s %s (at the scenario's rates)\n", f(st.TotalMarginCall), b.Currency)
		return
	}
	fmt.Fprintf(w, "\nTotal margin call: %s\n", f(st.TotalMarginCall))
}

// writeCallNotes says, per counterparty, what the table's figures hide:
// margin coming back and when, IM returned in securities, lodged
// collateral topped up, a CSA's legs. Nothing is printed for a call that
// has none of them (the seed's CME).
func writeCallNotes(w io.Writer, b *engine.Book, st engine.Stress) {
	f := engine.FormatMoney
	var notes []string
	for _, c := range st.Calls {
		if c.Inflow.Sign() > 0 {
			counted := "counted as a waterfall tier"
			if b.IgnoreInflows {
				counted = "not counted (count_inflows: false)"
			}
			notes = append(notes, fmt.Sprintf("%s pays the firm %s, arriving %s: %s", c.ID, f(c.Inflow), c.InflowAt.Format("Mon 15:04"), counted))
		}
		if c.IMReleasedSecurities.Sign() > 0 {
			what := "released IM"
			if c.CSA != nil {
				what = "the collateral the firm lodged"
			}
			notes = append(notes, fmt.Sprintf("%s returns %s of %s in securities (not cash: it does not pay the VM)", c.ID, f(c.IMReleasedSecurities), what))
		}
		if c.HeldReturnedSecurities.Sign() > 0 {
			notes = append(notes, fmt.Sprintf("%s: the firm returns %s of the securities it holds under the CSA in kind (no cash)", c.ID, f(c.HeldReturnedSecurities)))
		}
		if c.HeldReceivedSecurities.Sign() > 0 {
			notes = append(notes, fmt.Sprintf("%s delivers %s in securities the firm may not use (no use_of_collateral): not cash for a call", c.ID, f(c.HeldReceivedSecurities)))
		}
		if c.CollateralTopUp.Sign() > 0 {
			notes = append(notes, fmt.Sprintf("%s: lodged securities lose %s under the scenario, to top up (in the call)", c.ID, f(c.CollateralTopUp)))
		}
		if t := c.CSA; t != nil && (t.FirmReturns.Sign() > 0 || t.CounterpartyDelivers.Sign() > 0 || t.CounterpartyReturns.Sign() > 0 || t.IMDelivers.Sign() > 0 || t.IMReturns.Sign() > 0) {
			notes = append(notes, fmt.Sprintf("%s CSA: balance %s → %s; firm delivers %s, returns %s; counterparty delivers %s, returns %s; IM delivers %s, returns %s",
				c.ID, f(t.BalanceBefore), f(t.RequiredAfter), f(t.FirmDelivers), f(t.FirmReturns), f(t.CounterpartyDelivers), f(t.CounterpartyReturns), f(t.IMDelivers), f(t.IMReturns)))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
	}
	for _, n := range notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
}

// cpLabel names a counterparty by its name, with the id when the name does
// not already carry it.
func cpLabel(id, name string) string {
	switch {
	case name == "":
		return id
	case strings.Contains(name, id):
		return name
	}
	return name + " (" + id + ")"
}
