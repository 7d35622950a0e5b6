package playbook

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

var unit = decimal.NewFromInt(1)

// haircutFor is the counterparty's haircut on a holding's class, widened
// as the incident's scenario widens it (the stress counts the cover so),
// with its FX-mismatch add-on when the holding is in a currency it does
// not take IM in.
func haircutFor(b *engine.Book, sc engine.Scenario, cp string, h engine.Holding) (decimal.Decimal, bool) {
	c, ok := b.Counterparty(cp)
	if !ok {
		return decimal.Zero, false
	}
	c = engine.CounterpartyUnder(c, sc)
	for _, e := range c.Eligible {
		if e.Class == h.Class {
			return e.Haircut.Add(engine.FXMismatch(c, h)), true
		}
	}
	return decimal.Zero, false
}

func decidePost(f Figures, d Decision, e *Event) error {
	h, ok := holdingFigure(f, d.Holding)
	if !ok {
		return refuse(NotFound, "no collateral holding %q", d.Holding)
	}
	if _, known := f.Book.Counterparty(d.Counterparty); !known {
		return refuse(NotFound, "no counterparty %q", d.Counterparty)
	}
	hc, ok := haircutFor(f.Book, f.Stress.Scenario, d.Counterparty, h.Holding)
	if !ok {
		return refuse(Conflict, "%s does not accept %s collateral (%s)", d.Counterparty, h.Class, h.ID)
	}
	if h.Free.Sign() <= 0 {
		return refuse(Conflict, "%s is fully used: %s posted, %s lent in repo", h.ID,
			engine.FormatMoney(h.Posted), engine.FormatMoney(h.Repoed))
	}
	if err := lodgeable(f, d); err != nil {
		return err
	}
	value := d.Amount
	switch {
	case value.IsZero():
		// Post just enough that the value after haircut covers what of the
		// call securities may meet, rounded up: never short by a cent.
		var need, imPart decimal.Decimal
		mo, hccy := moneyOf(&f), f.Book.CurrencyOf(h.Currency)
		for _, c := range f.Calls {
			if c.Counterparty == d.Counterparty {
				// What the call still takes, in the holding's currency.
				need = need.Add(mo.convertUp(c.postable().Sub(c.Posted), c.Currency, hccy))
				if c.Open() {
					imPart = imPart.Add(c.IMPart)
				}
			}
		}
		if need.Sign() <= 0 && imPart.IsZero() {
			return refuse(Conflict, "%s's open calls are all VM, which is cash only at a CCP: securities cannot meet them", d.Counterparty)
		}
		if need.Sign() <= 0 {
			return refuse(Conflict, "nothing of %s's call can take securities now (VM is cash only at a CCP; the IM part is covered)", d.Counterparty)
		}
		value = engine.MinDec(h.Free, engine.CentsUp(need.DivRound(unit.Sub(hc), 12)))
	case value.Sign() < 0:
		return refuse(Invalid, "a posting must be positive; to take collateral back, reverse the posting")
	case value.Cmp(h.Free) > 0:
		return refuse(Conflict, "only %s of %s is free (%s posted, %s lent in repo)", engine.FormatMoney(h.Free), h.ID,
			engine.FormatMoney(h.Posted), engine.FormatMoney(h.Repoed))
	}
	e.Holding, e.Counterparty = h.ID, d.Counterparty
	e.Value = dec(engine.Cents(value))
	// The counterparty credits the value after its haircut, in its favour.
	e.Amount = dec(engine.CentsDown(value.Mul(unit.Sub(hc))))
	return nil
}

