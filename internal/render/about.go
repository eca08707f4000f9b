package render

import (
	"html/template"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// AboutPath is the path of the page « À propos », made from
// content/_a-propos.md when the site has it.
const AboutPath = "/a-propos/"

// aboutPages returns the page « À propos », or none.
func (m pageMaker) aboutPages() []*Page {
	if m.c.Site.About == "" {
		return nil
	}
	return []*Page{m.page(&Page{Kind: "about", Path: AboutPath, Title: "À propos",
		Description: "Ce qu’est ce site, comment ses entrées sont écrites et sourcées, comment il est corrigé, ses licences et comment y contribuer."})}
}

// About returns the page « À propos » as HTML, rendered like a body.
func (p *Page) About() template.HTML { return template.HTML(p.Chrono.Site.About) }

// HasAbout reports whether the site has the page « À propos ».
func (p *Page) HasAbout() bool { return p.Chrono.Site.About != "" }

// aboutPaths are the paths of the page « À propos » for the sitemap.
func aboutPaths(c *chrono.Chronology) []string {
	if c.Site.About == "" {
		return nil
	}
	return []string{AboutPath}
}
