package book

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

var (
	counterpartyKinds = []string{string(engine.CCP), string(engine.Bilateral), string(engine.PrimeBroker)}
	positionKinds     = []string{string(engine.Future), string(engine.Spot), string(engine.Bond), string(engine.Swap)}
	assetClasses      = []string{
		string(engine.ClassCash), string(engine.ClassGovt), string(engine.ClassAgency),
		string(engine.ClassCorporate), string(engine.ClassEquity), string(engine.ClassMMF),
	}
	hqlaLevels = []string{"1", "2A", "2B", "none"}
)

func (p *parser) counterparties(top *fields, asOfNode *yaml.Node, asOf time.Time) []engine.Counterparty {
	var out []engine.Counterparty
	seen := map[string]*yaml.Node{}
	for i, item := range top.list("counterparties") {
		path := itemPath("counterparties", i, item)
		f := p.mapping(item, path, "id", "name", "kind", "deadline", "eligible", "threshold", "min_transfer", "limits", "im_response",
			"lodged", "settlement", "threshold_counterparty", "independent_amount", "collateral_balance",
			"collateral_held", "use_of_collateral", "delivery_rounding", "return_rounding", "im_threshold", "house_margin", "currencies", "fx_haircut",
			"timezone", "calendar", "holidays", "hours", "lodgement_cutoff", "cycles")
		var c engine.Counterparty
		var idNode *yaml.Node
		c.ID, idNode = f.ident("id", true)
		p.unique(seen, c.ID, idNode, f.at("id"))
		c.Name = f.text("name", false)
		kind, kindOK := f.enum("kind", true, append(counterpartyKinds, "prime_broker")...)
		if kind == "prime_broker" {
			kind = string(engine.PrimeBroker) // the spelling, the same kind
		}
		c.Kind = engine.CounterpartyKind(kind)
		if c.ID != "" && p.idx.counterparties[c.ID] == "" {
			p.idx.counterparties[c.ID] = c.Kind
		}
		var dn *yaml.Node
		c.Deadline, dn = f.time("deadline", false)
		if dn != nil && asOfNode != nil && c.Deadline.Before(asOf) {
			p.errAt(dn, f.at("deadline"), "%s is before as_of (%s); a call cannot fall due before the alert", dn.Value, asOfNode.Value)
		}
		c.Eligible = p.eligible(f)
		c.Threshold, _ = f.dec("threshold", nonNegative)
		c.MinTransfer, _ = f.dec("min_transfer", nonNegative)
		c.CSA = p.csaTerms(f)
		if kindOK && c.Kind == engine.CCP {
			// A CCP calls every cent of VM; a threshold written on one is a
			// misunderstanding that would understate the call.
			for _, name := range csaFields {
				if n := f.get(name); n != nil {
					p.errAt(n, f.at(name), "applies to bilateral and prime-broker counterparties only; a CCP has no CSA %s", name)
				}
			}
		}
		c.Deadline = p.inZone(c.Deadline)
		c.Limits = p.limits(f)
		c.IMResponse = p.imResponse(f)
		c.Lodged = p.lodged(f)
		c.HouseMargin = p.houseMargin(f, kindOK && c.Kind != engine.PrimeBroker)
		if c.ID != "" && len(c.HouseMargin) > 0 {
			p.idx.house[c.ID] = c.HouseMargin
		}
		p.counterpartyCurrencies(f, &c, engine.Counterparty{FXHaircut: p.fxHaircut})
		c.Settlement = engine.Access{Settle: true} // T+0: the settlement cut-off
		if a, ok := f.access("settlement"); ok {
			c.Settlement = a
		}
		c.Market = p.ownMarket(f)
		p.lodgement(f, &c)
		c.Cycles = p.cycles(f)
		out = append(out, c)
	}
	return out
}

