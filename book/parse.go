package book

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

// maxFileSize bounds what Load and Parse accept. A book is kilobytes; a
// mistaken path to a log or a dump must fail fast, not exhaust memory.
const maxFileSize = 16 << 20

// Load reads the file at path and parses it; errors name the file by path.
func Load(path string) (*engine.Book, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open book: %w", err)
	}
	defer f.Close()
	var buf bytes.Buffer // room for the whole file at once
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() <= maxFileSize {
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(f, maxFileSize+1)); err != nil {
		return nil, fmt.Errorf("read book %s: %w", path, err)
	}
	return Parse(path, buf.Bytes())
}

// Parse reads a book from data; name is the file name used in errors, and
// the CSV files the book names are read from beside it (relative to name's
// directory). On any problem it returns a nil book and an *Errors listing
// every problem.
func Parse(name string, data []byte) (book *engine.Book, err error) {
	// The light reader first (lite.go); the YAML library for whatever it
	// leaves, from the start, so the result never mixes the two.
	if book, err, ok := parse(name, data, true); ok {
		return book, err
	}
	book, err, _ = parse(name, data, false)
	return book, err
}

func parse(name string, data []byte, light bool) (book *engine.Book, err error, ok bool) {
	p := &parser{file: name, open: readCSVFile, data: data}
	ok = true
	defer func() {
		// The loader is the boundary with hand-written input: whatever a
		// file does to the YAML library, the console must get an error it
		// can show, not a crash in the middle of an incident.
		if r := recover(); r != nil {
			if _, giveUp := r.(unsupported); giveUp && light {
				book, err, ok = nil, nil, false
				return
			}
			book = nil
			err = newErrors(name, []Error{{File: name, Msg: fmt.Sprintf(
				"internal error while reading the book (%v); please report this file", r)}})
		}
	}()
	var root *yaml.Node
	if light {
		p.lazy = map[*yaml.Node]lazyList{}
		if root, p.src, ok = liteParse(data, p.lazy); !ok {
			return nil, nil, false
		}
	} else {
		root = p.document(data)
	}
	if root != nil {
		book = p.book(root)
		// A list whose CSV file could not be read is incomplete: checking
		// references against it would bury the real problem in noise.
		if !p.partial {
			for _, check := range p.later {
				check()
			}
		}
	}
	if len(p.errs) > 0 {
		return nil, newErrors(name, p.errs), true
	}
	return book, nil, true
}

// parser accumulates the problems of one file while it is walked.
type parser struct {
	file string
	errs []Error
	// later holds reference checks: they run once every list has been
	// read, so a source may name a position written further down.
	later []func()
	idx   index
	// fx and base are the book's rates and base currency, for the checks
	// that every currency named converts; fxHaircut is the book's default
	// FX-mismatch haircut.
	fx        engine.FX
	base      string
	fxHaircut decimal.Decimal
	// raised are the repos and sales, whose cash is in the currency of
	// what they lend or sell (raisedCurrencies).
	raised []raisedIn
	// cpRefs are the positions' counterparties, checked in one later.
	cpRefs []cpRef
	// open reads a file the book names (positions_file, collateral_file).
	open func(path string) ([]byte, error)
	// partial is set when such a file, or a line of it, could not be read.
	partial bool
	// lazy holds the lists the light reader left to be read item by item
	// from src (lite.go).
	lazy map[*yaml.Node]lazyList
	src  string
	data []byte // the file
	// figures are the short figures read so far (figure).
	figures map[string]decimal.Decimal
	// market is the book's own zone, calendars and hours once read: the
	// default beneath every counterparty's and source's.
	market engine.Market
	// fromYear and toYear bound the years calendars are computed for.
	fromYear, toYear int
}

