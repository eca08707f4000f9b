package render

import (
	"bytes"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// Incremental renders a site again after a change, making only the files
// the change can reach, and keeps the others from its last render. The
// files of a render are those Render makes, byte for byte.
//
// What a change reaches is decided from the two chronologies, old and new,
// by comparing entries by pointer (content.Cache keeps an unchanged entry's
// pointer), and from the names of the files, which say what they are about:
//
//   - everything, when the layouts, the options, the site's settings or the
//     list of years (every page's header) changed, and on the first render;
//   - <year>/<slug>/…: the pages of the changed entries, of their old and new
//     neighbours, of the entries they name and of those that name them;
//   - <year>/…, actors/<slug>/…, dsa/<n>/…: those of the changed entries'
//     years, actors and articles; all of them if an entry was added,
//     removed, or changed in a way that changes lists or counts (its date,
//     actors, articles, draft status or links);
//   - the files made without layouts, from what they are known to hold:
//     the sitemap (the pages' addresses) and chroma.css only if lists
//     changed; chronologie.json and .csv, and the feeds of actors and
//     articles (summaries, not annotations), only if an entry changed more
//     than its annotation (in the feed's latest entries, for a feed); the
//     site's feed (whole annotations) if one of its latest entries changed;
//   - every other file (the home page, the indexes of actors and articles,
//     the 404 page) if anything changed: what their layouts show is the
//     site's to choose;
//   - files of static/ only when static/ changed.
//
// When no list changed and static/ did not, the site has the files of the
// last render, and only the pages the change can reach are listed.
type Incremental struct {
	prev    *chrono.Chronology // of the last good render
	layouts *Layouts
	opts    Options
	files   map[string][]byte // of the last good render
	static  map[string]bool   // names in files copied from static/
	json    *lineCache        // lines of chronologie.json
	csv     *lineCache        // rows of chronologie.csv
	// partials are the outputs of Page.Cached, kept from render to render
	// until everything is made again: their keys name what they depend on
	// besides the site and its years, and an entry that changed is a new
	// pointer, so a new key.
	partials *partials
}

// Result is what a render made.
type Result struct {
	Files   map[string][]byte // every file of the site, by name; never modified afterwards
	Changed []string          // names of files added, changed or removed, sorted
	Made    int               // files made by this render
}

// Render renders c with l. staticChanged
// says that files of static/ may have changed. Problems are layouts that
// failed and static files in the way of generated ones; when there are
// problems, or an error, the last good render is kept as the base of the
// next one.
func (inc *Incremental) Render(c *chrono.Chronology, l *Layouts, fsys fs.FS, opts Options, staticChanged bool) (*Result, chrono.Problems, error) {
	full := inc.prev == nil || l != inc.layouts || opts != inc.opts || !sameSite(inc.prev.Site, c.Site) || !sameYears(inc.prev, c)
	if full || inc.partials == nil {
		inc.partials = newPreviewPartials()
	}
	var d *diff
	if !full {
		d = newDiff(inc.prev, c)
	}
	// same: the site has the files of the last render, and only those the
	// change can reach need be listed.
	same := d != nil && !d.lists && !staticChanged
	var jobs []job
	static := inc.static
	if same {
		jobs = d.candidates(l, opts, inc.partials)
	} else {
		var probs chrono.Problems
		var err error
		jobs, probs, err = jobsWith(c, l, fsys, opts, inc.partials)
		if err != nil || len(probs) > 0 {
			return nil, probs, err
		}
		staticNames, _, err := staticFiles(fsys)
		if err != nil {
			return nil, nil, err
		}
		static = map[string]bool{}
		for _, n := range staticNames {
			static[strings.TrimPrefix(n, StaticDir+"/")] = true
		}
	}
	json, csv := inc.json, inc.csv
	if full || json == nil {
		json, csv = newLineCache(jsonEntryOf), newLineCache(csvRowOf)
	}
	var run []job
	for _, j := range jobs {
		made := full || inc.files[j.name] == nil
		switch {
		case made:
		case static[j.name]:
			made = staticChanged
		default:
			made = d.reaches(j.name)
		}
		if !made {
			continue
		}
		switch j.name {
		case "chronologie.json":
			j.make = func() ([]byte, error) { return jsonDocument(c, json.line) }
		case "chronologie.csv":
			j.make = func() ([]byte, error) { return csvDocument(c, csv.line) }
		}
		run = append(run, j)
	}
	var mu sync.Mutex
	made := make(map[string][]byte, len(run))
	probs, err := Run(run, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		made[name] = bytes.Clone(data) // data is the page's buffer: see Emit
		return nil
	})
	if err != nil || len(probs) > 0 {
		return nil, probs, err
	}

	res := &Result{Made: len(made)}
	if same {
		res.Files = maps.Clone(inc.files)
		for name, data := range made {
			if !bytes.Equal(inc.files[name], data) {
				res.Changed = append(res.Changed, name)
			}
			res.Files[name] = data
		}
	} else {
		res.Files = make(map[string][]byte, len(jobs))
		for _, j := range jobs {
			data, ok := made[j.name]
			if !ok {
				data = inc.files[j.name]
			} else if old, had := inc.files[j.name]; !had || !bytes.Equal(old, data) {
				res.Changed = append(res.Changed, j.name)
			}
			res.Files[j.name] = data
		}
		for name := range inc.files {
			if _, ok := res.Files[name]; !ok {
				res.Changed = append(res.Changed, name)
			}
		}
	}
	slices.Sort(res.Changed)

	if d != nil {
		for _, e := range d.old {
			json.forget(e)
			csv.forget(e)
		}
	}
	inc.prev, inc.layouts, inc.opts, inc.files, inc.static, inc.json, inc.csv = c, l, opts, res.Files, static, json, csv
	return res, nil, nil
}

