package drill

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
)

//go:embed drills/*.yaml
var builtinFiles embed.FS

// Names lists the built-in drills, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(builtinFiles, "drills")
	var out []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// Source returns the YAML of a built-in drill.
func Source(name string) ([]byte, error) {
	if !slices.Contains(Names(), name) {
		return nil, fmt.Errorf("no built-in drill %q; the drills are %s", name, strings.Join(Names(), ", "))
	}
	return builtinFiles.ReadFile(path.Join("drills", name+".yaml"))
}

// Builtin parses a built-in drill.
func Builtin(name string) (*Drill, error) {
	src, err := Source(name)
	if err != nil {
		return nil, err
	}
	return Parse(name+".yaml", src, nil)
}

// Open reads a drill by built-in name or file path: a name that is not a
// file on disk is looked up among the built-ins.
func Open(nameOrPath string) (*Drill, error) {
	if _, err := os.Stat(nameOrPath); err != nil && slices.Contains(Names(), nameOrPath) {
		return Builtin(nameOrPath)
	}
	data, err := os.ReadFile(nameOrPath)
	if err != nil {
		return nil, fmt.Errorf("drill %s: %w (built-in drills: %s)", nameOrPath, err, strings.Join(Names(), ", "))
	}
	dir := filepath.Dir(nameOrPath)
	return Parse(nameOrPath, data, func(p string) ([]byte, error) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		return os.ReadFile(p)
	})
}

// IsDrill reports whether YAML text looks like a drill rather than a book:
// a top-level `events:` key.
func IsDrill(data []byte) bool {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return false
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "events" {
			return true
		}
	}
	return false
}

// CalmScenario is the id of the scenario a drill adds to its book when it
// starts before the shock (`start: calm`): the market as booked.
const CalmScenario = "drill-calm"

// Parse reads a drill. readFile resolves `book_file:` (nil: refused, as
// for built-ins). On any problem it returns a *book.Errors listing every
// problem with its line and column.
func Parse(name string, data []byte, readFile func(string) ([]byte, error)) (d *Drill, err error) {
	p := &parser{file: name, readFile: readFile}
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, &book.Errors{File: name, List: []book.Error{{File: name, Msg: fmt.Sprintf("internal error reading the drill (%v); please report this file", r)}}}
		}
	}()
	var doc yaml.Node
	if e := yaml.Unmarshal(data, &doc); e != nil {
		p.errs = append(p.errs, book.Error{File: name, Line: yamlLine(e), Msg: "not YAML: " + e.Error()})
		return nil, p.result()
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		p.errs = append(p.errs, book.Error{File: name, Msg: "a drill is a mapping with book_demo/book_file/book and events"})
		return nil, p.result()
	}
	d = p.drill(doc.Content[0], data)
	if len(p.errs) > 0 {
		return nil, p.result()
	}
	return d, nil
}

type parser struct {
	file     string
	readFile func(string) ([]byte, error)
	errs     []book.Error
	// market is the book's zone and calendars: "day N" counts its
	// business days, and clock times are its wall times.
	market engine.Market
	// book is the drill's book as written, for the cycles its
	// counterparties keep.
	book *engine.Book
}

