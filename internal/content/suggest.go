package content

import (
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// suggest returns `; did you mean "x"?` for the candidate closest to word:
// the one fewest edits away, if within a third of word's length (a typo);
// else the shortest one containing word, or contained in it ("breton" for
// "thierry-breton"); else "".
func suggest(word string, candidates []string) chrono.Message {
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
		return chrono.Message{}
	}
	return chrono.Say("; did you mean %q?", " ; vouliez-vous dire %q ?").With(best)
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

// joinMessages joins ms with sep, in both languages.
func joinMessages(ms []chrono.Message, sep string) chrono.Message {
	var m chrono.Message
	for i, x := range ms {
		if i > 0 {
			m.En, m.Fr = m.En+sep, m.Fr+sep
		}
		m.En, m.Fr = m.En+x.En, m.Fr+x.Fr
	}
	return m
}

// quoteList joins words as "a, b or c", quoted.
func quoteList(words []string) chrono.Message {
	var m chrono.Message
	for i, w := range words {
		q := chrono.Say("%q", "%q").With(w)
		switch {
		case i == 0:
		case i == len(words)-1:
			m.En, m.Fr = m.En+" or ", m.Fr+" ou "
		default:
			m.En, m.Fr = m.En+", ", m.Fr+", "
		}
		m.En, m.Fr = m.En+q.En, m.Fr+q.Fr
	}
	return m
}
