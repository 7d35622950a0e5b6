package feed_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/feed"
	"github.com/warroom/warroom/playbook"
)

// FuzzParseLine: any line a feed carries (a half-written line, binary, an
// escape sequence) parses to a decision or a warning naming its line
// number, and a decision it accepts can be taken without a panic.
func FuzzParseLine(f *testing.F) {
	for _, s := range []string{
		`{"type":"factor","factor":"equity","move":"-0.02"}`,
		`{"type":"call","counterparty":"CME","amount":"11000000.00","deadline":"2026-03-16T16:00:00-04:00"}`,
		`{"type":"source","source":"rcf","amount":"3000000"}`,
		`{"type":"source","source":"rcf","withdraw":true}`,
		`{"type":"price","position":"ES","market_value":"38000000"}`,
		`{"type":"call","counterparty":"CME","amount":1e400}`,
		"\x1b]0;pwned\x07", `{"type":`, "",
	} {
		f.Add(s)
	}
	b, err := book.Demo("arb-capital")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		l := feed.ParseLine(7, text)
		if !l.OK() {
			if w := l.Warning(); !strings.Contains(w, "7") {
				t.Fatalf("warning %q does not name line 7", w)
			}
			return
		}
		at := func() time.Time { return b.AsOf }
		inc, err := playbook.Open(b, "", &playbook.MemStore{}, at, at)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = feed.Apply(inc, l)
		if s := inc.Snapshot().Figures.Shortfall; s.Sign() < 0 {
			t.Fatalf("negative shortfall after %q", text)
		}
	})
}
