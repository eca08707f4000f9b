// Package chrono holds the domain of an annotated chronology: the site and
// its actors, the entries (one event each, with its date, actors, articles of
// the Digital Services Act and sources), and the Chronology they make
// together once sorted and indexed. It depends on nothing but the standard
// library; the other packages of the generator speak in its types.
//
// A build is one pipeline: load (files → Site and Entries, with Problems) →
// model (NewChronology: entries sorted, indexed by year, actor and article)
// → render (pages) → write. Every command goes through it.
package chrono

import (
	"cmp"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ActorKinds lists the kinds an actor may be, in the order actors are
// grouped on the site, with their French plural labels.
var ActorKinds = []struct{ Kind, Label string }{
	{"person", "Personnes"},
	{"institution", "Institutions"},
	{"state", "États et autorités nationales"},
	{"company", "Entreprises"},
	{"platform", "Plateformes"},
	{"ngo", "Organisations non gouvernementales"},
	{"media", "Médias"},
	{"other", "Autres"},
}

// Site is the site's configuration, from site.toml.
type Site struct {
	Title       string
	Description string
	Language    string
	BaseURL     string            // absolute URL of the site's root, ending in "/"
	Actors      map[string]*Actor // by slug
	Intro       string            // HTML of content/_index.md, the home page's introduction
	IntroPaths  []SitePath        // paths of the site the introduction links to
	About       string            // HTML of content/_a-propos.md, the page /a-propos/; "" for none
	AboutPaths  []SitePath        // paths of the site it links to

	// Kinds of event, by slug, from [types.<slug>]; empty if the site
	// declares none. Procedures, from content/procedures/, by slug.
	Types      map[string]*Type
	Procedures []*Procedure

	// Forge is the site's repository, from site.toml (nil if it names
	// none); History, when each file was last changed, from the
	// repository's commits (nil without a repository).
	Forge   *Forge
	History *History
}

// BasePath is the path of BaseURL, where the site lives on its host: "/"
// at a domain's root, "/repo/" for a project site.
func (s *Site) BasePath() string {
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return strings.TrimSuffix(u.Path, "/") + "/"
}

// URL returns the absolute URL of a path of the site ("/dsa/34/").
func (s *Site) URL(path string) string { return s.BaseURL + strings.TrimPrefix(path, "/") }

// Actor is a person, institution, company, platform, NGO, media or state
// that takes part in events, declared in site.toml as [actors.<slug>].
type Actor struct {
	Slug string
	Name string
	Kind string // one of ActorKinds
	Role string // one line
	URL  string // optional
	Pos  Pos    // where it is declared
}

// Citation is an article of the Digital Services Act cited by an entry:
// Article is its number (1–93), Ref the text cited, such as "34(1)" or "25".
type Citation struct {
	Article int
	Ref     string
}

// Source is where the facts of an entry come from.
type Source struct {
	Name    string // publisher or institution (required)
	Title   string
	URL     string // http or https
	Date    *Date
	Lang    string
	Archive string // URL of an archived copy
}

// Entry is one event of the chronology, from content/<year>/<slug>.md.
type Entry struct {
	Path    string // relative to the site's root: content/2024/slug.md
	Slug    string // the file's name without .md
	Title   string
	Date    Date
	Actors  []string   // slugs, as written
	DSA     []Citation // as written
	Sources []Source
	Summary string
	Related []string // slugs of other entries
	Draft   bool
	Body    string     // the annotation, rendered to HTML, if Rendered
	Links   []string   // slugs the body links to with [text](@slug), in order, without repeats, if Rendered
	Paths   []SitePath // paths of the site the body links to or shows as images, if Rendered

	Type       string   // slug of a kind of event of Site.Types, "" if the site declares none
	Procedure  string   // slug of the procedure the entry is a step of, or ""
	Step       string   // the kind of step (one of Steps) if Procedure is set
	RespondsTo []string // slugs of the entries it responds to
	Follows    []string // slugs of the entries it is the sequel of

	Corrections []Correction // from [[correction]], in the order written

	rendered bool // Body, Links and Paths are set (WithBody)
}

// Rendered reports whether e holds its annotation, rendered: Body, Links
// and Paths. An entry as parsed from its file does not; one that WithBody
// made does, even if its annotation is empty. A Chronology holds only
// rendered entries: an empty Body in it is an empty annotation, never one
// not rendered yet.
func (e *Entry) Rendered() bool { return e.rendered }

// WithBody returns a copy of e with its annotation rendered: its HTML, the
// slugs it links to and the paths of the site it links to. e is not
// modified.
func (e *Entry) WithBody(html string, links []string, paths []SitePath) *Entry {
	r := *e
	r.Body, r.Links, r.Paths, r.rendered = html, links, paths, true
	return &r
}

// SitePath is a link, or an image, of an annotation to a path of the site
// ("/dsa/34/", "/carte.png"): where it is written, and the path decoded,
// without query or fragment. The path must lead to a page or a file of the
// site, an image to a file of static/.
type SitePath struct {
	Pos
	Path  string
	Image bool
}

// Year returns the year the entry starts in.
func (e *Entry) Year() int { return e.Date.Start.Year }

// Compare orders entries by date (start, coarser precision first), then slug:
// a total order, so that two builds of the same input are identical.
func (e *Entry) Compare(f *Entry) int {
	if c := e.Date.Compare(f.Date); c != 0 {
		return c
	}
	return cmp.Compare(e.Slug, f.Slug)
}

// Year is the entries of one year, in order.
type Year struct {
	Year    int
	Entries []*Entry
}

// GroupByYear groups entries, in order, by the year they start in.
func GroupByYear(entries []*Entry) []*Year {
	var years []*Year
	for _, e := range entries {
		if n := len(years); n == 0 || years[n-1].Year != e.Year() {
			years = append(years, &Year{Year: e.Year()})
		}
		y := years[len(years)-1]
		y.Entries = append(y.Entries, e)
	}
	return years
}

// Chronology is the model of the site: every entry in order and the indexes
// the pages are made from.
type Chronology struct {
	Site      *Site
	Entries   []*Entry            // in order
	Years     []*Year             // in order
	BySlug    map[string]*Entry   //
	ByActor   map[string][]*Entry // actor slug → entries, in order
	ByArticle map[int][]*Entry    // article number → entries citing it, in order
	LinkedBy  map[string][]*Entry // slug → entries whose body, related list, responds_to or follows names it, in order
	index     map[*Entry]int
}

// NewChronology sorts the entries and indexes them. It expects entries that
// passed validation (unique slugs, known actors), with their annotations
// rendered: it panics if one is not (see Entry.Rendered).
func NewChronology(site *Site, entries []*Entry) *Chronology {
	for _, e := range entries {
		mustBeRendered(e)
	}
	c := &Chronology{
		Site:      site,
		Entries:   slices.Clone(entries),
		BySlug:    make(map[string]*Entry, len(entries)),
		ByActor:   make(map[string][]*Entry, len(site.Actors)),
		ByArticle: make(map[int][]*Entry, 93),
		LinkedBy:  make(map[string][]*Entry, len(entries)/4),
		index:     make(map[*Entry]int, len(entries)),
	}
	slices.SortFunc(c.Entries, (*Entry).Compare)
	orderResponses(c.Entries)
	c.Years = GroupByYear(c.Entries)
	for i, e := range c.Entries {
		c.index[e] = i
		c.BySlug[e.Slug] = e
		for _, a := range e.Actors {
			c.ByActor[a] = append(c.ByActor[a], e)
		}
		for _, n := range e.Articles() {
			c.ByArticle[n] = append(c.ByArticle[n], e)
		}
		for _, s := range e.Refs() {
			c.LinkedBy[s] = append(c.LinkedBy[s], e)
		}
	}
	return c
}

// Update returns the chronology of site and entries, as NewChronology
// does, reusing c, the chronology of an earlier version of the same
// entries, for a preview that makes the model again at every save. If
// every entry that is not in c (compared by pointer) replaces the entry of
// c with its slug and keeps its place in every list and index (none of
// placeFields Changed), the result is c with those entries replaced:
// nothing is sorted or indexed again. This is how the model is made, not
// what changed in it: that is Diff's to say. Otherwise it is
// NewChronology(site, entries). c is not modified; the result may share
// with c what did not change, and neither may be modified.
func (c *Chronology) Update(site *Site, entries []*Entry) *Chronology {
	if c == nil || len(entries) != len(c.Entries) {
		return NewChronology(site, entries)
	}
	replaced := map[*Entry]*Entry{} // old → new
	for _, e := range entries {
		old := c.BySlug[e.Slug]
		if old == e {
			continue
		}
		if old == nil || Changed(old, e).Any(placeFields) {
			return NewChronology(site, entries)
		}
		mustBeRendered(e)
		replaced[old] = e
	}
	// Slugs are unique, and every new slug is one of c's: the entries are
	// c's, some replaced.
	u := *c
	u.Site = site
	if len(replaced) == 0 {
		return &u
	}
	swap := func(list []*Entry) []*Entry {
		list = slices.Clone(list)
		for i, e := range list {
			if r := replaced[e]; r != nil {
				list[i] = r
			}
		}
		return list
	}
	u.Entries = slices.Clone(c.Entries)
	u.BySlug = maps.Clone(c.BySlug)
	u.index = maps.Clone(c.index)
	u.Years = slices.Clone(c.Years)
	u.ByActor = maps.Clone(c.ByActor)
	u.ByArticle = maps.Clone(c.ByArticle)
	u.LinkedBy = maps.Clone(c.LinkedBy)
	for old, e := range replaced {
		i := c.index[old]
		u.Entries[i] = e
		u.BySlug[e.Slug] = e
		delete(u.index, old)
		u.index[e] = i
	}
	// The lists an entry is in, each copied once.
	years, actors, articles, refs := map[int]bool{}, map[string]bool{}, map[int]bool{}, map[string]bool{}
	for _, e := range replaced {
		years[e.Year()] = true
		for _, a := range e.Actors {
			actors[a] = true
		}
		for _, n := range e.Articles() {
			articles[n] = true
		}
		for _, r := range e.Refs() {
			refs[r] = true
		}
	}
	for i, y := range u.Years {
		if years[y.Year] {
			u.Years[i] = &Year{Year: y.Year, Entries: swap(y.Entries)}
		}
	}
	for a := range actors {
		u.ByActor[a] = swap(c.ByActor[a])
	}
	for n := range articles {
		u.ByArticle[n] = swap(c.ByArticle[n])
	}
	for r := range refs {
		u.LinkedBy[r] = swap(c.LinkedBy[r])
	}
	return &u
}

func mustBeRendered(e *Entry) {
	if !e.rendered {
		panic("chrono: entry " + e.Path + " is not rendered; a chronology holds entries made by WithBody")
	}
}

// placeFields are the fields that decide where an entry sits in a
// chronology's lists and indexes: its date, actors, articles and the
// entries it refers to (see Refs).
var placeFields = FieldsOf("Date", "Actors", "DSA", "Related", "RespondsTo", "Follows", "Links")

// Articles returns the numbers of the articles e cites, in order of first
// citation, without repeats.
func (e *Entry) Articles() []int {
	var ns []int
	for _, c := range e.DSA {
		if !slices.Contains(ns, c.Article) {
			ns = append(ns, c.Article)
		}
	}
	return ns
}

// Refs returns the slugs e refers to, by its related list, its responses
// and sequels, or its body, without repeats.
func (e *Entry) Refs() []string {
	refs := slices.Clone(e.Related)
	for _, l := range slices.Concat(e.RespondsTo, e.Follows, e.Links) {
		if !slices.Contains(refs, l) {
			refs = append(refs, l)
		}
	}
	return refs
}

// Prev returns the entry before e, or nil.
func (c *Chronology) Prev(e *Entry) *Entry {
	if i := c.index[e]; i > 0 {
		return c.Entries[i-1]
	}
	return nil
}

// Next returns the entry after e, or nil.
func (c *Chronology) Next(e *Entry) *Entry {
	if i := c.index[e]; i+1 < len(c.Entries) {
		return c.Entries[i+1]
	}
	return nil
}

// ActorSlugs returns the declared actors' slugs, sorted.
func (s *Site) ActorSlugs() []string {
	slugs := make([]string, 0, len(s.Actors))
	for k := range s.Actors {
		slugs = append(slugs, k)
	}
	slices.Sort(slugs)
	return slugs
}

// Articles returns the numbers of the cited articles, in order.
func (c *Chronology) Articles() []int {
	ns := make([]int, 0, len(c.ByArticle))
	for n := range c.ByArticle {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

// The paths of the site's pages, relative to its base path. Every page is a
// folder with an index.html ("pretty URLs").

// EntryPath is the path of the page of the entry with this slug and year.
func EntryPath(year int, slug string) string { return "/" + YearText(year) + "/" + slug + "/" }

// YearPath is the path of the page of a year.
func YearPath(year int) string { return "/" + YearText(year) + "/" }

// YearText writes a year with four digits, as its folder in content/ and
// its dates are written: the year 999 is 0999.
func YearText(year int) string {
	if year >= 1000 {
		return itoa(year)
	}
	return string(appendPadded(nil, year, 4))
}

// ActorPath is the path of the page of an actor.
func ActorPath(slug string) string { return "/actors/" + slug + "/" }

// ArticlePath is the path of the page of an article of the DSA.
func ArticlePath(n int) string { return "/dsa/" + itoa(n) + "/" }

// URLPath is the path of the entry's page.
func (e *Entry) URLPath() string { return EntryPath(e.Year(), e.Slug) }

func itoa(n int) string { return strconv.Itoa(n) }