func (p *parser) errAt(n *yaml.Node, field, format string, a ...any) {
	e := book.Error{File: p.file, Field: field, Msg: fmt.Sprintf(format, a...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

func (p *parser) result() error {
	sort.SliceStable(p.errs, func(i, j int) bool {
		a, b := p.errs[i], p.errs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	e := &book.Errors{File: p.file, List: p.errs}
	if len(e.List) > book.MaxErrors {
		e.List, e.More = e.List[:book.MaxErrors], len(p.errs)-book.MaxErrors
	}
	return e
}

// fields checks a mapping's keys against those allowed and indexes them.
func (p *parser) fields(n *yaml.Node, path string, allowed ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		p.errAt(n, path, "want a mapping (key: value, ...)")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(allowed, k.Value):
			p.errAt(k, path, "unknown field %q (allowed here: %s)", k.Value, strings.Join(allowed, ", "))
		case out[k.Value] != nil:
			p.errAt(k, path, "%s is given twice", k.Value)
		default:
			out[k.Value] = v
		}
	}
	return out
}

func (p *parser) scalar(n *yaml.Node, path string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errAt(n, path, "want a single value")
		return "", false
	}
	return n.Value, true
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func yamlLine(err error) int {
	var line int
	s := err.Error()
	if i := strings.Index(s, "line "); i >= 0 {
		fmt.Sscanf(s[i+5:], "%d", &line)
	}
	return line
}

// bookText returns the book's YAML as written: a demo's, a file's, or the
// inline mapping's own lines, indented as in the drill (book errors then
// point at the drill's lines).
func (p *parser) bookText(top map[string]*yaml.Node, data []byte) (name string, text []byte, inline int, ok bool) {
	given := 0
	for _, k := range []string{"book", "book_demo", "book_file"} {
		if top[k] != nil {
			given++
		}
	}
	if given != 1 {
		p.errAt(nil, "book", "give the book once: book_demo: NAME, book_file: PATH, or book: (inline)")
		return "", nil, 0, false
	}
	switch {
	case top["book_demo"] != nil:
		n, ok := p.scalar(top["book_demo"], "book_demo")
		if !ok {
			return "", nil, 0, false
		}
		src, err := book.DemoSource(n)
		if err != nil {
			p.errAt(top["book_demo"], "book_demo", "%v", err)
			return "", nil, 0, false
		}
		return n + ".yaml", src, 0, true
	case top["book_file"] != nil:
		f, ok := p.scalar(top["book_file"], "book_file")
		if !ok {
			return "", nil, 0, false
		}
		if p.readFile == nil {
			p.errAt(top["book_file"], "book_file", "a built-in drill cannot read files")
			return "", nil, 0, false
		}
		src, err := p.readFile(f)
		if err != nil {
			p.errAt(top["book_file"], "book_file", "%v", err)
			return "", nil, 0, false
		}
		return f, src, 0, true
	}
	n := top["book"]
	if n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle != 0 || len(n.Content) == 0 {
		p.errAt(n, "book", "write the inline book as an indented block mapping under book:")
		return "", nil, 0, false
	}
	// The inline book's lines run from its first key to the line before
	// the next top-level key; blank lines keep book errors' line numbers.
	lines := bytes.Split(data, []byte("\n"))
	first, last := n.Line, len(lines)
	for i := first; i < len(lines); i++ {
		l := lines[i]
		if len(l) > 0 && l[0] != ' ' && l[0] != '#' && l[0] != '\t' {
			last = i
			break
		}
	}
	var b bytes.Buffer
	for i := 1; i < first; i++ {
		b.WriteByte('\n')
	}
	for _, l := range lines[first-1 : last] {
		b.Write(l)
		b.WriteByte('\n')
	}
	return p.file, b.Bytes(), n.Column - 1, true
}

// effectiveBook sets the book's as_of to the drill's start and, for a
// drill that starts calm, adds the calm scenario; the result is the YAML
// stored with the drill's log, so a report rebuilds the very same book.
func effectiveBook(text []byte, starts time.Time, calm bool, impact string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the book is not a mapping")
	}
	m := doc.Content[0]
	if !starts.IsZero() {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "as_of" {
				m.Content[i+1] = &yaml.Node{Kind: yaml.ScalarNode, Value: starts.Format(time.RFC3339)}
			}
		}
	}
	if calm {
		sc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Value: "id"}, {Kind: yaml.ScalarNode, Value: CalmScenario},
			{Kind: yaml.ScalarNode, Value: "name"}, {Kind: yaml.ScalarNode, Value: "Before the shock (drill)"},
			{Kind: yaml.ScalarNode, Value: "impact_multiplier"}, {Kind: yaml.ScalarNode, Value: impact, Style: yaml.DoubleQuotedStyle},
		}}
		found := false
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "scenarios" && m.Content[i+1].Kind == yaml.SequenceNode {
				m.Content[i+1].Content = append(m.Content[i+1].Content, sc)
				found = true
			}
		}
		if !found {
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "scenarios"},
				&yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{sc}})
		}
	}
	return yaml.Marshal(&doc)
}

// ParseFile parses a drill read from path, resolving book_file: relative
// to the drill file's directory.
func ParseFile(path string, data []byte) (*Drill, error) {
	dir := filepath.Dir(path)
	return Parse(path, data, func(p string) ([]byte, error) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		return os.ReadFile(p)
	})
}
