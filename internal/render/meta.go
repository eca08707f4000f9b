package render

import (
	"encoding/json"
	"html/template"
	"net/url"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
)

// What a page says about itself to other programs: Open Graph for link
// previews, JSON-LD for search engines, its own Atom feed, and the
// citation a reader copies.

// OGType returns the page's Open Graph type: "article" for an entry,
// "website" for the rest.
func (p *Page) OGType() string {
	if p.Kind == "entry" {
		return "article"
	}
	return "website"
}

// OGLocale returns the Open Graph locale of the site's language: "fr_FR".
func (p *Page) OGLocale() string {
	switch lang := p.Site().Language; lang {
	case "fr", "":
		return "fr_FR"
	case "en":
		return "en_GB"
	default:
		return lang + "_" + strings.ToUpper(lang)
	}
}

// FeedPath returns the path of the page's own Atom feed: an actor's or an
// article's; "" for other pages, which link to the site's feed, and for
// a page without entries.
func (p *Page) FeedPath() string {
	switch {
	case p.Kind == "corrections":
		return chrono.CorrectionsPath + "feed.xml"
	case len(p.Entries) == 0:
		return ""
	case p.Kind == "actor" && p.Actor != nil:
		return chrono.ActorPath(p.Actor.Slug) + "feed.xml"
	case p.Kind == "article" && p.Article != nil:
		return chrono.ArticlePath(p.Article.Number) + "feed.xml"
	case p.Kind == "procedure" && p.Procedure != nil:
		return p.Procedure.URLPath() + "feed.xml"
	}
	return ""
}

// Citation returns a ready-to-copy citation of an entry's page, in plain
// text, the consultation date left for the reader, and the version (the
// day of the last commit that changed the entry) when the history is known:
// « Titre » (événement : 12 août 2024), DSA contre X — chronologie
// annotée, https://…/2024/slug/, version du 3 mars 2025, consulté le …
func (p *Page) Citation(e *chrono.Entry) string {
	return markdown.Typography("« "+e.Title+" » (événement : "+e.Date.French()+"), ") +
		markdown.Typography(p.Site().Title) + ", " + p.Abs(e.URLPath()) + ", " + p.versionText(e) + "consulté le\u00a0…"
}

// ldType is the schema.org type of an actor.
func ldType(kind string) string {
	switch kind {
	case "person":
		return "Person"
	case "state", "institution":
		return "GovernmentOrganization"
	case "ngo":
		return "NGO"
	case "media":
		return "NewsMediaOrganization"
	}
	return "Organization"
}

// JSONLD returns the JSON-LD of an entry's page, indented by one space: a
// schema.org Article (the page) about an Event (what happened), citing its
// sources. The event's date is not the page's publication date: the page
// has none of its own, since the site carries no clock. Every string is quoted by encoding/json, which escapes <, > and &: no
// text of an entry can close the <script> element it goes in. The object
// is written field by field rather than marshalled from structs, which cost
// 25 µs a page, a tenth of the page; TestJSONLDIsEncodingJSON checks it
// against encoding/json's own output.
func (p *Page) JSONLD() (template.JS, error) {
	e := p.Entry
	if e == nil {
		return "", nil
	}
	end := e.Date.End
	if !e.Date.IsInterval() {
		end = e.Date.Start
	}
	site := p.Site()
	w := &ldWriter{b: make([]byte, 0, 2048)}
	w.open('{')
	w.field("@context", "https://schema.org")
	w.field("@type", "Article")
	w.field("headline", markdown.Typography(e.Title))
	w.fieldOmit("description", markdown.Typography(e.Summary))
	w.field("url", p.Canonical())
	w.field("mainEntityOfPage", p.Canonical())
	w.field("inLanguage", site.Language)
	w.key("isPartOf")
	w.thing("WebSite", markdown.Typography(site.Title), site.BaseURL, "")
	w.key("about")
	w.open('{')
	w.field("@type", "Event")
	w.field("name", markdown.Typography(e.Title))
	w.field("startDate", e.Date.Start.ISO())
	w.field("endDate", end.ISO())
	w.close('}')
	mentions := 0
	for _, slug := range e.Actors {
		ac := site.Actors[slug]
		if ac == nil {
			continue
		}
		if mentions == 0 {
			w.key("mentions")
			w.open('[')
		}
		mentions++
		w.item()
		w.thing(ldType(ac.Kind), ac.Name, p.Abs(chrono.ActorPath(slug)), ac.URL)
	}
	if mentions > 0 {
		w.close(']')
	}
	if len(e.Sources) > 0 {
		w.key("citation")
		w.open('[')
		for _, s := range e.Sources {
			w.item()
			w.open('{')
			w.field("@type", "CreativeWork")
			name := markdown.Typography(s.Title)
			if name == "" {
				name = s.Name
			}
			w.field("name", name)
			w.fieldOmit("url", s.URL)
			w.key("publisher")
			w.thing("Organization", s.Name, "", "")
			if s.Date != nil {
				w.fieldOmit("datePublished", s.Date.Start.ISO())
			}
			w.fieldOmit("inLanguage", s.Lang)
			w.fieldOmit("archivedAt", s.Archive)
			w.close('}')
		}
		w.close(']')
	}
	w.close('}')
	return template.JS(w.b), w.err
}

// ldWriter writes JSON as json.Encoder does with SetIndent("", " "):
// each member and element on a line of its own, one space deeper than its
// container.
type ldWriter struct {
	b     []byte
	depth int
	first bool // nothing written yet in the current object or array
	err   error
}

func (w *ldWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.first = true
}

func (w *ldWriter) close(c byte) {
	w.depth--
	w.newline()
	w.b = append(w.b, c)
	w.first = false
}

func (w *ldWriter) newline() {
	w.b = append(w.b, '\n')
	for range w.depth {
		w.b = append(w.b, ' ')
	}
}

// item starts an element of an array, or a member of an object.
func (w *ldWriter) item() {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.newline()
}

func (w *ldWriter) key(k string) {
	w.item()
	w.str(k)
	w.b = append(w.b, ':', ' ')
}

func (w *ldWriter) field(k, v string) {
	w.key(k)
	w.str(v)
}

// fieldOmit is a field that is left out when empty (omitempty).
func (w *ldWriter) fieldOmit(k, v string) {
	if v != "" {
		w.field(k, v)
	}
}

// thing writes a schema.org thing: its type, name, and url and sameAs
// unless empty.
func (w *ldWriter) thing(typ, name, url, sameAs string) {
	w.open('{')
	w.field("@type", typ)
	w.field("name", name)
	w.fieldOmit("url", url)
	w.fieldOmit("sameAs", sameAs)
	w.close('}')
}

// str writes a JSON string, quoted and escaped by encoding/json.
func (w *ldWriter) str(s string) {
	q, err := json.Marshal(s)
	if err != nil && w.err == nil {
		w.err = err
	}
	w.b = append(w.b, q...)
}

// Host returns the host of a source's URL without "www.", shown beside the
// source so that readers see where a link leads: "eur-lex.europa.eu".
func (p *Page) Host(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

var langNames = map[string]string{"en": "anglais", "de": "allemand", "es": "espagnol", "it": "italien",
	"nl": "néerlandais", "pl": "polonais", "pt": "portugais", "fr": "français"}

// LangName returns the French name of a language ("anglais" for "en"), or
// its code when it is not known.
func (p *Page) LangName(code string) string {
	if n, ok := langNames[code]; ok {
		return n
	}
	return code
}
