package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/spf13/cobra"
	"github.com/warroom/warroom/room"
	"github.com/warroom/warroom/tui"
)

func init() { addCmd(newServeCmd) }

// serveOptions are what `warroom serve` needs, however its command line is
// parsed: the entry point is serveRoom, which knows nothing of flags.
type serveOptions struct {
	inc     incidentFlags // --db, and the book flags for a new incident
	team    string
	listen  string
	hostKey string // default: host_ed25519 under the data directory
}

// newServeCmd is the shared war room. It takes no --operator: in the room
// every decision is signed by the person whose key opened the console.
func newServeCmd(e *env) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:     "serve --db FILE --team FILE",
		Short:   "the shared war room over SSH: --db FILE --team team.yaml [--listen ADDR]",
		Long:    `serve holds one incident (--db, created from --book or --demo when the file does not exist yet) and gives each member of the team file a console of it over SSH, signed with the person their key names and gated by their roles.`,
		Example: "  warroom serve --db inc.db --team team.yaml --listen 127.0.0.1:2222\n  ssh -p 2222 127.0.0.1",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			if o.inc.operator != "" {
				return usageErr("--operator does not apply: in the war room every decision is signed by the person whose key opened the console")
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serveRoom(ctx, e, o, nil)
		},
	}
	fs := cmd.Flags()
	o.inc.stdin = e.stdin
	o.inc.registerBook(fs)
	o.inc.registerDB(fs)
	completeBook(cmd)
	fs.StringVar(&o.team, "team", "", "the team `FILE` (YAML): public keys → person and roles")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:2222", "listen on `ADDR` (host:port)")
	fs.StringVar(&o.hostKey, "host-key", "", "the server's host key `FILE` (created 0600 on first run; default under the data directory)")
	_ = cmd.MarkFlagFilename("team", "yaml", "yml")
	// Declared, hidden, so that giving it explains why it has no place here.
	o.inc.registerOperator(fs)
	_ = fs.MarkHidden("operator")
	return cmd
}

// serveRoom runs the war room until ctx ends: it opens (or creates) the
// incident, loads the team, takes the host key, and serves one console per
// SSH session. ready, when set, is told the address and the room once it
// listens (tests watch the room through it).
func serveRoom(ctx context.Context, e *env, o serveOptions, ready func(addr string, r *room.Room)) error {
	if o.team == "" {
		return usageErr("--team FILE is required: the people (by public key) who may enter the room")
	}
	team, err := room.LoadTeam(o.team)
	if err != nil {
		return inputErr(err)
	}
	s, err := openSession(&o.inc, false)
	if err != nil {
		return err
	}
	defer s.Close()
	if o.hostKey == "" {
		o.hostKey = filepath.Join(dataDir(e), "host_ed25519")
	}
	key, created, err := room.HostKey(o.hostKey)
	if err != nil {
		return inputErr(err)
	}
	fp := room.Fingerprint(key)
	rm, err := room.New(s.incident)
	if err != nil {
		return logErr(fmt.Errorf("%s: %w", o.inc.db, err))
	}
	logf := lockedLog(e.stderr)
	srv, err := room.NewServer(room.Config{Team: team, Room: rm, HostKey: key, Logf: logf,
		Console: func(seat *room.Seat, _ ssh.Session) (tea.Model, func()) {
			m := tui.New(seat, tui.Options{Operator: seat.Operator(), DBPath: o.inc.db, Room: seat})
			return m, m.Close
		}})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return usageErr("--listen %s: %v", o.listen, err)
	}
	addr := ln.Addr().String()
	host, port, _ := net.SplitHostPort(addr)
	join := fmt.Sprintf("ssh -p %s %s", port, host)
	if err := writeServingNote(o.inc.db, servingNote{PID: os.Getpid(), Listen: addr, HostKey: fp, Since: time.Now(), Join: join}); err != nil {
		ln.Close()
		return logErr(fmt.Errorf("%s: %w", notePath(o.inc.db), err))
	}
	defer os.Remove(notePath(o.inc.db))
	word := "resuming"
	if s.created {
		word = "new"
	}
	kw := "host key"
	if created {
		kw = "new host key"
	}
	logf("%s incident %s (%d events) · team %s (%d people) · %s %s %s", word, o.inc.db, len(s.incident.Snapshot().Events),
		o.team, len(team.Members), kw, o.hostKey, fp)
	logf("listening on %s · join with: %s", addr, join)
	if ready != nil {
		ready(addr, rm)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("ssh server: %w", err)
	}
	// Closing drops every session; each records its leave before the log
	// is closed, so the post-mortem sees the room empty at shutdown.
	_ = srv.Close()
	if !rm.WaitEmpty(3 * time.Second) {
		logf("%d consoles did not leave in time; their leaves are recorded at the next start", rm.Seats())
	}
	logf("stopped; the incident is in %s (reopen with warroom serve or warroom open --db %s)", o.inc.db, o.inc.db)
	return nil
}

// lockedLog writes timestamped lines; sessions log from their own
// goroutines.
func lockedLog(w io.Writer) func(string, ...any) {
	var mu sync.Mutex
	return func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "%s warroom serve: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
	}
}
