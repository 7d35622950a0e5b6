package tui

import (
	"fmt"
	"strconv"

	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// collRef is what a selectable row of the collateral stage stands for.
type collRef struct {
	holding, cp string
	seq         uint64 // a repo or posting
	repo        bool
	confirmed   bool
	eligible    bool
}

// collateralModel is stage 3: per call, the eligible holdings with their
// haircuts and free value; the repos staged and confirmed; the postings;
// and the optimiser's proposal to accept.
type collateralModel struct {
	list listView
	refs []collRef
}

var (
	eligCols = []column{{title: "Call", width: 8}, {title: "Holding", width: 0}, {title: "Class", width: 9, drop: 3},
		{title: "Free", width: 11, right: true}, {title: "Haircut", width: 8, right: true},
		{title: "Credit if posted", width: 16, right: true, drop: 1}, {title: "Repo cash", width: 11, right: true, drop: 2}}
	repoCols = []column{{title: "#", width: 5}, {title: "Repo of", width: 0}, {title: "Value", width: 13, right: true},
		{title: "Cash", width: 13, right: true}, {title: "Arrives", width: 9, right: true}, {title: "Status", width: 12}}
	postCols = []column{{title: "#", width: 5}, {title: "Posted", width: 0}, {title: "To", width: 8},
		{title: "Value", width: 13, right: true}, {title: "Credit", width: 13, right: true}, {title: "Status", width: 12}}
)

func (c *collateralModel) set(d *data) {
	f, st := d.f, d.snap.State
	c.refs = c.refs[:0]
	ls := []line{textLine(toneTitle, "CALLS · VM at a CCP is cash only; the IM part may take eligible securities")}
	for _, call := range f.Calls {
		if !call.Open() {
			continue
		}
		// What of the call securities may meet, as the playbook counts it:
		// a keyed call's own IM part (an all-VM call takes none).
		postable := call.IMPart
		ls = append(ls, textLine(toneNone, fmt.Sprintf("  %s: call %s · may take securities %s · posted credit %s · short %s",
			withCcy(f, sanitize(call.Counterparty), call.Currency), whole(call.Amount), whole(postable), whole(call.Posted), whole(call.Shortfall))))
	}
	ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, "ELIGIBLE HOLDINGS PER CALL · P posts (just enough) · r stages a repo"), headLine(eligCols))
	// The holding's own cells are the same under every call; format them
	// once (a large book has many calls times many holdings).
	type hcells struct{ name, class, free, repo cell }
	hc := make([]hcells, len(f.Holdings))
	for i, h := range f.Holdings {
		hc[i] = hcells{cell{withCcy(f, sanitize(h.ID+" "+h.Name), h.Currency), toneNone}, cell{sanitize(string(h.Class)), toneNone},
			cell{whole(h.Free), toneNone}, cell{whole(engine.RepoCash(h.Holding, h.Free)), toneNone}}
	}
	credit := map[[3]string]cell{}
	for _, call := range f.Calls {
		cp, ok := f.Book.Counterparty(call.Counterparty)
		if !ok || !call.Open() {
			continue
		}
		// The haircut a posting gets: widened as the scenario widens it.
		cp = engine.CounterpartyUnder(cp, f.Stress.Scenario)
		cpCell := cell{withCcy(f, sanitize(cp.ID), call.Currency), toneNone}
		for i, h := range f.Holdings {
			cut, elig := engine.Eligible(cp, h.Holding)
			hcCell, cr := cell{"✗ no", toneMuted}, cell{"not eligible", toneMuted}
			if elig {
				hcCell = cell{pct(cut), toneNone}
				k := [3]string{h.ID, cut.String(), call.Currency}
				if cr, ok = credit[k]; !ok {
					// The credit in the call's currency, at the scenario's rate.
					free := h.Free
					if shownCcy(f, call.Currency) != "" {
						free = f.Stress.FX.MustConvert(free, f.Book.CurrencyOf(h.Currency), f.Book.CurrencyOf(call.Currency))
					}
					cr = cell{whole(engine.CentsDown(free.Mul(one.Sub(cut)))), toneNone}
					credit[k] = cr
				}
			}
			ls = append(ls, rowLine(eligCols, cpCell, hc[i].name, hc[i].class, hc[i].free, hcCell, cr, hc[i].repo).pick().findAs(cp.Name))
			c.refs = append(c.refs, collRef{holding: h.ID, cp: cp.ID, eligible: elig})
		}
	}
	if len(f.Holdings) == 0 {
		ls = append(ls, textLine(toneMuted, "  no collateral holdings in the book"))
	}
	if len(st.Repos) > 0 {
		ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, "REPOS · c confirms the selected staged repo (only then its cash counts) · x cancels"), headLine(repoCols))
		for _, r := range st.Repos {
			status := cell{"⧗ staged", toneWarn}
			switch {
			case r.ReversedBy != 0:
				status = cell{"⊘ cancelled", toneMuted}
			case r.Confirmed:
				status = cell{"✓ confirmed", toneOK}
			}
			ls = append(ls, rowLine(repoCols, cell{"#" + strconv.Itoa(int(r.Seq)), toneNone}, cell{sanitize(r.Holding + " via " + r.Source), toneNone},
				cell{whole(r.Value), toneNone}, cell{whole(r.Cash), toneNone}, cell{clock(r.ArrivesAt, d.now), toneNone}, status).pick().findAs(d.nameOf("holding", r.Holding), d.nameOf("source", r.Source)))
			c.refs = append(c.refs, collRef{holding: r.Holding, seq: r.Seq, repo: true, confirmed: r.Confirmed || r.ReversedBy != 0})
		}
	}
	if len(st.Posts) > 0 {
		ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, "POSTINGS · x takes the selected posting back"), headLine(postCols))
		for _, p := range st.Posts {
			status := cell{"✓ posted", toneOK}
			if p.ReversedBy != 0 {
				status = cell{"⊘ reversed", toneMuted}
			}
			ls = append(ls, rowLine(postCols, cell{"#" + strconv.Itoa(int(p.Seq)), toneNone}, cell{sanitize(p.Holding), toneNone},
				cell{sanitize(p.Counterparty), toneNone}, cell{whole(p.Value), toneNone}, cell{whole(p.Credit), toneNone}, status).pick().findAs(d.nameOf("holding", p.Holding), d.nameOf("cp", p.Counterparty)))
			c.refs = append(c.refs, collRef{holding: p.Holding, cp: p.Counterparty, seq: p.Seq, confirmed: p.ReversedBy != 0})
		}
	}
	ls = append(ls, textLine(toneNone, ""), textLine(toneTitle, "OPTIMISER PROPOSAL · a accepts (each step is its own decision)"))
	switch {
	case !d.drv.ready:
		ls = append(ls, textLine(toneMuted, "  working…"))
	case d.drv.prop.err != "":
		ls = append(ls, textLine(toneMuted, "  "+sanitize(d.drv.prop.err)))
	default:
		if funded(st) {
			ls = append(ls, textLine(toneMuted, "  for what is still short, after the draws, postings and repos already made"))
		}
		for _, l := range d.drv.prop.lines {
			ls = append(ls, textLine(toneNone, "  "+sanitize(l)))
		}
	}
	c.list.setLines(ls)
}

// funded reports whether any draw, posting or repo is active, so that the
// proposal says it plans only for what is still short.
func funded(s playbook.State) bool {
	for _, x := range s.Draws {
		if x.ReversedBy == 0 {
			return true
		}
	}
	for _, x := range s.Posts {
		if x.ReversedBy == 0 {
			return true
		}
	}
	for _, x := range s.Repos {
		if x.ReversedBy == 0 {
			return true
		}
	}
	return false
}

func (c collateralModel) selected() (collRef, bool) {
	i := c.list.selected()
	if i < 0 || i >= len(c.refs) {
		return collRef{}, false
	}
	return c.refs[i], true
}
