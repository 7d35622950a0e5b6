package playbook

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// A position is sold once. Two decisions sell it: a sale at the reduction
// stage (`sell POSITION VALUE`) and a draw of an asset_sale source on it
// (the waterfall's tier "sale of tech stock"). Each takes part of the one
// holding, so what one has taken the other can no longer sell: a draw of
// the tier after a sale is capped at what selling the rest brings (its
// stressed value net of what is sold, less the impact cost of selling the
// rest), and a sale after a draw at what the draw has not sold. A reversed
// draw frees what it took; a rejected request too.
//
// Everything here is derived from the events (no event carries it), so a
// replay rebuilds it exactly as it was live. A draw of an asset-sale tier
// sells the share of what the tier covers that its amount is of the
// tier's capacity: drawing 4,000,000 of Arb-Capital's 10,000,000 tier on
// 15,000,000 of stressed tech stock sells 6,000,000 of it. The share is
// the one the plan already charges a partial draw of the sale's impact
// cost by (engine.DrawCost), and errs on the side of selling more.

// PositionSold is what the incident has sold of one position, by either
// decision, at the stressed mark of now.
type PositionSold struct {
	Position string
	// Held is the position at the stressed mark before any sale (absolute);
	// Sold what the decisions in By have taken of it (never more than Held).
	Held, Sold decimal.Decimal
	// By lists the decisions that sold it, in the order taken.
	By []SoldBy
}

// SoldBy is one decision's part of a position.
type SoldBy struct {
	Seq uint64
	// Kind is Liquidate (a sale) or Draw (of the asset_sale Source).
	Kind   Kind
	Source string
	// Value is what it sold of the position: a sale's, the value it
	// recorded (at the stressed mark of its time, as a sale has always
	// been counted against the holding); a draw's, its share of what the
	// tier covers at the mark of now.
	Value decimal.Decimal
	At    time.Time
	// Pending is a request held for a second operator: what it would sell
	// is kept for it (as a held draw keeps its amount), not yet sold.
	Pending bool
}

// Label names the decision as an operator typed it: "sell TECH", "draw
// sell-tech".
func (x SoldBy) Label(position string) string {
	l := "sell " + position
	if x.Kind == Draw {
		l = "draw " + x.Source
	}
	if x.Pending {
		l += ", held for approval"
	}
	return l
}

// Left is what may still be sold.
func (p PositionSold) Left() decimal.Decimal {
	return engine.MaxDec(decimal.Zero, p.Held.Sub(p.Sold))
}

// Executed is what executed decisions (not requests held) have sold.
func (p PositionSold) Executed() decimal.Decimal {
	var t decimal.Decimal
	for _, x := range p.By {
		if !x.Pending {
			t = t.Add(x.Value)
		}
	}
	return t
}

// soldBySales is what sales (and sale requests held) have taken: the part
// an asset-sale tier can no longer sell.
func (p PositionSold) soldBySales() decimal.Decimal {
	var t decimal.Decimal
	for _, x := range p.By {
		if x.Kind == Liquidate {
			t = t.Add(x.Value)
		}
	}
	return t
}

// drawnBefore is what executed draws of asset-sale tiers taken before
// decision seq sold: the part a sale at seq sold after.
func (p PositionSold) drawnBefore(seq uint64) decimal.Decimal {
	var t decimal.Decimal
	for _, x := range p.By {
		if x.Kind == Draw && !x.Pending && x.Seq < seq {
			t = t.Add(x.Value)
		}
	}
	return t
}

// Text says what is already sold and by which decisions: "TECH:
// 6,000,000.00 of 15,000,000.00 already sold by decision #3 (draw
// sell-tech)".
func (p PositionSold) Text() string {
	return fmt.Sprintf("%s: %s of %s already sold by %s", p.Position, engine.FormatMoney(p.Sold), engine.FormatMoney(p.Held), byText(p.Position, p.By))
}

