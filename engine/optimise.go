package engine

import (
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"
)

// OptimiseInput is what the optimiser needs beyond the book. The embedded
// PlanInput gives the stress, the activation time, the funding horizon and
// what has already been drawn from each source (Used: cash, for a repo the
// cash already lent against the line). Mid-incident the playbook also says
// which securities are already tied up and what has already been delivered:
//
//   - Encumbered: holding id → market value already posted or repo'd; only
//     the rest may be used.
//   - Posted: counterparty id → credit (after haircut) already delivered
//     against its call in securities; it reduces the part of the call that
//     may still take securities, and the call.
//   - PlanInput.Calls, when set, is what is still short of each call after
//     everything already secured (the playbook's live shortfall); the calls
//     are not reduced by Posted again, only their postable share.
type OptimiseInput struct {
	PlanInput
	Encumbered map[string]decimal.Decimal
	Posted     map[string]decimal.Decimal
}

// OptimisedCall is one call and how the optimised plan meets it: the part
// that must be cash (VM at a CCP), the part that may take securities, the
// credit of what is posted, and the cash that serves it by source.
type OptimisedCall struct {
	Call
	CashOnly, Postable decimal.Decimal
	Posted, Cash       decimal.Decimal
	Covered, Shortfall decimal.Decimal
	From               []CallDraw
	Posts              []Posting
}

// OptimisedPlan meets the calls in time at least total cost by combining
// source draws, posting eligible securities, and repo. Draws lists every
// source drawn (a repo source's amount is the cash its legs raise and its
// cost their interest plus any fee); Repos the legs by holding; Posts the
// securities delivered. TotalCost = Σ draw costs + Σ posting carry;
// Saving = the plain plan's cost − TotalCost. Why explains the choices in
// the operator's words; Bounds names the concentration limits that bind.
type OptimisedPlan struct {
	Plain       Plan
	ActivatedAt time.Time
	HorizonDays decimal.Decimal
	Required    decimal.Decimal
	Calls       []OptimisedCall
	Draws       []Draw
	Posts       []Posting
	Repos       []RepoLeg
	Shortfall   decimal.Decimal
	TotalCost   decimal.Decimal
	Saving      decimal.Decimal
	Covered     bool
	Why         []string
	Bounds      []string
}

// optCall is a call with its split into cash-only and postable parts.
type optCall struct {
	Call
	cc                 CounterpartyCall
	cp                 Counterparty
	cashOnly, postable decimal.Decimal
}

// optSource is a source as the optimiser sees it: what is left of it, when
// it arrives, and its cost per unit drawn.
type optSource struct {
	Source
	avail    decimal.Decimal // cash left (for a repo: of the line; unlimited when !capped)
	capped   bool
	capacity decimal.Decimal // full capacity, for an asset sale's cost share
	saleCost decimal.Decimal
	arrives  time.Time
	unitCost float64
	usable   bool
}

// problem is everything the model and the decimal reconciliation share.
type problem struct {
	b       *Book
	acc     Accrual
	in      OptimiseInput
	calls   []optCall
	sources []optSource
	free    []decimal.Decimal // per holding: market value not encumbered
	penalty float64
	feeSrcs []int
}

