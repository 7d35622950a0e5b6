package drill_test

import (
	"errors"
	"os"
	"testing"

	"github.com/warroom/warroom/drill"
)

// FuzzParse: a drill file of any content gives a drill or located errors,
// never a panic; it never reads a file the fuzzer names.
func FuzzParse(f *testing.F) {
	for _, name := range drill.Names() {
		if data, err := os.ReadFile("drills/" + name + ".yaml"); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("book_demo: helios\nevents:\n  - {at: \"+1h\", kind: factor_move, shocks: {oil: \"-0.05\"}}\n"))
	f.Add([]byte("book_file: /etc/passwd\nevents: []\n"))
	f.Add([]byte("events: [{at: day 9 25:99}]"))
	noFiles := func(string) ([]byte, error) { return nil, errors.New("no files in the fuzzer") }
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := drill.Parse("fuzz.yaml", data, noFiles)
		if err == nil && d == nil {
			t.Fatal("no drill and no error")
		}
	})
}
