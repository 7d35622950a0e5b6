package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"github.com/warroom/warroom/engine"
)

func init() { addCmd(newLiquidateCmd) }

// decimalFlag reads an amount or a share from its literal text (never via
// float; no exponents), as book files are read. An amount flag also takes
// the forms the README promises for amounts: 1.5m, 250k, 1,500,000.
type decimalFlag struct {
	v      decimal.Decimal
	set    bool
	amount bool
}

func (d *decimalFlag) String() string {
	if !d.set {
		return ""
	}
	return d.v.String()
}

func (d *decimalFlag) Type() string { return "decimal" }

func (d *decimalFlag) Set(s string) error {
	if d.amount {
		v, err := engine.ParseAmount(s)
		if err != nil {
			return err
		}
		if v.Sign() < 0 {
			return fmt.Errorf("must not be negative")
		}
		d.v, d.set = v, true
		return nil
	}
	t := strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	v, err := decimal.NewFromString(t)
	if err != nil || strings.ContainsAny(t, "eE") {
		return fmt.Errorf("want a decimal number (1500000, 0.2)")
	}
	if v.Sign() < 0 {
		return fmt.Errorf("must not be negative")
	}
	d.v, d.set = v, true
	return nil
}

func parseTimeFlag(name, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usageErr("--%s %q: want RFC 3339 (2026-03-16T12:00:00-04:00)", name, s)
	}
	return t, nil
}

type saleJSON struct {
	Position       string `json:"position"`
	Kind           string `json:"kind"`
	Value          string `json:"value"`
	ImpactCost     string `json:"impact_cost"`
	Proceeds       string `json:"proceeds"`
	MarginReleased string `json:"margin_released"`
	RemarkVM       string `json:"remark_vm"`
	RemarkLoss     string `json:"remark_loss"`
	Relief         string `json:"relief"`
	ArrivesAt      string `json:"arrives_at"`
	FireSale       bool   `json:"fire_sale"`
	// BuysBack (issue 12): buying back a short spot position, which costs
	// cash (proceeds negative) and is never proposed to raise any.
	BuysBack bool `json:"buys_back,omitempty"`
	// Currency (issue 16 follow-up): what every amount of the sale is in,
	// its position's.
	Currency string `json:"currency"`
}

type candidateJSON struct {
	Rank     int    `json:"rank"`
	MaxValue string `json:"max_value"`
	Deadline string `json:"deadline"`
	InTime   bool   `json:"in_time"`
	Score    string `json:"score"`
	// Counted is the relief counted toward the need, in the need's
	// currency (the document's currency) at the scenario's rates; Via the
	// conversion it goes through; NoConversion that none delivers the
	// need's currency by the deadline (the candidate is then not in time).
	Counted      string `json:"counted"`
	Via          string `json:"via,omitempty"`
	NoConversion bool   `json:"no_conversion,omitempty"`
	saleJSON
}

// plannedJSON is a proposed sale with what it counts toward the need and
// the deadline of the call it serves (the first it meets).
type plannedJSON struct {
	saleJSON
	Counted  string `json:"counted"`
	Deadline string `json:"deadline"`
}

type liquidateDoc struct {
	Book          string          `json:"book"`
	Scenario      string          `json:"scenario"`
	Need          string          `json:"need"`
	Deadline      string          `json:"deadline"`
	Participation string          `json:"participation"`
	FireSale      string          `json:"fire_sale_threshold"`
	Candidates    []candidateJSON `json:"candidates"`
	Sales         []plannedJSON   `json:"sales"`
	// Currency is what need, raised, shortfall and total_cost are in;
	// FXStressed the rates the sales count at (a book in several
	// currencies).
	Currency   string            `json:"currency"`
	FXStressed map[string]string `json:"fx_stressed,omitempty"`
	Raised     string            `json:"raised"`
	Shortfall  string            `json:"shortfall"`
	TotalCost  string            `json:"total_cost"`
	FireSales  int               `json:"fire_sales"`
}

func saleDoc(b *engine.Book, s engine.Sale) saleJSON {
	return saleJSON{s.Position, string(s.Kind), m(s.Value), m(s.ImpactCost), m(s.Proceeds), m(s.MarginReleased),
		m(s.RemarkVM), m(s.RemarkLoss), m(s.Relief), rfc(s.ArrivesAt), s.FireSale, buysBack(s), b.CurrencyOf(s.Currency)}
}

// buysBack says a sale is the buy-back of a short spot position.
func buysBack(s engine.Sale) bool {
	return !s.Kind.Margined() && s.Proceeds.Sign() < 0 && s.Proceeds.Abs().Cmp(s.Value) >= 0
}

// liquidateFlags are liquidate's flags.
type liquidateFlags struct {
	bookFlags
	need, part, fire decimalFlag
	at, deadline     string
	currency         string
}

