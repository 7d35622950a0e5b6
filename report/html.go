package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

//go:embed html.tmpl
var htmlSource string

// The template is parsed once; html/template escapes every value by the
// context it lands in (text, attribute), so names, rationales, notes and
// messages can hold anything, "<script>" included, and stay text.
var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// page is what the template shows: every figure already formatted.
type page struct {
	Title, Firm, Scenario, ScenarioName, File, BookName, Created string
	ForkOf                                                       string
	ForkAt                                                       uint64
	Chain                                                        Chain
	Covered                                                      bool
	Figures                                                      []figure
	Times                                                        []figure
	Waterfall, Shortfall                                         Chart
	Decisions                                                    []decisionRow
	Calls                                                        []callRow
}

type figure struct{ Label, Value, Class string }

type decisionRow struct {
	Seq                                                    uint64
	At, Wall, Operator, Stage, Kind, Action, Amount, Short string
	Rationale                                              string
	Class                                                  string
}

type callRow struct {
	Name, Call, Deadline, Posted, Cash, Shortfall, Status, Class string
	Disputed, Paid, Due, Lifecycle                               string
}

// HTML writes the report as one self-contained page: inline style, inline
// SVG charts, no scripts, and a content security policy that forbids
// fetching anything, so what it shows cannot depend on the network.
func HTML(w io.Writer, in *Incident) error {
	return htmlTemplate.Execute(w, newPage(in))
}

func newPage(in *Incident) page {
	f, fm := in.Final, engine.FormatMoney
	p := page{Firm: in.Book.Firm, Scenario: in.Scenario, File: in.File, BookName: in.BookName,
		Created: in.Created.Format("2006-01-02 15:04 MST"), ForkOf: in.ForkOf, ForkAt: in.ForkAt, Chain: in.Chain,
		Covered: f.Covered, Waterfall: in.WaterfallChart(), Shortfall: in.ShortfallChart()}
	p.Title = "Incident report — " + in.Book.Firm
	if sc, ok := in.Book.Scenario(in.Scenario); ok {
		p.ScenarioName = sc.Name
	}
	short := "shortfall"
	if !f.Covered {
		short = "bad"
	}
	p.Figures = []figure{
		{"Calls due", fm(f.Due), ""},
		{"Secured in time", fm(f.Secured), ""},
		{"Shortfall", fm(f.Shortfall), short},
		{"Liquidity cost (1 day)", fm(f.LiquidityCost), ""},
		{"Fire-sale loss", fm(f.FireSaleLoss), map[bool]string{true: "bad", false: ""}[f.FireSaleLoss.Sign() > 0]},
	}
	p.Times = Times(in.Metrics)
	for _, st := range in.Steps {
		p.Decisions = append(p.Decisions, decisionOf(st))
	}
	for _, c := range f.Calls {
		p.Calls = append(p.Calls, callOf(c))
	}
	return p
}

// Times are the incident's pace: time to triage, to first funding, and in
// each stage, in playbook order; "not yet" when it did not happen.
func Times(m playbook.Metrics) []figure {
	notYet := func(ok bool, d string) string {
		if !ok {
			return "not yet"
		}
		return d
	}
	out := []figure{
		{"Time to triage", notYet(m.Triaged, Dur(m.TimeToTriage)), ""},
		{"Time to first funding", notYet(m.Funded, Dur(m.TimeToFirstFunding)), ""},
	}
	for _, s := range playbook.Stages {
		if d, ok := m.PerStage[s]; ok {
			out = append(out, figure{fmt.Sprintf("Stage %d %s", s, s), Dur(d), ""})
		}
	}
	return out
}

func decisionOf(st playbook.Step) decisionRow {
	e := st.Event
	r := decisionRow{Seq: e.Seq, At: e.At.Format("Mon 15:04:05"), Wall: e.Wall.Format("2006-01-02 15:04:05 MST"),
		Operator: e.Operator, Stage: fmt.Sprintf("%d %s", e.Stage, e.Stage), Kind: string(e.Kind),
		Action: playbook.Describe(e), Rationale: e.Rationale, Short: engine.FormatMoney(st.Figures.Shortfall)}
	if e.Amount != nil {
		r.Amount = engine.FormatMoney(*e.Amount)
	}
	switch {
	case e.FireSale:
		r.Class = "firesale"
	case e.Held:
		r.Class = "held"
	case e.Kind == playbook.Reverse || e.Kind == playbook.Reject:
		r.Class = "reversal"
	}
	return r
}

func callOf(c playbook.CallFigure) callRow {
	fm := engine.FormatMoney
	name := c.Name
	if name == "" || name == c.Counterparty {
		name = c.Counterparty
	} else {
		name = c.Name + " (" + c.Counterparty + ")"
	}
	status := strings.ReplaceAll(c.Status.Status, "_", " ")
	if status == "" {
		status = "estimated"
	}
	if c.Cycle != "" && c.Cycle != playbook.CycleEOD {
		name += " " + c.Cycle
	}
	if c.Ref != 0 {
		name += fmt.Sprintf(" #%d", c.Ref)
	}
	r := callRow{Name: name, Call: fm(c.Amount), Deadline: c.Deadline.Format("Mon 15:04"), Posted: fm(c.Posted),
		Cash: fm(c.Cash), Shortfall: fm(c.Shortfall), Status: status,
		Disputed: fm(c.Disputed), Paid: fm(c.Paid), Due: fm(c.Due), Lifecycle: Lifecycle(c)}
	if c.Shortfall.Sign() > 0 {
		r.Class = "bad"
	}
	return r
}

// Lifecycle is a call's ledger as one line: each step with its incident
// time, called → disputed → resolved → paid.
func Lifecycle(c playbook.CallFigure) string {
	fm := engine.FormatMoney
	var out []string
	for _, s := range c.Ledger.Steps {
		w := string(s.Kind)
		switch s.Kind {
		case playbook.KeyCall, playbook.SetCall:
			w = "called " + fm(s.Amount)
		case playbook.Agree:
			w = "agreed"
		case playbook.Dispute:
			w = "disputed " + fm(s.Amount) + " (" + s.Reason + ")"
		case playbook.Resolve:
			w = "resolved at " + fm(s.Amount)
		case playbook.Revise:
			w = "revised to " + fm(s.Amount)
		case playbook.Pay:
			w = "paid " + fm(s.Amount)
			if s.At.After(c.Deadline) {
				w += " (late)"
			}
		case playbook.AskExtension:
			w = "extension asked to " + s.Until.Format("15:04")
		case playbook.GrantExtension:
			w = "extended to " + s.Until.Format("15:04")
		case playbook.Status:
			w = strings.ReplaceAll(s.Status, "_", " ")
		}
		out = append(out, s.At.Format("15:04")+" "+w)
	}
	if len(out) == 0 {
		return "estimated by the engine; no call received"
	}
	return strings.Join(out, " → ")
}
