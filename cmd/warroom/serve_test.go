package main

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Two operators with their own keys: tom (treasury) draws, ann (lead)
// sees it; tom's credit-line draw is held and waits on ann's console; ann
// approves it; an observer's draw key is disabled with why; an unknown key
// is refused and logged; passwords, exec, sftp and port forwarding are
// refused.
func TestRoomOverSSH(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the SSH room test starts a server and three consoles")
	}
	ann, tom, olga := newPerson(t, "ann", "lead"), newPerson(t, "tom", "treasury"), newPerson(t, "olga", "observer")
	eve := newPerson(t, "eve", "lead") // not in the team file
	tr := startRoom(t, []person{ann, tom, olga})
	const wait = 5 * time.Second

	if _, err := dialRoom(tr.addr, eve); err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("eve's key was not refused: %v", err)
	}
	if !strings.Contains(tr.log.String(), "refused key SHA256:") || !strings.Contains(tr.log.String(), `(user "eve"): not in`) {
		t.Fatalf("the refused key is not logged:\n%s", tr.log)
	}
	// Passwords and keyboard-interactive are not offered at all.
	pw := &gossh.ClientConfig{User: "ann", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
		Auth: []gossh.AuthMethod{gossh.Password("ann"), gossh.KeyboardInteractive(
			func(string, string, []string, []bool) ([]string, error) { return nil, nil })}}
	if _, err := gossh.Dial("tcp", tr.addr, pw); err == nil || !strings.Contains(err.Error(), "[none]") {
		t.Fatalf("password login: %v (want the server to offer only publickey)", err)
	}
	// Nothing but the console: exec, a subsystem, and port forwarding
	// either way are refused.
	cl, err := dialRoom(tr.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := cl.NewSession(); err == nil {
		if out, err := s.CombinedOutput("cat /etc/passwd"); err == nil {
			t.Fatalf("exec ran: %s", out)
		}
	}
	if s, err := cl.NewSession(); err == nil {
		if err := s.RequestSubsystem("sftp"); err == nil {
			t.Fatal("the sftp subsystem was granted")
		}
	}
	if c, err := cl.Dial("tcp", tr.addr); err == nil {
		c.Close()
		t.Fatal("local port forwarding (direct-tcpip) was allowed")
	}
	if l, err := cl.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
		t.Fatal("remote port forwarding (tcpip-forward) was allowed")
	}
	cl.Close()

	a := connect(t, tr.addr, ann, 140, 40)
	a.waitFor(wait, "SHORTFALL 10,500,000", "IN THE ROOM 1", "op ann")
	b := connect(t, tr.addr, tom, 140, 40)
	b.waitFor(wait, "IN THE ROOM 2", "ann lead: 1 Triage", "tom treasury: 1 Triage")
	a.waitFor(wait, "IN THE ROOM 2")

	// Each console has its own size: tom's window shrinks below the
	// console's minimum, ann's does not move.
	b.resize(50, 12)
	b.waitFor(wait, "terminal too small", "50×12")
	if s := a.screen(); strings.Contains(s, "too small") || !strings.Contains(s, "IN THE ROOM 2") {
		t.Fatalf("ann's console changed with tom's window:\n%s", s)
	}
	b.resize(140, 40)
	b.waitFor(wait, "IN THE ROOM 2")

	// tom draws on-hand cash in full: 10,500,000 − 2,000,000 = 8,500,000
	// on ann's screen, as on his.
	b.typ("2")
	a.waitFor(wait, "tom treasury: 2 Liquidity")
	b.typ("d")
	b.waitFor(wait, "Draw On-hand cash in full")
	b.typ("\r")
	b.waitFor(wait, "✓ recorded")
	took := a.waitFor(wait, "SHORTFALL 8,500,000", "draw cash")
	t.Logf("tom's draw appeared on ann's console %v after his was confirmed", took)

	// tom asks for the credit line (four-eyes on credit_line): held, the
	// shortfall stays 8,500,000 until a lead approves.
	b.typ("jjj")
	b.waitFor(wait, "› 4 Committed credit line")
	b.typ("d")
	b.waitFor(wait, "Draw Committed credit line")
	b.typ("\r")
	b.waitFor(wait, "waits for another lead's approval")
	a.waitFor(wait, "asked by tom awaits YOUR approval", "A approves")
	a.waitFor(wait, "SHORTFALL 8,500,000")
	// tom cannot approve his own request, nor is he a lead.
	b.typ("A")
	b.waitFor(wait, "✗ A is disabled for you: only the lead approves")
	// ann approves: 8,500,000 − 5,000,000 = 3,500,000 on both screens.
	a.typ("A")
	a.waitFor(wait, "Approve #")
	a.typ("\r")
	a.waitFor(wait, "SHORTFALL 3,500,000", "four-eyes: no decision waits")
	b.waitFor(wait, "SHORTFALL 3,500,000", "four-eyes: no decision waits")

	// olga only watches: her draw key says why it does nothing.
	o := connect(t, tr.addr, olga, 140, 40)
	o.waitFor(wait, "IN THE ROOM 3", "olga observer")
	o.typ("2")
	o.waitFor(wait, "[2 Liquidity]")
	o.typ("d")
	o.waitFor(wait, "✗ d is disabled for you: olga is an observer: observers read only")

	// The log: each decision signed by the key's person, presence around.
	o.close()
	tr.stop()
	s := openLogForTest(t, tr.db)
	var kinds []string
	for _, e := range s.incident.Snapshot().Events {
		kinds = append(kinds, string(e.Kind)+":"+e.Operator)
	}
	got := strings.Join(kinds, " ")
	// Leaves come in whatever order the sessions closed.
	for _, want := range []string{"join:ann join:tom stage:tom draw:tom draw:tom approve:ann join:olga ", "leave:olga", "leave:ann", "leave:tom"} {
		if !strings.Contains(got, want) {
			t.Fatalf("log %s\nlacks %s", got, want)
		}
	}
	if p := s.incident.Snapshot().State.Present; len(p) != 0 {
		t.Fatalf("after shutdown the log still has %v in the room", p)
	}
}

func openLogForTest(t testing.TB, db string) *session {
	t.Helper()
	f := incidentFlags{db: db}
	s, err := openSession(&f, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
