package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/room"
	gossh "golang.org/x/crypto/ssh"
)

// person is a member of the test team with their own key.
type person struct {
	name, roles string
	signer      gossh.Signer
}

func newPerson(t testing.TB, name, roles string) person {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return person{name, roles, s}
}

// syncBuffer is the server's log, written from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testRoom is a running `warroom serve` in this process, on a loopback
// port of its own, over Arb-Capital with the credit line under four-eyes.
type testRoom struct {
	addr string
	room *room.Room
	db   string
	log  *syncBuffer
	stop func() // stops the server and waits for it
}

func startRoom(t testing.TB, team []person) *testRoom {
	t.Helper()
	dir := t.TempDir()
	var y strings.Builder
	y.WriteString("members:\n")
	for _, p := range team {
		fmt.Fprintf(&y, "  - name: %s\n    roles: [%s]\n    keys: [%q]\n", p.name, p.roles,
			strings.TrimSpace(string(gossh.MarshalAuthorizedKey(p.signer.PublicKey()))))
	}
	teamFile := filepath.Join(dir, "team.yaml")
	src, err := book.DemoSource("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	bookFile := filepath.Join(dir, "arb.yaml")
	if err := os.WriteFile(teamFile, []byte(y.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bookFile, append(src, "\ncontrols:\n  four_eyes: true\n  approval_kinds: [credit_line]\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	tr := &testRoom{db: filepath.Join(dir, "incident.db"), log: &syncBuffer{}}
	tr.stop = tr.serve(t, dir, bookFile, teamFile)
	return tr
}

// serve starts the server on the room's file (again, after a stop).
func (tr *testRoom) serve(t testing.TB, dir, bookFile, teamFile string) func() {
	t.Helper()
	o := serveOptions{team: teamFile, listen: "127.0.0.1:0", hostKey: filepath.Join(dir, "host_ed25519")}
	o.inc.db = tr.db
	if _, err := os.Stat(tr.db); err != nil {
		o.inc.book = bookFile
	}
	e := &env{stdout: io.Discard, stderr: tr.log, getenv: func(string) string { return dir }}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- serveRoom(ctx, e, o, func(addr string, r *room.Room) { tr.addr, tr.room = addr, r; close(ready) })
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("serve: %v\n%s", err, tr.log)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// console is one SSH client with a pty, its screen kept by a terminal
// emulator that also answers the console's queries (background colour).
type console struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser
	emu    *vt.SafeEmulator
	done   chan struct{}
}

func dialRoom(addr string, p person) (*gossh.Client, error) {
	cfg := &gossh.ClientConfig{User: p.name, Auth: []gossh.AuthMethod{gossh.PublicKeys(p.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second}
	return gossh.Dial("tcp", addr, cfg)
}

func connect(t testing.TB, addr string, p person, w, h int) *console {
	t.Helper()
	client, err := dialRoom(addr, p)
	if err != nil {
		t.Fatalf("%s: dial: %v", p.name, err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	c := &console{t: t, client: client, sess: sess, emu: vt.NewSafeEmulator(w, h), done: make(chan struct{})}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if c.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { defer close(c.done); _, _ = io.Copy(c.emu, out) }()
	// The emulator's answers (background colour, cursor position) go back
	// as input; it is drained to the end even once the session is gone, so
	// a write to the emulator never blocks on an answer nobody reads.
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := c.emu.Read(buf)
			if n > 0 {
				_, _ = c.stdin.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(c.close)
	return c
}

func (c *console) close() {
	_ = c.sess.Close()
	_ = c.client.Close()
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
	}
}

// screen is what the terminal shows, without colours.
func (c *console) screen() string { return ansi.Strip(c.emu.Render()) }

// typ sends keys as the terminal would.
func (c *console) typ(keys string) {
	c.t.Helper()
	if _, err := io.WriteString(c.stdin, keys); err != nil {
		c.t.Fatalf("typing %q: %v", keys, err)
	}
}

// waitFor waits until the screen shows every text, and returns how long
// it took; it fails the test after the timeout with the screen.
func (c *console) waitFor(timeout time.Duration, texts ...string) time.Duration {
	c.t.Helper()
	start := time.Now()
	for {
		s := c.screen()
		all := true
		for _, x := range texts {
			if !strings.Contains(s, x) {
				all = false
				break
			}
		}
		if all {
			return time.Since(start)
		}
		if time.Since(start) > timeout {
			c.t.Fatalf("after %v the screen lacks %q:\n%s", timeout, texts, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// connectStalled opens a console that never reads its screen: once its
// SSH window fills, the server's writes to it block. The room must not
// notice.
func connectStalled(t testing.TB, addr string, p person, w, h int) {
	t.Helper()
	client, err := dialRoom(addr, p)
	if err != nil {
		t.Fatalf("%s: dial: %v", p.name, err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.StdoutPipe(); err != nil { // taken, never read
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sess.Close(); _ = client.Close() })
}

// resize tells the server the client's window changed. The emulator keeps
// its size (x/vt v0.1.0 keeps the old scroll margins on a shrink and
// panics on the next reverse index), so only grow back to it.
func (c *console) resize(w, h int) {
	c.t.Helper()
	if err := c.sess.WindowChange(h, w); err != nil {
		c.t.Fatal(err)
	}
}
