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
}

type candidateJSON struct {
	Rank     int    `json:"rank"`
	MaxValue string `json:"max_value"`
	Deadline string `json:"deadline"`
	InTime   bool   `json:"in_time"`
	Score    string `json:"score"`
	saleJSON
}

type liquidateDoc struct {
	Book          string          `json:"book"`
	Scenario      string          `json:"scenario"`
	Need          string          `json:"need"`
	Deadline      string          `json:"deadline"`
	Participation string          `json:"participation"`
	FireSale      string          `json:"fire_sale_threshold"`
	Candidates    []candidateJSON `json:"candidates"`
	Sales         []saleJSON      `json:"sales"`
	Raised        string          `json:"raised"`
	Shortfall     string          `json:"shortfall"`
	TotalCost     string          `json:"total_cost"`
	FireSales     int             `json:"fire_sales"`
}

func saleDoc(s engine.Sale) saleJSON {
	return saleJSON{s.Position, string(s.Kind), m(s.Value), m(s.ImpactCost), m(s.Proceeds), m(s.MarginReleased),
		m(s.RemarkVM), m(s.RemarkLoss), m(s.Relief), rfc(s.ArrivesAt), s.FireSale, buysBack(s)}
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
	in := engine.LiquidationInput{Need: need.v, At: b.AsOf, Deadline: b.Deadline, Participation: part.v, FireSale: fire.v}
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
		// As the console's reduction stage does: closing a future releases
		// margin at its counterparty, so it serves that call and counts by
		// its deadline; a spot sale's cash serves the last call due.
		var last time.Time
		in.Deadlines, last = engine.CallDeadlines(st)
		if !last.IsZero() {
			in.Deadline = last
		}
	}
	lp := engine.PlanLiquidation(b, st, in)
	doc := liquidateDoc{Book: b.Firm, Scenario: sc.ID, Need: m(lp.Need), Deadline: rfc(lp.Deadline),
		Participation: lp.Participation.String(), FireSale: lp.FireSale.String(),
		Candidates: []candidateJSON{}, Sales: []saleJSON{},
		Raised: m(lp.Raised), Shortfall: m(lp.Shortfall), TotalCost: m(lp.TotalCost), FireSales: lp.FireSales}
	for _, c := range lp.Candidates {
		doc.Candidates = append(doc.Candidates, candidateJSON{c.Rank, m(c.MaxValue), rfc(c.Deadline), c.InTime, c.Score.String(), saleDoc(c.Sale)})
	}
	for _, s := range lp.Sales {
		doc.Sales = append(doc.Sales, saleDoc(s))
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
	by := "by " + lp.Deadline.Format("Mon 2006-01-02 15:04")
	if perCall {
		by = "each sale by the deadline of the call it serves (Due)"
	}
	fmt.Fprintf(w, "%s — scenario %s: position reduction to raise %s, %s\n", b.Firm, sc.ID, f(lp.Need), by)
	fmt.Fprintf(w, "Impact: square-root model × stress multiplier %s; a day's sale capped at %s%% of ADV; fire sale past %s%% of value\n\n",
		sc.ImpactMultiplier.String(), lp.Participation.Mul(decimal.NewFromInt(100)).String(), lp.FireSale.Mul(decimal.NewFromInt(100)).String())
	t := newTable("#", "Position", "Max today", "Impact cost", "Proceeds", "IM released", "Re-mark VM", "Relief", "Arrives", "Due", "Relief/cost", "").alignLeft(1, 8, 9, 11)
	for _, c := range lp.Candidates {
		arr := c.ArrivesAt.Format("Mon 01-02 15:04")
		score := c.Score.StringFixed(1)
		if !c.InTime {
			arr += " late"
			score = "—"
		}
		t.add(fmt.Sprint(c.Rank), c.Position, f(c.MaxValue), f(c.ImpactCost), f(c.Proceeds), f(c.MarginReleased),
			f(c.RemarkVM), f(c.Relief), arr, c.Deadline.Format("Mon 15:04"), score, fireFlag(c.Sale))
	}
	t.write(w)
	fmt.Fprintf(w, "(Relief/cost: the net relief shown, cash raised or paid + IM released − re-mark VM, per unit of impact cost)\n")
	fmt.Fprintf(w, "\nProposed sales (the least of each, in rank order, that raises the need):\n")
	st := newTable("Position", "Sell", "Impact cost", "Proceeds", "IM released", "Re-mark VM", "Relief", "Arrives", "").alignLeft(7, 8)
	for _, s := range lp.Sales {
		st.add(s.Position, f(s.Value), f(s.ImpactCost), f(s.Proceeds), f(s.MarginReleased), f(s.RemarkVM), f(s.Relief),
			s.ArrivesAt.Format("Mon 01-02 15:04"), fireFlag(s))
	}
	st.write(w)
	fmt.Fprintln(w)
	if lp.Shortfall.IsZero() {
		fmt.Fprintf(w, "RAISED %s in time at an impact cost of %s", f(lp.Raised), f(lp.TotalCost))
	} else {
		fmt.Fprintf(w, "SHORTFALL %s: sales raise only %s in time (impact cost %s)", f(lp.Shortfall), f(lp.Raised), f(lp.TotalCost))
	}
	if lp.FireSales > 0 {
		fmt.Fprintf(w, "; %d FIRE SALE(S)", lp.FireSales)
	}
	fmt.Fprintln(w)
}
