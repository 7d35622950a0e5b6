package state

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"runtime/debug"
)

// guard runs fn, turning a panic into ErrCorrupt. bbolt trusts its pages: a
// damaged file can make it panic, or fault on an address outside the mapping,
// while it reads them. The console must report a bad file, not die, so every
// bbolt call that reads pages runs under guard (SetPanicOnFault turns a memory
// fault on this goroutine into a recoverable panic).
func guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %w: bbolt could not read it (%v); run `warroom verify` and restore it from a backup", path, ErrCorrupt, r)
		}
	}()
	return fn()
}

// recordHash is SHA-256 over (format version byte, seq big-endian, prev, data):
// the version byte keeps a future format's hashes from colliding with this one's.
func recordHash(seq uint64, prev [32]byte, data []byte) [32]byte {
	h := sha256.New()
	var hdr [1 + 8]byte
	hdr[0] = FormatVersion
	binary.BigEndian.PutUint64(hdr[1:], seq)
	h.Write(hdr[:])
	h.Write(prev[:])
	h.Write(data)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

func hash32(b []byte) [32]byte { return sha256.Sum256(b) }

func be64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

// A record's value is prev (32) | hash (32) | data. The key holds the seq.
const valueHeader = 64

func encodeValue(r Record) []byte {
	v := make([]byte, valueHeader+len(r.Data))
	copy(v, r.Prev[:])
	copy(v[32:], r.Hash[:])
	copy(v[valueHeader:], r.Data)
	return v
}

// decodeRecord copies k and v out of bbolt's memory into a Record.
func decodeRecord(k, v []byte) (Record, error) {
	if len(k) != 8 {
		return Record{}, fmt.Errorf("a key of %d bytes (want 8)", len(k))
	}
	r := Record{Seq: binary.BigEndian.Uint64(k)}
	if len(v) < valueHeader {
		return r, fmt.Errorf("record %d: value of %d bytes is too short (want at least %d)", r.Seq, len(v), valueHeader)
	}
	copy(r.Prev[:], v[:32])
	copy(r.Hash[:], v[32:64])
	r.Data = append([]byte{}, v[valueHeader:]...)
	return r, nil
}

// head is the meta bucket's summary of the chain, rewritten by every Append in
// the same transaction as the record: without it, removing or rewriting the
// last records would leave a shorter chain that still verifies.
type head struct {
	seq  uint64   // last record's seq (0: empty log)
	hash [32]byte // last record's hash (the genesis hash if empty)
	meta [32]byte // hash of the stored meta: binds a fork's own meta, which is not in its chain
}

const headLen = 8 + 32 + 32

func (h head) encode() []byte {
	b := make([]byte, headLen)
	binary.BigEndian.PutUint64(b, h.seq)
	copy(b[8:], h.hash[:])
	copy(b[40:], h.meta[:])
	return b
}

func decodeHead(b []byte) (head, error) {
	var h head
	if len(b) != headLen {
		return h, fmt.Errorf("head record missing or malformed (%d bytes, want %d)", len(b), headLen)
	}
	h.seq = binary.BigEndian.Uint64(b)
	copy(h.hash[:], b[8:40])
	copy(h.meta[:], b[40:])
	return h, nil
}

func encodeMeta(m Meta) ([]byte, error) { return json.Marshal(m) }

// decodeMeta is lenient about unknown fields: the stored bytes, not the
// decoded struct, are what the chain hashes, so nothing is lost by ignoring a
// field; a change that matters bumps FormatVersion instead.
func decodeMeta(b []byte) (Meta, error) {
	var m Meta
	if len(b) == 0 {
		return m, fmt.Errorf("missing")
	}
	err := json.Unmarshal(b, &m)
	return m, err
}
