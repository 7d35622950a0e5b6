package book

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The light reader parses the plain YAML books are written in — block
// mappings and lists, one-line flow {a: b} and [a, b], plain and quoted
// scalars, comments — straight into the YAML library's own nodes, with
// the same values, tags, lines and columns (a test compares the two on
// every book in testdata, and a fuzz test on anything else). It gives up
// on everything beyond that subset (anchors, tags, block scalars, a value
// continued on the next line, tabs, CR line ends, several documents, any
// syntax error), and the library then reads the whole file: the light
// reader is a fast path, never a second dialect.
//
// The positions and collateral lists are not built at all when the top
// level is read: they are read one item at a time, into nodes reused from
// item to item (lazyList), so a book of ten thousand positions never holds
// a node per scalar.

// unsupported is the panic value by which the light reader gives up.
type unsupported struct{}

func giveUp() { panic(unsupported{}) }

// liteSuspect marks the bytes that may begin what the light reader leaves
// to the library (see liteParse).
var liteSuspect = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\n'
	}
	for _, c := range []byte{0x7f, 0xc2, 0xe2, 0xef} {
		t[c] = true
	}
	return t
}()

// lazyList is a block list at the top level, to be read item by item.
type lazyList struct {
	pos, line int // the line of its first item
	indent    int
	end       int // where the line after it starts
}

type lite struct {
	src  string // the file, as one string: scalars are substrings of it
	pos  int    // the start of the current line
	line int    // its number, 1-based
	over int    // ≥ 0: the current line's content starts there ("- key: v")
	// end is where the line starting at endOf ends (lineEnd's memo).
	end, endOf int
	stack      []*yaml.Node
	arena      *arena
	// lazy, when set, receives the top-level lists named in lazyNames.
	lazy map[*yaml.Node]lazyList
	// flat and keys are a flat item's fields and its keys (lite_flat.go).
	flat []flatField
	keys []string
}

var lazyNames = map[string]bool{"positions": true, "collateral": true}

// liteParse reads data as a book's top-level mapping; ok is false when
// the file is beyond the light reader (or when it is not a mapping).
func liteParse(data []byte, lazy map[*yaml.Node]lazyList) (top *yaml.Node, src string, ok bool) {
	if len(data) > maxFileSize || !utf8.Valid(data) {
		return nil, "", false
	}
	for i, c := range data {
		if !liteSuspect[c] {
			continue
		}
		// Tabs, CRs, byte-order marks and U+FFFE/U+FFFF (0xEF …), C1
		// controls and NEL (0xC2 0x80–0x9F), the line separators U+2028/9
		// (0xE2 0x80 0xA8/9) and every control character are left to the
		// library (and the loader's own checks).
		switch {
		case c == 0xc2:
			if i+1 < len(data) && data[i+1] < 0xa0 {
				return nil, "", false
			}
		case c == 0xe2:
			if i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xa8 || data[i+2] == 0xa9) {
				return nil, "", false
			}
		default:
			return nil, "", false
		}
	}
	defer func() {
		if r := recover(); r != nil {
			if _, mine := r.(unsupported); !mine {
				panic(r)
			}
			top, src, ok = nil, "", false
		}
	}()
	l := &lite{src: string(data), line: 1, over: -1, lazy: lazy, end: -1}
	l.skipBlank()
	ind, start, end, eof := l.cur()
	if eof || ind != 0 || l.keyEnd(start, end) < 0 {
		return nil, "", false
	}
	top = l.mapping(0, true)
	l.skipBlank()
	if _, _, _, eof := l.cur(); !eof {
		giveUp()
	}
	return top, l.src, true
}

// eachItem reads a lazy list one item at a time; fn must not keep the
// item's nodes, which the next item reuses (strings it keeps are fine).
func (p *parser) eachItem(src string, lz lazyList, flat func(i int, fs []flatField, at loc) bool, fn func(i int, item *yaml.Node)) {
	l := &lite{src: src, pos: lz.pos, line: lz.line, over: -1, arena: &arena{}, end: -1}
	for i := 0; ; i++ {
		if flat != nil && flatItems {
			l.skipBlank()
			m := l.mark()
			if at, ok := l.flatItem(lz.indent); ok {
				if flat(i, l.flat, at) {
					continue
				}
				l.rewind(m)
			}
		}
		item, ok := l.seqItem(lz.indent)
		if !ok {
			if l.pos != lz.end {
				giveUp() // the items do not fill the list as skipped
			}
			return
		}
		fn(i, item)
		l.arena.reset()
	}
}

