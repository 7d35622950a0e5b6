package state

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCreateAppendReopen(t *testing.T) {
	l, path := newLog(t, 0)
	for i := uint64(1); i <= 5; i++ {
		r, err := l.Append(payload(i))
		if err != nil {
			t.Fatal(err)
		}
		if r.Seq != i {
			t.Fatalf("append %d: seq %d", i, r.Seq)
		}
		if r.Hash != recordHash(r.Seq, r.Prev, payload(i)) {
			t.Fatalf("append %d: returned hash does not cover its data", i)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.Path() != path {
		t.Errorf("Path() = %q, want %q", l.Path(), path)
	}
	m := l.Meta()
	want := testMeta()
	if m.Format != FormatVersion || !m.Created.Equal(want.Created) || m.Kind != want.Kind ||
		m.BookName != want.BookName || !bytes.Equal(m.Book, want.Book) || m.Scenario != want.Scenario ||
		m.Extra["operator"] != "lead" || m.ForkOf != "" || m.ForkAt != 0 {
		t.Errorf("meta after reopen = %+v", m)
	}
	if n, err := l.Len(); err != nil || n != 5 {
		t.Fatalf("Len = %d, %v; want 5", n, err)
	}
	recs, err := l.Records()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 {
		t.Fatalf("%d records, want 5", len(recs))
	}
	genesis := hash32(l.metaRaw)
	for i, r := range recs {
		seq := uint64(i + 1)
		if r.Seq != seq || !bytes.Equal(r.Data, payload(seq)) {
			t.Errorf("record %d = seq %d %q", seq, r.Seq, r.Data)
		}
		prev := genesis
		if i > 0 {
			prev = recs[i-1].Hash
		}
		if r.Prev != prev {
			t.Errorf("record %d: prev does not link", seq)
		}
	}
	// Appending after reopen continues the sequence and the chain.
	r, err := l.Append(payload(6))
	if err != nil || r.Seq != 6 || r.Prev != recs[4].Hash {
		t.Fatalf("append after reopen: seq %d, err %v, linked %v", r.Seq, err, r.Prev == recs[4].Hash)
	}
	if v := l.Verify(); !v.OK || v.Records != 6 {
		t.Fatalf("Verify = %+v", v)
	}
}

func TestRecordsAndMetaAreCopies(t *testing.T) {
	l, _ := newLog(t, 3)
	defer l.Close()
	recs, err := l.Records()
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		for j := range recs[i].Data {
			recs[i].Data[j] = 'X'
		}
		recs[i].Data = append(recs[i].Data, "more"...)
	}
	m := l.Meta()
	m.Book[0] = 'X'
	m.Extra["operator"] = "intruder"

	again, err := l.Records()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range again {
		if !bytes.Equal(r.Data, payload(uint64(i+1))) {
			t.Errorf("record %d changed through a returned slice: %q", i+1, r.Data)
		}
	}
	if m2 := l.Meta(); m2.Book[0] != 'f' || m2.Extra["operator"] != "lead" {
		t.Errorf("meta changed through a returned copy: %q %v", m2.Book, m2.Extra)
	}
	if v := l.Verify(); !v.OK {
		t.Errorf("Verify after mutating copies = %+v", v)
	}
}

func TestAppendCopiesCallerData(t *testing.T) {
	l, _ := newLog(t, 0)
	defer l.Close()
	data := payload(1)
	r, err := l.Append(data)
	if err != nil {
		t.Fatal(err)
	}
	data[0], r.Data[1] = 'X', 'Y'
	recs, err := l.Records()
	if err != nil || !bytes.Equal(recs[0].Data, payload(1)) {
		t.Fatalf("stored record changed with the caller's slice: %q, %v", recs[0].Data, err)
	}
}

func TestFileMode0600(t *testing.T) {
	_, path := newLog(t, 1)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestCreateExisting(t *testing.T) {
	l, path := newLog(t, 2)
	l.Close()
	_, err := Create(path, testMeta())
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Create on existing log: %v; want ErrExists naming %s", err, path)
	}
	// Any file counts, not just a log; and it is left alone.
	other := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(other, []byte("keep me"), 0o644)
	if _, err := Create(other, testMeta()); !errors.Is(err, ErrExists) {
		t.Fatalf("Create on a text file: %v; want ErrExists", err)
	}
	if b, _ := os.ReadFile(other); string(b) != "keep me" {
		t.Errorf("Create touched the existing file: %q", b)
	}
	// The existing log is intact.
	l, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if n, _ := l.Len(); n != 2 {
		t.Errorf("Len = %d after failed Create, want 2", n)
	}
}

func TestCreateRejectsUnknownKind(t *testing.T) {
	m := testMeta()
	m.Kind = "rehearsal"
	path := filepath.Join(t.TempDir(), "x.db")
	if _, err := Create(path, m); err == nil || !strings.Contains(err.Error(), "rehearsal") {
		t.Fatalf("Create with kind %q: %v", m.Kind, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a failed Create left a file: %v", err)
	}
}

func TestOpenMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.db")
	if _, err := Open(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Open missing: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("Open created the file")
	}
}

func TestReadOnly(t *testing.T) {
	path := closedLog(t, 3)
	a, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := OpenReadOnly(path) // readers share the file
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := a.Append(payload(4)); err == nil || !strings.Contains(err.Error(), "NOT saved") {
		t.Fatalf("Append on a read-only log: %v", err)
	}
	if recs, err := b.Records(); err != nil || len(recs) != 3 {
		t.Fatalf("Records read-only: %d, %v", len(recs), err)
	}
	if v := a.Verify(); !v.OK || v.Records != 3 {
		t.Fatalf("Verify read-only = %+v", v)
	}
}

func TestEmptyAppendRefused(t *testing.T) {
	l, _ := newLog(t, 0)
	defer l.Close()
	if _, err := l.Append(nil); err == nil {
		t.Fatal("Append(nil) succeeded")
	}
	if n, _ := l.Len(); n != 0 {
		t.Errorf("Len = %d", n)
	}
}