func decideRepo(f Figures, d Decision, e *Event) error {
	h, ok := holdingFigure(f, d.Holding)
	if !ok {
		return refuse(NotFound, "no collateral holding %q", d.Holding)
	}
	var src SourceFigure
	for _, s := range f.Sources {
		if s.Kind == engine.SourceRepo && (d.Source == s.ID || d.Source == "" && slices.Contains(s.Collateral, h.ID)) {
			src, ok = s, true
			break
		}
	}
	if !ok || !slices.Contains(src.Collateral, h.ID) {
		return refuse(NotFound, "no repo line takes %s; add it to a repo source's collateral in the book", h.ID)
	}
	if src.Withdrawn {
		return refuse(Conflict, "the repo line %s is withdrawn in this scenario", src.ID)
	}
	if h.Free.Sign() <= 0 || src.Left.Sign() <= 0 {
		return refuse(Conflict, "nothing left to repo: %s has %s free, line %s has %s left", h.ID,
			engine.FormatMoney(h.Free), src.ID, engine.FormatMoney(src.Left))
	}
	value := d.Amount
	switch {
	case value.IsZero():
		value = engine.MinDec(h.Free, engine.CentsUp(src.Left.DivRound(unit.Sub(h.RepoHaircut), 12)))
	case value.Sign() < 0:
		return refuse(Invalid, "a repo value must be positive")
	case value.Cmp(h.Free) > 0:
		return refuse(Conflict, "only %s of %s is free", engine.FormatMoney(h.Free), h.ID)
	}
	cash := engine.MinDec(engine.RepoCash(h.Holding, value), src.Left)
	e.Source, e.Holding = src.ID, h.ID
	e.Value, e.Amount, e.ArrivesAt = dec(engine.Cents(value)), dec(cash), tm(src.ArrivesAt)
	return nil
}

func decideSale(s State, f Figures, d Decision, e *Event) error {
	p, ok := f.Book.Position(d.Position)
	if !ok {
		return refuse(NotFound, "no position %q", d.Position)
	}
	if d.Amount.Sign() <= 0 {
		return refuse(Invalid, "name a positive value of %s to sell", p.ID)
	}
	// A position is sold once: what sales and draws of its asset-sale
	// tier have taken is no longer there to sell (sold.go).
	ps := f.SoldOf(p.ID)
	if left := ps.Left(); d.Amount.Cmp(left) > 0 {
		if ps.Sold.IsZero() {
			return refuse(Conflict, "cannot sell %s of %s: %s is held at the stressed mark", engine.FormatMoney(d.Amount), p.ID, engine.FormatMoney(left))
		}
		return refuse(Conflict, "cannot sell %s of %s: %s; %s is left at the stressed mark", engine.FormatMoney(d.Amount), p.ID, ps.Text(), engine.FormatMoney(left))
	}
	if capLeft := DayLeft(f, p, e.At); d.Amount.Cmp(capLeft) > 0 {
		if f.Book.DayCap(p).Sign() <= 0 {
			return refuse(Conflict, "%s has no market (ADV 0): it cannot be sold", p.ID)
		}
		return refuse(Conflict, "cannot sell %s of %s today: the day's cap is %s (the book's share of ADV %s), %s sold today%s, %s left",
			engine.FormatMoney(d.Amount), p.ID, engine.FormatMoney(f.Book.DayCap(p)), engine.FormatMoney(p.Liquidity.ADV),
			engine.FormatMoney(SoldToday(f, e.At)[p.ID]), todayBy(ps, e.At), engine.FormatMoney(capLeft))
	}
	// Priced after what executed decisions sold before it (never more than
	// leaves room for it).
	sold := engine.MinDec(ps.Executed(), engine.MaxDec(decimal.Zero, ps.Held.Sub(d.Amount)))
	sale, err := saleOf(f.Book, f.Stress, p.ID, d.Amount, sold, e.At)
	if err != nil {
		return refuse(Invalid, "%v", err)
	}
	e.Position, e.Value = p.ID, dec(engine.Cents(d.Amount))
	e.Amount, e.ArrivesAt, e.FireSale = dec(sale.Proceeds), tm(sale.ArrivesAt), sale.FireSale
	e.Held = sale.FireSale && s.Book.FourEyes.Enabled && s.Book.FourEyes.FireSales
	return nil
}

