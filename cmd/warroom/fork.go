package main

import (
	"errors"
	"fmt"
	"github.com/warroom/warroom/inert"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/state"
)

func init() { addCmd(newForkCmd) }

// resumeKey is the meta entry that tells a fork's clock where to resume:
// the incident time of the fork point. Without it a fork of an incident
// that ran for hours would restart its clock at the alert.
const resumeKey = "resume_at"

func newForkCmd(e *env) *cobra.Command {
	var f incidentFlags
	var at, out string
	cmd := &cobra.Command{
		Use:     "fork --db FILE --at N --out NEWFILE",
		Short:   "copy an incident up to decision N into a new file, to rehearse another path from there",
		Long:    `fork copies decisions 1..N of FILE, byte for byte, into NEWFILE, marked as a fork of FILE at N; record the alternative there with 'warroom decide --db NEWFILE ...' or 'warroom open --db NEWFILE'.`,
		Example: "  warroom fork --db inc.db --at 3 --out alt.db",
		Args:    noArgs,
		RunE:    func(*cobra.Command, []string) error { return runFork(e, f, at, out) },
	}
	f.registerDB(cmd.Flags())
	f.registerJSON(cmd.Flags())
	cmd.Flags().StringVar(&at, "at", "", "fork after decision `N` (0: from the alert, before any decision)")
	cmd.Flags().StringVar(&out, "out", "", "the new incident `FILE` (must not exist)")
	completeDB(cmd)
	return cmd
}

func runFork(e *env, f incidentFlags, atN, outPath string) error {
	at, out := &atN, &outPath
	switch {
	case f.db == "":
		return usageErr("--db FILE is required (the incident to fork)")
	case *out == "":
		return usageErr("--out FILE is required (the new incident)")
	case *out == "-":
		return usageErr("--out -: a decision log is a file, not a stream; name the new incident's file")
	case *at == "":
		return usageErr("--at N is required (the last decision to keep; see 'warroom report --db %s')", f.db)
	}
	n, err := strconv.ParseUint(*at, 10, 64)
	if err != nil {
		return usageErr("--at %q: want a decision number (0 or more)", *at)
	}
	if _, err := os.Stat(*out); err == nil {
		return usageErr("%s already exists: a decision log is never overwritten; choose another --out", *out)
	}
	s, err := openSession(&f, true)
	if err != nil {
		return err
	}
	defer s.Close()
	// The whole chain must verify, not only the part copied: forking a log
	// known to be damaged would launder the damage into a clean-looking file.
	if v := s.log.Verify(); !v.OK {
		return logErr(fmt.Errorf("%s: the decision log does not verify (first bad record %d: %s); not forking it", f.db, v.FirstBad, v.Reason))
	}
	events := s.incident.Snapshot().Events
	if n > uint64(len(events)) {
		return usageErr("--at %d: %s has %d decisions", n, f.db, len(events))
	}
	kept := events[:n]
	st, err := playbook.NewState(s.book, s.scenario)
	if err == nil {
		st, err = playbook.Fold(st, kept)
	}
	if err != nil {
		return logErr(fmt.Errorf("%s: %w", f.db, err))
	}
	resume := s.book.AsOf
	if n > 0 {
		resume = kept[n-1].At
	}
	fig := playbook.Compute(st, resume)

	meta := s.log.Meta()
	meta.Created, meta.ForkOf, meta.ForkAt = time.Now().UTC(), "", 0
	if meta.Extra == nil {
		meta.Extra = map[string]string{}
	}
	meta.Extra[resumeKey] = resume.Format(time.RFC3339Nano)
	g, err := state.CopyPrefix(s.log, *out, n, meta)
	if errors.Is(err, state.ErrExists) {
		return usageErr("%v", err)
	}
	if err != nil {
		return logErr(err)
	}
	gm, v := g.Meta(), g.Verify()
	if err := g.Close(); err != nil {
		return logErr(err)
	}
	if !v.OK {
		return logErr(fmt.Errorf("%s: the fork does not verify (record %d: %s); remove it and retry", *out, v.FirstBad, v.Reason))
	}
	if f.json {
		return writeJSON(e.stdout, map[string]any{"file": *out, "fork_of": gm.ForkOf, "fork_at": gm.ForkAt,
			"decisions_copied": n, "of": len(events), "resume_at": rfc(resume), "chain_ok": v.OK,
			"due": m(fig.Due), "secured": m(fig.Secured), "shortfall": m(fig.Shortfall)})
	}
	fmt.Fprintf(e.stdout, "forked %s at decision %d of %d into %s (chain verified, %d records)\n", f.db, n, len(events), *out, v.Records)
	if n > 0 {
		last := kept[n-1]
		fmt.Fprintf(e.stdout, "  last kept:  #%d %s by %s at %s\n", last.Seq, inert.Text(playbook.Describe(last)), inert.Text(last.Operator), last.At.Format("Mon 15:04:05"))
	} else {
		fmt.Fprintf(e.stdout, "  last kept:  none (the alert at %s)\n", resume.Format("Mon 15:04:05"))
	}
	fmt.Fprintf(e.stdout, "  at the fork: due %s, secured in time %s, shortfall %s\n",
		engine.FormatMoney(fig.Due), engine.FormatMoney(fig.Secured), engine.FormatMoney(fig.Shortfall))
	if d := len(events) - int(n); d > 0 {
		fmt.Fprintf(e.stdout, "  left out:   %d later decision(s) of %s\n", d, f.db)
	}
	fmt.Fprintf(e.stdout, "rehearse the alternative:  warroom open --db %s   (or: warroom decide --db %s ...)\n", *out, *out)
	fmt.Fprintf(e.stdout, "then compare:              warroom compare --db %s --with %s\n", f.db, *out)
	return nil
}
