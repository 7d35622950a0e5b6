package playbook

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// A CurrencyFigure is the live position in one currency of a book in
// several: what its open calls still ask (Due), what is short, the funds
// raised in it that no call has used (Spare), and the same in the base at
// the scenario's rates.
type CurrencyFigure struct {
	Currency                          string
	Due, Shortfall, Spare             decimal.Decimal
	DueBase, ShortfallBase, SpareBase decimal.Decimal
	// The cash funds in the currency: Supplied is every one raised (an FX
	// deal's purchase included), Paid what payments spent of them, Sold
	// what FX deals sold, Bought what they bought, Used what secures
	// calls now. Money is spent once: Used + Paid + Sold ≤ Supplied.
	Supplied, Paid, Sold, Bought, Used decimal.Decimal
}

func positionCurrency(b *engine.Book, id string) string {
	p, _ := b.Position(id)
	return b.CurrencyOf(p.Currency)
}

func sourceCurrency(b *engine.Book, id string) string {
	s, _ := b.Source(id)
	return b.CurrencyOf(s.Currency)
}

func holdingCurrency(b *engine.Book, id string) string {
	h, _ := b.Holding(id)
	return b.CurrencyOf(h.Currency)
}

// money converts between a call's or fund's currency and the base at the
// scenario's rates; in a single-currency book it is the identity, so its
// figures are exactly what they always were.
type money struct {
	multi bool
	base  string
	fx    engine.FX
}

func moneyOf(f *Figures) money {
	return money{multi: f.MultiCurrency, base: f.Book.Currency, fx: f.Stress.FX}
}

// toBase is an amount of ccy in the base, rounded half-up to the cent.
func (m money) toBase(d decimal.Decimal, ccy string) decimal.Decimal {
	if !m.multi || ccy == "" || ccy == m.base {
		return d
	}
	return engine.Cents(m.fx.MustConvert(d, ccy, m.base))
}

// fromBase is a base amount in ccy, rounded down: credit never counts a
// cent it does not give.
func (m money) fromBase(d decimal.Decimal, ccy string) decimal.Decimal {
	if !m.multi || ccy == "" || ccy == m.base {
		return d
	}
	return engine.CentsDown(m.fx.MustConvert(d, m.base, ccy))
}

// convertUp is d of `from` in `to`, rounded up: what must be posted so
// that a call is never short by a cent.
func (m money) convertUp(d decimal.Decimal, from, to string) decimal.Decimal {
	if !m.multi || m.fx.Base == "" || from == to {
		return d
	}
	return engine.CentsUp(m.fx.MustConvert(d, m.currency(from), m.currency(to)))
}

func (m money) currency(c string) string {
	if c == "" {
		return m.base
	}
	return c
}

// exchange is what the allocation needs to pay a call from funds in
// another currency: the book's conversions at the scenario's rates, dealt
// from now on. Nil for a single-currency book.
func (m money) exchange(f *Figures) *engine.Exchange {
	if !m.multi {
		return nil
	}
	return &engine.Exchange{Base: m.base, FX: m.fx, Conversions: f.Book.Conversions, Arrival: f.Book.ConversionArrival, From: f.Now}
}

// currencies is the live shortfall per currency, the base first, then
// alphabetically; empty for a single-currency book.
func (m money) currencies(f *Figures, idx []int, supplies []engine.Supply, a engine.Allocation) []CurrencyFigure {
	if !m.multi {
		return nil
	}
	var out []CurrencyFigure
	at := func(ccy string) *CurrencyFigure {
		if ccy == "" {
			ccy = m.base
		}
		for i := range out {
			if out[i].Currency == ccy {
				return &out[i]
			}
		}
		out = append(out, CurrencyFigure{Currency: ccy})
		return &out[len(out)-1]
	}
	at(m.base)
	for _, i := range idx {
		c := f.Calls[i]
		r := at(c.Currency)
		r.Due = r.Due.Add(c.Due)
		r.Shortfall = r.Shortfall.Add(c.Shortfall)
	}
	for j, s := range supplies {
		r := at(s.Currency)
		r.Spare = r.Spare.Add(engine.MaxDec(decimal.Zero, s.Amount.Sub(a.Used[j])))
		r.Used = r.Used.Add(a.Used[j])
	}
	cur := map[fundKey]string{}
	for _, x := range f.Funds {
		if !x.Posting() {
			cur[keyOf(x.Seq, x.Source)] = m.currency(x.Currency)
			r := at(x.Currency)
			r.Supplied = r.Supplied.Add(x.Amount)
		}
	}
	for _, c := range f.Calls {
		for _, p := range c.Ledger.Payments {
			for _, sp := range p.Spent {
				if ccy, ok := cur[keyOf(sp.Seq, sp.Source)]; ok && p.Active() {
					r := at(ccy)
					r.Paid = r.Paid.Add(sp.Amount)
				}
			}
		}
	}
	for _, c := range f.Conversions {
		at(c.Sell).Sold = at(c.Sell).Sold.Add(c.Sold)
		at(c.Buy).Bought = at(c.Buy).Bought.Add(c.Bought)
	}
	rest := out[1:]
	for i := 1; i < len(rest); i++ {
		for k := i; k > 0 && rest[k].Currency < rest[k-1].Currency; k-- {
			rest[k], rest[k-1] = rest[k-1], rest[k]
		}
	}
	for i := range out {
		r := &out[i]
		r.DueBase, r.ShortfallBase, r.SpareBase = m.toBase(r.Due, r.Currency), m.toBase(r.Shortfall, r.Currency), m.toBase(r.Spare, r.Currency)
	}
	return out
}

