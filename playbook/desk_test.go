package playbook_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

func parse(t *testing.T, text string) *engine.Book {
	t.Helper()
	b, err := book.Parse("desk.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// twoCCPs: CME calls 1,200,000 (VM 1,000,000 + IM 200,000) by 16:00; ICE
// owes the firm its 800,000 VM gain at 15:00 (its 200,000 of IM released
// was lodged in Treasuries and comes back in Treasuries, not cash).
const twoCCPs = `firm: Desk two CCPs
currency: USD
as_of: 2026-03-17T09:00:00-04:00
deadline: 2026-03-17T16:00:00-04:00
settlement_cutoff: "15:00"
counterparties:
  - {id: CME, name: CME Clearing, kind: ccp}
  - {id: ICE, name: ICE Clear, kind: ccp, settlement: T+0, eligible: [{class: govt, haircut: "0.02"}], lodged: [{class: govt, value: 500000}]}
positions:
  - {id: ES, name: Long, kind: future, counterparty: CME, market_value: 10000000, initial_margin: 1000000, factor: equity}
  - {id: FSE, name: Short, kind: future, counterparty: ICE, market_value: -8000000, initial_margin: 500000, factor: equity}
sources:
  - {id: cash, name: On-hand cash, kind: cash, amount: 500000, access: 0s, cost_bps: 0}
  - {id: rcf, name: Committed credit line, kind: credit_line, amount: 1000000, access: 2h, rate_bps: 700, fee: 1000}
scenarios:
  - {id: s, name: Equity -10%, shocks: {equity: "-0.10"}, initial_margin: {ES: 1200000, FSE: 300000}}
`

// TestInflowSecuresAsInThePlan: margin coming back counts in the console
// as the plan counts it. ICE's 800,000 arrives at 15:00, before CME's
// 16:00 deadline: with cash 400,000 drawn the plan covers CME's
// 1,200,000, and so must the header: due 1,200,000, secured 1,200,000,
// shortfall 0 (it was 800,000 short, the inflow ignored). A payment at
// 14:00 can spend only the cash (400,000), the inflow not yet arrived; at
// 15:30 paying 1,200,000 spends both, once: secured 0, paid 1,200,000 =
// supplied. Boundary: count_inflows: false leaves 800,000 short.
func TestInflowSecuresAsInThePlan(t *testing.T) {
	inc, clk := open(t, parse(t, twoCCPs), &playbook.MemStore{})
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "cash", Amount: d("400000")})
	f := inc.Snapshot().Figures
	money(t, "due", f.Due, "1200000")
	money(t, "secured", f.Secured, "1200000")
	money(t, "shortfall", f.Shortfall, "0")
	clk.t = clk.t.Add(5 * time.Hour) // 14:00
	if _, err := inc.Decide(playbook.Decision{Kind: playbook.Pay, Counterparty: "CME", Amount: d("1200000"), Operator: "alice"}); err == nil ||
		!strings.Contains(err.Error(), "only 400,000.00") || !strings.Contains(err.Error(), "more arrives Tue 15:00") {
		t.Errorf("paying before the inflow arrives: %v", err)
	}
	clk.t = clk.t.Add(90 * time.Minute) // 15:30
	decide(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "CME", Amount: d("1200000")})
	f = inc.Snapshot().Figures
	money(t, "due after paying", f.Due, "0")
	money(t, "secured after paying", f.Secured, "0")
	money(t, "paid", f.Paid, "1200000")
	money(t, "supplied", f.Supplied, "1200000")

	off, _ := open(t, parse(t, strings.Replace(twoCCPs, "firm: Desk two CCPs\n", "firm: Desk two CCPs\ncount_inflows: false\n", 1)), &playbook.MemStore{})
	decide(t, off, playbook.Decision{Kind: playbook.Draw, Source: "cash", Amount: d("400000")})
	money(t, "shortfall, inflows not counted", off.Snapshot().Figures.Shortfall, "800000")
}

