package render

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/dsa"
	"github.com/chrono-dsa/chrono/internal/markdown"
)

// Page is what a layout is executed with: the page's own data, and methods
// to reach the rest of the chronology.
type Page struct {
	Kind        string // one of Kinds
	Title       string // the page's title, without the site's
	Description string // for <meta name="description">
	Path        string // path of the page relative to the base path, "/2024/slug/"

	Entry    *chrono.Entry   // entry pages
	Year     *chrono.Year    // year pages
	Actor    *chrono.Actor   // actor pages
	Article  *dsa.Article    // article pages
	Entries  []*chrono.Entry // the entries the page lists
	Drafts   bool            // drafts are shown (preview)
	Chrono   *chrono.Chronology
	basePath string    // Chrono.Site.BasePath(), kept: URL is called for every link
	layouts  *Layouts  // set when the page is executed
	partials *partials // shared by the pages of a build (see Cached)

	Procedure *chrono.Procedure // procedure pages
}

var funcs = template.FuncMap{
	// fr applies French typography to plain text.
	"fr": markdown.Typography,
	// plural writes "1 entrée", "3 entrées".
	"plural": func(n int, one, many string) string {
		if n == 1 || n == 0 {
			return strconv.Itoa(n) + "\u00a0" + one
		}
		return strconv.Itoa(n) + "\u00a0" + many
	},
	"monthName": chrono.MonthName,
}

// Site returns the site's configuration.
func (p *Page) Site() *chrono.Site { return p.Chrono.Site }

// URL returns the URL of a path of the site ("/dsa/34/"), under the base path.
func (p *Page) URL(path string) string { return p.basePath + strings.TrimPrefix(path, "/") }

// Abs returns the absolute URL of a path of the site.
func (p *Page) Abs(path string) string { return p.Chrono.Site.URL(path) }

// Canonical returns the absolute URL of the page.
func (p *Page) Canonical() string { return p.Abs(p.Path) }

// EntryURL returns the URL of an entry's page.
func (p *Page) EntryURL(e *chrono.Entry) string { return p.URL(e.URLPath()) }

// YearURL returns the URL of a year's page.
func (p *Page) YearURL(y int) string { return p.URL(chrono.YearPath(y)) }

// ActorURL returns the URL of an actor's page.
func (p *Page) ActorURL(slug string) string { return p.URL(chrono.ActorPath(slug)) }

// ArticleURL returns the URL of the page of an article of the DSA.
func (p *Page) ArticleURL(n int) string { return p.URL(chrono.ArticlePath(n)) }

// ActorOf returns the actor with this slug.
func (p *Page) ActorOf(slug string) *chrono.Actor { return p.Chrono.Site.Actors[slug] }

// ArticleOf returns article n of the DSA.
func (p *Page) ArticleOf(n int) *dsa.Article { return dsa.Lookup(n) }

// Prev returns the entry before e in the chronology, or nil.
func (p *Page) Prev(e *chrono.Entry) *chrono.Entry { return p.Chrono.Prev(e) }

// Next returns the entry after e in the chronology, or nil.
func (p *Page) Next(e *chrono.Entry) *chrono.Entry { return p.Chrono.Next(e) }

// Related returns the entries e names in its related list.
func (p *Page) Related(e *chrono.Entry) []*chrono.Entry {
	var out []*chrono.Entry
	for _, s := range e.Related {
		if r := p.Chrono.BySlug[s]; r != nil {
			out = append(out, r)
		}
	}
	return out
}

// LinkedBy returns the entries that link to e or name it as related.
func (p *Page) LinkedBy(e *chrono.Entry) []*chrono.Entry { return p.Chrono.LinkedBy[e.Slug] }

// ByActor returns the entries an actor takes part in.
func (p *Page) ByActor(slug string) []*chrono.Entry { return p.Chrono.ByActor[slug] }

