package render

import (
	"bytes"
	"io/fs"
	"strconv"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/dsa"
)

// output is a file of the site, not yet made: a page, made with the
// layouts, which records what it reads as it is made; a file made without
// layouts, which says what it reads (reads); or a file of static/, which
// reads itself.
type output struct {
	name   string // path in the output: "2024/slug/index.html"
	page   *Page
	reads  []chrono.Key
	make   func() ([]byte, error) // files made without layouts
	static string                 // "static/…", for a file of static/
}

// outputs lists every file of the site c, in a fixed order: its pages,
// the files made without layouts, and static (the files of static/, as
// staticFiles lists them). It is the one list of what a site holds: a full
// build makes all of it, a preview what a change reaches. names, if not
// nil, are the names of the entries' pages, in the order of c.Entries,
// from a chronology with the same entries in the same order: a preview
// lists the site at every save. idx is the search index of c, whose files
// are listed after the data files.
func outputs(c *chrono.Chronology, opts Options, static []string, fsys fs.FS, names []string, idx *searchIndex) []output {
	site := *c.Site
	site.Intro, site.IntroPaths, site.Procedures = "", nil, nil
	site.About, site.AboutPaths, site.History = "", nil, nil
	base := c.Site.BasePath()
	procs := c.Site.Procedures
	outs := make([]output, 0, 3+len(c.Years)+len(c.Entries)+3*len(c.Site.Actors)+2*len(c.ByArticle)+3*len(procs)+8+len(static)+len(c.Entries)/searchChunk+len(idx.leaves)+3)
	// The pages in one allocation: a preview lists them at every save.
	pages := make([]Page, 0, 8+len(c.Years)+len(c.Entries)+len(c.Site.Actors)+len(c.ByArticle)+len(procs))
	page := func(p Page) {
		p.c, p.site, p.basePath, p.Drafts = c, &site, base, opts.Drafts
		pages = append(pages, p)
		outs = append(outs, output{name: FileName(p.Path), page: &pages[len(pages)-1]})
	}
	page(Page{Kind: "home", Path: "/", Entries: c.Entries, list: entriesKey})
	for _, y := range c.Years {
		page(Page{Kind: "year", Path: chrono.YearPath(y.Year), Year: y, Entries: y.Entries, list: chrono.YearKey(y.Year)})
	}
	for i, e := range c.Entries {
		var name string
		if names != nil {
			name = names[i]
		} else {
			name = chrono.YearText(e.Year()) + "/" + e.Slug + "/index.html" // FileName(e.URLPath()), in one string
		}
		pages = append(pages, Page{Kind: "entry", Path: "/" + name[:len(name)-len("index.html")], Entry: e, c: c, site: &site, basePath: base, Drafts: opts.Drafts})
		outs = append(outs, output{name: name, page: &pages[len(pages)-1]})
	}
	slugs := c.Site.ActorSlugs()
	page(Page{Kind: "actors", Path: "/actors/"})
	for _, slug := range slugs {
		page(Page{Kind: "actor", Path: chrono.ActorPath(slug), Actor: c.Site.Actors[slug], Entries: c.ByActor[slug], list: chrono.ActorKey(slug)})
	}
	cited := c.Articles()
	page(Page{Kind: "articles", Path: "/dsa/"})
	for _, n := range cited {
		page(Page{Kind: "article", Path: chrono.ArticlePath(n), Article: dsa.Lookup(n), Entries: c.ByArticle[n], list: chrono.ArticleKey(n)})
	}
	if len(procs) > 0 {
		page(Page{Kind: "procedures", Path: chrono.ProceduresPath})
		for _, proc := range procs {
			page(Page{Kind: "procedure", Path: proc.URLPath(), Procedure: proc, Entries: c.Steps(proc.Slug), list: chrono.StepsKey(proc.Slug)})
		}
	}
	page(Page{Kind: "corrections", Path: chrono.CorrectionsPath})
	page(Page{Kind: "feeds", Path: FeedsPath})
	page(Page{Kind: "search", Path: SearchPath})
	if c.Site.About != "" {
		page(Page{Kind: "about", Path: AboutPath})
	}
	page(Page{Kind: "404", Path: "/404.html"})

	file := func(name string, make func() ([]byte, error), reads ...chrono.Key) {
		outs = append(outs, output{name: name, make: make, reads: append(reads, siteKey)})
	}
	latest := []chrono.Key{entriesKey, versionsKey} // the site's feed holds whole annotations
	for _, e := range c.Entries[max(0, len(c.Entries)-FeedSize):] {
		latest = append(latest, chrono.BodyKey(e.Slug))
	}
	file("feed.xml", func() ([]byte, error) { return feed(c) }, latest...)
	file("sitemap.xml", func() ([]byte, error) { return sitemap(c, opts) }, orderKey, yearsKey, articlesKey, proceduresKey, hasAboutKey)
	file("chronologie.json", func() ([]byte, error) { return jsonData(c) }, entriesKey)
	file("chroma.css", func() ([]byte, error) { return chromaCSS, nil })
	file(strings.TrimPrefix(XSLPath, "/"), func() ([]byte, error) { return feedStylesheet(c), nil })
	self := strings.TrimPrefix(chrono.CorrectionsPath, "/") + "feed.xml"
	file(self, func() ([]byte, error) { return correctionsFeed(c) }, correctionsKey)
	summaries := newFeedEntries()
	if len(procs) > 0 {
		// The feed of each procedure's steps, and /procedures.json, which
		// holds every procedure and the fields of its steps.
		all := []chrono.Key{proceduresKey}
		for _, proc := range procs {
			slug, page := proc.Slug, proc.URLPath()
			all = append(all, chrono.ProcedureKey(slug), chrono.StepsKey(slug))
			file(strings.TrimPrefix(page, "/")+"feed.xml", func() ([]byte, error) {
				return atom(c, page+"feed.xml", page, proc.Title+" · "+c.Site.Title,
					"Les étapes de la procédure : "+proc.Title+".", c.Steps(slug), false, summaries)
			}, chrono.ProcedureKey(slug), chrono.StepsKey(slug), versionsKey)
		}
		file("procedures.json", func() ([]byte, error) { return proceduresJSON(c) }, all...)
	}
	for _, slug := range slugs {
		a, entries := c.Site.Actors[slug], c.ByActor[slug]
		if len(entries) == 0 {
			continue
		}
		page := chrono.ActorPath(slug)
		file(strings.TrimPrefix(page, "/")+"feed.xml", func() ([]byte, error) {
			return atom(c, page+"feed.xml", page, a.Name+" · "+c.Site.Title,
				"Les événements de la chronologie auxquels prend part "+a.Name+".", entries, false, summaries)
		}, chrono.ActorKey(slug), versionsKey)
	}
	for _, n := range cited {
		a := dsa.Lookup(n)
		page := chrono.ArticlePath(n)
		file(strings.TrimPrefix(page, "/")+"feed.xml", func() ([]byte, error) {
			return atom(c, page+"feed.xml", page, "Article "+strconv.Itoa(n)+" du DSA · "+c.Site.Title,
				"Les événements de la chronologie qui citent l’article "+strconv.Itoa(n)+" du DSA : "+a.Title+".", c.ByArticle[n], false, summaries)
		}, chrono.ArticleKey(n), versionsKey)
	}
	file("chronologie.csv", func() ([]byte, error) { return csvData(c) }, entriesKey)
	searchOutputs(c, idx, file)

	for _, name := range static {
		outs = append(outs, output{name: strings.TrimPrefix(name, StaticDir+"/"), static: name, reads: []chrono.Key{chrono.FileKey(name)},
			make: func() ([]byte, error) { return fs.ReadFile(fsys, name) }})
	}
	return outs
}

// job returns the job that makes o, with l and the partials of ps for a
// page; record says to record what a page reads (in o.page.own).
func (o *output) job(l *Layouts, ps *partials, record bool) job {
	p := o.page
	if p == nil {
		return job{name: o.name, make: o.make}
	}
	p.partials = ps
	b := new(*bytes.Buffer)
	return job{name: o.name,
		make: func() ([]byte, error) {
			keys := p.subject()
			if record {
				p.own = make(chrono.Keys, len(keys)+8)
				for _, k := range keys {
					p.own.Add(k)
				}
				p.reads = p.own
			}
			*b = pageBuffers.Get().(*bytes.Buffer)
			(*b).Reset()
			if err := l.execute(*b, p); err != nil {
				return nil, err
			}
			return (*b).Bytes(), nil
		},
		done: func() {
			pageBuffers.Put(*b)
			*b = nil
		},
	}
}

// keys returns what o read when it was last made.
func (o *output) keys() []chrono.Key {
	if o.page == nil {
		return o.reads
	}
	ks := make([]chrono.Key, 0, len(o.page.own))
	for k := range o.page.own {
		ks = append(ks, k)
	}
	return ks
}
