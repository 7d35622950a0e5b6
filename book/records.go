package book

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom/engine"
)

// positionRecord is one position being read, from the YAML list or a CSV row.
type positionRecord struct {
	*row
	pos             *engine.Position // the book's own slot: filled in place
	kindOK, betaSet bool
	settleSet       bool
	classOK         bool
	class           cell
	// cp is the reference to the counterparty, checked after the walk
	// with what the position is (finishPosition files it).
	cp    keyRef
	hasCP bool
}

// positionTable is every field a position may carry. A field added here is
// read from both the YAML list and the CSV file, with the same checks.
var positionTable = newTable("positions",
	func(r *positionRecord) *row { return r.row }, finishPosition,
	column[positionRecord]{name: "id", required: always[positionRecord](""), set: func(r *positionRecord, c cell) {
		r.pos.ID, _ = r.ident(c)
		r.unique(r.pos.ID, c)
	}},
	column[positionRecord]{name: "name", set: func(r *positionRecord, c cell) { r.pos.Name = r.text(c) }},
	column[positionRecord]{name: "kind", required: always[positionRecord](fmt.Sprintf(" (one of %s)", strings.Join(positionKinds, ", "))),
		set: func(r *positionRecord, c cell) {
			kind, ok := r.enum(c, positionKinds...)
			r.pos.Kind, r.kindOK = engine.PositionKind(kind), ok
		}},
	column[positionRecord]{name: "class", set: func(r *positionRecord, c cell) {
		if class, ok := r.enum(c, assetClasses...); ok {
			r.pos.Class, r.classOK, r.class = engine.AssetClass(class), true, c
		}
	}},
	column[positionRecord]{name: "counterparty",
		required: func(r *positionRecord) (bool, string) {
			if !r.kindOK || !r.pos.Kind.Margined() {
				return false, ""
			}
			return true, " for a " + string(r.pos.Kind) + ": margined positions name who calls the margin"
		},
		set: func(r *positionRecord, c cell) {
			cp, ok := r.ident(c)
			r.pos.Counterparty = cp
			if ok {
				r.cp, r.hasCP = r.ref(c, cp), true
			}
		}},
	column[positionRecord]{name: "market_value", required: always[positionRecord](" (signed: short < 0)"),
		set: func(r *positionRecord, c cell) { r.pos.MarketValue, _ = r.dec(c, signed) }},
	column[positionRecord]{name: "cost", set: func(r *positionRecord, c cell) { r.pos.Cost, _ = r.dec(c, signed) }},
	column[positionRecord]{name: "initial_margin", set: func(r *positionRecord, c cell) { r.pos.InitialMargin, _ = r.dec(c, nonNegative) }},
	column[positionRecord]{name: "factor", set: func(r *positionRecord, c cell) {
		if factor, ok := r.ident(c); ok {
			r.pos.Factor = factor
			if !r.p.idx.factors[factor] {
				r.p.idx.factors[factor] = true
			}
		}
	}},
	column[positionRecord]{name: "beta", set: func(r *positionRecord, c cell) {
		if d, ok := r.dec(c, signed); ok {
			r.pos.Beta, r.betaSet = d, true
		}
	}},
	column[positionRecord]{name: "liquidity.adv", set: func(r *positionRecord, c cell) { r.pos.Liquidity.ADV, _ = r.dec(c, nonNegative) }},
	column[positionRecord]{name: "liquidity.spread_bps", set: func(r *positionRecord, c cell) { r.pos.Liquidity.SpreadBps, _ = r.dec(c, nonNegative) }},
	column[positionRecord]{name: "liquidity.daily_vol", set: func(r *positionRecord, c cell) { r.pos.Liquidity.DailyVol, _ = r.dec(c, nonNegative) }},
	column[positionRecord]{name: "liquidity.settle", set: func(r *positionRecord, c cell) {
		if a, ok := r.access(c); ok {
			r.pos.Liquidity.Settle, r.settleSet = a, true
		}
	}},
)

