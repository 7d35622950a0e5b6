package main

import (
	"errors"
	"math"
	"slices"

	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/risk"
)

func errorsIsNotExact(err error) bool { return errors.Is(err, risk.ErrNotExact) }

type distJSON struct {
	Mean       string `json:"mean"`
	P95        string `json:"p95"`
	P99        string `json:"p99"`
	P999       string `json:"p999"`
	Max        string `json:"max"`
	Percentile string `json:"percentile"`
	At         string `json:"at_percentile"`
	AtScenario int    `json:"at_percentile_scenario"`
}

func distDoc(d risk.Distribution) distJSON {
	return distJSON{Mean: m(d.Mean), P95: m(d.P95), P99: m(d.P99), P999: m(d.P999), Max: m(d.Max),
		Percentile: d.Percentile.String(), At: m(d.At), AtScenario: d.AtScenario}
}

type worstJSON struct {
	Scenario        int               `json:"scenario"`
	TotalMarginCall string            `json:"total_margin_call"`
	Outflow         string            `json:"outflow"`
	Shortfall       string            `json:"shortfall"`
	Buffer          string            `json:"buffer"`
	Moves           map[string]string `json:"factor_moves"`
	IMMultiplier    map[string]string `json:"im_multiplier"`
}

type binJSON struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

type checkJSON struct {
	Scenarios int   `json:"scenarios"`
	Equal     bool  `json:"equal"`
	Mismatch  []int `json:"mismatch,omitempty"`
	// P99 is the 99% total call's scenario recomputed in decimal.
	P99 string `json:"total_margin_call_p99_decimal"`
}

type breakJSON struct {
	Found     bool              `json:"found"`
	Moves     map[string]string `json:"factor_moves,omitempty"`
	Sigmas    *float64          `json:"sigmas,omitempty"`
	TotalCall string            `json:"total_margin_call,omitempty"`
	Shortfall string            `json:"shortfall,omitempty"`
}

type reverseJSON struct {
	InTimeLiquidity string `json:"in_time_liquidity"`
	Factors         []struct {
		Factor string    `json:"factor"`
		Down   breakJSON `json:"down"`
		Up     breakJSON `json:"up"`
	} `json:"factors"`
	Worst         breakJSON `json:"worst_direction"`
	WorstScenario int       `json:"worst_direction_scenario"`
	Scale         string    `json:"worst_direction_scale,omitempty"`
}

type mcDoc struct {
	Book                 string       `json:"book"`
	BaseScenario         string       `json:"base_scenario"`
	Mode                 string       `json:"mode"`
	Scenarios            int          `json:"scenarios"`
	Seed                 *uint64      `json:"seed,omitempty"`
	Dist                 string       `json:"dist,omitempty"`
	DoF                  int          `json:"dof,omitempty"`
	HorizonDays          int          `json:"horizon_days"`
	Path                 string       `json:"path"`
	RepairedCorrelation  bool         `json:"repaired_correlation,omitempty"`
	InTimeLiquidity      string       `json:"in_time_liquidity"`
	TotalMarginCall      distJSON     `json:"total_margin_call"`
	Outflow              distJSON     `json:"outflow"`
	Shortfall            distJSON     `json:"shortfall"`
	BufferNeed           distJSON     `json:"buffer_need"`
	Buffer               string       `json:"buffer"`
	ProbabilityShortfall float64      `json:"probability_shortfall"`
	Worst                []worstJSON  `json:"worst"`
	Histogram            []binJSON    `json:"outflow_histogram"`
	BufferHistogram      []binJSON    `json:"buffer_histogram"`
	Fallback             int          `json:"fallback_scenarios"`
	DecimalCheck         checkJSON    `json:"decimal_check"`
	Reverse              *reverseJSON `json:"reverse,omitempty"`
}