// ByArticle returns the entries citing article n.
func (p *Page) ByArticle(n int) []*chrono.Entry { return p.Chrono.ByArticle[n] }

// Body returns the entry's annotation as HTML. It is safe: bodies are
// rendered by goldmark, which escapes text and refuses raw HTML and unsafe
// URLs (see package markdown).
func (p *Page) Body(e *chrono.Entry) template.HTML { return template.HTML(e.Body) }

// Intro returns the home page's introduction as HTML, rendered like a body.
func (p *Page) Intro() template.HTML { return template.HTML(p.Chrono.Site.Intro) }

// Date writes d in French, each date in a <time datetime> element.
func (p *Page) Date(d chrono.Date) template.HTML {
	var b strings.Builder
	for _, part := range d.FrenchParts() {
		text := template.HTMLEscapeString(part.Text)
		if part.ISO == "" {
			b.WriteString(text)
			continue
		}
		b.WriteString(`<time datetime="` + part.ISO + `">` + text + `</time>`)
	}
	return template.HTML(b.String())
}

// ActorGroup is the actors of one kind.
type ActorGroup struct {
	Kind, Label string
	Actors      []*chrono.Actor
}

// ActorGroups returns every declared actor, grouped by kind, sorted by name.
func (p *Page) ActorGroups() []ActorGroup {
	var groups []ActorGroup
	for _, k := range chrono.ActorKinds {
		g := ActorGroup{Kind: k.Kind, Label: k.Label}
		for _, slug := range p.Chrono.Site.ActorSlugs() {
			if a := p.Chrono.Site.Actors[slug]; a.Kind == k.Kind {
				g.Actors = append(g.Actors, a)
			}
		}
		if len(g.Actors) > 0 {
			sortActors(g.Actors)
			groups = append(groups, g)
		}
	}
	return groups
}

// Chapters returns the chapters of the DSA, for the list of articles.
func (p *Page) Chapters() []*dsa.Chapter { return dsa.Chapters() }

// ArticlesIn returns the articles of a chapter or section, in order.
func (p *Page) ArticlesIn(c *dsa.Chapter) []*dsa.Article {
	var out []*dsa.Article
	for n := c.First; n <= c.Last; n++ {
		out = append(out, dsa.Lookup(n))
	}
	return out
}

// Item is an entry with the page that lists it, for partials.
type Item struct {
	*chrono.Entry
	Page *Page
}

// Item pairs e with p.
func (p *Page) Item(e *chrono.Entry) Item { return Item{Entry: e, Page: p} }

// Group groups entries, in order, by the year they start in.
func (p *Page) Group(entries []*chrono.Entry) []*chrono.Year { return chrono.GroupByYear(entries) }

// PrevYear returns the year before the page's year that has entries, or nil.
func (p *Page) PrevYear() *chrono.Year { return p.yearAt(-1) }

// NextYear returns the year after the page's year that has entries, or nil.
func (p *Page) NextYear() *chrono.Year { return p.yearAt(+1) }

func (p *Page) yearAt(delta int) *chrono.Year {
	for i, y := range p.Chrono.Years {
		if p.Year != nil && y.Year == p.Year.Year && i+delta >= 0 && i+delta < len(p.Chrono.Years) {
			return p.Chrono.Years[i+delta]
		}
	}
	return nil
}

// ArticleList is articles listed on a page.
type ArticleList struct {
	Page *Page
	List []*dsa.Article
}

// Articles lists the articles of a chapter or section, for partials.
func (p *Page) Articles(c *dsa.Chapter) ArticleList {
	return ArticleList{Page: p, List: p.ArticlesIn(c)}
}

// CitationRef returns how entry e cites article n: "34(1), 34(2)", or "25".
func (p *Page) CitationRef(e *chrono.Entry, n int) string {
	var refs []string
	for _, c := range e.DSA {
		if c.Article == n {
			refs = append(refs, c.Ref)
		}
	}
	return strings.Join(refs, ", ")
}
