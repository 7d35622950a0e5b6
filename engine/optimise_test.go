package engine_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

func arbOptimised(t *testing.T) engine.OptimisedPlan {
	t.Helper()
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	op, err := engine.Optimise(b, engine.OptimiseInput{PlanInput: engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")}})
	if err != nil {
		t.Fatal(err)
	}
	return op
}

// TestOptimiseArbCapital works the figures. CME calls 9,000,000 VM
// (cash only at a CCP) and 1,500,000 IM change. The IM is cheapest met by
// posting the Treasury (carry 15bp): 1,500,000 / 0.98 = 1,530,612.2449,
// rounded up to 1,530,612.25 (the receiver's favour; credit
// 1,500,000.005 → 1,500,000.00 counted). The rest of the bond,
// 5,000,000 − 1,530,612.25 = 3,469,387.75, is repo'd at a 2% haircut:
// 3,399,999.995 → 3,400,000.00 (proceeds round half-up). The VM is then
// cash 2,000,000 + MMF 3,000,000 + repo 3,400,000 + credit line 600,000.
//
// Costs over one day, ACT/360: MMF 3,000,000 × 5bp / 360 = 4.17; posting
// 1,530,612.25 × 15bp / 360 = 6.38; repo 3,400,000 × 530bp / 360 = 500.56;
// credit line 600,000 × 700bp / 360 = 116.67 + 10,000 fee = 10,116.67.
// Total 10,627.78 against the plain plan's 10,884.73: saving 256.95.
func TestOptimiseArbCapital(t *testing.T) {
	op := arbOptimised(t)
	if len(op.Posts) != 1 {
		t.Fatalf("posts = %+v", op.Posts)
	}
	eq(t, "posted value", op.Posts[0].Value, "1530612.25")
	eq(t, "posted credit", op.Posts[0].Credit, "1500000.00")
	eq(t, "posting cost", op.Posts[0].Cost, "6.38")
	if len(op.Repos) != 1 {
		t.Fatalf("repos = %+v", op.Repos)
	}
	eq(t, "repo value", op.Repos[0].Value, "3469387.75")
	eq(t, "repo cash", op.Repos[0].Cash, "3400000.00")
	eq(t, "repo cost", op.Repos[0].Cost, "500.56")
	want := map[string]string{"cash": "2000000", "mmf": "3000000", "repo": "3400000", "rcf": "600000"}
	cost := map[string]string{"cash": "0", "mmf": "4.17", "repo": "500.56", "rcf": "10116.67"}
	if len(op.Draws) != len(want) {
		t.Fatalf("draws = %+v", op.Draws)
	}
	for _, dr := range op.Draws {
		eq(t, dr.Source, dr.Amount, want[dr.Source])
		eq(t, dr.Source+" cost", dr.Cost, cost[dr.Source])
	}
	eq(t, "shortfall", op.Shortfall, "0")
	eq(t, "total cost", op.TotalCost, "10627.78")
	eq(t, "saving", op.Saving, "256.95")
	eq(t, "plain cost", op.Plain.TotalCost, "10884.73")
	if !op.Covered {
		t.Error("not covered")
	}
	for _, w := range op.Why {
		t.Log(w)
	}
}

// TestOptimiseWrongWayLimit: a wrong-way limit (share 0 of the issuer)
// forbids posting it at all. (The binding figures of concentration limits
// are worked in limits_test.go.)
func TestOptimiseWrongWayLimit(t *testing.T) {
	b := arbCapital(t)
	b.Collateral[0].Issuer = "US Treasury"
	st := engine.StressBook(b, b.Scenarios[0])
	b.Counterparties[0].Limits = []engine.Limit{{Issuer: "US Treasury", Share: d("0")}}
	op, err := engine.Optimise(b, engine.OptimiseInput{PlanInput: engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(op.Posts) != 0 {
		t.Errorf("posted %+v despite a zero limit", op.Posts)
	}
}

// TestOptimiseMidIncident: the playbook asks again after 1,000,000 of the
// bond was already posted (and its 980,000 credit delivered) and the cash
// drawn: the optimiser works with what is left.
func TestOptimiseMidIncident(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	in := engine.OptimiseInput{
		PlanInput:  engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1"), Used: map[string]decimal.Decimal{"cash": d("2000000")}},
		Encumbered: map[string]decimal.Decimal{"UST-2031": d("1000000")},
		Posted:     map[string]decimal.Decimal{"CME": d("980000")},
	}
	op, err := engine.Optimise(b, in)
	if err != nil {
		t.Fatal(err)
	}
	// Left: call 9,520,000 (IM part 520,000); bond 4,000,000; cash none.
	// Post 520,000 / 0.98 = 530,612.25; repo the remaining 3,469,387.75
	// for 3,400,000.00; MMF 3,000,000; credit line 9,000,000 − 6,400,000 =
	// 2,600,000.
	eq(t, "call", op.Calls[0].Amount, "9520000")
	eq(t, "posted value", op.Posts[0].Value, "530612.25")
	eq(t, "repo cash", op.Repos[0].Cash, "3400000")
	for _, dr := range op.Draws {
		if dr.Source == "cash" {
			t.Errorf("cash drawn again: %s", dr.Amount)
		}
		if dr.Source == "rcf" {
			eq(t, "rcf", dr.Amount, "2600000")
		}
	}
	eq(t, "shortfall", op.Shortfall, "0")
}

// TestOptimiseWhatIsStillShort: mid-incident, after cash 2M and the MMF 3M
// are drawn (Used) and nothing posted, CME is still 5,500,000 short. The
// optimiser plans for that, not the whole call: post 1,530,612.25 of the
// Treasuries (credit 1,500,000.00), repo the rest for 3,400,000.00, and
// 600,000.00 of the credit line — the same end state as the full plan.
func TestOptimiseWhatIsStillShort(t *testing.T) {
	b := arbCapital(t)
	st := engine.StressBook(b, b.Scenarios[0])
	short := []engine.Call{{Counterparty: "CME", Amount: d("5500000"), Deadline: b.Deadline}}
	op, err := engine.Optimise(b, engine.OptimiseInput{PlanInput: engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1"),
		Used: map[string]decimal.Decimal{"cash": d("2000000"), "mmf": d("3000000")}, Calls: short}})
	if err != nil {
		t.Fatal(err)
	}
	if len(op.Posts) != 1 || !op.Posts[0].Value.Equal(d("1530612.25")) {
		t.Fatalf("posts = %+v", op.Posts)
	}
	var rcf decimal.Decimal
	for _, dr := range op.Draws {
		if dr.Source == "rcf" {
			rcf = dr.Amount
		}
		if dr.Source == "cash" || dr.Source == "mmf" {
			t.Errorf("drew %s again: %s", dr.Source, dr.Amount)
		}
	}
	eq(t, "rcf", rcf, "600000")
	eq(t, "shortfall", op.Shortfall, "0")
}
