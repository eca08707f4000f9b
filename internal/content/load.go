// Package content loads a site from its files: site.toml, the home page's
// introduction (content/_index.md) and the entries (content/<YYYY>/<slug>.md,
// TOML front matter between +++ lines, then Markdown). It is the load and
// validate stages of the pipeline: it reports every mistake a contributor
// made at once, each at its position in the file, and returns entries that
// the model can trust (known actors and articles, resolvable links).
//
// Files are read through an fs.FS, the site's root, so tests can load a site
// from memory.
package content

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
	"github.com/chrono-dsa/chrono/internal/par"
)

// Dir is the folder of the entries, at the site's root.
const Dir = "content"

// IntroFile is the home page's introduction, in Markdown.
const IntroFile = Dir + "/_index.md"

// MaxFileSize is the largest entry file accepted, in bytes: 60 times the
// largest annotation of content/ (4 KB). Within the limits of
// internal/markdown, the time to render a body still grows with its size
// (the worst body of 256 KiB takes 0.25 s, four times that at 1 MiB) and
// goldmark allocates up to some 400 times the size of the body.
const MaxFileSize = 256 << 10

// MaxProblemsPerFile is the most problems listed for one file: past it,
// one more says how many were left out.
const MaxProblemsPerFile = 50

// Options change what Load reads.
type Options struct {
	Drafts  bool   // keep draft entries
	BaseURL string // if not empty, replaces site.toml's base_url
	// Today is the build's reference day, "YYYY-MM-DD", after which a
	// correction is refused as dated in the future; "" checks nothing. It
	// comes from SOURCE_DATE_EPOCH, never from the clock: a build of the
	// same files is the same whatever the day.
	Today string
}

// Loaded is the content of a site as Load read it: the site's settings and
// its entries, with every problem found.
type Loaded struct {
	Site     *chrono.Site
	Entries  []*chrono.Entry // published entries, in file order
	Problems chrono.Problems // sorted
}

// Load reads and checks the site in fsys. Problems in the content are
// returned in Loaded.Problems; the error is for failures to read.
func Load(fsys fs.FS, md *markdown.Renderer, opts Options) (*Loaded, error) {
	return load(fsys, md, opts, fresh{})
}

// stages are the steps of a load that read a file or work out something
// costly: fresh does each from nothing, a Cache reuses what it kept of
// the last load. Either gives the same result.
type stages interface {
	// loadSite reads site.toml; baseURL, if not empty, replaces its base_url.
	loadSite(fsys fs.FS, baseURL string) (*chrono.Site, chrono.Problems, error)
	// list finds the entry files of content/.
	list(fsys fs.FS) ([]entryFile, chrono.Problems, error)
	// parse reads and parses every file, on every core; site, if not nil,
	// says which actors exist.
	parse(fsys fs.FS, files []entryFile, site *chrono.Site) ([]*parsed, []chrono.Problems, error)
	// render renders the body of p with the links l resolves, and returns
	// a copy of p.entry with its body (chrono.Entry.WithBody).
	render(md *markdown.Renderer, p *parsed, l linker) (markdown.Result, *chrono.Entry)
	// warnings checks the entries against each other.
	warnings(site *chrono.Site, entries []*parsed) chrono.Problems
	// withIntro returns site with the home page's introduction.
	withIntro(site *chrono.Site, intro string, paths []chrono.SitePath) *chrono.Site
	// withProcedures returns site with its procedures.
	withProcedures(site *chrono.Site, procs []*chrono.Procedure) *chrono.Site
}

// fresh does every stage of a load from nothing.
type fresh struct{}

func (fresh) loadSite(fsys fs.FS, baseURL string) (*chrono.Site, chrono.Problems, error) {
	return loadSite(fsys, baseURL)
}

func (fresh) list(fsys fs.FS) ([]entryFile, chrono.Problems, error) { return list(fsys) }

func (fresh) parse(fsys fs.FS, files []entryFile, site *chrono.Site) ([]*parsed, []chrono.Problems, error) {
	ps, probs, errs := make([]*parsed, len(files)), make([]chrono.Problems, len(files)), make([]error, len(files))
	par.Do(len(files), func(i int) { ps[i], probs[i], errs[i] = readEntry(fsys, files[i], site) })
	return ps, probs, errors.Join(errs...)
}

