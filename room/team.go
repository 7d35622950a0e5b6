package room

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/book"
)

// Role is what a member of the war room may do; the team file gives each
// person one or more.
type Role string

// The war-room roles (ISDA/CCP practice: the treasury lead owns the
// incident and approves; treasury draws liquidity; collateral ops posts
// and repos; only a trader executes sales; comms talks to counterparties;
// an observer — risk, audit, a regulator's guest — reads only).
const (
	Lead       Role = "lead"
	Treasury   Role = "treasury"
	CollOps    Role = "collateral"
	Trader     Role = "trader"
	Comms      Role = "comms"
	Observer   Role = "observer"
	maxTeamLen      = 1 << 20
)

// Roles lists the roles in the order the team file documents them.
var Roles = []Role{Lead, Treasury, CollOps, Trader, Comms, Observer}

// Member is one person of the team: a name that signs their decisions,
// their roles, and the public keys that identify them.
type Member struct {
	Name  string
	Roles []Role
	Line  int // where the member starts in the team file
}

// RoleList is the member's roles as "lead,treasury".
func (m Member) RoleList() string {
	s := make([]string, len(m.Roles))
	for i, r := range m.Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// Has reports whether the member holds role r.
func (m Member) Has(r Role) bool { return slices.Contains(m.Roles, r) }

// Team is the team file: who may enter the room, by public key.
type Team struct {
	File    string
	Members []Member
	byKey   map[string]int // marshalled public key → index in Members
}

// Member returns the person a public key belongs to.
func (t *Team) Member(k gossh.PublicKey) (Member, bool) {
	if t == nil || k == nil {
		return Member{}, false
	}
	i, ok := t.byKey[string(k.Marshal())]
	if !ok {
		return Member{}, false
	}
	return t.Members[i], true
}

// LoadTeam reads a team file; errors name the file, line and column.
func LoadTeam(path string) (*Team, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open team file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTeamLen+1))
	if err != nil {
		return nil, fmt.Errorf("read team file %s: %w", path, err)
	}
	return ParseTeam(path, data)
}

// teamReader collects the problems of one team file.
type teamReader struct {
	file string
	errs []book.Error
}

func (r *teamReader) errAt(n *yaml.Node, field, format string, a ...any) {
	e := book.Error{File: r.file, Field: field, Msg: fmt.Sprintf(format, a...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	r.errs = append(r.errs, e)
}

// ParseTeam reads a team file from data (name is used in errors). On any
// problem it returns a nil team and a *book.Errors listing every one.
func ParseTeam(name string, data []byte) (*Team, error) {
	r := &teamReader{file: name}
	t := r.team(data)
	if len(r.errs) > 0 {
		return nil, book.Located(name, r.errs)
	}
	return t, nil
}

func (r *teamReader) team(data []byte) *Team {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		r.errs = append(r.errs, book.Error{File: r.file, Msg: "the team file is empty; it needs members: with a name, roles and keys each"})
		return nil
	case len(data) > maxTeamLen:
		r.errs = append(r.errs, book.Error{File: r.file, Msg: "the team file is larger than 1 MiB; that is not a team file"})
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		r.errs = append(r.errs, book.SyntaxError(r.file, data, err))
		return nil
	}
	if len(doc.Content) == 0 {
		r.errs = append(r.errs, book.Error{File: r.file, Msg: "the team file is empty; it needs members:"})
		return nil
	}
	top := fieldsOf(r, doc.Content[0], "", "members")
	members := top.get("members")
	if members == nil {
		if !top.bad {
			r.errAt(doc.Content[0], "members", "is required: the list of people who may enter the room")
		}
		return nil
	}
	if members.Kind != yaml.SequenceNode {
		r.errAt(members, "members", "want a list of members (- name: ...)")
		return nil
	}
	t := &Team{File: r.file, byKey: map[string]int{}}
	names := map[string]*yaml.Node{}
	keyAt := map[string]*yaml.Node{}
	for i, n := range members.Content {
		m, keys := r.member(n, i, names)
		path := memberPath(i, m.Name)
		for j, k := range keys {
			pk := string(k.key.Marshal())
			if first, dup := keyAt[pk]; dup {
				r.errAt(k.node, fmt.Sprintf("%s.keys[%d]", path, j), "this key is already %s's (line %d): one key, one person",
					t.Members[t.byKey[pk]].Name, first.Line)
				continue
			}
			keyAt[pk] = k.node
			t.byKey[pk] = len(t.Members)
		}
		t.Members = append(t.Members, m)
	}
	if len(t.Members) == 0 {
		r.errAt(members, "members", "the list is empty: nobody could enter the room")
	}
	return t
}

type memberKey struct {
	key  gossh.PublicKey
	node *yaml.Node
}

func memberPath(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("members[%d]", i)
	}
	return fmt.Sprintf("members[%d] (%s)", i, name)
}

