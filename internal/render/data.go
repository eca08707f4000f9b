package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"slices"
	"strings"
	"sync"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
	"github.com/chrono-dsa/chrono/internal/scratch"
)

// FeedSize is how many entries the Atom feed carries: the latest by date.
const FeedSize = 50

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string    `xml:"title"`
	Link      atomLink  `xml:"link"`
	ID        string    `xml:"id"`
	Updated   string    `xml:"updated"`
	Published string    `xml:"published"`
	Summary   *atomText `xml:"summary,omitempty"`
	Content   *atomText `xml:"content,omitempty"`
	Category  []atomCat `xml:"category"`
	Date      *atomDateText
}

// atomDateText is the date of an entry as the site writes it (« vers
// décembre 2023 »), in chrono's own namespace: <published> holds the first
// day of a month or a year, and the feeds' stylesheet (flux.xsl) shows
// this instead. Feed readers skip elements of namespaces they do not know
// (RFC 4287, 6.3).
type atomDateText struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

// chronoNS is the namespace of chrono's elements in its feeds: a tag URI
// (RFC 4151), a name that no one fetches.
const chronoNS = "tag:chrono-dsa.github.io,2026:atom"

func dateText(d chrono.Date) *atomDateText {
	return &atomDateText{XMLName: xml.Name{Space: chronoNS, Local: "date"}, Text: d.French()}
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Links    []atomLink  `xml:"link"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Author   string      `xml:"author>name"`
	Entries  []atomEntry `xml:"entry"`
}

// atomDate is the first day of d's start, as Atom wants it. Entries carry
// no time of their own: a feed made twice from the same files is the same.
func atomDate(d chrono.Date) string {
	p := d.Start
	return fmt.Sprintf("%04d-%02d-%02dT00:00:00Z", p.Year, max(p.Month, 1), max(p.Day, 1))
}

// feed writes the Atom feed of the latest entries, newest first.
func feed(c *chrono.Chronology) ([]byte, error) {
	return atom(c, "/feed.xml", "/", c.Site.Title, c.Site.Description, c.Entries, true, nil)
}

// atom writes an Atom feed of the latest entries of a list, newest first:
// self is the feed's path, page the path of the page it follows. With
// full, each entry carries its whole annotation (the site's feed); without,
// its summary and link (the feeds of an actor or an article, which exist to
// follow new events: carrying every annotation in each of them would
// multiply the size of the site), taken from shared if not nil, where the
// feeds of a render keep the entries they encoded.
func atom(c *chrono.Chronology, self, page, title, subtitle string, entries []*chrono.Entry, full bool, shared *feedEntries) ([]byte, error) {
	latest := entries[max(0, len(entries)-FeedSize):]
	f := atomFeed{
		Lang:     c.Site.Language,
		Title:    markdown.Typography(title),
		Subtitle: markdown.Typography(subtitle),
		Links:    []atomLink{{Href: c.Site.URL(self), Rel: "self", Type: "application/atom+xml"}, {Href: c.Site.URL(page), Type: "text/html"}},
		ID:       c.Site.URL(self),
		Updated:  "2000-01-01T00:00:00Z",
		Author:   c.Site.Title,
	}
	for _, e := range latest {
		f.Updated = max(f.Updated, atomUpdated(c, e))
	}
	var b bytes.Buffer
	b.WriteString(feedHeader(c))
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	// The feed without entries ends with its closing tag: the entries go
	// before it, each as the encoder would have written it there.
	closing := []byte("\n</feed>\n")
	head, ok := bytes.CutSuffix(b.Bytes(), closing[:len(closing)-1])
	if !ok {
		return nil, fmt.Errorf("the feed %s does not end with </feed>", self)
	}
	items := make([][]byte, 0, len(latest))
	size := len(head) + len(closing)
	for i := len(latest) - 1; i >= 0; i-- {
		var item []byte
		var err error
		if shared != nil && !full {
			item, err = shared.get(c, latest[i])
		} else {
			item, err = encodeAtomEntry(atomEntryOf(c, latest[i], full))
		}
		if err != nil {
			return nil, err
		}
		items = append(items, item)
		size += 1 + len(item)
	}
	out := make([]byte, 0, size)
	out = append(out, head...)
	for _, item := range items {
		out = append(out, '\n')
		out = append(out, item...)
	}
	return append(out, closing...), nil
}

// atomEntryOf is an entry of a feed, with its whole annotation if full.
func atomEntryOf(c *chrono.Chronology, e *chrono.Entry, full bool) atomEntry {
	ae := atomEntry{
		Title:     markdown.Typography(e.Title),
		Link:      atomLink{Href: c.Site.URL(e.URLPath())},
		ID:        c.Site.URL(e.URLPath()),
		Updated:   atomUpdated(c, e),
		Published: atomDate(e.Date),
		Date:      dateText(e.Date),
	}
	if full {
		// Links in bodies are rooted at the base path: make them absolute.
		base := strings.TrimSuffix(c.Site.BasePath(), "/")
		ae.Content = &atomText{Type: "html", Body: strings.ReplaceAll(e.Body, `href="`+html.EscapeString(base)+`/`, `href="`+html.EscapeString(strings.TrimSuffix(c.Site.BaseURL, "/"))+`/`)}
	}
	switch {
	case e.Summary != "":
		ae.Summary = &atomText{Type: "text", Body: markdown.Typography(e.Summary)}
	case !full:
		ae.Summary = &atomText{Type: "text", Body: e.Date.French()}
	}
	for _, a := range e.Actors {
		ae.Category = append(ae.Category, atomCat{Term: a, Label: c.Site.Actors[a].Name})
	}
	return ae
}

// encodeAtomEntry writes an entry as it is written inside a feed: one
// level of indentation deep.
func encodeAtomEntry(ae atomEntry) ([]byte, error) {
	s := scratch.Get()
	enc := xml.NewEncoder(s.W)
	enc.Indent(" ", " ")
	return s.Bytes(enc.Encode(struct {
		XMLName xml.Name `xml:"entry"`
		atomEntry
	}{atomEntry: ae}))
}

// feedEntries are the entries of the feeds of actors and articles, each
// encoded once per render: an entry is in the feed of each of its actors
// and articles.
type feedEntries struct {
	mu sync.Mutex
	m  map[*chrono.Entry][]byte
}

func newFeedEntries() *feedEntries { return &feedEntries{m: map[*chrono.Entry][]byte{}} }

func (fe *feedEntries) get(c *chrono.Chronology, e *chrono.Entry) ([]byte, error) {
	fe.mu.Lock()
	b, ok := fe.m[e]
	fe.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := encodeAtomEntry(atomEntryOf(c, e, false))
	if err != nil {
		return nil, err
	}
	fe.mu.Lock()
	fe.m[e] = b
	fe.mu.Unlock()
	return b, nil
}

// sitemap lists the URL of every HTML page but the 404 page, in the order
// of the pages in outputs (TestSitemapListsPages), without making the
// pages: a preview makes it again whenever an entry is added, removed or
// moved.
func sitemap(c *chrono.Chronology, opts Options) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(100 * (len(c.Entries) + len(c.Years) + len(c.Site.Actors) + len(c.ByArticle) + 3))
	b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	loc := func(path string) {
		b.WriteString("<url><loc>")
		_ = xml.EscapeText(&b, []byte(c.Site.URL(path)))
		b.WriteString("</loc></url>\n")
	}
	loc("/")
	for _, y := range c.Years {
		loc(chrono.YearPath(y.Year))
	}
	for _, e := range c.Entries {
		loc(e.URLPath())
	}
	loc("/actors/")
	for _, slug := range c.Site.ActorSlugs() {
		loc(chrono.ActorPath(slug))
	}
	loc("/dsa/")
	for _, n := range c.Articles() {
		loc(chrono.ArticlePath(n))
	}
	if len(c.Site.Procedures) > 0 {
		loc(chrono.ProceduresPath)
		for _, p := range c.Site.Procedures {
			loc(p.URLPath())
		}
	}
	loc(chrono.CorrectionsPath)
	loc(FeedsPath)
	loc(SearchPath)
	for _, p := range aboutPaths(c) {
		loc(p)
	}
	b.WriteString("</urlset>\n")
	return b.Bytes(), nil
}

// The format of /chronologie.json, documented in the README.
type (
	jsonSite struct {
		Title       string      `json:"title"`
		Description string      `json:"description"`
		Language    string      `json:"language"`
		URL         string      `json:"url"`
		Actors      []jsonActor `json:"actors"` // then "entries", written by jsonDocument
	}
	jsonActor struct {
		Slug string `json:"slug"`
		Name string `json:"name"`
		Kind string `json:"kind"`
		Role string `json:"role,omitempty"`
		URL  string `json:"url,omitempty"`
		Page string `json:"page"`
	}
	jsonEntry struct {
		Slug     string       `json:"slug"`
		URL      string       `json:"url"`
		Title    string       `json:"title"`
		Date     string       `json:"date"`
		DateText string       `json:"date_text"`
		Start    string       `json:"start"`
		End      string       `json:"end"`
		Actors   []string     `json:"actors"`
		DSA      []string     `json:"dsa"`
		Summary  string       `json:"summary,omitempty"`
		Sources  []jsonSource `json:"sources"`
		Related  []string     `json:"related"`
		LinksTo  []string     `json:"links_to"`
		Draft    bool         `json:"draft,omitempty"`

		Type       string   `json:"type,omitempty"`
		Procedure  string   `json:"procedure,omitempty"`
		Step       string   `json:"step,omitempty"`
		RespondsTo []string `json:"responds_to"`
		Follows    []string `json:"follows"`
	}
	jsonSource struct {
		Name    string `json:"name"`
		Title   string `json:"title,omitempty"`
		URL     string `json:"url,omitempty"`
		Date    string `json:"date,omitempty"`
		Lang    string `json:"lang,omitempty"`
		Archive string `json:"archive,omitempty"`
	}
)

// jsonData writes /chronologie.json: the site, its actors and every entry's
// fields with its URL, one entry a line.
func jsonData(c *chrono.Chronology) ([]byte, error) { return jsonDocument(c, jsonEntryOf) }

// jsonDocument writes /chronologie.json with the objects entry gives for
// each entry: compact JSON, one entry a line, so that a preview can keep
// each entry's line and a diff of two versions shows the entries changed.
func jsonDocument(c *chrono.Chronology, entry func(*chrono.Chronology, *chrono.Entry) ([]byte, error)) ([]byte, error) {
	s := jsonSite{Title: c.Site.Title, Description: c.Site.Description, Language: c.Site.Language, URL: c.Site.BaseURL,
		Actors: []jsonActor{}}
	for _, slug := range c.Site.ActorSlugs() {
		a := c.Site.Actors[slug]
		s.Actors = append(s.Actors, jsonActor{Slug: slug, Name: a.Name, Kind: a.Kind, Role: a.Role, URL: a.URL, Page: c.Site.URL(chrono.ActorPath(slug))})
	}
	head, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	lines, size, err := entryLines(c, entry)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(head)+len(`,"entries":[`)+size+2*len(lines)+4)
	b = append(b, head[:len(head)-1]...) // without its closing brace
	b = append(b, `,"entries":[`...)
	for i, line := range lines {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, line...)
	}
	return append(b, "\n]}\n"...), nil
}

// entryLines returns the line of every entry and their total size, so that
// a file of ten thousand lines is allocated once, not grown line by line.
func entryLines(c *chrono.Chronology, line func(*chrono.Chronology, *chrono.Entry) ([]byte, error)) ([][]byte, int, error) {
	lines := make([][]byte, len(c.Entries))
	size := 0
	for i, e := range c.Entries {
		l, err := line(c, e)
		if err != nil {
			return nil, 0, err
		}
		lines[i] = l
		size += len(l)
	}
	return lines, size, nil
}

// jsonEntryOf is the object of one entry in /chronologie.json.
func jsonEntryOf(c *chrono.Chronology, e *chrono.Entry) ([]byte, error) {
	end := e.Date.End
	if !e.Date.IsInterval() {
		end = e.Date.Start
	}
	je := jsonEntry{Slug: e.Slug, URL: c.Site.URL(e.URLPath()), Title: e.Title, Date: e.Date.String(), DateText: e.Date.French(),
		Start: e.Date.Start.ISO(), End: end.ISO(), Actors: e.Actors, DSA: []string{}, Summary: e.Summary,
		Sources: []jsonSource{}, Related: nonNil(e.Related), LinksTo: nonNil(e.Links), Draft: e.Draft,
		Type: e.Type, Procedure: e.Procedure, Step: e.Step, RespondsTo: nonNil(e.RespondsTo), Follows: nonNil(e.Follows)}
	for _, d := range e.DSA {
		je.DSA = append(je.DSA, d.Ref)
	}
	for _, src := range e.Sources {
		js := jsonSource{Name: src.Name, Title: src.Title, URL: src.URL, Lang: src.Lang, Archive: src.Archive}
		if src.Date != nil {
			js.Date = src.Date.String()
		}
		je.Sources = append(je.Sources, js)
	}
	return json.Marshal(je)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// sortActors sorts actors by name, ignoring case and accents on capitals.
func sortActors(as []*chrono.Actor) {
	key := func(a *chrono.Actor) string {
		return foldAccents.Replace(strings.ToLower(a.Name))
	}
	slices.SortFunc(as, func(a, b *chrono.Actor) int { return strings.Compare(key(a), key(b)) })
}

var foldAccents = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ě", "e", "č", "c", "š", "s", "ž", "z", "î", "i", "ô", "o")
