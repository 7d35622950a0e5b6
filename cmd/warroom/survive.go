package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"github.com/warroom/warroom/engine"
)

func init() { addCmd(newSurviveCmd) }

// pathFlag reads follow-on factor returns: "oil=-0.05,-0.03", repeatable.
type pathFlag map[string][]decimal.Decimal

func (p pathFlag) String() string { return "" }

func (p pathFlag) Type() string { return "returns" }

func (p pathFlag) Set(s string) error {
	factor, list, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(factor) == "" {
		return fmt.Errorf("want FACTOR=R2,R3,… (oil=-0.05,-0.03)")
	}
	for _, r := range strings.Split(list, ",") {
		t := strings.TrimSpace(r)
		v, err := decimal.NewFromString(t)
		if err != nil || strings.ContainsAny(t, "eE") {
			return fmt.Errorf("return %q: want a decimal (-0.05)", r)
		}
		p[strings.TrimSpace(factor)] = append(p[strings.TrimSpace(factor)], v)
	}
	return nil
}

type dayJSON struct {
	Day             int    `json:"day"`
	Date            string `json:"date"`
	Move            string `json:"move"`
	MarketValue     string `json:"market_value"`
	VariationMargin string `json:"variation_margin"`
	IMRequired      string `json:"initial_margin_required"`
	Sold            string `json:"sold"`
	ImpactCost      string `json:"impact_cost"`
	RemarkVM        string `json:"remark_vm"`
	Due             string `json:"due"`
	Paid            string `json:"paid"`
	Overdue         string `json:"overdue"`
	Cash            string `json:"cash"`
	PaperEquity     string `json:"paper_equity"`
	FireSale        bool   `json:"fire_sale"`
	Insolvent       bool   `json:"insolvent"`
	Status          string `json:"status"`
	// Sales (issue 12): the day's forced sales, most liquid relief first.
	Sales []saleJSON `json:"sales"`
	// Currencies: in a book of several, each currency's part of the day
	// in that currency (the day's other amounts are in the base at the
	// scenario's rates).
	Currencies []dayCurrencyJSON `json:"currencies,omitempty"`
	// Currency is what the day's amounts are in: the base.
	Currency string `json:"currency"`
}

type dayCurrencyJSON struct {
	Currency string `json:"currency"`
	Due      string `json:"due"`
	Paid     string `json:"paid"`
	Overdue  string `json:"overdue"`
	Cash     string `json:"cash"`
	Deadline string `json:"deadline"`
	// Bought is what of paid was bought with another currency, through
	// the conversions via.
	Bought string   `json:"bought"`
	Via    []string `json:"via,omitempty"`
}

type pathJSON struct {
	Buffer       string     `json:"buffer"`
	DeRisk       string     `json:"derisk"`
	DeRiskSales  []saleJSON `json:"derisk_sales"`
	Days         []dayJSON  `json:"days"`
	Insolvent    bool       `json:"insolvent"`
	InsolventDay int        `json:"insolvent_day,omitempty"`
	Survived     bool       `json:"survived"`
}

type surviveDoc struct {
	Book           string    `json:"book"`
	Scenario       string    `json:"scenario"`
	Path           pathJSON  `json:"path"`
	SmallestBuffer *string   `json:"smallest_buffer"`
	BufferPath     *pathJSON `json:"buffer_path,omitempty"`
	SmallestDeRisk *string   `json:"smallest_derisk"`
	DeRiskPath     *pathJSON `json:"derisk_path,omitempty"`
	BufferStep     string    `json:"buffer_step"`
	DeRiskStep     string    `json:"derisk_step"`
	// Currency is what every amount of the paths is in, but a day's
	// currencies; FXStressed the rates they are converted at.
	Currency   string            `json:"currency"`
	FXStressed map[string]string `json:"fx_stressed,omitempty"`
}