func (r *teamReader) member(n *yaml.Node, i int, names map[string]*yaml.Node) (Member, []memberKey) {
	m := Member{Line: n.Line}
	name := ""
	if n.Kind == yaml.MappingNode {
		if v := valueOf(n, "name"); v != nil && v.Kind == yaml.ScalarNode {
			name = strings.TrimSpace(v.Value)
		}
	}
	path := memberPath(i, name)
	f := fieldsOf(r, n, path, "name", "roles", "keys")
	if f.bad {
		return m, nil
	}
	switch v := f.get("name"); {
	case v == nil:
		r.errAt(n, path+".name", "is required: the person who signs this member's decisions")
	case v.Kind != yaml.ScalarNode || name == "":
		r.errAt(v, path+".name", "want a person's name")
	case names[name] != nil:
		r.errAt(v, path+".name", "%q is listed twice (first at line %d)", name, names[name].Line)
	default:
		names[name], m.Name = v, name
	}
	switch v := f.get("roles"); {
	case v == nil:
		r.errAt(n, path+".roles", "is required: one or more of %s", roleNames())
	case v.Kind != yaml.SequenceNode || len(v.Content) == 0:
		r.errAt(v, path+".roles", "want a list of roles, e.g. [lead] (one or more of %s)", roleNames())
	default:
		for j, rn := range v.Content {
			role := Role(strings.TrimSpace(rn.Value))
			switch {
			case rn.Kind != yaml.ScalarNode || !slices.Contains(Roles, role):
				r.errAt(rn, fmt.Sprintf("%s.roles[%d]", path, j), "unknown role %q (want %s)", rn.Value, roleNames())
			case slices.Contains(m.Roles, role):
				r.errAt(rn, fmt.Sprintf("%s.roles[%d]", path, j), "role %q is listed twice", role)
			default:
				m.Roles = append(m.Roles, role)
			}
		}
	}
	var keys []memberKey
	switch v := f.get("keys"); {
	case v == nil:
		r.errAt(n, path+".keys", "is required: the person's SSH public keys (the line of their id_ed25519.pub)")
	case v.Kind != yaml.SequenceNode:
		r.errAt(v, path+".keys", "want a list of public keys")
	default:
		for j, kn := range v.Content {
			pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(kn.Value))
			if kn.Kind != yaml.ScalarNode || err != nil {
				r.errAt(kn, fmt.Sprintf("%s.keys[%d]", path, j), "not a public key: want a line like \"ssh-ed25519 AAAA... name@host\" (the content of ~/.ssh/id_ed25519.pub)")
				continue
			}
			keys = append(keys, memberKey{pk, kn})
		}
	}
	return m, keys
}

func roleNames() string {
	s := make([]string, len(Roles))
	for i, r := range Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// fields is one mapping of the team file, its keys checked.
type fields struct {
	vals map[string]*yaml.Node
	bad  bool
}

func (f fields) get(k string) *yaml.Node { return f.vals[k] }

func fieldsOf(r *teamReader, n *yaml.Node, path string, allowed ...string) fields {
	f := fields{vals: map[string]*yaml.Node{}}
	if n.Kind != yaml.MappingNode {
		r.errAt(n, path, "want a mapping (%s: ...)", strings.Join(allowed, ", "))
		f.bad = true
		return f
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		at := k.Value
		if path != "" {
			at = path + "." + k.Value
		}
		switch {
		case !slices.Contains(allowed, k.Value):
			r.errAt(k, at, "unknown field %q (want %s)", k.Value, strings.Join(allowed, ", "))
			f.vals[k.Value] = nil
		case f.vals[k.Value] != nil:
			r.errAt(k, at, "duplicate key %q", k.Value)
		case v.Kind == yaml.AliasNode:
			r.errAt(v, at, "aliases are not supported; write the value out")
		default:
			f.vals[k.Value] = v
		}
	}
	return f
}

func valueOf(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
