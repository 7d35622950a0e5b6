package feed

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"time"
)

// PollEvery is how often Follow looks for new lines: well inside the
// second the console has to show a change.
var PollEvery = 200 * time.Millisecond

// Follow tails the file at path until ctx ends, calling fn for each
// complete line appended (blank lines are counted, not reported). It
// starts from the beginning of the file, so a console opened on a feed
// that already has lines applies them first. When the file shrinks
// (truncated) or is replaced (rotated), it starts again from its first
// line. A file that does not exist yet is waited for. fn runs on Follow's
// goroutine; Follow returns ctx's error, or the error of a file it cannot
// read.
func Follow(ctx context.Context, path string, fn func(Line)) error {
	var (
		f       *os.File
		info    os.FileInfo
		offset  int64
		n       int
		partial []byte
	)
	defer func() {
		if f != nil {
			f.Close()
		}
	}()
	tick := time.NewTicker(PollEvery)
	defer tick.Stop()
	for {
		st, err := os.Stat(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			// Not there (yet, or mid-rotation): wait.
		case err != nil:
			return err
		default:
			if f == nil || !os.SameFile(info, st) || st.Size() < offset {
				if f != nil {
					f.Close()
				}
				if f, err = os.Open(path); err != nil {
					return err
				}
				info, offset, n, partial = st, 0, 0, nil
			}
			if st.Size() > offset {
				if _, err := f.Seek(offset, io.SeekStart); err != nil {
					return err
				}
				buf, err := io.ReadAll(io.LimitReader(f, st.Size()-offset))
				if err != nil {
					return err
				}
				offset += int64(len(buf))
				partial = append(partial, buf...)
				for {
					i := bytes.IndexByte(partial, '\n')
					if i < 0 {
						break
					}
					text := string(bytes.TrimRight(partial[:i], "\r"))
					partial = partial[i+1:]
					n++
					if len(bytes.TrimSpace([]byte(text))) == 0 {
						continue
					}
					fn(ParseLine(n, text))
				}
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}