// byText names the decisions: "decision #3 (draw sell-tech)", or with
// several each one's part: "decisions #1 (sell TECH, 120,000.00) and #3
// (draw sell-tech, 14,880,000.00)".
func byText(position string, by []SoldBy) string {
	switch len(by) {
	case 0:
		return "no decision"
	case 1:
		return fmt.Sprintf("decision #%d (%s)", by[0].Seq, by[0].Label(position))
	}
	parts := make([]string, len(by))
	for i, x := range by {
		parts[i] = fmt.Sprintf("#%d (%s, %s)", x.Seq, x.Label(position), engine.FormatMoney(x.Value))
	}
	return "decisions " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// SoldOf is what the incident has sold of a position (Held alone when
// nothing).
func (f Figures) SoldOf(position string) PositionSold {
	for _, p := range f.Sold {
		if p.Position == position {
			return p
		}
	}
	ps, _ := positionStress(f.Stress, position)
	return PositionSold{Position: position, Held: ps.StressedValue.Abs()}
}

// soldOf works out what each position has sold: sales, requests held,
// and the draws of each asset-sale tier, each its share of what the tier
// covers.
func soldOf(s State, b *engine.Book, st engine.Stress) []PositionSold {
	var out []PositionSold
	at := map[string]int{}
	get := func(id string) *PositionSold {
		if i, ok := at[id]; ok {
			return &out[i]
		}
		ps, _ := positionStress(st, id)
		at[id] = len(out)
		out = append(out, PositionSold{Position: id, Held: ps.StressedValue.Abs()})
		return &out[len(out)-1]
	}
	for _, x := range s.Sales {
		p := get(x.Position)
		p.By = append(p.By, SoldBy{Seq: x.Seq, Kind: Liquidate, Value: x.Value, At: x.At})
	}
	var held []Event
	for seq, e := range s.Held {
		if e.Kind == Liquidate || e.Kind == Draw {
			e.Seq = seq
			held = append(held, e)
		}
	}
	slices.SortFunc(held, func(a, c Event) int { return cmp.Compare(a.Seq, c.Seq) })
	for _, e := range held {
		if e.Kind == Liquidate {
			p := get(e.Position)
			p.By = append(p.By, SoldBy{Seq: e.Seq, Kind: Liquidate, Value: e.Val(), At: e.At, Pending: true})
		}
	}
	for _, src := range b.Sources {
		if src.Kind != engine.SourceAssetSale {
			continue
		}
		type take struct {
			seq     uint64
			amount  decimal.Decimal
			at      time.Time
			pending bool
		}
		var takes []take
		for _, d := range s.Draws {
			if d.ReversedBy == 0 && d.Source == src.ID {
				takes = append(takes, take{d.Seq, d.Amount, d.At, false})
			}
		}
		for _, e := range held {
			if e.Kind == Draw && e.Source == src.ID {
				takes = append(takes, take{e.Seq, e.Amt(), e.At, true})
			}
		}
		if len(takes) == 0 {
			continue
		}
		if _, ok := b.Position(src.Position); !ok {
			continue
		}
		slices.SortFunc(takes, func(a, c take) int { return cmp.Compare(a.seq, c.seq) })
		p := get(src.Position)
		bySales := p.soldBySales()
		// What the tier covers: the rest after the sales, less what other
		// tiers on the position have already taken.
		cover := engine.MaxDec(decimal.Zero, p.Held.Sub(bySales))
		room := engine.MaxDec(decimal.Zero, cover.Sub(p.drawnTotal()))
		capy, _ := engine.SourceCapacityAfter(b, st, src, bySales)
		var used, taken decimal.Decimal
		for _, t := range takes {
			used = used.Add(t.amount)
			v := cover
			if capy.Sign() > 0 && used.Cmp(capy) < 0 {
				v = engine.Cents(cover.Mul(used).DivRound(capy, 12))
			}
			v = engine.MinDec(v, room)
			p.By = append(p.By, SoldBy{Seq: t.seq, Kind: Draw, Source: src.ID, Value: engine.MaxDec(decimal.Zero, v.Sub(taken)), At: t.at, Pending: t.pending})
			taken = engine.MaxDec(taken, v)
		}
	}
	for i := range out {
		p := &out[i]
		slices.SortStableFunc(p.By, func(a, c SoldBy) int { return cmp.Compare(a.Seq, c.Seq) })
		p.Sold = decimal.Zero
		for _, x := range p.By {
			p.Sold = p.Sold.Add(x.Value)
		}
		p.Sold = engine.MinDec(p.Sold, engine.MaxDec(p.Held, p.soldBySales()))
	}
	return out
}

// drawnTotal is what draws of asset-sale tiers have taken so far.
func (p PositionSold) drawnTotal() decimal.Decimal {
	var t decimal.Decimal
	for _, x := range p.By {
		if x.Kind == Draw {
			t = t.Add(x.Value)
		}
	}
	return t
}

// tierCapacity is what an asset-sale tier can raise in all now: what
// selling the rest of its position after the sales brings, less the share
// other tiers on the position have taken of that rest; and the impact cost
// of selling the rest.
func tierCapacity(b *engine.Book, st engine.Stress, src engine.Source, p PositionSold) (decimal.Decimal, decimal.Decimal) {
	bySales := p.soldBySales()
	capy, cost := engine.SourceCapacityAfter(b, st, src, bySales)
	cover := p.Held.Sub(bySales)
	var others decimal.Decimal
	for _, x := range p.By {
		if x.Kind == Draw && x.Source != src.ID {
			others = others.Add(x.Value)
		}
	}
	if others.Sign() > 0 && cover.Sign() > 0 {
		capy = engine.MaxDec(decimal.Zero, capy.Sub(engine.Cents(capy.Mul(others).DivRound(cover, 12))))
	}
	return capy, cost
}

// SoldToday is what has been sold of each position on the day of `at`
// (the incident's calendar day, in the zone of `at`) by executed
// decisions of either kind: sales at the value they recorded, draws of an
// asset-sale tier at what they sold of it.
func SoldToday(f Figures, at time.Time) map[string]decimal.Decimal {
	out := map[string]decimal.Decimal{}
	for _, p := range f.Sold {
		for _, x := range soldOn(p, at) {
			out[p.Position] = out[p.Position].Add(x.Value)
		}
	}
	return out
}

// soldOn is the executed decisions that sold the position on the day of at.
func soldOn(p PositionSold, at time.Time) []SoldBy {
	var out []SoldBy
	y, m, d := at.Date()
	for _, x := range p.By {
		if yy, mm, dd := x.At.In(at.Location()).Date(); !x.Pending && yy == y && mm == m && dd == d {
			out = append(out, x)
		}
	}
	return out
}

// DayLeft is what may still be sold of a position on the day of `at`: the
// book's participation share of its ADV less what was sold that day, by a
// sale or by a draw of an asset-sale tier on it. The tier itself is the
// desk's negotiated sale (a block, at its estimate), not a sale into the
// market, so the cap does not bound a draw; but what the draw sold is
// sold, and the market sale after it is held to what the cap leaves. A
// counterparty closing positions after a missed call is held to the same
// cap (it cannot trade more of the market than the firm could).
func DayLeft(f Figures, p engine.Position, at time.Time) decimal.Decimal {
	return engine.MaxDec(f.Book.DayCap(p).Sub(SoldToday(f, at)[p.ID]), decimal.Zero)
}

// TierEstimate explains an asset-sale tier as it stands: engine's
// estimate of selling what sales have left of its position (the whole
// position when none), and what the sales took (zero when none); ok is
// false for a source that is not an asset sale or has nothing left.
func (f Figures) TierEstimate(src engine.Source) (engine.SaleEstimate, decimal.Decimal, bool) {
	if src.Kind != engine.SourceAssetSale {
		return engine.SaleEstimate{}, decimal.Zero, false
	}
	bySales := f.SoldOf(src.Position).soldBySales()
	e, ok := engine.EstimateSaleAfter(f.Book, f.Stress, src, bySales)
	return e, bySales, ok
}