// arena hands out nodes and content slices that are reused per item.
type arena struct {
	nodes []yaml.Node
	ptrs  []*yaml.Node
}

func (a *arena) reset() { a.nodes, a.ptrs = a.nodes[:0], a.ptrs[:0] }

func (l *lite) node(kind yaml.Kind, tag, value string, at int) *yaml.Node {
	var n *yaml.Node
	if a := l.arena; a != nil {
		if len(a.nodes) == cap(a.nodes) {
			// A new block: nodes handed out from the old one stay valid.
			a.nodes = make([]yaml.Node, 0, max(64, 2*cap(a.nodes)))
		}
		a.nodes = append(a.nodes, yaml.Node{})
		n = &a.nodes[len(a.nodes)-1]
	} else {
		n = &yaml.Node{}
	}
	n.Kind, n.Tag, n.Value = kind, tag, value
	n.Line, n.Column = l.line, l.col(at)
	return n
}

// content moves the children pushed since base into the node.
func (l *lite) content(n *yaml.Node, base int) {
	kids := l.stack[base:]
	if a := l.arena; a != nil {
		if len(a.ptrs)+len(kids) > cap(a.ptrs) {
			a.ptrs = make([]*yaml.Node, 0, max(256, 2*cap(a.ptrs), len(kids)))
		}
		start := len(a.ptrs)
		a.ptrs = append(a.ptrs, kids...)
		n.Content = a.ptrs[start:len(a.ptrs):len(a.ptrs)]
	} else {
		n.Content = append([]*yaml.Node(nil), kids...)
	}
	clear(kids)
	l.stack = l.stack[:base]
}

func (l *lite) col(at int) int {
	for i := l.pos; i < at; i++ {
		if l.src[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(l.src[l.pos:at]) + 1
		}
	}
	return at - l.pos + 1
}

// lineEnd is where the current line ends, found once per line.
func (l *lite) lineEnd() int {
	if l.endOf != l.pos || l.end < 0 {
		l.endOf, l.end = l.pos, len(l.src)
		if i := strings.IndexByte(l.src[l.pos:], '\n'); i >= 0 {
			l.end = l.pos + i
		}
	}
	return l.end
}

// cur is the current line: the column of its content (0-based), where
// the content starts and where the line ends.
func (l *lite) cur() (ind, start, end int, eof bool) {
	if l.pos >= len(l.src) {
		return 0, 0, 0, true
	}
	end = l.lineEnd()
	if l.over >= 0 {
		return l.over - l.pos, l.over, end, false
	}
	start = l.pos
	for start < end && l.src[start] == ' ' {
		start++
	}
	return start - l.pos, start, end, false
}

func (l *lite) consume() {
	l.pos = l.lineEnd() + 1
	l.line++
	l.over = -1
}

// skipBlank moves past blank and comment lines, giving up on a document
// marker or directive.
func (l *lite) skipBlank() {
	for l.over < 0 && l.pos < len(l.src) {
		_, start, end, _ := l.cur()
		if start == l.pos && (strings.HasPrefix(l.src[start:end], "---") || strings.HasPrefix(l.src[start:end], "...") || l.src[start] == '%') {
			giveUp()
		}
		if start < end && l.src[start] != '#' {
			return
		}
		l.consume()
	}
}

func (l *lite) isEntry(start, end int) bool {
	return start < end && l.src[start] == '-' && (start+1 == end || l.src[start+1] == ' ')
}

// indicators cannot start a plain scalar here (or start what the light
// reader leaves to the library).
const indicators = "-?:,[]{}#&*!|>'\"%@`"

// keyEnd is where the ':' of a "key:" starting at start is, or -1.
func (l *lite) keyEnd(start, end int) int {
	if start >= end || strings.IndexByte(indicators, l.src[start]) >= 0 {
		return -1
	}
	for i := start; i < end && i-start < 1000; i++ {
		switch l.src[i] {
		case ':':
			if i+1 == end || l.src[i+1] == ' ' {
				return i
			}
		case '#':
			if l.src[i-1] == ' ' {
				return -1
			}
		}
	}
	return -1
}

func (l *lite) block(ind int) *yaml.Node {
	_, start, end, _ := l.cur()
	switch {
	case l.isEntry(start, end):
		return l.seq(ind)
	case l.keyEnd(start, end) >= 0:
		return l.mapping(ind, false)
	}
	giveUp() // a scalar on a line of its own: a value continued
	return nil
}

