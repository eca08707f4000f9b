// Package render turns the model of a chronology into the files of the
// site: one HTML page per year, entry, actor and cited article of the DSA,
// their indexes and the home page, through the site's layouts; an Atom feed,
// a sitemap, /chronologie.json, the stylesheet of highlighted code, and the
// files of static/ as they are.
//
// Pages are rendered on every core and handed to an Emit function as they
// are made, so that a build can write them straight to disk and a preview
// server can keep them in memory. Output depends only on the input: no
// clock, no map order.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/content"
	"github.com/chrono-dsa/chrono/internal/dsa"
	"github.com/chrono-dsa/chrono/internal/par"
)

// Emit receives a file of the site: its path relative to the output's root
// ("2024/slug/index.html") and its content. It is called from several
// goroutines at once. data is valid only until Emit returns (pages are made
// in buffers used again): an Emit that keeps it keeps a copy.
type Emit func(name string, data []byte) error

// StaticDir is the folder of files copied as they are, at the site's root.
const StaticDir = "static"

// Options change what is rendered.
type Options struct {
	Drafts bool // drafts are in the chronology: mark them as such
}

// job makes one file of the site.
type job struct {
	name string
	make func() ([]byte, error)
	// done, if not nil, is called once the file is emitted: what make
	// returned may then be used again.
	done func()
}

// pageBuffers are the buffers pages are made in, used again from page to
// page: a build makes ten thousand pages of 10 KB and more.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render renders every file of the site c, static files of fsys included,
// and hands each to emit. Mistakes in layouts are returned as problems;
// the error is for failures to emit.
func Render(c *chrono.Chronology, l *Layouts, fsys fs.FS, opts Options, emit Emit) (chrono.Problems, error) {
	jobs, probs, err := Jobs(c, l, fsys, opts)
	if err != nil || len(probs) > 0 {
		return probs, err
	}
	return Run(jobs, emit)
}

// Jobs lists the files of the site without making them.
func Jobs(c *chrono.Chronology, l *Layouts, fsys fs.FS, opts Options) ([]job, chrono.Problems, error) {
	return jobsWith(c, l, fsys, opts, newPartials())
}

// jobsWith is Jobs, with the pages sharing the partials of shared (see
// Page.Cached).
func jobsWith(c *chrono.Chronology, l *Layouts, fsys fs.FS, opts Options, shared *partials) ([]job, chrono.Problems, error) {
	var jobs []job
	for _, p := range Pages(c, opts) {
		jobs = append(jobs, pageJob(p, l, shared))
	}
	jobs = append(jobs, fileJobs(c, opts)...)
	static, probs, err := staticFiles(fsys)
	if err != nil {
		return nil, nil, err
	}
	generated := make([]string, len(jobs))
	for i, j := range jobs {
		generated[i] = j.name
	}
	probs = append(probs, clashes(generated, static)...)
	if len(probs) > 0 {
		return nil, probs, nil
	}
	for _, name := range static {
		jobs = append(jobs, job{name: strings.TrimPrefix(name, StaticDir+"/"), make: func() ([]byte, error) { return fs.ReadFile(fsys, name) }})
	}
	return jobs, probs, nil
}

// Names lists the files of the site c by their path in the output: those
// it generates, and those of static/ (without "static/").
func Names(c *chrono.Chronology, fsys fs.FS, opts Options) (generated, static []string, err error) {
	for _, p := range Pages(c, opts) {
		generated = append(generated, FileName(p.Path))
	}
	for _, j := range fileJobs(c, opts) {
		generated = append(generated, j.name)
	}
	names, _, err := staticFiles(fsys)
	for _, n := range names {
		static = append(static, strings.TrimPrefix(n, StaticDir+"/"))
	}
	return generated, static, err
}

// clashes reports the files of static/ (named "static/…") that the site
// cannot hold beside the generated files (named by their path in the
// output): one of the same name, a file where the site has a folder
// (static/2024 and 2024/index.html), or a file inside what the site writes
// as a file (static/sitemap.xml/x).
func clashes(generated, static []string) chrono.Problems {
	files := make(map[string]bool, len(generated))
	dirs := map[string]bool{}
	for _, g := range generated {
		files[g] = true
		for d := path.Dir(g); d != "."; d = path.Dir(d) {
			if dirs[d] {
				break
			}
			dirs[d] = true
		}
	}
	var probs chrono.Problems
	for _, name := range static {
		rel := strings.TrimPrefix(name, StaticDir+"/")
		switch {
		case files[rel]:
			probs.Add(chrono.Pos{Path: name}, "%s would replace the generated /%s; rename it", name, rel)
		case dirs[rel]:
			probs.Add(chrono.Pos{Path: name}, "%s is a file where the site has the folder /%s/ of generated pages; rename it", name, rel)
		default:
			for d := path.Dir(rel); d != "."; d = path.Dir(d) {
				if files[d] {
					probs.Add(chrono.Pos{Path: name}, "%s is inside a folder %s/%s, where the site writes the generated file /%s; rename the folder", name, StaticDir, d, d)
					break
				}
			}
		}
	}
	return probs
}

