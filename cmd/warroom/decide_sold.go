package main

import "github.com/warroom/warroom/playbook"

// soldJSON is what each position sold has given (decide --json
// "positions_sold"): a position is sold once, by sales at the reduction
// stage and draws of its asset_sale tier together. held, sold and left
// are at the stressed mark; by names each decision and its part.
func soldJSON(f playbook.Figures) []map[string]any {
	out := []map[string]any{}
	for _, p := range f.Sold {
		by := []map[string]any{}
		for _, x := range p.By {
			by = append(by, map[string]any{"seq": x.Seq, "decision": x.Label(p.Position), "kind": x.Kind, "source": x.Source,
				"value": m(x.Value), "held_for_approval": x.Pending})
		}
		out = append(out, map[string]any{"position": p.Position, "held": m(p.Held), "sold": m(p.Sold), "left": m(p.Left()), "by": by})
	}
	return out
}
