package main

import (
	"strings"
	"testing"
)

// TestUTF8Locale: the C library's order, LC_ALL over LC_CTYPE over LANG;
// unset everywhere is the C locale, ASCII.
func TestUTF8Locale(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"LANG": "en_US.UTF-8"}, true},
		{map[string]string{"LANG": "de_DE.utf8"}, true},
		{map[string]string{"LANG": "C"}, false},
		// LC_ALL wins over a UTF-8 LANG, and LC_CTYPE over LANG.
		{map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "POSIX"}, false},
		{map[string]string{"LANG": "C", "LC_CTYPE": "C.UTF-8"}, true},
		// Boundary: nothing set at all.
		{map[string]string{}, false},
	} {
		if got := utf8Locale(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("%v: %v, want %v", tc.env, got, tc.want)
		}
	}
}

// TestFlagHint: the flag a stray argument was probably meant for.
func TestFlagHint(t *testing.T) {
	root := newRootCmd(&env{})
	find := func(name string) string {
		c, _, err := root.Find([]string{name})
		if err != nil {
			t.Fatal(err)
		}
		return c.Name()
	}
	for _, tc := range []struct{ cmd, arg, want string }{
		{"stress", "helios", "did you mean --demo helios?"},
		{"plan", "firm.yml", "did you mean --book firm.yml?"},
		{"report", "inc.db", "did you mean --db inc.db?"},
		{"stress", "helios-drill", ""},
		// A command without --book gets no --book hint.
		{"gen", "firm.yaml", ""},
		{"plan", "two-ccps", "did you mean warroom drill two-ccps?"},
	} {
		c, _, _ := root.Find([]string{find(tc.cmd)})
		if got := flagHint(c, tc.arg); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.cmd, tc.arg, got, tc.want)
		}
	}
}

// TestGoStyleFlags: the single-dash long flags of the old command line
// still work; values and words after "--" are left alone.
func TestGoStyleFlags(t *testing.T) {
	root := newRootCmd(&env{})
	for _, tc := range []struct{ in, want string }{
		{"stress -demo helios -json", "stress --demo helios --json"},
		{"plan -horizon=3 -optimise", "plan --horizon=3 --optimise"},
		// A flag's value that looks like a flag is a value.
		{"decide --db f note x --rationale -json", "decide --db f note x --rationale -json"},
		{"decide -db f note -- -json", "decide --db f note -- -json"},
		// Shorthands, negative numbers and unknown words stay as typed.
		{"plan -h", "plan -h"},
		{"decide -db f call CME -500", "decide --db f call CME -500"},
		{"stress -nosuch", "stress -nosuch"},
	} {
		got := strings.Join(goStyleFlags(root, strings.Fields(tc.in)), " ")
		if got != tc.want {
			t.Errorf("%q → %q, want %q", tc.in, got, tc.want)
		}
	}
	if code, out, _ := wr(t, "stress", "-demo", "helios", "-json"); code != 0 || decodeJSON(t, out)["book"] != "Helios Capital" {
		t.Errorf("-demo helios -json: exit %d", code)
	}
}
