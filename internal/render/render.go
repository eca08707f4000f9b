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
//
// The package has three parts. The layouts' API (Page, in page.go, nav.go,
// meta.go, timeline.go and cached.go) is what a layout may call, a closed
// set the README lists. The list of a site's files (outputs.go) and the
// files made without layouts (data.go, feeds.go) are what Render makes.
// Incremental (incremental.go) is the preview's engine: it records what each
// file reads and makes again what a change touched.
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
// and hands each to emit: the engine of Incremental, starting from nothing
// and recording nothing. Mistakes in layouts are returned as problems; the
// error is for failures to emit.
func Render(c *chrono.Chronology, l *Layouts, fsys fs.FS, opts Options, emit Emit) (chrono.Problems, error) {
	static, probs, err := staticFiles(fsys)
	if err != nil {
		return nil, err
	}
	// A build makes each file of the index once, from its postings: each
	// document's list of terms, which only the preview's updates read, is
	// not kept (some 15 MB at 10,000 entries).
	idx := indexOf(c, nil, false)
	outs := outputs(c, opts, static, fsys, nil, idx)
	if probs = append(append(probs, clashes(outs)...), pathProblems(c, outs)...); len(probs) > 0 {
		return probs, nil
	}
	// The files of the search index are made first, on their own: the
	// index, which only they read, is then dropped before the pages are
	// made, instead of being held through the whole build (the memory the
	// soft limit would otherwise spend in collections).
	ps := newPartials()
	search := make([]job, 0, len(idx.leaves)+len(c.Entries)/searchChunk+3)
	jobs := make([]job, 0, len(outs))
	for i := range outs {
		if outs[i].page == nil && strings.HasPrefix(outs[i].name, searchDir) {
			search = append(search, outs[i].job(l, ps, false))
		} else {
			jobs = append(jobs, outs[i].job(l, ps, false))
		}
	}
	probs, err1 := Run(search, emit)
	more, err2 := Run(jobs, emit)
	return append(probs, more...).Sort(), errors.Join(err1, err2)
}

// clashes reports the files of static/ that the site cannot hold beside
// the generated files: one of the same name, a file where the site has a
// folder (static/2024 and 2024/index.html), or a file inside what the site
// writes as a file (static/sitemap.xml/x).
func clashes(outs []output) chrono.Problems {
	files := make(map[string]bool, len(outs))
	dirs := map[string]bool{}
	var static []string
	for _, o := range outs {
		if o.static != "" {
			static = append(static, o.static)
			continue
		}
		g := o.name
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
			probs.Add(chrono.Pos{Path: name}, chrono.Say("%s would replace the generated /%s; rename it", "%s remplacerait le fichier /%s que le site produit ; renommez-le"), name, rel)
		case dirs[rel]:
			probs.Add(chrono.Pos{Path: name}, chrono.Say("%s is a file where the site has the folder /%s/ of generated pages; rename it",
				"%s est un fichier là où le site produit le dossier de pages /%s/ ; renommez-le"), name, rel)
		default:
			for d := path.Dir(rel); d != "."; d = path.Dir(d) {
				if files[d] {
					probs.Add(chrono.Pos{Path: name}, chrono.Say("%s is inside a folder %s/%s, where the site writes the generated file /%s; rename the folder",
						"%s est dans un dossier %s/%s, là où le site écrit le fichier /%s qu’il produit ; renommez le dossier"), name, StaticDir, d, d)
					break
				}
			}
		}
	}
	return probs
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
			probs.Add(chrono.Pos{Path: p}, chrono.Say("symbolic links are not allowed in %s/; put the file itself here",
				"les liens symboliques ne sont pas acceptés dans %s/ ; mettez-y le fichier lui-même"), StaticDir)
		case d.IsDir():
		case !d.Type().IsRegular():
			probs.Add(chrono.Pos{Path: p}, chrono.Say("not a regular file (a named pipe, a socket or a device); %s/ holds ordinary files",
				"ce n’est pas un fichier ordinaire (mais un tube nommé, une socket ou un périphérique) ; %s/ ne contient que des fichiers ordinaires"), StaticDir)
		case content.Ignored(d.Name()):
			// Hidden files and editors' backup and swap files (style.css~,
			// .#style.css) are the editor's, not the site's: left out, as
			// in content/. Hidden folders (.well-known/) are published.
		case !staticKinds[strings.ToLower(path.Ext(p))]:
			probs.Add(chrono.Pos{Path: p}, chrono.Say("%s/ holds only inert files: images (.png, .jpg, .jpeg, .gif, .webp, .avif, .ico), .pdf, .txt, fonts (.woff, .woff2) and the stylesheets (.css); HTML, SVG and scripts could run code in the reader's browser, and a page belongs in layouts/",
				"%s/ n’accepte que des fichiers inertes : images (.png, .jpg, .jpeg, .gif, .webp, .avif, .ico), .pdf, .txt, polices (.woff, .woff2) et feuilles de style (.css) ; le HTML, le SVG et les scripts pourraient exécuter du code dans le navigateur du lecteur, et une page a sa place dans layouts/"), StaticDir)
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
