package playbook

import (
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// inflowFunds is margin coming back — a CCP's VM gain, a CSA return or
// delivery owed to the firm — as funds arriving at the counterparty's
// settlement, counted as the plan counts them (engine.Stress.Inflows): so
// the header's shortfall is the plan's. It is the engine's estimate, so a
// counterparty that has keyed a call has none (its call says what it
// owes); a sale at the counterparty moves it as it moves the call; and the
// book's count_inflows: false counts none. Such a fund is raised by no
// decision (seq 0): a payment names it by its source, inflow:CP.
func inflowFunds(s State, b *engine.Book, st engine.Stress, adjust map[string]decimal.Decimal) []Fund {
	if b.IgnoreInflows {
		return nil
	}
	var out []Fund
	for _, in := range st.Inflows() {
		if hasKeyed(s.Ledger, in.Counterparty) {
			continue
		}
		amt := in.Amount.Sub(adjust[in.Counterparty])
		if amt.Sign() <= 0 {
			continue
		}
		out = append(out, Fund{Source: engine.InflowSourceID(in.Counterparty), Amount: amt, ArrivesAt: in.ArrivesAt})
	}
	return out
}
