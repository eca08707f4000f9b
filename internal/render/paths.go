package render

import (
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// pathProblems checks the links and images of the annotations, the
// introduction, the about page and the procedures that name a path of the
// site against outs, the site's files: a link must lead to a page or a
// file the site has (a folder's page with or without its final /), an
// image to a file of static/. It runs where the list of files is made, in
// a build, a check and a preview alike.
func pathProblems(c *chrono.Chronology, outs []output) chrono.Problems {
	refs := append(c.Site.IntroPaths[:len(c.Site.IntroPaths):len(c.Site.IntroPaths)], c.Site.AboutPaths...)
	for _, e := range c.Entries {
		refs = append(refs[:len(refs):len(refs)], e.Paths...)
	}
	for _, p := range c.Site.Procedures {
		refs = append(refs[:len(refs):len(refs)], p.Paths...)
	}
	if len(refs) == 0 {
		return nil
	}
	files := make(map[string]bool, len(outs))
	images := map[string]bool{}
	for _, o := range outs {
		files[o.name] = true
		if o.static != "" {
			images[o.name] = true
		}
	}
	var probs chrono.Problems
	for _, r := range refs {
		name := strings.TrimPrefix(r.Path, "/")
		switch {
		case r.Image && !images[name]:
			probs.Add(r.Pos, chrono.Say("image %q: there is no file %s/%s; an image must be a file of %s/",
				"image %q : il n’y a pas de fichier %s/%s ; une image doit être un fichier de %s/"), r.Path, StaticDir, name, StaticDir)
		case r.Image:
		case name == "" || strings.HasSuffix(name, "/"):
			if !files[name+"index.html"] {
				probs.Add(r.Pos, chrono.Say("link to %q: the site has no page there; expected the path of a page, such as /dsa/34/ or /2024/, or of a file of %s/",
					"lien vers %q : le site n’a pas de page à cette adresse ; le chemin d’une page est attendu, comme /dsa/34/ ou /2024/, ou celui d’un fichier de %s/"), r.Path, StaticDir)
			}
		case !files[name] && !files[name+"/index.html"]:
			probs.Add(r.Pos, chrono.Say("link to %q: the site has no page or file there; expected the path of a page, such as /dsa/34/ or /2024/, or of a file of %s/",
				"lien vers %q : le site n’a ni page ni fichier à cette adresse ; le chemin d’une page est attendu, comme /dsa/34/ ou /2024/, ou celui d’un fichier de %s/"), r.Path, StaticDir)
		}
	}
	return probs
}
