package state

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/warroom/warroom/internal/ratio"
)

// BenchmarkAppend is the cost of one decision: an Update and its fsync; as
// a ratio to writing the same bytes to a plain file and fsyncing it
// (x-fsync: what bbolt and the hash chain add to the disk's own cost).
func BenchmarkAppend(b *testing.B) {
	l, _ := newLog(b, 0)
	defer l.Close()
	data := payload(1)
	f, err := os.Create(filepath.Join(b.TempDir(), "plain"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.ReportAllocs()
	ratio.Report(b, "x-fsync", func() {
		if _, err := f.Write(data); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}, func() {
		if _, err := l.Append(data); err != nil {
			b.Fatal(err)
		}
	})
}

// replayRecords is the size of a long incident for BenchmarkReplay100k.
const replayRecords = 100_000

// BenchmarkReplay100k reads and checks 100,000 records, as a post-mortem
// replay does. The file is built once, outside the timer, in one big
// transaction (the same records Append would write, without 100k fsyncs).
func BenchmarkReplay100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.db")
	l, err := Create(path, testMeta())
	if err != nil {
		b.Fatal(err)
	}
	err = l.db.Update(func(tx *bolt.Tx) error {
		mb, rb := tx.Bucket(bucketMeta), tx.Bucket(bucketRecords)
		rb.FillPercent = 1 // keys only ever increase
		h, _ := decodeHead(mb.Get(keyHead))
		for seq := uint64(1); seq <= replayRecords; seq++ {
			r := Record{Seq: seq, Prev: h.hash, Data: payload(seq)}
			r.Hash = recordHash(seq, r.Prev, r.Data)
			if err := rb.Put(be64(seq), encodeValue(r)); err != nil {
				return err
			}
			h.seq, h.hash = seq, r.Hash
		}
		if err := rb.SetSequence(h.seq); err != nil {
			return err
		}
		return mb.Put(keyHead, h.encode())
	})
	if err != nil {
		b.Fatal(err)
	}
	l.Close()
	l, err = OpenReadOnly(path)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	b.ReportAllocs()
	// The reference: reading the file's bytes and hashing them once, the
	// least any check of the records could cost (x-read-hash).
	ratio.Report(b, "x-read-hash", func() {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		_ = sha256.Sum256(data)
	}, func() {
		recs, err := l.Records()
		if err != nil || len(recs) != replayRecords {
			b.Fatalf("%d records, %v", len(recs), err)
		}
	})
}