// TestConsoleCostsInTheBooksDayCount: the console's running cost of draws
// and postings is the plan's, in the book's day count from when each is
// made. A GBP book on Friday 13 March 2026 (London, GMT): the one-day
// horizon ends Saturday and accrues to Monday, 3 days ACT/365. Drawing
// 1,000,000 of a 700bp line with a 1,000 fee: 1,000,000 × 7% × 3 / 365 =
// 575.342… → 575.34 + 1,000 = 1,575.34 (ACT/360 over one day gave
// 1,194.44). Posting 200,000 of a 15bp gilt: 200,000 × 0.15% × 3 / 365 =
// 2.465… → 2.47. Total 1,577.81. Boundary: the same on Thursday 12 March,
// one day: 191.78 + 1,000 + 0.82 = 1,192.60.
func TestConsoleCostsInTheBooksDayCount(t *testing.T) {
	const gbp = `firm: Desk GBP
currency: GBP
as_of: 2026-03-13T10:00:00+00:00
deadline: 2026-03-13T16:00:00+00:00
settlement_cutoff: "15:00"
counterparties:
  - {id: LCH, name: LCH, kind: ccp, eligible: [{class: govt, haircut: "0"}]}
positions:
  - {id: FTSE, name: FTSE futures, kind: future, counterparty: LCH, market_value: 10000000, initial_margin: 1000000, factor: equity}
collateral:
  - {id: GILT, name: Gilt, class: govt, market_value: 1000000, carry_bps: 15}
sources:
  - {id: rcf, name: Credit line, kind: credit_line, amount: 5000000, access: 0s, rate_bps: 700, fee: 1000}
scenarios:
  - {id: s, name: Down, shocks: {equity: "-0.10"}, initial_margin: {FTSE: 1200000}}
`
	for _, c := range []struct{ asOf, cost string }{
		{"2026-03-13T10:00:00+00:00", "1577.81"},
		{"2026-03-12T10:00:00+00:00", "1192.60"},
	} {
		text := strings.Replace(gbp, "as_of: 2026-03-13T10:00:00+00:00", "as_of: "+c.asOf, 1)
		text = strings.Replace(text, "deadline: 2026-03-13T", "deadline: "+c.asOf[:11], 1)
		inc, _ := open(t, parse(t, text), &playbook.MemStore{})
		decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "rcf", Amount: d("1000000")})
		decide(t, inc, playbook.Decision{Kind: playbook.Post, Holding: "GILT", Counterparty: "LCH", Amount: d("200000")})
		money(t, c.asOf+" liquidity cost", inc.Snapshot().Figures.LiquidityCost, c.cost)
	}
}

// TestConsoleRepoAtStressedValue: the console sizes a repo as the plan
// does, at the holding's stressed value less its widened haircut. An
// equity basket of 5,000,000 (beta 1, repo haircut 10%) in an equity −20%
// scenario that widens equity haircuts by 5%: 4,000,000 × (1 − 0.15) =
// 3,400,000 (unstressed it was 5,000,000 × 0.90 = 4,500,000). Drawing the
// repo in full raises 3,400,000 and lends the whole 4,000,000; nothing is
// left free. Boundary: a repo line of 3,000,000 caps it, lending
// 3,000,000 / 0.85 = 3,529,411.77 (rounded up), 470,588.23 left free.
func TestConsoleRepoAtStressedValue(t *testing.T) {
	const repo = `firm: Desk repo
currency: USD
as_of: 2026-03-17T09:00:00-04:00
deadline: 2026-03-17T16:00:00-04:00
settlement_cutoff: "15:00"
counterparties:
  - {id: CME, name: CME, kind: ccp}
positions:
  - {id: ES, name: ES, kind: future, counterparty: CME, market_value: 50000000, initial_margin: 5000000, factor: equity}
collateral:
  - {id: EQB, name: Equity basket, class: equity, market_value: 5000000, repo_haircut: "0.10", factor: equity}
sources:
  - {id: repo, name: Equity repo, kind: repo, collateral: [EQB], access: 1h, rate_bps: 300LINE}
scenarios:
  - {id: s, name: Down, shocks: {equity: "-0.20"}, haircut_widening: {equity: "0.05"}}
`
	for _, c := range []struct{ line, raises, free string }{
		{"", "3400000", "0"},
		{", amount: 3000000", "3000000", "470588.23"},
	} {
		b := parse(t, strings.Replace(repo, "LINE", c.line, 1))
		st := engine.StressBook(b, b.Scenarios[0])
		plan := engine.PlainPlan(b, engine.PlanInput{Stress: st, ActivatedAt: b.AsOf, HorizonDays: d("1")})
		inc, _ := open(t, b, &playbook.MemStore{})
		f := inc.Snapshot().Figures
		money(t, "plan's repo tier", plan.Tiers[0].Available, c.raises)
		money(t, "console's repo tier", f.Sources[0].Left, c.raises)
		e := decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "repo"})
		money(t, "drawn", e.Amt(), c.raises)
		money(t, "free after", inc.Snapshot().Figures.Holdings[0].Free, c.free)
	}
}

