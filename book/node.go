package book

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

// fields is one YAML mapping of the book, checked against the keys it may
// carry. Readers look values up by name and report problems under path.
type fields struct {
	p    *parser
	node *yaml.Node
	path string
	vals map[string]*yaml.Node
	// keys are the accepted keys in file order.
	keys []*yaml.Node
	// reported are fields already reported (an unknown key was taken for a
	// typo of one, or its value was an alias): "is required" would repeat it.
	reported map[string]bool
	// bad is set when the node was not a mapping at all: that was reported
	// once, and every "is required" after it would only be noise.
	bad bool
}

// mapping reads n as a mapping whose keys must be among allowed: unknown
// keys (with a suggestion), duplicate keys, non-scalar keys and aliases are
// reported here, once.
func (p *parser) mapping(n *yaml.Node, path string, allowed ...string) *fields {
	return p.walkMapping(n, path, allowed, false)
}

// keyed reads a mapping whose keys are ids or names defined elsewhere in
// the book (a scenario's shocks); the caller checks the keys.
func (p *parser) keyed(n *yaml.Node, path string) *fields {
	return p.walkMapping(n, path, nil, true)
}

func (p *parser) walkMapping(n *yaml.Node, path string, allowed []string, open bool) *fields {
	f := &fields{p: p, node: n, path: path, vals: map[string]*yaml.Node{}, reported: map[string]bool{}}
	if n.Kind != yaml.MappingNode {
		f.bad = true
		p.errAt(n, path, "want a mapping (key: value, ...), got %s", describe(n))
		return f
	}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errAt(k, path, "a key must be a plain name, got %s", describe(k))
			continue
		}
		if k.Value == "<<" {
			p.errAt(k, path, "merge keys (<<) are not supported; write the fields out")
			continue
		}
		if first, dup := keys[k.Value]; dup {
			p.errAt(k, join(path, k.Value), "duplicate key %q (first at line %d)", k.Value, first.Line)
			continue
		}
		keys[k.Value] = k
		if !open && !slices.Contains(allowed, k.Value) {
			p.errAt(k, join(path, k.Value), "unknown field %q%s", k.Value, suggest(k.Value, allowed))
			if best := closest(k.Value, allowed); best != "" {
				f.reported[best] = true
			}
			continue
		}
		if v.Kind == yaml.AliasNode {
			p.errAt(v, join(path, k.Value), "aliases (*%s) are not supported; write the value out", v.Value)
			f.reported[k.Value] = true
			continue
		}
		f.vals[k.Value] = v
		f.keys = append(f.keys, k)
	}
	return f
}

// get returns the value of a field, or nil when it is absent.
func (f *fields) get(name string) *yaml.Node { return f.vals[name] }

func (f *fields) at(name string) string { return join(f.path, name) }

// missing reports a required field that is absent, at the mapping's line.
func (f *fields) missing(name, why string) {
	if f.bad || f.reported[name] {
		return
	}
	f.p.errAt(f.node, f.at(name), "is required%s", why)
}

// scalar returns the literal text of a field; ok is false when the field
// is absent or was reported as not a single value.
func (f *fields) scalar(name string) (text string, n *yaml.Node, ok bool) {
	n = f.vals[name]
	if n == nil {
		return "", nil, false
	}
	switch {
	case n.Kind != yaml.ScalarNode:
		f.p.errAt(n, f.at(name), "want a single value, got %s", describe(n))
	case n.Tag == "!!null":
		// An empty value is more likely a figure lost while editing than a
		// deliberate default; make the author say which.
		f.p.errAt(n, f.at(name), "has no value; write one or remove the field")
	default:
		return n.Value, n, true
	}
	return "", n, false
}

// text reads a free-text field (a name, an issuer).
func (f *fields) text(name string, required bool) string {
	s, n, ok := f.scalar(name)
	if !ok {
		if required && n == nil {
			f.missing(name, "")
		}
		return ""
	}
	if strings.TrimSpace(s) == "" {
		f.p.errAt(n, f.at(name), "is blank")
		return ""
	}
	// Names are shown on the war-room screen: an escape sequence (written
	// as \e in a quoted string) could repaint or hide what is on it.
	for _, r := range s {
		if unicode.IsControl(r) {
			f.p.errAt(n, f.at(name), "%q contains a control character (%U); names are plain text", s, r)
			return ""
		}
	}
	return s
}

// ident reads a field that is an id or names one: non-empty, with no
// whitespace or control characters, since ids are typed and matched exactly.
func (f *fields) ident(name string, required bool) (string, *yaml.Node) {
	s, n, ok := f.scalar(name)
	if !ok {
		if required && n == nil {
			f.missing(name, "")
		}
		return "", nil
	}
	if msg := badIdent(s); msg != "" {
		f.p.errAt(n, f.at(name), "%q %s", s, msg)
		return "", nil
	}
	return s, n
}