// A payment is in the call's currency. fundPay is what one fund can pay
// of it (avail, in the call's currency) and how much of the fund a part
// of it spends (in the fund's own).
type fundPay struct {
	avail     decimal.Decimal
	from, to  string
	fx        engine.FX
	converted bool
	left      decimal.Decimal
}

func (p fundPay) spend(take decimal.Decimal) decimal.Decimal {
	if !p.converted {
		return take
	}
	if take.Equal(p.avail) {
		return p.left
	}
	return engine.MinDec(p.left, engine.CentsUp(p.fx.MustConvert(take, p.to, p.from)))
}

// payIn is what a fund can pay of a call now. A fund in the call's
// currency pays as it is; securities already at the counterparty count
// at the scenario's rate (the credit converts, as cover counts it); cash
// in another currency pays only through one of the book's conversions
// that, struck now, has delivered by now — otherwise the payment cannot
// spend it yet, and why says when the conversion would deliver.
func payIn(f Figures, c CallFigure, x Fund, now time.Time) (fundPay, bool, string) {
	mo := moneyOf(&f)
	from, to := mo.currency(x.Currency), mo.currency(c.Currency)
	if !mo.multi || from == to {
		return fundPay{avail: x.Left}, true, ""
	}
	pay := fundPay{from: from, to: to, fx: mo.fx, converted: true, left: x.Left,
		avail: engine.CentsDown(mo.fx.MustConvert(x.Left, from, to))}
	if x.Posting() {
		return pay, true, ""
	}
	var first time.Time
	var via string
	for _, cv := range f.Book.Conversions {
		if cv.From != from || cv.To != to {
			continue
		}
		at := f.Book.ConversionArrival(cv, now)
		if !at.After(now) {
			return pay, true, ""
		}
		if first.IsZero() || at.Before(first) {
			first, via = at, cv.ID
		}
	}
	if via == "" {
		return fundPay{}, false, fmt.Sprintf("%s funds cannot pay a %s call: the book lists no conversion %s→%s", from, to, from, to)
	}
	return fundPay{}, false, fmt.Sprintf("%s funds pay a %s call only once converted: %s struck now delivers %s (strike it: convert %s %s)", from, to, via, first.Format("Mon 15:04"), from, to)
}

// firstCurrency is the currency of a counterparty's first call: the one
// its first estimate is in (its home currency, when it has positions
// there), else its home currency. A call keyed without a currency is in it.
func firstCurrency(f Figures, cp engine.Counterparty) string {
	for _, c := range f.Stress.Calls {
		if c.ID == cp.ID {
			return c.Currency
		}
	}
	return f.Book.HomeCurrency(cp)
}

// keyCurrency reads the currency a keyed call names (empty: the
// counterparty's first), refusing one the book has no rate for: a CCP may
// call in any currency it settles (LCH calls USD and GBP separately), and
// a CSA in its base currency, but the firm can only count what it can
// convert at the scenario's rates.
func keyCurrency(f Figures, cp engine.Counterparty, ccy string) (string, error) {
	ccy = strings.ToUpper(strings.TrimSpace(ccy))
	if ccy == "" {
		return firstCurrency(f, cp), nil
	}
	have := bookCurrencies(f)
	for _, c := range have {
		if c == ccy {
			return ccy, nil
		}
	}
	if len(have) == 1 {
		return "", refuse(Invalid, "currency %q: the book is in %s only (name the other currencies and their rates in its fx: to take a call in %s)", ccy, have[0], ccy)
	}
	return "", refuse(Invalid, "currency %q: the book's currencies are %s (each with a rate in its fx:)", ccy, strings.Join(have, ", "))
}

// bookCurrencies lists the base and every currency the book has a rate
// for, base first.
func bookCurrencies(f Figures) []string {
	if f.Stress.FX.Base == "" {
		return []string{f.Book.Currency}
	}
	return f.Stress.FX.Currencies()
}
