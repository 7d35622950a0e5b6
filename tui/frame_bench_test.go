package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/book"
	bench "github.com/warroom/warroom/internal/ratio"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/synth"
)

// BenchmarkFirstFrame10k is opening the console on a 10,000-position book
// file: read and validate it, open the incident, lay out at 120×40 and
// draw the first frame (the buffer sizing and the ranking arrive later,
// from Cmds). The ratio is to loading the book alone (x-load); the target
// is under 300 ms in all ("ms").
func BenchmarkFirstFrame10k(b *testing.B) {
	data := synth.YAML(10_000, 1)
	dark := true
	bench.Report(b, "x-load", func() {
		if _, err := book.Parse("big.yaml", data); err != nil {
			b.Fatal(err)
		}
	}, func() {
		bk, err := book.Parse("big.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		inc, err := playbook.Open(bk, "", &playbook.MemStore{}, func() time.Time { return bk.AsOf }, time.Now)
		if err != nil {
			b.Fatal(err)
		}
		m := New(inc, Options{Operator: "bench", Dark: &dark})
		next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		if v := next.(Model).View(); v.Content == "" {
			b.Fatal("no frame")
		}
		m.Close()
	})
}

// BenchmarkKeyToRepaint10k is a keypress to the frame after it, on the
// 10,000-position book: Update with the key (moving rows, switching panes
// and stages), then View. The ratio is to View alone on the same screen
// (x-view: what handling the key adds); the target is under 16 ms ("ms").
func BenchmarkKeyToRepaint10k(b *testing.B) {
	m, _ := bigModel(b)
	keys := []string{"j", "j", "k", "tab", "2", "j", "tab", "3", "down", "4", "up", "5", "1"}
	i := 0
	bench.Report(b, "x-view", func() { _ = m.View() }, func() {
		next, _ := m.Update(press(keys[i%len(keys)]))
		m = next.(Model)
		_ = m.View()
		i++
	})
}