func newProblem(b *Book, in OptimiseInput) *problem {
	p := &problem{b: b, in: in, acc: b.Accrual(in.ActivatedAt, in.HorizonDays)}
	byID := map[string]CounterpartyCall{}
	for _, c := range in.Stress.Calls {
		byID[c.ID] = c
	}
	due := in.Stress.Due()
	if in.Calls != nil {
		due = in.Calls
	}
	for _, c := range due {
		cc := byID[c.Counterparty]
		cp, _ := b.Counterparty(c.Counterparty)
		cashOnly, postable := PostableShare(cc)
		if c.Cycle != "" {
			cashOnly, postable = cycleShare(cp, cc, c, postable)
		}
		if c.HasIMPart {
			// The call's own split (a keyed call's VM and IM parts), not
			// the book's: a call of all VM takes no securities.
			postable = MinDec(MaxDec(c.IMPart, zero), MaxDec(c.Amount, zero))
			cashOnly = c.Amount.Sub(postable)
		}
		if b.LodgedAt(cp, in.ActivatedAt).After(c.Deadline) {
			// Securities given now miss the counterparty's lodgement
			// cut-off for this deadline: only cash meets it.
			cashOnly, postable = c.Amount, zero
		}
		if c.HasIMPart {
			// Already net of what was posted against this call.
		} else if in.Calls != nil {
			// What is still short mid-incident: cash already drawn went to
			// the cash-only part first, so securities may still meet at most
			// the postable share of what is left.
			// Posted is then credit already counted in what is short, and
			// only narrows the share securities may still meet.
			postable = MaxDec(postable.Sub(in.Posted[c.Counterparty]), zero)
			postable = MinDec(postable, MaxDec(c.Amount, zero))
			cashOnly = c.Amount.Sub(postable)
		} else if done := in.Posted[c.Counterparty]; done.Sign() > 0 {
			// Credit already delivered in securities met part of the
			// postable share; what is left of the call is smaller.
			done = MinDec(done, c.Amount)
			c.Amount = c.Amount.Sub(done)
			postable = MaxDec(postable.Sub(done), zero)
			cashOnly = c.Amount.Sub(postable)
		}
		p.calls = append(p.calls, optCall{Call: c, cc: cc, cp: cp, cashOnly: cashOnly, postable: postable})
	}
	for _, h := range b.Collateral {
		p.free = append(p.free, MaxDec(h.MarketValue.Sub(in.Encumbered[h.ID]), zero))
	}
	maxCost := 0.0
	for j, ps := range planSources(b, in.PlanInput) {
		s := ps.Source
		capacity, saleCost := SourceCapacity(b, in.Stress, s)
		os := optSource{Source: s, capacity: capacity, saleCost: saleCost,
			arrives: ps.arrival(b, in.ActivatedAt)}
		os.usable = !in.Stress.Scenario.Withdrawn(s.ID)
		bps, _ := s.CostBps.Add(s.RateBps).Float64()
		os.unitCost = p.acc.perUnit(bps)
		switch s.Kind {
		case SourceRepo:
			os.capped = s.HasAmount
			os.avail = MaxDec(s.Amount.Sub(in.Used[s.ID]), zero)
		default:
			os.capped = true
			os.avail = MaxDec(capacity.Sub(in.Used[s.ID]), zero)
			if saleCost.Sign() > 0 && capacity.Sign() > 0 {
				share, _ := saleCost.DivRound(capacity, 12).Float64()
				os.unitCost += share
			}
		}
		if os.capped && os.avail.Sign() <= 0 {
			os.usable = false
		}
		maxCost = math.Max(maxCost, os.unitCost)
		// A fee is charged once per source: one already drawn from has
		// paid it, so using more of it is not a choice with a fee.
		if os.usable && s.Fee.Sign() > 0 && in.Used[s.ID].Sign() <= 0 {
			p.feeSrcs = append(p.feeSrcs, j)
		}
		p.sources = append(p.sources, os)
	}
	// The shortfall penalty dwarfs every cost, so the solve minimises the
	// shortfall first and cost second.
	p.penalty = 1000 * (1 + maxCost)
	return p
}

func f64(d decimal.Decimal) float64 { v, _ := d.Float64(); return v }

