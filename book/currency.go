package book

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

// The fields that make a book multi-currency: fx (the rates as of as_of),
// fx_haircut, a currency on positions, holdings and sources, a
// counterparty's currencies and fx_haircut, and conversions. Each is read
// by a small function here; a currency that has no rate is refused once
// every list has been read.

// currencyField reads an optional currency code; absent, it is the base.
func (p *parser) currencyField(f *fields, base string) string {
	s, n, ok := f.scalar("currency")
	if !ok {
		return base
	}
	p.knownCurrency(s, n, f.at("currency"))
	return s
}

// knownCurrency checks a code: its form, and that it converts (the base,
// or a currency of some pair; fx is read before every list that names a
// currency).
func (p *parser) knownCurrency(s string, n *yaml.Node, path string) bool {
	if msg := p.currencyProblem(s); msg != "" {
		p.errAt(n, path, "%s", msg)
		return false
	}
	return true
}

// currencyProblem is what is wrong with a currency code, "" if nothing.
func (p *parser) currencyProblem(s string) string {
	if !currencyCode.MatchString(s) {
		return fmt.Sprintf("%q is not a currency code; want three upper-case letters (USD, GBP, EUR)", s)
	}
	if p.fx.Has(s) {
		return ""
	}
	pairs := make([]string, 0, len(p.fx.Quotes))
	for _, q := range p.fx.Quotes {
		pairs = append(pairs, q.Pair())
	}
	have := "it has none"
	if len(pairs) > 0 {
		have = "it has " + strings.Join(pairs, ", ")
	}
	return fmt.Sprintf("%s has no rate: add %s%s to fx (%s)", s, s, p.fx.Base, have)
}

// recordCurrency reads a position's or holding's currency cell (YAML or
// CSV).
func (rw *row) currency(c cell) string {
	if msg := rw.p.currencyProblem(c.text); msg != "" {
		rw.err(c.at, c.name, "%s", msg)
		return ""
	}
	return c.text
}

// fxRates reads `fx: {GBPUSD: "1.27"}`: 1 GBP = 1.27 USD. Every pair has the
// base currency on one side (crosses are derived through it), and a
// currency is quoted once.
func (p *parser) fxRates(top *fields, base string) engine.FX {
	fx := engine.FX{Base: base}
	n := top.get("fx")
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return fx
	}
	m := p.keyed(n, "fx")
	quoted := map[string]*yaml.Node{}
	for _, k := range m.keys {
		path := m.at(k.Value)
		of, in, err := engine.ParsePair(k.Value)
		if err != nil {
			p.errAt(k, path, "%v", err)
			continue
		}
		if of != base && in != base {
			p.errAt(k, path, "%s has no %s side: every rate is against the base currency %s (write %s%s and %s%s; crosses are derived)",
				k.Value, base, base, of, base, in, base)
			continue
		}
		other := of
		if of == base {
			other = in
		}
		if first := quoted[other]; first != nil {
			p.errAt(k, path, "%s is quoted twice (first at line %d); give one rate per currency", other, first.Line)
			continue
		}
		quoted[other] = k
		v := m.get(k.Value)
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			p.errAt(v, path, "want a rate, got %s", describe(v))
			continue
		}
		rate, ok := p.number(v, v.Value, path, positive)
		if !ok {
			continue
		}
		fx.Quotes = append(fx.Quotes, engine.Quote{Of: of, In: in, Rate: rate})
	}
	return fx
}

// counterpartyCurrencies reads `currencies: {vm: [USD], im: [USD, EUR]}`
// and the counterparty's FX-mismatch haircut.
func (p *parser) counterpartyCurrencies(cp *fields, c *engine.Counterparty, defaultHaircut engine.Counterparty) {
	c.FXHaircut = defaultHaircut.FXHaircut
	if d, ok := cp.dec("fx_haircut", fraction); ok {
		c.FXHaircut = d
	}
	f := cp.sub("currencies", "vm", "im")
	if f == nil {
		return
	}
	c.VMCurrencies = p.currencyList(f, "vm")
	c.IMCurrencies = p.currencyList(f, "im")
}

func (p *parser) currencyList(f *fields, name string) []string {
	var out []string
	seen := map[string]*yaml.Node{}
	for i, item := range f.list(name) {
		path := fmt.Sprintf("%s[%d]", f.at(name), i)
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			p.errAt(item, path, "want a currency code, got %s", describe(item))
			continue
		}
		if first := seen[item.Value]; first != nil {
			p.errAt(item, path, "%s is listed twice (first at line %d)", item.Value, first.Line)
			continue
		}
		seen[item.Value] = item
		if p.knownCurrency(item.Value, item, path) {
			out = append(out, item.Value)
		}
	}
	return out
}

