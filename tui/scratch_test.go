package tui

import "testing"

func TestScratch(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t, sz[0], sz[1])
		h.keys("2", "d", "enter", "j", "d", "enter")
		for _, s := range []string{"1", "2", "3", "4", "5"} {
			h.keys(s)
			t.Log("\n" + h.screen())
		}
		h.keys("?")
		t.Log("\n" + h.screen())
	}
}