func summarise(b *engine.Book, base engine.Scenario, f mcFlags, mode string, k *risk.Kernel,
	sc *risk.Scenarios, res risk.Results, kernel bool, checks *decimalChecks) mcDoc {
	p := f.percentile
	doc := mcDoc{Book: b.Firm, BaseScenario: base.ID, Mode: mode, Scenarios: sc.N, HorizonDays: sc.Days,
		Path: "fixed-point kernel", RepairedCorrelation: k.Model.Repaired, InTimeLiquidity: m(k.InTimeLiquidity()),
		ProbabilityShortfall: res.ProbShortfall(), Fallback: len(res.Fallback), Worst: []worstJSON{}}
	if !kernel {
		doc.Path = "decimal"
	}
	if mode == "monte-carlo" {
		seed := f.seed
		doc.Seed, doc.Dist = &seed, f.dist
		if f.dist == "t" {
			doc.DoF = f.dof
		}
	}
	calls := res.Column(func(o risk.Outcome) int64 { return o.TotalCall })
	outflow := res.Column(func(o risk.Outcome) int64 { return o.Outflow })
	need := res.Column(func(o risk.Outcome) int64 { return o.Buffer })
	tc := risk.Summarise(calls, p)
	doc.TotalMarginCall = distDoc(tc)
	doc.Outflow = distDoc(risk.Summarise(outflow, p))
	sf := risk.Summarise(res.Column(func(o risk.Outcome) int64 { return o.Shortfall }), p)
	doc.Shortfall = distDoc(sf)
	bn := risk.Summarise(need, p)
	doc.BufferNeed, doc.Buffer = distDoc(bn), m(bn.At)
	for _, s := range res.Worst(5) {
		o := res.Outcomes[s]
		w := worstJSON{Scenario: s, TotalMarginCall: m(risk.Money(o.TotalCall)), Outflow: m(risk.Money(o.Outflow)),
			Shortfall: m(risk.Money(o.Shortfall)), Buffer: m(risk.Money(o.Buffer)),
			Moves: map[string]string{}, IMMultiplier: map[string]string{}}
		last := k.Scenario(sc, s, sc.Days)
		for name, v := range last.Shocks {
			w.Moves[name] = v.StringFixed(6)
		}
		for id, v := range last.IMMultiplier {
			w.IMMultiplier[id] = v.StringFixed(6)
		}
		doc.Worst = append(doc.Worst, w)
	}
	doc.Histogram = binsDoc(risk.Histogram(outflow, 20))
	doc.BufferHistogram = binsDoc(risk.Histogram(need, 20))
	// Check on the decimal path the scenarios the figures come from, and a
	// sample spread over the run (started as soon as the scenarios were
	// drawn: checks.sample).
	check := append([]int{tc.P95Scenario, tc.P99Scenario, tc.P999Scenario, tc.AtScenario, sf.AtScenario, bn.AtScenario}, checks.sample...)
	slices.Sort(check)
	check = slices.Compact(check)
	doc.DecimalCheck = checkJSON{Scenarios: len(check), Equal: true}
	outcomes := checks.outcomes(check)
	for i, s := range check {
		d := outcomes[i]
		if d.Cents() != res.Outcomes[s] {
			doc.DecimalCheck.Equal = false
			doc.DecimalCheck.Mismatch = append(doc.DecimalCheck.Mismatch, s)
		}
		if s == tc.P99Scenario {
			doc.DecimalCheck.P99 = m(d.TotalCall)
		}
	}
	return doc
}

func binsDoc(bins []risk.Bin) []binJSON {
	out := []binJSON{}
	for _, b := range bins {
		out = append(out, binJSON{From: m(b.From), To: m(b.To), Count: b.Count})
	}
	return out
}

func breakDoc(b risk.Break) breakJSON {
	out := breakJSON{Found: b.Found}
	if !b.Found {
		return out
	}
	out.Moves = map[string]string{}
	for name, v := range b.Moves {
		out.Moves[name] = v.StringFixed(6)
	}
	if !math.IsNaN(b.Sigmas) && !math.IsInf(b.Sigmas, 0) {
		s := math.Round(b.Sigmas*1000) / 1000
		out.Sigmas = &s
	}
	out.TotalCall, out.Shortfall = m(b.TotalCall), m(b.Shortfall)
	return out
}

func reverseDoc(rs risk.ReverseStress) *reverseJSON {
	out := &reverseJSON{InTimeLiquidity: m(rs.InTimeLiquidity), Worst: breakDoc(rs.Worst), WorstScenario: rs.WorstScenario}
	if rs.Worst.Found {
		out.Scale = rs.Scale.String()
	}
	for _, f := range rs.Factors {
		out.Factors = append(out.Factors, struct {
			Factor string    `json:"factor"`
			Down   breakJSON `json:"down"`
			Up     breakJSON `json:"up"`
		}{f.Factor, breakDoc(f.Down), breakDoc(f.Up)})
	}
	return out
}
