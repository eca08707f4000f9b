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
	"strings"
	"sync"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/content"
	"github.com/chrono-dsa/chrono/internal/markdown"
	"github.com/chrono-dsa/chrono/internal/render"
)

// Options change what is built.
type Options struct {
	Drafts  bool   // include draft entries
	BaseURL string // if not empty, replaces site.toml's base_url
}

// Builder runs the pipeline. It holds what is made once per process, the
// Markdown renderer; it is safe for concurrent use.
type Builder struct {
	md *markdown.Renderer
}

// New returns a Builder.
func New() *Builder { return &Builder{md: markdown.New()} }

// Site is a site loaded, validated and modelled, ready to render.
type Site struct {
	Chrono   *chrono.Chronology // nil if there were errors
	Layouts  *render.Layouts    // nil if there were errors
	Problems chrono.Problems    // every problem found, sorted
	fsys     fs.FS
	opts     Options
}

// Load runs the load, validate and model stages on the site in fsys.
// Problems in the content are in Site.Problems; the error is for failures
// to read.
func (b *Builder) Load(fsys fs.FS, opts Options) (*Site, error) {
	links, err := rootLinks(fsys)
	if err != nil {
		return nil, err
	}
	if len(links) > 0 {
		return &Site{Problems: links, fsys: fsys, opts: opts}, nil
	}
	loaded, err := content.Load(fsys, b.md, content.Options{Drafts: opts.Drafts, BaseURL: opts.BaseURL})
	if err != nil {
		return nil, err
	}
	layouts, layoutProbs, err := render.ParseLayouts(fsys)
	if err != nil {
		return nil, fmt.Errorf("reading layouts: %w", err)
	}
	s := &Site{Problems: append(loaded.Problems, layoutProbs...).Sort(), fsys: fsys, opts: opts}
	if s.Problems.Err() == nil {
		s.Chrono = chrono.NewChronology(loaded.Site, loaded.Entries)
		s.Layouts = layouts
	}
	return s, nil
}

// Render runs the render stage, handing every file to emit. It returns the
// site's problems with those of rendering (a layout failing to execute).
func (s *Site) Render(emit render.Emit) (chrono.Problems, error) {
	if s.Problems.Err() != nil {
		return s.Problems, nil
	}
	probs, err := render.Render(s.Chrono, s.Layouts, s.fsys, render.Options{Drafts: s.opts.Drafts}, emit)
	return append(s.Problems, probs...).Sort(), err
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
}

// Build builds the site in fsys (whose folder on disk is siteDir) into the
// folder out. The site is written to a new folder beside out, then renamed
// into place: if anything fails, out is left exactly as it was.
func (b *Builder) Build(fsys fs.FS, siteDir, out string, opts Options) (Stats, chrono.Problems, error) {
	if err := checkOut(siteDir, out); err != nil {
		return Stats{}, nil, err
	}
	s, err := b.Load(fsys, opts)
	if err != nil || s.Problems.Err() != nil {
		return Stats{}, problemsOf(s), err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Stats{}, nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return Stats{}, nil, err
	}
	w := &writer{root: tmp}
	probs, err := s.Render(w.emit)
	if err == nil && probs.Err() == nil {
		err = os.Chmod(tmp, 0o755)
		if err == nil {
			err = replace(tmp, out)
		}
	}
	if err != nil || probs.Err() != nil {
		os.RemoveAll(tmp)
		return Stats{}, probs, err
	}
	return Stats{Entries: len(s.Chrono.Entries), Files: w.files()}, probs, nil
}

func problemsOf(s *Site) chrono.Problems {
	if s == nil {
		return nil
	}
	return s.Problems
}

// checkOut refuses an output folder that would replace the site or a part
// of it.
func checkOut(siteDir, out string) error {
	site, err1 := filepath.Abs(siteDir)
	o, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if o == site || strings.HasPrefix(site+string(filepath.Separator), o+string(filepath.Separator)) {
		return fmt.Errorf("output folder %s would replace the site itself; choose another, such as %s", out, filepath.Join(siteDir, "public"))
	}
	for _, d := range []string{content.Dir, render.LayoutDir, render.StaticDir} {
		if in := filepath.Join(site, d); o == in || strings.HasPrefix(o, in+string(filepath.Separator)) {
			return fmt.Errorf("output folder %s is inside the site's %s/ folder; choose another, such as %s", out, d, filepath.Join(siteDir, "public"))
		}
	}
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return fmt.Errorf("output %s is a file, not a folder", out)
	}
	return nil
}

// replace puts the folder tmp in the place of out: out is renamed aside,
// tmp renamed to out, and the old output removed.
func replace(tmp, out string) error {
	old := ""
	if _, err := os.Lstat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			_ = os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
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
