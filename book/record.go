package book

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

// The records a position or collateral system exports (positions and
// holdings) are read through one table per record type: each field's name,
// whether it is required, and a setter that takes the field's literal text
// and where it was written. The YAML list and the CSV file both feed the
// same table, so a field added to it is read, checked and located the same
// way in both forms.

// loc is where a value was written: 1-based line and column.
type loc struct{ line, col int }

func locOf(n *yaml.Node) loc {
	if n == nil {
		return loc{}
	}
	return loc{n.Line, n.Column}
}

// cell is one field of a record as written: its literal text, where it is,
// and the column it fills.
type cell struct {
	text string
	at   loc
	name string
}

// column is one field of a record type. A field of a nested YAML mapping
// is named with a dot (liquidity.adv), which is also its CSV header.
type column[R any] struct {
	name string
	// required, when set, says whether a record must carry the field given
	// what else it carries, and what the message adds to "is required".
	required func(r *R) (need bool, why string)
	set      func(r *R, c cell)
}

// always is the required rule of a field every record carries.
func always[R any](why string) func(*R) (bool, string) {
	return func(*R) (bool, string) { return true, why }
}

// table is one record type: its list name in the book, its columns in the
// order they are read, and the checks that span fields (finish).
type table[R any] struct {
	list    string
	columns []column[R]
	rowOf   func(*R) *row
	finish  func(*R)
	byName  map[string]int
	top     []string            // what a YAML record's mapping may hold
	groups  map[string][]string // nested mappings and their fields
	// dotted names the fields of the groups: liquidity → adv → liquidity.adv.
	dotted map[string]map[string]string
	// keys are what a YAML record's mapping (group "") or a group's may
	// hold, each key's column or, at the top, its group: one lookup a key.
	keys map[string]map[string]slot
}

// slot is what a key of a record's mapping is: a column, or a group.
type slot struct {
	column int
	group  bool
}

func newTable[R any](list string, rowOf func(*R) *row, finish func(*R), cols ...column[R]) *table[R] {
	t := &table[R]{list: list, columns: cols, rowOf: rowOf, finish: finish,
		byName: map[string]int{}, groups: map[string][]string{}, dotted: map[string]map[string]string{}}
	for i, c := range cols {
		t.byName[c.name] = i
		if g, sub, ok := strings.Cut(c.name, "."); ok {
			if _, seen := t.groups[g]; !seen {
				t.top = append(t.top, g)
				t.dotted[g] = map[string]string{}
			}
			t.groups[g] = append(t.groups[g], sub)
			t.dotted[g][sub] = c.name
		} else {
			t.top = append(t.top, c.name)
		}
	}
	t.keys = map[string]map[string]slot{"": {}}
	for i, c := range cols {
		if g, sub, ok := strings.Cut(c.name, "."); ok {
			if t.keys[g] == nil {
				t.keys[g] = map[string]slot{}
			}
			t.keys[g][sub] = slot{column: i}
			t.keys[""][g] = slot{group: true}
		}
		t.keys[""][c.name] = slot{column: i} // liquidity.adv too, as written at the top
	}
	return t
}

func (t *table[R]) names() []string {
	out := make([]string, len(t.columns))
	for i, c := range t.columns {
		out[i] = c.name
	}
	return out
}

// idAt is where an id was first defined, for "duplicate id" messages.
type idAt struct {
	file string
	line int
}

// row is the state of the record being read, reused from one to the next.
type row struct {
	p     *parser
	file  string
	list  string
	index int
	// label is the record's id when it has a usable one, so that
	// "positions[1] (TECH)" can be found by eye as well as by line.
	label string
	at    loc // where the record starts: "is required" points there
	// bad is set when the record was not a mapping: reported once, and
	// every "is required" after it would be noise.
	bad      bool
	present  []bool // per column: the field was written, even with a bad value
	ok       []bool // per column: it holds a single value, in cells
	cells    []cell
	reported []bool // per column: already reported; "is required" would repeat it
	seen     map[string]idAt
	byName   map[string]int
	refs     []refAt // handed out by ref, a block at a time
	// csv says the record is a CSV line: a required field left empty is
	// reported at its empty cell.
	csv bool
}

func newRow[R any](p *parser, t *table[R], seen map[string]idAt) *row {
	n := len(t.columns)
	return &row{p: p, list: t.list, seen: seen, present: make([]bool, n), ok: make([]bool, n),
		cells: make([]cell, n), reported: make([]bool, n), byName: t.byName}
}

