package drill

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// Debrief is the end of a drill: did the firm survive, which deadlines it
// met and missed, what it cost, how fast the team moved, and each of its
// decisions beside what the engine would have done at that moment.
type Debrief struct {
	Drill, Firm string
	Survived    bool
	Insolvent   bool
	InsolventAt time.Time
	Reason      string
	Deadlines   []Deadline
	Met, Missed int
	// Calls is each call's lifecycle at the end: paid late when a payment
	// on it came after its deadline; disputes raised and resolved.
	Calls                            []CallOutcome
	PaidLate, Disputes, DisputesOpen int
	LiquidityCost                    decimal.Decimal
	SaleCost                         decimal.Decimal
	FireSaleLoss                     decimal.Decimal
	PeakDue                          decimal.Decimal
	Metrics                          playbook.Metrics
	Decisions                        []Review
	Score                            int
	ScoreParts                       []string
	Ended                            time.Time
	CompletedToTheEnds               bool
}

// CallOutcome is one call at the end of the drill.
type CallOutcome struct {
	Counterparty, Cycle, Status string
	Ref                         uint64
	Deadline                    time.Time
	Amount, Paid, Due, Disputed decimal.Decimal
	PaidLate, DisputeRaised     bool
	DisputeResolved             bool
}

// Review is one of the players' decisions beside the engine's.
type Review struct {
	Seq         uint64
	At          time.Time
	Operator    string
	Action      string
	EngineWould string
}

// Score rules. A drill is scored out of 1000, to reward meeting every
// deadline at the least cost:
//
//   - 250 off for each deadline missed, and 200 more if the firm ends
//     insolvent: survival dominates everything else;
//   - 1 off per basis point of the peak amount due that the incident
//     cost: liquidity cost plus liquidation cost, with fire-sale losses
//     counted twice, at most 500 off. Costs are scored against the size
//     of the crisis so that a drill on a 10M call and one on a 40M call
//     score alike (a flat "1 per 1,000" would zero every Helios run);
//   - 25 off for each call paid (in whole or part) after its deadline,
//     and 10 off for each dispute still open when the drill ends: a
//     dispute raised is to be reconciled, not left to lapse;
//   - 50 on for acknowledging the alert within 15 minutes of incident
//     time, 25 within 30: triage first.
//
// The score is never below 0.
const (
	PerMissed      = 250
	PerPaidLate    = 25
	PerOpenDispute = 10
	Insolvency     = 200
	MaxCostPoints  = 500
	TriageFast     = 50
	TriageFastTime = 15 * time.Minute
	TriageOK       = 25
	TriageOKTime   = 30 * time.Minute
)

// ScoreOf applies the score rules.
func ScoreOf(missed int, insolvent bool, liquidity, sale, fire, peak decimal.Decimal, triaged bool, triage time.Duration) (int, []string) {
	score, parts := 1000, []string{"start 1000"}
	if missed > 0 {
		score -= PerMissed * missed
		parts = append(parts, "-"+itoa(PerMissed*missed)+" for "+itoa(missed)+" missed deadline(s)")
	}
	if insolvent {
		score -= Insolvency
		parts = append(parts, "-"+itoa(Insolvency)+" insolvent")
	}
	cost := liquidity.Add(sale).Add(fire)
	if peak.Sign() > 0 && cost.Sign() > 0 {
		pts := cost.Mul(decimal.NewFromInt(10000)).DivRound(peak, 0).IntPart()
		if pts > MaxCostPoints {
			pts = MaxCostPoints
		}
		score -= int(pts)
		parts = append(parts, "-"+itoa(int(pts))+" cost ("+engine.FormatMoney(cost)+" against a peak due of "+engine.FormatMoney(peak)+", 1 per bp)")
	}
	switch {
	case triaged && triage <= TriageFastTime:
		score += TriageFast
		parts = append(parts, "+"+itoa(TriageFast)+" triage within 15m")
	case triaged && triage <= TriageOKTime:
		score += TriageOK
		parts = append(parts, "+"+itoa(TriageOK)+" triage within 30m")
	}
	if score < 0 {
		score = 0
	}
	return score, parts
}

