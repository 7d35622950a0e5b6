package room

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// Config is what the server needs: the team, the room, the host key, and
// how to build one console (the command wires package tui in here).
type Config struct {
	Team    *Team
	Room    *Room
	HostKey []byte // PEM, from HostKey
	// Console builds the console of one seat. The program gets the
	// session's size, environment (colour profile) and input; the
	// console asks the terminal for its background itself. The returned
	// function, if any, runs when the session ends.
	Console func(seat *Seat, sess ssh.Session) (tea.Model, func())
	// Logf reports refused keys, joins and leaves, and refused requests.
	Logf func(format string, args ...any)
}

type ctxKey struct{ name string }

var (
	memberCtx = &ctxKey{"member"}
	seatCtx   = &ctxKey{"seat"}
	sizeCtx   = &ctxKey{"size"}
)

// NewServer builds the SSH server: public-key authentication against the
// team file only, one console per session, and nothing else — no shell,
// no exec, no subsystems, no port or agent forwarding.
func NewServer(c Config) (*ssh.Server, error) {
	logf := c.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	srv, err := wish.NewServer(
		wish.WithHostKeyPEM(c.HostKey),
		// A real pseudo-terminal per session: over the library's emulated
		// one the console's incremental redraws left garbled lines (the
		// waterfall chart after a draw); over a real one it renders as in
		// a local terminal. sizeFollower (pty_unix.go) keeps its size.
		ssh.AllocatePty(),
		wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
			m, ok := c.Team.Member(key)
			if !ok {
				logf("refused key %s from %s (user %q): not in %s", gossh.FingerprintSHA256(key), ctx.RemoteAddr(), ctx.User(), c.Team.File)
				return false
			}
			ctx.SetValue(memberCtx, m)
			return true
		}),
		wish.WithMiddleware(
			bm.MiddlewareWithProgramHandler(func(sess ssh.Session) *tea.Program {
				seat, _ := sess.Context().Value(seatCtx).(*Seat)
				if seat == nil {
					return nil
				}
				m, closeFn := c.Console(seat, sess)
				if closeFn != nil {
					go func() { <-sess.Context().Done(); closeFn() }()
				}
				opts := bm.MakeOptions(sess)
				size := newSizeFollower(sess)
				if size != nil {
					opts = append(opts, size.options()...)
					sess.Context().SetValue(sizeCtx, size)
				}
				p := tea.NewProgram(m, opts...)
				if size != nil {
					size.follow(p)
				}
				return p
			}),
			seatMiddleware(c.Room, logf),
			consoleOnly(logf),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	// Only an interactive shell: `ssh host cmd` (exec) and subsystems
	// (sftp) are refused before any handler runs.
	srv.SessionRequestCallback = func(sess ssh.Session, req string) bool {
		if req != "shell" {
			logf("refused %s request from %s (%s): the war room offers only its console", req, sess.RemoteAddr(), sess.User())
			return false
		}
		return true
	}
	// Port forwarding stays off: the callbacks are nil, so the library
	// refuses direct-tcpip channels and tcpip-forward requests.
	srv.LocalPortForwardingCallback, srv.ReversePortForwardingCallback = nil, nil
	return srv, nil
}

// consoleOnly refuses a session without a terminal, with a word of how to
// connect, and notes an agent-forwarding request (the library accepts it
// at the protocol level; the server never opens the agent).
func consoleOnly(logf func(string, ...any)) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			if ssh.AgentRequested(sess) {
				logf("%s asked to forward an agent; the war room never uses it", sess.User())
			}
			if _, _, ok := sess.Pty(); !ok {
				wish.Fatalln(sess, "warroom: this server offers only the war-room console; connect from a terminal: ssh -t -p PORT HOST")
				return
			}
			next(sess)
		}
	}
}

// seatMiddleware records the join before the console starts and the leave
// when the session ends, however it ends.
func seatMiddleware(r *Room, logf func(string, ...any)) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			m, ok := sess.Context().Value(memberCtx).(Member)
			if !ok {
				wish.Fatalln(sess, "warroom: not authenticated")
				return
			}
			fp := ""
			if k := sess.PublicKey(); k != nil {
				fp = gossh.FingerprintSHA256(k)
			}
			seat, err := r.Enter(m, fp)
			if err != nil {
				logf("%s could not join: %v", m.Name, err)
				wish.Fatalln(sess, "warroom: the incident log refused your arrival: "+err.Error())
				return
			}
			logf("%s (%s) joined from %s with %s", m.Name, m.RoleList(), sess.RemoteAddr(), fp)
			sess.Context().SetValue(seatCtx, seat)
			defer func() {
				// The console has stopped (next returned): its terminal
				// descriptor can go.
				if size, ok := sess.Context().Value(sizeCtx).(*sizeFollower); ok {
					size.closeTTY()
				}
				if err := seat.Leave("disconnected"); err != nil {
					logf("%s left; the leave could not be recorded: %v", m.Name, err)
					return
				}
				logf("%s left", m.Name)
			}()
			next(sess)
		}
	}
}