func (rw *row) reset(file string, index int, at loc) {
	rw.file, rw.index, rw.at, rw.label, rw.bad = file, index, at, "", false
	clear(rw.present)
	clear(rw.ok)
	clear(rw.reported)
	clear(rw.cells)
}

// path names a field of the record in errors; built only when one is.
func (rw *row) path(field string) string {
	p := rw.list + "[" + strconv.Itoa(rw.index) + "]"
	if rw.label != "" {
		p += " (" + rw.label + ")"
	}
	if field == "" {
		return p
	}
	return join(p, field)
}

func (rw *row) err(at loc, field, format string, args ...any) {
	rw.p.errs = append(rw.p.errs, Error{File: rw.file, Line: at.line, Column: at.col,
		Field: rw.path(field), Msg: fmt.Sprintf(format, args...)})
}

func (rw *row) missing(name, why string) {
	if rw.bad {
		return
	}
	rw.err(rw.at, name, "is required%s", why)
}

// unique records the record's id, refusing one already defined in the same
// list (in the YAML or in a CSV file).
func (rw *row) unique(id string, c cell) {
	if id == "" {
		return
	}
	if first, dup := rw.seen[id]; dup {
		where := fmt.Sprintf("line %d", first.line)
		if first.file != rw.file {
			where += " of " + first.file
		}
		rw.err(c.at, c.name, "duplicate id %q (first at %s)", id, where)
		return
	}
	rw.seen[id] = idAt{rw.file, c.at.line}
}

// ref is a reference to check once every list has been read. Its node
// and path are made in blocks and on demand: one per position adds up.
func (rw *row) ref(c cell, id string) keyRef {
	if len(rw.refs) == cap(rw.refs) {
		rw.refs = make([]refAt, 0, 256)
	}
	rw.refs = append(rw.refs, refAt{node: yaml.Node{Line: c.at.line, Column: c.at.col},
		rec: recordPath{list: rw.list, label: rw.label, field: c.name, index: rw.index}})
	r := &rw.refs[len(rw.refs)-1]
	return keyRef{id: id, node: &r.node, rec: &r.rec, file: rw.file}
}

// refAt is the memory of one reference.
type refAt struct {
	node yaml.Node
	rec  recordPath
}

// The readers below mirror those of fields (node.go), on a cell.

func (rw *row) text(c cell) string {
	if strings.TrimSpace(c.text) == "" {
		rw.err(c.at, c.name, "is blank")
		return ""
	}
	for _, r := range c.text {
		if unicode.IsControl(r) {
			rw.err(c.at, c.name, "%q contains a control character (%U); names are plain text", c.text, r)
			return ""
		}
	}
	return c.text
}

func (rw *row) ident(c cell) (string, bool) {
	if msg := badIdent(c.text); msg != "" {
		rw.err(c.at, c.name, "%q %s", c.text, msg)
		return "", false
	}
	return c.text, true
}

func (rw *row) enum(c cell, allowed ...string) (string, bool) {
	if !slices.Contains(allowed, c.text) {
		rw.err(c.at, c.name, "%q is not one of %s%s", c.text, strings.Join(allowed, ", "), suggest(c.text, allowed))
		return "", false
	}
	return c.text, true
}

func (rw *row) dec(c cell, b bound) (decimal.Decimal, bool) {
	d, msg := rw.p.figure(c.text, b)
	if msg != "" {
		rw.err(c.at, c.name, "%s", msg)
		return decimal.Zero, false
	}
	return d, true
}

func (rw *row) access(c cell) (engine.Access, bool) {
	a, err := engine.ParseAccess(c.text)
	if err != nil {
		rw.err(c.at, c.name, "%v", err)
		return engine.Access{}, false
	}
	return a, true
}

// apply runs the setters of the fields written, in table order, then the
// required fields missing, then the checks across fields.
func (t *table[R]) apply(r *R) {
	rw := t.rowOf(r)
	for i, c := range t.columns {
		if rw.ok[i] {
			rw.cells[i].name = c.name
			c.set(r, rw.cells[i])
		}
	}
	for i, c := range t.columns {
		if c.required != nil && !rw.present[i] && !rw.reported[i] {
			if need, why := c.required(r); need {
				if at := rw.cells[i].at; rw.csv && at.line > 0 {
					rw.err(at, c.name, "is required%s", why) // at the empty cell
				} else {
					rw.missing(c.name, why)
				}
			}
		}
	}
	t.finish(r)
}

// has says whether a field was written (even with a bad value), and where.
func (rw *row) has(name string) (cell, bool) {
	i := rw.byName[name]
	c := rw.cells[i]
	c.name = name
	return c, rw.present[i]
}