// sameSite reports whether a and b are the same settings and actors; the
// home page's introduction is compared apart.
func sameSite(a, b *chrono.Site) bool {
	if a == b {
		return true
	}
	x, y := *a, *b
	x.Intro, y.Intro = "", ""
	return reflect.DeepEqual(x, y)
}

func sameYears(a, b *chrono.Chronology) bool {
	return slices.EqualFunc(a.Years, b.Years, func(x, y *chrono.Year) bool { return x.Year == y.Year })
}

// diff is what changed between two chronologies.
type diff struct {
	c        *chrono.Chronology       // the new one
	any      bool                     // anything changed
	lists    bool                     // lists or counts may have changed: an entry was added, removed, or changed its date, actors, articles, draft status or links
	changed  map[string]bool          // slugs of the entries changed, added or removed
	fields   map[string]bool          // slugs of those that changed more than their annotation (Body)
	entries  map[string]bool          // slugs of entries whose pages must be made again
	years    map[string]bool          // "2024"
	actors   map[string]bool          // actor slugs
	articles map[string]bool          // "34"
	old      map[string]*chrono.Entry // changed or removed entries of the old chronology
}

func newDiff(prev, c *chrono.Chronology) *diff {
	d := &diff{c: c, changed: map[string]bool{}, fields: map[string]bool{}, entries: map[string]bool{}, years: map[string]bool{}, actors: map[string]bool{}, articles: map[string]bool{}, old: map[string]*chrono.Entry{}}
	d.any = prev.Site.Intro != c.Site.Intro
	touch := func(ch *chrono.Chronology, e *chrono.Entry) {
		if e == nil {
			return
		}
		d.entries[e.Slug] = true
		if p := ch.Prev(e); p != nil {
			d.entries[p.Slug] = true
		}
		if n := ch.Next(e); n != nil {
			d.entries[n.Slug] = true
		}
		for _, r := range e.Refs() {
			d.entries[r] = true
		}
		for _, r := range ch.LinkedBy[e.Slug] {
			d.entries[r.Slug] = true
		}
		d.years[strconv.Itoa(e.Year())] = true
		for _, a := range e.Actors {
			d.actors[a] = true
		}
		for _, n := range e.Articles() {
			d.articles[strconv.Itoa(n)] = true
		}
	}
	changed := func(slug string, e0, e1 *chrono.Entry) {
		d.any = true
		d.changed[slug] = true
		if e0 == nil || e1 == nil || !sameShape(e0, e1) || !sameKind(e0, e1) {
			d.lists = true
		}
		if e0 == nil || e1 == nil || !sameButBody(e0, e1) {
			d.fields[slug] = true
		}
		if e0 != nil {
			d.old[slug] = e0
		}
		touch(prev, e0)
		touch(c, e1)
	}
	for slug, e1 := range c.BySlug {
		if e0 := prev.BySlug[slug]; e0 != e1 {
			changed(slug, e0, e1)
		}
	}
	for slug, e0 := range prev.BySlug {
		if c.BySlug[slug] == nil {
			changed(slug, e0, nil)
		}
	}
	return d
}

