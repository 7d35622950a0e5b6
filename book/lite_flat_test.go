package book

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/synth"
)

// flatAndNodes reads data with flat items and without, and says how the
// two differ ("" when they do not: the same book, or the same errors).
func flatAndNodes(name string, data []byte) string {
	defer func(was bool) { flatItems = was }(flatItems)
	flatItems = true
	b1, err1 := Parse(name, data)
	flatItems = false
	b2, err2 := Parse(name, data)
	switch {
	case (err1 == nil) != (err2 == nil):
		return fmt.Sprintf("flat: %v; nodes: %v", err1, err2)
	case err1 != nil && err1.Error() != err2.Error():
		return fmt.Sprintf("flat:\n%s\nnodes:\n%s", err1, err2)
	case err1 == nil && !reflect.DeepEqual(b1, b2):
		return "the books differ"
	}
	return ""
}

// flatCases are items on either side of what the flat path takes, each in
// a book with a positions list and a collateral list.
var flatCases = []string{
	"  - id: A\n    kind: spot\n    market_value: 100\n",
	"  - id: A\n    kind: future\n    counterparty: CME\n    market_value: -5.25\n    initial_margin: 7\n    liquidity: {adv: 1, spread_bps: 5, daily_vol: \"0.02\", settle: T+1}\n",
	"  - {id: A, kind: spot, market_value: 1}\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    liquidity:\n      adv: 5\n",
	"  - id: 'it''s'\n    kind: spot\n    market_value: 1\n",
	"  - id: \"a\\tb\"\n    kind: spot\n    market_value: 1\n",
	"  - id: A\n    name: a b  c  \n    kind: spot\n    market_value: 1\n",
	"  - id: A\n    name: a #c\n    kind: spot\n    market_value: 1\n",
	"  - id: A\n    name: x:y\n    kind: spot\n    market_value: 1\n",
	"  - id: A\n    id: B\n    kind: spot\n    market_value: 1\n",
	"  - id: A\n    colour: red\n    kind: spot\n    market_value: 1\n",
	"  - id: A\n\n    kind: spot\n    market_value: 1\n",
	"  - id: A\n    # a comment\n    kind: spot\n    market_value: 1\n# another\n",
	"  - id: A\n      kind: spot\n    market_value: 1\n",
	"  - id: A\n    kind: spot\n    market_value: ~\n",
	"  - id: A\n    kind: spot\n    market_value: null\n",
	"  - id: A\n    kind: spot\n    market_value: - 5\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    liquidity: {adv: }\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    liquidity: {adv: 1,}\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    liquidity: {}\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    liquidity: {adv: 1} x\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    liquidity: 5\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    name: {a: 1}\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    liquidity.adv: 5\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    liquidity: {adv: 1, adv: 2}\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    liquidity: {adv: 1}\n    liquidity: {spread_bps: 2}\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    name: Ünï\n",
	"  - id: A\n    kind: spot\n    market_value: 1e7\n",
	"  - id: A\n    kind: spot\n    market_value: \"1,250,000\"\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    beta: '0.5'\n",
	"  - id: 9A\n    kind: spot\n    market_value: 1\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n  - id: A\n    kind: spot\n    market_value: 2\n",
	"  - id: A\n    kind: future\n    market_value: 1\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n    liquidity: {adv: 1, settle: \"T+2\"}\n",
	"  -\n    id: A\n    kind: spot\n    market_value: 1\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n  -   id: B\n      kind: spot\n      market_value: 2\n",
	"  - id: A\n    kind: spot\n    market_value: 1\n---\n",
	"  - {id: A, kind: spot, market_value: 1}\n    extra: 1\n",
	"  - {id: A, kind: spot, market_value: 1, liquidity: {adv: 1}}\n",
	"  - {id: A, id: B, kind: spot, market_value: 1}\n",
	"  - { id: A , kind: spot , market_value: 1 }\n",
	"  - {id: A, kind: spot, market_value: 1} # c\n",
	"  - {id: A, kind: spot, market_value: 1}\n\n  - {id: B, kind: spot, market_value: 2}\n",
	"  - {id: A, kind: spot, liquidity.adv: 3, market_value: 1}\n",
}

// TestFlatItems: every book the repository holds, and items on either side
// of what the flat path takes, read with flat items exactly as with the
// nodes: the same book, or the same errors at the same lines and columns.
func TestFlatItems(t *testing.T) {
	var files []string
	for _, glob := range []string{"testdata/*/*.yaml", "../cmd/warroom/testdata/*.yaml", "../cmd/warroom/testdata/desk/*.yaml", "demos/*.yaml"} {
		f, _ := filepath.Glob(glob)
		files = append(files, f...)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if d := flatAndNodes(f, data); d != "" {
			t.Errorf("%s: %s", f, d)
		}
	}
	head := "firm: x\nas_of: 2026-03-16T08:00:00-04:00\ndeadline: 2026-03-16T16:00:00-04:00\n" +
		"counterparties:\n  - {id: CME, kind: ccp}\n"
	for _, c := range flatCases {
		for _, data := range []string{
			head + "positions:\n" + c,
			head + "positions:\n" + c + "collateral:\n" + strings.ReplaceAll(strings.ReplaceAll(c, "kind: spot", "class: govt"), "kind: future", "class: govt"),
		} {
			if d := flatAndNodes("case.yaml", []byte(data)); d != "" {
				t.Errorf("%q: %s", c, d)
			}
		}
	}
	for seed := range uint64(3) {
		if d := flatAndNodes("synth.yaml", synth.YAML(500, seed)); d != "" {
			t.Errorf("synth %d: %s", seed, d)
		}
	}
}

// TestFlatItemsTaken: the synthetic book's items are all flat (the path
// this is for), and the flat fields are the nodes' values and places.
func TestFlatItemsTaken(t *testing.T) {
	src := string(synth.YAML(200, 1))
	lazy := map[*yaml.Node]lazyList{}
	if _, _, ok := liteParse([]byte(src), lazy); !ok {
		t.Fatal("the light reader declines the synthetic book")
	}
	items := 0
	for _, lz := range lazy {
		l := &lite{src: src, pos: lz.pos, line: lz.line, over: -1, arena: &arena{}, end: -1}
		for {
			l.skipBlank()
			m := l.mark()
			_, ok := l.flatItem(lz.indent)
			if !ok {
				if _, more := l.seqItem(lz.indent); more {
					t.Fatalf("line %d: an item that is not flat", m.line)
				}
				break
			}
			items++
		}
	}
	if items < 200 {
		t.Fatalf("%d flat items", items)
	}
}

// FuzzFlat: on any input, flat items read as the nodes read.
func FuzzFlat(f *testing.F) {
	for _, c := range flatCases {
		f.Add([]byte("positions:\n" + c))
	}
	f.Add(synth.YAML(3, 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := flatAndNodes("fuzz.yaml", data); d != "" {
			t.Fatal(d)
		}
	})
}
