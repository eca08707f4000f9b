package content

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// Warnings are likely mistakes: reported by check and build, they do not
// stop the build, because each can be right. They are:
//
//   - two entries with the same date and the same source URL: probably one
//     event written twice;
//   - an entry with no article of the DSA whose text speaks of an article:
//     probably a dsa key forgotten;
//   - a source with a URL and no archive: the page may disappear;
//   - an actor declared in site.toml that no entry names;
//   - an entry far from the rest of the chronology: probably a mistyped
//     year (see farDates).

// articleRe finds a reference to an article: the word "article" or
// "articles", in any case, followed by its number ("l’article 34",
// "Articles 34 et 35", "article n° 40(12)"). The word alone is not enough:
// it is as often "un article de presse", and a warning that is usually
// wrong teaches contributors to ignore warnings.
var articleRe = regexp.MustCompile(`(?i)\barticles?\s+(?:n°\s*)?([0-9]+)`)

// warnings returns the warnings about the entries of a site taken together,
// drafts included: the same date and source, actors never named. site is
// nil if site.toml could not be read. The warnings about one entry alone
// are entryWarnings'.
func warnings(site *chrono.Site, entries []*parsed) chrono.Problems {
	var probs chrono.Problems
	type dateURL struct{ date, url string }
	type use struct {
		p      *parsed
		source int // index in p's sources
	}
	// A preview runs this over every entry at every save: the first use of
	// each date and source is kept alone, and a list made only for the
	// rare date and source used twice.
	first := make(map[dateURL]use, len(entries))
	same := map[dateURL][]use{}
	var order []dateURL
	used := make(map[string]bool, len(entries))
	for _, p := range entries {
		for _, a := range p.entry.Actors {
			used[a] = true
		}
		for i, u := range p.normalURLs() {
			if u == "" {
				continue
			}
			k := dateURL{p.dateKey(), u}
			f, seen := first[k]
			switch {
			case !seen:
				first[k] = use{p, i}
			case f.p == p:
				// the same source twice in one entry
			case same[k] == nil:
				same[k] = []use{f, {p, i}}
				order = append(order, k)
			case same[k][len(same[k])-1].p != p:
				same[k] = append(same[k], use{p, i})
			}
		}
	}
	// Each entry of a group with the same date and source is told of the
	// others, so that the one a pull request adds is annotated. A message
	// names at most maxNamed of them: a group of n entries would otherwise
	// write n² names (3,000 entries of one line each, 200 MB of warnings).
	const maxNamed = 3
	for _, k := range order {
		us := same[k]
		for _, u := range us {
			var others []chrono.Message
			for _, o := range us {
				if o.p != u.p && len(others) < maxNamed {
					others = append(others, chrono.Message{En: o.p.entry.Path, Fr: o.p.entry.Path})
				}
			}
			if more := len(us) - 1 - len(others); more > 0 {
				others = append(others, plural(more, chrono.Say("%d other entry", "%d autre entrée"), chrono.Say("%d other entries", "%d autres entrées")).With(more))
			}
			f := u.p.fields
			probs.Warn(f.keys.pos(f.path, sourceKey(u.p, u.source)+".url"), plural(len(us)-1,
				chrono.Say("%s has the same date (%s) and the same source url; if it is the same event, merge the entries; if not, link them with related",
					"%s a la même date (%s) et la même adresse de source ; s’il s’agit du même événement, fusionnez les entrées ; sinon, liez-les avec related"),
				chrono.Say("%s have the same date (%s) and the same source url; if it is the same event, merge the entries; if not, link them with related",
					"%s ont la même date (%s) et la même adresse de source ; s’il s’agit du même événement, fusionnez les entrées ; sinon, liez-les avec related"),
			), joinAnd(others), k.date)
		}
	}
	probs = append(probs, farDates(entries)...)
	if site != nil {
		for _, slug := range site.ActorSlugs() {
			if !used[slug] {
				a := site.Actors[slug]
				probs.Warn(a.Pos, chrono.Say("actor %q is declared but no entry names it; add it to the actors of an entry, or remove it",
					"l’acteur %q est déclaré, mais aucune entrée ne le nomme ; ajoutez-le aux acteurs (actors) d’une entrée, ou retirez-le de site.toml"), slug)
			}
		}
	}
	return probs
}

// farYears is how far, in years, an entry may be from the rest of the
// chronology before it is told.
const farYears = 10