func (fresh) render(md *markdown.Renderer, p *parsed, l linker) (markdown.Result, *chrono.Entry) {
	return renderBody(md, p, l)
}

// renderBody renders the body of p with the links l resolves, and returns
// p.entry with its body (a copy: p.entry stays as parsed).
func renderBody(md *markdown.Renderer, p *parsed, l markdown.Linker) (markdown.Result, *chrono.Entry) {
	res := md.Render(p.file.body, l)
	return res, p.entry.WithBody(res.HTML, res.Links, sitePaths(p.entry.Path, p.file.body, p.file.bodyLine, res.Paths))
}

func (fresh) warnings(site *chrono.Site, entries []*parsed) chrono.Problems {
	return warnings(site, entries)
}

func (fresh) withIntro(site *chrono.Site, intro string, paths []chrono.SitePath) *chrono.Site {
	s := *site
	s.Intro, s.IntroPaths = intro, paths
	return &s
}

// load is Load, each stage done by c.
func load(fsys fs.FS, md *markdown.Renderer, opts Options, c stages) (*Loaded, error) {
	site, probs, err := c.loadSite(fsys, opts.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", SiteFile, err)
	}
	// Without a readable site.toml, entries are still checked, but not
	// their actors: every one would be unknown.
	actorsOf := site
	if site == nil {
		site = &chrono.Site{BaseURL: "/", Actors: map[string]*chrono.Actor{}}
	}
	files, walkProbs, err := c.list(fsys)
	if err != nil {
		return nil, err
	}
	probs = append(probs, walkProbs...)

	parsedFiles, fileProbs, err := c.parse(fsys, files, actorsOf)
	if err != nil {
		return nil, err
	}
	for _, p := range fileProbs {
		probs = append(probs, p...)
	}

	// The files that did not parse: links to them are not reported, since
	// the file's own errors are (a broken date must not also give « no
	// entry has the slug » for every entry that names it).
	broken := map[string]entryFile{}
	for i, p := range parsedFiles {
		if p == nil {
			broken[files[i].slug] = files[i]
		}
	}

	// Checks across entries.
	bySlug := make(map[string]*parsed, len(files))
	var entries []*parsed
	for i, p := range parsedFiles {
		if p == nil {
			continue
		}
		e, f := p.entry, files[i]
		if first, dup := bySlug[e.Slug]; dup {
			p.fields.probs.Add(chrono.Pos{Path: e.Path, Line: 1, Col: 1}, chrono.Say("duplicate slug %q: %s has it too; slugs are unique across the site, rename one of the files",
				"identifiant %q en double : %s a le même ; un identifiant doit être unique dans tout le site, renommez l’un des fichiers"), e.Slug, first.entry.Path)
			continue
		}
		bySlug[e.Slug] = p
		if e.Date.Start.Year != 0 && e.Date.Start.Year != f.year {
			p.fields.errorf("date", chrono.Say("date %s is in %s, but the file is in %s/%s/; move it to %s/%s/%s.md",
				"la date %s est en %s, mais le fichier est dans %s/%s/ ; déplacez-le vers %s/%s/%s.md"), e.Date, chrono.YearText(e.Date.Start.Year), Dir, chrono.YearText(f.year), Dir, chrono.YearText(e.Date.Start.Year), e.Slug)
		}
		entries = append(entries, p)
	}
	published := func(p *parsed) bool { return opts.Drafts || !p.entry.Draft }
	// The sorted slugs, only to suggest one for a broken link.
	slugs := sync.OnceValue(func() []string {
		ss := make([]string, 0, len(bySlug))
		for s := range bySlug {
			ss = append(ss, s)
		}
		slices.Sort(ss)
		return ss
	})
	// Finding a suggestion for an unknown slug compares it with every slug
	// of the site: only the first maxSuggested of a file get one, so that a
	// file of 15,000 broken links checks in a moment, not in minutes.
	const maxSuggested = 20
	link := func(from *parsed, slug string, suggested *int) error {
		p, ok := bySlug[slug]
		switch {
		case !ok && broken[slug].path != "":
			return nil
		case !ok:
			if !isSlug(slug) {
				return chrono.Errorf(chrono.Say("%q is not a slug; expected the file name of an entry without .md, such as %q",
					"%q n’est pas un identifiant ; le nom de fichier d’une entrée, sans .md, est attendu, comme %q"), slug, "rachat-de-twitter")
			}
			if *suggested++; *suggested > maxSuggested {
				return chrono.Errorf(noSuchSlug, slug, chrono.Message{})
			}
			return chrono.Errorf(noSuchSlug, slug, suggest(slug, slugs()))
		case !published(p) && published(from):
			return chrono.Errorf(chrono.Say("entry %q is a draft, left out of the site; link to it once it is published",
				"l’entrée %q est un brouillon, laissé hors du site ; ajoutez ce lien une fois qu’elle sera publiée"), slug)
		}
		return nil
	}
	for _, p := range entries {
		futureCorrections(p, opts.Today)
		suggested := 0
		for _, r := range p.entry.Related {
			if err := link(p, r, &suggested); err != nil {
				p.fields.errorAtValue("related", strconv.Quote(r), chrono.Say("related: %v", "related : %v"), err)
			}
		}
	}

	// Render the bodies on every core, now that links can be resolved.
	linker := linker{base: strings.TrimSuffix(site.BasePath(), "/"), bySlug: bySlug, broken: broken, link: link}
	procs, procSlugs, procProbs, err := loadProcedures(fsys, md, linker, actorsOf)
	if err != nil {
		return nil, err
	}
	probs = append(probs, procProbs...)
	checkRelations(entries, procSlugs, link)
	_, release := c.(fresh) // a build: nothing reads an entry's text once its body is rendered
	bodyProbs := make([]chrono.Problems, len(entries))
	rendered := make([]*chrono.Entry, len(entries))
	par.Do(len(entries), func(i int) {
		p := entries[i]
		var res markdown.Result
		res, rendered[i] = c.render(md, p, linker.from(p))
		for _, mp := range res.Problems {
			line, col := lineCol(p.file.body, p.file.bodyLine, mp.Offset)
			bodyProbs[i].AddMessage(chrono.Pos{Path: p.entry.Path, Line: line, Col: col}, mp.Msg)
		}
		if release {
			p.release()
		}
	})
	for i, p := range entries {
		p.entry = rendered[i]
	}
	for _, p := range bodyProbs {
		probs = append(probs, p...)
	}
	for _, p := range parsedFiles {
		if p != nil {
			probs = append(probs, *p.fields.probs...)
		}
	}

	intro, introPaths, introProbs, err := loadIntro(fsys, md, linker)
	if err != nil {
		return nil, err
	}
	probs = append(probs, introProbs...)
	probs = append(probs, c.warnings(actorsOf, entries)...)
	site = c.withIntro(site, intro, introPaths)
	site = c.withProcedures(site, procs)
	about, aboutPaths, aboutProbs, err := loadAbout(fsys, md, linker)
	if err != nil {
		return nil, err
	}
	probs = append(probs, aboutProbs...)
	site = withAbout(site, about, aboutPaths)

	out := &Loaded{Site: site, Problems: probs.Capped(MaxProblemsPerFile)}
	for _, p := range entries {
		if published(p) {
			out.Entries = append(out.Entries, p.entry)
		}
	}
	return out, nil
}

