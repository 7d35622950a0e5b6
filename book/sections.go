package book

import (
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
			"delivery_rounding", "return_rounding", "im_threshold", "house_margin",
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
	"collateral_balance", "delivery_rounding", "return_rounding", "im_threshold"}

// csaTerms reads a bilateral counterparty's further CSA terms.
func (p *parser) csaTerms(f *fields) engine.CSATerms {
	var t engine.CSATerms
	t.CounterpartyThreshold, t.HasCounterpartyThreshold = f.dec("threshold_counterparty", nonNegative)
	t.IndependentAmount, _ = f.dec("independent_amount", signed)
	t.Balance, t.HasBalance = f.dec("collateral_balance", signed)
	t.DeliveryRounding, _ = f.dec("delivery_rounding", positive)
	t.ReturnRounding, _ = f.dec("return_rounding", positive)
	t.IMThreshold, t.HasIMThreshold = f.dec("im_threshold", nonNegative)
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

func (p *parser) positions(top *fields) []engine.Position {
	var out []engine.Position
	seen := map[string]*yaml.Node{}
	for i, item := range top.list("positions") {
		path := itemPath("positions", i, item)
		f := p.mapping(item, path, "id", "name", "kind", "counterparty", "market_value", "cost",
			"initial_margin", "factor", "beta", "liquidity", "class")
		var pos engine.Position
		var idNode *yaml.Node
		pos.ID, idNode = f.ident("id", true)
		p.unique(seen, pos.ID, idNode, f.at("id"))
		pos.Name = f.text("name", false)
		kind, kindOK := f.enum("kind", true, positionKinds...)
		pos.Kind = engine.PositionKind(kind)
		if pos.ID != "" && p.idx.positions[pos.ID] == "" {
			p.idx.positions[pos.ID] = pos.Kind
		}
		cp, cpNode := f.ident("counterparty", false)
		pos.Counterparty = cp
		if class, ok := f.enum("class", false, assetClasses...); ok {
			pos.Class = engine.AssetClass(class)
			if kindOK && pos.Kind.Margined() {
				p.errAt(f.get("class"), f.at("class"), "a %s is margined as such; class is for spot and bond positions a prime broker finances", kind)
			}
		}
		switch {
		case cpNode != nil:
			ref := keyRef{id: cp, node: cpNode, path: f.at("counterparty")}
			financed := kindOK && !pos.Kind.Margined()
			posCopy := pos
			p.later = append(p.later, func() {
				if !resolve(p, ref, "counterparties", p.idx.counterparties) || !financed {
					return
				}
				if p.idx.counterparties[cp] == engine.PrimeBroker && !hasHouseRate(p.idx.house[cp], posCopy.PositionClass()) {
					p.errAt(cpNode, ref.path, "prime broker %q has no house_margin for class %s, so it cannot finance this %s position",
						cp, posCopy.PositionClass(), posCopy.Kind)
				}
			})
		case kindOK && pos.Kind.Margined() && f.get("counterparty") == nil:
			f.missing("counterparty", " for a "+kind+": margined positions name who calls the margin")
		}
		pos.MarketValue, _ = f.reqDec("market_value", signed, " (signed: short < 0)")
		pos.Cost, _ = f.dec("cost", signed)
		pos.InitialMargin, _ = f.dec("initial_margin", nonNegative)
		if n := f.get("initial_margin"); n != nil && kindOK && !pos.Kind.Margined() {
			p.errAt(n, f.at("initial_margin"), "a %s position carries no initial margin; only futures and swaps do", kind)
		}
		if factor, n := f.ident("factor", false); n != nil {
			pos.Factor = factor
			p.idx.factors[factor] = true
		}
		pos.Beta = one
		if d, ok := f.dec("beta", signed); ok {
			pos.Beta = d
		}
		pos.Liquidity = p.liquidity(f, pos.Kind)
		out = append(out, pos)
	}
	return out
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

func (p *parser) liquidity(pos *fields, kind engine.PositionKind) engine.Liquidity {
	l := engine.Liquidity{Settle: defaultSettle(kind)}
	f := pos.sub("liquidity", "adv", "spread_bps", "daily_vol", "settle")
	if f == nil {
		return l
	}
	l.ADV, _ = f.dec("adv", nonNegative)
	l.SpreadBps, _ = f.dec("spread_bps", nonNegative)
	l.DailyVol, _ = f.dec("daily_vol", nonNegative)
	if a, ok := f.access("settle"); ok {
		l.Settle = a
	}
	return l
}

func (p *parser) collateral(top *fields) []engine.Holding {
	var out []engine.Holding
	seen := map[string]*yaml.Node{}
	for i, item := range top.list("collateral") {
		path := itemPath("collateral", i, item)
		f := p.mapping(item, path, "id", "name", "class", "issuer", "market_value", "hqla", "repo_haircut", "carry_bps", "factor", "beta")
		var h engine.Holding
		var idNode *yaml.Node
		h.ID, idNode = f.ident("id", true)
		p.unique(seen, h.ID, idNode, f.at("id"))
		if h.ID != "" {
			p.idx.holdings[h.ID] = true
		}
		h.Name = f.text("name", false)
		class, _ := f.enum("class", true, assetClasses...)
		h.Class = engine.AssetClass(class)
		h.Issuer = f.text("issuer", false)
		h.MarketValue, _ = f.reqDec("market_value", nonNegative, "")
		h.HQLA, _ = f.enum("hqla", false, hqlaLevels...)
		h.RepoHaircut, _ = f.dec("repo_haircut", fraction)
		h.CarryBps, _ = f.dec("carry_bps", nonNegative)
		h.Factor, h.Beta = p.factorBeta(f)
		out = append(out, h)
	}
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
