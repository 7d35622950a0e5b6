package feed

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/playbook"
)

func TestParseLines(t *testing.T) {
	cases := []struct{ text, err string }{
		{`{"type":"factor","factor":"equity","move":"-0.02"}`, ""},
		{`{"type":"factor","factor":"equity","move":-0.02}`, ""},
		{`{"type":"call","counterparty":"CME","amount":"11000000.00","deadline":"2026-03-16T16:00:00-04:00"}`, ""},
		{`{"type":"source","source":"rcf","amount":"3000000"}`, ""},
		{`{"type":"source","source":"rcf","action":"withdraw"}`, ""},
		{`{"type":"price","position":"ES","market_value":"38000000"}`, ""},
		{`garbage`, "not a JSON object"},
		{`{"type":"factor","factor":"equity","move":1e-2}`, "exponent"},
		{`{"type":"call","counterparty":"CME","amont":"1"}`, `unknown field "amont"`},
		{`{"type":"weather"}`, `type "weather"`},
	}
	for _, c := range cases {
		l := ParseLine(3, c.text)
		if c.err == "" && l.Err != nil || c.err != "" && (l.Err == nil || !strings.Contains(l.Err.Error(), c.err)) {
			t.Errorf("%s: err %v, want %q", c.text, l.Err, c.err)
		}
	}
	l := ParseLine(1, `{"type":"call","counterparty":"CME","amount":11000000.10}`)
	if !l.Decision.Amount.Equal(decimal.RequireFromString("11000000.10")) || l.Decision.Kind != playbook.KeyCall {
		t.Errorf("call read as %v", l.Decision)
	}
	// The fields the README documents for a call line (the parser used to
	// refuse cycle, vm and im as unknown) and its currency.
	l = ParseLine(2, `{"type":"call","counterparty":"LCH","amount":"500000","vm":"500000","cycle":"intraday","currency":"USD"}`)
	if l.Err != nil || l.Decision.Cycle != "intraday" || l.Decision.Currency != "USD" || l.Decision.VM == nil || !l.Decision.VM.Equal(decimal.RequireFromString("500000")) {
		t.Errorf("call with parts read as %+v, %v", l.Decision, l.Err)
	}
	if w := ParseLine(7, "x").Warning(); !strings.HasPrefix(w, "feed line 7:") {
		t.Errorf("warning %q", w)
	}
}

func incident(t *testing.T) *playbook.Incident {
	b, err := book.Demo("arb-capital")
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return b.AsOf }
	inc, err := playbook.Open(b, "", &playbook.MemStore{}, now, now)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func TestApplyMovesTheShortfall(t *testing.T) {
	inc := incident(t)
	// Equity −2% more: ES (50M, CME) calls 1,000,000 more VM.
	if _, err := Apply(inc, ParseLine(1, `{"type":"factor","factor":"equity","move":"-0.02"}`)); err != nil {
		t.Fatal(err)
	}
	if got := inc.Snapshot().Figures.Shortfall; !got.Equal(decimal.RequireFromString("11500000")) {
		t.Errorf("shortfall %s, want 11,500,000", got)
	}
	// ES priced at 38,000,000: equity −24% in all, 2,000,000 more VM on
	// ES than the −22% before (TECH, spot, calls nothing).
	if _, err := Apply(inc, ParseLine(2, `{"type":"price","position":"ES","market_value":"38000000"}`)); err != nil {
		t.Fatal(err)
	}
	if got := inc.Snapshot().Figures.Shortfall; !got.Equal(decimal.RequireFromString("12500000")) {
		t.Errorf("shortfall %s, want 12,500,000", got)
	}
	if _, err := Apply(inc, ParseLine(3, `{"type":"price","position":"TB","market_value":"-1"}`)); err == nil {
		t.Error("TB's stressed value is explicit: a price cannot move it")
	}
}

func TestFollow(t *testing.T) {
	old := PollEvery
	PollEvery = 10 * time.Millisecond
	defer func() { PollEvery = old }()
	path := filepath.Join(t.TempDir(), "feed.jsonl")
	os.WriteFile(path, []byte(`{"type":"factor","factor":"equity","move":"-0.02"}`+"\n"), 0o600)
	var mu sync.Mutex
	var got []Line
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- Follow(ctx, path, func(l Line) { mu.Lock(); got = append(got, l); mu.Unlock() })
	}()
	wait := func(n int) []Line {
		t.Helper()
		for i := 0; i < 300; i++ {
			mu.Lock()
			c := append([]Line(nil), got...)
			mu.Unlock()
			if len(c) >= n {
				return c
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("waited for %d lines, have %d", n, len(got))
		return nil
	}
	wait(1)
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\n{\"type\":\"call\",\"counterparty\":\"CME\",\"amount\":\"11000000\"}\nthis is garbage\n{\"type\":\"source\",")
	f.Close()
	lines := wait(3)
	if !lines[1].OK() || lines[1].N != 3 || lines[2].OK() || lines[2].N != 4 {
		t.Errorf("lines %+v", lines)
	}
	if w := lines[2].Warning(); !strings.Contains(w, "feed line 4") {
		t.Errorf("warning %q", w)
	}
	// The half-written line completes.
	f, _ = os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\"source\":\"rcf\",\"action\":\"withdraw\"}\n")
	f.Close()
	if l := wait(4)[3]; !l.OK() || l.N != 5 {
		t.Errorf("completed line %+v", l)
	}
	// Truncated and rewritten: numbering starts again.
	os.WriteFile(path, []byte(`{"type":"factor","factor":"rates","move":"0.01"}`+"\n"), 0o600)
	if l := wait(5)[4]; !l.OK() || l.N != 1 {
		t.Errorf("after truncation %+v", l)
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Follow returned %v", err)
	}
}
