package book

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

// factorModel reads the factors section, which drives generated scenarios:
//
//	factors:
//	  daily_vol: {equity: "0.015", rates: "0.006"}
//	  correlations:
//	    - {a: equity, b: rates, rho: "-0.3"}
//
// Every factor named must be one a position moves with (a volatility for
// nothing is a typo); a correlation names two distinct factors that have a
// volatility, each pair once; rho lies in [-1, 1]. Whether the matrix is
// positive semi-definite is checked where scenarios are drawn (package
// risk), which can also repair it when asked.
func (p *parser) factorModel(top *fields) engine.FactorModel {
	var m engine.FactorModel
	f := top.sub("factors", "daily_vol", "correlations")
	if f == nil {
		return m
	}
	vols, refs := f.decMap("daily_vol", nonNegative)
	if f.get("daily_vol") == nil {
		f.missing("daily_vol", " (the daily volatility of each factor, e.g. {equity: \"0.015\"})")
	}
	// Names written with a bad volatility were reported once; they are
	// still names, so a correlation naming one is not a second problem.
	named := map[string]bool{}
	if n := f.get("daily_vol"); n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i < len(n.Content); i += 2 {
			named[n.Content[i].Value] = true
		}
	}
	// decMap's refs are in file order: that order is the matrix order.
	for _, ref := range refs {
		m.Factors = append(m.Factors, engine.Factor{Name: ref.id, DailyVol: vols[ref.id]})
	}
	p.later = append(p.later, func() {
		for _, ref := range refs {
			if strings.HasPrefix(ref.id, engine.FXShockPrefix) {
				// An exchange rate drawn like a factor: it must be a pair
				// the book quotes.
				p.fxShock(ref)
				continue
			}
			if !p.idx.factors[ref.id] {
				p.errAt(ref.node, ref.path, "no position moves with factor %q, so its volatility would move nothing%s",
					ref.id, hintIDs(ref.id, p.idx.factors))
			}
		}
	})
	seen := map[[2]string]*yaml.Node{}
	for i, item := range f.list("correlations") {
		c := p.mapping(item, fmt.Sprintf("%s[%d]", f.at("correlations"), i), "a", "b", "rho")
		a, an := c.ident("a", true)
		b, bn := c.ident("b", true)
		rho, ok := c.reqDec("rho", correlation, " (the correlation, between -1 and 1)")
		for _, side := range []struct {
			id   string
			node *yaml.Node
			key  string
		}{{a, an, "a"}, {b, bn, "b"}} {
			if side.node != nil {
				if !named[side.id] {
					p.errAt(side.node, c.at(side.key), "%q has no daily_vol in factors%s", side.id, hintIDs(side.id, named))
					ok = false
				}
			}
		}
		if an == nil || bn == nil {
			continue
		}
		if _, ok1 := vols[a]; !ok1 {
			ok = false
		}
		if _, ok2 := vols[b]; !ok2 {
			ok = false
		}
		if a == b {
			p.errAt(bn, c.at("b"), "a factor's correlation with itself is 1; name two different factors")
			continue
		}
		key := [2]string{min(a, b), max(a, b)}
		if first := seen[key]; first != nil {
			p.errAt(an, c.path, "the pair %s/%s is written twice (first at line %d); a correlation matrix is symmetric, give each pair once",
				a, b, first.Line)
			continue
		}
		seen[key] = an
		if ok {
			m.Correlations = append(m.Correlations, engine.Correlation{A: a, B: b, Rho: rho})
		}
	}
	return m
}

// imResponse reads an im_response mapping (top level or a counterparty's):
// the IM multiplier is min(cap, base + per_sigma × the move in sigmas).
func (p *parser) imResponse(parent *fields) engine.IMResponse {
	f := parent.sub("im_response", "base", "per_sigma", "cap")
	if f == nil {
		return engine.IMResponse{}
	}
	r := engine.IMResponse{Base: decOne}
	if d, ok := f.dec("base", positive); ok {
		r.Base = d
	}
	per, okPer := f.reqDec("per_sigma", nonNegative, " (the rise of the IM multiplier per sigma of the move)")
	capped, okCap := f.reqDec("cap", positive, " (the largest IM multiplier)")
	if okCap && capped.Cmp(r.Base) < 0 {
		p.errAt(f.get("cap"), f.at("cap"), "%q is below base (%s); the multiplier would fall as the move grows", f.get("cap").Value, r.Base)
		okCap = false
	}
	if !okPer || !okCap {
		// A half-read model must not be used with a default in its place.
		return engine.IMResponse{Base: decOne, PerSigma: decimal.Zero, Cap: decOne}
	}
	r.PerSigma, r.Cap = per, capped
	return r
}
