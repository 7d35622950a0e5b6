package playbook

import (
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// Sale is the effect of selling part of a position in the incident, priced
// by the engine's liquidation model (engine.SaleAfter) and put in the
// terms the incident needs: cash raised and what changes in a call.
type Sale struct {
	Counterparty string
	// Cost is the liquidation cost (half-spread and impact) of the sale.
	Cost decimal.Decimal
	// Proceeds are the cash a spot sale raises, arriving at ArrivesAt;
	// closing futures raises none (its impact is paid as VM).
	Proceeds  decimal.Decimal
	ArrivesAt time.Time
	// IMReleased is the initial margin freed by closing futures.
	IMReleased decimal.Decimal
	// Remark is the loss on what is left when the permanent part of the
	// impact re-marks it: VM on a margined position.
	Remark decimal.Decimal
	// CallChange is what the sale changes in its counterparty's call: the
	// cost paid away as VM, plus the re-mark, less the IM released.
	CallChange decimal.Decimal
	FireSale   bool
	Rate       decimal.Decimal
}

// SaleOf prices selling `value` (at the stressed mark) of a position of
// which `soldBefore` has already been sold; a sale the position cannot
// hold comes back empty.
func SaleOf(b *engine.Book, st engine.Stress, position string, value, soldBefore decimal.Decimal, at time.Time) Sale {
	s, _ := saleOf(b, st, position, value, soldBefore, at)
	return s
}

func saleOf(b *engine.Book, st engine.Stress, position string, value, soldBefore decimal.Decimal, at time.Time) (Sale, error) {
	es, err := engine.SaleAfter(b, st, position, value, soldBefore, at)
	if err != nil {
		return Sale{}, err
	}
	p, _ := b.Position(position)
	s := Sale{Counterparty: p.Counterparty, Cost: es.ImpactCost, ArrivesAt: es.ArrivesAt,
		IMReleased: es.MarginReleased, Remark: es.RemarkLoss, FireSale: es.FireSale, Rate: es.ImpactRate}
	if ps, _ := positionStress(st, position); p.Kind.Margined() || ps.HouseMargined {
		// Closing a future, or stock a prime broker finances (the sale
		// repays the loan), pays and frees margin: no cash of its own.
		s.CallChange = es.ImpactCost.Add(es.RemarkVM).Sub(es.MarginReleased)
	} else {
		s.Proceeds = es.Proceeds
	}
	return s, nil
}