func decideReverse(s State, d Decision, e *Event) error {
	e.Target = d.Target
	if _, ok := s.Held[d.Target]; ok {
		return nil
	}
	if i, j := findPayment(s, d.Target); i >= 0 {
		// A payment recorded in error: its funds are unspent again.
		return reversible(s.Ledger[i].Payments[j].ReversedBy, d.Target)
	}
	if pay, ok := spentFund(s, d.Target); ok {
		return refuse(Conflict, "decision %d's funds were spent by payment #%d: reverse the payment first", d.Target, pay)
	}
	if fx, ok := convertedBy(s, d.Target); ok {
		return refuse(Conflict, "decision %d's funds were sold by FX deal #%d: a deal struck is a contract and stands", d.Target, fx)
	}
	for _, x := range s.Conversions {
		if x.Seq == d.Target {
			return refuse(Conflict, "decision %d struck an FX deal (%s %s for %s): a deal is a contract and cannot be reversed; strike the opposite deal", d.Target,
				x.Sell, engine.FormatMoney(x.Sold), x.Buy)
		}
	}
	for _, x := range s.Draws {
		if x.Seq == d.Target {
			return reversible(x.ReversedBy, d.Target)
		}
	}
	for _, x := range s.Posts {
		if x.Seq == d.Target {
			return reversible(x.ReversedBy, d.Target)
		}
	}
	for _, x := range s.Repos {
		if x.Seq == d.Target {
			return reversible(x.ReversedBy, d.Target)
		}
	}
	for _, x := range s.Sales {
		if x.Seq == d.Target {
			return refuse(Conflict, "decision %d sold %s: a sale has executed and cannot be reversed", d.Target, x.Position)
		}
	}
	if d.Target == 0 || d.Target > s.Seq {
		return refuse(NotFound, "no decision %d", d.Target)
	}
	return refuse(Conflict, "decision %d cannot be reversed: only draws, postings, repos, payments and held requests can; record a new decision instead", d.Target)
}

func reversible(by, target uint64) error {
	if by != 0 {
		return refuse(Conflict, "decision %d was already reversed by decision %d", target, by)
	}
	return nil
}

func decideApproval(s State, f Figures, d Decision, e *Event) error {
	held, ok := s.Held[d.Target]
	if !ok {
		return refuse(NotFound, "decision %d is not waiting for approval", d.Target)
	}
	if held.Operator == e.Operator {
		return refuse(Conflict, "four-eyes: %s asked for decision %d, so another operator must approve or reject it", held.Operator, d.Target)
	}
	e.Target = d.Target
	if d.Kind == Reject {
		return nil
	}
	switch held.Kind {
	case Draw:
		src, ok := sourceFigure(f, held.Source)
		if !ok || src.Withdrawn {
			return refuse(Conflict, "%s can no longer be drawn (withdrawn); reject the request", held.Source)
		}
		// The held amount is reserved in Used, so what is left plus it is
		// what the approval may still release.
		if held.Amt().Cmp(src.Left.Add(held.Amt())) > 0 {
			return refuse(Conflict, "only %s is left in %s", engine.FormatMoney(src.Left), held.Source)
		}
		e.Source, e.Amount, e.ArrivesAt = held.Source, held.Amount, tm(src.ArrivesAt)
	case Liquidate:
		e.Position, e.Value = held.Position, held.Value
		if p, ok := f.Book.Position(held.Position); ok {
			// What the request keeps for itself is in Sold: the rest of the
			// position must still hold it (a market move may have shrunk it).
			if ps := f.SoldOf(p.ID); ps.Sold.Cmp(ps.Held) > 0 {
				return refuse(Conflict, "approving #%d would sell %s of %s: %s; reject it", d.Target,
					engine.FormatMoney(held.Val()), p.ID, ps.Text())
			}
			// The day's cap holds at approval too: two held sales, or a
			// sale approved after others, must not pass it together.
			if left := DayLeft(f, p, e.At); held.Val().Cmp(left) > 0 {
				return refuse(Conflict, "approving #%d would sell %s of %s today, past the day's cap (%s left); reject it", d.Target,
					engine.FormatMoney(held.Val()), p.ID, engine.FormatMoney(left))
			}
			e.ArrivesAt = tm(f.Book.Settlement().Arrival(p.Liquidity.Settle, e.At))
		}
	}
	return nil
}

// todayBy names the decisions that sold a position today when a draw of
// its asset-sale tier is among them: " (by decision #1 (draw sell-tech))".
func todayBy(p PositionSold, at time.Time) string {
	today := soldOn(p, at)
	for _, x := range today {
		if x.Kind == Draw {
			return " (by " + byText(p.Position, today) + ")"
		}
	}
	return ""
}
