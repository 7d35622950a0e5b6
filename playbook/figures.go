package playbook

import (
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// Figures answer "how much, by when, from where" for a state at an
// incident time: the calls, what is secured in time, the live shortfall,
// the waterfall as it stands, and what the rest of it would do.
type Figures struct {
	Now      time.Time
	Book     *engine.Book    // with market moves applied
	Scenario engine.Scenario // with market moves applied
	Stress   engine.Stress
	Calls    []CallFigure
	// Due is what the calls ask by their deadlines (the undisputed part,
	// less what was paid); Secured what posted collateral and funds
	// arriving in time, not yet spent, cover; Shortfall the rest, the LIVE
	// SHORTFALL. Paid is what payments delivered; Disputed what is in
	// dispute, due on resolution; Supplied every fund raised or posted
	// (in the base; money an FX deal converted counts once, as what it
	// bought).
	Due, Secured, Shortfall  decimal.Decimal
	Paid, Disputed, Supplied decimal.Decimal
	// Funds are what was raised or posted, with what is left unspent.
	Funds   []Fund
	Covered bool
	// Surplus is what is secured beyond the open calls: unspent funds
	// (draws, repos, sale proceeds) arriving by the last open deadline
	// that no call needs, and collateral posted beyond what a call
	// counts. Secured stops at what is due; Secured + Surplus is all in
	// hand.
	Surplus decimal.Decimal
	// NextDeadline is the earliest deadline of an open call not yet past;
	// NextDue and NextShortfall what falls due then and what of it is short.
	NextDeadline           time.Time
	NextDue, NextShortfall decimal.Decimal
	Sources                []SourceFigure
	Holdings               []HoldingFigure
	Sales                  []SaleFigure
	// Sold is what each position sold has given, by sales and by draws of
	// its asset-sale tier: a position is sold once (sold.go).
	Sold []PositionSold
	// Plan is the plain plan for what is still short, were the remaining
	// sources activated now: the recommended next draws.
	Plan engine.Plan
	// InTime is what the remaining sources could still raise in time for
	// the last open deadline.
	InTime decimal.Decimal
	// LiquidityCost is the cost of the draws and repos made so far over the
	// horizon; FireSaleLoss the liquidation cost of sales flagged as fire
	// sales; SaleCost that of all sales.
	LiquidityCost, SaleCost, FireSaleLoss decimal.Decimal
	// Currencies is the live shortfall per currency (a book in several):
	// what each currency's calls still ask and what is short, in the
	// currency and in the base. Due, Secured, Shortfall and the other
	// totals above are in the base, at the scenario's rates.
	Currencies []CurrencyFigure
	// MultiCurrency says the book is in several currencies (computed once:
	// the screens ask on every row).
	MultiCurrency bool
	// Conversions are the FX deals struck, in order (convert.go): each
	// has sold its funds and bought a fund of its own.
	Conversions []ConversionState
}

// A Fund is money raised or posted that a payment may spend: a draw, a
// confirmed repo's cash or a sale's proceeds (Source), or the credit of
// securities posted to one counterparty (Holding, Counterparty), named by
// the seq of the decision that raised it. Left is what payments have not
// spent: what is left to secure calls.
type Fund struct {
	Seq                   uint64
	Source                string
	Holding, Counterparty string
	Amount, Left          decimal.Decimal
	ArrivesAt             time.Time
	// Currency is what the fund is in (the source's, the position's, the
	// holding's); empty: the base.
	Currency string
}

// Posting reports whether the fund is securities at a counterparty.
func (f Fund) Posting() bool { return f.Holding != "" }

// Name is the fund's source or holding.
func (f Fund) Name() string {
	if f.Holding != "" {
		return f.Holding
	}
	return f.Source
}

// HorizonDays is the funding horizon over which costs accrue in the
// console, in the book's day count from when each draw or posting is made
// (the plan's engine.Book.SourceCost and CarryCost).
var HorizonDays = decimal.NewFromInt(1)

// CallFigure is one call and how it is met.
type CallFigure struct {
	Counterparty, Name string
	Kind               engine.CounterpartyKind
	VM, IMChange       decimal.Decimal
	// SaleEffect is what sales added (impact, re-marking) or released (IM).
	SaleEffect decimal.Decimal
	// Amount is the call: VM + IM change + sale effect, or what the
	// counterparty called.
	Amount   decimal.Decimal
	Actual   bool
	Deadline time.Time
	// Ref is the seq that keyed the call (0: the estimate); Cycle its cycle.
	Ref   uint64
	Cycle string
	// IMPart is the part of the call securities may meet (at a CCP the IM
	// part: VM is cash only); Disputed what is in dispute (due on
	// resolution); Paid what payments delivered; Due what is due by the
	// deadline: the undisputed (or agreed) amount less what was paid.
	IMPart, Disputed, Paid, Due decimal.Decimal
	// Posted is the credit of securities posted that counts (only against
	// what of the IM part is still due); Cash what funds arriving in time
	// and not yet spent cover; Shortfall the rest of Due.
	Posted, Cash, Shortfall decimal.Decimal
	// Funding is the cash cover by source, in the order it was allocated.
	Funding []engine.CallDraw
	// Status is derived from the ledger: Status.Status is one of the
	// Status constants (called … paid).
	Status    CounterpartyStatus
	Ledger    CallState
	Positions []string
	// Currency is what the call and every amount of it are in (empty:
	// the base); ShowCurrency says the book is in several, so the call's
	// label names it (LCH GBP).
	Currency     string
	ShowCurrency bool
	// LedgerCurrency keys the estimate's ledger: empty for the
	// counterparty's first call, its currency for the others.
	LedgerCurrency string
	// collPaid is what payments took from securities posted.
	collPaid decimal.Decimal
}

// Open reports whether the call still asks for money by its deadline.
func (c CallFigure) Open() bool { return c.Due.Sign() > 0 }

// Label names the call for a treasurer: the counterparty, and its cycle
// when it is not the end-of-day call (intraday, or a cycle the book names).
func (c CallFigure) Label() string {
	l := c.Counterparty
	if c.ShowCurrency && c.Currency != "" {
		l += " " + c.Currency
	}
	if c.Cycle != "" && c.Cycle != CycleEOD {
		return l + " " + c.Cycle
	}
	return l
}

// SourceFigure is a source of the waterfall as it stands.
type SourceFigure struct {
	engine.Source
	Capacity  decimal.Decimal // what it could raise in all
	Used      decimal.Decimal // drawn, or held for approval, or staged (repo)
	Left      decimal.Decimal
	ArrivesAt time.Time // if activated now
	Withdrawn bool
	Late      bool // would arrive after every open deadline
	SaleCost  decimal.Decimal
}

// HoldingFigure is a collateral holding and what of it is used.
type HoldingFigure struct {
	engine.Holding
	Posted, Repoed, Free decimal.Decimal
}

// SaleFigure is one sale's effect.
type SaleFigure struct {
	SaleState
	Sale
}

// Compute derives the figures of a state at an incident time.
func Compute(s State, now time.Time) Figures { return new(Calc).Compute(s, now) }

// Calc computes figures, keeping the last stress: it depends only on the
// scenario and the market moves, which change far less often than draws,
// and on a large book it is most of the work.
type Calc struct {
	key   stressKey
	book  *engine.Book
	sc    engine.Scenario
	st    engine.Stress
	valid bool
}

// Moves are only ever appended, so the scenario and the number of moves
// identify the stressed book.
type stressKey struct {
	book     *engine.Book
	scenario string
	moves    int
}

// Compute derives the figures of a state at an incident time.
func (c *Calc) Compute(s State, now time.Time) Figures {
	key := stressKey{s.Book, s.Base.ID, len(s.Moves)}
	if !c.valid || c.key != key {
		c.book, c.sc = effective(s)
		c.st = engine.StressBook(c.book, c.sc)
		c.key, c.valid = key, true
	}
	b, sc := c.book, c.sc
	f := Figures{Now: now, Book: b, Scenario: sc, Stress: c.st, MultiCurrency: b.MultiCurrency()}
	// Costs, totals and the shortfall are in the base at the scenario's
	// rates (the identity for a single-currency book).
	mo := moneyOf(&f)
	adjust := map[string]decimal.Decimal{}
	var funds []Fund
	// A position is sold once, by a sale or a draw of its asset-sale tier
	// (sold.go): what each has taken is worked from the sales at today's
	// marks, and a sale made after a draw is priced on what the draw left.
	f.Sold = soldOf(s, b, f.Stress)
	sales := priceSales(s, b, f.Stress, nil)
	if drawnBeforeASale(f.Sold) {
		sales = priceSales(s, b, f.Stress, f.Sold)
	}
	for _, sf := range sales {
		fig := sf.Sale
		f.Sales = append(f.Sales, sf)
		adjust[fig.Counterparty] = adjust[fig.Counterparty].Add(fig.CallChange)
		f.SaleCost = f.SaleCost.Add(fig.Cost)
		if fig.FireSale {
			f.FireSaleLoss = f.FireSaleLoss.Add(fig.Cost)
		}
		if fig.Proceeds.Sign() > 0 {
			funds = append(funds, Fund{Seq: sf.Seq, Source: sf.Position, Amount: fig.Proceeds, ArrivesAt: fig.ArrivesAt, Currency: positionCurrency(b, sf.Position)})
		}
	}
	f.Calls = calls(s, b, f.Stress, adjust)
	// Margin coming back is liquidity, ahead of the sources, as in the plan.
	funds = append(inflowFunds(s, b, f.Stress, adjust), funds...)
	f.Holdings, f.Sources = uses(s, b, sc, f.Stress, f.Sold, now)
	// Each draw costs what it adds to what its source has given so far,
	// in the book's day count from when it was drawn: the fee is charged
	// once however many partial draws there are, and 1.5m + 3.5m on one
	// day costs what 5m at once does (engine.FurtherCost).
	drawn := map[string]decimal.Decimal{}
	for _, d := range s.Draws {
		if d.ReversedBy == 0 {
			funds = append(funds, Fund{Seq: d.Seq, Source: d.Source, Amount: d.Amount, ArrivesAt: d.ArrivesAt, Currency: sourceCurrency(b, d.Source)})
			if src, ok := b.Source(d.Source); ok {
				f.LiquidityCost = f.LiquidityCost.Add(mo.toBase(b.SourceFurtherCost(src, drawn[d.Source], d.Amount, d.At, HorizonDays, decimal.Zero, decimal.Zero), b.CurrencyOf(src.Currency)))
			}
			drawn[d.Source] = drawn[d.Source].Add(d.Amount)
		}
	}
	for _, r := range s.Repos {
		if r.ReversedBy == 0 && r.Confirmed {
			funds = append(funds, Fund{Seq: r.Seq, Source: r.Source, Amount: r.Cash, ArrivesAt: r.ArrivesAt, Currency: sourceCurrency(b, r.Source)})
			if src, ok := b.Source(r.Source); ok {
				f.LiquidityCost = f.LiquidityCost.Add(mo.toBase(b.SourceFurtherCost(src, drawn[r.Source], r.Cash, r.At, HorizonDays, decimal.Zero, decimal.Zero), b.CurrencyOf(src.Currency)))
			}
			drawn[r.Source] = drawn[r.Source].Add(r.Cash)
		}
	}
	for _, p := range s.Posts {
		if p.ReversedBy == 0 {
			// Securities count from when the counterparty lodges them.
			funds = append(funds, Fund{Seq: p.Seq, Holding: p.Holding, Counterparty: p.Counterparty, Amount: p.Credit, ArrivesAt: lodgedAt(b, p), Currency: holdingCurrency(b, p.Holding)})
			if h, ok := b.Holding(p.Holding); ok {
				f.LiquidityCost = f.LiquidityCost.Add(mo.toBase(b.CarryCost(h, p.Value, p.At, HorizonDays), b.CurrencyOf(h.Currency)))
			}
		}
	}
	// An FX deal struck buys a fund of its own, arriving at its settlement;
	// what it sold is spent (spentBy). Its spread is a liquidity cost.
	for _, c := range s.Conversions {
		funds = append(funds, Fund{Seq: c.Seq, Source: c.Via, Amount: c.Bought, ArrivesAt: c.ArrivesAt, Currency: c.Buy})
		f.LiquidityCost = f.LiquidityCost.Add(mo.toBase(c.Cost, c.Buy))
	}
	f.Conversions = s.Conversions
	spent := spentBy(s.Ledger, s.Conversions)
	for i := range funds {
		funds[i].Left = engine.MaxDec(decimal.Zero, funds[i].Amount.Sub(spent[keyOf(funds[i].Seq, funds[i].Source)]))
		f.Supplied = f.Supplied.Add(mo.toBase(funds[i].Amount, funds[i].Currency))
	}
	// Money converted is counted once, as what it bought.
	for _, c := range s.Conversions {
		f.Supplied = f.Supplied.Sub(mo.toBase(c.Sold, c.Sell))
	}
	f.Funds = funds
	cover(&f, funds)
	for _, src := range f.Sources {
		if !src.Withdrawn && !src.Late {
			f.InTime = f.InTime.Add(mo.toBase(src.Left, b.CurrencyOf(src.Currency)))
		}
	}
	f.Plan = remainingPlan(b, f, s)
	return f
}

func calls(s State, b *engine.Book, st engine.Stress, adjust map[string]decimal.Decimal) []CallFigure {
	var out []CallFigure
	seen := map[string]bool{}
	// A call keyed without a currency is in the counterparty's first: the
	// currency of its first estimate, else its home currency.
	firstCcy := map[string]string{}
	for _, c := range st.Calls {
		if _, ok := firstCcy[c.ID]; !ok {
			firstCcy[c.ID] = c.Currency
		}
	}
	keyed := func(cp string) {
		c, _ := b.Counterparty(cp)
		for _, l := range s.Ledger {
			if l.Counterparty != cp || !l.Keyed {
				continue
			}
			ccy, ok := firstCcy[cp]
			if !ok {
				ccy = b.HomeCurrency(c)
			}
			if l.Currency != "" {
				ccy = l.Currency
			}
			var vm, im decimal.Decimal
			for _, x := range st.Calls {
				if x.ID == cp && x.Currency == ccy {
					vm, im = x.VariationMargin, x.IMChange
					break
				}
			}
			cf := CallFigure{Counterparty: cp, Name: c.Name, Kind: c.Kind, VM: vm, IMChange: im, Amount: l.Amount,
				Actual: true, Deadline: b.DeadlineOf(c), Ref: l.Ref, Cycle: l.Cycle, Ledger: l, Currency: ccy}
			if dl, ok := b.CycleDeadlineOf(c, l.Cycle); ok {
				// A call in one of the book's cycles is due at that cycle's
				// confirmation, unless it says otherwise.
				cf.Deadline = dl
			}
			if !l.Deadline.IsZero() {
				cf.Deadline = l.Deadline
			}
			cf.IMPart = cf.Amount
			if c.Kind == engine.CCP && !l.AllPostable {
				cf.VM, cf.IMChange = l.VM, l.IM
				cf.IMPart = engine.MaxDec(decimal.Zero, engine.MinDec(l.IM, cf.Amount))
			}
			out = append(out, cf)
		}
	}
	for _, c := range st.Calls {
		// A counterparty calling in two currencies is two estimates, each
		// with its own ledger (the first keyed by an empty currency, as
		// every older log has it), each replaced by the first call keyed
		// in its currency. The calls keyed follow the first estimate.
		first := !seen[c.ID]
		seen[c.ID] = true
		lc := ""
		if !first {
			lc = c.Currency
		}
		if len(c.Cycles) > 0 {
			// Margin cycles in the book: an estimate per cycle, each
			// replaced by what the counterparty calls in that cycle.
			cp, _ := b.Counterparty(c.ID)
			for _, cf := range cycleEstimates(cp, c, adjust[c.ID]) {
				cf.Currency, cf.LedgerCurrency = c.Currency, lc
				if hasKeyedCycle(s.Ledger, c.ID, cf.Cycle, lc) {
					continue
				}
				if i := estimateIndexIn(s.Ledger, c.ID, cf.Cycle, cf.LedgerCurrency); i >= 0 {
					cf.Ledger = s.Ledger[i]
					if !cf.Ledger.Deadline.IsZero() {
						cf.Deadline = cf.Ledger.Deadline
					}
				}
				out = append(out, cf)
			}
			if hasKeyed(s.Ledger, c.ID) && first {
				keyed(c.ID)
			}
			continue
		}
		if hasKeyedIn(s.Ledger, c.ID, lc) {
			if first {
				keyed(c.ID)
			}
			continue
		}
		cf := CallFigure{Counterparty: c.ID, Name: c.Name, Kind: c.Kind, VM: c.VariationMargin, IMChange: c.IMChange,
			Deadline: c.Deadline, Positions: c.Positions, Cycle: CycleEOD, Currency: c.Currency, LedgerCurrency: lc}
		if first {
			// What sales changed is in the counterparty's first call.
			cf.SaleEffect = adjust[c.ID]
		}
		cf.Amount = c.Call.Add(cf.SaleEffect)
		cf.IMPart = engine.MaxDec(decimal.Zero, engine.MinDec(estimatePostable(c, cf.SaleEffect), cf.Amount))
		if i := callIndexIn(s.Ledger, c.ID, 0, cf.LedgerCurrency); i >= 0 {
			cf.Ledger = s.Ledger[i]
			if !cf.Ledger.Deadline.IsZero() {
				cf.Deadline = cf.Ledger.Deadline
			}
		}
		out = append(out, cf)
		if first && hasKeyed(s.Ledger, c.ID) {
			// Calls keyed only in the counterparty's other currencies.
			keyed(c.ID)
		}
	}
	// Calls from counterparties that the scenario did not call.
	for _, cp := range b.Counterparties {
		if !seen[cp.ID] && hasKeyed(s.Ledger, cp.ID) {
			keyed(cp.ID)
		}
	}
	multi := b.MultiCurrency()
	for i := range out {
		out[i].ShowCurrency = multi
		out[i].settle(s.Statuses[out[i].Counterparty])
	}
	return out
}

// settle derives what a call's ledger leaves due, and its status.
func (c *CallFigure) settle(said CounterpartyStatus) {
	l := c.Ledger
	for _, p := range l.Payments {
		if !p.Active() {
			continue
		}
		c.Paid = c.Paid.Add(p.Amount)
		for _, sp := range p.Spent {
			if sp.Holding != "" {
				c.collPaid = c.collPaid.Add(sp.Amount)
			}
		}
	}
	base := c.Amount
	switch {
	case l.Resolved:
		base = l.AgreedAmount
	case l.Disputed.Sign() > 0:
		c.Disputed = engine.MinDec(l.Disputed, engine.MaxDec(decimal.Zero, c.Amount))
		base = c.Amount.Sub(c.Disputed)
	}
	c.Due = engine.MaxDec(decimal.Zero, base.Sub(c.Paid))
	if l.Settled {
		c.Due, c.Disputed = decimal.Zero, decimal.Zero
	}
	c.Status = CounterpartyStatus{Status: c.phase(said), Amount: c.Paid, Until: l.AskedUntil, At: said.At, Seq: said.Seq}
	if l.Extended {
		c.Status.Until = l.Deadline
	}
}

// phase is the status a call's ledger gives it: paid means paid in full.
func (c CallFigure) phase(said CounterpartyStatus) string {
	l := c.Ledger
	switch {
	case l.Settled:
		return StatusPaid
	case c.Disputed.Sign() > 0:
		return StatusDisputed
	case c.Paid.Sign() > 0 && c.Due.IsZero():
		return StatusPaid
	case c.Paid.Sign() > 0:
		return StatusPartlyPaid
	case l.Agreed:
		return StatusAgreed
	case l.Said != "":
		return l.Said
	case said.Status != "" && said.Status != StatusPaid && (said.Seq > l.Ref || l.AllPostable):
		// A version-1 status, said of the counterparty: it describes the
		// calls it had then.
		return said.Status
	case c.Actual:
		return StatusCalled
	}
	return StatusEstimated
}

// postable is what of the call securities may still meet: at a CCP only
// the IM part (VM is paid in cash), less what securities already paid,
// and never more than is due.
func (c CallFigure) postable() decimal.Decimal {
	return engine.MaxDec(decimal.Zero, engine.MinDec(c.Due, c.IMPart.Sub(c.collPaid)))
}
