package book

import (
	"fmt"
	"strings"
)

// suggest returns `; did you mean "x"?` for the allowed word closest to got,
// or "" when nothing is close enough to be a plausible typo.
func suggest(got string, allowed []string) string {
	if best := closest(got, allowed); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

func closest(got string, allowed []string) string {
	g := strings.ToLower(got)
	best, bestDist := "", 0
	for _, a := range allowed {
		d := distance(g, strings.ToLower(a))
		// One edit in three characters is a typo; more is another word, and
		// in a word of one or two characters any edit is another word.
		limit := min(3, len([]rune(a))/3)
		if d <= limit && (best == "" || d < bestDist) {
			best, bestDist = a, d
		}
	}
	return best
}

// distance is the Damerau (optimal string alignment) edit distance, so a
// swapped pair of letters counts as one typo.
func distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}
