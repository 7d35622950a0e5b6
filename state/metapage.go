package state

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"os"
)

// bbolt keeps two meta pages (pages 0 and 1) and, on open, silently uses the
// newest one whose checksum holds. So a damaged newest meta page does not
// fail: the file falls back to the commit before, and the last confirmed
// decision disappears along with its head, leaving a shorter chain that
// verifies. Verify therefore checks both pages itself. The layout below is
// bbolt's on-disk format version 2 (internal/common: page header, then meta).
const (
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	pageHeaderLen   = 16 // id, flags, count, overflow
	metaChecksumOff = 56 // magic 4, version 4, pageSize 4, flags 4, root bucket 16, freelist 8, pgid 8, txid 8
)

func checkMetaPages(path string, pageSize int) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, 2*pageSize)
	if _, err := f.ReadAt(buf, 0); err != nil {
		return fmt.Errorf("reading bbolt meta pages: %w", err)
	}
	for i := range 2 {
		m := buf[i*pageSize+pageHeaderLen:]
		ne := binary.NativeEndian // bbolt writes its pages in host byte order
		sum := fnv.New64a()
		sum.Write(m[:metaChecksumOff])
		if ne.Uint32(m) != boltMagic || ne.Uint32(m[4:]) != boltVersion || ne.Uint64(m[metaChecksumOff:]) != sum.Sum64() {
			return fmt.Errorf("bbolt meta page %d is damaged, so the file fell back to its previous commit "+
				"and the last decision may be missing: after a power cut during a save only that unconfirmed "+
				"decision is lost; otherwise the file was altered", i)
		}
	}
	return nil
}
