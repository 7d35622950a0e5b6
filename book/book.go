package book

import (
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

var topFields = []string{
	"firm", "currency", "as_of", "deadline", "settlement_cutoff",
	"counterparties", "positions", "collateral", "sources", "scenarios",
	"controls", "liquidation", "factors", "im_response", "count_inflows", "day_count",
	"timezone", "calendar", "holidays", "hours",
	"positions_file", "collateral_file", "positions_csv", "collateral_csv",
}

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// book walks the top-level mapping. Every section is read even after a
// problem, so that one run reports all of the file's problems.
func (p *parser) book(root *yaml.Node) *engine.Book {
	p.idx = newIndex()
	f := p.mapping(root, "", topFields...)
	b := &engine.Book{
		Firm:     f.text("firm", true),
		Currency: "USD",
		Cutoff:   engine.Cutoff{Hour: 15},
	}
	if s, n, ok := f.scalar("currency"); ok {
		if currencyCode.MatchString(s) {
			b.Currency = s
		} else {
			p.errAt(n, "currency", "%q is not a currency code; want three upper-case letters (USD)", s)
		}
	}
	var asOfNode, deadlineNode *yaml.Node
	b.AsOf, asOfNode = f.time("as_of", true)
	b.Deadline, deadlineNode = f.time("deadline", true)
	if asOfNode != nil && deadlineNode != nil && b.Deadline.Before(b.AsOf) {
		p.errAt(deadlineNode, "deadline", "%s is before as_of (%s); a call cannot fall due before the alert",
			deadlineNode.Value, asOfNode.Value)
	}
	b.Market = p.bookMarket(f, b.Currency, b.AsOf)
	b.AsOf, b.Deadline = p.inZone(b.AsOf), p.inZone(b.Deadline)
	if s, n, ok := f.scalar("settlement_cutoff"); ok {
		if c, err := engine.ParseCutoff(s); err != nil {
			p.errAt(n, "settlement_cutoff", "%v", err)
		} else {
			b.Cutoff = c
		}
	}
	b.Counterparties = p.counterparties(f, asOfNode, b.AsOf)
	b.Positions = p.positions(f)
	b.Collateral = p.collateral(f)
	b.Sources = p.sources(f)
	b.Scenarios = p.scenarios(f)
	b.FourEyes = p.controls(f)
	b.Liquidation = p.liquidation(f)
	b.Factors = p.factorModel(f)
	b.IMResponse = p.imResponse(f)
	if on, set := f.bool("count_inflows"); set {
		b.IgnoreInflows = !on
	}
	if dc, ok := f.enum("day_count", false, "ACT/360", "ACT/365"); ok {
		b.DayCount = decimal.RequireFromString(strings.TrimPrefix(dc, "ACT/"))
	}
	return b
}

var sourceKinds = []string{
	string(engine.SourceCash), string(engine.SourceMMF), string(engine.SourceRepo),
	string(engine.SourceCreditLine), string(engine.SourceAssetSale), string(engine.SourceOther),
}

// controls reads the four-eyes rules. They are off unless four_eyes says
// otherwise; approval fields without four_eyes are refused, because an
// author who wrote them believes approvals are on.
func (p *parser) controls(top *fields) engine.Controls {
	f := top.sub("controls", "four_eyes", "approval_kinds", "approval_above", "approval_fire_sales")
	var c engine.Controls
	if f == nil {
		return c
	}
	on, set := f.bool("four_eyes")
	if f.get("four_eyes") == nil && len(f.keys) > 0 {
		f.missing("four_eyes", " to say whether these approvals apply (true) or are off (false)")
	}
	c.Enabled = set && on
	if f.get("approval_kinds") != nil {
		c.SourceKinds = []engine.SourceKind{}
		seen := map[string]*yaml.Node{}
		for i, item := range f.list("approval_kinds") {
			path := itemPath("controls.approval_kinds", i, item)
			if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
				p.errAt(item, path, "want a source kind, got %s", describe(item))
				continue
			}
			k := item.Value
			switch {
			case !slices.Contains(sourceKinds, k):
				p.errAt(item, path, "%q is not a source kind (%s)%s", k, strings.Join(sourceKinds, ", "), suggest(k, sourceKinds))
			case seen[k] != nil:
				p.errAt(item, path, "%q is listed twice (first at line %d)", k, seen[k].Line)
			default:
				seen[k] = item
				c.SourceKinds = append(c.SourceKinds, engine.SourceKind(k))
			}
		}
	} else if c.Enabled {
		c.SourceKinds = []engine.SourceKind{engine.SourceCreditLine}
	}
	c.Above, _ = f.dec("approval_above", nonNegative)
	c.FireSales, _ = f.bool("approval_fire_sales")
	return c
}

// Liquidation defaults, as the engine documents them.
var (
	defaultParticipation = decimal.RequireFromString("0.20")
	defaultFireSale      = decimal.RequireFromString("0.10")
	defaultImpactK       = decimal.NewFromInt(1)
	defaultPermanent     = decimal.RequireFromString("0.5")
)

func (p *parser) liquidation(top *fields) engine.LiquidationPolicy {
	l := engine.LiquidationPolicy{
		Participation: defaultParticipation,
		FireSale:      defaultFireSale,
		K:             defaultImpactK,
		Permanent:     defaultPermanent,
	}
	f := top.sub("liquidation", "participation", "fire_sale", "impact_k", "permanent")
	if f == nil {
		return l
	}
	if d, ok := f.dec("participation", openShare); ok {
		l.Participation = d
	}
	if d, ok := f.dec("fire_sale", openShare); ok {
		l.FireSale = d
	}
	if d, ok := f.dec("impact_k", nonNegative); ok {
		l.K = d
	}
	if d, ok := f.dec("permanent", share); ok {
		l.Permanent = d
	}
	return l
}