func badIdent(s string) string {
	if s == "" {
		return "is empty"
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		// No invisible formatting character is ASCII: for ASCII text the
		// space and control checks are all there is.
		if c := s[i]; c >= utf8.RuneSelf {
			ascii = false
			break
		} else if c <= ' ' || c == 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return ""
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			return "contains whitespace; ids are single words (use - or _)"
		}
		if unicode.IsControl(r) {
			return "contains a control character"
		}
		if unicode.Is(unicode.Cf, r) {
			// A zero-width space makes "ES\u200b" look like "ES" and match
			// nothing; bidi overrides make an id read backwards.
			return fmt.Sprintf("contains an invisible formatting character (%U)", r)
		}
	}
	return ""
}

// enum reads a field whose value is one of a fixed set.
func (f *fields) enum(name string, required bool, allowed ...string) (string, bool) {
	s, n, ok := f.scalar(name)
	if !ok {
		if required && n == nil {
			f.missing(name, fmt.Sprintf(" (one of %s)", strings.Join(allowed, ", ")))
		}
		return "", false
	}
	if !slices.Contains(allowed, s) {
		f.p.errAt(n, f.at(name), "%q is not one of %s%s", s, strings.Join(allowed, ", "), suggest(s, allowed))
		return "", false
	}
	return s, true
}

// time reads an RFC 3339 time; the zone offset is required so that a
// deadline means the same instant on every operator's machine.
func (f *fields) time(name string, required bool) (time.Time, *yaml.Node) {
	s, n, ok := f.scalar(name)
	if !ok {
		if required && n == nil {
			f.missing(name, " (an RFC 3339 time such as 2026-03-16T16:00:00-04:00)")
		}
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		f.p.errAt(n, f.at(name), "%q is not an RFC 3339 time; want e.g. 2026-03-16T16:00:00-04:00, with its zone offset", s)
		return time.Time{}, nil
	}
	return t, n
}

// access reads a delay: a Go duration or a settlement cycle T+n.
func (f *fields) access(name string) (engine.Access, bool) {
	s, n, ok := f.scalar(name)
	if !ok {
		return engine.Access{}, false
	}
	a, err := engine.ParseAccess(s)
	if err != nil {
		f.p.errAt(n, f.at(name), "%v", err)
		return engine.Access{}, false
	}
	return a, true
}

// bool reads true or false only: YAML 1.1's yes/no/on/off are refused
// because readers disagree on them.
func (f *fields) bool(name string) (value, ok bool) {
	s, n, present := f.scalar(name)
	if !present {
		return false, false
	}
	if n.Tag != "!!bool" || (!strings.EqualFold(s, "true") && !strings.EqualFold(s, "false")) {
		f.p.errAt(n, f.at(name), "%q is not true or false", s)
		return false, false
	}
	return strings.EqualFold(s, "true"), true
}

// list returns the items of a list field; an empty value is an empty list.
func (f *fields) list(name string) []*yaml.Node {
	n := f.vals[name]
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		f.p.errAt(n, f.at(name), "want a list, got %s", describe(n))
		return nil
	}
	var items []*yaml.Node
	for i, item := range n.Content {
		if item.Kind == yaml.AliasNode {
			f.p.errAt(item, fmt.Sprintf("%s[%d]", f.at(name), i), "aliases (*%s) are not supported; write the value out", item.Value)
			item = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: item.Line, Column: item.Column}
		}
		items = append(items, item)
	}
	return items
}

// itemPath names the i-th item of a list, with its id when it has a usable
// one, so "positions[1] (TECH)" can be found by eye as well as by line.
func itemPath(list string, i int, item *yaml.Node) string {
	path := fmt.Sprintf("%s[%d]", list, i)
	if item.Kind != yaml.MappingNode {
		return path
	}
	for j := 0; j+1 < len(item.Content); j += 2 {
		k, v := item.Content[j], item.Content[j+1]
		if k.Value == "id" && v.Kind == yaml.ScalarNode && v.Tag != "!!null" && badIdent(v.Value) == "" {
			return fmt.Sprintf("%s (%s)", path, v.Value)
		}
	}
	return path
}

// unique reports an id already seen in the same list, naming both lines.
func (p *parser) unique(seen map[string]*yaml.Node, id string, n *yaml.Node, path string) {
	if id == "" {
		return
	}
	if first, dup := seen[id]; dup {
		p.errAt(n, path, "duplicate id %q (first at line %d)", id, first.Line)
		return
	}
	seen[id] = n
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("the value %q", n.Value)
}

// sub reads a nested mapping field; nil when it is absent or left empty,
// which leaves every field of it at its default.
func (f *fields) sub(name string, allowed ...string) *fields {
	n := f.get(name)
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	return f.p.mapping(n, f.at(name), allowed...)
}
