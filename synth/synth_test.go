package synth_test

import (
	"bytes"
	"testing"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/synth"
)

func TestGeneratedBookLoads(t *testing.T) {
	for _, n := range []int{1, 10, 2000} {
		b, err := book.Parse("synth.yaml", synth.YAML(n, 1))
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if len(b.Positions) != n {
			t.Fatalf("n=%d: %d positions", n, len(b.Positions))
		}
	}
	if !bytes.Equal(synth.YAML(50, 7), synth.YAML(50, 7)) {
		t.Error("same seed, different books")
	}
}
