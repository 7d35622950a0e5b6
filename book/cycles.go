package book

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
)

var coverNames = []string{"all", "vm", "im"}

// cycles reads a counterparty's margin cycles. Between them they must
// call both the VM and the IM, or part of a stressed call would fall in no
// cycle; a counterparty with cycles takes its deadlines from them.
func (p *parser) cycles(cp *fields) []engine.Cycle {
	items := cp.list("cycles")
	if len(items) == 0 {
		return nil
	}
	if n := cp.get("deadline"); n != nil {
		p.errAt(n, cp.at("deadline"), "a counterparty with cycles takes its deadlines from them (each cycle's confirm); remove deadline")
	}
	var out []engine.Cycle
	seen := map[string]*yaml.Node{}
	vm, im := false, false
	for i, item := range items {
		f := p.mapping(item, itemPath(cp.at("cycles"), i, item), "id", "confirm", "days", "covers")
		var c engine.Cycle
		var idNode *yaml.Node
		c.ID, idNode = f.ident("id", true)
		p.unique(seen, c.ID, idNode, f.at("id"))
		if s, n, ok := f.scalar("confirm"); ok {
			if cut, err := engine.ParseCutoff(s); err != nil {
				p.errAt(n, f.at("confirm"), "%v", err)
			} else {
				c.Confirm = cut
			}
		} else if n == nil {
			f.missing("confirm", " (the local time the cycle's call is due, HH:MM)")
		}
		if s, n, ok := f.scalar("days"); ok {
			d, err := strconv.Atoi(s)
			if err != nil || d < 0 || d > 5 || s != strconv.Itoa(d) {
				p.errAt(n, f.at("days"), "%q: want the business days after the call at which it is confirmed, 0 … 5", s)
			} else {
				c.Days = d
			}
		}
		covers, ok := f.enum("covers", false, coverNames...)
		if ok && covers != "all" {
			c.Covers = engine.Covers(covers)
		}
		vm = vm || c.Covers != engine.CoversIM
		im = im || c.Covers != engine.CoversVM
		out = append(out, c)
	}
	if !vm || !im {
		part := "vm"
		if vm {
			part = "im"
		}
		p.errAt(cp.get("cycles"), cp.at("cycles"), "no cycle calls the %s; give one covers: %s or all", part, part)
	}
	return out
}
