// Package state is warroom's decision log: an append-only, hash-chained record
// of every decision the treasury team takes, kept in one bbolt file per incident
// or drill. It is the evidence for the post-mortem and the regulator, so a record
// is on disk (fsynced) before Append returns, and the screen may only confirm a
// decision after that.
//
// The package stores opaque, already-encoded event records (JSON bytes from the
// playbook); it chains them with SHA-256 and verifies the chain. It does not know
// what an event means and must not import the playbook.
//
// It must never:
//   - edit or delete a record (a correction is a new record);
//   - set NoSync, or use Batch (Batch may run the function twice and delays the
//     fsync the screen waits for); every Append is one Update transaction;
//   - open a read transaction inside a write transaction (bbolt remap deadlock);
//   - hand out slices that point into bbolt's memory map (they die with the
//     transaction);
//   - guess at a file written by a newer format, or panic on a damaged file.
package state

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// FormatVersion is the log format this code writes. A file with a newer one is
// refused (ErrNewerFormat), never guessed at.
const FormatVersion = 1

// Kinds of log: a live incident or a rehearsal.
const (
	KindIncident = "incident"
	KindDrill    = "drill"
)

// Meta describes the log: what it records and under which book. It is stored
// once, as JSON, and its hash is the first link of the record chain, so
// swapping the book under a log is detectable.
type Meta struct {
	Format   int               `json:"format"`
	Created  time.Time         `json:"created"`   // stamped by the caller (the clock is injected)
	Kind     string            `json:"kind"`      // KindIncident or KindDrill
	BookName string            `json:"book_name"` // e.g. "arb-capital.yaml" or a path
	Book     []byte            `json:"book"`      // the book's YAML exactly as loaded
	Scenario string            `json:"scenario"`
	ForkOf   string            `json:"fork_of,omitempty"` // path of the incident this was forked from
	ForkAt   uint64            `json:"fork_at,omitempty"` // records copied from ForkOf
	Extra    map[string]string `json:"extra,omitempty"`   // room for later (drill name, speed...)
}

// Record is one decision as stored: its sequence number (from 1), the hash of
// the record before it, its own hash, and the opaque event bytes.
type Record struct {
	Seq  uint64
	Prev [32]byte
	Hash [32]byte
	Data []byte
}

// Sentinel errors. Returned errors wrap them with the file path and what to do,
// so test with errors.Is.
var (
	ErrLocked      = errors.New("held by another warroom process (file locked)")
	ErrNewerFormat = errors.New("written by a newer warroom (log format too new)")
	ErrCorrupt     = errors.New("damaged decision log")
	ErrNotIncident = errors.New("not a warroom decision log")
	ErrExists      = errors.New("file already exists")
)

// lockTimeout bounds the wait for bbolt's flock, so a second console fails
// within a second instead of hanging on the file.
const lockTimeout = 500 * time.Millisecond

var (
	bucketMeta    = []byte("meta")
	bucketRecords = []byte("records")
	keyFormat     = []byte("format") // 8-byte big-endian FormatVersion, read before anything else
	keyMeta       = []byte("meta")   // Meta as JSON
	keyHead       = []byte("head")   // seq, hash of the last record, hash of keyMeta
	keyOrigin     = []byte("origin") // forks only: the encoded meta the chain started from
)

// Log is an open decision log. Its methods are safe for concurrent use
// (bbolt serialises writers).
type Log struct {
	db       *bolt.DB
	path     string
	readOnly bool
	meta     Meta
	metaRaw  []byte   // keyMeta exactly as stored
	genesis  [32]byte // prev of record 1: hash of the origin meta (own meta unless a fork)
}

// Path returns the file path the log was opened with.
func (l *Log) Path() string { return l.path }

// Meta returns the log's metadata (a copy: Book and Extra are the caller's).
func (l *Log) Meta() Meta {
	m := l.meta
	m.Book = append([]byte(nil), l.meta.Book...)
	if l.meta.Extra != nil {
		m.Extra = make(map[string]string, len(l.meta.Extra))
		for k, v := range l.meta.Extra {
			m.Extra[k] = v
		}
	}
	return m
}

