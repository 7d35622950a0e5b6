package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestLegacyCommand: a command written in the old style (register,
// newFlags, parse) still runs under cobra: its flags anywhere on the
// line, its -h on stdout with exit 0, its usage errors exit 2.
func TestLegacyCommand(t *testing.T) {
	register(command{name: "legacy", summary: "an old-style command", run: func(e *env, args []string) error {
		var f incidentFlags
		fs := f.register(e, "legacy")
		pos, err := parse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) > 1 {
			return usageErr("unexpected argument %q", pos[1])
		}
		fmt.Fprintf(e.stdout, "db=%s demo=%s pos=%v\n", f.db, f.demo, pos)
		return nil
	}})
	defer delete(commands, "legacy")
	if code, out, errs := wr(t, "legacy", "x", "--db", "f.db", "--demo", "helios"); code != 0 || out != "db=f.db demo=helios pos=[x]\n" {
		t.Errorf("exit %d %q %q", code, out, errs)
	}
	if code, out, errs := wr(t, "legacy", "-h"); code != 0 || !strings.Contains(out, "-db") || errs != "" {
		t.Errorf("-h: exit %d %q %q", code, out, errs)
	}
	if code, _, _ := wr(t, "legacy", "--bogus"); code != exitUsage {
		t.Errorf("--bogus: exit %d", code)
	}
	if code, _, errs := wr(t, "legacy", "a", "b"); code != exitUsage || !strings.Contains(errs, `"b"`) {
		t.Errorf("stray: exit %d %s", code, errs)
	}
	if code, out, _ := wr(t, "--help"); code != 0 || !strings.Contains(out, "old-style command") {
		t.Errorf("root help lacks the legacy command:\n%s", out)
	}
}
