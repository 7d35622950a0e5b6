package engine_test

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

// TestCSAProperties: over random two-way CSAs, every leg is zero or at
// least the MTA and a multiple of its rounding; at most one direction
// moves; without rounding or MTA the net transfer is exactly the change
// in the balance; and counting the inflows a stress produces never leaves
// a plan shorter of cash than not counting them does the other way.
func TestCSAProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 5))
	money := func(lo, hi int) decimal.Decimal {
		return decimal.NewFromInt(int64(lo + r.IntN(hi-lo+1))).Mul(decimal.NewFromInt(1000)).Add(decimal.New(int64(r.IntN(100)), -2))
	}
	for n := 0; n < 2000; n++ {
		terms := engine.CSATerms{}
		mta := decimal.Zero
		rounded := r.IntN(2) == 0
		if rounded {
			terms.DeliveryRounding, terms.ReturnRounding = d("10000"), d("10000")
			mta = d("100000")
		}
		if r.IntN(3) == 0 {
			terms.IndependentAmount = money(0, 3000)
		}
		if r.IntN(3) == 0 {
			terms.Balance, terms.HasBalance = money(-5000, 5000), true
		}
		mv, stressed := money(-8000, 8000), money(-8000, 8000)
		b := twoWay(mv.String(), stressed.String(), terms)
		b.Counterparties[0].MinTransfer = mta
		b.Counterparties[0].Threshold = money(0, 2000)
		if !rounded {
			b.Counterparties[0].CSA.DeliveryRounding, b.Counterparties[0].CSA.ReturnRounding = decimal.Zero, decimal.Zero
		}
		st := engine.StressBook(b, b.Scenarios[0])
		cc := st.Calls[0]
		tr := cc.CSA
		legs := []decimal.Decimal{tr.FirmDelivers, tr.FirmReturns, tr.CounterpartyDelivers, tr.CounterpartyReturns}
		for _, l := range legs {
			if l.Sign() < 0 || (l.Sign() > 0 && l.Cmp(mta) < 0) {
				t.Fatalf("case %d: leg %s below the MTA %s (%+v)", n, l, mta, tr)
			}
			if rounded && !l.Mod(d("10000")).IsZero() {
				t.Fatalf("case %d: leg %s not a multiple of 10,000", n, l)
			}
		}
		pays := tr.FirmDelivers.Add(tr.FirmReturns).Sign() > 0
		gets := tr.CounterpartyDelivers.Add(tr.CounterpartyReturns).Sign() > 0
		if pays && gets {
			t.Fatalf("case %d: the firm both pays and receives: %+v", n, tr)
		}
		if !rounded && !cc.Call.Equal(tr.RequiredAfter.Sub(tr.BalanceBefore)) {
			t.Fatalf("case %d: call %s ≠ required %s − balance %s", n, cc.Call, tr.RequiredAfter, tr.BalanceBefore)
		}
		if cc.Call.Sign() < 0 && !cc.Inflow.Equal(cc.Call.Neg()) {
			t.Fatalf("case %d: inflow %s for a call of %s", n, cc.Inflow, cc.Call)
		}
	}
}

// TestInflowsNeverHurt: over random pairs of CCPs, counting margin coming
// back never raises the plain plan's shortfall.
func TestInflowsNeverHurt(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	for n := 0; n < 300; n++ {
		b := twoCCPs(decimal.NewFromInt(int64(-26_000_000 + r.IntN(12_000_000))).String())
		st := engine.StressBook(b, b.Scenarios[0])
		in := engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")}
		counted := engine.PlainPlan(b, in)
		b.IgnoreInflows = true
		ignored := engine.PlainPlan(b, in)
		if counted.Shortfall.Cmp(ignored.Shortfall) > 0 || counted.TotalCost.Cmp(ignored.TotalCost) > 0 {
			t.Fatalf("case %d: counting inflows: short %s cost %s; ignoring: short %s cost %s", n,
				counted.Shortfall, counted.TotalCost, ignored.Shortfall, ignored.TotalCost)
		}
	}
}
