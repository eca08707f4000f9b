package build

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/content"
	"github.com/chrono-dsa/chrono/internal/render"
)

// Preview builds a site in memory again and again, as its files change,
// for a live preview. Each rebuild reuses what the change did not reach:
// entries are read and rendered again only if their file changed or one of
// their links now leads elsewhere (content.Cache), and only the files of the
// site that read what changed are made again (render.Incremental, which
// records what each file reads and asks chrono.Diff what changed). A change
// to layouts/ starts the render from nothing; a change to static/ copies
// static/ again. The files a rebuild makes are those a build of the same
// files writes, byte for byte.
//
// A Preview is not safe for concurrent use: rebuild one at a time.
type Preview struct {
	b       *Builder
	fsys    fs.FS
	opts    Options
	content *content.Cache
	render  render.Incremental
	model   *chrono.Chronology // of the last load without errors

	layouts      *render.Layouts // parsed from layouts/, nil if they had problems
	layoutProbs  chrono.Problems
	layoutsDirty bool // layouts/ changed since they were parsed
	staticDirty  bool // static/ changed since the last good render
	said         said // the problems of the last rebuild, in the site's language
}

// said keeps problems put in a language (chrono.Problems.In), to give them
// again while they are the same: a save usually leaves ten thousand
// warnings as they were, and putting them in French copies them.
type said struct {
	lang    string
	in, out chrono.Problems
}

// say returns ps in the language lang.
func (s *said) say(ps chrono.Problems, lang string) chrono.Problems {
	if lang != s.lang || !slices.Equal(ps, s.in) {
		s.lang, s.in, s.out = lang, ps, ps.In(lang)
	}
	return s.out
}

// Preview returns a Preview of the site in fsys.
func (b *Builder) Preview(fsys fs.FS, opts Options) *Preview {
	return &Preview{b: b, fsys: regular(fsys), opts: opts, content: content.NewCache(), layoutsDirty: true, staticDirty: true}
}

// Rebuild is the result of a rebuild.
type Rebuild struct {
	Files     map[string][]byte // every file of the site by name ("2024/index.html"), nil if the build failed; never modified
	Changed   []string          // files added, changed or removed since the last good build, sorted
	Made      int               // files made again
	MadeFiles []string          // their names, sorted
	Entries   int               // entries in the site
	Language  string            // the site's language, from site.toml, when the build succeeded
	Problems  chrono.Problems   // every problem, sorted: errors if the build failed, else warnings
}

// Rebuild builds the site again after the files or folders at paths
// changed (relative to the site's root, slash-separated); nil means that
// anything may have changed. The error is for failures to read; problems
// in the content or layouts are in Rebuild.Problems.
func (p *Preview) Rebuild(paths []string) (*Rebuild, error) {
	if paths == nil {
		p.content.InvalidateAll()
		p.layoutsDirty, p.staticDirty = true, true
	}
	for _, name := range paths {
		name = path.Clean(name)
		switch {
		case name == "." || name == "":
			p.content.InvalidateAll()
			p.layoutsDirty, p.staticDirty = true, true
		case under(name, render.LayoutDir):
			p.layoutsDirty = true
		case under(name, render.StaticDir):
			p.staticDirty = true
		default:
			p.content.Invalidate(name)
		}
	}
	// As a build does: a top-level file or folder that is a link is
	// refused before anything is read.
	links, err := rootLinks(p.fsys)
	if err != nil {
		return nil, err
	}
	if len(links) > 0 {
		p.content.InvalidateAll()
		p.layoutsDirty, p.staticDirty = true, true
		return &Rebuild{Problems: links.In(content.Language(p.fsys))}, nil
	}
	loaded, err := p.content.Load(p.fsys, p.b.md, content.Options{Drafts: p.opts.Drafts, BaseURL: p.opts.BaseURL, Today: p.opts.Today})
	if err != nil {
		return nil, err
	}
	if p.layoutsDirty {
		l, probs, err := render.ParseLayouts(p.fsys)
		if err != nil {
			return nil, err
		}
		p.layouts, p.layoutProbs = l, probs
		p.layoutsDirty = false
	}
	// Sorting ten thousand warnings costs: only when there is more.
	probs := loaded.Problems
	if len(p.layoutProbs) > 0 {
		probs = append(slices.Clip(probs), p.layoutProbs...).Sort()
	}
	lang := language(p.fsys, loaded.Site)
	if probs.Err() != nil {
		return &Rebuild{Problems: p.said.say(probs, lang)}, nil
	}
	c := p.model.Update(withHistory(loaded.Site, p.opts.Repo), loaded.Entries)
	p.model = c
	ropts := render.Options{Drafts: p.opts.Drafts}
	res, rprobs, err := p.render.Render(c, p.layouts, p.fsys, ropts, p.staticDirty)
	if err != nil {
		return nil, err
	}
	if len(rprobs.Errors()) > 0 {
		// A layout failed: report it on every page it fails, as a build
		// would, not only on the pages this rebuild made.
		rprobs, err = render.Render(c, p.layouts, p.fsys, ropts, func(string, []byte) error { return nil })
		if err != nil {
			return nil, err
		}
		return &Rebuild{Problems: p.said.say(append(slices.Clip(probs), rprobs...).Sort(), lang)}, nil
	}
	p.staticDirty = false
	if len(rprobs) > 0 {
		probs = append(slices.Clip(probs), rprobs...).Sort()
	}
	return &Rebuild{Files: res.Files, Changed: res.Changed, Made: len(res.Made), MadeFiles: res.Made, Entries: len(c.Entries), Language: c.Site.Language, Problems: p.said.say(probs, lang)}, nil
}

// under reports whether the slash-separated path name is dir or inside it.
func under(name, dir string) bool { return name == dir || strings.HasPrefix(name, dir+"/") }