func (p *parser) eligible(cp *fields) []engine.Eligibility {
	var out []engine.Eligibility
	seen := map[string]*yaml.Node{}
	for i, item := range cp.list("eligible") {
		f := p.mapping(item, itemPath(cp.at("eligible"), i, item), "class", "haircut")
		class, ok := f.enum("class", true, assetClasses...)
		if ok {
			if first := seen[class]; first != nil {
				p.errAt(f.get("class"), f.at("class"), "class %q is listed twice (first at line %d)", class, first.Line)
			}
			seen[class] = f.get("class")
		}
		haircut, _ := f.reqDec("haircut", fraction, "")
		out = append(out, engine.Eligibility{Class: engine.AssetClass(class), Haircut: haircut})
	}
	return out
}

func (p *parser) limits(cp *fields) []engine.Limit {
	var out []engine.Limit
	seen := map[engine.Limit]*yaml.Node{}
	for i, item := range cp.list("limits") {
		f := p.mapping(item, itemPath(cp.at("limits"), i, item), "class", "issuer", "max_share")
		class, _ := f.enum("class", false, assetClasses...)
		l := engine.Limit{Class: engine.AssetClass(class), Issuer: f.text("issuer", false)}
		key := l
		if first := seen[key]; first != nil {
			p.errAt(item, f.path, "the same limit (class %q, issuer %q) is written twice (first at line %d)", class, l.Issuer, first.Line)
		}
		seen[key] = item
		l.Share, _ = f.reqDec("max_share", share, " (the largest share of the requirement, 0 to 1)")
		out = append(out, l)
	}
	return out
}

// houseMargin reads a prime broker's house margin rates per class; notPB
// refuses them on any other counterparty.
func (p *parser) houseMargin(cp *fields, notPB bool) []engine.HouseMargin {
	if n := cp.get("house_margin"); n != nil && notPB {
		p.errAt(n, cp.at("house_margin"), "applies to prime-broker counterparties only: a house margin is what a prime broker charges on the positions it finances")
		return nil
	}
	var out []engine.HouseMargin
	seen := map[string]*yaml.Node{}
	for i, item := range cp.list("house_margin") {
		f := p.mapping(item, itemPath(cp.at("house_margin"), i, item), "class", "long", "short")
		class, ok := f.enum("class", true, assetClasses...)
		if ok {
			if first := seen[class]; first != nil {
				p.errAt(f.get("class"), f.at("class"), "class %q is listed twice (first at line %d)", class, first.Line)
			}
			seen[class] = f.get("class")
		}
		h := engine.HouseMargin{Class: engine.AssetClass(class)}
		h.Long, _ = f.reqDec("long", share, " (the margin rate on longs, 0 to 1)")
		h.Short, _ = f.reqDec("short", share, " (the margin rate on shorts, 0 to 1)")
		out = append(out, h)
	}
	return out
}

// csaFields are the CSA terms, which a CCP does not have.
var csaFields = []string{"threshold", "min_transfer", "threshold_counterparty", "independent_amount",
	"collateral_balance", "collateral_held", "use_of_collateral", "delivery_rounding", "return_rounding", "im_threshold"}

// csaTerms reads a bilateral counterparty's further CSA terms.
func (p *parser) csaTerms(f *fields) engine.CSATerms {
	var t engine.CSATerms
	t.CounterpartyThreshold, t.HasCounterpartyThreshold = f.dec("threshold_counterparty", nonNegative)
	t.IndependentAmount, _ = f.dec("independent_amount", signed)
	t.Balance, t.HasBalance = f.dec("collateral_balance", signed)
	t.DeliveryRounding, _ = f.dec("delivery_rounding", positive)
	t.ReturnRounding, _ = f.dec("return_rounding", positive)
	t.IMThreshold, t.HasIMThreshold = f.dec("im_threshold", nonNegative)
	// What the counterparty posts to the firm: cash unless the book says
	// which securities (returned in kind, usable only under Paragraph 6(c)).
	held, _ := f.enum("collateral_held", false, assetClasses...)
	t.HeldClass = engine.AssetClass(held)
	var useSet bool
	t.UseOfCollateral, useSet = f.bool("use_of_collateral")
	if useSet && !t.HoldsSecurities() {
		p.errAt(f.get("use_of_collateral"), f.at("use_of_collateral"),
			"applies to securities the firm holds (collateral_held: govt, agency, corporate, equity or mmf); cash it holds is already cash")
	}
	return t
}