// finishPosition checks what spans fields and fills the defaults.
func finishPosition(r *positionRecord) {
	if r.pos.ID != "" && r.p.idx.positions[r.pos.ID] == "" {
		r.p.idx.positions[r.pos.ID] = r.pos.Kind
	}
	if r.classOK && r.kindOK && r.pos.Kind.Margined() {
		r.err(r.class.at, r.class.name, "a %s is margined as such; class is for spot and bond positions a prime broker finances", r.pos.Kind)
	}
	if r.hasCP {
		// One check for them all, run with the others after the walk: a
		// closure per position is a cost at ten thousand of them.
		r.p.cpRefs = append(r.p.cpRefs, cpRef{ref: r.cp, financed: r.kindOK && !r.pos.Kind.Margined(),
			class: r.pos.PositionClass(), kind: r.pos.Kind})
	}
	if r.kindOK && !r.pos.Kind.Margined() {
		if c, ok := r.has("initial_margin"); ok {
			r.err(c.at, c.name, "a %s position carries no initial margin; only futures and swaps do", r.pos.Kind)
		}
	}
	if !r.betaSet {
		r.pos.Beta = one
	}
	if !r.settleSet {
		r.pos.Liquidity.Settle = defaultSettle(r.pos.Kind)
	}
}

// holdingRecord is one holding of collateral being read.
type holdingRecord struct {
	*row
	h       *engine.Holding // the book's own slot: filled in place
	betaSet bool
}

// holdingTable is every field a holding of collateral may carry.
var holdingTable = newTable("collateral",
	func(r *holdingRecord) *row { return r.row }, func(r *holdingRecord) {
		if !r.betaSet {
			r.h.Beta = one
		}
	},
	column[holdingRecord]{name: "id", required: always[holdingRecord](""), set: func(r *holdingRecord, c cell) {
		r.h.ID, _ = r.ident(c)
		r.unique(r.h.ID, c)
		if r.h.ID != "" {
			r.p.idx.holdings[r.h.ID] = true
		}
	}},
	column[holdingRecord]{name: "name", set: func(r *holdingRecord, c cell) { r.h.Name = r.text(c) }},
	column[holdingRecord]{name: "class", required: always[holdingRecord](fmt.Sprintf(" (one of %s)", strings.Join(assetClasses, ", "))),
		set: func(r *holdingRecord, c cell) {
			class, _ := r.enum(c, assetClasses...)
			r.h.Class = engine.AssetClass(class)
		}},
	column[holdingRecord]{name: "issuer", set: func(r *holdingRecord, c cell) { r.h.Issuer = r.text(c) }},
	column[holdingRecord]{name: "market_value", required: always[holdingRecord](""),
		set: func(r *holdingRecord, c cell) { r.h.MarketValue, _ = r.dec(c, nonNegative) }},
	column[holdingRecord]{name: "hqla", set: func(r *holdingRecord, c cell) { r.h.HQLA, _ = r.enum(c, hqlaLevels...) }},
	column[holdingRecord]{name: "repo_haircut", set: func(r *holdingRecord, c cell) { r.h.RepoHaircut, _ = r.dec(c, fraction) }},
	column[holdingRecord]{name: "carry_bps", set: func(r *holdingRecord, c cell) { r.h.CarryBps, _ = r.dec(c, nonNegative) }},
	// factorBeta's fields: the factor a holding moves with, its beta.
	column[holdingRecord]{name: "beta", set: func(r *holdingRecord, c cell) {
		if d, ok := r.dec(c, signed); ok {
			r.h.Beta, r.betaSet = d, true
		}
	}},
	column[holdingRecord]{name: "factor", set: func(r *holdingRecord, c cell) {
		if factor, ok := r.ident(c); ok {
			r.h.Factor = factor
			r.p.idx.factors[factor] = true
		}
	}},
)

// cpRef is a position's counterparty, and what the check needs of the
// position: a prime broker finances a spot or bond position only where it
// has a house margin rate for its class.
type cpRef struct {
	ref      keyRef
	financed bool
	class    engine.AssetClass
	kind     engine.PositionKind
}

// checkCounterparties resolves the positions' counterparties (one later
// check for all of them).
func (p *parser) checkCounterparties() {
	for _, c := range p.cpRefs {
		if !resolve(p, c.ref, "counterparties", p.idx.counterparties) || !c.financed {
			continue
		}
		cp := c.ref.id
		if p.idx.counterparties[cp] == engine.PrimeBroker && !hasHouseRate(p.idx.house[cp], c.class) {
			p.errRef(c.ref, "prime broker %q has no house_margin for class %s, so it cannot finance this %s position",
				cp, c.class, c.kind)
		}
	}
}
