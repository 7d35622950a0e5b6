package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// The currencies of a book in several in the console's prompts: the
// currency a keyed call is in, and the FX deal a treasurer strikes (v on
// the liquidity stage), with the deals struck listed in its CONVERSIONS
// block.

// currencyField asks the currency of a keyed call (blank: the
// counterparty's first, as a call keyed without one).
func currencyField() promptField {
	return textField("currency (optional: blank is the counterparty's own)", true, "")
}

// convertPrompt strikes an FX deal: sell an amount of one currency for
// another at a rate typed or at market, settled through one of the book's
// conversions. It proposes the currency short first and one long in it.
func (m *Model) convertPrompt() {
	f := m.d.f
	if !f.MultiCurrency {
		m.say(toneWarn, "v strikes an FX deal: this book is in "+sanitize(f.Book.Currency)+" only")
		return
	}
	sell, buy := dealGuess(f)
	day := m.d.now
	build := func(v []string) ([]playbook.Decision, error) {
		d := playbook.Decision{Kind: playbook.Convert, Sell: strings.ToUpper(strings.TrimSpace(v[0])),
			Buy: strings.ToUpper(strings.TrimSpace(v[1])), Via: strings.TrimSpace(v[4]), Rationale: v[5]}
		amt, err := parseAmount(v[2])
		if err != nil {
			return nil, err
		}
		d.Amount = amt
		if r := strings.TrimSpace(v[3]); r != "" && !strings.EqualFold(r, "market") {
			rate, err := decimal.NewFromString(r)
			if err != nil || strings.ContainsAny(r, "eE") {
				return nil, fmt.Errorf("rate %q: want a rate as the pair is quoted (1.30) or market", r)
			}
			d.Rate = &rate
		}
		return []playbook.Decision{d}, nil
	}
	p := newPrompt("Strike an FX deal (a decision: it sells unspent funds once and buys a fund that arrives at settlement)",
		[]string{"rate as the market quotes the pair (GBPUSD 1.30); blank is the scenario's rate · it settles on a day open in both currencies"},
		build, textField("sell (currency)", false, sell), textField("buy (currency)", false, buy),
		amountField("amount sold", false, "e.g. 1.3m"), textField("rate (optional: blank is at market)", true, ""),
		textField("via conversion (optional)", true, ""), rationaleField())
	st := m.d.snap.State
	p.preview = func(v []string) string {
		if v[2] == "" {
			return ""
		}
		ds, err := build(v)
		if err != nil {
			return "✗ " + err.Error()
		}
		ds[0].Operator = "preview"
		e, err := playbook.Decide(st, ds[0], day, day)
		if err != nil {
			return "✗ " + err.Error()
		}
		e.Seq = st.Seq + 1
		next, err := playbook.Apply(st, e)
		if err != nil {
			return "✗ " + err.Error()
		}
		return sanitize(playbook.Describe(e)) + " · shortfall " + whole(playbook.Compute(next, day).Shortfall)
	}
	m.open(p)
}

// dealGuess is the deal the block above suggests: buy a currency short
// with one that has money spare and a conversion to it in the book (else
// the first currency short, and the first with money spare).
func dealGuess(f *playbook.Figures) (sell, buy string) {
	for _, short := range f.Currencies {
		if short.Shortfall.Sign() <= 0 {
			continue
		}
		if buy == "" {
			buy = short.Currency
		}
		for _, long := range f.Currencies {
			if long.Currency == short.Currency || long.Spare.Sign() <= 0 {
				continue
			}
			if sell == "" {
				sell = long.Currency
			}
			for _, cv := range f.Book.Conversions {
				if f.Book.CurrencyOf(cv.From) == long.Currency && f.Book.CurrencyOf(cv.To) == short.Currency {
					return long.Currency, short.Currency
				}
			}
		}
	}
	return sell, buy
}

// struckLines lists the FX deals struck: what each sold and bought, when
// it arrives and whether that is before the first deadline in the
// currency bought that it could serve.
func struckLines(f *playbook.Figures, now time.Time) []line {
	if len(f.Conversions) == 0 {
		return nil
	}
	ls := []line{textLine(toneNone, fmt.Sprintf("  struck, spread %s %s (v strikes another):", whole(spreadCost(f)), sanitize(f.Book.Currency)))}
	for _, c := range f.Conversions {
		tone, when := toneOK, "✓ arrived"
		if c.ArrivesAt.After(now) {
			tone, when = toneNone, "arrives "+clock(c.ArrivesAt, now)
			for _, x := range f.Calls {
				if x.Open() && f.Book.CurrencyOf(x.Currency) == c.Buy && c.ArrivesAt.After(x.Deadline) && !x.Deadline.Before(now) {
					tone, when = toneWarn, when+" ✗ after "+sanitize(x.Label())+" "+clock(x.Deadline, now)
					break
				}
			}
		}
		ls = append(ls, textLine(tone, fmt.Sprintf("  #%d %s %s → %s %s · %s · %s %s %s", c.Seq, c.Sell, whole(c.Sold),
			c.Buy, whole(c.Bought), when, sanitize(c.Via), sanitize(c.Pair), c.Rate.String())))
	}
	return ls
}

// spreadCost is a deal's spread in the base, for the block's header.
func spreadCost(f *playbook.Figures) decimal.Decimal {
	var t decimal.Decimal
	for _, c := range f.Conversions {
		t = t.Add(engine.Cents(f.Stress.FX.MustConvert(c.Cost, c.Buy, f.Book.Currency)))
	}
	return t
}
