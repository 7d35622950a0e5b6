package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// runCmd runs a command line in-process and returns stdout, failing the
// test on a non-zero exit.
func runCmd(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(&env{stdout: &out, stderr: &errb}, args); code != exitOK {
		t.Fatalf("warroom %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

func TestPlanOptimiseJSON(t *testing.T) {
	out := runCmd(t, "plan", "--demo", "arb-capital", "--optimise", "--json")
	var doc struct {
		TotalCost string `json:"total_cost"`
		Optimised struct {
			Draws []struct{ Source, Amount string } `json:"draws"`
			Posts []struct {
				Holding, Counterparty, Value, Credit string
			} `json:"posts"`
			Repos     []struct{ Source, Holding, Value, Cash string } `json:"repos"`
			TotalCost string                                          `json:"total_cost"`
			PlainCost string                                          `json:"plain_cost"`
			Saving    string                                          `json:"saving"`
			Covered   bool                                            `json:"covered"`
			Why       []string                                        `json:"why"`
		} `json:"optimised"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	op := doc.Optimised
	draws := map[string]string{}
	for _, d := range op.Draws {
		draws[d.Source] = d.Amount
	}
	// The figures: worked in engine/optimise_test.go.
	want := map[string]string{"cash": "2000000.00", "mmf": "3000000.00", "repo": "3400000.00", "rcf": "600000.00"}
	for s, a := range want {
		if draws[s] != a {
			t.Errorf("draw %s = %q, want %s", s, draws[s], a)
		}
	}
	if len(op.Posts) != 1 || op.Posts[0].Value != "1530612.25" || op.Posts[0].Credit != "1500000.00" || op.Posts[0].Counterparty != "CME" {
		t.Errorf("posts = %+v", op.Posts)
	}
	if len(op.Repos) != 1 || op.Repos[0].Value != "3469387.75" || op.Repos[0].Cash != "3400000.00" {
		t.Errorf("repos = %+v", op.Repos)
	}
	if !op.Covered || op.PlainCost != doc.TotalCost || op.TotalCost != "10627.78" || op.Saving != "256.95" {
		t.Errorf("covered %v, cost %s, plain %s (plan %s), saving %s", op.Covered, op.TotalCost, op.PlainCost, doc.TotalCost, op.Saving)
	}
	if len(op.Why) == 0 {
		t.Error("no why")
	}
}

func TestPlanOptimiseText(t *testing.T) {
	out := runCmd(t, "plan", "--demo", "arb-capital", "--optimise")
	for _, s := range []string{"Optimised plan", "1,530,612.25", "600,000.00", "saving 256.95", "cash only at a CCP"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
}

func TestLiquidateJSON(t *testing.T) {
	out := runCmd(t, "liquidate", "--demo", "arb-capital", "--need", "1000000", "--json")
	var doc liquidateDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Sales) != 1 || doc.Sales[0].Position != "ES" || doc.Sales[0].Relief != "1000000.00" || doc.Shortfall != "0.00" {
		t.Errorf("sales %+v shortfall %s", doc.Sales, doc.Shortfall)
	}
	if len(doc.Candidates) != 3 || doc.Candidates[2].Position != "TECH" || doc.Candidates[2].InTime {
		t.Errorf("candidates %+v", doc.Candidates)
	}
	var errb bytes.Buffer
	if code := run(&env{stdout: &bytes.Buffer{}, stderr: &errb}, []string{"liquidate", "--demo", "arb-capital"}); code != exitUsage {
		t.Errorf("no --need: exit %d", code)
	}
}

// TestSurviveHelios: with its 15M buffer and no credit, Helios is
// insolvent within three days (engine/spiral_test.go works the figures);
// a 23,823,000 buffer, or selling 15% the Friday before, survives.
func TestSurviveHelios(t *testing.T) {
	out := runCmd(t, "survive", "--demo", "helios", "--json")
	var doc surviveDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Path
	if p.Buffer != "15000000.00" || !p.Insolvent || p.InsolventDay < 1 || p.InsolventDay > 3 || p.Survived {
		t.Errorf("path: buffer %s insolvent %v day %d survived %v", p.Buffer, p.Insolvent, p.InsolventDay, p.Survived)
	}
	if doc.SmallestBuffer == nil || *doc.SmallestBuffer != "23823000.00" || !doc.BufferPath.Survived {
		t.Errorf("smallest buffer %v", doc.SmallestBuffer)
	}
	if doc.SmallestDeRisk == nil || *doc.SmallestDeRisk != "0.18" {
		t.Errorf("smallest de-risking %v", doc.SmallestDeRisk)
	}
	text := runCmd(t, "survive", "--demo", "helios")
	for _, s := range []string{"INSOLVENT on day 2", "Smallest buffer that survives (to the 1,000): 23,823,000.00", "18% of each margined position"} {
		if !strings.Contains(text, s) {
			t.Errorf("output lacks %q:\n%s", s, text)
		}
	}
}
