package tui

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// reductionModel is stage 4: positions ranked by margin relief per unit of
// liquidation cost, the sales made, and what the selected sale would do to
// the rest of the book. A fire sale is the failure state, so it is flagged
// with a glyph and the words, never colour alone.
type reductionModel struct {
	list listView
	ids  []string
	d    *data
}

var candCols = []column{{title: "#", width: 3, right: true}, {title: "Position", width: 0},
	{title: "Held", width: 11, right: true, drop: 4}, {title: "Day max", width: 11, right: true},
	{title: "Relief", width: 11, right: true}, {title: "Cost", width: 9, right: true},
	{title: "Impact", width: 7, right: true, drop: 3}, {title: "Score", width: 8, right: true, drop: 2},
	{title: "Arrives", width: 9, right: true, drop: 1}, {title: "Flags", width: 13}}

func (r *reductionModel) set(d *data) {
	r.d = d
	f, drv := d.f, d.drv
	ls := []line{}
	if len(f.Sales) == 0 {
		ls = append(ls, textLine(toneMuted, "SALES: none yet · sales cannot be reversed"))
	} else {
		t := toneNone
		if f.FireSaleLoss.Sign() > 0 {
			t = toneBreach
		}
		ls = append(ls, textLine(t, fmt.Sprintf("SALES: %d · cost %s · fire-sale loss %s", len(f.Sales), whole(f.SaleCost), whole(f.FireSaleLoss))))
		for _, s := range f.Sales {
			flag := ""
			if s.Sale.FireSale {
				flag = " ⚠ FIRE SALE"
			}
			ls = append(ls, textLine(toneNone, fmt.Sprintf("  #%d %s %s: cost %s, IM released %s, proceeds %s at %s%s", s.Seq,
				sanitize(s.Position), whole(s.Value), whole(s.Sale.Cost), whole(s.IMReleased), whole(s.Proceeds), clock(s.Sale.ArrivesAt, d.now), flag)))
		}
	}
	// A position is sold once: what the waterfall's asset-sale tiers drew
	// of a position is no longer there to sell here (nor by the day's cap).
	for _, p := range f.Sold {
		for _, x := range p.By {
			if x.Kind == playbook.Draw && x.Value.Sign() > 0 {
				ls = append(ls, textLine(toneMuted, fmt.Sprintf("  #%d %s: %s of %s sold by the tier, %s left",
					x.Seq, x.Label(sanitize(p.Position)), whole(x.Value), sanitize(p.Position), whole(p.Left()))))
			}
		}
	}
	title := "CANDIDATES · relief (margin released + cash in time) per cost · s sells a size"
	ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, title), headLine(candCols))
	r.ids = r.ids[:0]
	if !drv.ready {
		ls = append(ls, textLine(toneMuted, "  ranking…"))
	}
	for _, c := range drv.cands {
		flag := cell{"✓ in time", toneOK}
		switch {
		case c.MaxValue.Sign() <= 0:
			flag = cell{"✗ cap used", toneWarn}
		case c.FireSale:
			flag = cell{"⚠ FIRE SALE", toneBreach}
		case c.NoConversion:
			// Its money is in another currency than what is short, and no
			// conversion delivers that in time.
			flag = cell{"✗ no FX in time", toneWarn}
		case !c.InTime:
			flag = cell{"✗ late", toneWarn}
		case c.planned.Sign() > 0:
			flag = cell{"✓ in plan", toneOK}
		}
		ls = append(ls, rowLine(candCols, cell{strconv.Itoa(c.Rank), toneNone}, cell{withCcy(f, sanitize(c.Position+" "+c.name), c.Currency), toneNone},
			cell{whole(c.held), toneNone}, cell{whole(c.MaxValue), toneNone}, cell{whole(c.Relief), toneNone},
			cell{whole(c.ImpactCost), toneNone}, cell{pct2(c.ImpactRate), toneNone}, cell{c.Score.StringFixed(1) + "×", toneNone},
			cell{clock(c.ArrivesAt, d.now), toneNone}, flag).pick())
		r.ids = append(r.ids, c.Position)
	}
	if drv.ready && len(drv.cands) == 0 {
		ls = append(ls, textLine(toneMuted, "  no position can be sold (none has a market: ADV is zero)"))
	}
	if drv.candTotal > len(drv.cands) {
		ls = append(ls, textLine(toneMuted, fmt.Sprintf("  … %d more positions rank lower", drv.candTotal-len(drv.cands))))
	}
	ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, "EFFECT ON THE REST OF THE BOOK (selected, at the day's maximum)"))
	// The selection is read from the list before its rows are replaced:
	// the candidates are the only rows, so the index carries over.
	if i := min(max(r.list.selected(), 0), len(drv.cands)-1); i >= 0 {
		c := drv.cands[i]
		// Checked against the call the sale serves, as `warroom liquidate`.
		when := textLine(toneOK, "  ✓ settles in time for the call it serves, due "+clock(c.Deadline, d.now))
		if !c.InTime {
			when = textLine(toneWarn, "  ✗ settles AFTER the call it serves is due ("+clock(c.Deadline, d.now)+"): it does not count")
		}
		ls = append(ls,
			textLine(toneNone, fmt.Sprintf("  sell %s of %s: impact %s, cost %s", whole(c.MaxValue), sanitize(c.Position), pct2(c.ImpactRate), whole(c.ImpactCost))),
			textLine(toneNone, fmt.Sprintf("  margin released %s · cash %s arriving %s", whole(c.MarginReleased),
				whole(engine.MaxDec(c.Proceeds, decimal.Zero)), clock(c.ArrivesAt, d.now))), when,
			textLine(toneWarn, fmt.Sprintf("  re-marks the remaining %s down by %s (VM called %s)", whole(c.held.Sub(c.MaxValue)),
				whole(c.RemarkLoss), whole(c.RemarkVM))))
		if c.planned.Sign() > 0 {
			ls = append(ls, textLine(toneOK, "  the plan for the live shortfall sells "+whole(c.planned)+" of it"))
		}
		if c.FireSale {
			ls = append(ls, textLine(toneBreach, "  ⚠ FIRE SALE: cost passes the book's fire-sale threshold; each sale drives the price lower"))
		}
	} else {
		ls = append(ls, textLine(toneMuted, "  no position to reduce"))
	}
	sel := r.list.sel
	r.list.setLines(ls)
	r.list.sel = sel
	r.list.clamp()
}

// moved rebuilds the effect lines for the new selection.
func (r *reductionModel) moved() {
	if r.d != nil {
		r.set(r.d)
	}
}

func (r reductionModel) selected() (candidate, bool) {
	i := r.list.selected()
	if r.d == nil || i < 0 || i >= len(r.d.drv.cands) {
		return candidate{}, false
	}
	return r.d.drv.cands[i], true
}

// saleDecision is the decision for selling value of a position.
func saleDecision(id string, vals []string) ([]playbook.Decision, error) {
	amt, err := parseAmount(vals[0])
	if err != nil {
		return nil, err
	}
	return []playbook.Decision{{Kind: playbook.Liquidate, Position: id, Amount: amt, Rationale: vals[1]}}, nil
}
