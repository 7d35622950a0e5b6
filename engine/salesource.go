package engine

import (
	"slices"

	"github.com/shopspring/decimal"
)

// SourceCapacityAfter is SourceCapacity for an asset-sale source whose
// position has already been partly sold another way (in an incident, a
// sale at the reduction stage): `sold` is what was sold, at the stressed
// mark. What is left to sell is the position's stressed value net of it,
// and the tier raises what selling that rest brings: the rest's value (or,
// for a future or financed stock, the IM on the rest) less the impact
// cost of selling the rest, the book's estimate (`amount`) scaled to the
// share left. Selling 120,000 of Arb-Capital's 15,000,000 stressed tech
// stock leaves a tier of 10,000,000 × 14,880,000 / 15,000,000 =
// 9,920,000.00: the estimate still binds (the model would raise
// 14,880,000 − 4,935,657.16 = 9,944,342.84). The second result is the impact cost of selling the rest. With nothing
// sold it is SourceCapacity; with everything sold, zero.
func SourceCapacityAfter(b *Book, st Stress, s Source, sold decimal.Decimal) (decimal.Decimal, decimal.Decimal) {
	st, s, ok := restOf(b, st, s, sold)
	if !ok {
		return zero, zero
	}
	return SourceCapacity(b, st, s)
}

// EstimateSaleAfter is EstimateSale of what is left of an asset-sale
// source's position once `sold` of it is sold another way (see
// SourceCapacityAfter); ok is false when nothing is left.
func EstimateSaleAfter(b *Book, st Stress, s Source, sold decimal.Decimal) (SaleEstimate, bool) {
	st, s, ok := restOf(b, st, s, sold)
	if !ok {
		return SaleEstimate{}, false
	}
	return EstimateSale(b, st, s)
}

// restOf is the stress and the source as they stand for the rest of an
// asset sale's position after `sold`: the position's stressed value and IM
// scaled to the rest, the book's estimate too. ok is false when nothing is
// left; with nothing sold both come back as they were.
func restOf(b *Book, st Stress, s Source, sold decimal.Decimal) (Stress, Source, bool) {
	if s.Kind != SourceAssetSale || sold.Sign() <= 0 {
		return st, s, true
	}
	p, ok := b.Position(s.Position)
	if !ok {
		return st, s, false
	}
	value, im := stressedOf(st, p)
	whole := value.Abs()
	rest := whole.Sub(sold)
	if rest.Sign() <= 0 || whole.IsZero() {
		return st, s, false
	}
	restValue, restIM := rest.Mul(decimal.NewFromInt(int64(value.Sign()))), im.Mul(rest).DivRound(whole, 12)
	st.Positions = slices.Clone(st.Positions)
	found := false
	for i := range st.Positions {
		if st.Positions[i].ID == p.ID {
			st.Positions[i].StressedValue, st.Positions[i].StressedIM, found = restValue, restIM, true
		}
	}
	if !found {
		st.Positions = append(st.Positions, PositionStress{ID: p.ID, StressedValue: restValue, StressedIM: restIM})
	}
	if s.HasAmount {
		s.Amount = Cents(s.Amount.Mul(rest).DivRound(whole, 12))
	}
	return st, s, true
}