// Close releases the file and its lock.
func (l *Log) Close() error { return l.db.Close() }

// Create makes a new, empty log at path (mode 0600) holding meta. It fails with
// ErrExists if anything is already at path: a decision log is never overwritten.
func Create(path string, meta Meta) (*Log, error) {
	return create(path, meta, nil, nil)
}

// Open opens an existing log read-write, taking bbolt's exclusive lock. If
// another process (or another Open in this one) holds the file, it fails with
// ErrLocked within about a second.
func Open(path string) (*Log, error) { return open(path, false) }

// OpenReadOnly opens an existing log for review, report and verify. It takes a
// shared lock, so several readers can share a file, but flock makes shared and
// exclusive locks exclude each other: while a console has the file open
// read-write, OpenReadOnly fails with ErrLocked (and a reader holding the file
// makes a console's Open fail the same way). Review a live incident from a copy.
func OpenReadOnly(path string) (*Log, error) { return open(path, true) }

// create writes a new log: meta, and for CopyPrefix the origin meta and the
// copied records, all in one transaction, so the file either holds them all or
// is removed.
func create(path string, meta Meta, origin []byte, recs []Record) (l *Log, err error) {
	if meta.Kind != KindIncident && meta.Kind != KindDrill {
		return nil, fmt.Errorf("%s: kind %q: want %q or %q", path, meta.Kind, KindIncident, KindDrill)
	}
	meta.Format = FormatVersion
	raw, err := encodeMeta(meta)
	if err != nil {
		return nil, fmt.Errorf("%s: encode meta: %w", path, err)
	}
	opts := options(false, func(name string, flag int, mode os.FileMode) (*os.File, error) {
		// O_EXCL makes "does it exist?" and "create it" one step.
		return os.OpenFile(name, flag|os.O_CREATE|os.O_EXCL, mode)
	})
	db, err := bolt.Open(path, 0o600, opts)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%s: %w; choose another name (a decision log is never overwritten)", path, ErrExists)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: create: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = db.Close()
			_ = os.Remove(path)
		}
	}()
	l = &Log{db: db, path: path, meta: meta, metaRaw: raw, genesis: hash32(raw)}
	if origin != nil {
		l.genesis = hash32(origin)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		return initLog(tx, l, origin, recs)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: create: %w", path, err)
	}
	// The file's directory entry must survive a power cut too, or a confirmed
	// decision could vanish with the whole file.
	if err = syncDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("%s: create: sync directory: %w", path, err)
	}
	return l, nil
}

func initLog(tx *bolt.Tx, l *Log, origin []byte, recs []Record) error {
	mb, err := tx.CreateBucket(bucketMeta)
	if err != nil {
		return err
	}
	rb, err := tx.CreateBucket(bucketRecords)
	if err != nil {
		return err
	}
	if err := mb.Put(keyFormat, be64(FormatVersion)); err != nil {
		return err
	}
	if err := mb.Put(keyMeta, l.metaRaw); err != nil {
		return err
	}
	if origin != nil {
		if err := mb.Put(keyOrigin, origin); err != nil {
			return err
		}
	}
	h := head{hash: l.genesis, meta: hash32(l.metaRaw)}
	for _, r := range recs {
		if err := rb.Put(be64(r.Seq), encodeValue(r)); err != nil {
			return err
		}
		h.seq, h.hash = r.Seq, r.Hash
	}
	if err := rb.SetSequence(h.seq); err != nil {
		return err
	}
	return mb.Put(keyHead, h.encode())
}

