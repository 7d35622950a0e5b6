package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// TestRepoOfStressedCollateral works issue 12 item 8 for a repo. Arb-
// Capital's 5,000,000 Treasury now moves with rates (beta 1).
//   - rates −18%: 4,100,000 × 0.98 = 4,018,000, still above the 4,000,000
//     line: the seed's plan, 10,884.73;
//   - rates −20%: 4,000,000 × 0.98 = 3,920,000: the credit line makes up
//     10,500,000 − 2M − 3M − 3.92M = 1,580,000. Costs: MMF 4.17; repo
//     3,920,000 × 530bp / 360 = 577.11; credit line 1,580,000 × 700bp /
//     360 = 307.22 + 10,000. Total 10,888.50;
//   - rates −20% and govt haircuts widened by 3 points (5%): 4,000,000 ×
//     0.95 = 3,800,000; credit line 1,700,000: repo 559.44, credit line
//     330.56 + 10,000; total 10,894.17.
func TestRepoOfStressedCollateral(t *testing.T) {
	cases := []struct{ shock, widen, repo, rcf, cost string }{
		{"-0.18", "", "4000000", "1500000", "10884.73"},
		{"-0.20", "", "3920000", "1580000", "10888.50"},
		{"-0.20", "0.03", "3800000", "1700000", "10894.17"},
	}
	for _, c := range cases {
		b := arbCapital(t)
		b.Collateral[0].Factor, b.Collateral[0].Beta = "rates", d("1")
		sc := b.Scenarios[0]
		sc.Shocks = map[string]decimal.Decimal{"equity": d("-0.20"), "rates": d(c.shock)}
		if c.widen != "" {
			sc.HaircutWidening = map[engine.AssetClass]decimal.Decimal{engine.ClassGovt: d(c.widen)}
		}
		st := engine.StressBook(b, sc)
		eq(t, "call", st.TotalMarginCall, "10500000")
		p := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
		got := map[string]decimal.Decimal{}
		for _, dr := range p.Draws {
			got[dr.Source] = dr.Amount
		}
		eq(t, c.shock+" repo", got["repo"], c.repo)
		eq(t, c.shock+" rcf", got["rcf"], c.rcf)
		eq(t, c.shock+" cost", p.TotalCost, c.cost)
	}
}

// TestLodgedCollateralTopUp: 3,000,000 of equity credit lodged at CME (a
// 20% haircut: 3,750,000 of stock), moving with equity.
//   - beta 1, equity −20%: 3,000,000 of stock counts 2,400,000: a top-up
//     of 600,000, CME calls 10,500,000 + 600,000 = 11,100,000;
//   - boundary, beta 0: it does not move: 10,500,000;
//   - beta 1 and equity haircuts widened 5 points: 3,000,000 × 0.75 =
//     2,250,000: top-up 750,000, call 11,250,000.
func TestLodgedCollateralTopUp(t *testing.T) {
	cases := []struct{ beta, widen, topUp, call string }{
		{"1", "", "600000", "11100000"},
		{"0", "", "0", "10500000"},
		{"1", "0.05", "750000", "11250000"},
	}
	for _, c := range cases {
		b := arbCapital(t)
		cme := &b.Counterparties[0]
		cme.Eligible = append(cme.Eligible, engine.Eligibility{Class: engine.ClassEquity, Haircut: d("0.20")})
		cme.Lodged = []engine.Lodged{{Class: engine.ClassEquity, Issuer: "X", Value: d("3000000"), Factor: "equity", Beta: d(c.beta)}}
		sc := b.Scenarios[0]
		if c.widen != "" {
			sc.HaircutWidening = map[engine.AssetClass]decimal.Decimal{engine.ClassEquity: d(c.widen)}
		}
		st := engine.StressBook(b, sc)
		eq(t, "beta "+c.beta+" top-up", st.Calls[0].CollateralTopUp, c.topUp)
		eq(t, "beta "+c.beta+" call", st.Calls[0].Call, c.call)
	}
}
