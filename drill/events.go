package drill

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// Tags open the rationale of every decision the drill records, so that a
// debrief read from the log alone can tell the script from the players.
const (
	TagEvent      = "drill event: "
	TagSettlement = "drill settlement: "
	TagForced     = "drill forced sale: "
	TagVerdict    = "drill verdict: "
	TagCycle      = "drill next cycle: "
	TagEnd        = "drill end: "
	// TagClose marks the close event after the end note or the verdict:
	// from it on the playbook refuses every decision.
	TagClose = "drill close: "
)

// kindFields are the fields each kind of event takes beyond at, kind and
// headline.
var kindFields = map[string][]string{
	"factor_move":   {"shocks"},
	"im_multiplier": {"multipliers"},
	"call":          {"counterparty", "amount", "deadline", "cycle", "vm", "im", "currency"},
	"revise":        {"counterparty", "amount", "cycle", "currency"},
	"dispute":       {"counterparty", "amount", "reason", "cycle", "currency"},
	"withdraw":      {"sources"},
	"restore":       {"sources"},
	"cut":           {"source", "amount"},
	"haircut":       {"counterparty", "class", "haircut"},
	"deadline":      {"counterparty", "deadline"},
	"message":       {"counterparty", "text"},
}

func (p *parser) events(n *yaml.Node, starts time.Time, _ any) []Scripted {
	if n == nil {
		p.errAt(nil, "events", "a drill needs events: (a list, possibly empty: [])")
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errAt(n, "events", "want a list of events")
		return nil
	}
	var out []Scripted
	for i, item := range n.Content {
		path := "events[" + itoa(i) + "]"
		kindNode := lookup(item, "kind")
		kind, ok := p.scalar(kindNode, join(path, "kind"))
		if kindNode == nil {
			p.errAt(item, path, "kind is required (%s)", strings.Join(EventKinds, ", "))
			continue
		}
		if !ok {
			continue
		}
		extra, known := kindFields[kind]
		if !known {
			p.errAt(kindNode, join(path, "kind"), "%q: want one of %s", kind, strings.Join(EventKinds, ", "))
			continue
		}
		f := p.fields(item, path, append([]string{"at", "kind", "headline"}, extra...)...)
		s := Scripted{Kind: kind, Line: item.Line}
		if f["at"] == nil {
			p.errAt(item, path, "at is required (an RFC 3339 time, +2h, HH:MM or day N HH:MM)")
			continue
		}
		if v, ok := p.scalar(f["at"], join(path, "at")); ok {
			s.At, _ = p.at(f["at"], join(path, "at"), v, starts)
			if !s.At.IsZero() && s.At.Before(starts) {
				p.errAt(f["at"], join(path, "at"), "%s is before the drill starts (%s)", s.At.Format(time.RFC3339), starts.Format(time.RFC3339))
			}
		}
		s.Headline, _ = p.scalar(f["headline"], join(path, "headline"))
		s.Decision = p.decision(kind, f, path, starts, s.Headline)
		out = append(out, s)
	}
	// Events at the same time keep the file's order.
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

func (p *parser) decision(kind string, f map[string]*yaml.Node, path string, starts time.Time, headline string) playbook.Decision {
	d := playbook.Decision{Kind: playbook.Market, Operator: Operator, Rationale: TagEvent + orDefault(headline, kind)}
	req := func(name string) *yaml.Node {
		if f[name] == nil {
			p.errAt(nil, join(path, name), "%s is required for a %s event", name, kind)
		}
		return f[name]
	}
	m := &playbook.MarketMove{Headline: orDefault(headline, kind)}
	switch kind {
	case "factor_move":
		m.Shocks = p.decMap(req("shocks"), join(path, "shocks"))
	case "im_multiplier":
		m.IMMultiplier = p.decMap(req("multipliers"), join(path, "multipliers"))
	case "withdraw", "restore":
		ids := p.ids(req("sources"), join(path, "sources"))
		if kind == "withdraw" {
			m.Withdraw = ids
		} else {
			m.Restore = ids
		}
	case "cut":
		src, _ := p.scalar(req("source"), join(path, "source"))
		amt, _ := p.nonNeg(req("amount"), join(path, "amount"))
		m.Cut = map[string]decimal.Decimal{src: amt}
	case "haircut":
		cp, _ := p.scalar(req("counterparty"), join(path, "counterparty"))
		class, _ := p.scalar(req("class"), join(path, "class"))
		h, ok := p.nonNeg(req("haircut"), join(path, "haircut"))
		if ok && h.Cmp(decimal.NewFromInt(1)) >= 0 {
			p.errAt(f["haircut"], join(path, "haircut"), "a haircut is a fraction below 1 (0.05 = 5%%)")
		}
		m.Haircuts = map[string]decimal.Decimal{cp + "/" + class: h}
	case "deadline":
		cp, _ := p.scalar(req("counterparty"), join(path, "counterparty"))
		if v, ok := p.scalar(req("deadline"), join(path, "deadline")); ok {
			t, _ := p.at(f["deadline"], join(path, "deadline"), v, starts)
			m.Deadlines = map[string]time.Time{cp: t}
		}
	case "call", "revise", "dispute":
		// A call keyed as it arrives (a second call is another call), a
		// revision of the counterparty's call, or a dispute of part of it.
		d.Kind, m = map[string]playbook.Kind{"call": playbook.KeyCall, "revise": playbook.Revise, "dispute": playbook.Dispute}[kind], nil
		d.Counterparty, _ = p.scalar(req("counterparty"), join(path, "counterparty"))
		d.Amount, _ = p.nonNeg(req("amount"), join(path, "amount"))
		if n := f["deadline"]; n != nil {
			if v, ok := p.scalar(n, join(path, "deadline")); ok {
				d.Deadline, _ = p.at(n, join(path, "deadline"), v, starts)
			}
		}
		if n := f["cycle"]; n != nil {
			if v, ok := p.scalar(n, join(path, "cycle")); ok {
				var cp engine.Counterparty
				if p.book != nil {
					cp, _ = p.book.Counterparty(d.Counterparty)
				}
				if !playbook.KnownCycle(cp, v) {
					p.errAt(n, join(path, "cycle"), "%q: want intraday, eod or a cycle the book gives %s", v, d.Counterparty)
				}
				d.Cycle = v
			}
		}
		if n := f["currency"]; n != nil {
			if v, ok := p.scalar(n, join(path, "currency")); ok {
				// The call's currency: one the book has a rate for.
				if p.book != nil && !p.book.FX.Has(v) && v != p.book.Currency {
					p.errAt(n, join(path, "currency"), "%q: the book's currencies are %s", v, strings.Join(p.book.FX.Currencies(), ", "))
				}
				d.Currency = v
			}
		}
		for _, part := range []string{"vm", "im"} {
			if n := f[part]; n != nil {
				if v, ok := p.nonNeg(n, join(path, part)); ok {
					if part == "vm" {
						d.VM = &v
					} else {
						d.IM = &v
					}
				}
			}
		}
		if n := f["reason"]; n != nil {
			if v, ok := p.scalar(n, join(path, "reason")); ok {
				if !slices.Contains(playbook.Reasons, v) {
					p.errAt(n, join(path, "reason"), "%q: want one of %s", v, strings.Join(playbook.Reasons, ", "))
				}
				d.Reason = v
			}
		}
	case "message":
		d.Kind, m = playbook.Message, nil
		d.Counterparty, _ = p.scalar(req("counterparty"), join(path, "counterparty"))
		d.Text, _ = p.scalar(req("text"), join(path, "text"))
		d.Direction = "received"
	}
	d.Market = m
	return d
}

func (p *parser) nonNeg(n *yaml.Node, field string) (decimal.Decimal, bool) {
	if n == nil {
		return decimal.Zero, false
	}
	v, ok := p.money(n, field)
	if ok && v.Sign() < 0 {
		p.errAt(n, field, "%s is negative", v)
		return v, false
	}
	return v, ok
}

func (p *parser) decMap(n *yaml.Node, path string) map[string]decimal.Decimal {
	out := map[string]decimal.Decimal{}
	if n == nil {
		return out
	}
	if n.Kind != yaml.MappingNode {
		p.errAt(n, path, "want a mapping (name: number)")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if v, ok := p.money(n.Content[i+1], join(path, k)); ok {
			out[k] = v
		}
	}
	if len(out) == 0 {
		p.errAt(n, path, "is empty")
	}
	return out
}

func (p *parser) ids(n *yaml.Node, path string) []string {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.errAt(n, path, "want a list of source ids")
		return nil
	}
	var out []string
	for _, c := range n.Content {
		if v, ok := p.scalar(c, path); ok && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func lookup(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func orDefault(s, d string) string {
	if strings.TrimSpace(s) == "" {
		return strings.ReplaceAll(d, "_", " ")
	}
	return s
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
