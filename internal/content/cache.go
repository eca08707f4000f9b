package content

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
	"github.com/chrono-dsa/chrono/internal/par"
)

// Cache makes loading a site again cheap when few of its files changed, for
// a preview that rebuilds the site on every save. It keeps, per entry file,
// the file's SHA-256 and what it made: the entry as parsed and checked, its
// problems, and its body as rendered with the answers the body's @slug links
// got. A later Load reads again only the files it was told changed (by
// Invalidate), parses again only those whose content differs, and renders a
// body again only if the file changed or one of its links now resolves
// differently (the target was added, removed, moved to another year or made
// a draft). Checks across entries (duplicate slugs, year folders, related
// entries) run on every entry each time: they are cheap. The warnings
// across entries (the same date and source in two entries, an actor no
// entry names) are reused while the site and the list of files are the same
// and every entry that changed kept the fields they read, as
// chrono.Changed says, and was named by no warning (see Cache.warnings).
//
// The result of Load is the one content.Load gives on the same files, with
// one more property: an entry whose file, body and links did not change is
// the same *chrono.Entry as in the previous load, so that callers can tell
// what changed by comparing pointers. Entries returned are never modified
// afterwards.
//
// A Cache is for one site, loaded with the same Markdown renderer and
// options (changing either empties it); it is not safe for concurrent use.
type Cache struct {
	md    *markdown.Renderer // of the last load
	opts  Options            // of the last load
	all   bool               // every file may have changed
	dirty map[string]bool    // paths changed since the last load, files or folders
	site  *siteRecord        // site.toml, nil until loaded
	files map[string]*record // by path, the entries of the last load
	recs  []*record          // the same, in the order of listed
	// listed is the listing recs were made for.
	listed []entryFile
	// listing is the last listing of content/, reused while every path
	// changed since is a file of it that is still a file: a save changes
	// no listing, and listing ten thousand files costs a stat each
	// through os.Root.
	listing *listing

	// cross is what the checks across entries (warnings) said last.
	cross *crossWarnings

	siteChanged bool // during a load: site.toml is not what it was

	// procSite is procBase with the procedures of the last load.
	procBase, procSite *chrono.Site
}

// crossWarnings is what warnings said of the entries of a load.
type crossWarnings struct {
	site    *chrono.Site
	entries []*parsed
	named   map[string]bool // the files its warnings are about
	probs   chrono.Problems
}

// siteRecord is what site.toml made.
type siteRecord struct {
	sum   [sha256.Size]byte
	site  *chrono.Site // as loaded, without intro
	probs chrono.Problems
	intro *chrono.Site // site, with the intro of the last load
}

// record is what an entry file made.
type record struct {
	path  string
	stale bool // during a load: the file must be read again
	valid bool // sum, parsed and probs are set
	sum   [sha256.Size]byte

	parsed *parsed         // as parsed and checked alone; nil if it did not parse
	probs  chrono.Problems // of parsing

	proto *chrono.Entry   // the parsed entry the body was rendered for
	calls []linkCall      // what the body's links were told
	res   markdown.Result // the body rendered
	entry *chrono.Entry   // proto with Body and Links
}

// linkCall is a question the Markdown renderer asked the linker and its
// answer.
type linkCall struct {
	slug, url string
	err       chrono.Message // in both languages; none if the link leads somewhere
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{all: true, dirty: map[string]bool{}, files: map[string]*record{}}
}

// Invalidate says that the files or folders at these paths (relative to the
// site's root, slash-separated) may have changed since the last load.
func (c *Cache) Invalidate(paths ...string) {
	for _, p := range paths {
		c.dirty[path.Clean(p)] = true
	}
}

// InvalidateAll says that any file may have changed.
func (c *Cache) InvalidateAll() { c.all = true }

// Load is content.Load, reusing what did not change since the last call.
// The Cache does each stage of the load (stages), from what it kept.
func (c *Cache) Load(fsys fs.FS, md *markdown.Renderer, opts Options) (*Loaded, error) {
	if c.md != md || c.opts != opts {
		*c = *NewCache()
		c.md, c.opts = md, opts
	}
	s, err := load(fsys, md, opts, c)
	c.siteChanged = false
	if err != nil {
		// The cache may hold a half-made load: start again next time.
		c.InvalidateAll()
		return nil, err
	}
	c.all = false
	clear(c.dirty)
	return s, nil
}