// Compute works out the debrief from a drill's log alone: the book and
// scenario it was run on, its events, and the drill's end.
func Compute(name string, b *engine.Book, scenario string, events []playbook.Event, ends time.Time) (Debrief, error) {
	d := Debrief{Drill: name, Firm: b.Firm}
	steps, err := playbook.Timeline(b, scenario, events)
	if err != nil {
		return d, err
	}
	led := newLedger(b, scenario)
	s, err := playbook.NewState(b, scenario)
	if err != nil {
		return d, err
	}
	var missed []Deadline
	for i, e := range events {
		if i > 0 {
			s = steps[i-1].State
		}
		f := playbook.Compute(s, e.At)
		if f.Due.Cmp(d.PeakDue) > 0 {
			d.PeakDue = f.Due
		}
		switch {
		case e.Operator == Operator && e.Kind == playbook.Note && strings.HasPrefix(e.Rationale, TagSettlement):
			missed = led.settle(f, e.At)
		case e.Operator == Operator && e.Kind == playbook.Note && strings.HasPrefix(e.Rationale, TagVerdict):
			led.judge(s, f, missed, e.At)
		case e.Operator == Operator && e.Kind == playbook.Note && strings.HasPrefix(e.Rationale, TagEnd):
			d.CompletedToTheEnds = true
		case e.Operator == Operator, e.Kind == playbook.Note:
			// The script's own events and notes are not decisions to review.
		default:
			d.Decisions = append(d.Decisions, Review{Seq: e.Seq, At: e.At, Operator: e.Operator,
				Action: playbook.Describe(e), EngineWould: Explain(s, e.At)})
		}
	}
	final, _ := playbook.NewState(b, scenario)
	d.Ended = b.AsOf
	if n := len(steps); n > 0 {
		final, d.Ended = steps[n-1].State, steps[n-1].Event.At
	}
	f := playbook.Compute(final, d.Ended)
	if f.Due.Cmp(d.PeakDue) > 0 {
		d.PeakDue = f.Due
	}
	d.CompletedToTheEnds = d.CompletedToTheEnds || led.insolvent
	d.Deadlines = led.deadlines
	for _, x := range d.Deadlines {
		if x.Met() {
			d.Met++
		} else {
			d.Missed++
		}
	}
	d.Insolvent, d.Reason, d.InsolventAt = led.insolvent, led.reason, led.insolventAt
	d.Survived = !d.Insolvent && d.Missed == 0
	d.LiquidityCost, d.SaleCost, d.FireSaleLoss = f.LiquidityCost, f.SaleCost, f.FireSaleLoss
	end := ends
	if d.Insolvent {
		end = d.InsolventAt
	}
	d.Metrics = playbook.Measure(b, steps, end)
	// Funding is the team's: the counterparty's forced sales do not count.
	d.Metrics.Funded, d.Metrics.TimeToFirstFunding = false, 0
	for _, e := range events {
		if e.Operator != Operator && !e.Held && (e.Kind == playbook.Draw || e.Kind == playbook.Post ||
			e.Kind == playbook.ConfirmRepo || e.Kind == playbook.Liquidate) {
			d.Metrics.Funded, d.Metrics.TimeToFirstFunding = true, e.At.Sub(b.AsOf).Round(time.Second)
			break
		}
	}
	d.Score, d.ScoreParts = ScoreOf(d.Missed, d.Insolvent, d.LiquidityCost, d.SaleCost, d.FireSaleLoss, d.PeakDue,
		d.Metrics.Triaged, d.Metrics.TimeToTriage)
	d.outcomes(f)
	d.Score, d.ScoreParts = scoreCalls(d.Score, d.ScoreParts, d.PaidLate, d.DisputesOpen)
	return d, nil
}

// outcomes reads each call's lifecycle from the final figures.
func (d *Debrief) outcomes(f playbook.Figures) {
	for _, c := range f.Calls {
		o := CallOutcome{Counterparty: c.Counterparty, Cycle: c.Cycle, Status: c.Status.Status, Ref: c.Ref, Deadline: c.Deadline,
			Amount: c.Amount, Paid: c.Paid, Due: c.Due, Disputed: c.Disputed}
		for _, p := range c.Ledger.Payments {
			if p.Active() && p.At.After(c.Deadline) {
				o.PaidLate = true
			}
		}
		for _, st := range c.Ledger.Steps {
			switch st.Kind {
			case playbook.Dispute:
				o.DisputeRaised = true
				d.Disputes++
			case playbook.Resolve:
				o.DisputeResolved = true
			}
		}
		if o.PaidLate {
			d.PaidLate++
		}
		if c.Disputed.Sign() > 0 {
			d.DisputesOpen++
		}
		if o.DisputeRaised || o.Paid.Sign() > 0 || c.Actual {
			d.Calls = append(d.Calls, o)
		}
	}
}

