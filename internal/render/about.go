package render

import (
	"html/template"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// AboutPath is the path of the page « À propos », made from
// content/_a-propos.md when the site has it.
const AboutPath = "/a-propos/"

var (
	aboutKey    = chrono.Key{Part: chrono.PartAbout}
	hasAboutKey = chrono.Key{Part: chrono.PartHasAbout}
)

// About returns the page « À propos » as HTML, rendered like a body.
func (p *Page) About() template.HTML { p.read(aboutKey); return template.HTML(p.c.Site.About) }

// HasAbout reports whether the site has the page « À propos ».
func (p *Page) HasAbout() bool { p.read(hasAboutKey); return p.c.Site.About != "" }

// aboutPaths are the paths of the page « À propos » for the sitemap.
func aboutPaths(c *chrono.Chronology) []string {
	if c.Site.About == "" {
		return nil
	}
	return []string{AboutPath}
}
