package engine

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// SourceInflow is the kind of a waterfall tier that is margin coming
// back: a CCP's VM gain or a CSA return owed to the firm. Books never
// list one; the plan adds it from the stress.
const SourceInflow SourceKind = "inflow"

// An Inflow is cash a counterparty owes the firm after the move (its net
// call is negative), arriving at the counterparty's settlement time. It
// is liquidity like any source, free of cost, unless the book says
// count_inflows: false (Book.IgnoreInflows).
type Inflow struct {
	Counterparty, Name string
	Amount             decimal.Decimal
	ArrivesAt          time.Time
}

// Inflows lists what the counterparties pay the firm, in arrival order
// (ties by counterparty id).
func (st Stress) Inflows() []Inflow {
	var out []Inflow
	for _, c := range st.Calls {
		if c.Inflow.Sign() > 0 {
			out = append(out, Inflow{Counterparty: c.ID, Name: c.Name, Amount: c.Inflow, ArrivesAt: c.InflowAt})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].ArrivesAt.Equal(out[j].ArrivesAt) {
			return out[i].ArrivesAt.Before(out[j].ArrivesAt)
		}
		return out[i].Counterparty < out[j].Counterparty
	})
	return out
}

// InflowSourceID is the id of the waterfall tier an inflow becomes.
func InflowSourceID(counterparty string) string { return "inflow:" + counterparty }

// planSource is a tier of the plan: a book source, or an inflow with its
// fixed arrival.
type planSource struct {
	Source
	inflow  bool
	arrives time.Time
}

func (ps planSource) arrival(b *Book, at time.Time) time.Time {
	if ps.inflow {
		return ps.arrives
	}
	return b.SourceArrival(ps.Source, at)
}

// planSources are the tiers a plan draws on: the inflows first (they cost
// nothing and the counterparty pays them whatever the firm does), when the
// book counts them (see PlanInput.Inflows), then the book's sources in
// priority order.
func planSources(b *Book, pin PlanInput) []planSource {
	var out []planSource
	inflows := pin.Inflows
	if inflows == nil && pin.Calls == nil {
		inflows = pin.Stress.Inflows()
	}
	if !b.IgnoreInflows {
		for _, in := range inflows {
			name := "Margin returned by " + in.Counterparty
			if in.Name != "" {
				name = "Margin returned by " + in.Name
			}
			out = append(out, planSource{inflow: true, arrives: in.ArrivesAt, Source: Source{
				ID: InflowSourceID(in.Counterparty), Name: name, Kind: SourceInflow, Amount: in.Amount, HasAmount: true}})
		}
	}
	for _, s := range b.Sources {
		out = append(out, planSource{Source: s})
	}
	return out
}
