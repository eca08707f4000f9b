// Package build is the pipeline every command of chrono runs: load the
// site's files and validate them (package content), make the model
// (chrono.NewChronology), render the pages (package render), and, for a
// build, write them to the output folder without ever leaving it half
// written.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/content"
	"github.com/chrono-dsa/chrono/internal/markdown"
	"github.com/chrono-dsa/chrono/internal/render"
)

// Parts are the files and folders of a site, at its root, site.toml first:
// what a build reads (none may be a symbolic link), what the preview
// watches, what an output folder may not replace or lie in. It is the one
// list of them.
var Parts = []string{content.SiteFile, content.Dir, render.LayoutDir, render.StaticDir}

// Options change what is built.
type Options struct {
	Drafts  bool   // include draft entries
	BaseURL string // if not empty, replaces site.toml's base_url
	Today   string // the reference day: see content.Options.Today and SourceDate
	Repo    string // the site's folder, to read its history from git (ReadHistory); "" for none
}

// Builder runs the pipeline. It holds what is made once per process, the
// Markdown renderer; it is safe for concurrent use.
type Builder struct {
	md *markdown.Renderer
}

// New returns a Builder.
func New() *Builder { return &Builder{md: markdown.New()} }

// Prepared is a site loaded, validated and modelled, ready to render.
type Prepared struct {
	Chrono   *chrono.Chronology // nil if there were errors
	Layouts  *render.Layouts    // nil if there were errors
	Problems chrono.Problems    // every problem found, sorted, in the site's language
	lang     string             // the site's language, which the problems speak
	fsys     fs.FS
	opts     Options
}

// Load runs the load, validate and model stages on the site in fsys.
// Problems in the content are in Prepared.Problems; the error is for failures
// to read.
func (b *Builder) Load(fsys fs.FS, opts Options) (*Prepared, error) {
	fsys = regular(fsys)
	links, err := rootLinks(fsys)
	if err != nil {
		return nil, err
	}
	if len(links) > 0 {
		lang := content.Language(fsys)
		return &Prepared{Problems: links.In(lang), lang: lang, fsys: fsys, opts: opts}, nil
	}
	loaded, err := content.Load(fsys, b.md, content.Options{Drafts: opts.Drafts, BaseURL: opts.BaseURL, Today: opts.Today})
	if err != nil {
		return nil, err
	}
	layouts, layoutProbs, err := render.ParseLayouts(fsys)
	if err != nil {
		return nil, fmt.Errorf("reading layouts: %w", err)
	}
	lang := language(fsys, loaded.Site)
	s := &Prepared{Problems: append(loaded.Problems, layoutProbs...).Sort().In(lang), lang: lang, fsys: fsys, opts: opts}
	if s.Problems.Err() != nil {
		return s, nil
	}
	s.Chrono = chrono.NewChronology(withHistory(loaded.Site, opts.Repo), loaded.Entries)
	s.Layouts = layouts
	return s, nil
}

// Render runs the render stage, handing every file to emit. It returns the
// site's problems with those of rendering (a layout failing to execute).
func (s *Prepared) Render(emit render.Emit) (chrono.Problems, error) {
	if s.Problems.Err() != nil {
		return s.Problems, nil
	}
	probs, err := render.Render(s.Chrono, s.Layouts, s.fsys, render.Options{Drafts: s.opts.Drafts}, emit)
	return append(s.Problems, probs.In(s.lang)...).Sort(), err
}

// language is the language of the site in fsys, which the problems told
// to contributors speak (chrono.Problems.In): its site's, else what
// site.toml says.
func language(fsys fs.FS, site *chrono.Site) string {
	if site != nil && site.Language != "" {
		return site.Language
	}
	return content.Language(fsys)
}

// Check runs every stage but writing: the problems are those a build would
// report.
func (b *Builder) Check(fsys fs.FS, opts Options) (chrono.Problems, error) {
	s, err := b.Load(fsys, opts)
	if err != nil {
		return nil, err
	}
	return s.Render(func(string, []byte) error { return nil })
}

// Stats describe a build.
type Stats struct {
	Entries int
	Files   int
	// Untidy says what the build could not clean up once the new site was
	// in place (an old output, a killed build's folder): a warning, not a
	// failure.
	Untidy []error
}

// Build builds the site in fsys (whose folder on disk is siteDir) into the
// folder out. The site is written to a new folder beside out, then put in
// its place in one step: if anything fails, out is left exactly as it was.
func (b *Builder) Build(fsys fs.FS, siteDir, out string, opts Options) (Stats, chrono.Problems, error) {
	out, err := checkOut(siteDir, out)
	if err != nil {
		return Stats{}, nil, err
	}
	s, err := b.Load(fsys, opts)
	if err != nil || s.Problems.Err() != nil {
		return Stats{}, problemsOf(s), err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return Stats{}, nil, err
	}
	var stats Stats
	if err := removeLeftovers(out); err != nil {
		stats.Untidy = append(stats.Untidy, fmt.Errorf("folders left by killed builds could not be removed: %w", err))
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), tempPattern(out))
	if err != nil {
		return Stats{}, nil, err
	}
	w := &writer{root: tmp}
	probs, err := s.Render(w.emit)
	var left error
	if err == nil && probs.Err() == nil {
		err = os.Chmod(tmp, 0o755)
		if err == nil {
			left, err = replace(tmp, out)
		}
	}
	if err != nil || probs.Err() != nil {
		os.RemoveAll(tmp)
		return Stats{}, probs, err
	}
	if left != nil {
		stats.Untidy = append(stats.Untidy, left)
	}
	stats.Entries, stats.Files = len(s.Chrono.Entries), w.files()
	return stats, probs, nil
}

func problemsOf(s *Prepared) chrono.Problems {
	if s == nil {
		return nil
	}
	return s.Problems
}

// writer writes emitted files under root, from several goroutines.
type writer struct {
	root string
	dirs sync.Map // folders made
	mu   sync.Mutex
	n    int
}

func (w *writer) emit(name string, data []byte) error {
	if err := outputName(name); err != nil {
		return err
	}
	p := filepath.Join(w.root, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, made := w.dirs.Load(dir); !made {
		// Most folders are an entry's, whose parent (its year) is made:
		// one mkdir, where MkdirAll first stats the folder and its parent.
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		w.dirs.Store(dir, true)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	w.mu.Lock()
	w.n++
	w.mu.Unlock()
	return nil
}

func (w *writer) files() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}