// conversions reads the ways the firm can buy one currency with another.
func (p *parser) conversions(top *fields, cutoff engine.Cutoff) []engine.Conversion {
	var out []engine.Conversion
	seen := map[string]*yaml.Node{}
	for i, item := range top.list("conversions") {
		path := itemPath("conversions", i, item)
		f := p.mapping(item, path, "id", "name", "from", "to", "spread_bps", "settle", "cutoff", "timezone", "calendar", "holidays")
		var cv engine.Conversion
		var idNode *yaml.Node
		cv.ID, idNode = f.ident("id", true)
		p.unique(seen, cv.ID, idNode, f.at("id"))
		cv.Name = f.text("name", false)
		for _, side := range []struct {
			name string
			to   *string
		}{{"from", &cv.From}, {"to", &cv.To}} {
			s, n, ok := f.scalar(side.name)
			if !ok {
				if n == nil {
					f.missing(side.name, " (a currency code)")
				}
				continue
			}
			if p.knownCurrency(s, n, f.at(side.name)) {
				*side.to = s
			}
		}
		if cv.From != "" && cv.From == cv.To {
			p.errAt(f.get("to"), f.at("to"), "%s to %s converts nothing; a conversion is between two currencies", cv.From, cv.To)
		}
		cv.SpreadBps, _ = f.dec("spread_bps", nonNegative)
		cv.Settle = engine.Access{Settle: true} // same day, at the cut-off
		if a, ok := f.access("settle"); ok {
			cv.Settle = a
		}
		cv.Cutoff = cutoff
		if s, n, ok := f.scalar("cutoff"); ok {
			if c, err := engine.ParseCutoff(s); err != nil {
				p.errAt(n, f.at("cutoff"), "%v", err)
			} else {
				cv.Cutoff = c
			}
		}
		cv.Market = p.conversionMarket(f, cv)
		out = append(out, cv)
	}
	return out
}

// conversionMarket is where a conversion settles: its own zone (else the
// book's), and the calendars of both currencies — each currency's home
// calendar (USD: SIFMA, GBP: UK, EUR: TARGET2; the base: the book's own),
// joined by any calendar or holidays the conversion names.
func (p *parser) conversionMarket(f *fields, cv engine.Conversion) engine.Market {
	own := p.ownMarket(f)
	m := engine.Market{Zone: own.Zone, Hours: p.market.Hours}
	if m.Zone == nil {
		m.Zone = p.market.Zone
	}
	add := func(cs ...engine.Calendar) {
		for _, c := range cs {
			if !slices.ContainsFunc(m.Calendars, func(k engine.Calendar) bool { return k.Name == c.Name }) {
				m.Calendars = append(m.Calendars, c)
			}
		}
	}
	if (f.get("calendar") != nil || f.get("holidays") != nil) && len(own.Calendars) > 0 {
		add(own.Calendars[0])
	}
	for _, ccy := range []string{cv.From, cv.To} {
		switch def, ok := currencyDefaults[ccy]; {
		case ccy == p.base:
			add(p.market.Calendars...)
		case ok:
			add(builtinCalendar(def.calendar, p.fromYear, p.toYear))
		}
	}
	return m
}

// fxShock checks a scenario's fx.PAIR shock names a pair the book quotes
// (a shock on the inverse would move the rate the other way round).
func (p *parser) fxShock(ref keyRef) {
	pair := strings.TrimPrefix(ref.id, engine.FXShockPrefix)
	var pairs []string
	for _, q := range p.fx.Quotes {
		if q.Pair() == pair {
			return
		}
		pairs = append(pairs, engine.FXShockPrefix+q.Pair())
	}
	of, in, err := engine.ParsePair(pair)
	if err == nil && slices.ContainsFunc(p.fx.Quotes, func(q engine.Quote) bool { return q.Of == in && q.In == of }) {
		p.errAt(ref.node, ref.path, "the book quotes %s%s, not %s; shock fx.%s%s (a fall in %s is a rise in %s%s)",
			in, of, pair, in, of, pair, in, of)
		return
	}
	have := "it has none"
	if len(pairs) > 0 {
		have = "it has " + strings.Join(pairs, ", ")
	}
	p.errAt(ref.node, ref.path, "%q moves no rate: fx has no pair %s (%s)", ref.id, pair, have)
}

// raisedIn is a repo or sale source as written: where its currency and
// what it lends or sells are, for raisedCurrencies.
type raisedIn struct {
	at        int
	ccy, from *yaml.Node
	ccyPath   string
	fromPath  string
}

// raisedCurrencies gives each repo the currency of the holdings it lends,
// and each sale its position's: a Bund repo raises euros, a sale of gilt
// futures pounds (a cross-currency repo is not modelled). A repo lending
// holdings of two currencies, or a currency written that is not theirs,
// is refused.
func (p *parser) raisedCurrencies(b *engine.Book) {
	for _, r := range p.raised {
		if r.at >= len(b.Sources) {
			continue
		}
		s := &b.Sources[r.at]
		var got []string
		var ids []string
		if s.Kind == engine.SourceAssetSale {
			if pos, ok := b.Position(s.Position); ok {
				got, ids = []string{b.CurrencyOf(pos.Currency)}, []string{pos.ID}
			}
		}
		for _, id := range s.Collateral {
			if h, ok := b.Holding(id); ok {
				ids = append(ids, id+" "+b.CurrencyOf(h.Currency))
				if !slices.Contains(got, b.CurrencyOf(h.Currency)) {
					got = append(got, b.CurrencyOf(h.Currency))
				}
			}
		}
		switch {
		case len(got) > 1:
			p.errAt(r.from, r.fromPath, "a repo raises cash in the currency of what it lends, and these are in %s (%s): one repo per currency",
				strings.Join(got, " and "), strings.Join(ids, ", "))
		case len(got) == 0:
		case r.ccy == nil:
			s.Currency = got[0]
		case s.Currency != "" && s.Currency != got[0]:
			p.errAt(r.ccy, r.ccyPath, "%s raises cash in %s, the currency of what it %s; a cross-currency %s is not modelled (leave currency out, or write %s)",
				s.ID, got[0], map[bool]string{true: "sells", false: "lends"}[s.Kind == engine.SourceAssetSale], s.Kind, got[0])
		}
	}
}
