package book

import (
	"runtime"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

// A long positions list (a book of ten thousand) is read on every core:
// the light reader's lazy list is cut at item boundaries and each part
// read by its own parser, then the parts joined in order. This is only a
// fast path for a clean file: a part with any error, anything the light
// reader gives up on, or an id repeated across parts, and the list is read
// again from its start in one piece, so every message, its order and its
// position are those of the serial reader (TestParallelPositions).

// parallelMin is the length from which a list is worth splitting.
var parallelMin = 2000

// part is one piece of a lazy list and what reading it left.
type part struct {
	lz    lazyList
	src   string // the file, cut at the part's end
	first int    // the index of its first item
	count int    // its items, as counted by the lines that start one
	wp    *parser
	row   *row
	out   []engine.Position
	ok    bool
}

// positionsParallel reads the lazy positions list in parts; ok is false
// when it is not worth it or any part did not read cleanly (the caller
// then reads it serially). rw is the row to go on with, its seen ids all
// the list's.
func (p *parser) positionsParallel(top *fields, n int) (out []engine.Position, rw *row, ok bool) {
	lz, lazy := p.lazy[top.get("positions")]
	parts := p.cut(lz, lazy, n)
	if parts == nil {
		return nil, nil, false
	}
	// Each part fills its own stretch of the list, read in place.
	last := parts[len(parts)-1]
	out = make([]engine.Position, last.first+last.count)
	for _, pt := range parts {
		pt.out = out[pt.first : pt.first : pt.first+pt.count]
	}
	var wg sync.WaitGroup
	for _, pt := range parts {
		wg.Go(func() { pt.read() })
	}
	wg.Wait()
	for _, pt := range parts {
		if !pt.ok || len(pt.wp.errs) > 0 || len(pt.out) != pt.count {
			return nil, nil, false
		}
	}
	// Join: the first part's maps grow by the others', and a repeated id
	// means an error, which the serial reader reports.
	// The two maps join at once, one on each core.
	rw, idx := parts[0].row, parts[0].wp.idx
	var kinds sync.WaitGroup
	kinds.Go(func() {
		for _, pt := range parts[1:] {
			for id, kind := range pt.wp.idx.positions {
				idx.positions[id] = kind
			}
		}
	})
	dup := false
join:
	for _, pt := range parts[1:] {
		for id, at := range pt.row.seen {
			if _, dup = rw.seen[id]; dup {
				break join
			}
			rw.seen[id] = at
		}
	}
	if kinds.Wait(); dup {
		return nil, nil, false
	}
	p.cpRefs = slices.Grow(p.cpRefs, n)
	for _, pt := range parts {
		for f := range pt.wp.idx.factors {
			p.idx.factors[f] = true
		}
		p.cpRefs = append(p.cpRefs, pt.wp.cpRefs...)
	}
	for id, kind := range p.idx.positions {
		idx.positions[id] = kind // none yet: positions are read first
	}
	p.idx.positions = idx.positions
	rw.p = p
	return out, rw, true
}

// cut splits a lazy list of about n items into one part a core, each
// starting at a line that starts an item; nil when it is not worth it.
func (p *parser) cut(lz lazyList, lazy bool, n int) []*part {
	cores := runtime.GOMAXPROCS(0)
	if !lazy || cores < 2 || n < parallelMin {
		return nil
	}
	mark := "\n" + strings.Repeat(" ", lz.indent) + "- "
	var parts []*part
	start, line := lz.pos, lz.line
	for k := 1; k <= cores; k++ {
		end := lz.end
		if k < cores {
			// The next item start after the k-th share of the list.
			from := max(start, lz.pos+(lz.end-lz.pos)*k/cores)
			i := strings.Index(p.src[from:lz.end], mark)
			if i < 0 {
				end = lz.end
			} else {
				end = from + i + 1
			}
		}
		if end > start {
			src := p.src[:end]
			if end == lz.end {
				src = p.src // the last part reads on to what follows, as the list does
			}
			first := 0
			if len(parts) > 0 {
				prev := parts[len(parts)-1]
				first = prev.first + prev.count
			}
			parts = append(parts, &part{lz: lazyList{pos: start, line: line, indent: lz.indent, end: end}, src: src,
				first: first, count: 1 + strings.Count(p.src[start:end], mark)})
			line += strings.Count(p.src[start:end], "\n")
		}
		if start = end; start >= lz.end {
			break
		}
	}
	if len(parts) < 2 {
		return nil
	}
	for k, pt := range parts {
		wp := &parser{file: p.file, open: p.open, fx: p.fx, base: p.base, fxHaircut: p.fxHaircut,
			market: p.market, fromYear: p.fromYear, toYear: p.toYear, src: p.src, data: p.data, idx: p.idx}
		room := pt.count
		if k == 0 {
			room = n // the others' join its maps
		}
		wp.idx.positions = make(map[string]engine.PositionKind, room)
		wp.idx.factors = map[string]bool{}
		wp.cpRefs = make([]cpRef, 0, pt.count)
		pt.wp = wp
		pt.row = newRow(wp, positionTable, make(map[string]idAt, room))
	}
	return parts
}

// read reads the part's items; ok is false on anything but a clean read
// (the light reader giving up included: the serial reader will too).
func (pt *part) read() {
	defer func() {
		if r := recover(); r != nil {
			pt.ok = false
		}
	}()
	r := positionRecord{row: pt.row}
	next := func() *positionRecord {
		if len(pt.out) == pt.count {
			giveUp() // more items than counted: the serial reader decides
		}
		pt.out = append(pt.out, engine.Position{})
		r = positionRecord{row: pt.row, pos: &pt.out[len(pt.out)-1]}
		return &r
	}
	var memo []flatField
	pt.wp.eachItem(pt.src, pt.lz, func(i int, fs []flatField, at loc) bool {
		if !positionTable.fits(fs, &memo) {
			return false
		}
		positionTable.fromFlat(next(), fs, at, pt.first+i)
		return true
	}, func(i int, item *yaml.Node) {
		positionTable.fromYAML(next(), item, pt.first+i)
	})
	pt.ok = true
}
