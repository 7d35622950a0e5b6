package book

import "strings"

// The flat items of a lazy list: an item written as the plain subset of
// the plain subset — "- key: value" lines, each value a plain scalar, a
// quoted one without escapes, or a one-line {key: value, ...} of those —
// is read straight into key/value cells, with no yaml.Node at all. The
// values, lines and columns are those the node reader gives (and so the
// YAML library): the text of each scalar as written, unquoted. Anything
// else in an item — a comment or blank line inside it, an empty or null
// value, an escape, a repeated or unknown key, a block beneath a key, a
// character beyond ASCII — and the item is read again by the node reader
// from its start: this path only ever declines (TestFlatItems, FuzzFlat).

// flatItems switches the flat path on (tests compare it with the nodes).
var flatItems = true

// flatField is one scalar of a flat item: its key (in group, the key of
// the {…} it sits in, "" at the top) and its value as written.
type flatField struct {
	group, key string
	text       string
	at         loc
	column     int // the table's column, once fits has found it
}

// liteMark is where the reader was, to read an item again.
type liteMark struct{ pos, line, over int }

func (l *lite) mark() liteMark { return liteMark{l.pos, l.line, l.over} }

func (l *lite) rewind(m liteMark) { l.pos, l.line, l.over = m.pos, m.line, m.over }

// flatItem reads the next item of the list at ind as flat fields into
// l.flat; at is where its mapping starts (its first key). ok is false, and
// nothing is read, when it is not flat (or is not an item).
func (l *lite) flatItem(ind int) (at loc, ok bool) {
	m := l.mark()
	l.flat = l.flat[:0]
	l.keys = l.keys[:0]
	i, start, end, eof := l.cur()
	if eof || i != ind || !l.isEntry(start, end) {
		return loc{}, false
	}
	ks := start + 1
	for ks < end && l.src[ks] == ' ' {
		ks++
	}
	kind := ks - l.pos // the item's keys line up here
	at = loc{l.line, kind + 1}
	if ks < end && l.src[ks] == '{' {
		// "- {key: value, ...}": its keys are the item's, and the next
		// line starts the next item or ends the list.
		if !l.flatGroup("", ks, end) {
			l.rewind(m)
			return loc{}, false
		}
		l.consume()
		l.skipBlank()
		if i, _, _, eof = l.cur(); !eof && i > ind {
			l.rewind(m)
			return loc{}, false
		}
		return at, true
	}
	for {
		if !l.flatLine(ks, end) {
			l.rewind(m)
			return loc{}, false
		}
		l.consume()
		// As the node reader's mapping: past blank and comment lines, a
		// line at the keys' indent is the next key, one further left ends
		// the item, one further right is a block it leaves to the nodes.
		l.skipBlank()
		if i, start, end, eof = l.cur(); eof || i < kind {
			return at, true
		}
		if i > kind {
			l.rewind(m)
			return loc{}, false
		}
		ks = start
	}
}

// flatLine reads "key: value" from ks to the end of the line.
func (l *lite) flatLine(ks, end int) bool {
	ke := flatKey(l.src, ks, end)
	if ke < 0 || ke+1 >= end || l.src[ke+1] != ' ' {
		return false
	}
	key := l.src[ks:ke]
	for _, k := range l.keys {
		if k == key {
			return false // a repeated key: the node reader names it
		}
	}
	l.keys = append(l.keys, key)
	vs := ke + 2
	for vs < end && l.src[vs] == ' ' {
		vs++
	}
	if vs == end {
		return false
	}
	if l.src[vs] == '{' {
		return l.flatGroup(key, vs, end)
	}
	text, ve, ok := l.flatScalar(vs, end, false)
	if !ok || !restOfLine(l.src, ve, end) {
		return false
	}
	l.flat = append(l.flat, flatField{key: key, text: text, at: loc{l.line, vs - l.pos + 1}})
	return true
}

