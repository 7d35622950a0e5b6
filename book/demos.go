package book

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/warroom/warroom/engine"
)

// demoFiles are the books shipped in the binary, for drills and for trying
// the console without a book of one's own.
//
//go:embed demos/*.yaml
var demoFiles embed.FS

// DemoNames returns the names of the embedded demo books, sorted.
func DemoNames() []string {
	entries, _ := fs.ReadDir(demoFiles, "demos")
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// DemoSource returns the YAML of a demo book, for showing or copying it.
func DemoSource(name string) ([]byte, error) {
	if !slices.Contains(DemoNames(), name) {
		return nil, fmt.Errorf("no demo book %q; the demos are %s", name, strings.Join(DemoNames(), ", "))
	}
	return demoFiles.ReadFile(path.Join("demos", name+".yaml"))
}

// Demo parses a demo book afresh on each call, so a caller that changes
// its copy cannot change the demo for anyone else.
func Demo(name string) (*engine.Book, error) {
	src, err := DemoSource(name)
	if err != nil {
		return nil, err
	}
	return Parse(name+".yaml", src)
}