type linker struct {
	base      string
	bySlug    map[string]*parsed
	broken    map[string]entryFile // files that did not parse, by slug
	link      func(from *parsed, slug string, suggested *int) error
	self      *parsed
	suggested *int // unknown slugs of self's text that got a suggestion
}

// from returns the linker of p's text, with no suggestion made yet.
func (l linker) from(p *parsed) linker { l.self, l.suggested = p, new(int); return l }

func (l linker) Entry(slug string) (string, error) {
	if err := l.link(l.self, slug, l.suggested); err != nil {
		return "", err
	}
	p := l.bySlug[slug]
	if p == nil { // a file that did not parse: its errors fail the build
		return l.base + chrono.EntryPath(l.broken[slug].year, slug), nil
	}
	return l.base + chrono.EntryPath(p.entry.Year(), p.entry.Slug), nil
}

func (l linker) Path(p string) string { return l.base + p }

// entryFile is a file of content/ named like an entry.
type entryFile struct {
	path string // content/2024/slug.md
	year int
	slug string
}

// list finds the entries under content/, reporting files that are not where
// or what they should be.
func list(fsys fs.FS) ([]entryFile, chrono.Problems, error) {
	var files []entryFile
	var probs chrono.Problems
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll // a site with no entries yet
			}
			return err
		}
		name := d.Name()
		if p != Dir && Ignored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			probs.Add(chrono.Pos{Path: p}, symlinkIn, Dir)
			return nil
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			probs.Add(chrono.Pos{Path: p}, chrono.Say("not a regular file (a named pipe, a socket or a device); entries are ordinary files",
				"ce n’est pas un fichier ordinaire (mais un tube nommé, une socket ou un périphérique) ; une entrée est un fichier ordinaire"))
			return nil
		}
		rel := strings.TrimPrefix(p, Dir+"/")
		depth := strings.Count(rel, "/")
		switch {
		case p == Dir:
			return nil
		case d.IsDir() && depth == 0:
			if p == ProceduresDir {
				return fs.SkipDir // read by loadProcedures
			}
			if !isYear(name) {
				probs.Add(chrono.Pos{Path: p}, chrono.Say("unexpected folder; entries go in a folder named after their year, such as %s/2024/",
					"dossier inattendu ; les entrées vont dans le dossier de leur année, comme %s/2024/"), Dir)
				return fs.SkipDir
			}
			return nil
		case d.IsDir():
			probs.Add(chrono.Pos{Path: p}, chrono.Say("unexpected folder; entries are files %s/<YYYY>/<slug>.md, with no folder below the year",
				"dossier inattendu ; les entrées sont des fichiers %s/<AAAA>/<identifiant>.md, sans sous-dossier dans celui de l’année"), Dir)
			return fs.SkipDir
		case p == IntroFile, p == AboutFile:
			return nil
		case depth == 0:
			probs.Add(chrono.Pos{Path: p}, chrono.Say("unexpected file; entries go in a folder named after their year, such as %s/2024/%s",
				"fichier inattendu ; les entrées vont dans le dossier de leur année, comme %s/2024/%s"), Dir, name)
			return nil
		case path.Ext(name) != ".md":
			probs.Add(chrono.Pos{Path: p}, chrono.Say("unexpected file; entries are Markdown files ending in .md",
				"fichier inattendu ; les entrées sont des fichiers Markdown dont le nom finit par .md"))
			return nil
		}
		slug := strings.TrimSuffix(name, ".md")
		if !isSlug(slug) {
			probs.Add(chrono.Pos{Path: p}, badFileName, name, slugFor(slug)+".md")
			return nil
		}
		year, _ := strconv.Atoi(path.Base(path.Dir(p)))
		files = append(files, entryFile{path: p, year: year, slug: slug})
		return nil
	})
	return files, probs, err
}

