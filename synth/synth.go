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
	g := generate(n, seed)
	var b strings.Builder
	g.head(&b)
	b.WriteString("\npositions:\n")
	for _, p := range g.positions {
		fmt.Fprintf(&b, "  - id: %s\n    kind: %s\n    market_value: %s\n    cost: %s\n    factor: %s\n    beta: \"%s\"\n",
			p.id, p.kind, p.mv, p.cost, p.factor, p.beta)
		if p.cp != "" {
			fmt.Fprintf(&b, "    counterparty: %s\n    initial_margin: %s\n", p.cp, p.im)
		}
		fmt.Fprintf(&b, "    liquidity: {adv: %s, spread_bps: %s, daily_vol: \"%s\"}\n", p.adv, p.spread, p.vol)
	}
	b.WriteString("\ncollateral:\n")
	for _, h := range g.holdings {
		fmt.Fprintf(&b, "  - {id: %s, class: %s, issuer: %s, market_value: %s, repo_haircut: \"%s\", carry_bps: %s}\n",
			h.id, h.class, h.issuer, h.mv, h.haircut, h.carry)
	}
	g.tail(&b)
	return []byte(b.String())
}

// Twin is the same book as YAML(n, seed) in the form a position system
// exports: the YAML names positions_file and collateral_file (the names
// given, relative to the book), which hold the positions and holdings as
// CSV. Loaded, the twin is the very same book.
func Twin(n int, seed uint64, positionsFile, collateralFile string) (yml, positions, collateral []byte) {
	g := generate(n, seed)
	var b, p, c strings.Builder
	g.head(&b)
	fmt.Fprintf(&b, "\npositions_file: %s\ncollateral_file: %s\n", positionsFile, collateralFile)
	g.tail(&b)
	p.WriteString("id,kind,counterparty,market_value,cost,initial_margin,factor,beta,liquidity.adv,liquidity.spread_bps,liquidity.daily_vol\n")
	for _, r := range g.positions {
		fmt.Fprintf(&p, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", r.id, r.kind, r.cp, r.mv, r.cost, r.im, r.factor, r.beta, r.adv, r.spread, r.vol)
	}
	c.WriteString("id,class,issuer,market_value,repo_haircut,carry_bps\n")
	for _, h := range g.holdings {
		fmt.Fprintf(&c, "%s,%s,%s,%s,%s,%s\n", h.id, h.class, h.issuer, h.mv, h.haircut, h.carry)
	}
	return []byte(b.String()), []byte(p.String()), []byte(c.String())
}

// generated is a synthetic book's figures as literal text, drawn once and
// written as YAML or as CSV.
type generated struct {
	n         int
	seed      uint64
	used      map[string]bool
	positions []position
	holdings  []holding
}

type position struct{ id, kind, mv, cost, factor, beta, cp, im, adv, spread, vol string }

type holding struct{ id, class, issuer, mv, haircut, carry string }

func generate(n int, seed uint64) *generated {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	g := &generated{n: n, seed: seed, used: map[string]bool{}}
	kinds := []string{"future", "future", "swap", "spot", "bond"}
	for i := 0; i < n; i++ {
		kind := kinds[r.IntN(len(kinds))]
		f := factors[r.IntN(len(factors))]
		g.used[f.name] = true
		mv := int64(100_000+r.IntN(20_000_000)) * 1
		if r.IntN(3) == 0 {
			mv = -mv
		}
		cents := r.IntN(100)
		cost := mv - int64(r.IntN(2_000_000)) + 1_000_000
		p := position{id: fmt.Sprintf("P%05d", i+1), kind: kind, mv: fmt.Sprintf("%d.%02d", mv, cents),
			cost: fmt.Sprint(cost), factor: f.name, beta: fmt.Sprintf("%.2f", 0.5+r.Float64())}
		if kind == "future" || kind == "swap" {
			cp := counterparties[r.IntN(len(counterparties))].id
			if kind == "future" && cp != "CME" && cp != "LCH" {
				cp = "CME"
			}
			p.cp, p.im = cp, fmt.Sprint(abs(mv)/int64(8+r.IntN(12)))
		}
		p.adv = fmt.Sprint(abs(mv) * int64(2+r.IntN(400)))
		p.spread, p.vol = fmt.Sprint(1+r.IntN(40)), f.vol
		g.positions = append(g.positions, p)
	}
	classes := []string{"govt", "govt", "agency", "corporate"}
	holdings := 4 + n/500
	for i := 0; i < holdings; i++ {
		g.holdings = append(g.holdings, holding{id: fmt.Sprintf("H%03d", i+1), class: classes[i%len(classes)],
			issuer: fmt.Sprintf("ISSUER%d", i%7), mv: fmt.Sprint(1_000_000 + r.IntN(50_000_000)),
			haircut: fmt.Sprintf("0.0%d", 2+i%5), carry: fmt.Sprint(10 + r.IntN(40))})
	}
	return g
}

// head writes the book's header and counterparties.
func (g *generated) head(b *strings.Builder) {
	fmt.Fprintf(b, "# Synthetic book: %d positions, seed %d (warroom gen).\n", g.n, g.seed)
	b.WriteString("firm: Synthetic Capital\ncurrency: USD\nas_of: 2026-03-16T08:00:00-04:00\ndeadline: 2026-03-16T16:00:00-04:00\nsettlement_cutoff: \"15:00\"\n\ncounterparties:\n")
	for _, c := range counterparties {
		fmt.Fprintf(b, "  - id: %s\n    name: %s\n    kind: %s\n    deadline: %s\n%s    eligible:\n      - {class: govt, haircut: \"0.02\"}\n      - {class: agency, haircut: \"0.04\"}\n      - {class: corporate, haircut: \"0.12\"}\n",
			c.id, c.name, c.kind, c.deadline, c.extra)
	}
}

// tail writes the sources, the scenario and the factors.
func (g *generated) tail(b *strings.Builder) {
	// Liquidity sized so that an ordinary day is covered but the tail of a
	// one-day Monte Carlo is not, and the stress scenario is well short:
	// the interesting region for buffer sizing and the playbook.
	scale := int64(g.n) * 70_000
	b.WriteString("\nsources:\n")
	fmt.Fprintf(b, "  - {id: cash, name: On-hand cash, kind: cash, amount: %d, access: 0s}\n", scale/4)
	fmt.Fprintf(b, "  - {id: mmf, name: Money market funds, kind: mmf, amount: %d, access: T+0, cost_bps: 5}\n", scale/4)
	fmt.Fprintf(b, "  - {id: repo, name: Repo of government bonds, kind: repo, collateral: [H001, H002], amount: %d, access: 3h, rate_bps: 530}\n", scale/5)
	fmt.Fprintf(b, "  - {id: rcf, name: Committed credit line, kind: credit_line, amount: %d, access: 5h, rate_bps: 700, fee: 25000}\n", scale/3)
	b.WriteString("  - {id: sell-P00001, name: Sale of the first position, kind: asset_sale, position: P00001, access: T+2}\n")
	b.WriteString("\nscenarios:\n  - id: crash\n    name: Broad sell-off, volatility up\n    shocks: {")
	sep := ""
	for _, f := range factors {
		// A shock on a factor no position moves with is refused by the
		// loader, as a typo would be.
		if g.used[f.name] {
			fmt.Fprintf(b, "%s%s: \"%s\"", sep, f.name, f.shock)
			sep = ", "
		}
	}
	b.WriteString("}\n    im_multiplier: {CME: \"1.5\", LCH: \"1.3\", BANKA: \"1.2\", PB: \"2\"}\n    impact_multiplier: 2\n")
	writeFactors(b, g.used)
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
