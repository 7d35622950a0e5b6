package state

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Append stores data as the next record and returns it once it is on disk:
// one bbolt Update, whose commit fsyncs, writes the record and the new head
// together. Only after Append returns may the screen confirm the decision; on
// error the decision was not saved.
func (l *Log) Append(data []byte) (Record, error) {
	if l.readOnly {
		return Record{}, fmt.Errorf("%s: append: opened read-only (review); the decision was NOT saved", l.path)
	}
	if len(data) == 0 {
		return Record{}, fmt.Errorf("%s: append: empty record; the decision was NOT saved", l.path)
	}
	var rec Record
	err := guard(l.path, func() error {
		return l.db.Update(func(tx *bolt.Tx) error {
			mb, rb := tx.Bucket(bucketMeta), tx.Bucket(bucketRecords)
			if mb == nil || rb == nil {
				return l.corrupt("buckets missing")
			}
			h, err := decodeHead(mb.Get(keyHead))
			if err != nil {
				return l.corrupt(err.Error())
			}
			seq, err := rb.NextSequence()
			if err != nil {
				return err
			}
			// Writing past a damaged tail would bury the damage under new
			// evidence; refuse instead.
			if seq != h.seq+1 {
				return l.corrupt(fmt.Sprintf("record counter (%d) and head (%d) disagree", seq-1, h.seq))
			}
			key := be64(seq)
			if rb.Get(key) != nil {
				return l.corrupt(fmt.Sprintf("record %d already exists (a record is never overwritten)", seq))
			}
			rec = Record{Seq: seq, Prev: h.hash, Data: append([]byte(nil), data...)}
			rec.Hash = recordHash(seq, rec.Prev, rec.Data)
			if err := rb.Put(key, encodeValue(rec)); err != nil {
				return err
			}
			h.seq, h.hash = seq, rec.Hash
			return mb.Put(keyHead, h.encode())
		})
	})
	if err != nil {
		if errors.Is(err, ErrCorrupt) {
			return Record{}, fmt.Errorf("%w (the decision was NOT saved)", err)
		}
		return Record{}, fmt.Errorf("%s: append: %w; the decision was NOT saved", l.path, err)
	}
	return rec, nil
}

