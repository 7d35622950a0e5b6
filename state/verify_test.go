package state

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// flipMarker flips one byte of record seq's payload wherever it occurs in
// the raw file. bbolt is copy-on-write, so freed pages can still hold stale
// copies of a record; flipping every copy hits the live one whichever it is.
func flipMarker(t *testing.T, path string, seq uint64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	marker := fmt.Appendf(nil, "MARKER-%06d", seq)
	found := 0
	for i := 0; ; {
		j := bytes.Index(b[i:], marker)
		if j < 0 {
			break
		}
		b[i+j+len(marker)-1] ^= 0x01 // last digit: still valid JSON, different bytes
		i += j + len(marker)
		found++
	}
	if found == 0 {
		t.Fatalf("record %d's marker not found in %s", seq, path)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// rawUpdate edits the file behind warroom's back with plain bbolt, as a
// tamperer (or a newer warroom) would.
func rawUpdate(t *testing.T, path string, fn func(meta, recs *bolt.Bucket) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		return fn(tx.Bucket(bucketMeta), tx.Bucket(bucketRecords))
	}); err != nil {
		t.Fatal(err)
	}
}

// verifyFile opens path read-only and verifies it; an open error fails the test.
func verifyFile(t *testing.T, path string) Verification {
	t.Helper()
	l, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Verify()
}

func wantBad(t *testing.T, v Verification, firstBad uint64, reason string) {
	t.Helper()
	if v.OK || v.FirstBad != firstBad || !strings.Contains(v.Reason, reason) {
		t.Errorf("Verify = %+v; want FirstBad %d, reason containing %q", v, firstBad, reason)
	}
}

func TestVerifyClean(t *testing.T) {
	l, _ := newLog(t, 10)
	defer l.Close()
	if v := l.Verify(); v != (Verification{OK: true, Records: 10}) {
		t.Fatalf("Verify = %+v", v)
	}
	empty, _ := newLog(t, 0)
	defer empty.Close()
	if v := empty.Verify(); v != (Verification{OK: true}) {
		t.Fatalf("Verify empty = %+v", v)
	}
}

func TestVerifyFlippedRecordByte(t *testing.T) {
	path := closedLog(t, 12)
	flipMarker(t, path, 7)
	wantBad(t, verifyFile(t, path), 7, "record 7: stored hash does not match its contents (edited?)")

	// Records refuses to replay it, naming the record.
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = l.Records()
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "record 7") || !strings.Contains(err.Error(), path) {
		t.Fatalf("Records on an edited log: %v", err)
	}
}

func TestVerifyFlippedTailByte(t *testing.T) {
	path := closedLog(t, 12)
	flipMarker(t, path, 12)
	wantBad(t, verifyFile(t, path), 12, "record 12: stored hash does not match its contents")
}

func TestVerifyRewrittenRecord(t *testing.T) {
	// A careful editor recomputes the edited record's hash: its successor's
	// link breaks.
	path := closedLog(t, 12)
	rawUpdate(t, path, func(_, rb *bolt.Bucket) error {
		r, _ := decodeRecord(be64(7), rb.Get(be64(7)))
		r.Data = []byte(`{"type":"draw","note":"nothing to see"}`)
		r.Hash = recordHash(7, r.Prev, r.Data)
		return rb.Put(be64(7), encodeValue(r))
	})
	wantBad(t, verifyFile(t, path), 8, "record 8: previous-hash link broken")
}

func TestVerifyRewrittenTail(t *testing.T) {
	// The last record has no successor: the head catches it.
	path := closedLog(t, 12)
	rawUpdate(t, path, func(_, rb *bolt.Bucket) error {
		r, _ := decodeRecord(be64(12), rb.Get(be64(12)))
		r.Data = []byte(`{"type":"draw","note":"nothing to see"}`)
		r.Hash = recordHash(12, r.Prev, r.Data)
		return rb.Put(be64(12), encodeValue(r))
	})
	wantBad(t, verifyFile(t, path), 12, "record 12: does not match the head's hash")
}

func TestVerifyRemovedRecords(t *testing.T) {
	tail := closedLog(t, 12)
	rawUpdate(t, tail, func(_, rb *bolt.Bucket) error { return rb.Delete(be64(12)) })
	wantBad(t, verifyFile(t, tail), 12, "head says 12 records, file has 11 (truncated?)")

	middle := closedLog(t, 12)
	rawUpdate(t, middle, func(_, rb *bolt.Bucket) error { return rb.Delete(be64(5)) })
	wantBad(t, verifyFile(t, middle), 5, "record 5 is missing (the next stored record is 6)")

	extra := closedLog(t, 3)
	rawUpdate(t, extra, func(_, rb *bolt.Bucket) error {
		prev, _ := decodeRecord(be64(3), rb.Get(be64(3)))
		r := Record{Seq: 4, Prev: prev.Hash, Data: payload(4)}
		r.Hash = recordHash(4, r.Prev, r.Data)
		return rb.Put(be64(4), encodeValue(r))
	})
	wantBad(t, verifyFile(t, extra), 4, "file has 4 records, head says 3")
}

