package playbook

import (
	"maps"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// effective returns the book and scenario with the market moves applied:
// shocks add to the scenario's factor returns, IM multipliers and haircuts
// are replaced, sources withdrawn, restored or cut, deadlines moved. The
// book is copied only where a move changes it: the loaded book is shared
// and never written.
func effective(s State) (*engine.Book, engine.Scenario) {
	sc := s.Base
	if len(s.Moves) == 0 {
		return s.Book, sc
	}
	sc.Shocks = maps.Clone(sc.Shocks)
	sc.IMMultiplier = maps.Clone(sc.IMMultiplier)
	sc.Withdraw = slices.Clone(sc.Withdraw)
	if sc.Shocks == nil {
		sc.Shocks = map[string]decimal.Decimal{}
	}
	if sc.IMMultiplier == nil {
		sc.IMMultiplier = map[string]decimal.Decimal{}
	}
	b := *s.Book
	cps, srcs := false, false
	for _, m := range s.Moves {
		for f, r := range m.Shocks {
			sc.Shocks[f] = sc.Shocks[f].Add(r)
		}
		for k, v := range m.IMMultiplier {
			sc.IMMultiplier[k] = v
		}
		for _, id := range m.Withdraw {
			if !slices.Contains(sc.Withdraw, id) {
				sc.Withdraw = append(sc.Withdraw, id)
			}
		}
		for _, id := range m.Restore {
			sc.Withdraw = slices.DeleteFunc(sc.Withdraw, func(w string) bool { return w == id })
		}
		if len(m.Cut) > 0 {
			if !srcs {
				b.Sources, srcs = slices.Clone(b.Sources), true
			}
			for i := range b.Sources {
				if v, ok := m.Cut[b.Sources[i].ID]; ok {
					b.Sources[i].Amount, b.Sources[i].HasAmount = v, true
				}
			}
		}
		if len(m.Deadlines) > 0 || len(m.Haircuts) > 0 {
			if !cps {
				b.Counterparties, cps = slices.Clone(b.Counterparties), true
			}
			for i := range b.Counterparties {
				c := &b.Counterparties[i]
				if t, ok := m.Deadlines[c.ID]; ok {
					// A deadline the counterparty moved replaces its cycles'
					// own: from now on its call is due then, whole.
					c.Deadline, c.Cycles = t, nil
				}
				for k, h := range m.Haircuts {
					cp, class, _ := cut(k, '/')
					if cp != c.ID {
						continue
					}
					c.Eligible = slices.Clone(c.Eligible)
					j := slices.IndexFunc(c.Eligible, func(e engine.Eligibility) bool { return string(e.Class) == class })
					if j >= 0 {
						c.Eligible[j].Haircut = h
					} else {
						c.Eligible = append(c.Eligible, engine.Eligibility{Class: engine.AssetClass(class), Haircut: h})
					}
				}
			}
		}
	}
	return &b, sc
}

func cut(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
