package book

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// maxCSVSize bounds a positions or collateral file: 64 MiB is several
// hundred thousand lines, more than a desk's export; a mistaken path to a
// dump must fail fast.
const maxCSVSize = 64 << 20

// utf8BOM is what Excel writes at the head of a "CSV UTF-8" file. It is
// skipped: refusing the most common export of the most common tool would
// only teach people to work around the loader.
var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// readCSVFile reads a file the book names, by a path relative to the book.
func readCSVFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCSVSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if len(data) > maxCSVSize {
		return nil, fmt.Errorf("%s is larger than %d MiB; that is not an export of positions", path, maxCSVSize>>20)
	}
	return data, nil
}

// readFileOf reads the CSV file that field (positions_file, collateral_file)
// names, beside the book, into records numbered from first on.
func readFileOf[R any](p *parser, top *fields, field string, t *table[R], rw *row, first int, grow func(int), next func() *R) {
	if inl := inlineFields[field]; top.get(inl) != nil {
		text, n, ok := top.scalar(inl)
		switch {
		case !ok:
		case top.get(field) != nil:
			p.errAt(n, inl, "give %s or %s, not both", field, inl)
		default:
			// The CSV written into the book (Inline): its lines are the
			// book's lines after the key, indented as the block is.
			grow(strings.Count(text, "\n"))
			t.fromCSV(rw, p.file, []byte(text), first, loc{n.Line + 1, p.indentOf(n.Line + 1)}, func(format string, args ...any) {
				p.partial = true
				p.errAt(n, inl, format, args...)
			}, next)
		}
		return
	}
	rel, n, ok := top.scalar(field)
	if !ok {
		return
	}
	if strings.TrimSpace(rel) == "" {
		p.errAt(n, field, "is blank")
		return
	}
	path := rel
	if !filepath.IsAbs(rel) {
		path = filepath.Join(filepath.Dir(p.file), rel)
	}
	data, err := p.open(path)
	if err != nil {
		p.partial = true
		p.errAt(n, field, "%v", err)
		return
	}
	grow(bytes.Count(data, []byte("\n")))
	t.fromCSV(rw, path, data, first, loc{1, 0}, func(format string, args ...any) {
		p.partial = true
		p.errAt(n, field, format, args...)
	}, next)
}

// fromCSV reads a CSV file: a header row naming the columns (as the table
// names its fields: liquidity.adv for a nested one), then one record per
// line. An empty cell is a field left out. bookErr reports a problem of the
// file as a whole at the book's line that names it.
func (t *table[R]) fromCSV(rw *row, file string, data []byte, first int, at loc, bookErr func(string, ...any), next func() *R) {
	p := rw.p
	fileErr := func(at loc, field, format string, args ...any) {
		p.partial = true
		p.errs = append(p.errs, Error{File: file, Line: at.line, Column: at.col, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		bookErr("%s is empty; want a header row naming its columns (%s) and a line per record",
			file, strings.Join(t.names(), ","))
		return
	case bytes.IndexByte(data, 0) >= 0:
		fileErr(loc{}, "", "the file is binary (it contains NUL bytes), not CSV")
		return
	case !utf8.Valid(data):
		fileErr(loc{at.line - 1 + lineOf(data, firstInvalidUTF8(data)), 0}, "", "the file is not valid UTF-8 text; save the export as UTF-8")
		return
	}
	if off, r := firstControl(data); off >= 0 {
		fileErr(loc{at.line - 1 + lineOf(data, off), 0}, "", "control character %U in the file; an export is plain text", r)
		return
	}
	lx := newCSVLexer(string(data), at.line, at.col)
	parseErr := func(e *csvError) { fileErr(loc{e.line, 0}, "", "CSV: %s", e.msg) }
	header, _, e := lx.next()
	if e != nil {
		parseErr(e)
		return
	}
	header = append([]csvCell(nil), header...)
	cols, idCol, ok := t.header(header, fileErr)
	if !ok {
		return
	}
	index := first
	for {
		rec, more, e := lx.next()
		if e != nil {
			// What follows a broken quote cannot be read as records.
			parseErr(e)
			return
		}
		if !more {
			return
		}
		line := rec[0].line
		if len(rec) != len(header) {
			rw.reset(file, index, loc{line, 1})
			if idCol >= 0 && idCol < len(rec) && badIdent(rec[idCol].text) == "" {
				rw.label = rec[idCol].text
			}
			index++
			p.partial = true
			rw.err(loc{line, 1}, "", "has %d cells; the header has %d (%s)", len(rec), len(header), headerText(header))
			continue
		}
		r := next()
		rw.reset(file, index, loc{line, 1})
		rw.csv = true
		index++
		if idCol >= 0 && idCol < len(rec) && badIdent(rec[idCol].text) == "" {
			rw.label = rec[idCol].text
		}
		for j, c := range rec {
			ci := cols[j]
			// An empty cell is a field left out; "is required" points at it.
			rw.cells[ci] = cell{text: c.text, at: loc{c.line, c.col}}
			if c.text != "" {
				rw.present[ci], rw.ok[ci] = true, true
			}
		}
		t.apply(r)
	}
}

func headerText(header []csvCell) string {
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = h.text
	}
	return strings.Join(names, ",")
}

// header maps each CSV column to the table's, refusing unknown, repeated
// and missing required ones: a column mistyped would drop a figure from
// every line.
func (t *table[R]) header(header []csvCell, fileErr func(loc, string, string, ...any)) (cols []int, idCol int, ok bool) {
	cols, idCol, ok = make([]int, len(header)), -1, true
	seen := map[string]int{}
	// typos are the columns an unknown one was taken for: "no column"
	// would repeat the problem.
	typos := map[string]bool{}
	for j, hc := range header {
		h, at := hc.text, loc{hc.line, hc.col}
		if prev, dup := seen[h]; dup {
			fileErr(at, h, "column %q appears twice (first as column %d)", h, prev+1)
			ok = false
			continue
		}
		seen[h] = j
		ci, known := t.byName[h]
		if !known {
			fileErr(at, h, "unknown column %q%s", h, t.columnHint(h))
			typos[closest(h, t.names())] = true
			ok = false
			continue
		}
		cols[j] = ci
		if h == "id" {
			idCol = j
		}
	}
	var zero R
	for _, c := range t.columns {
		if _, has := seen[c.name]; has || c.required == nil || typos[c.name] {
			continue
		}
		if need, _ := c.required(&zero); need {
			fileErr(loc{header[0].line, 1}, c.name, "no column %q, which every line needs (the header has %s)", c.name, headerText(header))
			ok = false
		}
	}
	return cols, idCol, ok
}

// columnHint suggests the column meant: a typo of one, or a nested field
// written without its group (adv for liquidity.adv).
func (t *table[R]) columnHint(h string) string {
	for g := range t.groups {
		if _, ok := t.byName[g+"."+h]; ok {
			return fmt.Sprintf("; did you mean %q? (nested fields are written group.field)", g+"."+h)
		}
	}
	return suggest(h, t.names())
}

// indentOf is the number of spaces that start line (1-based) of the book.
func (p *parser) indentOf(line int) int {
	l := 1
	for i := 0; i < len(p.data); i++ {
		if l == line {
			n := 0
			for i+n < len(p.data) && p.data[i+n] == ' ' {
				n++
			}
			return n
		}
		if p.data[i] == '\n' {
			l++
		}
	}
	return 0
}
