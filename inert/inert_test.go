package inert_test

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/inert"
)

func TestText(t *testing.T) {
	cases := map[string]string{
		"CME Clearing":                    "CME Clearing",
		"\x1b[31mRED\x1b[0m alert":        "RED alert",
		"\x1b]0;pwned\x07title":           "title",
		"line one\nline two\ttab":         "line one line two tab",
		"bell\a and nul\x00":              "bell? and nul?",
		"\u202egnp.exe":                   "?gnp.exe",
		"caf\xe9":                         "caf?",
		"\u009b31mC1 CSI":                 "?31mC1 CSI",
		"Zürich — 1,500,000.00 €":         "Zürich — 1,500,000.00 €",
		"<script>alert(1)</script> stays": "<script>alert(1)</script> stays",
	}
	for in, want := range cases {
		if got := inert.Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("é", 1000)
	if got := inert.Clip(long, 10); got != strings.Repeat("é", 10)+"…" {
		t.Errorf("Clip = %q", got)
	}
	if got := inert.Clip("short", 10); got != "short" {
		t.Errorf("Clip = %q", got)
	}
}

func FuzzText(f *testing.F) {
	f.Add("\x1b[2J\x1b[H\x1b]52;c;aGk=\x07")
	f.Fuzz(func(t *testing.T, s string) {
		out := inert.Text(s)
		for _, r := range out {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("control %U left in %q", r, out)
			}
		}
	})
}

func TestTextMore(t *testing.T) {
	for in, want := range map[string]string{"a\nb\tc": "a b c", "bad\xff": "bad?", "\u202eevil": "?evil"} {
		if got := inert.Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}
