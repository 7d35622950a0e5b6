package main

import (
	"io"
	"strings"
	"unicode/utf8"
)

// table renders aligned text columns: the first column left-aligned, the
// rest right-aligned (figures), as the seed's tables are laid out.
type table struct {
	head  []string
	rows  [][]string
	left  map[int]bool
	rules map[int]bool // a rule line before row i
}

func newTable(head ...string) *table {
	return &table{head: head, left: map[int]bool{0: true}, rules: map[int]bool{}}
}

func (t *table) alignLeft(cols ...int) *table {
	for _, c := range cols {
		t.left[c] = true
	}
	return t
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) rule() { t.rules[len(t.rows)] = true }

func (t *table) write(w io.Writer) {
	width := make([]int, len(t.head))
	all := append([][]string{t.head}, t.rows...)
	for _, r := range all {
		for i, c := range r {
			if i < len(width) && utf8.RuneCountInString(c) > width[i] {
				width[i] = utf8.RuneCountInString(c)
			}
		}
	}
	line := func(r []string) {
		var b strings.Builder
		for i := range width {
			c := ""
			if i < len(r) {
				c = r[i]
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.left[i] {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
		}
		io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n")
	}
	sep := func() {
		total := 0
		for _, w := range width {
			total += w + 2
		}
		io.WriteString(w, strings.Repeat("─", total-2)+"\n")
	}
	line(t.head)
	sep()
	for i, r := range t.rows {
		if t.rules[i] {
			sep()
		}
		line(r)
	}
}