func (l *lite) mapping(ind int, top bool) *yaml.Node {
	var n *yaml.Node
	base := len(l.stack)
	for {
		l.skipBlank()
		i, start, end, eof := l.cur()
		if eof || i < ind {
			break
		}
		if i > ind {
			giveUp()
		}
		k := l.keyEnd(start, end)
		if k < 0 {
			if l.isEntry(start, end) && !top {
				break // the list that is the parent's value ends here: let it see
			}
			giveUp()
		}
		keyText := strings.TrimRight(l.src[start:k], " ")
		key := l.node(yaml.ScalarNode, plainTag(keyText), keyText, start)
		if n == nil {
			n = l.node(yaml.MappingNode, "!!map", "", start)
		}
		vs := k + 1
		for vs < end && l.src[vs] == ' ' {
			vs++
		}
		var val *yaml.Node
		if vs == end || l.src[vs] == '#' {
			empty := l.node(yaml.ScalarNode, "!!null", "", k+1)
			l.consume()
			l.skipBlank()
			ni, ns, ne, neof := l.cur()
			switch {
			case !neof && (ni > ind || (ni == ind && l.isEntry(ns, ne))):
				if top && l.lazy != nil && lazyNames[keyText] && l.isEntry(ns, ne) {
					val = l.skipList(ni)
				} else {
					val = l.block(ni)
				}
			default:
				val = empty
			}
		} else {
			val = l.inline(vs, end)
			l.skipBlank()
			if ni, _, _, neof := l.cur(); !neof && ni > ind {
				giveUp() // a plain value continued on the next line
			}
		}
		l.stack = append(l.stack, key, val)
	}
	if n == nil {
		giveUp()
	}
	l.content(n, base)
	return n
}

// skipList records a top-level list for eachItem and moves past it.
func (l *lite) skipList(ind int) *yaml.Node {
	_, start, _, _ := l.cur()
	n := l.node(yaml.SequenceNode, "!!seq", "", start)
	lz := lazyList{pos: l.pos, line: l.line, indent: ind}
	// The list runs to the next line that starts at the left margin with
	// anything but a comment (or, at indent 0, anything but "-"). Lines
	// the list's own reading would stop at sooner make eachItem give up.
	src, i, line := l.src, l.pos, l.line
	for i < len(src) {
		c := src[i]
		if c != ' ' && c != '\n' && c != '#' && !(ind == 0 && c == '-') {
			break
		}
		j := strings.IndexByte(src[i:], '\n')
		if j < 0 {
			i = len(src)
			break
		}
		i += j + 1
		line++
	}
	l.pos, l.line, l.over = i, line, -1
	// Comment lines at the margin just before the next key belong to it.
	lz.end = i
	l.lazy[n] = lz
	return n
}

func (l *lite) seq(ind int) *yaml.Node {
	_, start, _, _ := l.cur()
	n := l.node(yaml.SequenceNode, "!!seq", "", start)
	base := len(l.stack)
	for {
		item, ok := l.seqItem(ind)
		if !ok {
			break
		}
		l.stack = append(l.stack, item)
	}
	l.content(n, base)
	return n
}

// seqItem reads the next "- " item of a block list at ind; ok is false at
// the end of the list.
func (l *lite) seqItem(ind int) (*yaml.Node, bool) {
	l.skipBlank()
	i, start, end, eof := l.cur()
	if eof || i < ind || !l.isEntry(start, end) {
		return nil, false
	}
	if i > ind {
		giveUp()
	}
	cs := start + 1
	for cs < end && l.src[cs] == ' ' {
		cs++
	}
	switch {
	case cs == end || l.src[cs] == '#':
		empty := l.node(yaml.ScalarNode, "!!null", "", start+1)
		l.consume()
		l.skipBlank()
		if ni, _, _, neof := l.cur(); !neof && ni > ind {
			return l.block(ni), true
		}
		return empty, true
	case l.isEntry(cs, end):
		giveUp()
	case l.keyEnd(cs, end) >= 0:
		l.over = cs
		return l.mapping(cs-l.pos, false), true
	}
	item := l.inline(cs, end)
	l.skipBlank()
	if ni, _, _, neof := l.cur(); !neof && ni > ind {
		giveUp()
	}
	return item, true
}