func survivalDoc(b *engine.Book, p engine.SurvivalPath) pathJSON {
	out := pathJSON{Buffer: m(p.Buffer), DeRisk: p.DeRisk.String(), DeRiskSales: []saleJSON{}, Days: []dayJSON{},
		Insolvent: p.Insolvent, InsolventDay: p.InsolventDay, Survived: p.Survived}
	for _, s := range p.DeRiskSales {
		out.DeRiskSales = append(out.DeRiskSales, saleDoc(b, s))
	}
	for _, d := range p.Days {
		dj := dayJSON{d.Day, rfc(d.Date), d.Move.String(), m(d.MarketValue), m(d.VariationMargin),
			m(d.IMRequired), m(d.Sold), m(d.ImpactCost), m(d.RemarkVM), m(d.Due), m(d.Paid), m(d.Overdue), m(d.Cash),
			m(d.Equity), d.FireSale, d.Insolvent, dayStatus(d), []saleJSON{}, nil, b.Currency}
		for _, s := range d.Sales {
			dj.Sales = append(dj.Sales, saleDoc(b, s))
		}
		for _, c := range d.Currencies {
			dj.Currencies = append(dj.Currencies, dayCurrencyJSON{c.Currency, m(c.Due), m(c.Paid), m(c.Overdue), m(c.Cash), rfc(c.Deadline), m(c.Bought), c.Via})
		}
		out.Days = append(out.Days, dj)
	}
	return out
}

func dayStatus(d engine.SurvivalDay) string {
	switch {
	case d.Insolvent:
		return "INSOLVENT: " + d.Reason
	case d.Overdue.Sign() > 0:
		return "in arrears"
	default:
		return "paid"
	}
}

// surviveFlags are survive's flags.
type surviveFlags struct {
	bookFlags
	buffer, derisk decimalFlag
	days           int
	path           pathFlag
}

func newSurviveCmd(e *env) *cobra.Command {
	o := surviveFlags{path: pathFlag{}, buffer: decimalFlag{amount: true}}
	cmd := &cobra.Command{
		Use:     "survive",
		Short:   "the fire-sale spiral day by day, and the smallest buffer and early de-risking that survive",
		Long:    `survive runs the scenario forward business day by business day: forced sales pay each day's calls, their impact re-marks what is left, which calls more margin. It then searches the smallest starting buffer, and the smallest share sold before the shock, with which the firm survives.`,
		Example: "  warroom survive --demo helios\n  warroom survive --demo helios --buffer 23823000 --json",
		Args:    noArgs,
		RunE:    func(*cobra.Command, []string) error { return runSurvive(e, o) },
	}
	fs := cmd.Flags()
	o.attach(e, cmd)
	varFlag(fs, &o.buffer, "buffer", "starting cash `AMOUNT` (default: what the book's sources raise under the scenario)")
	varFlag(fs, &o.derisk, "derisk", "`SHARE` of each margined position sold the business day before the shock")
	fs.IntVar(&o.days, "days", 5, "business `DAYS` to simulate")
	varFlag(fs, o.path, "path", "follow-on daily returns `FACTOR=R2,R3,…` (default: the scenario's path); repeatable")
	return cmd
}

