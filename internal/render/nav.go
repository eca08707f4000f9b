package render

import (
	"slices"
	"strconv"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/dsa"
	"github.com/chrono-dsa/chrono/internal/markdown"
)

// Helpers of the lists and indexes the layouts draw: month markers, and
// counts of cited articles per chapter.

// Month is the entries of a list that fall in one month, or, with Month 0,
// those of a year whose date has no month.
type Month struct {
	Year, Month int
	Entries     []Item
}

// ISO returns the month as YYYY-MM, or the year alone.
func (m Month) ISO() string {
	if m.Month == 0 {
		return chrono.Point{Year: m.Year, Precision: chrono.YearPrecision}.ISO()
	}
	return chrono.Point{Year: m.Year, Month: m.Month, Precision: chrono.MonthPrecision}.ISO()
}

// Anchor returns the id of the month in a list of entries, which the bars
// of the timeline link to: "mois-2024-08", or "mois-2024" for the entries
// whose date has no month.
func (m Month) Anchor() string { return "mois-" + m.ISO() }

// Label returns the month in French: "août 2024", or "2024, mois non précisé".
func (m Month) Label() string {
	if m.Month == 0 {
		return strconv.Itoa(m.Year) + ", mois non précisé"
	}
	return chrono.MonthName(m.Month) + " " + strconv.Itoa(m.Year)
}

// Months groups entries, in order, by the month they start in, for the
// month markers of lists.
func (p *Page) Months(entries []*chrono.Entry) []*Month {
	var out []*Month
	for _, e := range entries {
		s := e.Date.Start
		mo := 0
		if s.Precision >= chrono.MonthPrecision {
			mo = s.Month
		}
		if n := len(out); n == 0 || out[n-1].Year != s.Year || out[n-1].Month != mo {
			out = append(out, &Month{Year: s.Year, Month: mo})
		}
		out[len(out)-1].Entries = append(out[len(out)-1].Entries, p.Item(e))
	}
	return out
}

// Cited returns how many articles of the list the chronology cites.
func (l ArticleList) Cited() int {
	l.Page.read(articlesKey)
	n := 0
	for _, a := range l.List {
		if len(l.Page.c.ByArticle[a.Number]) > 0 {
			n++
		}
	}
	return n
}

// CitedIn returns how many articles of a chapter the chronology cites.
func (p *Page) CitedIn(c *dsa.Chapter) int { return p.Articles(c).Cited() }

// Section is one year of a list of entries, for partials/year-section.html.
type Section struct {
	*chrono.Year
	Page *Page
	// Key names the section's entries exactly: two sections with the same
	// key list the same entries, unchanged, so one rendering serves both
	// (see Page.Cached); a preview keeps unchanged entries, so an edit
	// makes only its own year's section again. In a build, where no list
	// is made twice, Key says not to cache.
	Key any
}

// Sections groups entries, in order, by the year they start in, each with
// its Key.
func (p *Page) Sections(entries []*chrono.Entry) []Section {
	years := p.Group(entries)
	out := make([]Section, len(years))
	for i, y := range years {
		out[i] = Section{Year: y, Page: p, Key: p.partials.listKey(y.Entries)}
	}
	return out
}

// itemActors is the most actors a list item names; the others are
// counted (« et 3 autres »).
const itemActors = 4

// ActorNames returns the names of e's actors for a line of a list, in
// French typography: "Thierry Breton, Elon Musk", the first four and then
// « et 3 autres ».
func (p *Page) ActorNames(e *chrono.Entry) string {
	p.read(siteKey)
	var names []string
	for _, slug := range e.Actors {
		if a := p.site.Actors[slug]; a != nil {
			names = append(names, a.Name)
		}
	}
	text := strings.Join(names[:min(len(names), itemActors)], ", ")
	switch rest := len(names) - itemActors; {
	case rest == 1:
		text += " et 1\u00a0autre"
	case rest > 1:
		text += " et " + strconv.Itoa(rest) + "\u00a0autres"
	}
	return markdown.Typography(text)
}

// ArticleNumbers returns the numbers of the articles of the DSA e cites,
// in order, for a line of a list: "34, 35", or "" if it cites none.
func (p *Page) ArticleNumbers(e *chrono.Entry) string {
	var b []byte
	ns := e.Articles()
	slices.Sort(ns)
	for _, n := range ns {
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return string(b)
}
