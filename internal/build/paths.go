package build

import (
	"io/fs"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/render"
)

// pathProblems checks the links and images of the annotations and of the
// introduction that name a path of the site: a link must lead to a page
// or a file the site has (a folder's page with or without its final /),
// an image to a file of static/. Only the render stage knows the site's
// files, so this runs once the model is made, in a build, a check and a
// preview alike.
func pathProblems(c *chrono.Chronology, fsys fs.FS, drafts bool) (chrono.Problems, error) {
	refs := append(c.Site.IntroPaths[:len(c.Site.IntroPaths):len(c.Site.IntroPaths)], c.Site.AboutPaths...)
	for _, e := range c.Entries {
		refs = append(refs[:len(refs):len(refs)], e.Paths...)
	}
	for _, p := range c.Site.Procedures {
		refs = append(refs[:len(refs):len(refs)], p.Paths...)
	}
	if len(refs) == 0 {
		return nil, nil
	}
	generated, static, err := render.Names(c, fsys, render.Options{Drafts: drafts})
	if err != nil {
		return nil, err
	}
	files := make(map[string]bool, len(generated)+len(static))
	images := make(map[string]bool, len(static))
	for _, n := range generated {
		files[n] = true
	}
	for _, n := range static {
		files[n], images[n] = true, true
	}
	var probs chrono.Problems
	for _, r := range refs {
		name := strings.TrimPrefix(r.Path, "/")
		switch {
		case r.Image && !images[name]:
			probs.Add(r.Pos, "image %q: there is no file %s/%s; an image must be a file of %s/", r.Path, render.StaticDir, name, render.StaticDir)
		case r.Image:
		case name == "" || strings.HasSuffix(name, "/"):
			if !files[name+"index.html"] {
				probs.Add(r.Pos, "link to %q: the site has no page there; expected the path of a page, such as /dsa/34/ or /2024/, or of a file of %s/", r.Path, render.StaticDir)
			}
		case !files[name] && !files[name+"/index.html"]:
			probs.Add(r.Pos, "link to %q: the site has no page or file there; expected the path of a page, such as /dsa/34/ or /2024/, or of a file of %s/", r.Path, render.StaticDir)
		}
	}
	return probs, nil
}
