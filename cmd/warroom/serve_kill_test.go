package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// envServeChild holds the arguments of a `warroom` run in a child process:
// the SIGKILL test re-executes this test binary as the server.
const envServeChild = "WARROOM_SERVE_CHILD"

func TestMain(m *testing.M) {
	if v := os.Getenv(envServeChild); v != "" {
		var args []string
		if err := json.Unmarshal([]byte(v), &args); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Exit(run(&env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv}, args))
	}
	os.Exit(m.Run())
}

// The server is killed with SIGKILL while tom's next decision is on its
// way: every decision his console confirmed is in the log, once, the chain
// verifies, and the restarted server resumes the incident and records
// that tom left when it died.
func TestRoomSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts the server as a child process")
	}
	tom := newPerson(t, "tom", "treasury")
	tr := startRoom(t, []person{tom})
	tr.stop() // the file now exists, with its book; the child serves it
	dir := filepath.Dir(tr.db)
	args, _ := json.Marshal([]string{"serve", "--db", tr.db, "--team", filepath.Join(dir, "team.yaml"),
		"--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host_ed25519")})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envServeChild+"="+string(args), "XDG_DATA_HOME="+dir)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`listening on (127\.0\.0\.1:\d+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	var at string
	select {
	case at = <-addr:
	case <-time.After(20 * time.Second):
		t.Fatal("the child server did not start")
	}

	c := connect(t, at, tom, 120, 40)
	c.waitFor(10*time.Second, "IN THE ROOM 1")
	var acked []string
	for i := range 12 {
		text := fmt.Sprintf("k-%03d", i)
		c.typ("n" + text + "\r")
		c.waitFor(10*time.Second, "note: "+text+" ·")
		acked = append(acked, text)
	}
	c.typ("nin-flight\r") // not waited for: the kill lands mid-decision
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	s := openLogForTest(t, tr.db)
	seen := map[string]int{}
	for _, e := range s.incident.Snapshot().Events {
		seen[e.Text]++
	}
	for _, a := range acked {
		if seen[a] != 1 {
			t.Errorf("acknowledged %s is in the log %d times", a, seen[a])
		}
	}
	if v := s.log.Verify(); !v.OK {
		t.Fatalf("chain after SIGKILL: %+v", v)
	}
	if s.incident.Snapshot().State.Present["tom"] != 1 {
		t.Fatalf("the log should still have tom in the room: %v", s.incident.Snapshot().State.Present)
	}
	s.Close()

	// Restart: the incident resumes, and tom's presence is closed first.
	tr.stop = tr.serve(t, dir, "", filepath.Join(dir, "team.yaml"))
	c2 := connect(t, tr.addr, tom, 120, 40)
	c2.waitFor(10*time.Second, "IN THE ROOM 1", "note: k-011")
	evs := tr.room.Incident().Snapshot().Events
	var tail []string
	for _, e := range evs[len(evs)-2:] {
		tail = append(tail, string(e.Kind)+":"+e.Text)
	}
	if got := strings.Join(tail, " "); !strings.HasPrefix(got, "leave:the server restarted join:") {
		t.Fatalf("after the restart the log ends %s", got)
	}
}