// sameShape reports whether two versions of an entry sit at the same place
// in every list and count: only their text differs.
func sameShape(a, b *chrono.Entry) bool {
	type shape struct {
		Path, Slug     string
		Date           chrono.Date
		Actors         []string
		DSA            []chrono.Citation
		Draft          bool
		Related, Links []string
	}
	return reflect.DeepEqual(
		shape{a.Path, a.Slug, a.Date, a.Actors, a.DSA, a.Draft, a.Related, a.Links},
		shape{b.Path, b.Slug, b.Date, b.Actors, b.DSA, b.Draft, b.Related, b.Links})
}

// sameButBody reports whether two versions of an entry differ at most in
// their annotation.
func sameButBody(a, b *chrono.Entry) bool {
	x, y := *a, *b
	x.Body, y.Body = "", ""
	return reflect.DeepEqual(x, y)
}

// reaches reports whether the file name must be made again.
func (d *diff) reaches(name string) bool {
	if !d.any {
		return false
	}
	switch name {
	case "sitemap.xml", "chroma.css":
		return d.lists
	case "chronologie.json", "chronologie.csv":
		return d.lists || len(d.fields) > 0
	case "feed.xml":
		return d.lists || inFeed(d.c.Entries, d.changed)
	}
	seg := strings.Split(name, "/")
	if len(seg) == 3 && seg[2] == "feed.xml" && !d.lists {
		switch seg[0] {
		case "actors":
			return d.actors[seg[1]] && inFeed(d.c.ByActor[seg[1]], d.fields)
		case "dsa":
			n, _ := strconv.Atoi(seg[1])
			return d.articles[seg[1]] && inFeed(d.c.ByArticle[n], d.fields)
		}
	}
	if len(seg) >= 3 {
		switch {
		case isYear(seg[0]):
			return d.entries[seg[1]]
		case seg[0] == "actors":
			return d.lists || d.actors[seg[1]]
		case seg[0] == "dsa":
			return d.lists || d.articles[seg[1]]
		}
	}
	if len(seg) == 2 && isYear(seg[0]) {
		return d.lists || d.years[seg[0]]
	}
	return true
}

// inFeed reports whether one of the entries of a feed of entries, the
// latest FeedSize, has its slug in slugs.
func inFeed(entries []*chrono.Entry, slugs map[string]bool) bool {
	for _, e := range entries[max(0, len(entries)-FeedSize):] {
		if slugs[e.Slug] {
			return true
		}
	}
	return false
}

// candidates lists the files of the new chronology d can reach, when no
// list changed (the site has the files it had): the pages of the changed
// entries, years, actors and articles, and the other files; reaches
// decides among them.
func (d *diff) candidates(l *Layouts, opts Options, shared *partials) []job {
	c, m := d.c, newPageMaker(d.c, opts)
	pages := []*Page{m.home(), m.actors(), m.articles(), m.notFound()}
	for _, y := range c.Years {
		if d.years[strconv.Itoa(y.Year)] {
			pages = append(pages, m.year(y))
		}
	}
	for _, e := range c.Entries {
		if d.entries[e.Slug] {
			pages = append(pages, m.entry(e))
		}
	}
	for _, slug := range c.Site.ActorSlugs() {
		if d.actors[slug] {
			pages = append(pages, m.actor(slug))
		}
	}
	for _, n := range c.Articles() {
		if d.articles[strconv.Itoa(n)] {
			pages = append(pages, m.article(n))
		}
	}
	pages = append(pages, d.procedurePages(m)...)
	pages = append(pages, m.corrections())
	pages = append(pages, m.aboutPages()...)
	jobs := fileJobs(c, opts)
	for _, p := range pages {
		jobs = append(jobs, pageJob(p, l, shared))
	}
	return jobs
}

func isYear(s string) bool {
	_, err := strconv.Atoi(s)
	return len(s) == 4 && err == nil
}

// lineCache keeps, for a preview, the line of each entry in a file made of
// one line per entry (chronologie.json, chronologie.csv), so that the file
// is made again from the lines of the entries that changed.
type lineCache struct {
	of      func(*chrono.Chronology, *chrono.Entry) ([]byte, error)
	entries map[*chrono.Entry][]byte
}

func newLineCache(of func(*chrono.Chronology, *chrono.Entry) ([]byte, error)) *lineCache {
	return &lineCache{of: of, entries: map[*chrono.Entry][]byte{}}
}

// line returns e's line. Calls for a file come from one goroutine.
func (lc *lineCache) line(c *chrono.Chronology, e *chrono.Entry) ([]byte, error) {
	if line := lc.entries[e]; line != nil {
		return line, nil
	}
	line, err := lc.of(c, e)
	if err == nil {
		lc.entries[e] = line
	}
	return line, err
}

func (lc *lineCache) forget(e *chrono.Entry) { delete(lc.entries, e) }
