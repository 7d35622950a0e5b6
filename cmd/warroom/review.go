package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/warroom/warroom/inert"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/warroom/warroom/report"
	"github.com/warroom/warroom/state"
	"github.com/warroom/warroom/tui"
)

func init() { addCmd(newReviewCmd) }

func newReviewCmd(e *env) *cobra.Command {
	var f incidentFlags
	var with string
	var ui uiFlags
	cmd := &cobra.Command{
		Use:     "review [FILE]",
		Short:   "the post-mortem console: the timeline, each stage as it was after any decision, --with a fork side by side",
		Long:    `review opens the post-mortem console on an incident's log (and, with --with, another to set beside it). Without a terminal, or with --json, it prints what the console would show: the timeline report and the comparison.`,
		Example: "  warroom review --db inc.db --with fork.db\n  warroom review inc.db --json",
		Args:    maxArgs(1),
		RunE:    func(_ *cobra.Command, args []string) error { return runReview(e, f, with, ui, args) },
	}
	f.registerDB(cmd.Flags())
	f.registerJSON(cmd.Flags())
	cmd.Flags().StringVar(&with, "with", "", "another incident `FILE` to set beside it (usually a fork: warroom fork)")
	ui.register(cmd)
	completeDB(cmd)
	_ = cmd.MarkFlagFilename("with", "db")
	return cmd
}

// runReview opens the post-mortem console on an incident's log (and,
// with --with, another to set beside it). Without a terminal, or with
// --json, it prints what the console would show: the timeline report
// and the comparison, so a script can review too.
func runReview(e *env, f incidentFlags, withFile string, ui uiFlags, pos []string) error {
	with := &withFile
	if err := ui.validate(); err != nil {
		return err
	}
	if f.json && ui.theme != "auto" {
		return usageErr("--theme is for the console; --json prints no colours")
	}
	if f.db != "" && len(pos) == 1 {
		return usageErr("give the log once: as an argument or with --db")
	}
	if f.db == "" && len(pos) == 1 {
		f.db = pos[0]
	}
	if f.db == "" {
		return usageErr("--db FILE is required (the incident to review)")
	}
	ra, note, err := gatherForReview(f.db)
	if err != nil {
		return err
	}
	var rb *reportData
	if *with != "" {
		if rb, _, err = gatherForReview(*with); err != nil {
			return err
		}
	}
	ia, err := ra.incident()
	if err != nil {
		return err
	}
	var ib *report.Incident
	if rb != nil {
		if ib, err = rb.incident(); err != nil {
			return err
		}
	}
	if note != "" {
		fmt.Fprintln(e.stderr, f.db+": "+note)
	}
	if f.json {
		return writeReviewJSON(e, ra, ia, ib)
	}
	if !haveTerminal() {
		if err := writeReportMD(e.stdout, ra); err != nil {
			return err
		}
		if ib != nil {
			fmt.Fprintf(e.stdout, "\n## Compared with %s\n\n", inert.Text(ib.File))
			writeCompareText(e, report.Compare(ia, ib))
		}
		return nil
	}
	opts := tui.Options{DBPath: f.db}
	ui.apply(e, &opts)
	return tui.RunReview(tui.Review{Incident: ia, With: ib, Note: note}, opts)
}

// gatherForReview replays a log for review. A log a console holds cannot
// be opened even read-only (flock), so it is copied whole to a temporary
// file and the copy is replayed: the review is then a snapshot of the
// running incident, and note says when it was taken. bbolt's two meta
// pages make a copy taken between commits consistent; Verify says if not.
func gatherForReview(path string) (*reportData, string, error) {
	r, err := gatherReport(&incidentFlags{db: path})
	if err == nil || !errors.Is(err, state.ErrLocked) {
		return r, "", err
	}
	tmp, note, done, err := snapshotCopy(path)
	if err != nil {
		return nil, "", err
	}
	defer done()
	if r, err = gatherReport(&incidentFlags{db: tmp}); err != nil {
		return nil, "", err
	}
	r.Path, r.Snapshot = path, note
	return r, note, nil
}

// snapshotCopy copies a log that a console holds to a temporary file, for
// review, report and verify to read as it stood: note says when it was
// taken, and done removes the copy.
func snapshotCopy(path string) (tmp, note string, done func(), err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", "", nil, logErr(fmt.Errorf("%s: %w", path, err))
	}
	taken := time.Now()
	f, err := os.CreateTemp("", "warroom-snapshot-*.db")
	if err != nil {
		return "", "", nil, logErr(err)
	}
	done = func() { os.Remove(f.Name()) }
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		done()
		return "", "", nil, logErr(fmt.Errorf("copying %s: %w", path, werr))
	}
	return f.Name(), "snapshot of a running incident taken " + taken.Format("15:04:05"), done, nil
}

// writeReviewJSON writes the report's JSON (the timeline with the figures
// after each decision, the metrics, the chain) under "review", and the
// comparison under "compare" when there is one.
func writeReviewJSON(e *env, r *reportData, a, b *report.Incident) error {
	var buf bytes.Buffer
	if err := writeReportJSON(&buf, r); err != nil {
		return err
	}
	out := map[string]any{"review": json.RawMessage(buf.Bytes())}
	if b != nil {
		out["compare"] = compareJSON(report.Compare(a, b))
	}
	return writeJSON(e.stdout, out)
}