func (p *parser) errAt(n *yaml.Node, field, format string, args ...any) {
	e := Error{File: p.file, Field: field, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

func (p *parser) fileErr(line int, format string, args ...any) {
	p.errs = append(p.errs, Error{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// document checks that data is a single YAML document whose top level is a
// mapping, and returns that mapping; nil after reporting why it is not.
func (p *parser) document(data []byte) *yaml.Node {
	switch {
	case len(data) == 0:
		p.fileErr(0, "the file is empty; a book needs at least firm, as_of and deadline")
		return nil
	case len(data) > maxFileSize:
		p.fileErr(0, "the file is larger than %d MiB; that is not a book", maxFileSize>>20)
		return nil
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		p.fileErr(0, "the file is UTF-16 text; save it as UTF-8")
		return nil
	case bytes.IndexByte(data, 0) >= 0:
		p.fileErr(0, "the file is binary (it contains NUL bytes), not a YAML book")
		return nil
	case !utf8.Valid(data):
		p.fileErr(lineOf(data, firstInvalidUTF8(data)), "the file is not valid UTF-8 text; a book is plain text")
		return nil
	case len(bytes.TrimSpace(data)) == 0:
		p.fileErr(0, "the file has only whitespace; a book needs at least firm, as_of and deadline")
		return nil
	}
	if off, r := firstControl(data); off >= 0 {
		// Control characters would reach the operator's terminal through
		// names and ids; ESC sequences there can rewrite what is on screen.
		p.fileErr(lineOf(data, off), "control character %U in the file; a book is plain text", r)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.fileErr(0, "the file has only comments; a book needs at least firm, as_of and deadline")
		} else {
			p.syntaxErr(data, err)
		}
		return nil
	}
	// A second document would be silently ignored by a reader that takes
	// the first; an empty one (a trailing ---) holds nothing to lose.
	for {
		var next yaml.Node
		err := dec.Decode(&next)
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			p.syntaxErr(data, err)
			return nil
		}
		if len(next.Content) == 1 && next.Content[0].Tag == "!!null" && next.Content[0].Value == "" {
			continue
		}
		p.errAt(&next, "", "a second YAML document (after ---); a book is one document")
		break
	}
	top := &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		top = doc.Content[0]
	}
	switch {
	case top.Kind == yaml.MappingNode:
		return top
	case top.Kind == yaml.SequenceNode:
		p.errAt(top, "", "the top level is a list; a book is a mapping of fields (firm:, as_of:, deadline:, positions:, ...)")
	case top.Kind == yaml.ScalarNode && top.Tag == "!!null":
		p.errAt(top, "", "the document is empty; a book needs at least firm, as_of and deadline")
	default:
		p.errAt(top, "", "the top level is a single value; a book is a mapping of fields (firm:, as_of:, deadline:, positions:, ...)")
	}
	return nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the messages the YAML parser (not its scanner) emits;
// it reports their line zero-based, one less than the line an editor shows.
var parserProblems = []string{
	"did not find expected <stream-start>", "did not find expected <document start>",
	"did not find expected node content", "did not find expected '-' indicator",
	"did not find expected key", "did not find expected ',' or ']'",
	"did not find expected ',' or '}'", "found undefined tag handle",
	"found duplicate %YAML directive", "found incompatible YAML document",
	"found duplicate %TAG directive",
}

// syntaxErr turns the YAML library's message into one located Error. The
// library omits the line when the problem is on the first line.
func (p *parser) syntaxErr(data []byte, err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		for _, pp := range parserProblems {
			if msg == pp {
				line++
				break
			}
		}
	}
	for _, composer := range []string{"unknown anchor", "contains itself", "max depth", "excessive aliasing"} {
		if strings.Contains(msg, composer) {
			line = 0
		}
	}
	if l := firstFailingLine(data, err.Error()); l > 0 {
		line = l
	}
	if strings.Contains(msg, "tab character") {
		msg += " (indent with spaces, not tabs)"
	}
	p.fileErr(line, "YAML syntax error: %s", msg)
}

// firstFailingLine finds the line where a syntax error shows: the library
// reports where the enclosing construct began (a list seven lines up), not
// the line to fix. The parser stops at the first problem, so every prefix
// of the file that reaches the bad line fails with the very same message,
// and shorter ones do not: a binary search over prefixes finds the line.
func firstFailingLine(data []byte, want string) int {
	ends := []int{}
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	fails := func(k int) bool {
		dec := yaml.NewDecoder(bytes.NewReader(data[:ends[k]]))
		for {
			var n yaml.Node
			if err := dec.Decode(&n); err != nil {
				return err.Error() == want
			}
		}
	}
	k := sort.Search(len(ends), fails)
	if k == len(ends) {
		return 0
	}
	return k + 1
}

func lineOf(data []byte, off int) int { return bytes.Count(data[:off], []byte("\n")) + 1 }

func firstInvalidUTF8(data []byte) int {
	for off := 0; off < len(data); {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			return off
		}
		off += size
	}
	return len(data)
}

func firstControl(data []byte) (int, rune) {
	for off, r := range string(data) {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return off, r
		}
	}
	return -1, 0
}
