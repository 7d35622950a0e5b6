package main

import (
	"errors"
	"fmt"

	"github.com/warroom/warroom/state"
)

func init() {
	register(command{name: "verify", summary: "check an incident's decision log: the hash chain, record by record", run: runVerify})
}

func runVerify(e *env, args []string) error {
	var f incidentFlags
	fs := f.register(e, "verify")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 1 && f.db == "" {
		f.db = pos[0]
	}
	if f.db == "" {
		return usageErr("--db FILE is required")
	}
	l, err := state.OpenReadOnly(f.db)
	note := ""
	if errors.Is(err, state.ErrLocked) {
		// A console holds the file: verify a snapshot of it, as review does.
		tmp, n, done, cerr := snapshotCopy(f.db)
		if cerr != nil {
			return cerr
		}
		defer done()
		note = n
		l, err = state.OpenReadOnly(tmp)
	}
	if err != nil {
		return logErr(err)
	}
	defer l.Close()
	v := l.Verify()
	if f.json {
		if err := writeJSON(e.stdout, map[string]any{"file": f.db, "ok": v.OK, "records": v.Records, "first_bad": v.FirstBad, "reason": v.Reason,
			"snapshot": note}); err != nil {
			return err
		}
	} else if v.OK {
		suffix := ""
		if note != "" {
			suffix = " (" + note + ")"
		}
		fmt.Fprintf(e.stdout, "ok %s: %d records, hash chain intact%s\n", f.db, v.Records, suffix)
	} else {
		fmt.Fprintf(e.stdout, "FAILED %s: record %d: %s\n", f.db, v.FirstBad, v.Reason)
	}
	if !v.OK {
		return logErr(fmt.Errorf("%s: the decision log does not verify (first bad record: %d)", f.db, v.FirstBad))
	}
	return nil
}
