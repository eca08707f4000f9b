package render

import (
	"bytes"
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
	switch lang := p.Chrono.Site.Language; lang {
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
	case len(p.Entries) == 0:
		return ""
	case p.Kind == "actor" && p.Actor != nil:
		return chrono.ActorPath(p.Actor.Slug) + "feed.xml"
	case p.Kind == "article" && p.Article != nil:
		return chrono.ArticlePath(p.Article.Number) + "feed.xml"
	}
	return ""
}

// Citation returns a ready-to-copy citation of an entry's page, in plain
// text, the consultation date left for the reader:
// « Titre » (événement : 12 août 2024), DSA contre X — chronologie
// annotée, https://…/2024/slug/, consulté le …
func (p *Page) Citation(e *chrono.Entry) string {
	return markdown.Typography("« "+e.Title+" » (événement : "+e.Date.French()+"), ") +
		markdown.Typography(p.Chrono.Site.Title) + ", " + p.Abs(e.URLPath()) + ", consulté le\u00a0…"
}

// The JSON-LD of an entry's page: a schema.org Article (the page) about an
// Event (what happened), citing its sources. The event's date is not the
// page's publication date: the page has none of its own, since the site
// carries no clock.
type (
	ldArticle struct {
		Context     string       `json:"@context"`
		Type        string       `json:"@type"`
		Headline    string       `json:"headline"`
		Description string       `json:"description,omitempty"`
		URL         string       `json:"url"`
		MainEntity  string       `json:"mainEntityOfPage"`
		InLanguage  string       `json:"inLanguage"`
		IsPartOf    ldThing      `json:"isPartOf"`
		About       ldEvent      `json:"about"`
		Mentions    []ldThing    `json:"mentions,omitempty"`
		Citation    []ldCitation `json:"citation,omitempty"`
	}
	ldThing struct {
		Type   string `json:"@type"`
		Name   string `json:"name"`
		URL    string `json:"url,omitempty"`
		SameAs string `json:"sameAs,omitempty"`
	}
	ldEvent struct {
		Type      string `json:"@type"`
		Name      string `json:"name"`
		StartDate string `json:"startDate"`
		EndDate   string `json:"endDate"`
	}
	ldCitation struct {
		Type          string   `json:"@type"`
		Name          string   `json:"name"`
		URL           string   `json:"url,omitempty"`
		Publisher     *ldThing `json:"publisher,omitempty"`
		DatePublished string   `json:"datePublished,omitempty"`
		InLanguage    string   `json:"inLanguage,omitempty"`
		ArchivedAt    string   `json:"archivedAt,omitempty"`
	}
)

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

// JSONLD returns the JSON-LD of an entry's page. It is made by
// encoding/json, which escapes <, > and & inside strings: no text of an
// entry can close the <script> element it goes in.
func (p *Page) JSONLD() (template.JS, error) {
	e := p.Entry
	if e == nil {
		return "", nil
	}
	end := e.Date.End
	if !e.Date.IsInterval() {
		end = e.Date.Start
	}
	a := ldArticle{
		Context:     "https://schema.org",
		Type:        "Article",
		Headline:    markdown.Typography(e.Title),
		Description: markdown.Typography(e.Summary),
		URL:         p.Canonical(),
		MainEntity:  p.Canonical(),
		InLanguage:  p.Chrono.Site.Language,
		IsPartOf:    ldThing{Type: "WebSite", Name: markdown.Typography(p.Chrono.Site.Title), URL: p.Chrono.Site.BaseURL},
		About: ldEvent{Type: "Event", Name: markdown.Typography(e.Title),
			StartDate: e.Date.Start.ISO(), EndDate: end.ISO()},
	}
	for _, slug := range e.Actors {
		if ac := p.Chrono.Site.Actors[slug]; ac != nil {
			a.Mentions = append(a.Mentions, ldThing{Type: ldType(ac.Kind), Name: ac.Name, URL: p.Abs(chrono.ActorPath(slug)), SameAs: ac.URL})
		}
	}
	for _, s := range e.Sources {
		c := ldCitation{Type: "CreativeWork", Name: markdown.Typography(s.Title), URL: s.URL, InLanguage: s.Lang, ArchivedAt: s.Archive}
		if c.Name == "" {
			c.Name = s.Name
		}
		c.Publisher = &ldThing{Type: "Organization", Name: s.Name}
		if s.Date != nil {
			c.DatePublished = s.Date.Start.ISO()
		}
		a.Citation = append(a.Citation, c)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b) // escapes <, > and &: "</script>" becomes "\u003c/script\u003e"
	enc.SetIndent("", " ")
	if err := enc.Encode(a); err != nil {
		return "", err
	}
	return template.JS(strings.TrimSuffix(b.String(), "\n")), nil
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
