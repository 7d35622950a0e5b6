//go:build unix

package room

import (
	"os"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/x/term"
	"golang.org/x/sys/unix"
)

// sizeFollower keeps the console's size equal to its terminal's. The
// library resizes the session's pty on a window change, and wish's
// middleware tells the program, but both read the one channel of changes,
// so each change reaches only one of them. The filter sees every size the
// program is told and resizes the pty to it; a poll of the pty every
// 100 ms tells the program a size the library set and it was not told.
type sizeFollower struct {
	sess ssh.Session
	pty  ssh.Pty

	mu           sync.Mutex
	toldW, toldH int
	tty          *ttyFile // the program's own descriptor of the terminal
}

func newSizeFollower(sess ssh.Session) *sizeFollower {
	pty, _, ok := sess.Pty()
	if !ok || pty.Slave == nil {
		return nil
	}
	return &sizeFollower{sess: sess, pty: pty, toldW: pty.Window.Width, toldH: pty.Window.Height}
}

// filter replaces the middleware's own (which turns a suspend into a
// resume: a console over SSH cannot be suspended) and records sizes.
func (f *sizeFollower) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	case tea.WindowSizeMsg:
		f.mu.Lock()
		f.toldW, f.toldH = m.Width, m.Height
		f.mu.Unlock()
		_ = f.pty.Resize(m.Width, m.Height)
	}
	return msg
}

// options give the program its own descriptor of the pty's terminal end
// (a dup), so the library closing the pty when the session ends never
// races the program's input reader on the same *os.File; closeTTY closes
// it once the program has stopped.
func (f *sizeFollower) options() []tea.ProgramOption {
	opts := []tea.ProgramOption{tea.WithFilter(f.filter)}
	conn, err := f.pty.Slave.SyscallConn()
	if err != nil {
		return opts
	}
	dup := -1
	_ = conn.Control(func(fd uintptr) { dup, err = unix.FcntlInt(fd, unix.F_DUPFD_CLOEXEC, 0) })
	if err != nil || dup < 0 {
		return opts
	}
	f.tty = &ttyFile{File: os.NewFile(uintptr(dup), f.pty.Slave.Name()), fd: uintptr(dup)}
	return append(opts, tea.WithInput(f.tty), tea.WithOutput(f.tty))
}

// ttyFile is the program's terminal: an *os.File whose descriptor number
// is kept apart, so the input reader asking for it (cancelreader's epoll
// calls Fd in its own goroutine) never reads the file's fields while the
// session's end closes it.
type ttyFile struct {
	*os.File
	fd uintptr
}

// Fd is the descriptor number, without touching the *os.File.
func (t *ttyFile) Fd() uintptr { return t.fd }

func (f *sizeFollower) closeTTY() {
	if f != nil && f.tty != nil {
		_ = f.tty.Close()
	}
}

func (f *sizeFollower) follow(p *tea.Program) {
	tty := f.pty.Slave
	if f.tty != nil {
		tty = f.tty.File
	}
	conn, err := tty.SyscallConn()
	if err != nil {
		return
	}
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-f.sess.Context().Done():
				return
			case <-t.C:
				var w, h int
				_ = conn.Control(func(fd uintptr) { w, h, _ = term.GetSize(fd) })
				f.mu.Lock()
				stale := w > 0 && h > 0 && (w != f.toldW || h != f.toldH)
				f.mu.Unlock()
				if stale {
					p.Send(tea.WindowSizeMsg{Width: w, Height: h})
				}
			}
		}
	}()
}
