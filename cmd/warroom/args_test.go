package main

import (
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
