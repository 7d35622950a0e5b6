package state

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestCopyPrefix(t *testing.T) {
	src, _ := newLog(t, 10)
	defer src.Close()
	srcRecs, _ := src.Records()

	meta := testMeta()
	meta.Kind = KindDrill
	meta.Scenario = "what if we had repoed first"
	dst := filepath.Join(t.TempDir(), "fork.db")
	f, err := CopyPrefix(src, dst, 6, meta)
	if err != nil {
		t.Fatal(err)
	}
	m := f.Meta()
	abs, _ := filepath.Abs(src.Path())
	if m.ForkOf != abs || m.ForkAt != 6 || m.Kind != KindDrill || m.Scenario != meta.Scenario {
		t.Errorf("fork meta = %+v", m)
	}
	recs, err := f.Records()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 {
		t.Fatalf("fork has %d records, want 6", len(recs))
	}
	for i, r := range recs {
		s := srcRecs[i]
		if r.Seq != s.Seq || r.Prev != s.Prev || r.Hash != s.Hash || !bytes.Equal(r.Data, s.Data) {
			t.Errorf("record %d differs from the source's", i+1)
		}
	}
	if v := f.Verify(); v != (Verification{OK: true, Records: 6}) {
		t.Fatalf("fork Verify = %+v", v)
	}
	// The fork carries on its own chain, and survives a reopen.
	r, err := f.Append(payload(7))
	if err != nil || r.Seq != 7 || r.Prev != srcRecs[5].Hash {
		t.Fatalf("append to fork: %+v %v", r, err)
	}
	f.Close()
	f, err = OpenReadOnly(dst)
	if err != nil {
		t.Fatal(err)
	}
	if v := f.Verify(); v != (Verification{OK: true, Records: 7}) {
		t.Fatalf("fork Verify after reopen = %+v", v)
	}
	f.Close()

	// A fork of a fork still verifies from the first log's meta.
	f, _ = Open(dst)
	ff, err := CopyPrefix(f, filepath.Join(t.TempDir(), "fork2.db"), 7, testMeta())
	if err != nil {
		t.Fatal(err)
	}
	if v := ff.Verify(); v != (Verification{OK: true, Records: 7}) {
		t.Fatalf("fork of fork Verify = %+v", v)
	}
	ff.Close()
	f.Close()

	// The fork's own meta is bound too: swapping its book is caught.
	rawUpdate(t, dst, func(mb, _ *bolt.Bucket) error {
		m, _ := decodeMeta(mb.Get(keyMeta))
		m.Book = []byte("firm: Someone-Else\n")
		raw, _ := encodeMeta(m)
		return mb.Put(keyMeta, raw)
	})
	wantBad(t, verifyFile(t, dst), 0, "meta (book, scenario) does not match the head")
}

func TestCopyPrefixEdges(t *testing.T) {
	src, srcPath := newLog(t, 3)
	dir := t.TempDir()

	empty, err := CopyPrefix(src, filepath.Join(dir, "zero.db"), 0, testMeta())
	if err != nil {
		t.Fatal(err)
	}
	if v := empty.Verify(); v != (Verification{OK: true}) {
		t.Errorf("fork at 0: %+v", v)
	}
	empty.Close()

	if _, err := CopyPrefix(src, filepath.Join(dir, "long.db"), 4, testMeta()); err == nil || !strings.Contains(err.Error(), "has 3 records, cannot fork at 4") {
		t.Errorf("fork past the end: %v", err)
	}
	if _, err := CopyPrefix(src, srcPath, 1, testMeta()); !errors.Is(err, ErrExists) {
		t.Errorf("fork onto the source: %v; want ErrExists", err)
	}
	src.Close()

	// A damaged prefix is not copied; a damaged record past n does not matter.
	flipMarker(t, srcPath, 2)
	src, err = OpenReadOnly(srcPath)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := CopyPrefix(src, filepath.Join(dir, "bad.db"), 3, testMeta()); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "record 2") {
		t.Errorf("fork of a damaged prefix: %v; want ErrCorrupt naming record 2", err)
	}
	good, err := CopyPrefix(src, filepath.Join(dir, "good.db"), 1, testMeta())
	if err != nil {
		t.Fatalf("fork before the damage: %v", err)
	}
	if v := good.Verify(); v != (Verification{OK: true, Records: 1}) {
		t.Errorf("fork before the damage: %+v", v)
	}
	good.Close()
}