// model builds the LP for one choice of fee-bearing sources: sources whose
// fee is not paid in this choice are left out (allowed[j] false).
//
// margin is added to every call in the solve: the first solve uses none;
// when rounding to cents then leaves a call short because the solve used
// every holding and source to the full, a second solve asks for a few
// cents more of each call, so the rounded allocation has room.
func (p *problem) model(allowed []bool, margin float64) *lpModel {
	m := &lpModel{}
	b := p.b
	holdRows := make([]lpRow, len(b.Collateral))
	srcRows := make([]lpRow, len(p.sources))
	for i, c := range p.calls {
		cover := lpRow{eq: true, rhs: f64(c.Amount) + margin}
		postRow := lpRow{rhs: f64(c.postable)}
		inTime := !p.in.ActivatedAt.After(c.Deadline)
		for j, s := range p.sources {
			if !s.usable || !allowed[j] || s.arrives.After(c.Deadline) {
				continue
			}
			if s.Kind == SourceRepo {
				for _, hid := range s.Collateral {
					k := holdingIndex(b, hid)
					if k < 0 || p.free[k].Sign() <= 0 {
						continue
					}
					credit := 1 - f64(b.Collateral[k].RepoHaircut)
					if credit <= 0 {
						continue
					}
					v := m.add(lpVar{kind: varRepo, call: i, src: j, hold: k, credit: credit, unitCost: credit * s.unitCost})
					cover.cols, cover.coefs = append(cover.cols, v), append(cover.coefs, credit)
					holdRows[k].cols, holdRows[k].coefs = append(holdRows[k].cols, v), append(holdRows[k].coefs, 1)
					if s.capped {
						srcRows[j].cols, srcRows[j].coefs = append(srcRows[j].cols, v), append(srcRows[j].coefs, credit)
					}
				}
				continue
			}
			v := m.add(lpVar{kind: varDraw, call: i, src: j, credit: 1, unitCost: s.unitCost})
			cover.cols, cover.coefs = append(cover.cols, v), append(cover.coefs, 1)
			srcRows[j].cols, srcRows[j].coefs = append(srcRows[j].cols, v), append(srcRows[j].coefs, 1)
		}
		postCols := map[int]int{} // holding → column
		if inTime && c.postable.Sign() > 0 {
			for k, hd := range b.Collateral {
				hc, ok := Eligible(c.cp, hd)
				if !ok || p.free[k].Sign() <= 0 {
					continue
				}
				credit := 1 - f64(hc)
				v := m.add(lpVar{kind: varPost, call: i, hold: k, credit: credit, unitCost: p.acc.perUnit(f64(hd.CarryBps))})
				postCols[k] = v
				cover.cols, cover.coefs = append(cover.cols, v), append(cover.coefs, credit)
				postRow.cols, postRow.coefs = append(postRow.cols, v), append(postRow.coefs, credit)
				holdRows[k].cols, holdRows[k].coefs = append(holdRows[k].cols, v), append(holdRows[k].coefs, 1)
			}
		}
		short := m.add(lpVar{kind: varShort, call: i, credit: 1, unitCost: p.penalty})
		cover.cols, cover.coefs = append(cover.cols, short), append(cover.coefs, 1)
		m.rows = append(m.rows, cover)
		if len(postRow.cols) > 0 {
			m.rows = append(m.rows, postRow)
		}
		for _, l := range c.cp.Limits {
			base := LimitBase(c.cc)
			for _, g := range limitGroups(l, b.Collateral) {
				capD := limitCap(l, g, c.cp, base)
				br := &boundRow{call: i, limit: l, group: g.holdings, issuer: g.issuer, capD: capD, cap: f64(capD)}
				row := lpRow{rhs: br.cap, limit: br}
				for _, k := range g.holdings {
					if v, ok := postCols[k]; ok {
						row.cols, row.coefs = append(row.cols, v), append(row.coefs, m.vars[v].credit)
					}
				}
				if len(row.cols) > 0 {
					m.rows = append(m.rows, row)
				}
			}
		}
	}
	for k, r := range holdRows {
		if len(r.cols) > 0 {
			r.rhs = f64(p.free[k])
			m.rows = append(m.rows, r)
		}
	}
	for j, r := range srcRows {
		if len(r.cols) > 0 {
			r.rhs = f64(p.sources[j].avail)
			m.rows = append(m.rows, r)
		}
	}
	return m
}

