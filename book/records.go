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
				// One check for them all, run with the others after the walk:
				// a closure per position is a cost at ten thousand of them.
				r.p.cpRefs = append(r.p.cpRefs, r.ref(c, cp))
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
	if c, ok := r.has("initial_margin"); ok && r.kindOK && !r.pos.Kind.Margined() {
		r.err(c.at, c.name, "a %s position carries no initial margin; only futures and swaps do", r.pos.Kind)
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
	h *engine.Holding // the book's own slot: filled in place
}

// holdingTable is every field a holding of collateral may carry.
var holdingTable = newTable("collateral",
	func(r *holdingRecord) *row { return r.row }, func(*holdingRecord) {},
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
)
