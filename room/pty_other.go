//go:build !unix

package room

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
)

// sizeFollower is not needed where the pty is emulated: the middleware's
// window changes are the only ones.
type sizeFollower struct{}

func newSizeFollower(ssh.Session) *sizeFollower    { return nil }
func (*sizeFollower) options() []tea.ProgramOption { return nil }
func (*sizeFollower) follow(*tea.Program)          {}
