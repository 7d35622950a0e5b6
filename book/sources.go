package book

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

// amountRequired lists the kinds whose size is only known from the book;
// a repo is sized by its collateral and a sale by its position, so for them
// amount is an optional cap.
var amountRequired = map[engine.SourceKind]bool{
	engine.SourceCash: true, engine.SourceMMF: true, engine.SourceCreditLine: true, engine.SourceOther: true,
}

func (p *parser) sources(top *fields) []engine.Source {
	var out []engine.Source
	seen := map[string]*yaml.Node{}
	for i, item := range top.list("sources") {
		path := itemPath("sources", i, item)
		f := p.mapping(item, path, "id", "name", "kind", "amount", "collateral", "position",
			"access", "cost_bps", "rate_bps", "fee", "timezone", "calendar", "holidays", "hours", "notice_cutoff")
		var s engine.Source
		var idNode *yaml.Node
		s.ID, idNode = f.ident("id", true)
		p.unique(seen, s.ID, idNode, f.at("id"))
		if s.ID != "" {
			p.idx.sources[s.ID] = true
		}
		s.Name = f.text("name", false)
		kind, kindOK := f.enum("kind", true, sourceKinds...)
		s.Kind = engine.SourceKind(kind)

		// An amount of 0 is refused even where amount is a cap: the engine
		// reads a zero cap as "uncapped", the opposite of what it says.
		if f.get("amount") != nil {
			s.Amount, s.HasAmount = f.dec("amount", positive)
		} else if kindOK && amountRequired[s.Kind] {
			f.missing("amount", " for a "+kind+" source")
		}

		p.repoCollateral(f, &s, kindOK)
		p.salePosition(f, &s, kindOK)

		if a, ok := f.access("access"); ok {
			s.Access = a
		} else if f.get("access") == nil {
			f.missing("access", " (when the money arrives: 0s, 3h, T+1, ...)")
		}
		s.CostBps, _ = f.dec("cost_bps", nonNegative)
		s.RateBps, _ = f.dec("rate_bps", nonNegative)
		s.Fee, _ = f.dec("fee", nonNegative)
		s.Market = p.ownMarket(f)
		p.notice(f, &s)
		out = append(out, s)
	}
	return out
}

// repoCollateral reads the holdings a repo lends. A holding can back one
// repo only: lent twice, its cash would be counted twice.
func (p *parser) repoCollateral(f *fields, s *engine.Source, kindOK bool) {
	n := f.get("collateral")
	if kindOK && s.Kind != engine.SourceRepo {
		if n != nil {
			p.errAt(n, f.at("collateral"), "only a repo source lends collateral; this is a %s source", s.Kind)
		}
		return
	}
	refs := f.idList("collateral")
	for _, ref := range refs {
		s.Collateral = append(s.Collateral, ref.id)
		owner := keyRef{id: s.ID, node: ref.node, path: ref.path}
		p.later = append(p.later, func() {
			if !resolve(p, ref, "collateral", p.idx.holdings) {
				return
			}
			if first, taken := p.idx.pledged[ref.id]; taken {
				p.errAt(ref.node, ref.path, "holding %q is already lent by repo %q (line %d); a holding backs one repo",
					ref.id, first.id, first.node.Line)
				return
			}
			p.idx.pledged[ref.id] = owner
		})
	}
	if kindOK && len(refs) == 0 {
		if n == nil {
			f.missing("collateral", " for a repo source: the ids of the holdings it lends")
		} else if n.Tag == "!!null" || (n.Kind == yaml.SequenceNode && len(n.Content) == 0) {
			p.errAt(n, f.at("collateral"), "is empty; a repo lends at least one holding")
		}
	}
}

// salePosition reads the position an asset sale sells; a position sold by
// two sources would have its proceeds counted twice.
func (p *parser) salePosition(f *fields, s *engine.Source, kindOK bool) {
	n := f.get("position")
	if kindOK && s.Kind != engine.SourceAssetSale {
		if n != nil {
			p.errAt(n, f.at("position"), "only an asset_sale source sells a position; this is a %s source", s.Kind)
		}
		return
	}
	id, idNode := f.ident("position", false)
	if idNode == nil {
		if n == nil && kindOK {
			f.missing("position", " for an asset_sale source: the id of the position it sells")
		}
		return
	}
	s.Position = id
	ref := keyRef{id: id, node: idNode, path: f.at("position")}
	owner := keyRef{id: s.ID, node: idNode}
	p.later = append(p.later, func() {
		if !resolve(p, ref, "positions", p.idx.positions) {
			return
		}
		if first, taken := p.idx.sold[id]; taken {
			p.errAt(idNode, ref.path, "position %q is already sold by source %q (line %d); split a sale with one source and its cap",
				id, first.id, first.node.Line)
			return
		}
		p.idx.sold[id] = owner
	})
}

