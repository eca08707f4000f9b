package content

import (
	"fmt"
	"strings"
)

// suggest returns `; did you mean "x"?` for the candidate closest to word:
// the one fewest edits away, if within a third of word's length (a typo);
// else the shortest one containing word, or contained in it ("breton" for
// "thierry-breton"); else "".
func suggest(word string, candidates []string) string {
	best, bestD := "", len([]rune(word))/3+1
	for _, c := range candidates {
		if d := distance(word, c); d < bestD || (d == bestD && best != "" && c < best) {
			best, bestD = c, d
		}
	}
	if best == "" && len(word) >= 3 {
		for _, c := range candidates {
			if (strings.Contains(c, word) || strings.Contains(word, c) && len(c) >= 3) && (best == "" || len(c) < len(best)) {
				best = c
			}
		}
	}
	if best == "" || best == word {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// distance is the edit distance between a and b, in runes, counting the
// swap of two neighbours as one edit (optimal string alignment): "titel"
// is one edit from "title".
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 200 || len(rb) > 200 {
		return max(len(ra), len(rb))
	}
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// quoteList joins words as "a, b or c", quoted.
func quoteList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
