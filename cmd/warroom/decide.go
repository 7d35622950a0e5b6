package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

func init() { addCmd(newDecideCmd) }

const decideUsage = `decisions:
  ack                              acknowledge the alert
  scenario ID                      stress with another scenario
  call CPTY AMOUNT [--vm X --im Y] [--cycle intraday|eod] [--deadline T] [--currency CCY]
                                   key a call received (a second call is another call;
                                   at a CCP the VM part is cash only, the IM part may take securities;
                                   --currency: the call's, default the counterparty's own)
  role ROLE NAME                   assign a role (incident lead, treasury, collateral, trading, communications)
  draw SOURCE [AMOUNT]             draw a source in full, or in part
  post HOLDING CPTY [VALUE]        post collateral (no value: just enough for the call's IM part)
  repo HOLDING [VALUE] [--source ID]  stage a repo; 'confirm SEQ' makes its cash count
  confirm SEQ                      confirm a staged repo
  sell POSITION VALUE              liquidate a value of a position
  convert SELL BUY AMOUNT [--rate R|market] [--via ID] [--source S]
                                   strike an FX deal: sell AMOUNT of SELL (unspent funds, earliest first)
                                   for BUY at R (as the market quotes the pair, GBPUSD 1.30) or at market;
                                   --bought X instead buys X; it settles per both currencies' calendars
  status CPTY STATUS [AMOUNT]      called|acknowledged|agreed|disputed AMOUNT|resolved AGREED|
                                   extension_asked --until T|extension_granted [--until T]|paid [AMOUNT]
  agree CPTY                       the call is agreed in full
  dispute CPTY AMOUNT [--reason R] dispute part of a call (portfolio|valuation|collateral|threshold|mta|other);
                                   the undisputed part stays due by the deadline
  resolve CPTY AGREED              the dispute settles: AGREED is due
  revise CPTY AMOUNT               the counterparty revises its call (an open dispute lapses)
  pay CPTY [AMOUNT] [--source S]   a payment (no amount: all that is due), spending funds that have
                                   arrived: the source or holding named, else earliest-arriving first
  (the call: the counterparty's open call with the earliest deadline; --cycle, --currency or --call SEQ names another)
  message CPTY TEXT [--received]   a message sent (or received)
  note TEXT                        a note for the record
  stage N                          go to stage 1-5
  reverse SEQ                      cancel a draw, posting, repo or held request
  approve SEQ | reject SEQ         four-eyes: a second operator decides on a held request`

// decideOpts are decide's flags beside the incident's.
type decideOpts struct {
	rationale, deadline, until, source, at string
	received                               bool
	call                                   callOpts
	fx                                     fxOpts
}

// flagKinds are the decisions a decision-specific flag belongs to: any
// other decision refuses it rather than ignore it.
var flagKinds = map[string][]string{
	"deadline": {"call"}, "vm": {"call"}, "im": {"call"},
	"until":  {"status"},
	"source": {"repo", "pay", "status", "convert"},
	"rate":   {"convert"}, "via": {"convert"}, "bought": {"convert"},
	"received": {"message"},
	"reason":   {"dispute", "status"},
}

