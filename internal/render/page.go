package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/dsa"
	"github.com/chrono-dsa/chrono/internal/markdown"
)

// Page is what a layout is executed with: the page's own data, in its
// fields, and the methods that are the rest of the layout API, a closed set
// listed in the README. A layout reaches the model only through them (and
// the values they return), and what it reads is recorded, while a preview
// renders the page, as keys (chrono.Key), so that the page is made again
// exactly when one of them changes. The fields are the page's subject: the
// page declares that it reads them (see subject). What a method computes
// from its arguments alone records nothing: the arguments came from a
// field or a method that recorded them.
type Page struct {
	Kind        string // one of Kinds
	Title       string // the page's title, without the site's
	Description string // for <meta name="description">
	Path        string // path of the page relative to the base path, "/2024/slug/"

	Entry   *chrono.Entry   // entry pages
	Year    *chrono.Year    // year pages
	Actor   *chrono.Actor   // actor pages
	Article *dsa.Article    // article pages
	Entries []*chrono.Entry // the entries the page lists: on a procedure's page, its steps
	Drafts  bool            // drafts are shown (preview)

	Procedure *chrono.Procedure // procedure pages

	list     chrono.Key // the key of Entries
	c        *chrono.Chronology
	site     *chrono.Site // c.Site without its introduction, procedures, page « À propos » and history (see Intro, Procedures, About, Version)
	basePath string       // site.BasePath(), kept: URL is called for every link
	layouts  *Layouts     // set when the page is executed
	partials *partials    // shared by the pages of a build (see Cached)
	// own, if not nil, receives the keys of what the page's layout reads;
	// reads is own, or while a cached partial is made, the partial's.
	own, reads chrono.Keys
}

// read records that the layout read k.
func (p *Page) read(k chrono.Key) {
	if p.reads != nil {
		p.reads[k] = struct{}{}
	}
}

// subject fills in the page's title and description, and returns the keys
// of what its fields hold: its entry's fields, the list of its entries,
// site.toml for an actor or the home page.
func (p *Page) subject() []chrono.Key {
	var ks []chrono.Key
	if p.list.Part != 0 {
		ks = append(ks, p.list)
	}
	switch p.Kind {
	case "home":
		p.Title, p.Description = p.site.Title, p.site.Description
		ks = append(ks, siteKey)
	case "year":
		p.Title = strconv.Itoa(p.Year.Year)
		p.Description = fmt.Sprintf("Les événements de %d entre l’Union européenne et X : %s.", p.Year.Year, plural(len(p.Entries), "entrée", "entrées"))
	case "entry":
		e := p.Entry
		p.Title, p.Description = e.Title, e.Summary
		if p.Description == "" {
			p.Description = e.Title + " (" + e.Date.French() + ")"
		}
		ks = append(ks, chrono.EntryKey(e.Slug))
	case "actors":
		p.Title = "Les acteurs"
		p.Description = "Les personnes, institutions, entreprises et États qui prennent part aux événements de la chronologie."
	case "actor":
		a := p.Actor
		desc := a.Name
		if a.Role != "" {
			desc += ", " + a.Role
		}
		p.Title = a.Name
		p.Description = fmt.Sprintf("%s : %s dans la chronologie.", desc, plural(len(p.Entries), "événement", "événements"))
		ks = append(ks, siteKey)
	case "articles":
		p.Title = "Les articles du DSA"
		p.Description = "Les articles du règlement sur les services numériques (DSA) cités dans la chronologie, par chapitre."
	case "article":
		a := p.Article
		p.Title = fmt.Sprintf("Article %d du DSA : %s", a.Number, a.Title)
		p.Description = fmt.Sprintf("Article %d du règlement sur les services numériques (%s) : %s.", a.Number, a.Title, plural(len(p.Entries), "événement cité", "événements cités"))
	case "procedures":
		p.Title = "Les procédures"
		p.Description = "Où en est chaque procédure : l’autorité qui la conduit, son statut, sa dernière étape, les griefs ouverts et la prochaine échéance."
	case "procedure":
		proc := p.Procedure
		p.Title, p.Description = proc.Title, proc.Summary
		if p.Description == "" {
			p.Description = proc.Title + " : " + strings.ToLower(proc.StatusLabel()) + "."
		}
		ks = append(ks, chrono.ProcedureKey(proc.Slug))
	case "corrections":
		p.Title = "Corrections"
		p.Description = "Les corrections de fond apportées aux entrées de la chronologie, datées, les plus récentes d’abord."
	case "feeds":
		p.Title = "Les flux Atom"
		p.Description = "Suivre la chronologie dans un lecteur de flux : ce qu’est un flux, comment s’y abonner, et l’adresse de chaque flux du site (tout le site, les corrections, chaque procédure, chaque acteur, chaque article du DSA)."
	case "search":
		p.Title = "Recherche"
		p.Description = "Chercher dans la chronologie : un mot, un acteur, un article du DSA, et des filtres par année, acteur, article, type d’événement et procédure."
	case "about":
		p.Title = "À propos"
		p.Description = "Ce qu’est ce site, comment ses entrées sont écrites et sourcées, comment il est corrigé, ses licences et comment y contribuer."
	case "404":
		p.Title, p.Description = "Page introuvable", p.site.Description
		ks = append(ks, siteKey)
	}
	return ks
}

