package book

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// libraryRecords is encoding/csv's reading of src: every record's cells,
// or ok false when it refuses the text.
func libraryRecords(src string) (recs [][]string, ok bool) {
	rd := csv.NewReader(strings.NewReader(src))
	rd.FieldsPerRecord = -1
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return recs, true
		}
		if err != nil {
			return nil, false
		}
		recs = append(recs, rec)
	}
}

func lexerRecords(src string) (recs [][]string, ok bool) {
	x := newCSVLexer(src, 1, 0)
	for {
		cells, more, e := x.next()
		if e != nil {
			return nil, false
		}
		if !more {
			return recs, true
		}
		rec := make([]string, len(cells))
		for i, c := range cells {
			rec[i] = c.text
		}
		recs = append(recs, rec)
	}
}

var csvCases = []string{
	"a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,\"b,c\"\n", "\"a\"\"b\",c\n", "a,b\n\n\n1,2", "a,\"b\nc\",d\n",
	"a,b\"c\n", "\"a\"b,c\n", "\"unterminated\n", ",,\n", "a\n,\n", "\"\"\n", "a,\"b\r\nc\"\n",
}

// TestCSVLexerMatchesLibrary: the lexer reads what encoding/csv reads, and
// refuses what it refuses.
func TestCSVLexerMatchesLibrary(t *testing.T) {
	for _, c := range csvCases {
		checkLexer(t, c)
	}
}

func checkLexer(t *testing.T, src string) {
	t.Helper()
	want, wok := libraryRecords(src)
	got, gok := lexerRecords(src)
	if wok != gok || !slices.EqualFunc(want, got, slices.Equal[[]string]) {
		t.Errorf("%q: lexer %q (%v), encoding/csv %q (%v)", src, got, gok, want, wok)
	}
}

// FuzzCSVLexer: on any text, the lexer and encoding/csv agree (lone CRs,
// which exports never hold and encoding/csv folds its own way, aside).
func FuzzCSVLexer(f *testing.F) {
	for _, c := range csvCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Contains(strings.ReplaceAll(src, "\r\n", ""), "\r") {
			return
		}
		checkLexer(t, src)
	})
}