// fileJobs lists the files of the site that are not pages and not from
// static/.
func fileJobs(c *chrono.Chronology, opts Options) []job {
	jobs := []job{
		{name: "feed.xml", make: func() ([]byte, error) { return feed(c) }},
		{name: "sitemap.xml", make: func() ([]byte, error) { return sitemap(c, opts) }},
		{name: "chronologie.json", make: func() ([]byte, error) { return jsonData(c) }},
		{name: "chroma.css", make: func() ([]byte, error) { return chromaCSS, nil }},
	}
	jobs = append(jobs, procedureJobs(c)...)
	jobs = append(jobs, correctionJobs(c)...)
	return append(jobs, dataJobs(c)...)
}

// pageJob makes the page p with l, sharing the partials of shared.
func pageJob(p *Page, l *Layouts, shared *partials) job {
	p.partials = shared
	b := new(*bytes.Buffer)
	return job{name: FileName(p.Path),
		make: func() ([]byte, error) {
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

// Run makes the files of jobs on every core and emits them. A layout that
// fails to execute is a problem; a failure to make or emit a file is an
// error.
func Run(jobs []job, emit Emit) (chrono.Problems, error) {
	var (
		mu    sync.Mutex
		probs chrono.Problems
		errs  []error
	)
	par.Do(len(jobs), func(i int) {
		data, err := jobs[i].make()
		if err == nil {
			err = emit(jobs[i].name, data)
			if err != nil {
				err = fmt.Errorf("writing %s: %w", jobs[i].name, err)
			}
		}
		if jobs[i].done != nil {
			jobs[i].done()
		}
		if err == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		var pe *layoutError
		if errors.As(err, &pe) {
			probs = append(probs, pe.problem)
		} else {
			errs = append(errs, err)
		}
	})
	return probs.Sort(), errors.Join(errs...)
}

// FileName is the file of the page at a path: "/2024/" → "2024/index.html".
func FileName(p string) string {
	if strings.HasSuffix(p, ".html") {
		return strings.TrimPrefix(p, "/")
	}
	return strings.TrimPrefix(p+"index.html", "/")
}

// Pages lists the HTML pages of the site, in a fixed order.
func Pages(c *chrono.Chronology, opts Options) []*Page {
	m := newPageMaker(c, opts)
	pages := []*Page{m.home()}
	for _, y := range c.Years {
		pages = append(pages, m.year(y))
	}
	for _, e := range c.Entries {
		pages = append(pages, m.entry(e))
	}
	pages = append(pages, m.actors())
	for _, slug := range c.Site.ActorSlugs() {
		pages = append(pages, m.actor(slug))
	}
	pages = append(pages, m.articles())
	for _, n := range c.Articles() {
		pages = append(pages, m.article(n))
	}
	pages = append(pages, m.procedurePages()...)
	pages = append(pages, m.corrections())
	pages = append(pages, m.aboutPages()...)
	return append(pages, m.notFound())
}

// pageMaker makes the pages of a chronology, one at a time.
type pageMaker struct {
	c    *chrono.Chronology
	base string // c.Site.BasePath()
	opts Options
}

func newPageMaker(c *chrono.Chronology, opts Options) pageMaker {
	return pageMaker{c: c, base: c.Site.BasePath(), opts: opts}
}

func (m pageMaker) page(p *Page) *Page {
	p.Chrono, p.basePath, p.Drafts = m.c, m.base, m.opts.Drafts
	return p
}

func (m pageMaker) home() *Page {
	return m.page(&Page{Kind: "home", Path: "/", Title: m.c.Site.Title, Description: m.c.Site.Description, Entries: m.c.Entries})
}

func (m pageMaker) year(y *chrono.Year) *Page {
	return m.page(&Page{Kind: "year", Path: chrono.YearPath(y.Year), Year: y, Entries: y.Entries,
		Title:       fmt.Sprintf("%d", y.Year),
		Description: fmt.Sprintf("Les événements de %d entre l’Union européenne et X : %s.", y.Year, plural(len(y.Entries), "entrée", "entrées"))})
}

func (m pageMaker) entry(e *chrono.Entry) *Page {
	desc := e.Summary
	if desc == "" {
		desc = e.Title + " (" + e.Date.French() + ")"
	}
	return m.page(&Page{Kind: "entry", Path: e.URLPath(), Entry: e, Title: e.Title, Description: desc})
}

func (m pageMaker) actors() *Page {
	return m.page(&Page{Kind: "actors", Path: "/actors/", Title: "Les acteurs",
		Description: "Les personnes, institutions, entreprises et États qui prennent part aux événements de la chronologie."})
}

func (m pageMaker) actor(slug string) *Page {
	a, entries := m.c.Site.Actors[slug], m.c.ByActor[slug]
	desc := a.Name
	if a.Role != "" {
		desc += ", " + a.Role
	}
	return m.page(&Page{Kind: "actor", Path: chrono.ActorPath(slug), Actor: a, Entries: entries, Title: a.Name,
		Description: fmt.Sprintf("%s : %s dans la chronologie.", desc, plural(len(entries), "événement", "événements"))})
}

func (m pageMaker) articles() *Page {
	return m.page(&Page{Kind: "articles", Path: "/dsa/", Title: "Les articles du DSA",
		Description: "Les articles du règlement sur les services numériques (DSA) cités dans la chronologie, par chapitre."})
}

func (m pageMaker) article(n int) *Page {
	a, entries := dsa.Lookup(n), m.c.ByArticle[n]
	return m.page(&Page{Kind: "article", Path: chrono.ArticlePath(n), Article: a, Entries: entries,
		Title:       fmt.Sprintf("Article %d du DSA : %s", n, a.Title),
		Description: fmt.Sprintf("Article %d du règlement sur les services numériques (%s) : %s.", n, a.Title, plural(len(entries), "événement cité", "événements cités"))})
}

func (m pageMaker) notFound() *Page {
	return m.page(&Page{Kind: "404", Path: "/404.html", Title: "Page introuvable", Description: m.c.Site.Description})
}

func plural(n int, one, many string) string {
	if n <= 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// staticFiles lists the regular files of static/, refusing links.
func staticFiles(fsys fs.FS) ([]string, chrono.Problems, error) {
	var names []string
	var probs chrono.Problems
	err := fs.WalkDir(fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && p == StaticDir && errors.Is(err, fs.ErrNotExist):
			return fs.SkipAll
		case err != nil:
			return err
		case d.Type()&fs.ModeSymlink != 0:
			probs.Add(chrono.Pos{Path: p}, "symbolic links are not allowed in %s/; put the file itself here", StaticDir)
		case d.IsDir():
		case !d.Type().IsRegular():
			probs.Add(chrono.Pos{Path: p}, "not a regular file (a named pipe, a socket or a device); %s/ holds ordinary files", StaticDir)
		case content.Ignored(d.Name()):
			// Hidden files and editors' backup and swap files (style.css~,
			// .#style.css) are the editor's, not the site's: left out, as
			// in content/. Hidden folders (.well-known/) are published.
		case !staticKinds[strings.ToLower(path.Ext(p))]:
			probs.Add(chrono.Pos{Path: p}, "%s/ holds only inert files: images (.png, .jpg, .jpeg, .gif, .webp, .avif, .ico), .pdf, .txt, fonts (.woff, .woff2) and the stylesheets (.css); HTML, SVG and scripts could run code in the reader's browser, and a page belongs in layouts/", StaticDir)
		default:
			names = append(names, p)
		}
		return nil
	})
	slices.Sort(names)
	return names, probs, err
}

// staticKinds are the kinds of file static/ may hold, by extension: files
// no browser runs. A pull request may add an image or a PDF; what could
// hold a script (HTML, SVG, XML, JavaScript, WebAssembly…) is refused. A
// stylesheet is code of the site's own, like layouts/: CI marks every
// change to layouts/ and to static/*.css for a maintainer's review.
var staticKinds = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".avif": true, ".ico": true,
	".pdf": true, ".txt": true, ".woff": true, ".woff2": true, ".css": true,
}

// chromaCSS styles highlighted code: GitHub's colours, and their dark
// variant when the reader's system is dark.
var chromaCSS = func() []byte {
	var b bytes.Buffer
	f := html.New(html.WithClasses(true))
	_ = f.WriteCSS(&b, styles.Get("github"))
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	_ = f.WriteCSS(&b, styles.Get("github-dark"))
	b.WriteString("}\n")
	return b.Bytes()
}()

// layoutError is a layout that failed to execute.
type layoutError struct{ problem chrono.Problem }

func (e *layoutError) Error() string { return e.problem.Error() }
