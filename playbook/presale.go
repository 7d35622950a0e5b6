package playbook

import (
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// saleNow prices a recorded sale for the figures of the current stress
// and returns it with the value it closed at today's mark.
//
// A sale taken before later market moves (de-risking on the Friday before
// a weekend gap, or a sale before a feed's price move) closed part of the
// position at the mark of its time: the moves since do not touch that
// part. So it is priced under the stress of its time (its impact cost was
// paid then), and the VM and IM change that the later moves put on the
// whole position are taken off for the share it closed. Without this the
// console would charge the firm VM on futures it no longer holds. A sale
// after the last move is priced as before, under the current stress.
func saleNow(s State, b *engine.Book, st engine.Stress, sale SaleState, soldBefore decimal.Decimal) (Sale, decimal.Decimal, error) {
	if sale.Moves >= len(s.Moves) {
		fig, err := saleOf(b, st, sale.Position, sale.Value, soldBefore, sale.At)
		return fig, sale.Value, err
	}
	then := s
	then.Moves = s.Moves[:sale.Moves]
	bThen, scThen := effective(then)
	stThen := engine.StressBook(bThen, scThen)
	pNow, okNow := positionStress(st, sale.Position)
	pThen, okThen := positionStress(stThen, sale.Position)
	if !okNow || !okThen || pThen.StressedValue.IsZero() {
		fig, err := saleOf(b, st, sale.Position, sale.Value, soldBefore, sale.At)
		return fig, sale.Value, err
	}
	markThen, markNow := pThen.StressedValue.Abs(), pNow.StressedValue.Abs()
	// What had been sold before, in the marks of that time.
	beforeThen := soldBefore.Mul(markThen).DivRound(nonZero(markNow), 12)
	fig, err := saleOf(bThen, stThen, sale.Position, sale.Value, engine.MinDec(beforeThen, markThen), sale.At)
	if err != nil {
		return fig, sale.Value, err
	}
	share := sale.Value.DivRound(markThen, 16)
	if pNow.Margined || pNow.HouseMargined {
		later := pNow.VariationMargin.Add(pNow.StressedIM).Sub(pThen.VariationMargin).Sub(pThen.StressedIM)
		fig.CallChange = fig.CallChange.Sub(engine.Cents(later.Mul(share)))
	}
	return fig, engine.Cents(markNow.Mul(share)), nil
}

// priceSales prices the recorded sales for the figures of the current
// stress, each after the sales before it (and, given what draws of
// asset-sale tiers sold, after the draws before it: what remains to be
// re-marked is what neither took). It returns the figures of the sales it
// could price.
func priceSales(s State, b *engine.Book, st engine.Stress, sold []PositionSold) []SaleFigure {
	var out []SaleFigure
	before := map[string]decimal.Decimal{}
	for _, sale := range s.Sales {
		sb := before[sale.Position]
		for _, p := range sold {
			if p.Position != sale.Position {
				continue
			}
			// Never more than leaves room for the sale itself: a log
			// written before a position was sold once may have sold it
			// twice, and the sale still prices, on what it found.
			sb = engine.MinDec(sb.Add(p.drawnBefore(sale.Seq)), engine.MaxDec(decimal.Zero, p.Held.Sub(saleValue(p, sale.Seq))))
		}
		fig, now, err := saleNow(s, b, st, sale, sb)
		if err != nil {
			// A market move shrank the position below what was sold: the
			// sale stands in the log, but has no further effect to price.
			continue
		}
		before[sale.Position] = before[sale.Position].Add(now)
		out = append(out, SaleFigure{sale, fig})
	}
	return out
}

// saleValue is what the sale at seq sold of p, at today's mark.
func saleValue(p PositionSold, seq uint64) decimal.Decimal {
	for _, x := range p.By {
		if x.Seq == seq && x.Kind == Liquidate {
			return x.Value
		}
	}
	return decimal.Zero
}

// drawnBeforeASale says a sale followed a draw of an asset-sale tier on
// its position: only then does pricing the sales need what draws sold.
func drawnBeforeASale(sold []PositionSold) bool {
	for _, p := range sold {
		for _, x := range p.By {
			if x.Kind == Liquidate && !x.Pending && p.drawnBefore(x.Seq).Sign() > 0 {
				return true
			}
		}
	}
	return false
}

func positionStress(st engine.Stress, id string) (engine.PositionStress, bool) {
	for _, p := range st.Positions {
		if p.ID == id {
			return p, true
		}
	}
	return engine.PositionStress{}, false
}

func nonZero(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return decimal.NewFromInt(1)
	}
	return d
}