// scoreCalls applies the call-lifecycle score rules after ScoreOf.
func scoreCalls(score int, parts []string, paidLate, openDisputes int) (int, []string) {
	if paidLate > 0 {
		score -= PerPaidLate * paidLate
		parts = append(parts, "-"+itoa(PerPaidLate*paidLate)+" for "+itoa(paidLate)+" call(s) paid after the deadline")
	}
	if openDisputes > 0 {
		score -= PerOpenDispute * openDisputes
		parts = append(parts, "-"+itoa(PerOpenDispute*openDisputes)+" for "+itoa(openDisputes)+" dispute(s) left open")
	}
	return max(score, 0), parts
}

type deadlineJSON struct {
	Counterparty string `json:"counterparty"`
	Deadline     string `json:"deadline"`
	Amount       string `json:"amount"`
	Shortfall    string `json:"shortfall"`
	Met          bool   `json:"met"`
}

type reviewJSON struct {
	Seq         uint64 `json:"seq"`
	At          string `json:"at"`
	Operator    string `json:"operator"`
	Action      string `json:"action"`
	EngineWould string `json:"engine_would"`
}

// MarshalJSON writes the debrief with money as two-decimal strings and
// times in RFC 3339.
func (d Debrief) MarshalJSON() ([]byte, error) {
	m := engine.JSONMoney
	dls := make([]deadlineJSON, len(d.Deadlines))
	for i, x := range d.Deadlines {
		dls[i] = deadlineJSON{x.Counterparty, x.Deadline.Format(time.RFC3339), m(x.Amount), m(x.Shortfall), x.Met()}
	}
	revs := make([]reviewJSON, len(d.Decisions))
	for i, x := range d.Decisions {
		revs[i] = reviewJSON{x.Seq, x.At.Format(time.RFC3339), x.Operator, x.Action, x.EngineWould}
	}
	stages := map[string]string{}
	for s, dur := range d.Metrics.PerStage {
		stages[s.String()] = dur.String()
	}
	var dur = func(ok bool, v time.Duration) any {
		if !ok {
			return nil
		}
		return v.String()
	}
	out := map[string]any{
		"drill": d.Drill, "firm": d.Firm, "survived": d.Survived, "insolvent": d.Insolvent,
		"deadlines_met": d.Met, "deadlines_missed": d.Missed, "deadlines": dls,
		"liquidity_cost": m(d.LiquidityCost), "sale_cost": m(d.SaleCost), "fire_sale_loss": m(d.FireSaleLoss),
		"peak_due": m(d.PeakDue), "score": d.Score, "calls": callsJSON(d.Calls),
		"calls_paid_late": d.PaidLate, "disputes_raised": d.Disputes, "disputes_open": d.DisputesOpen, "score_breakdown": d.ScoreParts,
		"time_to_triage": dur(d.Metrics.Triaged, d.Metrics.TimeToTriage), "time_to_first_funding": dur(d.Metrics.Funded, d.Metrics.TimeToFirstFunding),
		"time_per_stage": stages, "decisions": revs, "ended": d.Ended.Format(time.RFC3339), "complete": d.CompletedToTheEnds,
	}
	if d.Insolvent {
		out["insolvent_at"], out["reason"] = d.InsolventAt.Format(time.RFC3339), d.Reason
	}
	return json.Marshal(out)
}

func callsJSON(cs []CallOutcome) []map[string]any {
	out := make([]map[string]any, 0, len(cs))
	for _, c := range cs {
		out = append(out, map[string]any{"counterparty": c.Counterparty, "cycle": c.Cycle, "status": c.Status,
			"deadline": c.Deadline.Format(time.RFC3339), "amount": engine.JSONMoney(c.Amount), "paid": engine.JSONMoney(c.Paid),
			"due": engine.JSONMoney(c.Due), "disputed": engine.JSONMoney(c.Disputed), "paid_late": c.PaidLate,
			"dispute_raised": c.DisputeRaised, "dispute_resolved": c.DisputeResolved})
	}
	return out
}