// Records returns every record in order, copied out of the file, after
// checking the whole chain: a replay either sees the evidence as written or
// gets ErrCorrupt naming the first bad record (Verify gives the details).
func (l *Log) Records() ([]Record, error) {
	var out []Record
	var v Verification
	err := guard(l.path, func() error {
		return l.db.View(func(tx *bolt.Tx) error {
			if h, err := headOf(tx); err == nil && h.seq < 1<<24 {
				out = make([]Record, 0, h.seq)
			}
			v = check(tx, math.MaxUint64, func(r Record) { out = append(out, r) })
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	if !v.OK {
		return nil, l.corrupt(v.Reason)
	}
	return out, nil
}

// Trusted returns the records a damaged log can still vouch for: every
// record before the first bad one (none when the meta itself was changed),
// with the verification that says where and why the chain breaks. Records
// refuses a damaged log outright, so that nothing replays unverified
// evidence; the post-mortem uses this to show what is intact and flag the
// break rather than show nothing.
func (l *Log) Trusted() ([]Record, Verification, error) {
	var out []Record
	var v Verification
	err := guard(l.path, func() error {
		return l.db.View(func(tx *bolt.Tx) error {
			v = check(tx, math.MaxUint64, func(r Record) { out = append(out, r) })
			return nil
		})
	})
	if err != nil {
		return nil, v, err
	}
	if !v.OK {
		keep := out[:0]
		for _, r := range out {
			if v.FirstBad == 0 || r.Seq < v.FirstBad {
				keep = append(keep, r)
			}
		}
		if v.FirstBad == 0 {
			keep = nil // the meta or head is what broke: no record is vouched for
		}
		out = keep
	}
	return out, v, nil
}

// Len returns the number of records, as the head records it (no walk).
func (l *Log) Len() (uint64, error) {
	var n uint64
	err := guard(l.path, func() error {
		return l.db.View(func(tx *bolt.Tx) error {
			h, err := headOf(tx)
			if err != nil {
				return l.corrupt(err.Error())
			}
			n = h.seq
			return nil
		})
	})
	return n, err
}

func headOf(tx *bolt.Tx) (head, error) {
	mb := tx.Bucket(bucketMeta)
	if mb == nil {
		return head{}, fmt.Errorf("meta bucket missing")
	}
	return decodeHead(mb.Get(keyHead))
}

// Verification is the result of walking the chain.
type Verification struct {
	OK       bool
	Records  uint64 // records checked and found good (all of them when OK)
	FirstBad uint64 // seq of the first bad or missing record; 0 = none named
	Reason   string // why it failed, for a human; empty when OK
}

// Verify walks the whole chain (every record's hash and link, the sequence,
// and the head) and checks bbolt's two meta pages. It never panics: a file
// bbolt cannot read is reported as a failed verification.
func (l *Log) Verify() Verification {
	var v Verification
	err := guard(l.path, func() error {
		return l.db.View(func(tx *bolt.Tx) error {
			v = check(tx, math.MaxUint64, nil)
			return nil
		})
	})
	if err != nil {
		return Verification{Reason: err.Error()}
	}
	if v.OK {
		if err := checkMetaPages(l.path, l.db.Info().PageSize); err != nil {
			v.OK, v.Reason = false, err.Error()
		}
	}
	return v
}

// check walks the records in key order up to seq limit, verifying each one's
// hash and its link to the one before, and hands the good ones to keep. Past
// the last record (if limit was not reached) it checks the head, which is
// what catches a truncated or rewritten tail.
func check(tx *bolt.Tx, limit uint64, keep func(Record)) Verification {
	mb, rb := tx.Bucket(bucketMeta), tx.Bucket(bucketRecords)
	if mb == nil || rb == nil {
		return Verification{Reason: "warroom buckets missing"}
	}
	h, err := decodeHead(mb.Get(keyHead))
	if err != nil {
		return Verification{Reason: err.Error()}
	}
	metaRaw := mb.Get(keyMeta)
	if hash32(metaRaw) != h.meta {
		return Verification{FirstBad: 0, Reason: "meta (book, scenario) does not match the head: it was changed after the log was created"}
	}
	prev := hash32(metaRaw)
	if o := mb.Get(keyOrigin); o != nil {
		prev = hash32(o)
	}
	bad := func(seq uint64, n uint64, format string, args ...any) Verification {
		return Verification{Records: n, FirstBad: seq, Reason: fmt.Sprintf(format, args...)}
	}
	var n uint64 // good records so far; the next one must be n+1
	c := rb.Cursor()
	for k, v := c.First(); k != nil && n < limit; k, v = c.Next() {
		r, err := decodeRecord(k, v)
		if err != nil {
			return bad(n+1, n, "record %d: %v", n+1, err)
		}
		switch {
		case r.Seq > n+1 && r.Seq == n+2:
			return bad(n+1, n, "record %d is missing (the next stored record is %d): removed?", n+1, r.Seq)
		case r.Seq > n+1:
			return bad(n+1, n, "records %d to %d are missing (the next stored record is %d): removed?", n+1, r.Seq-1, r.Seq)
		case r.Seq < n+1:
			return bad(n+1, n, "record %d found where record %d should be", r.Seq, n+1)
		case recordHash(r.Seq, r.Prev, r.Data) != r.Hash:
			return bad(r.Seq, n, "record %d: stored hash does not match its contents (edited?)", r.Seq)
		case r.Prev != prev && r.Seq == 1:
			return bad(1, n, "record 1: does not link to the log's meta (the book or meta it started from was changed?)")
		case r.Prev != prev:
			return bad(r.Seq, n, "record %d: previous-hash link broken (a record before it was changed or removed)", r.Seq)
		}
		prev = r.Hash
		n++
		if keep != nil {
			keep(r)
		}
	}
	if n == limit {
		return Verification{OK: true, Records: n}
	}
	switch {
	case h.seq > n:
		return bad(n+1, n, "head says %d records, file has %d (truncated?)", h.seq, n)
	case h.seq < n:
		return bad(h.seq+1, n, "file has %d records, head says %d (records added outside warroom?)", n, h.seq)
	case h.hash != prev && n == 0:
		return bad(0, n, "head hash does not match the meta of an empty log")
	case h.hash != prev:
		return bad(n, n-1, "record %d: does not match the head's hash (the last record was rewritten?)", n)
	case rb.Sequence() != h.seq:
		return bad(0, n, "record counter says %d, head says %d", rb.Sequence(), h.seq)
	}
	return Verification{OK: true, Records: n}
}

// CopyPrefix creates dstPath holding the first n records of src, byte for byte
// and so with the same hashes, under meta with ForkAt set to n and ForkOf to
// src's absolute path unless given (used by `warroom fork`). The copy keeps the
// meta its chain started from, so it verifies on its own; the source's prefix
// is verified before anything is written.
func CopyPrefix(src *Log, dstPath string, n uint64, meta Meta) (*Log, error) {
	var recs []Record
	var origin []byte
	var v Verification
	err := guard(src.path, func() error {
		return src.db.View(func(tx *bolt.Tx) error {
			mb := tx.Bucket(bucketMeta)
			if mb == nil {
				return src.corrupt("buckets missing")
			}
			o := mb.Get(keyOrigin)
			if o == nil {
				o = mb.Get(keyMeta)
			}
			origin = append([]byte{}, o...)
			v = check(tx, n, func(r Record) { recs = append(recs, r) })
			return nil
		})
	})
	switch {
	case err != nil:
		return nil, err
	case !v.OK:
		return nil, fmt.Errorf("fork %s: %w", dstPath, src.corrupt(v.Reason))
	case uint64(len(recs)) < n:
		return nil, fmt.Errorf("fork %s: %s has %d records, cannot fork at %d", dstPath, src.path, len(recs), n)
	}
	meta.ForkAt = n
	if meta.ForkOf == "" {
		if meta.ForkOf, err = filepath.Abs(src.path); err != nil {
			meta.ForkOf = src.path
		}
	}
	return create(dstPath, meta, origin, recs)
}
