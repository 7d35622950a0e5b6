//go:build unix

package state

import (
	"os"
	"syscall"
)

// releaseLock drops bbolt's flock on a file whose bolt.Open panicked. Closing
// the file is not enough: the lock belongs to the open file description, and
// the memory map bbolt leaves behind still references it, so without an
// explicit unlock this process would keep the log locked against itself.
func releaseLock(f *os.File) {
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}
