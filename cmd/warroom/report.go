package main

import (
	"encoding/csv"
	"fmt"
	"github.com/warroom/warroom/inert"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/report"
	"github.com/warroom/warroom/state"
)

func init() { addCmd(newReportCmd) }

func newReportCmd(e *env) *cobra.Command {
	var f incidentFlags
	var format, out string
	cmd := &cobra.Command{
		Use:     "report --db FILE",
		Short:   "export an incident's timeline with the state after each decision (md, html, json, csv)",
		Long:    `report writes an incident's timeline, with the figures after each decision, the metrics and the hash chain's verdict, as Markdown (default), HTML, JSON or CSV: to stdout, or atomically to --out FILE (- is stdout).`,
		Example: "  warroom report --db inc.db\n  warroom report --db inc.db --format html --out inc.html",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.json {
				if cmd.Flags().Changed("format") && format != "json" {
					return usageErr("--json and --format %s disagree: give one", format)
				}
				format = "json"
			}
			return runReport(e, f, format, out)
		},
	}
	f.registerDB(cmd.Flags())
	f.registerJSON(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "md", "`FORMAT`: md, html, json or csv")
	cmd.Flags().StringVar(&out, "out", "", "write to `FILE` instead of stdout (- is stdout)")
	completeDB(cmd)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"md", "html", "json", "csv"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// reportData is everything a report shows, gathered once for every format.
type reportData struct {
	Path    string
	Meta    state.Meta
	Book    *engine.Book
	Steps   []playbook.Step
	Final   playbook.Figures
	Metrics playbook.Metrics
	Chain   state.Verification
	// Snapshot says when the copy was taken when a console held the file
	// (the report is then of the incident as it stood); "" otherwise.
	Snapshot string
}

func gatherReport(f *incidentFlags) (*reportData, error) {
	s, err := openSession(f, true)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	snap := s.incident.Snapshot()
	steps, err := playbook.Timeline(s.book, s.scenario, snap.Events)
	if err != nil {
		return nil, logErr(fmt.Errorf("%s: %w", f.db, err))
	}
	r := &reportData{Path: f.db, Meta: s.log.Meta(), Book: s.book, Steps: steps, Chain: s.log.Verify()}
	r.Final = playbook.Compute(snap.State, snap.State.LastAt)
	r.Metrics = playbook.Measure(s.book, steps, time.Time{})
	return r, nil
}

func runReport(e *env, f incidentFlags, formatName, outPath string) error {
	format, out := &formatName, &outPath
	writers := map[string]func(io.Writer, *reportData) error{
		"md": writeReportMD, "json": writeReportJSON, "csv": writeReportCSV,
	}
	for k, v := range extraReportFormats {
		writers[k] = v
	}
	w, ok := writers[*format]
	if !ok {
		return usageErr("--format %q: want md, html, json or csv", *format)
	}
	if f.db == "" {
		return usageErr("--db FILE is required")
	}
	if f.book != "" || f.demo != "" || f.scenario != "" {
		return usageErr("%s already holds an incident with its own book and scenario; drop --book/--demo/--scenario", f.db)
	}
	// A file a console holds is reported from a snapshot, as review does.
	r, note, err := gatherForReview(f.db)
	if err != nil {
		return err
	}
	if note != "" {
		fmt.Fprintln(e.stderr, f.db+": "+note)
	}
	return writeTo(e, *out, func(dst io.Writer) error { return w(dst, r) })
}

// extraReportFormats lets other files add formats (html) without touching
// this one.
var extraReportFormats = map[string]func(io.Writer, *reportData) error{}

type stepJSON struct {
	Seq            uint64 `json:"seq"`
	IncidentTime   string `json:"incident_time"`
	WallTime       string `json:"wall_time"`
	Operator       string `json:"operator"`
	Stage          int    `json:"stage"`
	Kind           string `json:"kind"`
	Action         string `json:"action"`
	Amount         string `json:"amount,omitempty"`
	Rationale      string `json:"rationale,omitempty"`
	Held           bool   `json:"held,omitempty"`
	DueAfter       string `json:"due_after"`
	SecuredAfter   string `json:"secured_after"`
	ShortfallAfter string `json:"shortfall_after"`
	CallsOpenAfter int    `json:"calls_open_after"`
}