func runSurvive(e *env, o surviveFlags) error {
	bf, buffer, derisk, days, path := o.bookFlags, o.buffer, o.derisk, &o.days, o.path
	if *days < 1 || *days > 60 {
		return usageErr("--days %d: want 1 … 60", *days)
	}
	if derisk.set && derisk.v.Cmp(decimal.NewFromInt(1)) > 0 {
		return usageErr("--derisk %s: want a share between 0 and 1", derisk.v)
	}
	b, sc, _, err := bf.load()
	if err != nil {
		return err
	}
	in := engine.SurvivalInput{Days: *days, Buffer: buffer.v, HasBuffer: buffer.set, DeRisk: derisk.v}
	if len(path) > 0 {
		in.Path = path
	}
	run := engine.Simulate(b, sc, in)
	doc := surviveDoc{Book: b.Firm, Scenario: sc.ID, Path: survivalDoc(b, run),
		BufferStep: m(engine.BufferStep), DeRiskStep: engine.DeRiskStep.String(), Currency: b.Currency}
	multi := b.MultiCurrency()
	if multi {
		doc.FXStressed = fxJSON(b.FX.Shocked(sc.Shocks))
	}
	bufIn := in
	bufIn.DeRisk = decimal.Zero
	buf, bp, bok := engine.SmallestBuffer(b, sc, bufIn)
	if bok {
		s, pj := m(buf), survivalDoc(b, bp)
		doc.SmallestBuffer, doc.BufferPath = &s, &pj
	}
	// De-risking is tried with the run's buffer: the given one, or the
	// book's sources (in their currencies, in a book of several).
	drIn := in
	frac, dp, dok := engine.SmallestDeRisk(b, sc, drIn)
	if dok {
		s, pj := frac.String(), survivalDoc(b, dp)
		doc.SmallestDeRisk, doc.DeRiskPath = &s, &pj
	}
	if bf.json {
		return writeJSON(e.stdout, doc)
	}
	writeSurviveText(e.stdout, b, sc, run)
	if !in.HasBuffer {
		fmt.Fprintf(e.stdout, "(The buffer is what the book's sources raise under the scenario and deliver by day 1's deadline; asset sales aside.)\n")
	}
	if multi {
		fmt.Fprintf(e.stdout, "(Amounts in %s at the scenario's rates, %s; each currency's calls are paid in it, or through a conversion that delivers by its deadline.)\n",
			b.Currency, ratesLabel(b.FX.Shocked(sc.Shocks)))
	}
	f := engine.FormatMoney
	fmt.Fprintln(e.stdout)
	if bok {
		fmt.Fprintf(e.stdout, "Smallest buffer that survives (to the %s): %s — every call paid on time for %d days\n",
			engine.FormatWhole(engine.BufferStep), f(buf), *days)
		writeDays(e.stdout, bp)
	} else {
		fmt.Fprint(e.stdout, "No buffer up to 1,000,000,000,000 survives.")
		if multi {
			fmt.Fprintf(e.stdout, " A buffer is cash in %s: it cannot pay a call in another currency that no conversion delivers by its deadline.", b.Currency)
		}
		fmt.Fprintln(e.stdout)
	}
	fmt.Fprintln(e.stdout)
	if dok {
		fmt.Fprintf(e.stdout, "Smallest early de-risking that survives with the %s buffer (to %s%%): %s%% of each margined position sold on %s\n",
			f(run.Buffer), engine.DeRiskStep.Mul(decimal.NewFromInt(100)).String(), frac.Mul(decimal.NewFromInt(100)).String(), dayBefore(dp))
		for _, s := range dp.DeRiskSales {
			fmt.Fprintf(e.stdout, "  sell %s of %s: impact cost %s, IM released %s, re-mark VM %s\n",
				f(s.Value), s.Position, f(s.ImpactCost), f(s.MarginReleased), f(s.RemarkVM))
		}
		writeDays(e.stdout, dp)
	} else {
		fmt.Fprintf(e.stdout, "No early de-risking within a day's participation cap survives with the %s buffer.\n", f(run.Buffer))
	}
	return nil
}

func dayBefore(p engine.SurvivalPath) string {
	if len(p.DeRiskSales) == 0 {
		return "day 0"
	}
	return "day 0 (" + p.DeRiskSales[0].ArrivesAt.Format("Mon 01-02") + ")"
}

