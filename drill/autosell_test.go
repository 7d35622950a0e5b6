package drill

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// cyclesSale is CME's two cycles (the desk book cme-cycles.yaml) with
// only cash and a line for the intraday call, and a liquid stock that a
// T+0 sale settles at the 15:00 cut-off.
const cyclesSale = `drill: cycles-sale
events: []
book:
  firm: Desk CME cycles with a sale
  currency: USD
  as_of: 2026-03-17T08:00:00-04:00
  deadline: 2026-03-17T16:00:00-04:00
  settlement_cutoff: "15:00"
  counterparties:
    - id: CME
      name: CME Clearing
      kind: ccp
      timezone: America/Chicago
      calendar: CME
      cycles:
        - {id: intraday, confirm: "13:30", covers: vm}
        - {id: eod, confirm: "07:30", days: 1}
  positions:
    - {id: ES, name: Long equity futures, kind: future, counterparty: CME, market_value: 10000000, initial_margin: 1000000, factor: equity}
    - {id: STK, name: Liquid stock, kind: spot, market_value: 5000000, cost: 5000000, factor: equity, beta: "0", liquidity: {adv: 100000000, spread_bps: 10, daily_vol: "0.02", settle: T+0}}
  sources:
    - {id: cash, name: On-hand cash, kind: cash, amount: 600000, access: 0s, cost_bps: 0}
    - {id: rcf, name: Committed credit line, kind: credit_line, amount: 400000, access: 2h, rate_bps: 700}
  scenarios:
    - id: equity-down
      name: Equity -10%
      shocks: {equity: "-0.10"}
      initial_margin: {ES: 1500000}
`

// TestAutopilotSellsForTheLaterDeadline, worked by hand. Tuesday 17 March
// 2026, 08:00 New York. ES 10,000,000 → 9,000,000: VM 1,000,000 called in
// CME's intraday cycle (13:30 Chicago = 14:30 New York); IM 1,000,000 →
// 1,500,000: +500,000 in the end-of-day cycle, Wednesday 08:30. The cash
// (600,000, now) and the line (400,000, at 10:00) meet the intraday call
// exactly; nothing is left for the 500,000 due Wednesday.
//
// Selling the stock (beta 0: 5,000,000, unmoved) settles T+0 at the 15:00
// cut-off — after the intraday 14:30, before Wednesday 08:30. The
// autopilot used to check every sale against the next deadline only
// (14:30), so it sold nothing and missed the end-of-day call. Now it
// plans the sale against the later deadline: the least sale v whose
// proceeds v × (1 − 0.0005 − 0.02 × √(v / 100,000,000)) reach 500,000 is
// v ≈ 500,959.6 (impact 0.19156%), found to the thousand: at most 501,960.
// The day's cap is 20% of ADV, 20,000,000. Both deadlines are met.
func TestAutopilotSellsForTheLaterDeadline(t *testing.T) {
	d, err := Parse("cycles-sale.yaml", []byte(cyclesSale), nil)
	if err != nil {
		t.Fatal(err)
	}
	store := &playbook.MemStore{}
	db, err := Play(d, store, AutoEngine, wall)
	if err != nil {
		t.Fatal(err)
	}
	if db.Met != 2 || db.Missed != 0 || !db.Survived {
		t.Fatalf("met %d missed %d survived %v: %+v", db.Met, db.Missed, db.Survived, db.Deadlines)
	}
	inc, err := playbook.Open(d.Book, d.Scenario, store, func() time.Time { return d.Starts }, wall)
	if err != nil {
		t.Fatal(err)
	}
	st := inc.Snapshot().State
	if len(st.Sales) != 1 || st.Sales[0].Position != "STK" {
		t.Fatalf("sales %+v", st.Sales)
	}
	v := st.Sales[0].Value
	if v.LessThan(decimal.RequireFromString("500959.6")) || v.GreaterThan(decimal.RequireFromString("501960")) {
		t.Errorf("sold %s of STK; want the least to the thousand above 500,959.6", v)
	}
	f := playbook.Compute(st, st.Sales[0].At)
	sale := f.Sales[0]
	if sale.Proceeds.LessThan(decimal.RequireFromString("500000")) {
		t.Errorf("proceeds %s < 500,000", sale.Proceeds)
	}
	if got := sale.ArrivesAt.Format(time.RFC3339); got != "2026-03-17T15:00:00-04:00" {
		t.Errorf("the sale arrives %s, want Tue 15:00", got)
	}
}

