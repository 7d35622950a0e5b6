package state

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// childProc is this test binary re-run as a child process (see TestMain).
type childProc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string // stdout, line by line; closed at EOF
}

func startChild(t *testing.T, role, path string) *childProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"="+role, envPath+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &childProc{cmd: cmd, stdin: stdin, lines: make(chan string, 1024)}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		for range c.lines { // Wait must come after the last read
		}
		_ = cmd.Wait()
	})
	return c
}

func TestSecondOpenLockedInProcess(t *testing.T) {
	l, path := newLog(t, 1)
	start := time.Now()
	_, err := Open(path)
	elapsed := time.Since(start)
	if !errors.Is(err, ErrLocked) || elapsed > time.Second {
		t.Fatalf("second Open: %v after %v; want ErrLocked within 1s", err, elapsed)
	}
	if want := path + ": held by another warroom process (file locked); close the other console or open a copy"; err.Error() != want {
		t.Errorf("message %q\nwant    %q", err, want)
	}
	// flock makes a reader wait for the writer too (see OpenReadOnly).
	if _, err := OpenReadOnly(path); !errors.Is(err, ErrLocked) {
		t.Errorf("OpenReadOnly while open read-write: %v; want ErrLocked", err)
	}
	l.Close()
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); !errors.Is(err, ErrLocked) {
		t.Errorf("Open while a reader holds the file: %v; want ErrLocked", err)
	}
	r.Close()
	l, err = Open(path)
	if err != nil {
		t.Fatalf("Open after the others closed: %v", err)
	}
	l.Close()
}

func TestSecondOpenLockedAcrossProcesses(t *testing.T) {
	path := closedLog(t, 1)
	c := startChild(t, "hold", path)
	if line := <-c.lines; line != "holding" {
		t.Fatalf("child: %q", line)
	}
	for name, open := range map[string]func(string) (*Log, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
		start := time.Now()
		_, err := open(path)
		elapsed := time.Since(start)
		if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) || elapsed > time.Second {
			t.Errorf("%s while another process holds it: %v after %v; want ErrLocked naming the file within 1s", name, err, elapsed)
		}
	}
	c.stdin.Close() // the child closes the log and exits
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	l, err := Open(path)
	if err != nil {
		t.Fatalf("Open after the other process exited: %v", err)
	}
	l.Close()
}

// TestCrashSafety kills a child that is appending, with SIGKILL at random
// moments, and checks that every record it reported committed survived,
// intact and chained. The child prints "committed N" only after Append
// returned, which is exactly when the console would confirm a decision.
func TestCrashSafety(t *testing.T) {
	path := closedLog(t, 0)
	rng := rand.New(rand.NewPCG(20260309, 1))
	var confirmed uint64 // highest seq any child reported
	for round := 1; round <= 5; round++ {
		c := startChild(t, "append", path)
		// Time the kill from the child's first commit, so that every round
		// lands in the middle of the append loop, not in process start-up.
		var first string
		select {
		case first = <-c.lines:
		case <-time.After(5 * time.Second):
			t.Fatalf("round %d: child did not start", round)
		}
		if _, err := fmt.Sscanf(first, "committed %d", &confirmed); err != nil {
			t.Fatalf("round %d: child said %q", round, first)
		}
		time.Sleep(time.Duration(10+rng.IntN(191)) * time.Millisecond)
		if err := c.cmd.Process.Kill(); err != nil { // SIGKILL on Unix
			t.Fatal(err)
		}
		for line := range c.lines {
			var n uint64
			if _, err := fmt.Sscanf(line, "committed %d", &n); err != nil {
				t.Fatalf("round %d: child said %q", round, line)
			}
			confirmed = n
		}
		_ = c.cmd.Wait()

		l, err := Open(path)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		recs, err := l.Records()
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		// One more record than confirmed is allowed: committed, killed before printing.
		if got := uint64(len(recs)); got < confirmed || got > confirmed+1 {
			t.Fatalf("round %d: %d records on disk, child confirmed %d", round, got, confirmed)
		}
		for i, r := range recs {
			if r.Seq != uint64(i+1) || !bytes.Equal(r.Data, payload(r.Seq)) {
				t.Fatalf("round %d: record %d is seq %d %q", round, i+1, r.Seq, r.Data)
			}
		}
		if v := l.Verify(); !v.OK || v.Records != uint64(len(recs)) {
			t.Fatalf("round %d: Verify = %+v", round, v)
		}
		confirmed = uint64(len(recs))
		t.Logf("round %d: %d records", round, len(recs))
		l.Close()
	}
	if confirmed == 0 {
		t.Fatal("no child committed anything; the test proved nothing")
	}
}