// flatGroup reads a one-line {key: value, ...} of scalars.
func (l *lite) flatGroup(group string, i, end int) bool {
	base := len(l.flat)
	for i++; ; {
		for i < end && l.src[i] == ' ' {
			i++
		}
		ke := flatKey(l.src, i, end)
		if ke < 0 || ke+1 >= end || l.src[ke+1] != ' ' {
			return false
		}
		key := l.src[i:ke]
		for _, f := range l.flat[base:] {
			if f.key == key {
				return false
			}
		}
		vs := ke + 2
		for vs < end && l.src[vs] == ' ' {
			vs++
		}
		text, ve, ok := l.flatScalar(vs, end, true)
		if !ok {
			return false
		}
		l.flat = append(l.flat, flatField{group: group, key: key, text: text, at: loc{l.line, vs - l.pos + 1}})
		for ve < end && l.src[ve] == ' ' {
			ve++
		}
		switch {
		case ve < end && l.src[ve] == ',':
			i = ve + 1
		case ve < end && l.src[ve] == '}':
			return restOfLine(l.src, ve+1, end)
		default:
			return false
		}
	}
}

// flatKey is the end of a key (a plain name) starting at i, at its ':'; −1
// when there is none.
func flatKey(src string, i, end int) int {
	j := i
	for j < end {
		c := src[j]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || j > i && (c >= '0' && c <= '9' || c == '.') {
			j++
			continue
		}
		break
	}
	if j == i || j == end || src[j] != ':' {
		return -1
	}
	return j
}

// flatScalar reads a scalar at i: quoted without escapes, or plain (in a
// {…}, up to a ',' or '}'); ve is where it ends. Anything a plain scalar
// could mean beside its text — null, a comment, an indicator, a ": " —
// and it declines.
func (l *lite) flatScalar(i, end int, inFlow bool) (text string, ve int, ok bool) {
	if i >= end {
		return "", 0, false
	}
	switch c := l.src[i]; {
	case c == '"' || c == '\'':
		j := strings.IndexByte(l.src[i+1:end], c)
		if j < 0 {
			return "", 0, false
		}
		text = l.src[i+1 : i+1+j]
		ve = i + 2 + j
		if strings.IndexByte(text, '\\') >= 0 && c == '"' || ve < end && l.src[ve] == c || !ascii(text) {
			return "", 0, false
		}
		return text, ve, true
	case c == '-' && i+1 < end && l.src[i+1] >= '0' && l.src[i+1] <= '9':
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '+', c == '_':
	default:
		return "", 0, false
	}
	j := i
	for ; j < end; j++ {
		c := l.src[j]
		if inFlow && (c == ',' || c == '}') {
			break
		}
		if c == '#' || c == ':' || c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c >= 0x80 {
			return "", 0, false
		}
	}
	text = strings.TrimRight(l.src[i:j], " ")
	switch text {
	case "", "null", "Null", "NULL":
		return "", 0, false
	}
	return text, j, true
}

// restOfLine says nothing but spaces follows i on the line.
func restOfLine(src string, i, end int) bool {
	for ; i < end; i++ {
		if src[i] != ' ' {
			return false
		}
	}
	return true
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// fits says every field of a flat item is a column of the table: a known
// key, under a key that is a group when in {…}. Otherwise the node reader
// reads the item, and reports what is wrong with its suggestion (a group
// written as a scalar, {…} under a column, an unknown key). memo is the
// last item that fitted: items of a list mostly write the same keys in the
// same order, so a key where the last item had it is known without a
// lookup.
func (t *table[R]) fits(fs []flatField, memo *[]flatField) bool {
	top, m := t.keys[""], *memo
	for i := range fs {
		f := &fs[i]
		if i < len(m) && m[i].key == f.key && m[i].group == f.group {
			f.column = m[i].column
			continue
		}
		keys := top
		if f.group != "" {
			if !top[f.group].group {
				return false
			}
			keys = t.keys[f.group]
		}
		sl, ok := keys[f.key]
		if !ok || sl.group {
			return false
		}
		f.column = sl.column
	}
	*memo = append(m[:0], fs...)
	return true
}

// fromFlat reads a flat item that fits into r as fromYAML reads its nodes.
func (t *table[R]) fromFlat(r *R, fs []flatField, at loc, index int) {
	rw := t.rowOf(r)
	rw.reset(rw.p.file, index, at)
	rw.csv = false
	for _, f := range fs {
		if f.group == "" && f.key == "id" && badIdent(f.text) == "" {
			rw.label = f.text
		}
		ci := f.column
		rw.present[ci], rw.ok[ci] = true, true
		rw.cells[ci] = cell{text: f.text, at: f.at}
	}
	t.apply(r)
}
