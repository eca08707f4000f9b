package render

import (
	_ "embed"
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/dsa"
)

// The feeds in a browser: every Atom feed of the site starts with an
// xml-stylesheet instruction naming XSLPath, a stylesheet that turns the
// feed, in the browser only, into a page in French saying what a feed is
// and how to subscribe, with the feed's entries. Feed readers read the same
// Atom and ignore it. Browsers are dropping XSLT (Chromium shows a warning
// over such pages from 2026 and stops applying them; Firefox and WebKit
// plan to follow), so the links of the pages that say « flux Atom » lead
// to /flux/, an HTML page listing every feed, and the stylesheet is only a
// courtesy to the reader who opens a feed's address itself.

// XSLPath is the path of the feeds' stylesheet.
const XSLPath = "/flux.xsl"

//go:embed flux.xsl
var fluxXSL string

// feedStylesheet writes XSLPath for c: flux.xsl with the site's base path.
func feedStylesheet(c *chrono.Chronology) []byte {
	return []byte(strings.ReplaceAll(fluxXSL, "@BASE@", xmlText(c.Site.BasePath())))
}

// feedHeader is how every feed of c starts: the XML declaration, and the
// instruction that names the stylesheet, by its path on the site's host
// (a browser applies only a stylesheet of the feed's own origin).
func feedHeader(c *chrono.Chronology) string {
	return xml.Header + `<?xml-stylesheet type="text/xsl" href="` + xmlText(c.Site.BasePath()+strings.TrimPrefix(XSLPath, "/")) + `"?>` + "\n"
}

// xmlText escapes s for XML text and attributes.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// FeedsPath is the path of the page that lists every feed of the site and
// says how to subscribe: the links « flux Atom » of the pages lead there,
// a page every browser shows, while <link rel="alternate"> names the feeds
// themselves, for feed readers.
const FeedsPath = "/flux/"

// Feed is a feed of the site, as /flux/ lists it.
type Feed struct {
	Title string // what it follows: "Thierry Breton", "Article 34 du DSA : …"
	Path  string // the feed's path: "/actors/thierry-breton/feed.xml"
	Page  string // the path of the page it follows: "/actors/thierry-breton/"
	ID    string // its anchor on /flux/: "flux-actors-thierry-breton"
}

// FeedGroup is the feeds of one kind, with their French label.
type FeedGroup struct {
	Label string
	Feeds []Feed
}

// feedID is the anchor, on /flux/, of the feed at path: its folder, with
// dashes for slashes ("flux-dsa-34"), or "flux-site" for the site's feed.
func feedID(path string) string {
	id := strings.ReplaceAll(strings.Trim(strings.TrimSuffix(path, "feed.xml"), "/"), "/", "-")
	if id == "" {
		id = "site"
	}
	return "flux-" + id
}

func newFeed(title, page string) Feed {
	path := page + "feed.xml"
	return Feed{Title: title, Path: path, Page: page, ID: feedID(path)}
}

// Feeds returns every feed the site writes (see outputs), by kind: the
// site's and the corrections', the procedures', the actors' (those with
// events, by name) and the cited articles'.
func (p *Page) Feeds() []FeedGroup {
	groups := []FeedGroup{{Label: "Toute la chronologie", Feeds: []Feed{
		newFeed("Les derniers événements, avec leur annotation entière", "/"),
		newFeed("Les corrections de fond apportées aux entrées", chrono.CorrectionsPath),
	}}}
	if procs := p.Procedures(); len(procs) > 0 {
		g := FeedGroup{Label: "Les procédures"}
		for _, proc := range procs {
			g.Feeds = append(g.Feeds, newFeed(proc.Title, proc.URLPath()))
		}
		groups = append(groups, g)
	}
	site := p.Site()
	var actors []*chrono.Actor
	for _, slug := range site.ActorSlugs() {
		if len(p.ByActor(slug)) > 0 {
			actors = append(actors, site.Actors[slug])
		}
	}
	if len(actors) > 0 {
		sortActors(actors)
		g := FeedGroup{Label: "Les acteurs"}
		for _, a := range actors {
			g.Feeds = append(g.Feeds, newFeed(a.Name, chrono.ActorPath(a.Slug)))
		}
		groups = append(groups, g)
	}
	if cited := p.CitedArticles(); len(cited) > 0 {
		g := FeedGroup{Label: "Les articles du DSA"}
		for _, n := range cited {
			g.Feeds = append(g.Feeds, newFeed("Article "+strconv.Itoa(n)+" : "+dsa.Lookup(n).Title, chrono.ArticlePath(n)))
		}
		groups = append(groups, g)
	}
	return groups
}

// FeedsURL returns the address of /flux/ at the feed whose path is path
// (the page's FeedPath): a link « flux Atom » that every browser shows;
// /flux/ itself for "".
func (p *Page) FeedsURL(path string) string {
	if path == "" {
		return p.URL(FeedsPath)
	}
	return p.URL(FeedsPath) + "#" + feedID(path)
}
