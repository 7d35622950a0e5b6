package tui

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/warroom/warroom/playbook"
)

// TestKeyMashAndResizes hammers the console the way a stressed room does:
// random keys in every stage (decisions included), pasted text, and the
// window resized between keys from 20×5 to 300×100. Nothing may panic,
// every frame must fit its window, and at the end the figures on screen
// must be exactly those a fresh replay of the log gives: no drift between
// what the room sees and what was recorded.
func TestKeyMashAndResizes(t *testing.T) {
	pool := []string{"1", "2", "3", "4", "5", "tab", "up", "down", "j", "k", "d", "p", "x", "enter", "enter", "esc",
		"n", "a", "o", "P", "r", "c", "s", "m", "?", "0", "5", "k", "m", ",", ".", "y", "q", "ctrl+c"}
	for seed := uint64(1); seed <= 4; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		h := newHarness(t, 100, 30)
		w, ht := 100, 30
		for i := 0; i < 400; i++ {
			switch r.IntN(10) {
			case 0:
				w, ht = 20+r.IntN(281), 5+r.IntN(96)
				h.send(tea.WindowSizeMsg{Width: w, Height: ht})
			case 1:
				h.send(tea.PasteMsg{Content: garbage(r)})
			default:
				h.send(press(pool[r.IntN(len(pool))]))
			}
			for n, line := range strings.Split(h.screen(), "\n") {
				if lw := ansi.StringWidth(line); lw > w || n >= ht {
					t.Fatalf("seed %d step %d: %d×%d frame has line %d of width %d", seed, i, w, ht, n, lw)
				}
			}
		}
		// Back to a war-room screen, out of any prompt or help.
		h.keys("esc", "esc", "esc")
		h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
		replayed, err := playbook.Open(h.inc.Snapshot().State.Book, "", h.store,
			func() time.Time { return h.inc.Snapshot().State.LastAt }, time.Now)
		if err != nil {
			t.Fatalf("seed %d: replaying the log: %v", seed, err)
		}
		live, again := h.inc.Snapshot().Figures, replayed.Snapshot().Figures
		if !live.Shortfall.Equal(again.Shortfall) || !live.Secured.Equal(again.Secured) || !live.Due.Equal(again.Due) {
			t.Fatalf("seed %d: live %s/%s/%s ≠ replayed %s/%s/%s", seed, live.Due, live.Secured, live.Shortfall,
				again.Due, again.Secured, again.Shortfall)
		}
		want := "✗ SHORTFALL " + whole(again.Shortfall)
		if again.Covered {
			want = "✓ COVERED shortfall 0"
		}
		if !strings.Contains(h.screen(), want) {
			t.Fatalf("seed %d: screen does not show %q after %d decisions:\n%s", seed, want, len(h.inc.Snapshot().Events), h.screen())
		}
		t.Logf("seed %d: %d decisions recorded, shortfall %s", seed, len(h.inc.Snapshot().Events), whole(again.Shortfall))
	}
}

func garbage(r *rand.Rand) string {
	parts := []string{"\x1b[2J", "\x1b]0;pwned\x07", "1,500,000", "\u202e", "\x00", "enter", "\r\n", "ÿ", "250k", "\x9b31m"}
	var b strings.Builder
	for i := 0; i < 1+r.IntN(6); i++ {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	return b.String()
}