type listing struct {
	files []entryFile
	probs chrono.Problems
	has   map[string]bool // paths of files
}

// list is list, reusing the last listing when it cannot have changed.
func (c *Cache) list(fsys fs.FS) ([]entryFile, chrono.Problems, error) {
	if !c.all && c.listing != nil && c.sameListing(fsys) {
		return c.listing.files, c.listing.probs, nil
	}
	files, probs, err := list(fsys)
	if err != nil {
		c.listing = nil
		return nil, nil, err
	}
	l := &listing{files: files, probs: probs, has: make(map[string]bool, len(files))}
	for _, f := range files {
		l.has[f.path] = true
	}
	c.listing = l
	return files, probs, nil
}

// sameListing reports whether every path of content/ changed since the
// last listing is a file it lists that is still a regular file.
func (c *Cache) sameListing(fsys fs.FS) bool {
	for p := range c.dirty {
		if p != Dir && !strings.HasPrefix(p, Dir+"/") {
			continue // site.toml: not a file of the listing
		}
		if !c.listing.has[p] {
			return false // a new file, a folder, or a file listed with a problem
		}
		if fi, err := fs.Lstat(fsys, p); err != nil || !fi.Mode().IsRegular() {
			return false // removed, or no longer a plain file
		}
	}
	return true
}

// isDirty reports whether the file at p, or a folder above it, changed.
func (c *Cache) isDirty(p string) bool {
	if c.all {
		return true
	}
	for ; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		if c.dirty[p] {
			return true
		}
	}
	return false
}

// loadSite is loadSite, reusing the last result if site.toml is the same.
func (c *Cache) loadSite(fsys fs.FS, baseURL string) (*chrono.Site, chrono.Problems, error) {
	if c.site != nil && !c.isDirty(SiteFile) {
		return c.site.site, slices.Clone(c.site.probs), nil
	}
	src, err := readLimited(fsys, SiteFile, MaxSiteSize)
	if err == nil && src != nil && c.site != nil && sha256.Sum256(src) == c.site.sum {
		return c.site.site, slices.Clone(c.site.probs), nil
	}
	c.siteChanged = true
	c.site = nil
	site, probs, lerr := loadSite(fsys, baseURL)
	if lerr == nil && err == nil && site != nil {
		c.site = &siteRecord{sum: sha256.Sum256(src), site: site, probs: slices.Clone(probs)}
	}
	return site, probs, lerr
}

// withIntro returns site with its home page's introduction.
func (c *Cache) withIntro(site *chrono.Site, intro string, paths []chrono.SitePath) *chrono.Site {
	if c.site == nil || site != c.site.site {
		return fresh{}.withIntro(site, intro, paths)
	}
	if c.site.intro == nil || c.site.intro.Intro != intro || !slices.Equal(c.site.intro.IntroPaths, paths) {
		s := *site
		s.Intro, s.IntroPaths = intro, paths
		c.site.intro = &s
	}
	return c.site.intro
}

// records returns the records of files, in order, dropping those of files
// that are gone.
func (c *Cache) records(files []entryFile) []*record {
	// The same listing as last time (list reused it): the same records.
	if len(c.recs) != len(files) || len(files) == 0 || &c.listed[0] != &files[0] {
		c.recs = make([]*record, len(files))
		next := make(map[string]*record, len(files))
		for i, f := range files {
			r := c.files[f.path]
			if r == nil {
				r = &record{path: f.path}
			}
			c.recs[i], next[f.path] = r, r
		}
		c.files, c.listed = next, files
	}
	for _, r := range c.recs {
		r.stale = !r.valid || c.siteChanged || c.isDirty(r.path)
	}
	return c.recs
}

// parse reads and parses the entries of files, on every core, reusing what
// their records hold.
func (c *Cache) parse(fsys fs.FS, files []entryFile, site *chrono.Site) ([]*parsed, []chrono.Problems, error) {
	recs := c.records(files)
	ps, probs, errs := make([]*parsed, len(files)), make([]chrono.Problems, len(files)), make([]error, len(files))
	par.Do(len(files), func(i int) { ps[i], probs[i], errs[i] = c.parseOne(recs[i], fsys, files[i], site) })
	return ps, probs, errors.Join(errs...)
}

