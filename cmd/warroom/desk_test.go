package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The desk books (testdata/desk/*.yaml) are small books a treasury desk
// works by hand; each file's header comment shows the arithmetic, and the
// tests below hold the binary's figures to it.

// deskJSON runs a command on a desk book and decodes its JSON.
func deskJSON(t *testing.T, book string, args ...string) map[string]any {
	t.Helper()
	if !strings.Contains(book, "/") {
		book = filepath.Join("testdata", "desk", book)
	}
	code, out, errs := wr(t, append(append([]string{args[0], "--book", book}, args[1:]...), "--json")...)
	if code != 0 {
		t.Fatalf("%s %v: exit %d: %s", book, args, code, errs)
	}
	return decodeJSON(t, out)
}

// variant writes a desk book with one line replaced, for a boundary case.
func variant(t *testing.T, name, old, new string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "desk", name))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), old, new, 1)
	if text == string(src) {
		t.Fatalf("%s: %q not found", name, old)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// newDB adds --book for a desk book when the incident file is new (an
// existing one holds its own book).
func newDB(db, book string, args ...string) []string {
	if _, err := os.Stat(db); err != nil {
		args = append(args, "--book", filepath.Join("testdata", "desk", book))
	}
	return args
}

func objs(v any) []map[string]any {
	var out []map[string]any
	for _, x := range v.([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

// pick finds the object in a list whose key equals id.
func pick(t *testing.T, v any, key, id string) map[string]any {
	t.Helper()
	for _, o := range objs(v) {
		if o[key] == id {
			return o
		}
	}
	t.Fatalf("no %s %q in %v", key, id, v)
	return nil
}

// drawsOf is "source=amount" for each draw of a plan.
func drawsOf(p map[string]any) string {
	var s []string
	for _, d := range objs(p["draws"]) {
		s = append(s, d["source"].(string)+"="+d["amount"].(string))
	}
	return strings.Join(s, " ")
}

func want(t *testing.T, what string, got any, w string) {
	t.Helper()
	if got != w {
		t.Errorf("%s = %v, want %s", what, got, w)
	}
}

func TestDeskTwoWayCSA(t *testing.T) {
	st := deskJSON(t, "csa-two-way.yaml", "stress")
	a := pick(t, st["counterparties"], "id", "BANKA")
	want(t, "BANKA call (the firm returns)", a["margin_call"], "100000.00")
	want(t, "BANKA firm_returns", a["csa"].(map[string]any)["firm_returns"], "100000.00")
	b := pick(t, st["counterparties"], "id", "BANKB")
	want(t, "BANKB call (94,999 to return rounds to 90,000: below MTA)", b["margin_call"], "0.00")
	c := pick(t, st["counterparties"], "id", "BANKC")
	want(t, "BANKC counterparty_returns", c["csa"].(map[string]any)["counterparty_returns"], "200000.00")
	want(t, "BANKC inflow", c["inflow"], "200000.00")
	want(t, "BANKC inflow arrives", c["inflow_arrives_at"], "2026-03-17T15:00:00-04:00")
	want(t, "BANKD call (90,001 rounds up to the MTA)", pick(t, st["counterparties"], "id", "BANKD")["margin_call"], "100000.00")
	want(t, "total", st["total_margin_call"], "0.00")

	p := deskJSON(t, "csa-two-way.yaml", "plan", "--optimise")
	want(t, "plan draws", drawsOf(p), "inflow:BANKC=200000.00")
	want(t, "plan shortfall", p["shortfall"], "0.00")
	want(t, "plan cost", p["total_cost"], "0.00")
	want(t, "optimised cost", p["optimised"].(map[string]any)["total_cost"], "0.00")

	off := deskJSON(t, variant(t, "csa-two-way.yaml", "firm: Desk CSA\n", "firm: Desk CSA\ncount_inflows: false\n"), "plan")
	want(t, "count_inflows false: draws", drawsOf(off), "cash=50000.00")
	want(t, "count_inflows false: shortfall", off["shortfall"], "150000.00")
}

func TestDeskCSAFlip(t *testing.T) {
	st := deskJSON(t, "csa-flip.yaml", "stress")
	flip := pick(t, st["counterparties"], "id", "FLIP")
	want(t, "FLIP call (its Treasuries come back as Treasuries)", flip["margin_call"], "-400000.00")
	want(t, "FLIP returned in securities", flip["im_released_securities"], "300000.00")
	want(t, "IA delivery", pick(t, st["counterparties"], "id", "IA")["margin_call"], "900000.00")
	imc := pick(t, st["counterparties"], "id", "IMC")
	want(t, "IMC call", imc["margin_call"], "3000000.00")
	want(t, "IMC IM delivery", imc["csa"].(map[string]any)["im_delivers"], "2000000.00")
	want(t, "total", st["total_margin_call"], "3500000.00")
	p := deskJSON(t, "csa-flip.yaml", "plan")
	want(t, "draws", drawsOf(p), "inflow:FLIP=400000.00 cash=50000.00")
	want(t, "shortfall", p["shortfall"], "3450000.00")
}

func TestDeskCCPInflow(t *testing.T) {
	st := deskJSON(t, "ccp-inflow.yaml", "stress")
	ice := pick(t, st["counterparties"], "id", "ICE")
	want(t, "ICE call (IM released in securities is not cash)", ice["margin_call"], "-800000.00")
	want(t, "ICE im_released_securities", ice["im_released_securities"], "200000.00")
	want(t, "CME cash part", pick(t, st["counterparties"], "id", "CME")["cash_part"], "1200000.00")

	p := deskJSON(t, "ccp-inflow.yaml", "plan", "--optimise")
	want(t, "plan draws", drawsOf(p), "inflow:ICE=800000.00 cash=400000.00")
	want(t, "plan cost", p["total_cost"], "0.00")
	want(t, "inflow tier first", objs(p["tiers"])[0]["kind"], "inflow")

	off := deskJSON(t, variant(t, "ccp-inflow.yaml", "firm: Desk two CCPs\n", "firm: Desk two CCPs\ncount_inflows: false\n"), "plan")
	want(t, "count_inflows false: draws", drawsOf(off), "cash=500000.00 rcf=700000.00")
	want(t, "count_inflows false: cost", off["total_cost"], "1136.11")
}

// TestDeskLedger runs the decide sequence worked in ledger.yaml's header.
func TestDeskLedger(t *testing.T) {
	db := filepath.Join(t.TempDir(), "i.db")
	step := func(w string, args ...string) {
		t.Helper()
		code, out, errs := wr(t, append(newDB(db, "ledger.yaml", "decide", "--db", db, "--operator", "alice", "--json"), args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		j := decodeJSON(t, out)
		if got := j["due"].(string) + " / " + j["secured"].(string) + " / " + j["shortfall"].(string); got != w {
			t.Errorf("%v: due / secured / shortfall = %s, want %s", args, got, w)
		}
	}
	refused := func(msg string, args ...string) {
		t.Helper()
		code, _, errs := wr(t, append([]string{"decide", "--db", db, "--operator", "alice"}, args...)...)
		if code != exitInput || !strings.Contains(errs, msg) {
			t.Errorf("%v: exit %d %s, want refused with %q", args, code, errs, msg)
		}
	}
	p := deskJSON(t, "ledger.yaml", "plan")
	want(t, "plan draws", drawsOf(p), "cash=1000000.00 mmf=4000000.00")
	want(t, "plan cost", p["total_cost"], "5.56")

	step("5000000.00 / 1000000.00 / 4000000.00", "draw", "cash")
	step("4500000.00 / 1000000.00 / 3500000.00", "dispute", "CME", "500000", "--reason", "valuation")
	step("4500000.00 / 3000000.00 / 1500000.00", "draw", "mmf", "2000000")
	refused("only 1,000,000.00 of cash", "pay", "LCH", "1500000", "--source", "cash")
	step("3500000.00 / 2000000.00 / 1500000.00", "pay", "LCH", "1000000", "--source", "cash")
	refused("more arrives Tue 09:00", "--at", "08:30", "pay", "LCH", "1000000")
	step("2500000.00 / 1000000.00 / 1500000.00", "--at", "09:30", "pay", "LCH", "1000000")
	step("2800000.00 / 1000000.00 / 1800000.00", "resolve", "CME", "2800000")
	step("1800000.00 / 0.00 / 1800000.00", "pay", "CME", "1000000")
	refused("only 0.00 of funds", "pay", "CME", "100")
}

// TestDeskClocks: DST on both sides of the Atlantic, Thanksgiving, a UK
// bank holiday, a Friday 16:00 request and CME's two cycles.
func TestDeskClocks(t *testing.T) {
	tier := func(p map[string]any, id string) string {
		x := pick(t, p["tiers"], "source", id)
		return x["arrives_at"].(string) + map[bool]string{true: " late", false: ""}[x["late"] == true]
	}
	us := deskJSON(t, "us-dst.yaml", "plan")
	want(t, "US DST: mmf T+1", tier(us, "mmf"), "2026-03-09T15:00:00-04:00")
	want(t, "US DST: draws", drawsOf(us), "cash=200000.00 mmf=800000.00")
	want(t, "US DST: Friday's cost, 3 days ACT/360", us["total_cost"], "6.67")

	eu := deskJSON(t, "eu-dst.yaml", "plan")
	want(t, "EU DST: euro repo T+1", tier(eu, "repo-eur"), "2026-03-30T15:00:00+02:00")
	want(t, "EU DST: New York fund T+1", tier(eu, "usd-mmf"), "2026-03-30T21:00:00+02:00 late")
	want(t, "EU DST: draws", drawsOf(eu), "repo-eur=500000.00")
	want(t, "EU DST: cost", eu["total_cost"], "83.33")

	tg := deskJSON(t, "thanksgiving.yaml", "plan")
	want(t, "Thanksgiving: mmf T+1", tier(tg, "mmf"), "2026-11-27T15:00:00-05:00")
	want(t, "Thanksgiving: sale T+2", tier(tg, "sell-tech"), "2026-11-30T15:00:00-05:00 late")
	want(t, "Thanksgiving: sale raises", pick(t, tg["tiers"], "source", "sell-tech")["available"], "4963377.22")
	want(t, "Thanksgiving: cost, 2 days", tg["total_cost"], "11.11")

	uk := deskJSON(t, "uk-holiday.yaml", "plan")
	want(t, "UK holiday: gilt repo T+1", tier(uk, "gilt-repo"), "2026-05-05T15:00:00+01:00")
	want(t, "UK holiday: New York line T+1", tier(uk, "usd-line"), "2026-05-05T20:00:00+01:00 late")
	want(t, "UK holiday: cost, 4 days ACT/365", uk["total_cost"], "547.95")
	want(t, "UK holiday: day count", uk["day_count"], "ACT/365")
	usd := deskJSON(t, variant(t, "uk-holiday.yaml", "currency: GBP", "currency: USD"), "plan")
	want(t, "the same in USD: draws", drawsOf(usd), "usd-line=1000000.00")
	want(t, "the same in USD: cost, 3 days ACT/360", usd["total_cost"], "250.00")

	fr := deskJSON(t, "friday-credit.yaml", "plan")
	want(t, "Friday 16:00: credit line", tier(fr, "rcf"), "2026-03-16T13:00:00-04:00 late")
	want(t, "Friday 16:00: 1h repo ends at the close", tier(fr, "repo"), "2026-03-13T17:00:00-04:00")
	want(t, "Friday 16:00: 2h repo", tier(fr, "repo2"), "2026-03-16T10:00:00-04:00")
	want(t, "Friday 16:00: draws", drawsOf(fr), "repo=1000000.00 repo2=500000.00")
	want(t, "Friday 16:00: cost", fr["total_cost"], "500.00")

	cy := deskJSON(t, "cme-cycles.yaml", "plan")
	calls := objs(cy["calls"])
	if len(calls) != 2 || calls[0]["cycle"] != "intraday" || calls[0]["deadline"] != "2026-03-17T14:30:00-04:00" || calls[0]["amount"] != "1000000.00" ||
		calls[1]["cycle"] != "eod" || calls[1]["deadline"] != "2026-03-18T08:30:00-04:00" || calls[1]["amount"] != "500000.00" {
		t.Errorf("CME cycles: calls %v", calls)
	}
	want(t, "CME cycles: draws", drawsOf(cy), "cash=600000.00 mmf=500000.00 rcf=400000.00")
	want(t, "CME cycles: cost", cy["total_cost"], "78.47")
}

// TestDeskPrimeBroker: pb-stock.yaml's figures, before and after the
// sale, in stress, plan, liquidate and survive.
func TestDeskPrimeBroker(t *testing.T) {
	st := deskJSON(t, "pb-stock.yaml", "stress")
	want(t, "PB call", pick(t, st["counterparties"], "id", "PB")["margin_call"], "1360000.00")

	p := deskJSON(t, "pb-stock.yaml", "plan")
	want(t, "the sale's tier: house margin freed less impact", pick(t, p["tiers"], "source", "sell-tech")["available"], "889600.00")
	want(t, "plan draws", drawsOf(p), "cash=300000.00 sell-tech=889600.00")
	want(t, "plan shortfall", p["shortfall"], "170400.00")
	want(t, "plan cost (the whole sale's impact)", p["total_cost"], "70400.00")

	// The largest sale today, 20% of ADV = 5,120,000: impact 50,914.67,
	// house margin freed 15% = 768,000, re-mark 5,724.33, relief
	// 711,361.00, score 711,361 / 50,914.67 = 13.9716.
	l := deskJSON(t, "pb-stock.yaml", "liquidate", "--need", "300000")
	c := objs(l["candidates"])[0]
	for k, w := range map[string]string{"max_value": "5120000.00", "impact_cost": "50914.67", "proceeds": "-50914.67",
		"margin_released": "768000.00", "remark_vm": "5724.33", "relief": "711361.00", "score": "13.9716"} {
		want(t, "candidate "+k, c[k], w)
	}
	want(t, "liquidate raises the need", l["raised"], "300000.00")

	// Day 1 as engine/desk_test.go works it; day 2 sells the rest,
	// 1,274,275.67 at an impact of 6,960.25, freeing its 191,141.35: due
	// 347,780.35 + 6,960.25 − 191,141.35 = 163,599.25, nothing left:
	// insolvent. The smallest buffer (to the 1,000) pays day 1's 647,780.35.
	s := deskJSON(t, "pb-stock.yaml", "survive")
	path := s["path"].(map[string]any)
	d1, d2 := objs(path["days"])[0], objs(path["days"])[1]
	for k, w := range map[string]string{"variation_margin": "1600000.00", "initial_margin_required": "191141.35",
		"sold": "5120000.00", "due": "647780.35", "paid": "300000.00", "overdue": "347780.35", "paper_equity": "843361.00"} {
		want(t, "day 1 "+k, d1[k], w)
	}
	want(t, "day 2 due", d2["due"], "163599.25")
	if path["insolvent_day"] != float64(2) || path["survived"] != false {
		t.Errorf("insolvent day %v, survived %v; want insolvent on day 2", path["insolvent_day"], path["survived"])
	}
	want(t, "smallest buffer", s["smallest_buffer"], "648000.00")
}

// TestDeskConsoleEqualsPlan: drawing the plain plan's draws in the console
// at the book's as_of leaves the header's shortfall at the plan's (margin
// coming back counts in both).
func TestDeskConsoleEqualsPlan(t *testing.T) {
	for _, name := range []string{"csa-two-way.yaml", "csa-flip.yaml", "ccp-inflow.yaml", "ledger.yaml", "us-dst.yaml", "eu-dst.yaml",
		"thanksgiving.yaml", "uk-holiday.yaml", "friday-credit.yaml", "cme-cycles.yaml", "pb-stock.yaml",
		"future-sale.yaml", "widening.yaml", "csa-held.yaml"} {
		p := deskJSON(t, name, "plan")
		db := filepath.Join(t.TempDir(), "i.db")
		last := map[string]any{}
		for _, d := range objs(p["draws"]) {
			if d["kind"] == "inflow" {
				continue
			}
			// At the plan's activation time exactly: the incident clock runs
			// on from as_of, and Friday's 1h repo asked a moment after 16:00
			// cannot settle by the 17:00 close.
			code, out, errs := wr(t, append(newDB(db, name, "decide", "--db", db, "--json", "--at", p["activated_at"].(string)),
				"draw", d["source"].(string), d["amount"].(string))...)
			if code != 0 {
				t.Fatalf("%s: draw %v: exit %d: %s", name, d["source"], code, errs)
			}
			last = decodeJSON(t, out)
		}
		if len(last) == 0 {
			code, out, errs := wr(t, append(newDB(db, name, "decide", "--db", db, "--json"), "note", "nothing to draw")...)
			if code != 0 {
				t.Fatalf("%s: note: exit %d: %s", name, code, errs)
			}
			last = decodeJSON(t, out)
		}
		want(t, name+": console shortfall (plan's "+p["shortfall"].(string)+")", last["shortfall"], p["shortfall"].(string))
		want(t, name+": console due", last["due"], p["required"].(string))
		if name == "pb-stock.yaml" || name == "future-sale.yaml" {
			continue // the plan's cost there is the sale's impact, which the console counts as sale cost
		}
		// The console's running cost is the plan's, in the book's day count.
		code, out, errs := wr(t, "report", "--db", db, "--format", "json")
		if code != 0 {
			t.Fatalf("%s: report: exit %d: %s", name, code, errs)
		}
		want(t, name+": console liquidity cost", decodeJSON(t, out)["summary"].(map[string]any)["liquidity_cost"], p["total_cost"].(string))
	}
}

// TestDeskCyclesLedger: cme-cycles.yaml's two calls, each a ledger of its
// own. At 08:00: cash 600,000 (now) meets the intraday 1,000,000 (14:30)
// in part: 400,000 short there, the EOD 500,000 (Wed 08:30) all short.
// The MMF's 1,000,000 arrives 15:00: too late for 14:30, it covers the
// EOD call: shortfall 400,000. Disputing 300,000 of the intraday call
// leaves 700,000 due there, 100,000 short. CME grants an extension to
// 15:30: the MMF is now in time for it too: intraday cash 600,000 + MMF
// 100,000, EOD MMF 500,000: secured 1,200,000, shortfall 0.
func TestDeskCyclesLedger(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	step := func(w string, args ...string) {
		t.Helper()
		code, out, errs := wr(t, append(newDB(db, "cme-cycles.yaml", "decide", "--db", db, "--json"), args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		j := decodeJSON(t, out)
		if got := j["due"].(string) + " / " + j["secured"].(string) + " / " + j["shortfall"].(string); got != w {
			t.Errorf("%v: due / secured / shortfall = %s, want %s", args, got, w)
		}
	}
	step("1500000.00 / 600000.00 / 900000.00", "--at", "08:00", "draw", "cash")
	step("1500000.00 / 1100000.00 / 400000.00", "--at", "08:00", "draw", "mmf", "1000000")
	step("1200000.00 / 1100000.00 / 100000.00", "--at", "08:01", "dispute", "CME", "300000", "--cycle", "intraday", "--reason", "valuation")
	step("1200000.00 / 1200000.00 / 0.00", "--at", "08:02", "status", "CME", "extension_granted", "--cycle", "intraday", "--until", "2026-03-17T15:30:00-04:00")
}

// TestDeskFutureSale: future-sale.yaml's header. An asset_sale of a future
// frees its stressed IM less the cost of closing it, not its notional.
func TestDeskFutureSale(t *testing.T) {
	p := deskJSON(t, "future-sale.yaml", "plan")
	tier := pick(t, p["tiers"], "source", "sell-es")
	want(t, "sell-es available: IM freed 1,200,000 − cost 45,900", tier["available"], "1154100.00")
	want(t, "plan draws", drawsOf(p), "cash=20000.00 sell-es=1154100.00")
	want(t, "plan shortfall", p["shortfall"], "25900.00")
	want(t, "plan cost", p["total_cost"], "45900.00")
	code, out, _ := wr(t, "plan", "--book", filepath.Join("testdata", "desk", "future-sale.yaml"))
	if code != 0 || !strings.Contains(out, "sell-es: closing it raises no cash of its own (its 9,000,000 stressed value is not proceeds): it frees 1,200,000 of margin, less the impact model's loss 45,900 (1,154,100)") {
		t.Errorf("plan text (exit %d) does not explain the sale:\n%s", code, out)
	}
	// The console draws the same tier: its shortfall is the plan's.
	db := filepath.Join(t.TempDir(), "i.db")
	wr(t, newDB(db, "future-sale.yaml", "decide", "--db", db, "--json", "draw", "cash")...)
	code, out, errs := wr(t, newDB(db, "future-sale.yaml", "decide", "--db", db, "--json", "draw", "sell-es")...)
	if code != 0 {
		t.Fatalf("draw sell-es: exit %d: %s", code, errs)
	}
	want(t, "console shortfall after the sale", decodeJSON(t, out)["shortfall"], "25900.00")
}

// TestDeskWidening: widening.yaml's header. A posting counts at the
// scenario's widened haircut in the stress, the optimiser and decide.
func TestDeskWidening(t *testing.T) {
	st := deskJSON(t, "widening.yaml", "stress")
	cme := pick(t, st["counterparties"], "id", "CME")
	want(t, "eligible cover", cme["eligible_cover"], "500000.00")
	want(t, "cash part", cme["cash_part"], "1000000.00")

	db := filepath.Join(t.TempDir(), "i.db")
	code, out, errs := wr(t, newDB(db, "widening.yaml", "decide", "--db", db, "post", "UST", "CME")...)
	if code != 0 || !strings.Contains(out, "post 555,555.56 of UST to CME (credit 500,000.00)") {
		t.Errorf("post just enough at 10%%: exit %d %s%s", code, out, errs)
	}
	db2 := filepath.Join(t.TempDir(), "j.db")
	code, out, errs = wr(t, newDB(db2, "widening.yaml", "decide", "--db", db2, "--json", "post", "UST", "CME", "500000")...)
	if code != 0 {
		t.Fatalf("post 500000: exit %d: %s", code, errs)
	}
	j := decodeJSON(t, out)
	want(t, "secured by 500,000 of UST at 10%", j["secured"], "450000.00")
	want(t, "shortfall", j["shortfall"], "1050000.00")

	p := deskJSON(t, "widening.yaml", "plan", "--optimise")
	post := objs(p["optimised"].(map[string]any)["posts"])
	if len(post) != 1 {
		t.Fatalf("optimised posts %v", post)
	}
	want(t, "optimised posting value", post[0]["value"], "555555.56")
	want(t, "optimised posting haircut", post[0]["haircut"], "0.1")
	want(t, "optimised posting credit", post[0]["credit"], "500000.00")
}

// TestDeskCSAHeld: csa-held.yaml's header. Securities the firm holds under
// a CSA go back in kind, and come in as securities it may not use unless
// use_of_collateral says it may.
func TestDeskCSAHeld(t *testing.T) {
	st := deskJSON(t, "csa-held.yaml", "stress")
	for id, w := range map[string]string{"HELD": "0.00", "RCV": "0.00", "USE": "-600000.00", "CASH": "1500000.00", "FLIPH": "400000.00"} {
		want(t, id+" call", pick(t, st["counterparties"], "id", id)["margin_call"], w)
	}
	held := pick(t, st["counterparties"], "id", "HELD")
	want(t, "HELD returns in kind", held["held_returned_securities"], "1500000.00")
	want(t, "RCV receives securities it may not use", pick(t, st["counterparties"], "id", "RCV")["held_received_securities"], "600000.00")
	want(t, "RCV inflow", pick(t, st["counterparties"], "id", "RCV")["inflow"], "0.00")
	want(t, "USE inflow", pick(t, st["counterparties"], "id", "USE")["inflow"], "600000.00")
	if _, ok := pick(t, st["counterparties"], "id", "CASH")["held_returned_securities"]; ok {
		t.Error("a CSA holding cash has no held-securities keys")
	}
	want(t, "total", st["total_margin_call"], "1300000.00")
	p := deskJSON(t, "csa-held.yaml", "plan")
	want(t, "plan draws", drawsOf(p), "inflow:USE=600000.00 cash=500000.00")
	want(t, "plan shortfall", p["shortfall"], "800000.00")

	// The same book with every held balance taken as cash: the figures it
	// used to give (HELD 1,500,000, RCV −600,000, FLIPH 700,000).
	src, err := os.ReadFile(filepath.Join("testdata", "desk", "csa-held.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer(", collateral_held: govt, use_of_collateral: true}", "}", ", collateral_held: govt}", "}").Replace(string(src))
	cash := filepath.Join(t.TempDir(), "cash.yaml")
	if err := os.WriteFile(cash, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	want(t, "all cash: total", deskJSON(t, cash, "stress")["total_margin_call"], "2500000.00")
}

// TestDeskFXLiquidateSurvive: fx-spiral.yaml's header, and the
// two-ccps-fx demo's spiral (engine/survive_fx_test.go works both).
func TestDeskFXLiquidateSurvive(t *testing.T) {
	l := deskJSON(t, "fx-spiral.yaml", "liquidate", "--need", "1300000")
	want(t, "need currency", l["currency"], "USD")
	gilt, es := pick(t, l["candidates"], "position", "GILT"), pick(t, l["candidates"], "position", "ES")
	want(t, "GILT currency", gilt["currency"], "GBP")
	want(t, "GILT relief (GBP)", gilt["relief"], "1451550.00")
	if gilt["no_conversion"] != true || gilt["in_time"] != false {
		t.Errorf("GILT: sterling with no GBP→USD deal must not count toward dollars: %v", gilt)
	}
	want(t, "ES counted", es["counted"], "1154100.00")
	want(t, "raised", l["raised"], "1154100.00")
	want(t, "shortfall", l["shortfall"], "145900.00")

	// With a same-day GBP→USD deal by 10:00 the gilts' sterling (09:00)
	// is dollars at 10:00, before LCH's 11:00: it counts, 1,451,550 ×
	// 1.30 = 1,887,015.00, via gbp-usd; it ranks first and raises the
	// need alone.
	conv := variant(t, "fx-spiral.yaml", "conversions:\n", "conversions:\n  - {id: gbp-usd, from: GBP, to: USD, spread_bps: 5, settle: T+0, cutoff: \"10:00\"}\n")
	v := deskJSON(t, conv, "liquidate", "--need", "1300000")
	vg := pick(t, v["candidates"], "position", "GILT")
	want(t, "GILT via", vg["via"], "gbp-usd")
	want(t, "GILT counted in USD", vg["counted"], "1887015.00")
	want(t, "raised with the deal", v["raised"], "1300000.00")
	if len(objs(v["sales"])) != 1 || objs(v["sales"])[0]["position"] != "GILT" {
		t.Errorf("sales %v: want the gilts alone", v["sales"])
	}

	g := deskJSON(t, "fx-spiral.yaml", "liquidate", "--need", "1000000", "--currency", "GBP")
	want(t, "need in GBP", g["currency"], "GBP")
	gg := pick(t, g["candidates"], "position", "GILT")
	want(t, "GILT score 1,451,550 / 48,450", gg["score"], "29.9598")
	want(t, "GILT counted in GBP", gg["counted"], "1451550.00")
	if e := pick(t, g["candidates"], "position", "ES"); e["no_conversion"] != true {
		t.Errorf("ES: dollars buy sterling only tomorrow: %v", e)
	}
	sale := objs(g["sales"])[0]
	want(t, "the least GILT sale", sale["value"], "6548446.81")
	want(t, "its relief", sale["counted"], "1000000.00")
	want(t, "raised", g["raised"], "1000000.00")
	if code, _, errs := wr(t, "liquidate", "--book", filepath.Join("testdata", "desk", "fx-spiral.yaml"), "--need", "1", "--currency", "JPY"); code != 2 || !strings.Contains(errs, "no rate for it") {
		t.Errorf("--currency JPY: exit %d %s", code, errs)
	}

	s := deskJSON(t, "fx-spiral.yaml", "survive")
	d1 := objs(s["path"].(map[string]any)["days"])[0]
	want(t, "day 1 sold (USD)", d1["sold"], "8512980.85")
	want(t, "day 1 overdue", d1["overdue"], "0.00")
	want(t, "day 1 equity", d1["paper_equity"], "2105845.12")
	want(t, "day 1 sale currency", objs(d1["sales"])[0]["currency"], "GBP")

	code, out, errs := wr(t, "survive", "--demo", "two-ccps-fx", "--json")
	if code != 0 {
		t.Fatalf("survive two-ccps-fx: %d %s", code, errs)
	}
	doc := decodeJSON(t, out)
	p := doc["path"].(map[string]any)
	want(t, "buffer", p["buffer"], "6100000.00")
	days := objs(p["days"])
	want(t, "day 1 due", days[0]["due"], "5290000.00")
	want(t, "day 1 overdue", days[0]["overdue"], "1300000.00")
	gbp := pick(t, days[0]["currencies"], "currency", "GBP")
	want(t, "day 1 GBP overdue", gbp["overdue"], "1000000.00")
	want(t, "day 1 GBP deadline", gbp["deadline"], "2026-03-16T11:00:00-04:00")
	want(t, "day 2 GBP bought", pick(t, days[1]["currencies"], "currency", "GBP")["bought"], "1000000.00")
	want(t, "day 2 equity", days[1]["paper_equity"], "9079350.00")
	if p["survived"] != false || p["insolvent"] != false || doc["smallest_buffer"] != nil {
		t.Errorf("survived %v insolvent %v smallest buffer %v: want late, solvent, no dollar buffer survives", p["survived"], p["insolvent"], doc["smallest_buffer"])
	}
}