func TestVerifyBookSwapped(t *testing.T) {
	path := closedLog(t, 2)
	rawUpdate(t, path, func(mb, _ *bolt.Bucket) error {
		m, _ := decodeMeta(mb.Get(keyMeta))
		m.Book = []byte("firm: Someone-Else\n")
		raw, _ := encodeMeta(m)
		return mb.Put(keyMeta, raw)
	})
	wantBad(t, verifyFile(t, path), 0, "meta (book, scenario) does not match the head")
}

func TestVerifyDamagedMetaPage(t *testing.T) {
	// Damage bbolt's newest meta page: bbolt falls back to the commit before
	// and the last record silently vanishes, head and all. Verify must say so.
	path := closedLog(t, 4)
	b, _ := os.ReadFile(path)
	page := os.Getpagesize()
	txid := func(i int) uint64 { return binary.NativeEndian.Uint64(b[i*page+pageHeaderLen+48:]) }
	newest := 0
	if txid(1) > txid(0) {
		newest = 1
	}
	b[newest*page+pageHeaderLen+metaChecksumOff] ^= 0xFF
	os.WriteFile(path, b, 0o600)

	l, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if n, _ := l.Len(); n != 3 {
		t.Fatalf("Len = %d; want 3 (bbolt's fallback to the previous commit)", n)
	}
	wantBad(t, l.Verify(), 0, fmt.Sprintf("bbolt meta page %d is damaged", newest))
}

func TestNewerFormat(t *testing.T) {
	path := closedLog(t, 2)
	rawUpdate(t, path, func(mb, _ *bolt.Bucket) error {
		// A newer warroom may change the meta too; it must not be decoded.
		if err := mb.Put(keyMeta, []byte("format 2 meta, not JSON")); err != nil {
			return err
		}
		return mb.Put(keyFormat, be64(FormatVersion+1))
	})
	for name, open := range map[string]func(string) (*Log, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
		_, err := open(path)
		if !errors.Is(err, ErrNewerFormat) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "format 2") {
			t.Errorf("%s: %v; want ErrNewerFormat naming the file and format", name, err)
		}
	}
}

// TestDamagedFiles: files that are not (or no longer) a readable log give a
// clear error at Open, or a failed Verify/Records; never a panic.
func TestDamagedFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	bare := filepath.Join(dir, "bare.db")
	db, err := bolt.Open(bare, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err })
	db.Close()

	cases := []struct {
		path string
		want error
	}{
		{write("empty.db", nil), ErrCorrupt},
		{write("random.db", random), ErrNotIncident},
		{write("text.db", []byte("positions:\n  - name: S&P futures\n")), ErrNotIncident},
		{bare, ErrNotIncident},
	}
	for _, c := range cases {
		for name, open := range map[string]func(string) (*Log, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
			l, err := open(c.path)
			if err == nil {
				l.Close()
			}
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.path) {
				t.Errorf("%s(%s): %v; want %v naming the file", name, filepath.Base(c.path), err, c.want)
			}
		}
	}
	// Opening an empty file must not turn it into a fresh log.
	if fi, _ := os.Stat(cases[0].path); fi.Size() != 0 {
		t.Errorf("Open wrote to the empty file (%d bytes)", fi.Size())
	}
}

// TestTruncatedFile cuts a log at several lengths: every cut gives an open
// error or a failed verification, naming the file, and nothing panics. A cut
// that removes only the unused space bbolt preallocates may verify, but then
// every record must still be there.
func TestTruncatedFile(t *testing.T) {
	path := closedLog(t, 300)
	full, _ := os.ReadFile(path)
	page := os.Getpagesize()
	for _, n := range []int{100, page + 100, 2 * page, len(full) / 2, len(full) - page} {
		p := filepath.Join(t.TempDir(), "cut.db")
		os.WriteFile(p, full[:n], 0o600)
		for name, open := range map[string]func(string) (*Log, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
			l, err := open(p)
			if err != nil {
				if !(errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNotIncident)) || !strings.Contains(err.Error(), p) {
					t.Errorf("%s cut at %d: %v", name, n, err)
				}
				continue
			}
			v := l.Verify()
			recs, rerr := l.Records()
			l.Close()
			switch {
			case v.OK && rerr == nil && len(recs) == 300 && bytes.Equal(recs[299].Data, payload(300)):
				// only preallocated space was cut
			case v.OK || !errors.Is(rerr, ErrCorrupt) || !strings.Contains(rerr.Error(), p):
				t.Errorf("%s cut at %d of %d: Verify %+v, %d records, Records err %v", name, n, len(full), v, len(recs), rerr)
			}
		}
	}
}

// TestTrustedPrefix: a flipped byte in record 7 leaves records 1-6 vouched
// for, and the verification names 7.
func TestTrustedPrefix(t *testing.T) {
	l, path := newLog(t, 12)
	l.Close()
	flipMarker(t, path, 7)
	l2, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	recs, v, err := l2.Trusted()
	if err != nil {
		t.Fatal(err)
	}
	if v.OK || v.FirstBad != 7 || len(recs) != 6 || recs[5].Seq != 6 {
		t.Fatalf("trusted %d records, verification %+v", len(recs), v)
	}
	if _, err := l2.Records(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Records on a damaged log: %v", err)
	}
}