// farDates warns of the entries far from the rest of the chronology: the
// years with entries are grouped into periods, a new period starting after
// more than farYears years without any entry, and the entries outside the
// period with the most entries are told (outside every period with the
// most, if several have as many: then none can be told from the others).
//
// A year typed wrong lands far away: 9999, 2042 or 2204 for 2024. The
// timelines show it as one more year after a gap, whatever its distance,
// but the reader sees a year in which nothing happened, so check says so.
// The rule compares the entries with each other and never with today's
// date: check gives the same warnings whatever the day, so that a pull
// request is not annotated for what the passing of time did, and build's
// count of warnings stays the same from one day to the next. A real entry
// more than farYears years before the others (a law of 2000, say) is told
// too; it is a warning, and the message says it may be ignored.
func farDates(entries []*parsed) chrono.Problems {
	count := map[int]int{}
	for _, p := range entries {
		if y := p.entry.Date.Start.Year; y != 0 {
			count[y]++
		}
	}
	type period struct{ first, last, entries int }
	var periods []period
	in := make(map[int]int, len(count)) // year → index in periods
	for _, y := range slices.Sorted(maps.Keys(count)) {
		if n := len(periods); n > 0 && y-periods[n-1].last <= farYears {
			periods[n-1].last = y
			periods[n-1].entries += count[y]
		} else {
			periods = append(periods, period{first: y, last: y, entries: count[y]})
		}
		in[y] = len(periods) - 1
	}
	if len(periods) < 2 {
		return nil
	}
	most := 0
	for _, pd := range periods {
		most = max(most, pd.entries)
	}
	var probs chrono.Problems
	for _, p := range entries {
		y := p.entry.Date.Start.Year
		if y == 0 || periods[in[y]].entries == most {
			continue
		}
		// The nearest year of the rest of the chronology.
		dist, near := -1, 0
		for _, pd := range periods {
			if pd.entries != most {
				continue
			}
			d, n := pd.first-y, pd.first
			if y > pd.last {
				d, n = y-pd.last, pd.last
			}
			if dist < 0 || d < dist {
				dist, near = d, n
			}
		}
		t := chrono.Say("the date %q is %d years after the rest of the chronology (its nearest entry is from %d); if the year is a typo, correct it; if the date is right, you can ignore this warning",
			"la date %q se situe %d ans après le reste de la chronologie (l’entrée la plus proche date de %d) ; si l’année est une faute de frappe, corrigez-la ; si la date est juste, vous pouvez ignorer cet avertissement")
		if y < near {
			t = chrono.Say("the date %q is %d years before the rest of the chronology (its nearest entry is from %d); if the year is a typo, correct it; if the date is right, you can ignore this warning",
				"la date %q se situe %d ans avant le reste de la chronologie (l’entrée la plus proche date de %d) ; si l’année est une faute de frappe, corrigez-la ; si la date est juste, vous pouvez ignorer cet avertissement")
		}
		f := p.fields
		probs.Warn(f.keys.valuePos(f.path, "date", p.dateKey()), t, p.dateKey(), dist, near)
	}
	return probs
}

// entryWarnings returns the warnings about one entry, known from its file
// alone: a source without archive, an article cited in the text but not in
// dsa. They are found when the file is parsed, and so kept with it by a
// preview until the file changes.
func entryWarnings(p *parsed) chrono.Problems {
	var probs chrono.Problems
	e, f := p.entry, p.fields
	for i, s := range e.Sources {
		if s.URL != "" && s.Archive == "" {
			probs.Warn(f.keys.pos(f.path, sourceKey(p, i)+".url"), chrono.Say("source %q has a url but no archive; save the page at https://web.archive.org/save and add the copy's address as archive = \"https://web.archive.org/web/…\", so the source outlives the page",
				"la source %q a une url mais pas d’archive ; enregistrez la page sur https://web.archive.org/save et ajoutez l’adresse de la copie sous la forme archive = \"https://web.archive.org/web/…\", pour que la source reste consultable si la page disparaît"), s.Name)
		}
	}
	if len(e.DSA) == 0 {
		if pos, cited, n, ok := citesArticle(p); ok {
			probs.Warn(pos, chrono.Say("the text cites %q, but dsa lists no article; if it is an article of the DSA, add it: dsa = [%s]",
				"le texte cite %q, mais dsa ne liste aucun article ; s’il s’agit d’un article du DSA, ajoutez-le : dsa = [%s]"), cited, n)
		}
	}
	return probs
}