// isYear reports whether name is a year as folders and dates write it:
// four digits, 0001 to 9999.
func isYear(name string) bool {
	if len(name) != 4 || name == "0000" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if name[i] < '0' || name[i] > '9' {
			return false
		}
	}
	return true
}

// Ignored reports whether a file or folder of content/ is left out: hidden
// files and the backup and swap files of editors.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasPrefix(name, "#") || name == "4913"
}

// readEntry reads and parses the entry in file f.
func readEntry(fsys fs.FS, f entryFile, site *chrono.Site) (*parsed, chrono.Problems, error) {
	src, err := readFile(fsys, f.path)
	if err != nil {
		return nil, nil, err
	}
	p, probs := parseSource(f, src, site)
	return p, probs, nil
}

// parseSource parses src, the text of file f, or nil if it was too large.
func parseSource(f entryFile, src []byte, site *chrono.Site) (*parsed, chrono.Problems) {
	if src == nil {
		var probs chrono.Problems
		probs.Add(chrono.Pos{Path: f.path}, chrono.Say("file is larger than %d bytes (256 KiB); split the annotation or shorten it",
			"le fichier dépasse %d octets (256 Kio) ; scindez le texte ou raccourcissez-le"), MaxFileSize)
		return nil, probs
	}
	return parseEntry(f.path, f.slug, src, site)
}