// lodged reads the collateral already delivered to a counterparty: class,
// issuer and the value it counts (after its haircut).
func (p *parser) lodged(cp *fields) []engine.Lodged {
	var out []engine.Lodged
	for i, item := range cp.list("lodged") {
		f := p.mapping(item, itemPath(cp.at("lodged"), i, item), "class", "issuer", "value", "factor", "beta")
		class, _ := f.enum("class", true, assetClasses...)
		l := engine.Lodged{Class: engine.AssetClass(class), Issuer: f.text("issuer", false)}
		l.Value, _ = f.reqDec("value", positive, " (what the counterparty counts for it, after its haircut)")
		l.Factor, l.Beta = p.factorBeta(f)
		out = append(out, l)
	}
	return out
}

var one = decimal.NewFromInt(1)

// factorBeta reads the factor a holding moves with and its beta (default
// 1); the factor becomes one a scenario may shock.
func (p *parser) factorBeta(f *fields) (string, decimal.Decimal) {
	beta := one
	if d, ok := f.dec("beta", signed); ok {
		beta = d
	}
	factor, n := f.ident("factor", false)
	if n != nil {
		p.idx.factors[factor] = true
	}
	return factor, beta
}

// positions reads the book's positions list, then the CSV file that
// positions_file names (ids are unique across both).
func (p *parser) positions(top *fields) []engine.Position {
	var out []engine.Position
	p.later = append(p.later, p.checkCounterparties)
	r := positionRecord{row: newRow(p, positionTable, map[string]idAt{})}
	next := func() *positionRecord {
		out = append(out, engine.Position{})
		r = positionRecord{row: r.row, pos: &out[len(out)-1]}
		return &r
	}
	p.items(top, "positions", func(i int, item *yaml.Node) {
		positionTable.fromYAML(next(), item, i)
	})
	readFileOf(p, top, "positions_file", positionTable, r.row, len(out), func(n int) {
		out = slices.Grow(out, n)
		p.cpRefs = slices.Grow(p.cpRefs, n)
		r.seen = grown(r.seen, n)
	}, next)
	return out
}

// grown is m with room for n more entries (a map cannot be grown in place).
func grown[K comparable, V any](m map[K]V, n int) map[K]V {
	g := make(map[K]V, len(m)+n)
	for k, v := range m {
		g[k] = v
	}
	return g
}

// defaultSettle is when sale proceeds arrive when the book does not say:
// futures and swaps close out same day, bonds settle T+1, stock T+2.
func defaultSettle(k engine.PositionKind) engine.Access {
	switch k {
	case engine.Bond:
		return engine.Access{Settle: true, Days: 1}
	case engine.Spot:
		return engine.Access{Settle: true, Days: 2}
	}
	return engine.Access{Settle: true}
}

// collateral reads the book's holdings, then the CSV file that
// collateral_file names.
func (p *parser) collateral(top *fields) []engine.Holding {
	var out []engine.Holding
	r := holdingRecord{row: newRow(p, holdingTable, map[string]idAt{})}
	next := func() *holdingRecord {
		out = append(out, engine.Holding{})
		r = holdingRecord{row: r.row, h: &out[len(out)-1]}
		return &r
	}
	p.items(top, "collateral", func(i int, item *yaml.Node) {
		holdingTable.fromYAML(next(), item, i)
	})
	readFileOf(p, top, "collateral_file", holdingTable, r.row, len(out), func(n int) {
		out = slices.Grow(out, n)
		r.seen = grown(r.seen, n)
	}, next)
	return out
}

func hasHouseRate(hs []engine.HouseMargin, class engine.AssetClass) bool {
	for _, h := range hs {
		if h.Class == class {
			return true
		}
	}
	return false
}
