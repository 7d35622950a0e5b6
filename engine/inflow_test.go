package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// TestInflowIsATier works issue 12 item 6. Arb-Capital plus an LCH swap
// that gains 2,000,000 while its IM rises 500,000: LCH owes the firm
// 1,500,000, paid at LCH's settlement (left zero in code: at as_of, 08:00;
// the loader's default is T+0, Monday 15:00, also in time).
// CME calls 10,500,000 due 16:00.
//   - counted: the inflow is the first tier, in time for CME: inflow
//     1,500,000 + cash 2M + MMF 3M + repo 4M = 10.5M; the credit line is
//     not drawn. Cost: MMF 4.17 + repo 588.89 = 593.06.
//   - count_inflows: false: the seed's plan, credit line 1,500,000,
//     cost 10,884.73.
//   - boundary, counted but LCH settles T+1 (Tuesday 15:00): the tier is
//     late for CME's 16:00; the seed's plan again, 10,884.73.
func TestInflowIsATier(t *testing.T) {
	cases := []struct {
		name       string
		ignore     bool
		settle     string
		inflowUsed string
		rcf, cost  string
		late       bool
	}{
		{"counted", false, "", "1500000", "0", "593.06", false},
		{"count_inflows false", true, "", "0", "1500000", "10884.73", false},
		{"settles after the deadline", false, "T+1", "0", "1500000", "10884.73", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := twoCCPs("-18000000")
			b.IgnoreInflows = c.ignore
			if c.settle != "" {
				b.Counterparties[1].Settlement, _ = engine.ParseAccess(c.settle)
			}
			st := engine.StressBook(b, b.Scenarios[0])
			lch := st.Calls[1]
			eq(t, "LCH inflow", lch.Inflow, "1500000")
			p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
			used := map[string]decimal.Decimal{}
			for _, dr := range p.Draws {
				used[dr.Source] = dr.Amount
			}
			eq(t, "inflow drawn", used["inflow:LCH"], c.inflowUsed)
			eq(t, "rcf", used["rcf"], c.rcf)
			eq(t, "cost", p.TotalCost, c.cost)
			eq(t, "shortfall", p.Shortfall, "0")
			if !c.ignore {
				if p.Tiers[0].Source.Kind != engine.SourceInflow || p.Tiers[0].Late != c.late {
					t.Errorf("first tier %+v, want the inflow (late %v)", p.Tiers[0], c.late)
				}
			} else if len(p.Inflows) != 0 || p.Tiers[0].Source.ID != "cash" {
				t.Errorf("inflows counted despite count_inflows false: %+v", p.Inflows)
			}
			op, err := engine.Optimise(b, engine.OptimiseInput{PlanInput: engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")}})
			if err != nil {
				t.Fatal(err)
			}
			if op.Shortfall.Sign() != 0 || op.TotalCost.Cmp(p.TotalCost) > 0 {
				t.Errorf("optimised short %s cost %s, plain cost %s", op.Shortfall, op.TotalCost, p.TotalCost)
			}
		})
	}
}

// imFall: one CCP future whose MV falls 50,000,000 → 40,000,000 (VM
// 10,000,000) while IM falls 5,000,000 → 3,000,000, with `lodged` the
// securities lodged against the 5,000,000 (the rest is cash).
func imFall(lodged string) *engine.Book {
	b := &engine.Book{
		AsOf: ts("2026-03-16T08:00:00-04:00"), Deadline: ts("2026-03-16T16:00:00-04:00"), Cutoff: engine.Cutoff{Hour: 15},
		Counterparties: []engine.Counterparty{{ID: "CC", Kind: engine.CCP}},
		Positions: []engine.Position{{ID: "F", Kind: engine.Future, Counterparty: "CC", MarketValue: d("50000000"),
			InitialMargin: d("5000000"), Beta: d("1")}},
		Scenarios: []engine.Scenario{{ID: "s", StressedValue: map[string]decimal.Decimal{"F": d("40000000")},
			InitialMargin: map[string]decimal.Decimal{"F": d("3000000")}, ImpactMultiplier: d("1")}},
	}
	if lodged != "0" {
		b.Counterparties[0].Lodged = []engine.Lodged{{Class: engine.ClassGovt, Issuer: "UST", Value: d(lodged)}}
	}
	return b
}

// TestIMReleasedInSecurities works issue 12 item 7: an IM decrease pays
// cash (netting the VM) only as far as the IM released was cash; the firm
// takes its cash back first.
//   - all 5M in cash: 2M of cash released, call 10M − 2M = 8,000,000;
//   - all 5M in securities: 2M of securities come back, the call is the
//     whole VM in cash, 10,000,000;
//   - boundary, 3M securities and 2M cash: the 2M released is all the
//     cash, call 8,000,000, no securities back;
//   - 4M securities, 1M cash: 1M cash + 1M securities, call 9,000,000.
func TestIMReleasedInSecurities(t *testing.T) {
	cases := []struct{ lodged, cash, secs, call string }{
		{"0", "2000000", "0", "8000000"},
		{"5000000", "0", "2000000", "10000000"},
		{"3000000", "2000000", "0", "8000000"},
		{"4000000", "1000000", "1000000", "9000000"},
	}
	for _, c := range cases {
		b := imFall(c.lodged)
		st := engine.StressBook(b, b.Scenarios[0])
		cc := st.Calls[0]
		eq(t, c.lodged+" cash released", cc.IMReleasedCash, c.cash)
		eq(t, c.lodged+" securities released", cc.IMReleasedSecurities, c.secs)
		eq(t, c.lodged+" call", cc.Call, c.call)
		// VM is cash only at a CCP: the whole call is cash.
		eq(t, c.lodged+" cash only", cc.CashOnly, c.call)
		eq(t, c.lodged+" cash part", cc.CashPart, c.call)
	}
}

// TestCashPartOfACall: the cash part of a call is its VM plus the IM
// increase that the book's eligible securities cannot cover. Arb-Capital's
// CME: VM 9,000,000, IM up 1,500,000; the 5,000,000 Treasury at CME's 2%
// haircut covers 4,900,000 ≥ 1,500,000: cash part 9,000,000.
//   - boundary, the Treasury is worth only 1,000,000: it covers 980,000,
//     so 520,000 of the IM increase must be cash too: 9,520,000.
func TestCashPartOfACall(t *testing.T) {
	for _, c := range []struct{ mv, cover, cash string }{{"5000000", "1500000", "9000000"}, {"1000000", "980000", "9520000"}} {
		b := arbCapital(t)
		b.Collateral[0].MarketValue = d(c.mv)
		st := engine.StressBook(b, b.Scenarios[0])
		cme := st.Calls[0]
		eq(t, "VM", cme.VariationMargin, "9000000")
		eq(t, "postable", cme.Postable, "1500000")
		eq(t, "eligible cover", cme.EligibleCover, c.cover)
		eq(t, "cash part", cme.CashPart, c.cash)
	}
}

// TestInflowsMidIncident: with the calls still short given (an incident's
// ledger), the engine adds no inflow of its own: the caller's figures
// already count what it counts. Given explicitly, the inflow is a tier.
// CME still short 2,000,000: cash 2,000,000 (cost 0); or, with LCH's
// 1,500,000 still to come, inflow 1,500,000 then cash 500,000.
func TestInflowsMidIncident(t *testing.T) {
	b := twoCCPs("-18000000")
	st := engine.StressBook(b, b.Scenarios[0])
	short := []engine.Call{{Counterparty: "CME", Amount: d("2000000"), Deadline: b.Deadline}}
	for _, c := range []struct {
		inflows      []engine.Inflow
		inflow, cash string
	}{
		{nil, "0", "2000000"},
		{st.Inflows(), "1500000", "500000"},
	} {
		p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1"), Calls: short, Inflows: c.inflows})
		used := map[string]decimal.Decimal{}
		for _, dr := range p.Draws {
			used[dr.Source] = dr.Amount
		}
		eq(t, "inflow", used["inflow:LCH"], c.inflow)
		eq(t, "cash", used["cash"], c.cash)
	}
}
