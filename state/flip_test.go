package state

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestFlipAnyByte flips bytes across a whole small log, one at a time. What
// must hold, whatever byte is hit: nothing panics; Open refuses with
// ErrCorrupt, ErrNotIncident or ErrNewerFormat, or Records returns exactly
// what was written (or, after a damaged bbolt meta page, an earlier prefix
// that Verify flags), or Records fails with ErrCorrupt naming the file. Verify
// must fail whenever Records fails.
//
// The log here is realistic in size (a book of a few KB, records past 1 KB),
// which matters: bbolt keeps a bucket under a quarter page inline in its
// parent, cloned to the Go heap when unaligned, and it trusts the element
// offsets inside; a flipped offset there makes it read stray heap memory
// (a fatal checkptr error under -race). Buckets in their own pages are read
// from the memory map, where a stray read is file bytes or a fault guard
// catches. Stray reads are counted, not failed.
func TestFlipAnyByte(t *testing.T) {
	const n = 20
	l, err := Create(filepath.Join(t.TempDir(), "incident.db"), realisticMeta())
	if err != nil {
		t.Fatal(err)
	}
	for i := uint64(1); i <= n; i++ {
		if _, err := l.Append(payload(i)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	orig, err := os.ReadFile(l.Path())
	if err != nil {
		t.Fatal(err)
	}
	// Every byte of each page's header and first element headers (bbolt's
	// structure), plus seeded random bytes across the page (the contents).
	// Pages of zeros are unused space and skipped.
	page := os.Getpagesize()
	rng := rand.New(rand.NewPCG(7, 11))
	var offsets []int
	for p := 0; p+page <= len(orig); p += page {
		if bytes.Count(orig[p:p+page], []byte{0}) == page {
			continue
		}
		for i := range 96 {
			offsets = append(offsets, p+i)
		}
		for range 64 {
			offsets = append(offsets, p+96+rng.IntN(page-96))
		}
	}
	if raceEnabled || testing.Short() {
		// Every 8th offset: still each page's header and some contents.
		var some []int
		for i := 0; i < len(offsets); i += 8 {
			some = append(some, offsets[i])
		}
		offsets = some
	}
	path := filepath.Join(t.TempDir(), "flipped.db")
	if err := os.WriteFile(path, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var refused, caught, harmless, stray int
	for _, off := range offsets {
		// Flip in place, and put the byte back for the next round.
		if _, err := f.WriteAt([]byte{orig[off] ^ 0x20}, int64(off)); err != nil {
			t.Fatal(err)
		}
		restore := func() { f.WriteAt(orig[off:off+1], int64(off)) }
		l, err := OpenReadOnly(path)
		if err != nil {
			// A flip in the format marker's low byte reads as a newer
			// format; refusing the file is still the right outcome.
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotIncident) && !errors.Is(err, ErrNewerFormat) {
				t.Fatalf("byte %d: Open: %v", off, err)
			}
			refused++
			restore()
			continue
		}
		v := l.Verify()
		recs, rerr := l.Records()
		l.Close()
		restore()
		// A damaged bbolt meta page rolls the file back to an earlier
		// commit: a shorter prefix, which Verify must then flag.
		prefix := rerr == nil && len(recs) <= n
		for i := 0; prefix && i < len(recs); i++ {
			prefix = recs[i].Seq == uint64(i+1) && bytes.Equal(recs[i].Data, payload(uint64(i+1)))
		}
		intact := prefix && len(recs) == n
		switch {
		case rerr == nil && !prefix:
			t.Fatalf("byte %d: Records returned changed records without an error", off)
		case v.OK && rerr == nil && !intact:
			t.Fatalf("byte %d: Verify OK with %d of %d records", off, len(recs), n)
		case rerr != nil && (!errors.Is(rerr, ErrCorrupt) || !strings.Contains(rerr.Error(), path)):
			t.Fatalf("byte %d: Records: %v", off, rerr)
		case v.OK && intact:
			harmless++
		case !v.OK && v.Reason != "":
			caught++ // including bbolt's meta pages, which Records does not read
		case v.OK && rerr != nil:
			stray++
			t.Logf("byte %d: Verify OK, then Records: %v (bbolt read stray memory)", off, rerr)
		default:
			t.Fatalf("byte %d: Verify %+v, Records %d, %v", off, v, len(recs), rerr)
		}
	}
	t.Logf("%d bytes flipped: %d refused at open, %d caught by Verify, %d in unused space, %d stray reads",
		len(offsets), refused, caught, harmless, stray)
	if refused == 0 || caught == 0 {
		t.Errorf("the sweep missed the headers or the records (refused %d, caught %d)", refused, caught)
	}
}

// TestConcurrentAppends: the console may save from several commands at once;
// every append gets its own seq and the chain stays whole.
func TestConcurrentAppends(t *testing.T) {
	l, _ := newLog(t, 0)
	defer l.Close()
	var wg sync.WaitGroup
	seen := make([]bool, 81)
	var mu sync.Mutex
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				r, err := l.Append(payload(uint64(100*g + i)))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if r.Seq < 1 || r.Seq > 80 || seen[r.Seq] {
					t.Errorf("seq %d handed out twice or out of range", r.Seq)
				} else {
					seen[r.Seq] = true
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if v := l.Verify(); v != (Verification{OK: true, Records: 80}) {
		t.Fatalf("Verify = %+v", v)
	}
}

// realisticMeta carries a book of a realistic size (a few KB of YAML).
func realisticMeta() Meta {
	m := testMeta()
	var b strings.Builder
	b.WriteString("firm: Arb-Capital\npositions:\n")
	for i := range 40 {
		fmt.Fprintf(&b, "  - name: position %d\n    mv: \"%d000000.00\"\n    im: \"1500000.00\"\n", i, i+1)
	}
	m.Book = []byte(b.String())
	return m
}
