package tui

import (
	"strings"
	"testing"
	"time"
)

func TestParseAmount(t *testing.T) {
	good := map[string]string{"1500000": "1500000", "1,500,000": "1500000", "1.5m": "1500000", "250k": "250000",
		"2bn": "2000000000", " 1,500,000.25 ": "1500000.25", "$3m": "3000000", ".5m": "500000", "1.5M": "1500000"}
	for in, want := range good {
		got, err := parseAmount(in)
		if err != nil || got.String() != want {
			t.Errorf("parseAmount(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "-5", "1.2.3", "1e6", "0", "0.001", "1.5mm5", "١٢٣", "1,5.0,0", "9999999999999999",
		"\x1b[31m5", "NaN", "Inf", "k", ".", "1..5"} {
		if got, err := parseAmount(in); err == nil {
			t.Errorf("parseAmount(%q) = %s, want an error", in, got)
		}
	}
}

// TestSanitize: the console shows text as package inert renders it (its
// own tests cover escapes, controls, bidi and bad UTF-8), clipped.
func TestSanitize(t *testing.T) {
	if got := sanitize("CME\x1b[2J Clearing\n"); got != "CME Clearing " {
		t.Errorf("sanitize = %q", got)
	}
	if got := sanitize(strings.Repeat("x", 10000)); len([]rune(got)) > maxText+1 {
		t.Errorf("long text kept %d runes", len([]rune(got)))
	}
}

func TestCountdownAndClock(t *testing.T) {
	now := time.Date(2026, 3, 16, 8, 1, 0, 0, time.UTC)
	cases := map[time.Time]string{
		now.Add(7*time.Hour + 59*time.Minute): "7h59m left",
		now.Add(45 * time.Minute):             "45m left",
		now.Add(-12 * time.Minute):            "OVERDUE 12m",
		now.Add(50 * time.Hour):               "2d2h left",
	}
	for dl, want := range cases {
		if got := countdown(dl, now); got != want {
			t.Errorf("countdown = %q, want %q", got, want)
		}
	}
	if got := clock(now.Add(48*time.Hour), now); got != "Wed 08:01" {
		t.Errorf("clock another day = %q", got)
	}
	if got := clock(now.Add(time.Hour), now); got != "09:01" {
		t.Errorf("clock today = %q", got)
	}
}
