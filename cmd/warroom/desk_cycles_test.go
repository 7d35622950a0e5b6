package main

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestDeskCyclesLiquidate: cme-cycles-sale.yaml's header. CME calls VM
// 1,000,000 intraday (Tue 14:30) and IM 2,500,000 at the end of the day
// (Wed 08:30). Each sale serves the earliest call still short that it
// settles in time for: STK (T+0, Tue 15:00) is late for 14:30 but serves
// Wed 08:30; FAST (2h, Tue 10:00) serves 14:30; SLOW (T+2, Thu) is late
// for both and stays late, named by the last (Wed 08:30). liquidate
// used to check every sale against CME's first deadline only: STK and
// SLOW late, raised 796,000.00, shortfall 2,204,000.00.
func TestDeskCyclesLiquidate(t *testing.T) {
	const book = "cme-cycles-sale.yaml"
	l := deskJSON(t, book, "liquidate", "--need", "3000000")
	want(t, "deadline: the last call's", l["deadline"], "2026-03-18T08:30:00-04:00")
	for _, w := range []struct{ pos, deadline, inTime, cost, proceeds string }{
		{"STK", "2026-03-18T08:30:00-04:00", "true", "9000.00", "1991000.00"},
		{"FAST", "2026-03-17T14:30:00-04:00", "true", "4000.00", "796000.00"},
		{"SLOW", "2026-03-18T08:30:00-04:00", "false", "4500.00", "995500.00"},
	} {
		c := pick(t, l["candidates"], "position", w.pos)
		want(t, w.pos+" deadline", c["deadline"], w.deadline)
		want(t, w.pos+" in time", boolText(c["in_time"]), w.inTime)
		want(t, w.pos+" impact cost", c["impact_cost"], w.cost)
		want(t, w.pos+" proceeds", c["proceeds"], w.proceeds)
	}
	want(t, "STK ranks first (221.2222 > 199)", objs(l["candidates"])[0]["position"], "STK")
	sales := objs(l["sales"])
	if len(sales) != 2 {
		t.Fatalf("sales %v", sales)
	}
	want(t, "1st sale", sales[0]["position"], "STK")
	want(t, "STK all of it", sales[0]["value"], "2000000.00")
	want(t, "STK serves Wed 08:30", sales[0]["deadline"], "2026-03-18T08:30:00-04:00")
	want(t, "2nd sale", sales[1]["position"], "FAST")
	want(t, "FAST all of it", sales[1]["value"], "800000.00")
	want(t, "FAST serves Tue 14:30", sales[1]["deadline"], "2026-03-17T14:30:00-04:00")
	want(t, "raised 1,991,000 + 796,000", l["raised"], "2787000.00")
	want(t, "shortfall 3,000,000 - 2,787,000", l["shortfall"], "213000.00")
	want(t, "cost 9,000 + 4,000", l["total_cost"], "13000.00")

	// 600,000: STK alone, the least sale v with v × (1 − 0.0005 − 0.02 ×
	// √(v / 50,000,000)) ≥ 600,000: v ≈ 600,000 / 0.997306 ≈ 601,620.7
	// (impact 0.2694%), serving Wed 08:30 (the 2,500,000 IM call).
	s := deskJSON(t, book, "liquidate", "--need", "600000")
	sales = objs(s["sales"])
	if len(sales) != 1 || sales[0]["position"] != "STK" || sales[0]["deadline"] != "2026-03-18T08:30:00-04:00" {
		t.Fatalf("600,000: sales %v", sales)
	}
	v := decimal.RequireFromString(sales[0]["value"].(string))
	if v.LessThan(decimal.RequireFromString("601620")) || v.GreaterThan(decimal.RequireFromString("601622")) {
		t.Errorf("STK sold %s; want about 601,620.7", v)
	}
	want(t, "600,000 raised", s["shortfall"], "0.00")

	// 4,000,000 is 500,000 beyond the calls: a row of its own at the last
	// deadline, any sale's. STK meets Wed's 2,500,000 and 500,000 of it…
	// all of STK, 1,991,000 (1,009,000 still asked: 509,000 of Wed's IM,
	// 500,000 beyond); FAST meets the intraday call: all of it, 796,000.
	// Raised 2,787,000.00, shortfall 1,213,000.00.
	x := deskJSON(t, book, "liquidate", "--need", "4000000")
	want(t, "4,000,000 raised", x["raised"], "2787000.00")
	want(t, "4,000,000 shortfall", x["shortfall"], "1213000.00")

	// --deadline keeps one deadline for every sale: by Tue 14:30 only
	// FAST is in time.
	d := deskJSON(t, book, "liquidate", "--need", "3000000", "--deadline", "2026-03-17T14:30:00-04:00")
	want(t, "--deadline 14:30 raised", d["raised"], "796000.00")

	// The text names the deadline each sale serves.
	code, out, errs := wr(t, "liquidate", "--book", "testdata/desk/"+book, "--need", "3000000")
	if code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	for _, line := range []string{"Serves", "Tue 03-17 15:00  Wed 08:30", "Tue 03-17 10:00  Tue 14:30", "Thu 03-19 15:00 late  Wed 08:30"} {
		if !strings.Contains(out, line) {
			t.Errorf("text lacks %q:\n%s", line, out)
		}
	}
}

func boolText(v any) string {
	if b, ok := v.(bool); ok && b {
		return "true"
	}
	return "false"
}