func stepRow(st playbook.Step) stepJSON {
	e, f := st.Event, st.Figures
	r := stepJSON{Seq: e.Seq, IncidentTime: rfc(e.At), WallTime: rfc(e.Wall), Operator: e.Operator, Stage: int(e.Stage),
		Kind: string(e.Kind), Action: playbook.Describe(e), Rationale: e.Rationale, Held: e.Held,
		DueAfter: m(f.Due), SecuredAfter: m(f.Secured), ShortfallAfter: m(f.Shortfall)}
	if e.Amount != nil {
		r.Amount = m(*e.Amount)
	}
	for _, c := range f.Calls {
		if c.Open() && c.Shortfall.Sign() > 0 {
			r.CallsOpenAfter++
		}
	}
	return r
}

func writeReportJSON(w io.Writer, r *reportData) error {
	steps := make([]stepJSON, len(r.Steps))
	for i, st := range r.Steps {
		steps[i] = stepRow(st)
	}
	perStage := map[string]string{}
	for s, d := range r.Metrics.PerStage {
		perStage[s.String()] = d.String()
	}
	return writeJSON(w, map[string]any{
		"incident": map[string]any{"file": r.Path, "firm": r.Book.Firm, "book": r.Meta.BookName, "scenario": r.Meta.Scenario,
			"created": rfc(r.Meta.Created), "format": r.Meta.Format, "fork_of": r.Meta.ForkOf, "fork_at": r.Meta.ForkAt,
			"snapshot": r.Snapshot},
		"chain":     map[string]any{"ok": r.Chain.OK, "records": r.Chain.Records, "first_bad": r.Chain.FirstBad, "reason": r.Chain.Reason},
		"decisions": steps,
		"summary": map[string]any{"due": m(r.Final.Due), "secured": m(r.Final.Secured), "surplus": m(r.Final.Surplus), "shortfall": m(r.Final.Shortfall),
			"covered": r.Final.Covered, "liquidity_cost": m(r.Final.LiquidityCost), "fire_sale_loss": m(r.Final.FireSaleLoss),
			"time_to_triage":        durOrNil(r.Metrics.Triaged, r.Metrics.TimeToTriage),
			"time_to_first_funding": durOrNil(r.Metrics.Funded, r.Metrics.TimeToFirstFunding),
			"time_per_stage":        perStage},
		"calls":   reportCalls(r.Final),
		"debrief": drillDebrief(r),
	})
}

func durOrNil(ok bool, d time.Duration) any {
	if !ok {
		return nil
	}
	return d.String()
}

func writeReportCSV(w io.Writer, r *reportData) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"seq", "incident_time", "wall_time", "operator", "stage", "kind", "action", "amount", "rationale", "due_after", "secured_after", "shortfall_after", "calls_open_after"})
	for _, st := range r.Steps {
		x := stepRow(st)
		cw.Write([]string{strconv.FormatUint(x.Seq, 10), x.IncidentTime, x.WallTime, csvSafe(x.Operator), strconv.Itoa(x.Stage), x.Kind,
			csvSafe(x.Action), x.Amount, csvSafe(x.Rationale), x.DueAfter, x.SecuredAfter, x.ShortfallAfter, strconv.Itoa(x.CallsOpenAfter)})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading user text as a formula.
func csvSafe(s string) string {
	s = inert.Text(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeReportMD writes the markdown report (package report lays it out
// so that it reads in a terminal as well as in a ticket).
func writeReportMD(w io.Writer, r *reportData) error {
	in, err := r.incident()
	if err != nil {
		return err
	}
	if err := report.Markdown(w, in); err != nil {
		return err
	}
	writeDrillDebriefMD(w, r)
	return nil
}

// reportCalls is each call at the end with its lifecycle.
func reportCalls(f playbook.Figures) []map[string]any {
	out := callsJSON(f)
	for i, c := range f.Calls {
		out[i]["lifecycle"] = report.Lifecycle(c)
	}
	return out
}
