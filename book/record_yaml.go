package book

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// The YAML side of the record tables: a list item's mapping, checked key
// by key as walkMapping checks one, each value filed under its column.

// fromYAML reads one item of the book's list into r.
func (t *table[R]) fromYAML(r *R, item *yaml.Node, index int) {
	rw := t.rowOf(r)
	rw.reset(rw.p.file, index, locOf(item))
	rw.csv = false
	if id := idLabel(item); id != "" {
		rw.label = id
	}
	if item.Kind != yaml.MappingNode {
		rw.bad = true
		rw.err(locOf(item), "", "want a mapping (key: value, ...), got %s", describe(item))
	} else {
		t.walk(rw, item, "")
	}
	t.apply(r)
}

// walk checks a record's mapping (or a nested one: group) the way
// walkMapping does, and files each field's value by column.
func (t *table[R]) walk(rw *row, n *yaml.Node, group string) {
	keys := t.keys[group]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			rw.err(locOf(k), group, "a key must be a plain name, got %s", describe(k))
			continue
		}
		if k.Value == "<<" {
			rw.err(locOf(k), group, "merge keys (<<) are not supported; write the fields out")
			continue
		}
		if first := firstKey(n, i, k.Value); first != nil {
			rw.err(locOf(k), t.fieldName(group, k.Value), "duplicate key %q (first at line %d)", k.Value, first.Line)
			continue
		}
		sl, found := keys[k.Value]
		ci, known, isGroup := sl.column, found && !sl.group, found && sl.group
		if !known && !isGroup {
			allowed := t.top
			if group != "" {
				allowed = t.groups[group]
			}
			rw.err(locOf(k), t.fieldName(group, k.Value), "unknown field %q%s", k.Value, suggest(k.Value, allowed))
			if best := closest(k.Value, allowed); best != "" {
				if j, ok := t.byName[join(group, best)]; ok {
					rw.reported[j] = true
				}
			}
			continue
		}
		if v.Kind == yaml.AliasNode {
			rw.err(locOf(v), t.fieldName(group, k.Value), "aliases (*%s) are not supported; write the value out", v.Value)
			if known {
				rw.reported[ci] = true
			}
			continue
		}
		if isGroup {
			switch {
			case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
				// left empty: every field of it at its default
			case v.Kind != yaml.MappingNode:
				rw.err(locOf(v), k.Value, "want a mapping (key: value, ...), got %s", describe(v))
			default:
				t.walk(rw, v, k.Value)
			}
			continue
		}
		rw.present[ci] = true
		rw.cells[ci] = cell{text: v.Value, at: locOf(v)}
		switch {
		case v.Kind != yaml.ScalarNode:
			rw.err(locOf(v), t.fieldName(group, k.Value), "want a single value, got %s", describe(v))
		case v.Tag == "!!null":
			// An empty value is more likely a figure lost while editing
			// than a deliberate default; make the author say which.
			rw.err(locOf(v), t.fieldName(group, k.Value), "has no value; write one or remove the field")
		default:
			rw.ok[ci] = true
		}
	}
}

// fieldName is how errors name key of a record's mapping (group "") or
// of one of its groups: liquidity.adv.
func (t *table[R]) fieldName(group, key string) string {
	if group == "" {
		return key
	}
	if name := t.dotted[group][key]; name != "" {
		return name
	}
	return join(group, key)
}

// firstKey is the earlier key of mapping n with the given name, if any.
func firstKey(n *yaml.Node, before int, name string) *yaml.Node {
	for j := 0; j < before; j += 2 {
		if k := n.Content[j]; k.Kind == yaml.ScalarNode && k.Value == name {
			return k
		}
	}
	return nil
}

// idLabel is the id of a list item when it has a usable one (as itemPath).
func idLabel(item *yaml.Node) string {
	if item.Kind != yaml.MappingNode {
		return ""
	}
	for j := 0; j+1 < len(item.Content); j += 2 {
		k, v := item.Content[j], item.Content[j+1]
		if k.Value == "id" && v.Kind == yaml.ScalarNode && v.Tag != "!!null" && badIdent(v.Value) == "" {
			return v.Value
		}
	}
	return ""
}

// items calls fn with each item of a list field: from the nodes, or, for a
// list the light reader left for later, read one item at a time.
func (p *parser) items(top *fields, name string, flat func(i int, fs []flatField, at loc) bool, fn func(i int, item *yaml.Node)) {
	if lz, ok := p.lazy[top.get(name)]; ok {
		p.eachItem(p.src, lz, flat, fn)
		return
	}
	for i, item := range top.list(name) {
		fn(i, item)
	}
}

// itemCount is about how many items a list field holds, for room: a lazy
// list's items are counted by the lines that start one.
func (p *parser) itemCount(top *fields, name string) int {
	if lz, ok := p.lazy[top.get(name)]; ok {
		return 1 + strings.Count(p.src[lz.pos:lz.end], "\n"+strings.Repeat(" ", lz.indent)+"- ")
	}
	// Only counted, not checked: reading the list reports what is wrong.
	if n := top.get(name); n != nil && n.Kind == yaml.SequenceNode {
		return len(n.Content)
	}
	return 0
}