// TestAutopilotFundsAsPlanDoes: with nothing scripted, the engine at the
// desk takes the plain plan's draws, call by call in deadline order, and
// ends with each deadline as the plan has it.
//
//   - CME's cycles (cmd/warroom/testdata/desk/cme-cycles.yaml, worked in
//     its header): intraday 1,000,000 at Tue 14:30 from cash 600,000 and
//     rcf 400,000 (the MMF's 15:00 is too late for it); end of day 500,000
//     at Wed 08:30 from the MMF: draws cash 600,000, mmf 500,000, rcf
//     400,000; both met.
//   - two-ccps-fx (book/fxdemo_test.go): USD cash 3,000,000 for CME, EUR
//     line 900,000 for LCH's EUR; GBP 1,000,000 short at 11:00 (no deal
//     arrives in time).
func TestAutopilotFundsAsPlanDoes(t *testing.T) {
	cycles, err := os.ReadFile("../cmd/warroom/testdata/desk/cme-cycles.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, src string
	}{
		{"cme-cycles", "drill: cycles\nevents: []\nbook:\n  " + strings.ReplaceAll(string(cycles), "\n", "\n  ") + "\n"},
		{"two-ccps-fx", "drill: fx\nevents: []\nbook_demo: two-ccps-fx\nends: \"17:00\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse(tc.name+".yaml", []byte(tc.src), nil)
			if err != nil {
				t.Fatal(err)
			}
			store := &playbook.MemStore{}
			db, err := Play(d, store, AutoEngine, wall)
			if err != nil {
				t.Fatal(err)
			}
			sc, _ := d.Book.Scenario(d.Scenario)
			plan := engine.PlainPlan(d.Book, engine.PlanInput{Stress: engine.StressBook(d.Book, sc), ActivatedAt: d.Starts, HorizonDays: playbook.HorizonDays})
			inc, err := playbook.Open(d.Book, d.Scenario, store, func() time.Time { return d.Starts }, wall)
			if err != nil {
				t.Fatal(err)
			}
			drawn := map[string]decimal.Decimal{}
			for _, x := range inc.Snapshot().State.Draws {
				drawn[x.Source] = drawn[x.Source].Add(x.Amount)
			}
			for _, p := range plan.Draws {
				if !drawn[p.Source].Equal(p.Amount) {
					t.Errorf("%s: the autopilot drew %s, the plan %s", p.Source, drawn[p.Source], p.Amount)
				}
				delete(drawn, p.Source)
			}
			for src, amt := range drawn {
				t.Errorf("the autopilot drew %s of %s, which the plan does not", amt, src)
			}
			if len(db.Deadlines) != len(plan.Calls) {
				t.Fatalf("deadlines %+v, plan calls %+v", db.Deadlines, plan.Calls)
			}
			for _, c := range plan.Calls {
				found := false
				for _, dl := range db.Deadlines {
					if dl.Counterparty == c.Counterparty && dl.Deadline.Equal(c.Deadline) && d.Book.CurrencyOf(dl.Currency) == d.Book.CurrencyOf(c.Currency) {
						found = true
						if !dl.Shortfall.Equal(c.Shortfall) || !dl.Amount.Equal(c.Amount) {
							t.Errorf("%s %s %s: drill %s short %s, plan %s short %s", c.Counterparty, c.Currency, c.Deadline.Format("Mon 15:04"),
								dl.Amount, dl.Shortfall, c.Amount, c.Shortfall)
						}
					}
				}
				if !found {
					t.Errorf("no deadline in the drill for the plan's %s %s %s", c.Counterparty, c.Currency, c.Deadline)
				}
			}
		})
	}
}