func newLiquidateCmd(e *env) *cobra.Command {
	o := liquidateFlags{need: decimalFlag{amount: true}}
	cmd := &cobra.Command{
		Use:     "liquidate --need AMOUNT",
		Short:   "position reduction: rank positions by relief per unit of cost and size sales to raise --need",
		Long:    `liquidate ranks the book's positions by the relief a sale brings (proceeds and margin released, less the re-mark of what is left) per unit of impact cost, and sizes the sales that raise --need by the deadline within the participation cap.`,
		Example: "  warroom liquidate --demo arb-capital --need 1000000",
		Args:    noArgs,
		RunE:    func(*cobra.Command, []string) error { return runLiquidate(e, o) },
	}
	fs := cmd.Flags()
	o.attach(e, cmd)
	varFlag(fs, &o.need, "need", "`AMOUNT` to raise by the deadline (required)")
	varFlag(fs, &o.part, "participation", "cap on a day's sale as a `SHARE` of ADV (default: the book's, 0.20)")
	varFlag(fs, &o.fire, "fire-sale", "cost-to-value `SHARE` past which a sale is a fire sale (default: the book's, 0.10)")
	fs.StringVar(&o.at, "at", "", "trade at `TIME` (RFC 3339; default the book's as_of)")
	fs.StringVar(&o.currency, "currency", "", "the `CCY` --need is in (default: the book's base); a sale whose money is in another counts through a conversion in time")
	fs.StringVar(&o.deadline, "deadline", "", "every sale counts only if it settles by `TIME` (RFC 3339; default: each sale by the deadline of the call it serves)")
	return cmd
}

func runLiquidate(e *env, o liquidateFlags) error {
	bf, need, part, fire, at, deadline := o.bookFlags, o.need, o.part, o.fire, &o.at, &o.deadline
	if !need.set {
		return usageErr("--need AMOUNT is required")
	}
	b, sc, _, err := bf.load()
	if err != nil {
		return err
	}
	in := engine.LiquidationInput{Need: need.v, At: b.AsOf, Deadline: b.Deadline, Participation: part.v, FireSale: fire.v,
		Currency: strings.ToUpper(strings.TrimSpace(o.currency))}
	if in.Currency != "" && !b.FX.Has(in.Currency) && in.Currency != b.Currency {
		return usageErr("--currency %s: the book has no rate for it (it has %s)", in.Currency, strings.Join(b.FX.Currencies(), ", "))
	}
	if *at != "" {
		if in.At, err = parseTimeFlag("at", *at); err != nil {
			return err
		}
	}
	st := engine.StressBook(b, sc)
	if *deadline != "" {
		if in.Deadline, err = parseTimeFlag("deadline", *deadline); err != nil {
			return err
		}
	} else {
		// As the plan counts a source toward a call: each sale serves the
		// earliest call still short that it settles in time for — a
		// future's close releases margin at its counterparty and serves
		// that counterparty's calls, a spot sale's cash any — per margin
		// cycle (CME's intraday call at 14:30 and its end-of-day call the
		// next morning are two deadlines).
		var last time.Time
		in.Deadlines, last = engine.CallDeadlines(st)
		if !last.IsZero() {
			in.Deadline = last
		}
		in.Calls = st.Due()
	}
	lp := engine.PlanLiquidation(b, st, in)
	doc := liquidateDoc{Book: b.Firm, Scenario: sc.ID, Need: m(lp.Need), Deadline: rfc(lp.Deadline),
		Participation: lp.Participation.String(), FireSale: lp.FireSale.String(),
		Candidates: []candidateJSON{}, Sales: []plannedJSON{},
		Raised: m(lp.Raised), Shortfall: m(lp.Shortfall), TotalCost: m(lp.TotalCost), FireSales: lp.FireSales,
		Currency: lp.Currency}
	if b.MultiCurrency() {
		doc.FXStressed = fxJSON(lp.FX)
	}
	for _, c := range lp.Candidates {
		doc.Candidates = append(doc.Candidates, candidateJSON{c.Rank, m(c.MaxValue), rfc(c.Deadline), c.InTime, c.Score.String(),
			m(c.Counted), c.Via, c.NoConversion, saleDoc(b, c.Sale)})
	}
	for i, s := range lp.Sales {
		doc.Sales = append(doc.Sales, plannedJSON{saleDoc(b, s), m(lp.Counted[i]), rfc(lp.Serves[i])})
	}
	if bf.json {
		return writeJSON(e.stdout, doc)
	}
	writeLiquidateText(e.stdout, b, sc, lp, len(in.Deadlines) > 0)
	return nil
}

func fireFlag(s engine.Sale) string {
	flag := ""
	if s.FireSale {
		flag = "FIRE SALE"
	}
	if buysBack(s) {
		flag = strings.TrimSpace(flag + " buy-back costs cash")
	}
	return flag
}