func newDecideCmd(e *env) *cobra.Command {
	var f incidentFlags
	var o decideOpts
	cmd := &cobra.Command{
		Use:   "decide DECISION [ARGS...]",
		Short: "record one decision in an incident's log and print the new shortfall",
		Long: "decide appends one decision to the incident in --db (created from --book or\n" +
			"--demo when the file does not exist yet), fsynced before it is confirmed.\n\n" + decideUsage,
		Example: "  warroom decide --db inc.db ack\n  warroom decide --db inc.db draw cash 2000000 --rationale \"first tier\"\n  warroom decide --db inc.db call CME 10500000 --vm 9000000 --im 1500000 --deadline 2026-03-16T16:00:00-04:00",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErr("name a decision (one of: %s)", strings.Join(decisionKinds(), ", "))
			}
			return nil
		},
		ValidArgsFunction: completeDecision,
		RunE: func(cmd *cobra.Command, args []string) error {
			for fl, kinds := range flagKinds {
				if cmd.Flags().Changed(fl) && !slices.Contains(kinds, args[0]) {
					return usageErr("--%s belongs to '%s' decisions, not '%s'", fl, strings.Join(kinds, "', '"), args[0])
				}
			}
			return runDecide(e, f, o, args)
		},
	}
	fs := cmd.Flags()
	f.stdin = e.stdin
	f.bookFlags.register(fs)
	f.registerDB(fs)
	f.registerOperator(fs)
	completeBook(cmd)
	fs.StringVar(&o.rationale, "rationale", "", "why (kept in the log)")
	fs.StringVar(&o.deadline, "deadline", "", "call: the deadline (RFC 3339)")
	fs.StringVar(&o.until, "until", "", "extension asked or granted: until when (RFC 3339)")
	fs.StringVar(&o.source, "source", "", "repo: the repo line to use; pay: the source or holding that pays")
	fs.BoolVar(&o.received, "received", false, "message: it came from the counterparty")
	fs.StringVar(&o.call.vm, "vm", "", "call: the VM part (cash only at a CCP)")
	fs.StringVar(&o.call.im, "im", "", "call: the IM part (may take eligible securities)")
	fs.StringVar(&o.call.cycle, "cycle", "", "call: intraday or eod (default eod); other call decisions: which cycle's call")
	fs.StringVar(&o.call.reason, "reason", "", "dispute: the reason code (portfolio|valuation|collateral|threshold|mta|other)")
	fs.Uint64Var(&o.call.call, "call", 0, "call decisions: the call, by the `SEQ` of the decision that keyed it")
	fs.StringVar(&o.call.currency, "currency", "", "call: the currency it is in (default the counterparty's own); other call decisions: the counterparty's call in this `CCY`")
	o.fx.register(fs)
	fs.StringVar(&o.at, "at", "", "the incident `TIME` the decision was taken (RFC 3339, or HH:MM on the incident's day; default: the incident clock)")
	_ = cmd.RegisterFlagCompletionFunc("source", completeIDs(func(b *engine.Book) []string {
		return append(sourceIDs(b), holdingIDs(b)...)
	}))
	_ = cmd.RegisterFlagCompletionFunc("cycle", cobra.FixedCompletions([]string{playbook.CycleIntraday, playbook.CycleEOD}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("reason", cobra.FixedCompletions([]string{"portfolio", "valuation", "collateral", "threshold", "mta", "other"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runDecide(e *env, f incidentFlags, o decideOpts, pos []string) error {
	d, err := decision(pos, o.deadline, o.until, o.source, o.received)
	if err != nil {
		return err
	}
	if err := o.call.apply(&d); err != nil {
		return err
	}
	if err := o.fx.apply(&d); err != nil {
		return err
	}
	d.Operator, d.Rationale = f.who(e), o.rationale
	if o.at != "" {
		if f.at, err = incidentTime(&f, o.at); err != nil {
			return err
		}
	}
	s, err := openSession(&f, false)
	if err != nil {
		return err
	}
	defer s.Close()
	if last := s.incident.Snapshot().State; !f.at.IsZero() && f.at.Before(last.LastAt) {
		return inputErr(fmt.Errorf("--at %s is before the last decision (#%d at %s): the log is in incident-time order",
			f.at.Format("15:04"), last.Seq, last.LastAt.Format("15:04")))
	}
	if cp, ok := s.incident.Snapshot().State.Book.Counterparty(d.Counterparty); ok && !playbook.KnownCycle(cp, d.Cycle) {
		return usageErr("--cycle %q: want intraday, eod or a cycle the book gives %s", d.Cycle, cp.ID)
	}
	ev, err := s.incident.Decide(d)
	if err != nil {
		if playbook.ErrorCode(err) == playbook.Internal {
			return logErr(err)
		}
		return inputErr(fmt.Errorf("refused: %w", err))
	}
	fig := s.incident.Snapshot().Figures
	if f.json {
		return writeJSON(e.stdout, map[string]any{
			"seq": ev.Seq, "kind": ev.Kind, "operator": ev.Operator, "action": playbook.Describe(ev),
			"incident_time": rfc(ev.At), "wall_time": rfc(ev.Wall), "held": ev.Held,
			"due": m(fig.Due), "secured": m(fig.Secured), "shortfall": m(fig.Shortfall), "covered": fig.Covered,
			"paid": m(fig.Paid), "disputed": m(fig.Disputed), "calls": callsJSON(fig),
			"conversions": struckJSON(fig), "currencies": liveCurrenciesJSON(fig), "positions_sold": soldJSON(fig),
		})
	}
	if s.created {
		fmt.Fprintf(e.stderr, "new incident %s (%s, scenario %s)\n", f.db, s.book.Firm, s.scenario)
	}
	fmt.Fprintf(e.stdout, "recorded #%d %s by %s at %s\n", ev.Seq, playbook.Describe(ev), ev.Operator, ev.At.Format("15:04:05"))
	word := "SHORTFALL"
	if fig.Covered {
		word = "covered, shortfall"
	}
	fmt.Fprintf(e.stdout, "due %s, secured in time %s, %s %s", engine.FormatMoney(fig.Due), engine.FormatMoney(fig.Secured), word, engine.FormatMoney(fig.Shortfall))
	if fig.Paid.Sign() > 0 || fig.Disputed.Sign() > 0 {
		fmt.Fprintf(e.stdout, " (paid %s; %s disputed, due on resolution)", engine.FormatMoney(fig.Paid), engine.FormatMoney(fig.Disputed))
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// decision reads a decision from its words.
func decision(w []string, deadline, until, source string, received bool) (playbook.Decision, error) {
	var d playbook.Decision
	need := func(n int, form string) error {
		if len(w) > n+1 && !strings.HasSuffix(form, "...") {
			return usageErr("%s: unexpected argument %q; want '%s %s'", w[0], w[n+1], w[0], form)
		}
		if len(w) < n+1 {
			return usageErr("%s: want '%s %s'", w[0], w[0], strings.TrimSuffix(form, "..."))
		}
		return nil
	}
	opt := func(n int, form string) error {
		if len(w) > n+2 {
			return usageErr("%s: unexpected argument %q; want '%s %s'", w[0], w[n+2], w[0], form)
		}
		if len(w) < n+1 {
			return usageErr("%s: want '%s %s'", w[0], w[0], form)
		}
		return nil
	}
	amount := func(i int) (decimal.Decimal, error) {
		if i >= len(w) {
			return decimal.Zero, nil
		}
		a, err := engine.ParseAmount(w[i])
		if err != nil {
			return a, usageErr("%v", err)
		}
		return a, nil
	}
	seq := func() (uint64, error) {
		n, err := strconv.ParseUint(strings.TrimPrefix(w[1], "#"), 10, 64)
		if err != nil {
			return 0, usageErr("%s: %q is not a decision number", w[0], w[1])
		}
		return n, nil
	}
	when := func(s, flag string) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return t, usageErr("--%s %q: want RFC 3339", flag, s)
		}
		return t, nil
	}
	var err error
	switch w[0] {
	case "ack", "acknowledge":
		d.Kind, err = playbook.Acknowledge, need(0, "")
	case "scenario":
		if err = need(1, "ID"); err == nil {
			d.Kind, d.Scenario = playbook.SelectScenario, w[1]
		}
	case "call":
		if err = need(2, "CPTY AMOUNT"); err == nil {
			d.Kind, d.Counterparty = playbook.SetCall, w[1]
			if d.Amount, err = amount(2); err == nil {
				d.Deadline, err = when(deadline, "deadline")
			}
		}
	case "role":
		if err = need(2, "ROLE NAME..."); err == nil {
			d.Kind, d.Role, d.Assignee = playbook.AssignRole, w[1], strings.Join(w[2:], " ")
		}
	case "draw":
		if err = opt(1, "SOURCE [AMOUNT]"); err == nil {
			d.Kind, d.Source = playbook.Draw, w[1]
			d.Amount, err = amount(2)
		}
	case "post":
		if err = opt(2, "HOLDING CPTY [VALUE]"); err == nil {
			d.Kind, d.Holding, d.Counterparty = playbook.Post, w[1], w[2]
			d.Amount, err = amount(3)
		}
	case "repo":
		if err = opt(1, "HOLDING [VALUE]"); err == nil {
			d.Kind, d.Holding, d.Source = playbook.StageRepo, w[1], source
			d.Amount, err = amount(2)
		}
	case "confirm":
		if err = need(1, "SEQ"); err == nil {
			d.Kind = playbook.ConfirmRepo
			d.Target, err = seq()
		}
	case "sell", "liquidate":
		if err = need(2, "POSITION VALUE"); err == nil {
			d.Kind, d.Position = playbook.Liquidate, w[1]
			d.Amount, err = amount(2)
		}
	case "convert", "fx":
		if err = opt(2, "SELL BUY [AMOUNT]"); err == nil {
			d.Kind, d.Sell, d.Buy, d.Source = playbook.Convert, w[1], w[2], source
			d.Amount, err = amount(3)
		}
	case "status":
		if err = opt(2, "CPTY STATUS [AMOUNT]"); err == nil {
			d.Kind, d.Counterparty, d.Status, d.Source = playbook.Status, w[1], w[2], source
			if d.Amount, err = amount(3); err == nil {
				d.Until, err = when(until, "until")
			}
		}
	case "agree":
		if err = need(1, "CPTY"); err == nil {
			d.Kind, d.Counterparty = playbook.Agree, w[1]
		}
	case "dispute", "resolve", "revise":
		if err = need(2, "CPTY AMOUNT"); err == nil {
			d.Kind = map[string]playbook.Kind{"dispute": playbook.Dispute, "resolve": playbook.Resolve, "revise": playbook.Revise}[w[0]]
			d.Counterparty = w[1]
			d.Amount, err = amount(2)
		}
	case "pay":
		if err = opt(1, "CPTY [AMOUNT]"); err == nil {
			d.Kind, d.Counterparty, d.Source = playbook.Pay, w[1], source
			d.Amount, err = amount(2)
		}
	case "message":
		if err = need(2, "CPTY TEXT..."); err == nil {
			d.Kind, d.Counterparty, d.Text = playbook.Message, w[1], strings.Join(w[2:], " ")
			if received {
				d.Direction = "received"
			}
		}
	case "note":
		if err = need(1, "TEXT..."); err == nil {
			d.Kind, d.Text = playbook.Note, strings.Join(w[1:], " ")
		}
	case "stage":
		if err = need(1, "N"); err == nil {
			d.Kind = playbook.Goto
			if d.Stage, err = playbook.ParseStage(w[1]); err != nil {
				err = usageErr("%v", err)
			}
		}
	case "reverse", "cancel", "approve", "reject":
		if err = need(1, "SEQ"); err == nil {
			d.Kind = map[string]playbook.Kind{"reverse": playbook.Reverse, "cancel": playbook.Reverse,
				"approve": playbook.Approve, "reject": playbook.Reject}[w[0]]
			d.Target, err = seq()
		}
	default:
		return d, usageErr("unknown decision %q\n%s", w[0], decideUsage)
	}
	return d, err
}

// incidentTime reads --at: RFC 3339, or HH:MM on the day of the incident's
// alert (its book's as_of), in the book's zone.
func incidentTime(f *incidentFlags, v string) (time.Time, error) {
	t, rfcErr := time.Parse(time.RFC3339, v)
	hm, err := time.Parse("15:04", v)
	if rfcErr != nil && err != nil {
		return time.Time{}, usageErr("--at %q: want RFC 3339 or HH:MM", v)
	}
	asOf, err := incidentAsOf(f)
	if err != nil {
		return time.Time{}, err
	}
	if rfcErr == nil {
		// The same instant on the book's clock (as_of is in its zone).
		return t.In(asOf.Location()), nil
	}
	return time.Date(asOf.Year(), asOf.Month(), asOf.Day(), hm.Hour(), hm.Minute(), 0, 0, asOf.Location()), nil
}

// callOpts are the flags of the call decisions.
type callOpts struct {
	vm, im, cycle, reason string
	currency              string
	call                  uint64
}

func (o callOpts) apply(d *playbook.Decision) error {
	for _, p := range []struct {
		flag, v string
		to      **decimal.Decimal
	}{{"vm", o.vm, &d.VM}, {"im", o.im, &d.IM}} {
		if p.v == "" {
			continue
		}
		a, err := engine.ParseAmount(p.v)
		if err != nil {
			return usageErr("--%s: %v", p.flag, err)
		}
		*p.to = &a
	}
	// intraday, eod, or a cycle the book gives the counterparty (LCH's
	// morning): the incident checks the last against the book.
	if strings.ContainsAny(o.cycle, " \t\n") {
		return usageErr("--cycle %q: want intraday, eod or a cycle of the counterparty's book", o.cycle)
	}
	d.Cycle, d.Reason, d.Call, d.Currency = o.cycle, o.reason, o.call, strings.ToUpper(strings.TrimSpace(o.currency))
	return nil
}

// callsJSON lists each call's ledger figures for --json.
func callsJSON(f playbook.Figures) []map[string]any {
	out := []map[string]any{}
	for _, c := range f.Calls {
		out = append(out, map[string]any{"counterparty": c.Counterparty, "call": c.Ref, "cycle": c.Cycle,
			"status": c.Status.Status, "amount": m(c.Amount), "im_part": m(c.IMPart), "disputed": m(c.Disputed),
			"paid": m(c.Paid), "due": m(c.Due), "secured": m(c.Posted.Add(c.Cash)), "shortfall": m(c.Shortfall),
			"deadline": rfc(c.Deadline), "currency": f.Book.CurrencyOf(c.Currency)})
	}
	return out
}
