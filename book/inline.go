package book

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// inlineFields are the files a book may name, and the fields that carry
// the same CSV inline.
var inlineFields = map[string]string{"positions_file": "positions_csv", "collateral_file": "collateral_csv"}

// Inline returns the book with every CSV file it names written into it
// (positions_file: x.csv becomes positions_csv: | and the file's lines),
// so that it loads to the same book with no file beside it. An incident
// stores its book this way: the log must replay on the positions it was
// opened on, not on whatever the export holds the next morning. A book
// that names no file is returned as it is.
func Inline(name string, data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return data, nil // Parse reports what is wrong with it
	}
	top := doc.Content[0]
	lines := bytes.SplitAfter(data, []byte("\n"))
	replaced := map[int][]byte{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		field, ok := inlineFields[k.Value]
		if !ok {
			continue
		}
		if k.Column != 1 || v.Kind != yaml.ScalarNode || v.Line != k.Line {
			return nil, fmt.Errorf("%s:%d: %s: write it as one line (%s: FILE) to store the book", name, k.Line, k.Value, k.Value)
		}
		path := v.Value
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(name), path)
		}
		csv, err := readCSVFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %s: %w", name, k.Line, k.Value, err)
		}
		replaced[k.Line-1] = blockScalar(field, csv)
	}
	if len(replaced) == 0 {
		return data, nil
	}
	var out bytes.Buffer
	for i, l := range lines {
		if r, ok := replaced[i]; ok {
			out.Write(r)
			continue
		}
		out.Write(l)
	}
	return out.Bytes(), nil
}

// blockScalar writes field: |2 and the CSV's lines indented by two: a
// literal block keeps every character of the text (CRLF is read as LF,
// which CSV does too).
func blockScalar(field string, csv []byte) []byte {
	csv = bytes.TrimPrefix(csv, utf8BOM)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s: |2\n", field)
	for _, l := range strings.SplitAfter(strings.TrimRight(string(csv), "\r\n"), "\n") {
		b.WriteString("  ")
		b.WriteString(strings.TrimRight(l, "\r\n"))
		b.WriteByte('\n')
	}
	return b.Bytes()
}