var (
	siteKey       = chrono.Key{Part: chrono.PartSite}
	introKey      = chrono.Key{Part: chrono.PartIntro}
	entriesKey    = chrono.Key{Part: chrono.PartEntries}
	yearsKey      = chrono.Key{Part: chrono.PartYears}
	articlesKey   = chrono.Key{Part: chrono.PartArticles}
	calendarKey   = chrono.Key{Part: chrono.PartCalendar}
	orderKey      = chrono.Key{Part: chrono.PartOrder}
	proceduresKey = chrono.Key{Part: chrono.PartProcedures}
	versionsKey   = chrono.Key{Part: chrono.PartVersions}
)

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

// Site returns the site's settings and actors; the home page's
// introduction is Intro.
func (p *Page) Site() *chrono.Site { p.read(siteKey); return p.site }

// URL returns the URL of a path of the site ("/dsa/34/"), under the base path.
func (p *Page) URL(path string) string {
	p.read(siteKey)
	return p.basePath + strings.TrimPrefix(path, "/")
}

// Abs returns the absolute URL of a path of the site.
func (p *Page) Abs(path string) string { p.read(siteKey); return p.site.URL(path) }

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
func (p *Page) ActorOf(slug string) *chrono.Actor { p.read(siteKey); return p.site.Actors[slug] }

// ArticleOf returns article n of the DSA.
func (p *Page) ArticleOf(n int) *dsa.Article { return dsa.Lookup(n) }

// AllEntries returns every entry of the chronology, in order.
func (p *Page) AllEntries() []*chrono.Entry { p.read(entriesKey); return p.c.Entries }

// Years returns the years that have entries, in order.
func (p *Page) Years() []int {
	p.read(yearsKey)
	ys := make([]int, len(p.c.Years))
	for i, y := range p.c.Years {
		ys[i] = y.Year
	}
	return ys
}

// ByYear returns the entries that start in year y.
func (p *Page) ByYear(y int) []*chrono.Entry {
	p.read(chrono.YearKey(y))
	for _, yr := range p.c.Years {
		if yr.Year == y {
			return yr.Entries
		}
	}
	return nil
}

// CitedArticles returns the numbers of the articles the chronology cites,
// in order.
func (p *Page) CitedArticles() []int { p.read(articlesKey); return p.c.Articles() }

// Prev returns the entry before e in the chronology, or nil.
func (p *Page) Prev(e *chrono.Entry) *chrono.Entry { return p.neighbour(e, p.c.Prev(e)) }

// Next returns the entry after e in the chronology, or nil.
func (p *Page) Next(e *chrono.Entry) *chrono.Entry { return p.neighbour(e, p.c.Next(e)) }

func (p *Page) neighbour(e, n *chrono.Entry) *chrono.Entry {
	p.read(chrono.NeighboursKey(e.Slug))
	if n != nil {
		p.read(chrono.EntryKey(n.Slug))
	}
	return n
}

// Related returns the entries e names in its related list.
func (p *Page) Related(e *chrono.Entry) []*chrono.Entry {
	var out []*chrono.Entry
	for _, s := range e.Related {
		p.read(chrono.EntryKey(s))
		if r := p.c.BySlug[s]; r != nil {
			out = append(out, r)
		}
	}
	return out
}

// LinkedBy returns the entries that link to e or name it as related.
func (p *Page) LinkedBy(e *chrono.Entry) []*chrono.Entry {
	p.read(chrono.LinkedByKey(e.Slug))
	return p.c.LinkedBy[e.Slug]
}

// ByActor returns the entries an actor takes part in.
func (p *Page) ByActor(slug string) []*chrono.Entry {
	p.read(chrono.ActorKey(slug))
	return p.c.ByActor[slug]
}

// ByArticle returns the entries citing article n.
func (p *Page) ByArticle(n int) []*chrono.Entry {
	p.read(chrono.ArticleKey(n))
	return p.c.ByArticle[n]
}

// Body returns the entry's annotation as HTML. It is safe: bodies are
// rendered by goldmark, which escapes text and refuses raw HTML and unsafe
// URLs (see package markdown). It is the only way a layout reads an
// annotation (ParseLayouts refuses the field Body), so that a page that
// shows none is not made again when one changes.
func (p *Page) Body(e *chrono.Entry) template.HTML {
	p.read(chrono.BodyKey(e.Slug))
	return template.HTML(e.Body)
}

// Intro returns the home page's introduction as HTML, rendered like a body.
func (p *Page) Intro() template.HTML { p.read(introKey); return template.HTML(p.c.Site.Intro) }

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
	site := p.Site()
	var groups []ActorGroup
	for _, k := range chrono.ActorKinds {
		g := ActorGroup{Kind: k.Kind, Label: k.Label}
		for _, slug := range site.ActorSlugs() {
			if a := site.Actors[slug]; a.Kind == k.Kind {
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

// YearLink is a year that has entries, for a link to its page.
type YearLink struct{ Year int }

// PrevYear returns the year before the page's year that has entries, or nil.
func (p *Page) PrevYear() *YearLink { return p.yearAt(-1) }

// NextYear returns the year after the page's year that has entries, or nil.
func (p *Page) NextYear() *YearLink { return p.yearAt(+1) }

func (p *Page) yearAt(delta int) *YearLink {
	p.read(yearsKey)
	for i, y := range p.c.Years {
		if p.Year != nil && y.Year == p.Year.Year && i+delta >= 0 && i+delta < len(p.c.Years) {
			return &YearLink{Year: p.c.Years[i+delta].Year}
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

// CurrentYear returns the year of the page: a year's, or an entry's; 0 on
// other pages.
func (p *Page) CurrentYear() int {
	switch {
	case p.Year != nil:
		return p.Year.Year
	case p.Entry != nil:
		return p.Entry.Year()
	}
	return 0
}
