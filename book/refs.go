package book

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

// index records the ids each list defines, for the reference checks that
// run after the walk. Only the first of duplicate ids is recorded.
type index struct {
	counterparties map[string]engine.CounterpartyKind
	positions      map[string]engine.PositionKind
	holdings       map[string]bool
	sources        map[string]bool
	// factors are the risk factors some position moves with: the only names
	// a scenario may shock.
	factors map[string]bool
	// pledged maps a holding to the repo source lending it, and sold a
	// position to the sale selling it: counting either twice would count
	// the same cash twice.
	pledged map[string]keyRef
	sold    map[string]keyRef
	// house are the prime brokers' house margin rates, by counterparty.
	house map[string][]engine.HouseMargin
}

func newIndex() index {
	return index{
		counterparties: map[string]engine.CounterpartyKind{},
		positions:      map[string]engine.PositionKind{},
		holdings:       map[string]bool{},
		sources:        map[string]bool{},
		factors:        map[string]bool{},
		pledged:        map[string]keyRef{},
		sold:           map[string]keyRef{},
		house:          map[string][]engine.HouseMargin{},
	}
}

// keyRef is an id written somewhere in the file, kept with its node so a
// later check can point at it.
type keyRef struct {
	id   string
	node *yaml.Node
	path string
	// file is the CSV file the reference was written in; "" for the book.
	file string
	// rec names the field when path is left empty: a record's reference
	// builds its path only if the check fails (ten thousand positions
	// each name a counterparty).
	rec *recordPath
}

// recordPath is a field of a record in a list, as row.path names it.
type recordPath struct {
	list, label, field string
	index              int
}

func (r *recordPath) String() string {
	p := r.list + "[" + strconv.Itoa(r.index) + "]"
	if r.label != "" {
		p += " (" + r.label + ")"
	}
	return join(p, r.field)
}

// resolve reports ref unless known defines it; list names the list it
// should be in, for the message.
func resolve[V any](p *parser, ref keyRef, list string, known map[string]V) bool {
	if _, ok := known[ref.id]; ok {
		return true
	}
	p.errRef(ref, "%q is not an id in %s%s", ref.id, list, hintIDs(ref.id, known))
	return false
}

// errRef reports a problem at a reference, in the file it was written in.
func (p *parser) errRef(ref keyRef, format string, args ...any) {
	path := ref.path
	if path == "" && ref.rec != nil {
		path = ref.rec.String()
	}
	p.errAt(ref.node, path, format, args...)
	if ref.file != "" {
		p.errs[len(p.errs)-1].File = ref.file
	}
}

// hintIDs suggests the closest id, or lists the ids there are, so the
// author can see whether the reference or the definition is wrong.
func hintIDs[V any](id string, known map[string]V) string {
	ids := slices.Sorted(maps.Keys(known))
	if s := suggest(id, ids); s != "" {
		return s
	}
	switch {
	case len(ids) == 0:
		return " (it has none)"
	case len(ids) > 8:
		return fmt.Sprintf(" (it has %s, ...)", strings.Join(ids[:8], ", "))
	}
	return fmt.Sprintf(" (it has %s)", strings.Join(ids, ", "))
}

// idList reads a list of ids (a repo's collateral, a scenario's withdrawn
// sources), refusing an id listed twice.
func (f *fields) idList(name string) []keyRef {
	var refs []keyRef
	seen := map[string]*yaml.Node{}
	for i, item := range f.list(name) {
		path := fmt.Sprintf("%s[%d]", f.at(name), i)
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			f.p.errAt(item, path, "want an id, got %s", describe(item))
			continue
		}
		if msg := badIdent(item.Value); msg != "" {
			f.p.errAt(item, path, "%q %s", item.Value, msg)
			continue
		}
		if first, dup := seen[item.Value]; dup {
			f.p.errAt(item, path, "%q is listed twice (first at line %d)", item.Value, first.Line)
			continue
		}
		seen[item.Value] = item
		refs = append(refs, keyRef{id: item.Value, node: item, path: path})
	}
	return refs
}

// eachKeyed walks a mapping from ids (or factor names) to values, as the
// scenario fields are written, refusing a key that is not a plain id; fn
// reads one value and says whether to keep the key as a reference.
func (f *fields) eachKeyed(name string, fn func(key string, v *yaml.Node, path string) bool) []keyRef {
	n := f.get(name)
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	m := f.p.keyed(n, f.at(name))
	var refs []keyRef
	for _, k := range m.keys {
		v, path := m.get(k.Value), m.at(k.Value)
		if msg := badIdent(k.Value); msg != "" {
			f.p.errAt(k, path, "%q %s", k.Value, msg)
			continue
		}
		if fn(k.Value, v, path) {
			refs = append(refs, keyRef{id: k.Value, node: k, path: path})
		}
	}
	return refs
}

// decMap reads a mapping from ids (or factor names) to figures. It is
// never nil: the engine indexes it.
func (f *fields) decMap(name string, b bound) (map[string]decimal.Decimal, []keyRef) {
	out := map[string]decimal.Decimal{}
	refs := f.eachKeyed(name, func(key string, v *yaml.Node, path string) bool {
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			f.p.errAt(v, path, "want a number, got %s", describe(v))
			return false
		}
		d, ok := f.p.number(v, v.Value, path, b)
		if ok {
			out[key] = d
		}
		return ok
	})
	return out, refs
}

// decListMap reads a mapping from factor names to lists of figures (a
// scenario's path: the factor returns of day 2, day 3, …).
func (f *fields) decListMap(name string, b bound) (map[string][]decimal.Decimal, []keyRef) {
	out := map[string][]decimal.Decimal{}
	refs := f.eachKeyed(name, func(key string, v *yaml.Node, path string) bool {
		if v.Kind != yaml.SequenceNode {
			f.p.errAt(v, path, "want a list of daily returns like [\"-0.05\", \"-0.03\"], got %s", describe(v))
			return false
		}
		list := []decimal.Decimal{}
		for i, item := range v.Content {
			ip := fmt.Sprintf("%s[%d]", path, i)
			if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
				f.p.errAt(item, ip, "want a number, got %s", describe(item))
				continue
			}
			if d, ok := f.p.number(item, item.Value, ip, b); ok {
				list = append(list, d)
			}
		}
		out[key] = list
		return true
	})
	return out, refs
}