func writeLiquidateText(w io.Writer, b *engine.Book, sc engine.Scenario, lp engine.LiquidationPlan, perCall bool) {
	f := engine.FormatMoney
	multi := b.MultiCurrency()
	// cm is an amount with its currency in a book of several (a
	// single-currency book's text is as it always was).
	cm := func(d decimal.Decimal, ccy string) string {
		if !multi {
			return f(d)
		}
		return f(d) + " " + b.CurrencyOf(ccy)
	}
	by := "by " + lp.Deadline.Format("Mon 2006-01-02 15:04")
	if perCall {
		by = "each sale by the deadline of the call it serves (Due)"
	}
	fmt.Fprintf(w, "%s — scenario %s: position reduction to raise %s, %s\n", b.Firm, sc.ID, cm(lp.Need, lp.Currency), by)
	if multi {
		fmt.Fprintf(w, "Each sale in its position's currency; counted toward the need in %s at the scenario's rates (%s), through a conversion in time where its money is in another\n",
			lp.Currency, ratesLabel(lp.FX))
	}
	fmt.Fprintf(w, "Impact: square-root model × stress multiplier %s; a day's sale capped at %s%% of ADV; fire sale past %s%% of value\n\n",
		sc.ImpactMultiplier.String(), lp.Participation.Mul(decimal.NewFromInt(100)).String(), lp.FireSale.Mul(decimal.NewFromInt(100)).String())
	head := []string{"#", "Position", "Max today", "Impact cost", "Proceeds", "IM released", "Re-mark VM", "Relief", "Arrives", "Due", "Relief/cost", ""}
	if multi {
		head = append(head[:8], append([]string{"Counted " + lp.Currency}, head[8:]...)...)
	}
	t := newTable(head...).alignLeft(1, 8, 9, 11)
	if multi {
		t = newTable(head...).alignLeft(1, 9, 10, 12)
	}
	for _, c := range lp.Candidates {
		arr := c.ArrivesAt.Format("Mon 01-02 15:04")
		score := c.Score.StringFixed(1)
		flag := fireFlag(c.Sale)
		if !c.InTime {
			arr += " late"
			score = "—"
		}
		if c.NoConversion {
			flag = strings.TrimSpace(flag + " no conversion into " + lp.Currency + " in time")
		} else if c.Via != "" {
			flag = strings.TrimSpace(flag + " via " + c.Via)
		}
		row := []string{fmt.Sprint(c.Rank), c.Position, cm(c.MaxValue, c.Currency), cm(c.ImpactCost, c.Currency), cm(c.Proceeds, c.Currency),
			cm(c.MarginReleased, c.Currency), cm(c.RemarkVM, c.Currency), cm(c.Relief, c.Currency)}
		if multi {
			row = append(row, f(c.Counted))
		}
		t.add(append(row, arr, c.Deadline.Format("Mon 15:04"), score, flag)...)
	}
	t.write(w)
	fmt.Fprintf(w, "(Relief/cost: the net relief shown, cash raised or paid + IM released − re-mark VM, per unit of impact cost)\n")
	fmt.Fprintf(w, "\nProposed sales (the least of each, in rank order, that raises the need):\n")
	sh := []string{"Position", "Sell", "Impact cost", "Proceeds", "IM released", "Re-mark VM", "Relief", "Arrives", "Serves", ""}
	if multi {
		sh = append(sh[:7], append([]string{"Counted " + lp.Currency}, sh[7:]...)...)
	}
	st := newTable(sh...).alignLeft(len(sh)-3, len(sh)-2, len(sh)-1)
	for i, s := range lp.Sales {
		row := []string{s.Position, cm(s.Value, s.Currency), cm(s.ImpactCost, s.Currency), cm(s.Proceeds, s.Currency),
			cm(s.MarginReleased, s.Currency), cm(s.RemarkVM, s.Currency), cm(s.Relief, s.Currency)}
		if multi {
			row = append(row, f(lp.Counted[i]))
		}
		st.add(append(row, s.ArrivesAt.Format("Mon 01-02 15:04"), lp.Serves[i].Format("Mon 15:04"), fireFlag(s))...)
	}
	st.write(w)
	fmt.Fprintln(w)
	if lp.Shortfall.IsZero() {
		fmt.Fprintf(w, "RAISED %s in time at an impact cost of %s", cm(lp.Raised, lp.Currency), cm(lp.TotalCost, lp.Currency))
	} else {
		fmt.Fprintf(w, "SHORTFALL %s: sales raise only %s in time (impact cost %s)", cm(lp.Shortfall, lp.Currency), cm(lp.Raised, lp.Currency), cm(lp.TotalCost, lp.Currency))
	}
	if lp.FireSales > 0 {
		fmt.Fprintf(w, "; %d FIRE SALE(S)", lp.FireSales)
	}
	fmt.Fprintln(w)
}
