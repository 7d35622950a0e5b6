package book

import (
	"fmt"
	"slices"
	"strings"
)

// MaxErrors caps the problems reported for one file: past that the file is
// probably not a book at all, and a wall of messages hides the first ones.
const MaxErrors = 50

// Error is one problem of a book file, located at the node that caused it
// (or at the mapping that lacks a required field).
type Error struct {
	File         string
	Line, Column int // 1-based; 0 when the problem is the file as a whole
	// Field is the path of the offending value, e.g. "positions[1] (TECH).market_value";
	// empty for problems of the whole file.
	Field string
	Msg   string
}

// Error renders the problem the way compilers do, so editors can jump to it:
// arb.yaml:12:5: positions[1].market_value: "1.2e7" has an exponent; ...
func (e Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem Parse found in one file, in file order, capped at
// MaxErrors; More counts the problems left off.
type Errors struct {
	File string
	List []Error
	More int
}

// Error renders one problem per line, then the count of those left off.
func (e *Errors) Error() string {
	lines := make([]string, 0, len(e.List)+1)
	for _, x := range e.List {
		lines = append(lines, x.Error())
	}
	if e.More > 0 {
		lines = append(lines, fmt.Sprintf("%s: and %d more", e.File, e.More))
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes each problem so errors.As can find a single Error.
func (e *Errors) Unwrap() []error {
	out := make([]error, len(e.List))
	for i, x := range e.List {
		out[i] = x
	}
	return out
}

// newErrors orders problems by position (reference checks run after the
// walk, but a reader fixes a file top to bottom) and applies the cap.
func newErrors(file string, list []Error) *Errors {
	slices.SortStableFunc(list, func(a, b Error) int {
		// The book's own problems first, then each CSV file's.
		if a.File != b.File {
			switch {
			case a.File == file:
				return -1
			case b.File == file:
				return 1
			}
			return strings.Compare(a.File, b.File)
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	e := &Errors{File: file, List: list}
	if len(list) > MaxErrors {
		e.List, e.More = list[:MaxErrors:MaxErrors], len(list)-MaxErrors
	}
	return e
}
