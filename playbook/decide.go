package playbook

import (
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// Decide validates a decision against the current state and resolves it
// into the event to record, at incident time `at` and wall time `wall`.
// It refuses (with an *Error) what the state does not allow: drawing more
// than is left, posting a security already lent, selling more than is
// held, approving one's own request. It does not change the state.
func Decide(s State, d Decision, at, wall time.Time) (Event, error) {
	return decide(s, Compute(s, at), d, at, wall)
}

// decide is Decide with the figures of s at `at` already computed. The
// event carries the version it will be written with, so that applying it
// live reads it as the replay will.
func decide(s State, f Figures, d Decision, at, wall time.Time) (Event, error) {
	e, err := decideEvent(s, f, d, at, wall)
	e.Version = eventVersion(e)
	return e, err
}

func decideEvent(s State, f Figures, d Decision, at, wall time.Time) (Event, error) {
	e := Event{Version: versionOf(d.Kind), Kind: d.Kind, Operator: strings.TrimSpace(d.Operator), Wall: wall, At: at,
		Stage: s.Stage, Rationale: d.Rationale}
	if e.Operator == "" {
		return e, refuse(Invalid, "every decision needs an operator (--operator NAME)")
	}
	if s.Closed {
		why := s.ClosedWhy
		if why == "" {
			why = "closed"
		}
		return e, refuse(Conflict, "the incident closed at %s (%s): no decision is accepted after it", s.ClosedAt.Format("Mon 15:04"), why)
	}
	var err error
	switch d.Kind {
	case Acknowledge:
		if s.Acknowledged {
			return e, refuse(Conflict, "the alert was acknowledged at %s", s.AckAt.Format("15:04"))
		}
	case SelectScenario:
		if _, ok := s.Book.Scenario(d.Scenario); !ok || d.Scenario == "" {
			return e, refuse(NotFound, "no scenario %q in the book", d.Scenario)
		}
		e.Scenario = d.Scenario
	case SetCall:
		// Version 1's actual call: recorded now as a keyed call.
		e.Kind, d.Kind = KeyCall, KeyCall
		err = decideCall(s, f, d, &e)
	case KeyCall, Agree, Dispute, Resolve, Revise, Pay, AskExtension, GrantExtension:
		err = decideCall(s, f, d, &e)
	case AssignRole:
		if strings.TrimSpace(d.Role) == "" || strings.TrimSpace(d.Assignee) == "" {
			return e, refuse(Invalid, "a role assignment needs a role (%s) and a name", strings.Join(Roles, ", "))
		}
		e.Role, e.Assignee = strings.TrimSpace(d.Role), strings.TrimSpace(d.Assignee)
	case Draw:
		err = decideDraw(s, f, d, &e)
	case Post:
		err = decidePost(f, d, &e)
	case StageRepo:
		err = decideRepo(f, d, &e)
	case ConfirmRepo:
		i := bySeq(s.Repos, d.Target, func(r RepoState) uint64 { return r.Seq })
		switch {
		case i < 0:
			return e, refuse(NotFound, "no staged repo at decision %d", d.Target)
		case s.Repos[i].ReversedBy != 0:
			return e, refuse(Conflict, "repo %d was cancelled by decision %d", d.Target, s.Repos[i].ReversedBy)
		case s.Repos[i].Confirmed:
			return e, refuse(Conflict, "repo %d is already confirmed", d.Target)
		}
		e.Target, e.Holding, e.Amount = d.Target, s.Repos[i].Holding, dec(s.Repos[i].Cash)
	case Liquidate:
		err = decideSale(s, f, d, &e)
	case Convert:
		err = decideConvert(s, f, d, &e)
	case Status:
		if !slices.Contains(Statuses, d.Status) {
			return e, refuse(Invalid, "status %q: want one of %s", d.Status, strings.Join(Statuses, ", "))
		}
		if k, ok := statusKinds[d.Status]; ok {
			// A status with figures is the ledger event behind it.
			d.Kind, e.Kind = k, k
		} else {
			e.Status = d.Status
		}
		err = decideCall(s, f, d, &e)
	case Message:
		if _, ok := s.Book.Counterparty(d.Counterparty); !ok {
			return e, refuse(NotFound, "no counterparty %q", d.Counterparty)
		}
		if strings.TrimSpace(d.Text) == "" {
			return e, refuse(Invalid, "a message needs text")
		}
		e.Counterparty, e.Text, e.Direction = d.Counterparty, d.Text, d.Direction
		if e.Direction == "" {
			e.Direction = "sent"
		}
		if e.Direction != "sent" && e.Direction != "received" && e.Direction != "drafted" {
			return e, refuse(Invalid, "message direction %q: want sent, received or drafted", d.Direction)
		}
	case Note:
		if strings.TrimSpace(d.Text) == "" {
			return e, refuse(Invalid, "a note needs text")
		}
		e.Text = d.Text
	case Goto:
		if !d.Stage.Valid() {
			return e, refuse(Invalid, "stage %d: want 1 to 5", d.Stage)
		}
		e.ToStage = d.Stage
	case Reverse:
		err = decideReverse(s, d, &e)
	case Approve, Reject:
		err = decideApproval(s, f, d, &e)
	case Close:
		e.Text = strings.TrimSpace(d.Text)
		if e.Text == "" {
			return e, refuse(Invalid, "closing an incident needs a reason")
		}
	case Join, Leave:
		err = decidePresence(s, d, &e)
	case Market:
		if d.Market == nil {
			return e, refuse(Invalid, "a market move needs its content")
		}
		e.Market = d.Market
	default:
		return e, refuse(Invalid, "unknown decision %q", d.Kind)
	}
	return e, err
}

func sourceFigure(f Figures, id string) (SourceFigure, bool) {
	for _, s := range f.Sources {
		if s.ID == id {
			return s, true
		}
	}
	return SourceFigure{}, false
}

func decideDraw(s State, f Figures, d Decision, e *Event) error {
	src, ok := sourceFigure(f, d.Source)
	if !ok {
		return refuse(NotFound, "no source %q (have: %s)", d.Source, sourceIDs(f))
	}
	if src.Withdrawn {
		return refuse(Conflict, "%s is withdrawn in this scenario: it cannot be drawn", src.ID)
	}
	// An asset-sale tier sells a position that a sale may already have
	// sold in part: the refusal says what is sold, and by which decisions.
	sold := ""
	if ps := f.SoldOf(src.Position); src.Kind == engine.SourceAssetSale && ps.Sold.Sign() > 0 {
		sold = ps.Text()
	}
	if src.Left.Sign() <= 0 {
		if sold != "" {
			return refuse(Conflict, "nothing is left to draw from %s: %s", src.ID, sold)
		}
		return refuse(Conflict, "nothing is left to draw from %s (%s used of %s)", src.ID,
			engine.FormatMoney(src.Used), engine.FormatMoney(src.Capacity))
	}
	amt := d.Amount
	switch {
	case amt.IsZero():
		amt = src.Left
	case amt.Sign() < 0:
		return refuse(Invalid, "a draw must be positive; to cancel a draw, reverse it")
	case amt.Cmp(src.Left) > 0:
		if sold != "" {
			return refuse(Conflict, "cannot draw %s from %s: only %s is left (%s)", engine.FormatMoney(amt), src.ID, engine.FormatMoney(src.Left), sold)
		}
		return refuse(Conflict, "cannot draw %s from %s: only %s is left", engine.FormatMoney(amt), src.ID, engine.FormatMoney(src.Left))
	}
	e.Source, e.Amount, e.ArrivesAt = src.ID, dec(engine.Cents(amt)), tm(src.ArrivesAt)
	e.Held = needsApproval(s.Book, src.Kind, amt)
	return nil
}

// needsApproval applies the book's four-eyes rules to a draw.
func needsApproval(b *engine.Book, kind engine.SourceKind, amt decimal.Decimal) bool {
	c := b.FourEyes
	if !c.Enabled {
		return false
	}
	if slices.Contains(c.SourceKinds, kind) {
		return true
	}
	return c.Above.Sign() > 0 && amt.Cmp(c.Above) >= 0
}

func sourceIDs(f Figures) string {
	ids := make([]string, len(f.Sources))
	for i, s := range f.Sources {
		ids[i] = s.ID
	}
	return strings.Join(ids, ", ")
}

func holdingFigure(f Figures, id string) (HoldingFigure, bool) {
	for _, h := range f.Holdings {
		if h.ID == id {
			return h, true
		}
	}
	return HoldingFigure{}, false
}
