package tui

import (
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// collateralAction handles P (post), r (stage a repo) and c (confirm).
func (m *Model) collateralAction(s string) {
	ref, ok := m.collateral.selected()
	f := m.d.f
	if s == "c" {
		if !ok || !ref.repo || ref.confirmed {
			// With one staged repo there is no doubt which one is meant.
			var staged []playbook.RepoState
			for _, r := range m.d.snap.State.Repos {
				if !r.Confirmed && r.ReversedBy == 0 {
					staged = append(staged, r)
				}
			}
			if len(staged) != 1 {
				m.say(toneWarn, fmt.Sprintf("c confirms a staged repo: %d are staged; select one in REPOS", len(staged)))
				return
			}
			ref = collRef{holding: staged[0].Holding, seq: staged[0].Seq, repo: true}
		}
		seq := ref.seq
		m.open(newPrompt(fmt.Sprintf("Confirm repo #%d of %s: its cash counts once confirmed", seq, sanitize(ref.holding)), nil,
			func(v []string) ([]playbook.Decision, error) {
				return []playbook.Decision{{Kind: playbook.ConfirmRepo, Target: seq, Rationale: v[0]}}, nil
			}, rationaleField()))
		return
	}
	if !ok || ref.seq != 0 {
		m.say(toneWarn, s+" acts on a holding: select a row under ELIGIBLE HOLDINGS")
		return
	}
	var h playbook.HoldingFigure
	for _, x := range f.Holdings {
		if x.ID == ref.holding {
			h = x
		}
	}
	if h.Free.Sign() <= 0 {
		m.say(toneWarn, fmt.Sprintf("%s is fully used: %s posted, %s in repo", sanitize(h.ID), whole(h.Posted), whole(h.Repoed)))
		return
	}
	if s == "P" {
		if !ref.eligible {
			m.say(toneWarn, fmt.Sprintf("%s does not accept %s (%s) as collateral", sanitize(ref.cp), sanitize(h.ID), h.Class))
			return
		}
		cp, hid := ref.cp, h.ID
		m.open(newPrompt(fmt.Sprintf("Post %s to %s (%s free)", sanitize(hid), sanitize(cp), exact(h.Free)),
			[]string{"blank value posts just enough to cover what of the call may take securities"},
			func(v []string) ([]playbook.Decision, error) {
				amt, err := optionalAmount(v[0])
				if err != nil {
					return nil, err
				}
				return []playbook.Decision{{Kind: playbook.Post, Holding: hid, Counterparty: cp, Amount: amt, Rationale: v[1]}}, nil
			}, amountField("value", true, "blank = just enough"), rationaleField()))
		return
	}
	src, ok := sourceFor(f, h.ID)
	if !ok {
		m.say(toneWarn, "no repo line in the book takes "+sanitize(h.ID))
		return
	}
	hold, sid, now := h, src.ID, m.d.now
	p := newPrompt(fmt.Sprintf("Stage a repo of %s via %s (%s free, line %s left)", sanitize(h.ID), sanitize(src.ID), exact(h.Free), exact(src.Left)),
		[]string{fmt.Sprintf("repo haircut %s · cash arrives %s · confirm with c once agreed", pct(h.RepoHaircut), clock(src.ArrivesAt, now))},
		func(v []string) ([]playbook.Decision, error) {
			amt, err := optionalAmount(v[0])
			if err != nil {
				return nil, err
			}
			return []playbook.Decision{{Kind: playbook.StageRepo, Source: sid, Holding: hold.ID, Amount: amt, Rationale: v[1]}}, nil
		}, amountField("value", true, "blank = as much as the line takes"), rationaleField())
	left := src.Left
	p.preview = func(v []string) string {
		amt, err := optionalAmount(v[0])
		if err != nil {
			return "✗ " + err.Error()
		}
		if amt.IsZero() {
			amt = engine.MinDec(hold.Free, engine.CentsUp(left.DivRound(one.Sub(hold.RepoHaircut), 12)))
		}
		if amt.Cmp(hold.Free) > 0 {
			return "✗ only " + exact(hold.Free) + " is free"
		}
		return fmt.Sprintf("repo %s raises cash %s", exact(amt), exact(engine.MinDec(engine.RepoCash(hold.Holding, amt), left)))
	}
	m.open(p)
}

// optionalAmount reads an amount that may be left blank (zero: the
// playbook's "just enough" or "in full").
func optionalAmount(v string) (decimal.Decimal, error) {
	if v == "" {
		return decimal.Zero, nil
	}
	return parseAmount(v)
}

func (m *Model) acceptPrompt() {
	drv := m.d.drv
	switch {
	case !drv.ready:
		m.say(toneMuted, "the optimiser is still working; try again in a moment")
		return
	case drv.prop.err != "":
		m.say(toneWarn, sanitize(drv.prop.err))
		return
	case len(drv.prop.decisions) == 0:
		m.say(toneWarn, "the proposal has no steps")
		return
	}
	ds := append([]playbook.Decision(nil), drv.prop.decisions...)
	m.open(newPrompt(fmt.Sprintf("Accept the optimiser's proposal: %d decisions, cost %s", len(ds), exact(drv.prop.cost)), slices.Clone(drv.prop.lines),
		func(v []string) ([]playbook.Decision, error) {
			out := append([]playbook.Decision(nil), ds...)
			for i := range out {
				out[i].Rationale = "optimiser proposal"
				if v[0] != "" {
					out[i].Rationale += ": " + v[0]
				}
			}
			return out, nil
		}, rationaleField()))
}

func (m *Model) sellPrompt() {
	c, ok := m.reduction.selected()
	if !ok {
		m.say(toneWarn, "no position selected to sell")
		return
	}
	f := m.d.f
	// The preview prices the sale after what sales and draws of the
	// position's asset-sale tier have sold of it.
	sold := f.SoldOf(c.Position).Executed()
	id, held := c.Position, c.held
	hint := c.MaxValue
	if c.planned.Sign() > 0 {
		hint = c.planned
	}
	if c.MaxValue.Sign() <= 0 {
		why := sanitize(id) + ": the day's cap (the book's share of its ADV) is used up; it can be sold again on the next day"
		if today := playbook.SoldToday(*f, f.Now)[id]; today.Sign() > 0 {
			why = sanitize(id) + ": the day's cap (the book's share of its ADV) is used up: " + exact(today) + " of it sold today, by sales and draws of its tier; it can be sold again on the next day"
		}
		m.say(toneWarn, why)
		return
	}
	// The day's cap is the playbook's rule (it refuses a larger sale); the
	// prompt says so before enter rather than after.
	limit, over := held, "only "+exact(held)+" is held"
	if c.MaxValue.Cmp(held) < 0 {
		limit, over = c.MaxValue, "past the day's cap: at most "+exact(c.MaxValue)+" of "+sanitize(id)+" may be sold today"
	}
	p := newPrompt(fmt.Sprintf("Sell part of %s (%s held at the stressed mark)", sanitize(id), exact(held)),
		[]string{"a sale executes and cannot be reversed; the day's maximum is " + exact(c.MaxValue)},
		func(v []string) ([]playbook.Decision, error) { return saleDecision(id, v) },
		amountField("value", false, "e.g. "+whole(hint)), rationaleField())
	p.fields[0].check = func(v string) error {
		if amt, _ := parseAmount(v); amt.Cmp(limit) > 0 {
			return errors.New(over)
		}
		return nil
	}
	book, st, now := f.Book, f.Stress, f.Now
	p.preview = amountPreview(limit, over, func(amt decimal.Decimal) string {
		sale := playbook.SaleOf(book, st, id, amt, sold, now)
		out := fmt.Sprintf("cost %s (%s), IM released %s, proceeds %s at %s, re-mark of the rest %s",
			whole(sale.Cost), pct2(sale.Rate), whole(sale.IMReleased), whole(sale.Proceeds), clock(sale.ArrivesAt, now), whole(sale.Remark))
		if sale.FireSale {
			out = "⚠ FIRE SALE · " + out
		}
		return out
	})
	m.open(p)
}