// parseOne reads and parses the entry in file f, or reuses what r holds.
func (c *Cache) parseOne(r *record, fsys fs.FS, f entryFile, site *chrono.Site) (*parsed, chrono.Problems, error) {
	if r.stale {
		src, err := readFile(fsys, f.path)
		if err != nil {
			r.valid = false
			return nil, nil, err
		}
		if src == nil { // too large: nothing worth keeping
			r.valid = false
			p, probs := parseSource(f, src, site)
			return p, probs, nil
		}
		sum := sha256.Sum256(src)
		if !r.valid || sum != r.sum || c.siteChanged {
			r.parsed, r.probs = parseSource(f, src, site)
			r.sum, r.valid = sum, true
		}
	}
	// Callers only read the problems returned.
	if r.parsed == nil {
		return nil, r.probs, nil
	}
	// A copy of its own for this load: checks across entries add
	// problems, and at its length, appending to it copies it first.
	fl := *r.parsed.fields
	probs := *r.parsed.fields.probs
	fl.probs = new(probs[:len(probs):len(probs)])
	// What is worked out of the entry once (normalURLs, dateKey) is kept
	// with the record, so a copy carries it.
	return &parsed{entry: r.parsed.entry, file: r.parsed.file, fields: &fl, urls: r.parsed.normalURLs(), date: r.parsed.dateKey()}, r.probs, nil
}

// render is fresh's render, reusing the last rendering if p is the same
// and its links resolve as they did.
func (c *Cache) render(md *markdown.Renderer, p *parsed, l linker) (markdown.Result, *chrono.Entry) {
	r := c.files[p.entry.Path]
	if r.entry != nil && r.proto == p.entry && r.replay(l) {
		return r.res, r.entry
	}
	rec := &recorder{l: l.from(l.self)} // suggestions counted afresh, as in a build
	res, e := renderBody(md, p, rec)
	r.proto, r.calls, r.res, r.entry = p.entry, rec.calls, res, e
	return res, e
}

// replay reports whether l answers the questions of the last rendering as
// they were answered then.
func (r *record) replay(l linker) bool {
	for _, call := range r.calls {
		if (linkCall{slug: call.slug}).answer(l) != call {
			return false
		}
	}
	return true
}

func (q linkCall) answer(l linker) linkCall {
	url, err := l.Entry(q.slug)
	q.url = url
	if err != nil && !errors.As(err, &q.err) {
		q.err = chrono.Message{En: err.Error(), Fr: err.Error()}
	}
	return q
}

// recorder is a linker that remembers what it was asked.
type recorder struct {
	l     linker
	calls []linkCall
}

func (r *recorder) Entry(slug string) (string, error) {
	call := linkCall{slug: slug}.answer(r.l)
	r.calls = append(r.calls, call)
	if call.err.En != "" {
		return "", call.err
	}
	return call.url, nil
}

func (r *recorder) Path(p string) string { return r.l.Path(p) }

// warnings is warnings, reusing the last result while it cannot have
// changed: the same site.toml, the same entry files, and every entry that
// changed kept the fields the warnings read (warnedFields: chrono.Changed
// says) and was in no warning. It is then in none still, and the other
// warnings are about files that did not change.
func (c *Cache) warnings(site *chrono.Site, entries []*parsed) chrono.Problems {
	if w := c.cross; w != nil && w.site == site && w.holds(entries) {
		w.entries = entries
		return w.probs
	}
	w := &crossWarnings{site: site, entries: entries, named: map[string]bool{}, probs: warnings(site, entries)}
	for _, p := range w.probs {
		w.named[p.Path] = true
	}
	c.cross = w
	return w.probs
}

// warnedFields are the fields of the entries that the warnings across
// entries read: where the file is, the date, the sources' URLs and the
// actors. An entry named by a warning is read more closely (the positions
// of its keys in its file): w.named.
var warnedFields = chrono.FieldsOf("Path", "Date", "Sources", "Actors")

// holds reports whether the warnings about w.entries are those about
// entries.
func (w *crossWarnings) holds(entries []*parsed) bool {
	if len(entries) != len(w.entries) {
		return false
	}
	for i, p := range entries {
		q := w.entries[i]
		if p.entry != q.entry && (w.named[p.entry.Path] || chrono.Changed(q.entry, p.entry).Any(warnedFields)) {
			return false
		}
	}
	return true
}