func holdingIndex(b *Book, id string) int {
	for k, h := range b.Collateral {
		if h.ID == id {
			return k
		}
	}
	return -1
}

// Optimise finds the plan that meets every call in time at least total
// cost: the shortfall is minimised first, then the cost.
//
// The allocation is a linear programme (gonum's simplex) over cash drawn
// from each source per call, market value of each holding posted to each
// call, and market value of each holding repo'd per call, with each
// holding used at most once (posted or repo'd, never both, but it may be
// split), sources and repo lines within what is left of them, VM at a CCP
// in cash, and the counterparties' concentration limits. A source's fee is
// fixed, which a linear programme cannot price, so the optimiser solves one
// programme per subset of the fee-bearing sources (books have few) and
// charges the fees of the subset; the cheapest subset wins.
//
// The float solution is then rounded to exact cents (postings up: the
// receiver's favour; proceeds half-up) and the cover of every call is
// re-verified in decimal. If the result would cost more than the plain
// plan, or leave more uncovered, the plain plan is returned instead, so
// the optimiser never does worse than the waterfall.
//
// The programme prices one currency: a book in several is refused
// (ErrMultiCurrency); its plain plan converts.
func Optimise(b *Book, in OptimiseInput) (OptimisedPlan, error) {
	if b.MultiCurrency() {
		return OptimisedPlan{}, ErrMultiCurrency
	}
	if in.HorizonDays.Sign() <= 0 {
		in.HorizonDays = one
	}
	plain := PlainPlan(b, in.PlanInput)
	b = b.underStress(in.Stress.Scenario)
	p := newProblem(b, in)
	if len(p.feeSrcs) > 12 {
		return OptimisedPlan{}, fmt.Errorf("optimise: %d fee-bearing sources: too many subsets to enumerate", len(p.feeSrcs))
	}
	var best *OptimisedPlan
	for mask := 0; mask < 1<<len(p.feeSrcs); mask++ {
		allowed := make([]bool, len(p.sources))
		for j := range allowed {
			allowed[j] = true
		}
		for bit, j := range p.feeSrcs {
			allowed[j] = mask&(1<<bit) != 0
		}
		for _, margin := range []float64{0, 0.05} {
			m := p.model(allowed, margin)
			x, err := m.solve()
			if err != nil {
				return OptimisedPlan{}, fmt.Errorf("fee subset %b: %w", mask, err)
			}
			op, err := p.reconcile(m, x, allowed)
			if err != nil {
				return OptimisedPlan{}, err
			}
			if best == nil || better(op, *best) {
				best = &op
			}
			if !op.Shortfall.Sub(Cents(dec4(m.shortfall(x)))).IsPositive() {
				break // rounding lost nothing: no need for the margin
			}
		}
	}
	op := *best
	// The plain plan does not know what is already encumbered or posted:
	// it is an alternative only when its repos fit in what is free.
	if pl := fromPlain(b, plain, p.acc); p.fits(pl) && len(in.Posted) == 0 && better(pl, op) {
		op = pl
		op.Why = append(op.Why, "the plain waterfall is already the cheapest way to meet these calls")
	}
	op.Plain = plain
	op.Saving = plain.TotalCost.Sub(op.TotalCost)
	op.Why = append(explain(b, op), op.Why...)
	return op, nil
}

// better orders plans: less shortfall first, then less cost.
func better(a, b OptimisedPlan) bool {
	if c := a.Shortfall.Cmp(b.Shortfall); c != 0 {
		return c < 0
	}
	return a.TotalCost.Cmp(b.TotalCost) < 0
}

// fits reports whether a plan's repo legs use no more of each holding than
// is free.
func (p *problem) fits(op OptimisedPlan) bool {
	used := map[string]decimal.Decimal{}
	for _, l := range op.Repos {
		used[l.Holding] = used[l.Holding].Add(l.Value)
	}
	for k, h := range p.b.Collateral {
		if used[h.ID].Cmp(p.free[k]) > 0 {
			return false
		}
	}
	return true
}
