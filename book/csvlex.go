package book

import (
	"strings"
	"unicode/utf8"
)

// csvLexer splits RFC 4180 CSV into cells without copying: a cell is a
// substring of the file (only a quoted cell holding "" is built), and each
// knows its line and character column. It reads what encoding/csv reads —
// quoted cells with commas, doubled quotes and line breaks, CRLF or LF
// line ends, blank lines skipped — at several times its speed, which
// matters at a hundred thousand lines.
type csvLexer struct {
	src  string
	off  int // the next byte
	line int // the line off is on, 1-based
	// col is the character column of byte colOff on the current line, kept
	// as cells are read so columns cost one pass over the line.
	colOff, col int
	// indent is how far the CSV is indented where it stands (written into
	// a book as a block); columns count it.
	indent int
	cells  []csvCell
}

type csvCell struct {
	text      string
	line, col int
}

// csvError is a malformed line: where, and what (encoding/csv's words).
type csvError struct {
	line, col int
	msg       string
}

func newCSVLexer(src string, line, indent int) *csvLexer {
	return &csvLexer{src: src, line: line, col: 1 + indent, indent: indent}
}

func (x *csvLexer) newLine(at int) {
	x.line++
	x.colOff, x.col = at, 1+x.indent
}

// column is the character column of byte offset at on the current line.
func (x *csvLexer) column(at int) int {
	if at >= x.colOff {
		x.col += utf8.RuneCountInString(x.src[x.colOff:at])
		x.colOff = at
	}
	return x.col
}

// next reads one record; ok is false at the end of the file.
func (x *csvLexer) next() (cells []csvCell, ok bool, err *csvError) {
	s := x.src
	for x.off < len(s) && (s[x.off] == '\n' || (s[x.off] == '\r' && x.off+1 < len(s) && s[x.off+1] == '\n')) {
		if s[x.off] == '\r' {
			x.off++
		}
		x.off++
		x.newLine(x.off)
	}
	if x.off >= len(s) {
		return nil, false, nil
	}
	x.cells = x.cells[:0]
	for {
		start, line, col := x.off, x.line, x.column(x.off)
		if start < len(s) && s[start] == '"' {
			text, e := x.quoted(line, col)
			if e != nil {
				return nil, false, e
			}
			x.cells = append(x.cells, csvCell{text, line, col})
			switch {
			case x.off < len(s) && s[x.off] == ',':
				x.off++
				continue
			case x.off == len(s):
				return x.cells, true, nil
			case s[x.off] == '\n' || (s[x.off] == '\r' && x.off+1 < len(s) && s[x.off+1] == '\n'):
				x.endLine()
				return x.cells, true, nil
			}
			return nil, false, &csvError{x.line, x.column(x.off), `extraneous or missing " in quoted-field`}
		}
		i := start
		for i < len(s) && s[i] != ',' && s[i] != '\n' {
			if s[i] == '"' {
				return nil, false, &csvError{line, x.column(i), `bare " in non-quoted-field`}
			}
			i++
		}
		end := i
		if end > start && s[end-1] == '\r' {
			end-- // CRLF
		}
		x.cells = append(x.cells, csvCell{s[start:end], line, col})
		x.off = i
		if i < len(s) && s[i] == ',' {
			x.off++
			continue
		}
		if i < len(s) {
			x.off++
			x.newLine(x.off)
		}
		return x.cells, true, nil
	}
}

func (x *csvLexer) endLine() {
	if x.src[x.off] == '\r' {
		x.off++
	}
	x.off++
	x.newLine(x.off)
}

// quoted reads the quoted cell at off; a line break inside it belongs to
// the cell (CRLF read as LF, as encoding/csv does).
func (x *csvLexer) quoted(line, col int) (string, *csvError) {
	s := x.src
	var b strings.Builder
	built := false
	i := x.off + 1
	lit := i
	for {
		if i >= len(s) {
			return "", &csvError{line, col, `extraneous or missing " in quoted-field`}
		}
		switch s[i] {
		case '"':
			if i+1 < len(s) && s[i+1] == '"' {
				b.WriteString(s[lit : i+1])
				built = true
				i += 2
				lit = i
				continue
			}
			text := s[lit:i]
			if built {
				b.WriteString(text)
				text = b.String()
			}
			x.off = i + 1
			return strings.ReplaceAll(text, "\r\n", "\n"), nil
		case '\n':
			x.newLine(i + 1)
		}
		i++
	}
}