// readFile reads a file, or returns nil if it is larger than MaxFileSize.
func readFile(fsys fs.FS, name string) ([]byte, error) { return readLimited(fsys, name, MaxFileSize) }

// readLimited reads a file, or returns nil if it is larger than limit.
func readLimited(fsys fs.FS, name string, limit int) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Sized from the file's size, as os.ReadFile does: growing from 512
	// bytes was a fifth of what loading allocates. One byte more, to see the
	// end without growing, and no more: the text is kept as long as the
	// entry (5 MB more at 10,000 entries with bytes.Buffer's 512 spare).
	size := 512
	if fi, err := f.Stat(); err == nil && fi.Size() < int64(limit) {
		size = int(fi.Size()) + 1
	}
	b := make([]byte, 0, size)
	r := io.LimitReader(f, int64(limit)+1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
	if len(b) > limit {
		return nil, nil
	}
	return b, nil
}

// Messages said of several kinds of file.
var (
	symlinkIn   = chrono.Say("symbolic links are not allowed in %s/; put the file itself here", "les liens symboliques ne sont pas acceptés dans %s/ ; mettez-y le fichier lui-même")
	badFileName = chrono.Say("file name %q is not a valid slug: expected lowercase letters, digits and single dashes, such as %q",
		"le nom de fichier %q n’est pas un identifiant valide : lettres minuscules sans accents, chiffres et tirets simples sont attendus, comme %q")
	pageTooLarge = chrono.Say("file is larger than %d bytes (256 KiB)", "le fichier dépasse %d octets (256 Kio)")
	noSuchSlug   = chrono.Say("no entry has the slug %q%s", "aucune entrée n’a l’identifiant %q%s")
)

// loadIntro renders content/_index.md, if there is one: Markdown, with no
// front matter.
func loadIntro(fsys fs.FS, md *markdown.Renderer, l linker) (string, []chrono.SitePath, chrono.Problems, error) {
	src, err := readFile(fsys, IntroFile)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, nil, nil
	}
	if err != nil {
		return "", nil, nil, err
	}
	var probs chrono.Problems
	if src == nil {
		probs.Add(chrono.Pos{Path: IntroFile}, pageTooLarge, MaxFileSize)
		return "", nil, probs, nil
	}
	if strings.HasPrefix(string(src), "+++") {
		probs.Add(chrono.Pos{Path: IntroFile, Line: 1, Col: 1}, chrono.Say("the introduction has no front matter; write only Markdown",
			"l’introduction ne prend pas d’en-tête ; écrivez-y seulement du Markdown"))
	}
	if line, col, msg := hidden(src); msg.En != "" {
		probs.AddMessage(chrono.Pos{Path: IntroFile, Line: line, Col: col}, msg)
		return "", nil, probs, nil
	}
	res := md.Render(src, l.from(&parsed{entry: &chrono.Entry{}}))
	for _, mp := range res.Problems {
		line, col := lineCol(src, 1, mp.Offset)
		probs.AddMessage(chrono.Pos{Path: IntroFile, Line: line, Col: col}, mp.Msg)
	}
	return res.HTML, sitePaths(IntroFile, src, 1, res.Paths), probs, nil
}

// sitePaths gives the paths of the site a text links to their positions in
// the file path, where text starts at line first.
func sitePaths(path string, text []byte, first int, ps []markdown.SitePath) []chrono.SitePath {
	if len(ps) == 0 {
		return nil
	}
	out := make([]chrono.SitePath, len(ps))
	for i, p := range ps {
		line, col := lineCol(text, first, p.Offset)
		out[i] = chrono.SitePath{Pos: chrono.Pos{Path: path, Line: line, Col: col}, Path: p.Path, Image: p.Image}
	}
	return out
}