func open(path string, readOnly bool) (*Log, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open decision log: %w", err)
	}
	// bbolt silently initialises an empty file as a new database; an empty
	// file where a log should be is damage, not a fresh start.
	if fi.Size() == 0 {
		return nil, fmt.Errorf("%s: %w: the file is empty (0 bytes); restore it from a backup", path, ErrCorrupt)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w: not a regular file", path, ErrNotIncident)
	}
	var file *os.File
	opts := options(readOnly, func(name string, flag int, mode os.FileMode) (*os.File, error) {
		// Never create here: the file was just there, and Open must not
		// conjure an empty log if it vanished.
		f, err := os.OpenFile(name, flag&^os.O_CREATE, mode)
		file = f
		return f, err
	})
	var db *bolt.DB
	err = guard(path, func() error {
		var err error
		db, err = bolt.Open(path, 0o600, opts)
		return err
	})
	if err != nil {
		if db == nil && file != nil {
			// A panic inside bolt.Open leaves its file, lock and memory map
			// behind; release the lock and the file (the map leaks).
			releaseLock(file)
			_ = file.Close()
		}
		return nil, openError(path, err)
	}
	l := &Log{db: db, path: path, readOnly: readOnly}
	if err := guard(path, func() error { return db.View(l.load) }); err != nil {
		_ = db.Close()
		return nil, err
	}
	return l, nil
}

// load reads and checks the meta bucket: the format first, so a newer file is
// refused before anything else is decoded.
func (l *Log) load(tx *bolt.Tx) error {
	mb, rb := tx.Bucket(bucketMeta), tx.Bucket(bucketRecords)
	if mb == nil || rb == nil {
		return fmt.Errorf("%s: %w: it is a bbolt file without warroom's buckets; check the path", l.path, ErrNotIncident)
	}
	f := mb.Get(keyFormat)
	if len(f) != 8 {
		return l.corrupt("format marker missing or malformed")
	}
	// A format fits in a byte (it leads every record hash): a larger value is
	// damage, not a newer warroom.
	switch v := binary.BigEndian.Uint64(f); {
	case v > 0xFF:
		return l.corrupt(fmt.Sprintf("format marker %#x is not a format", v))
	case v > FormatVersion:
		return fmt.Errorf("%s: %w: format %d, this warroom reads up to %d; open it with a newer warroom "+
			"(if none wrote it, the file is damaged: restore it from a backup)", l.path, ErrNewerFormat, v, FormatVersion)
	case v < 1:
		return l.corrupt(fmt.Sprintf("format %d is not a valid format", v))
	}
	l.metaRaw = append([]byte(nil), mb.Get(keyMeta)...)
	m, err := decodeMeta(l.metaRaw)
	if err != nil {
		return l.corrupt("meta: " + err.Error())
	}
	if m.Format != FormatVersion {
		return l.corrupt(fmt.Sprintf("meta says format %d, format marker says %d", m.Format, FormatVersion))
	}
	l.meta = m
	l.genesis = hash32(l.metaRaw)
	if o := mb.Get(keyOrigin); o != nil {
		l.genesis = hash32(o)
	}
	if _, err := decodeHead(mb.Get(keyHead)); err != nil {
		return l.corrupt(err.Error())
	}
	return nil
}

func (l *Log) corrupt(why string) error {
	return fmt.Errorf("%s: %w: %s; run `warroom verify` and restore it from a backup", l.path, ErrCorrupt, why)
}

func options(readOnly bool, openFile func(string, int, os.FileMode) (*os.File, error)) *bolt.Options {
	return &bolt.Options{
		Timeout:  lockTimeout,
		ReadOnly: readOnly,
		OpenFile: openFile,
		// NoSync stays false: every commit is fsynced. The array freelist
		// (the default) is fine for an append-only log that never frees much.
	}
}

// openError turns bbolt's errors into the package's, with the path and advice.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, ErrCorrupt), errors.Is(err, ErrNotIncident):
		return err
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%s: %w; close the other console or open a copy", path, ErrLocked)
	case errors.Is(err, berrors.ErrInvalid):
		return fmt.Errorf("%s: %w: not a bbolt database, or its header is damaged; check the path or restore from a backup", path, ErrNotIncident)
	case errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping),
		strings.HasPrefix(err.Error(), "file size too small"): // bbolt has no sentinel for a cut-short file
		return fmt.Errorf("%s: %w: %v; restore it from a backup", path, ErrCorrupt, err)
	}
	return fmt.Errorf("%s: open decision log: %w", path, err)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
