package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestLogFaults: every way a decision log can be unusable gives exit 3, a
// message naming the file and what to do, and no panic; a decision that
// was acknowledged before the fault is still there once the file is good.
func TestLogFaults(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	if code, out, errs := wr(t, "decide", "--db", good, "draw", "cash", "--operator", "alice"); code != 0 {
		t.Fatalf("setup: %d %s %s", code, out, errs)
	}
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	newer := write("newer.db", raw)
	db, err := bolt.Open(newer, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		v := make([]byte, 8)
		binary.BigEndian.PutUint64(v, 2)
		return tx.Bucket([]byte("meta")).Put([]byte("format"), v)
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	cases := []struct {
		name, path, want string
	}{
		{"truncated", write("truncated.db", raw[:len(raw)/3]), "truncated.db"},
		{"zero length", write("empty.db", nil), "empty.db"},
		{"not a log", write("notes.db", []byte("firm: not a decision log\n")), "notes.db"},
		{"newer format", newer, "newer warroom"},
		// /proc refuses new files even to root, unlike a chmod'ed folder.
		{"cannot create", "/proc/warroom-test/incident.db", "warroom-test"},
	}
	for _, c := range cases {
		for _, cmd := range [][]string{{"decide", "--db", c.path, "note", "x"}, {"report", "--db", c.path}, {"verify", "--db", c.path}} {
			code, _, errs := wr(t, cmd...)
			if code != exitLog || !strings.Contains(errs, c.want) {
				t.Errorf("%s: %s: exit %d, want 3 and %q in: %s", c.name, cmd[0], code, c.want, errs)
			}
		}
	}
	// The good file is untouched by all that, and its decision is there.
	code, out, _ := wr(t, "report", "--db", good, "--format", "csv")
	if code != 0 || !strings.Contains(out, "draw cash 2,000,000.00") {
		t.Errorf("good log after faults: %d %s", code, out)
	}
}

// TestReportOnBrokenChain: the post-mortem of a tampered log shows what
// the chain still vouches for and says where it breaks; verify fails.
func TestReportOnBrokenChain(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inc.db")
	wr(t, "decide", "--db", db, "draw", "cash")
	wr(t, "decide", "--db", db, "note", "TAMPER-ME-PLEASE")
	wr(t, "decide", "--db", db, "draw", "mmf")
	tamper(t, db, "TAMPER-ME-PLEASE")
	code, out, errs := wr(t, "report", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("report: %d %s", code, errs)
	}
	v := decodeJSON(t, out)
	chain := v["chain"].(map[string]any)
	if chain["ok"] != false || chain["first_bad"] != float64(2) {
		t.Errorf("chain = %v", chain)
	}
	if ds := v["decisions"].([]any); len(ds) != 1 {
		t.Errorf("%d decisions shown; only #1 is vouched for", len(ds))
	}
	_, md, _ := wr(t, "report", "--db", db)
	if !strings.Contains(md, "BROKEN at record 2") {
		t.Errorf("markdown does not flag the break:\n%s", md)
	}
	if code, _, _ := wr(t, "verify", "--db", db); code != exitLog {
		t.Errorf("verify: exit %d", code)
	}
	// Recording onto a damaged log is refused: start a new incident file.
	if code, _, _ := wr(t, "decide", "--db", db, "note", "x"); code != exitLog {
		t.Errorf("decide on a damaged log: exit %d", code)
	}
}