func writeSurviveText(w io.Writer, b *engine.Book, sc engine.Scenario, p engine.SurvivalPath) {
	f := engine.FormatMoney
	fmt.Fprintf(w, "%s — scenario %s: the spiral, day by day, with a %s buffer", b.Firm, sc.ID, f(p.Buffer))
	if p.DeRisk.Sign() > 0 {
		fmt.Fprintf(w, " and %s%% sold before the shock", p.DeRisk.Mul(decimal.NewFromInt(100)).String())
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Forced sales are the least that pays each day, at most a day's participation cap, at the scenario's stressed impact;")
	fmt.Fprintln(w, "each sale's permanent impact re-marks what is left, which calls more VM. Equity is paper equity (cash + IM + unrealised P&L − losses).")
	fmt.Fprintln(w)
	writeDays(w, p)
	writeSales(w, p)
	writeCurrencies(w, p)
	fmt.Fprintln(w)
	switch {
	case p.Insolvent:
		last := p.Days[len(p.Days)-1]
		fmt.Fprintf(w, "INSOLVENT on day %d (%s): %s; %s overdue, paper equity still %s\n",
			p.InsolventDay, last.Date.Format("Mon 01-02"), last.Reason, f(last.Overdue), f(last.Equity))
	case p.Survived:
		fmt.Fprintf(w, "SURVIVED %d days: every call paid on time\n", len(p.Days))
	default:
		fmt.Fprintf(w, "NOT INSOLVENT after %d days, but calls were paid late\n", len(p.Days))
	}
}

// writeSales lists each day's forced sales in the order made: the most
// liquid relief (relief per unit of impact cost) first.
func writeSales(w io.Writer, p engine.SurvivalPath) {
	f := engine.FormatMoney
	for _, d := range p.Days {
		for i, s := range d.Sales {
			ccy := ""
			if len(d.Currencies) > 0 && s.Currency != "" {
				ccy = " (" + s.Currency + ")"
			}
			fmt.Fprintf(w, "  day %d sale %d: %s of %s%s, impact cost %s, IM released %s, re-mark VM %s, relief %s\n",
				d.Day, i+1, f(s.Value), s.Position, ccy, f(s.ImpactCost), f(s.MarginReleased), f(s.RemarkVM), f(s.Relief))
		}
	}
}

// writeCurrencies lists, in a book of several currencies, each day's
// calls per currency in that currency, and what stayed unpaid by when.
func writeCurrencies(w io.Writer, p engine.SurvivalPath) {
	f := engine.FormatMoney
	for _, d := range p.Days {
		for _, c := range d.Currencies {
			if c.Due.IsZero() && c.Overdue.IsZero() {
				continue
			}
			line := fmt.Sprintf("  day %d %s: due %s by %s, paid %s", d.Day, c.Currency, f(c.Due), c.Deadline.Format("Mon 15:04"), f(c.Paid))
			if c.Bought.Sign() > 0 {
				line += fmt.Sprintf(" (%s of it bought through %s)", f(c.Bought), strings.Join(c.Via, ", "))
			}
			if c.Overdue.Sign() > 0 {
				line += fmt.Sprintf(", OVERDUE %s", f(c.Overdue))
			}
			fmt.Fprintf(w, "%s; cash left %s\n", line, f(c.Cash))
		}
	}
}

func writeDays(w io.Writer, p engine.SurvivalPath) {
	f := engine.FormatMoney
	t := newTable("Day", "Date", "Move", "VM", "IM required", "Sold", "Impact cost", "Re-mark VM", "Due", "Paid", "Overdue", "Paper equity", "Status").alignLeft(1, 12)
	for _, d := range p.Days {
		status := dayStatus(d)
		if d.FireSale {
			status += ", FIRE SALE"
		}
		t.add(fmt.Sprint(d.Day), d.Date.Format("Mon 01-02"), d.Move.Mul(decimal.NewFromInt(100)).StringFixed(1)+"%",
			f(d.VariationMargin), f(d.IMRequired), f(d.Sold), f(d.ImpactCost), f(d.RemarkVM), f(d.Due), f(d.Paid),
			f(d.Overdue), f(d.Equity), status)
	}
	t.write(w)
}
