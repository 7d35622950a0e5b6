package state

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The crash and lock tests re-exec this test binary as a child process; the
// child's role and file come from the environment.
const (
	envChild = "WARROOM_STATE_CHILD"
	envPath  = "WARROOM_STATE_PATH"
)

func TestMain(m *testing.M) {
	if role := os.Getenv(envChild); role != "" {
		os.Exit(child(role, os.Getenv(envPath)))
	}
	os.Exit(m.Run())
}

func child(role, path string) int {
	l, err := Open(path)
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	switch role {
	case "hold":
		// Hold the lock until the parent closes our stdin.
		fmt.Println("holding")
		bufio.NewReader(os.Stdin).ReadString('\n')
	case "append":
		n, _ := l.Len()
		for i := n + 1; ; i++ {
			r, err := l.Append(payload(i))
			if err != nil {
				fmt.Println("error", err)
				return 1
			}
			// Printed only after Append returned: the record is on disk.
			fmt.Printf("committed %d\n", r.Seq)
		}
	default:
		fmt.Println("error unknown role", role)
		return 2
	}
	return 0
}

// payload is a recognisable, unique event record for seq: the marker lets a
// test find the record's bytes in the raw file.
func payload(seq uint64) []byte {
	return fmt.Appendf(nil, `{"type":"draw","note":"MARKER-%06d-decision"}`, seq)
}

func testMeta() Meta {
	return Meta{
		Created:  time.Date(2026, 3, 9, 14, 30, 0, 0, time.UTC),
		Kind:     KindIncident,
		BookName: "arb-capital.yaml",
		Book:     []byte("firm: Arb-Capital\npositions: []\n"),
		Scenario: "equity -20%",
		Extra:    map[string]string{"operator": "lead"},
	}
}

// newLog creates a log at a fresh path with n records and returns it open.
func newLog(t testing.TB, n uint64) (*Log, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "incident.db")
	l, err := Create(path, testMeta())
	if err != nil {
		t.Fatal(err)
	}
	for i := uint64(1); i <= n; i++ {
		if _, err := l.Append(payload(i)); err != nil {
			t.Fatal(err)
		}
	}
	return l, path
}

// closedLog is newLog, closed, for tests that edit the raw file.
func closedLog(t testing.TB, n uint64) string {
	t.Helper()
	l, path := newLog(t, n)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
