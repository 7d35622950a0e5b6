package tui

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// updating reports whether -update was given: the flag is registered by
// teatest's golden package, linked into this test binary, and serves both.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestGolden pins each stage's stripped screen at the two sizes the war
// room uses most (a laptop split and a bare 80×24), after the seed's first
// draw so the log pane and drawn figures show too.
func TestGolden(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {80, 24}} {
		h := newHarness(t, sz[0], sz[1])
		h.keys("2", "d", "enter")
		for _, st := range []string{"1", "2", "3", "4", "5"} {
			h.keys(st)
			name := fmt.Sprintf("stage%s_%dx%d.golden", st, sz[0], sz[1])
			got := h.screen()
			path := filepath.Join("testdata", name)
			if updating() {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./tui -run TestGolden -update)", err)
			}
			if string(want) != got {
				t.Errorf("%s differs:\n--- want\n%s\n--- got\n%s", name, want, got)
			}
		}
	}
}
