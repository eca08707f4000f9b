package render

import (
	"strings"
	"unicode/utf8"
)

// The words of the search index, and of a query, are made the same way here
// and in search.js (TestFoldNode runs both on testdata/fold.txt):
//
//   - a word is a run of letters a–z and digits 0–9 once folded: lower case,
//     accents taken off (« é » is « e », « ç » « c »), ligatures spelled out
//     (« œ » is « oe », « æ » « ae », « ß » « ss »); every other character
//     separates words, the apostrophes ’ and ' included; a combining accent
//     (U+0300 to U+036F, as macOS writes « é » in NFD) is left out, so
//     « e » + U+0301 folds as « é » does. Letters of other
//     scripts are separators too: the chronology is French, and a table of
//     our own folds the same in Go and in every browser, where Unicode's
//     case rules differ by version;
//   - elisions fall out with the stop words: « l’amende » is « l » and
//     « amende », and « l », « d », « qu », « jusqu »… are stop words;
//   - stop words (le, de, et…: stopWords) are dropped, compared before
//     stemming;
//   - a light stemmer joins singular and plural: a final « s » goes (not
//     « ss »), « -eaux » and « -eux » lose their « x », « -aux » becomes
//     « -al » (journaux, journal), another final « x » goes; words of three
//     letters or less, and words with a digit, are kept as they are. It is
//     the plural only: « décision » and « décider » stay apart, as a reader
//     who types one expects.

// foldTable folds the letters beyond ASCII that French (and the names of
// European actors) use; search.js holds the same table.
var foldTable = func() map[rune]string {
	m := map[rune]string{}
	for _, row := range []string{
		"a àáâãäåāăą", "c çćĉċč", "d ďđ", "e èéêëēĕėęě", "g ĝğġģ", "h ĥħ", "i ìíîïĩīĭįı", "j ĵ", "k ķ",
		"l ĺļľŀł", "n ñńņňŉ", "o òóôõöøōŏő", "r ŕŗř", "s śŝşš", "t ţťŧ", "u ùúûüũūŭůűų", "w ŵ", "y ýÿŷ",
		"z źżž", "oe œ", "ae æ", "ss ß", "fi ﬁ", "fl ﬂ", "ff ﬀ", "ffi ﬃ", "ffl ﬄ", "st ﬆ",
	} {
		to, from, _ := strings.Cut(row, " ")
		for _, r := range from {
			m[r] = to
			if u := []rune(strings.ToUpper(string(r))); len(u) == 1 && u[0] != r {
				m[u[0]] = to
			}
		}
	}
	m['İ'] = "i"
	return m
}()

// stopWords are dropped from the index and from queries: words too common
// to tell entries apart, and the elided forms (l’, qu’, jusqu’…). Folded,
// not stemmed.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a au aux avec c ce ces cet cette d dans de des du elle elles en est et
		il ils j je jusqu l la le les leur leurs lorsqu lui m ma mais me mes n ne nous on ont ou par pas
		pour puisqu qu quelqu que qui s sa se ses son sont sur t ta te tes ton un une vous y`) {
		m[w] = true
	}
	return m
}()

// foldWords calls word with each word of s, folded, not stemmed, stop
// words included. html says that s is HTML: tags separate words and
// character references are read. The words are made in buf, which is
// returned to be used again (it may be nil).
func foldWords(s string, html bool, buf []byte, word func(w []byte)) []byte {
	b := buf[:0]
	flush := func() {
		if len(b) > 0 {
			word(b)
			b = b[:0]
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			b = append(b, c)
			i++
			continue
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
			i++
			continue
		case c < utf8.RuneSelf:
			i++
			if html && c == '<' {
				flush()
				if j := strings.IndexByte(s[i:], '>'); j >= 0 {
					i += j + 1
				}
				continue
			}
			if html && c == '&' {
				if r, n := charRef(s[i:]); n > 0 {
					i += n
					if isCombining(r) {
						continue
					}
					if f, ok := foldTable[r]; ok {
						b = append(b, f...)
						continue
					}
					if r < utf8.RuneSelf && (isWordByte(byte(r)) || 'A' <= r && r <= 'Z') {
						b = append(b, strings.ToLower(string(r))...)
						continue
					}
				}
			}
			flush()
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if isCombining(r) {
			continue // an accent typed apart from its letter: « e » + U+0301 is « é »
		}
		if f, ok := foldTable[r]; ok {
			b = append(b, f...)
			continue
		}
		flush()
	}
	flush()
	return b
}

// isCombining reports whether r is a combining diacritical mark (U+0300 to
// U+036F): text pasted from some systems (macOS, NFD) writes « é » as « e »
// and U+0301. The mark is left out, so the word is the letter's: the same as
// its composed form folds to.
func isCombining(r rune) bool { return 0x300 <= r && r <= 0x36f }

func isWordByte(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// charRef reads a character reference after its '&' (s starts after it):
// the rune and the length read, or 0 if s does not start with one. Only
// what a folded word can hold is read: numeric references and the named
// ones goldmark writes for letters.
func charRef(s string) (rune, int) {
	j := strings.IndexByte(s, ';')
	if j < 1 || j > 8 {
		return 0, 0
	}
	name := s[:j]
	if name[0] == '#' {
		base, digits := 10, name[1:]
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			base, digits = 16, digits[1:]
		}
		r := 0
		for k := 0; k < len(digits); k++ {
			d := hexVal(digits[k])
			if d < 0 || d >= base {
				return 0, 0
			}
			r = r*base + d
		}
		if len(digits) == 0 || r > utf8.MaxRune {
			return 0, 0
		}
		return rune(r), j + 1
	}
	switch name {
	case "amp", "lt", "gt", "quot", "apos", "nbsp", "rsquo", "lsquo", "laquo", "raquo", "hellip", "mdash", "ndash":
		return ' ', j + 1 // separators
	}
	return 0, 0
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// stem returns the stem of a folded word: the light stemmer described above.
// It may return a part of w.
func stem(w []byte) []byte {
	n := len(w)
	if n <= 3 {
		return w
	}
	for _, c := range w {
		if '0' <= c && c <= '9' {
			return w
		}
	}
	switch {
	case w[n-1] == 's' && w[n-2] != 's':
		return w[:n-1]
	case w[n-1] != 'x':
		return w
	case n > 4 && string(w[n-3:]) == "aux" && w[n-4] != 'e':
		return append(w[:n-2], 'l')
	}
	return w[:n-1]
}

// Terms returns the terms of a text as the index and queries hold them:
// folded, stemmed, stop words dropped, in order, repeats kept.
func Terms(text string) []string {
	var ts []string
	var buf [64]byte
	foldWords(text, false, buf[:0], func(w []byte) {
		if !stopWords[string(w)] {
			ts = append(ts, string(stem(w)))
		}
	})
	return ts
}
