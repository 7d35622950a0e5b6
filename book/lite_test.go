package book

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/synth"
)

// libraryTree is the YAML library's reading of data: its top node, or nil
// when the library refuses the file or it holds several documents.
func libraryTree(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil || len(doc.Content) != 1 {
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return nil
	}
	return doc.Content[0]
}

// sameTree says where two trees differ ("" when they do not) in what the
// loader reads of a node: kind, tag, value, style, line and column.
func sameTree(a, b *yaml.Node, path string) string {
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || a.Style != b.Style || a.Line != b.Line || a.Column != b.Column {
		return fmt.Sprintf("%s: light {%v %s %q style %v at %d:%d}, library {%v %s %q style %v at %d:%d}", path,
			a.Kind, a.Tag, a.Value, a.Style, a.Line, a.Column, b.Kind, b.Tag, b.Value, b.Style, b.Line, b.Column)
	}
	if len(a.Content) != len(b.Content) {
		return fmt.Sprintf("%s: light has %d children, library %d", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if d := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// clone deep-copies a node: the streamed items' nodes are reused.
func clone(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = nil
	for _, k := range n.Content {
		c.Content = append(c.Content, clone(k))
	}
	return &c
}

// liteStreamed reads data as the loader does, the top-level lists item by
// item, and puts the items back into their lists; ok false when the light
// reader gave up on the top level or on an item.
func liteStreamed(data []byte) (top *yaml.Node, ok bool) {
	lazy := map[*yaml.Node]lazyList{}
	top, src, ok := liteParse(data, lazy)
	if !ok {
		return nil, false
	}
	defer func() {
		if r := recover(); r != nil {
			if _, mine := r.(unsupported); !mine {
				panic(r)
			}
			top, ok = nil, false
		}
	}()
	p := &parser{}
	for n, lz := range lazy {
		p.eachItem(src, lz, nil, func(_ int, item *yaml.Node) { n.Content = append(n.Content, clone(item)) })
	}
	return top, true
}

// checkLite compares the light reader with the library on data, both as
// one tree and streamed; it returns whether the light reader took the file.
func checkLite(t *testing.T, name string, data []byte) bool {
	t.Helper()
	streamed, sok := liteStreamed(data)
	top, _, ok := liteParse(data, nil)
	if sok != ok {
		// Streaming may give up where the whole tree does not (a list
		// that ends unlike it was skipped): the library then reads it.
		if sok {
			t.Errorf("%s: streamed but not read whole", name)
		}
	}
	if sok {
		if lib := libraryTree(data); lib != nil {
			if d := sameTree(streamed, lib, "streamed"); d != "" {
				t.Errorf("%s: %s", name, d)
			}
		}
	}
	if !ok {
		return false
	}
	lib := libraryTree(data)
	if lib == nil {
		t.Errorf("%s: the light reader read a file the library refuses", name)
		return true
	}
	if d := sameTree(top, lib, ""); d != "" {
		t.Errorf("%s: %s", name, d)
	}
	return true
}

// TestLiteMatchesLibrary: on every book of the repository, the light
// reader either leaves the file to the library or reads exactly the
// library's nodes; and it takes the books that matter for speed.
func TestLiteMatchesLibrary(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.yaml")
	demos, _ := filepath.Glob("demos/*.yaml")
	taken := 0
	for _, f := range append(files, demos...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if checkLite(t, f, data) {
			taken++
		}
	}
	for _, d := range demos {
		data, _ := os.ReadFile(d)
		if _, _, ok := liteParse(data, nil); !ok {
			t.Errorf("%s: left to the library; the demos should be read fast", d)
		}
	}
	if !checkLite(t, "synth", synth.YAML(300, 3)) {
		t.Error("the synthetic book was left to the library")
	}
	t.Logf("the light reader took %d of %d files", taken, len(files)+len(demos))
	if taken < len(files)/2 {
		t.Errorf("the light reader took only %d files", taken)
	}
}

// liteCases are the forms at the edge of the subset, each either read
// exactly as the library does or left to it.
var liteCases = []string{
	"a: 1\nb:\n  c: 2\n",
	"a:\n- 1\n- 2\nb: x\n",
	"a:\n  - x\n  -\n  - y: 1\n    z: 2\n",
	"a: \"q\\\"uo\\x41\\u00e9\\e\"\nb: 'it''s'\n",
	"a: {b: 1, c: [x, y], d: {e: f}}\nz: [ ]\ny: {}\n",
	"a:   spaced   # comment\n# full line\n\nb: c#d\n",
	"a: 1\n  b: 2\n",
	"a: plain\n  continued\n",
	"k: v: w\n",
	"a: &x 1\nb: *x\n",
	"a: !!str 1\n",
	"a: |\n  lit\n",
	"---\na: 1\n",
	"a: 1\n---\nb: 2\n",
	"a: [1, 2\n",
	"a: {b: 1,}\n",
	"a: {b}\n",
	"a:\n",
	"a: ~\nb: null\nc: True\nd: 0x1F\ne: 1_000\nf: .5\ng: 1e3\nh: 2026-03-16\ni: 2026-03-16T08:00:00-04:00\nj: -0b11\nk: 0o17\nl: +.inf\nm: <<\nn: 010\n",
	"é: ü\nname: Société Générale\nx: [é, ü]\n",
	"a:\n  b:\n    - c\n  d: e\nf: g\n",
	"- a\n",
	"a: -1\nb: -\n",
	"a: 'x\n",
	"a: \"x\" y\n",
	"a:  # comment\n  b: 1\n",
	"a: x #c\n",
	"a: [a: b]\n",
	"a: {b: c: d}\n",
	"a: 1\n\n\n# end\n",
	"\n\n# lead\na: 1",
	"positions:\n  - id: a\n    x: 1\n# c\n  - id: b\ncollateral:\n- {id: h}\n- id: g\n  y: [1]\nz: 1\n",
	"positions:\n  - a\n - b\n",
	"positions:\n  - a\n- b\n",
	"positions:\n    - a\n  - b\nx: 1\n",
	"positions:\n- a\n\n# end\n",
}

func TestLiteEdges(t *testing.T) {
	for _, c := range liteCases {
		checkLite(t, fmt.Sprintf("%q", c), []byte(c))
	}
}

// FuzzLite: on any input, the light reader reads the library's nodes or
// gives up; it never reads a file differently.
func FuzzLite(f *testing.F) {
	for _, c := range liteCases {
		f.Add([]byte(c))
	}
	f.Add(synth.YAML(3, 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		if strings.Contains(string(data), "\x00") {
			return
		}
		checkLite(t, "fuzz", data)
	})
}