func (p *parser) scenarios(top *fields) []engine.Scenario {
	var out []engine.Scenario
	seen := map[string]*yaml.Node{}
	for i, item := range top.list("scenarios") {
		path := itemPath("scenarios", i, item)
		f := p.mapping(item, path, "id", "name", "shocks", "stressed_value", "im_multiplier",
			"initial_margin", "withdraw", "impact_multiplier", "path", "haircut_widening")
		var sc engine.Scenario
		var idNode *yaml.Node
		sc.ID, idNode = f.ident("id", true)
		p.unique(seen, sc.ID, idNode, f.at("id"))
		sc.Name = f.text("name", false)

		var shocks, stressed, multipliers, margins []keyRef
		sc.Shocks, shocks = f.decMap("shocks", signed)
		var later []keyRef
		sc.Path, later = f.decListMap("path", signed)
		shocks = append(shocks, later...)
		sc.StressedValue, stressed = f.decMap("stressed_value", signed)
		sc.IMMultiplier, multipliers = f.decMap("im_multiplier", positive)
		sc.InitialMargin, margins = f.decMap("initial_margin", nonNegative)
		withdraw := f.idList("withdraw")
		sc.Withdraw = []string{}
		for _, ref := range withdraw {
			sc.Withdraw = append(sc.Withdraw, ref.id)
		}
		sc.HaircutWidening = p.haircutWidening(f)
		sc.ImpactMultiplier = one
		if d, ok := f.dec("impact_multiplier", atLeastOne); ok {
			sc.ImpactMultiplier = d
		}
		p.later = append(p.later, func() { p.scenarioRefs(shocks, stressed, multipliers, margins, withdraw) })
		out = append(out, sc)
	}
	return out
}

// haircutWidening reads the add-on to haircuts per asset class.
func (p *parser) haircutWidening(f *fields) map[engine.AssetClass]decimal.Decimal {
	m, refs := f.decMap("haircut_widening", share)
	out := map[engine.AssetClass]decimal.Decimal{}
	for _, ref := range refs {
		if !slices.Contains(assetClasses, ref.id) {
			p.errAt(ref.node, ref.path, "%q is not an asset class (%s)%s", ref.id, strings.Join(assetClasses, ", "), suggest(ref.id, assetClasses))
			continue
		}
		out[engine.AssetClass(ref.id)] = m[ref.id]
	}
	return out
}

func (p *parser) scenarioRefs(shocks, stressed, multipliers, margins, withdraw []keyRef) {
	for _, ref := range shocks {
		if !p.idx.factors[ref.id] {
			p.errAt(ref.node, ref.path, "no position moves with factor %q, so the shock would change nothing%s",
				ref.id, hintIDs(ref.id, p.idx.factors))
		}
	}
	for _, ref := range stressed {
		resolve(p, ref, "positions", p.idx.positions)
	}
	for _, ref := range margins {
		if resolve(p, ref, "positions", p.idx.positions) {
			if k := p.idx.positions[ref.id]; k != "" && !k.Margined() {
				p.errAt(ref.node, ref.path, "%q is a %s position; only futures and swaps carry initial margin", ref.id, k)
			}
		}
	}
	for _, ref := range multipliers {
		_, isCounterparty := p.idx.counterparties[ref.id]
		isFactor := p.idx.factors[ref.id]
		switch {
		case isCounterparty && isFactor:
			p.errAt(ref.node, ref.path, "%q is both a counterparty id and a factor; rename one so the multiplier is unambiguous", ref.id)
		case !isCounterparty && !isFactor:
			known := map[string]bool{}
			for id := range p.idx.counterparties {
				known[id] = true
			}
			for factor := range p.idx.factors {
				known[factor] = true
			}
			p.errAt(ref.node, ref.path, "%q is neither a counterparty id nor a factor of any position%s", ref.id, hintIDs(ref.id, known))
		}
	}
	for _, ref := range withdraw {
		resolve(p, ref, "sources", p.idx.sources)
	}
}