// normalURLs returns the URLs of p's sources made comparable, once: a
// preview keeps p while its file is unchanged.
func (p *parsed) normalURLs() []string {
	if p.urls == nil {
		p.urls = make([]string, len(p.entry.Sources))
		for i, s := range p.entry.Sources {
			if s.URL != "" {
				p.urls[i] = normalURL(s.URL)
			}
		}
	}
	return p.urls
}

// dateKey returns p's date as written, once.
func (p *parsed) dateKey() string {
	if p.date == "" {
		p.date = p.entry.Date.String()
	}
	return p.date
}

// sourceKey is the key of the ith source of p, as locate names it.
func sourceKey(p *parsed, i int) string {
	if len(p.entry.Sources) == 1 {
		if _, ok := p.fields.keys.at["source"]; ok {
			return "source"
		}
	}
	return fmt.Sprintf("source[%d]", i)
}

// normalURL makes two spellings of the same address equal: the scheme and
// host in any case, with or without a final slash or a fragment.
func normalURL(u string) string {
	u, _, _ = strings.Cut(u, "#")
	u = strings.TrimSuffix(u, "/")
	if i := strings.Index(u, "://"); i >= 0 {
		j := strings.IndexByte(u[i+3:], '/')
		if j < 0 {
			j = len(u) - i - 3
		}
		u = strings.ToLower(u[:i+3+j]) + u[i+3+j:]
	}
	return u
}

// mayCiteArticle is a quick test before articleRe, which is slow on a long
// text: does "article" appear at all, in any case?
func mayCiteArticle(b []byte) bool {
	for i := 0; i+7 <= len(b); i++ {
		if c := b[i] | 0x20; c == 'a' && bytes.EqualFold(b[i:i+7], []byte("article")) {
			return true
		}
	}
	return false
}

// citesArticle finds the first article cited in the title, the summary or
// the body of p: where, as written, and its number.
func citesArticle(p *parsed) (pos chrono.Pos, cited, n string, ok bool) {
	f := p.fields
	for _, key := range []string{"title", "summary"} {
		s := p.entry.Title
		if key == "summary" {
			s = p.entry.Summary
		}
		if m := articleRe.FindStringSubmatch(s); m != nil {
			return f.keys.valuePos(f.path, key, m[0]), m[0], m[1], true
		}
	}
	c := p.bodyCite()
	return c.pos, c.cited, c.n, c.ok
}

// bodyCite finds the first article cited in the body of p, once: a build
// drops the text of an entry once its body is rendered (release).
func (p *parsed) bodyCite() *cite {
	if p.cite != nil {
		return p.cite
	}
	p.cite = &cite{}
	if p.file == nil || !mayCiteArticle(p.file.body) {
		return p.cite
	}
	if m := articleRe.FindSubmatchIndex(p.file.body); m != nil {
		body := p.file.body
		line, col := lineCol(body, p.file.bodyLine, m[0])
		cited := strings.Join(strings.Fields(string(body[m[0]:m[1]])), " ")
		*p.cite = cite{chrono.Pos{Path: p.fields.path, Line: line, Col: col}, cited, string(body[m[2]:m[3]]), true}
	}
	return p.cite
}

// cite is an article cited in the body of an entry (citesArticle).
type cite struct {
	pos      chrono.Pos
	cited, n string
	ok       bool
}

// release drops the text of p's file, once its body is rendered and
// everything the checks across entries read of it is found: a build holds
// no entry's Markdown while it renders the others (some 30 MB at 10,000
// entries, at the moment the heap is at its fullest). A preview keeps
// them, for the next save.
func (p *parsed) release() {
	if len(p.entry.DSA) == 0 { // the only entries entryWarnings asks
		p.bodyCite()
	}
	p.file = nil
}

func plural[T any](n int, one, many T) T {
	if n == 1 {
		return one
	}
	return many
}

// joinAnd joins words as English and French do: "a", "a and b", "a, b
// and c"; « a, b et c ».
func joinAnd(words []chrono.Message) chrono.Message {
	if len(words) < 2 {
		return joinMessages(words, "")
	}
	m := joinMessages(words[:len(words)-1], ", ")
	last := words[len(words)-1]
	return chrono.Message{En: m.En + " and " + last.En, Fr: m.Fr + " et " + last.Fr}
}
