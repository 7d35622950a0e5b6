// Package synth writes realistic synthetic books for benchmarks and demos:
// many positions across futures, swaps, bonds and equities at several
// counterparties, with collateral, a waterfall and a stress scenario. It is
// deterministic for a seed, so benchmark figures are comparable run to run.
// It never reads a clock or the environment.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Counterparties of a synthetic book: two CCPs with different deadlines,
// a CSA counterparty and a prime broker.
var counterparties = []struct{ id, name, kind, deadline, extra string }{
	{"CME", "CME Clearing", "ccp", "2026-03-16T16:00:00-04:00", ""},
	{"LCH", "LCH SwapClear", "ccp", "2026-03-16T11:00:00-04:00", ""},
	{"BANKA", "Bank A (CSA)", "bilateral", "2026-03-16T15:00:00-04:00", "    threshold: 5000000\n    min_transfer: 250000\n"},
	{"PB", "Prime broker", "prime-broker", "2026-03-16T17:00:00-04:00", "    im_response: {base: 1, per_sigma: \"0.1\", cap: 4}\n"},
}

var factors = []struct {
	name  string
	shock string
	vol   string
}{
	{"equity", "-0.20", "0.015"}, {"rates", "0.015", "0.006"}, {"credit", "-0.05", "0.004"},
	{"oil", "-0.15", "0.025"}, {"fx", "0.04", "0.007"}, {"tech", "-0.28", "0.03"},
}

// YAML returns a book of n positions generated from seed.
func YAML(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	var b strings.Builder
	fmt.Fprintf(&b, "# Synthetic book: %d positions, seed %d (warroom gen).\n", n, seed)
	b.WriteString("firm: Synthetic Capital\ncurrency: USD\nas_of: 2026-03-16T08:00:00-04:00\ndeadline: 2026-03-16T16:00:00-04:00\nsettlement_cutoff: \"15:00\"\n\ncounterparties:\n")
	for _, c := range counterparties {
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n    kind: %s\n    deadline: %s\n%s    eligible:\n      - {class: govt, haircut: \"0.02\"}\n      - {class: agency, haircut: \"0.04\"}\n      - {class: corporate, haircut: \"0.12\"}\n",
			c.id, c.name, c.kind, c.deadline, c.extra)
	}
	b.WriteString("\npositions:\n")
	kinds := []string{"future", "future", "swap", "spot", "bond"}
	used := map[string]bool{}
	for i := 0; i < n; i++ {
		kind := kinds[r.IntN(len(kinds))]
		f := factors[r.IntN(len(factors))]
		used[f.name] = true
		mv := int64(100_000+r.IntN(20_000_000)) * 1
		if r.IntN(3) == 0 {
			mv = -mv
		}
		cents := r.IntN(100)
		cost := mv - int64(r.IntN(2_000_000)) + 1_000_000
		fmt.Fprintf(&b, "  - id: P%05d\n    kind: %s\n    market_value: %d.%02d\n    cost: %d\n    factor: %s\n    beta: \"%.2f\"\n",
			i+1, kind, mv, cents, cost, f.name, 0.5+r.Float64())
		if kind == "future" || kind == "swap" {
			cp := counterparties[r.IntN(len(counterparties))].id
			if kind == "future" && cp != "CME" && cp != "LCH" {
				cp = "CME"
			}
			im := abs(mv) / int64(8+r.IntN(12))
			fmt.Fprintf(&b, "    counterparty: %s\n    initial_margin: %d\n", cp, im)
		}
		adv := abs(mv) * int64(2+r.IntN(400))
		fmt.Fprintf(&b, "    liquidity: {adv: %d, spread_bps: %d, daily_vol: \"%s\"}\n", adv, 1+r.IntN(40), f.vol)
	}
	b.WriteString("\ncollateral:\n")
	classes := []string{"govt", "govt", "agency", "corporate"}
	holdings := 4 + n/500
	for i := 0; i < holdings; i++ {
		c := classes[i%len(classes)]
		fmt.Fprintf(&b, "  - {id: H%03d, class: %s, issuer: ISSUER%d, market_value: %d, repo_haircut: \"0.0%d\", carry_bps: %d}\n",
			i+1, c, i%7, 1_000_000+r.IntN(50_000_000), 2+i%5, 10+r.IntN(40))
	}
	// Liquidity sized so that an ordinary day is covered but the tail of a
	// one-day Monte Carlo is not, and the stress scenario is well short:
	// the interesting region for buffer sizing and the playbook.
	scale := int64(n) * 70_000
	b.WriteString("\nsources:\n")
	fmt.Fprintf(&b, "  - {id: cash, name: On-hand cash, kind: cash, amount: %d, access: 0s}\n", scale/4)
	fmt.Fprintf(&b, "  - {id: mmf, name: Money market funds, kind: mmf, amount: %d, access: T+0, cost_bps: 5}\n", scale/4)
	fmt.Fprintf(&b, "  - {id: repo, name: Repo of government bonds, kind: repo, collateral: [H001, H002], amount: %d, access: 3h, rate_bps: 530}\n", scale/5)
	fmt.Fprintf(&b, "  - {id: rcf, name: Committed credit line, kind: credit_line, amount: %d, access: 5h, rate_bps: 700, fee: 25000}\n", scale/3)
	b.WriteString("  - {id: sell-P00001, name: Sale of the first position, kind: asset_sale, position: P00001, access: T+2}\n")
	b.WriteString("\nscenarios:\n  - id: crash\n    name: Broad sell-off, volatility up\n    shocks: {")
	sep := ""
	for _, f := range factors {
		// A shock on a factor no position moves with is refused by the
		// loader, as a typo would be.
		if used[f.name] {
			fmt.Fprintf(&b, "%s%s: \"%s\"", sep, f.name, f.shock)
			sep = ", "
		}
	}
	b.WriteString("}\n    im_multiplier: {CME: \"1.5\", LCH: \"1.3\", BANKA: \"1.2\", PB: \"2\"}\n    impact_multiplier: 2\n")
	writeFactors(&b, used)
	return []byte(b.String())
}

// correlations of the factors' daily returns: equities and tech move
// together, credit with equities, rates against them (flight to quality).
var correlations = []struct{ a, b, rho string }{
	{"equity", "tech", "0.8"}, {"equity", "credit", "0.5"}, {"equity", "rates", "-0.3"},
	{"equity", "oil", "0.3"}, {"tech", "credit", "0.4"}, {"rates", "credit", "-0.2"}, {"equity", "fx", "-0.2"},
}

// writeFactors writes the factors section that Monte Carlo scenarios are
// drawn from, and the IM response model (the prime broker's is steeper,
// written on its counterparty). It draws no random numbers, so the rest
// of the book is the same for a seed as before the section existed.
func writeFactors(b *strings.Builder, used map[string]bool) {
	b.WriteString("\nfactors:\n  daily_vol: {")
	sep := ""
	for _, f := range factors {
		if used[f.name] {
			fmt.Fprintf(b, "%s%s: \"%s\"", sep, f.name, f.vol)
			sep = ", "
		}
	}
	b.WriteString("}\n  correlations:\n")
	for _, c := range correlations {
		if used[c.a] && used[c.b] {
			fmt.Fprintf(b, "    - {a: %s, b: %s, rho: \"%s\"}\n", c.a, c.b, c.rho)
		}
	}
	b.WriteString("\nim_response: {base: 1, per_sigma: \"0.05\", cap: 3}\n")
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