// TestEstimateIMPartFollowsTheEngine: the securities part of an estimated
// CCP call is the engine's Postable. ES falls 1,000,000 (VM, cash only)
// and its IM rises 200,000; the 1,000,000 of Treasuries already lodged (no
// haircut, rates −10%) lose 100,000, which the firm must top up: the call
// is 1,300,000, of which 300,000 (IM rise + top-up) may take securities
// (the top-up was counted as cash before: 200,000). Posting "just enough"
// UST then posts 300,000. Boundary: with no top-up (rates flat) the part
// is the IM rise, 200,000.
func TestEstimateIMPartFollowsTheEngine(t *testing.T) {
	const topUp = `firm: Desk top-up
currency: USD
as_of: 2026-03-17T09:00:00-04:00
deadline: 2026-03-17T16:00:00-04:00
settlement_cutoff: "15:00"
counterparties:
  - {id: CME, name: CME, kind: ccp, eligible: [{class: govt, haircut: "0"}], lodged: [{class: govt, value: 1000000, factor: rates}]}
positions:
  - {id: ES, name: ES, kind: future, counterparty: CME, market_value: 10000000, initial_margin: 1000000, factor: equity}
collateral:
  - {id: UST, name: Treasury, class: govt, market_value: 5000000}
sources:
  - {id: cash, name: Cash, kind: cash, amount: 100000, access: 0s}
scenarios:
  - {id: s, name: Down, shocks: {equity: "-0.10", rates: "RATES"}, initial_margin: {ES: 1200000}}
`
	for _, c := range []struct{ rates, call, part string }{
		{"-0.10", "1300000", "300000"},
		{"0", "1200000", "200000"},
	} {
		inc, _ := open(t, parse(t, strings.Replace(topUp, "RATES", c.rates, 1)), &playbook.MemStore{})
		cf := inc.Snapshot().Figures.Calls[0]
		money(t, c.rates+" call", cf.Amount, c.call)
		money(t, c.rates+" IM part", cf.IMPart, c.part)
		e := decide(t, inc, playbook.Decision{Kind: playbook.Post, Holding: "UST", Counterparty: "CME"})
		money(t, c.rates+" posted", e.Val(), c.part)
		// The counterparty calls the same figure without its parts: the
		// split is the book's, as the estimate's.
		k := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d(c.call)})
		found := false
		for _, cf := range inc.Snapshot().Figures.Calls {
			if cf.Ref == k.Seq {
				found = true
				money(t, c.rates+" keyed call's IM part", cf.IMPart, c.part)
			}
		}
		if !found {
			t.Errorf("%s: no keyed call #%d", c.rates, k.Seq)
		}
	}
}

// TestSaleOfFinancedStockInTheConsole: selling stock a prime broker
// finances moves the PB's call as liquidate says (the house margin freed,
// less the impact paid and the re-mark of the rest), never as cash. The
// PB calls 1,360,000 on 8,000,000 financed at 15% after a 20% fall.
//   - selling 2,181,551.64 (liquidate's proposal for 300,000): impact
//     14,918.29, re-mark 12,314.46, house margin freed 327,232.75: the call
//     falls by 300,000.00 to 1,060,000.00.
//   - boundary, selling all 6,400,000: impact 70,400, no re-mark, 960,000
//     freed: the call falls by 889,600 to 470,400 (the plan's sell-tech
//     tier of 889,600, worked in engine/desk_test.go).
func TestSaleOfFinancedStockInTheConsole(t *testing.T) {
	const pb = `firm: Desk PB
currency: USD
as_of: 2026-03-17T09:00:00-04:00
deadline: 2026-03-17T16:00:00-04:00
settlement_cutoff: "15:00"
counterparties:
  - {id: PB, name: Prime broker, kind: prime_broker, house_margin: [{class: equity, long: "0.15", short: "0.20"}]}
positions:
  - {id: TECH, name: Tech, kind: spot, counterparty: PB, market_value: 8000000, cost: 7000000, factor: equity,
     liquidity: {adv: 25600000, spread_bps: 20, daily_vol: "0.02", settle: T+0}}
sources:
  - {id: cash, name: Cash, kind: cash, amount: 300000, access: 0s}
scenarios:
  - {id: s, name: Down, shocks: {equity: "-0.20"}}
`
	for _, c := range []struct{ sell, call string }{{"2181551.64", "1060000"}, {"6400000", "470400"}} {
		inc, _ := open(t, parse(t, pb), &playbook.MemStore{})
		money(t, "call before", inc.Snapshot().Figures.Calls[0].Amount, "1360000")
		decide(t, inc, playbook.Decision{Kind: playbook.Liquidate, Position: "TECH", Amount: d(c.sell)})
		f := inc.Snapshot().Figures
		money(t, "call after selling "+c.sell, f.Calls[0].Amount, c.call)
		money(t, "secured after selling "+c.sell, f.Secured, "0")
	}
}
