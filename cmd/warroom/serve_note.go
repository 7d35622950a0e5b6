package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/warroom/warroom/state"
)

// A served incident file is locked by bbolt like any open one; the server
// also leaves a note beside it (FILE.serving) so that a console refused
// the lock can say who holds it and how to join instead. The note is only
// read when the lock is refused, so one left by a killed server misleads
// nobody: the lock died with the process.
type servingNote struct {
	PID     int       `json:"pid"`
	Listen  string    `json:"listen"`
	HostKey string    `json:"host_key"`
	Join    string    `json:"join"` // the ssh command that joins the room
	Since   time.Time `json:"since"`
}

func notePath(db string) string { return db + ".serving" }

func writeServingNote(db string, n servingNote) error {
	data, err := json.Marshal(n)
	if err != nil {
		return err
	}
	return os.WriteFile(notePath(db), append(data, '\n'), 0o600)
}

// servedBy names the server holding db when err is a refused lock and a
// note says one does; otherwise err is returned unchanged.
func servedBy(db string, err error) error {
	if !errors.Is(err, state.ErrLocked) {
		return err
	}
	data, rerr := os.ReadFile(notePath(db))
	var n servingNote
	if rerr != nil || json.Unmarshal(data, &n) != nil || n.PID == 0 {
		return err
	}
	return fmt.Errorf("%s is held by `warroom serve` (pid %d, listening on %s since %s, host key %s): join the room with `%s` instead, or stop the server first: %w",
		db, n.PID, n.Listen, n.Since.Local().Format("15:04 Mon 02 Jan"), n.HostKey, n.Join, err)
}
