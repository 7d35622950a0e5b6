//go:build unix

package room

import (
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/x/term"
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

func (f *sizeFollower) options() []tea.ProgramOption {
	return []tea.ProgramOption{tea.WithFilter(f.filter)}
}

func (f *sizeFollower) follow(p *tea.Program) {
	conn, err := f.pty.Slave.SyscallConn()
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
