//go:build !unix

package state

import "os"

// releaseLock is a no-op where bbolt does not lock with flock; closing the
// file is all this package can do there.
func releaseLock(*os.File) {}
