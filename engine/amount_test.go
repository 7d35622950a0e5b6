package engine_test

import (
	"testing"

	"github.com/warroom/warroom/engine"
)

func TestParseAmount(t *testing.T) {
	good := map[string]string{
		"1500000": "1500000", "1,500,000": "1500000", "1.5m": "1500000", "250k": "250000",
		"2b": "2000000000", "1500000.50": "1500000.5", " 42 ": "42", "-3,000": "-3000", ".5k": "500", "1_000": "1000",
		"$3m": "3000000", "2bn": "2000000000", "1.5mm": "1500000", "1.5M": "1500000",
	}
	for in, want := range good {
		got, err := engine.ParseAmount(in)
		if err != nil || !got.Equal(d(want)) {
			t.Errorf("ParseAmount(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "1e6", "1,50,000", "1.2.3", "10m5", "1.001", "\x1b[31m5", "9999999999999999", "k", "--1", "1.5mm5", "١٢٣", ".", "1..5", "NaN"} {
		if got, err := engine.ParseAmount(in); err == nil {
			t.Errorf("ParseAmount(%q) = %s, want an error", in, got)
		}
	}
}
