package engine_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// TestAllocateFXProperties draws calls and supplies in USD and GBP and
// checks what must hold whatever the figures: no supply gives more than it
// has; each call's cover plus its shortfall is the call; nothing is
// negative. And at a rate of 1 with an instant, free conversion both
// ways, currencies make no difference: the shortfall is Allocate's.
func TestAllocateFXProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 1))
	at := ts("2026-03-16T08:00:00-04:00")
	amount := func() decimal.Decimal { return decimal.New(r.Int64N(500000000), -2) }
	ccys := []string{"USD", "GBP"}
	for n := 0; n < 300; n++ {
		rate := decimal.New(int64(50+r.IntN(200)), -2) // 0.50 … 2.49
		if n%3 == 0 {
			rate = decimal.NewFromInt(1)
		}
		fx := engine.FX{Base: "USD", Quotes: []engine.Quote{{Of: "GBP", In: "USD", Rate: rate}}}
		now := engine.Access{}
		x := &engine.Exchange{Base: "USD", FX: fx, From: at,
			Conversions: []engine.Conversion{{ID: "u2g", From: "USD", To: "GBP", Settle: now}, {ID: "g2u", From: "GBP", To: "USD", Settle: now}},
			Arrival:     func(_ engine.Conversion, dealt time.Time) time.Time { return dealt }}
		var calls []engine.Call
		for i := 0; i < 1+r.IntN(4); i++ {
			calls = append(calls, engine.Call{Counterparty: "C", Amount: amount(), Currency: ccys[r.IntN(2)],
				Deadline: at.Add(time.Duration(r.IntN(8)) * time.Hour)})
		}
		engine.SortCalls(calls)
		var sup []engine.Supply
		for j := 0; j < 1+r.IntN(4); j++ {
			sup = append(sup, engine.Supply{ID: "s", Amount: amount(), Currency: ccys[r.IntN(2)],
				ArrivesAt: at.Add(time.Duration(r.IntN(8)) * time.Hour)})
		}
		a := engine.AllocateFX(calls, sup, x)
		for j, s := range sup {
			if a.Used[j].Cmp(s.Amount) > 0 || a.Used[j].Sign() < 0 {
				t.Fatalf("case %d: supply %d gave %s of %s", n, j, a.Used[j], s.Amount)
			}
		}
		for i, c := range calls {
			got := a.Shortfall[i]
			for j := range sup {
				got = got.Add(a.Served[i][j])
			}
			if !got.Equal(c.Amount) || a.Shortfall[i].Sign() < 0 {
				t.Fatalf("case %d: call %d of %s: served + short = %s", n, i, c.Amount, got)
			}
		}
		if rate.Equal(decimal.NewFromInt(1)) {
			var fxShort, plainShort decimal.Decimal
			for _, s := range a.Shortfall {
				fxShort = fxShort.Add(s)
			}
			for _, s := range engine.Allocate(calls, sup).Shortfall {
				plainShort = plainShort.Add(s)
			}
			if !fxShort.Equal(plainShort) {
				t.Fatalf("case %d: at par the shortfall is %s, Allocate's %s", n, fxShort, plainShort)
			}
		}
	}
}
