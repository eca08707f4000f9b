package render

import (
	"bytes"
	"encoding/xml"
	"fmt"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
)

// The list of corrections: /corrections/, every correction of substance
// made to an entry, newest first, and its Atom feed, for readers who
// follow what changed rather than what happened.

var correctionsKey = chrono.Key{Part: chrono.PartCorrections}

// Corrections returns every correction of the site, newest first, with
// the entries they are on.
func (p *Page) Corrections() []chrono.Corrected { p.read(correctionsKey); return p.c.Corrections() }

// CorrectionsOf returns e's corrections, in the order written: fields of
// e, which the page read when it got e.
func (p *Page) CorrectionsOf(e *chrono.Entry) []chrono.Corrected {
	out := make([]chrono.Corrected, len(e.Corrections))
	for i, k := range e.Corrections {
		out[i] = chrono.Corrected{Entry: e, Correction: k, N: i + 1}
	}
	return out
}

// correctionsFeed writes the Atom feed of the latest FeedSize corrections,
// newest first: each links to the correction on its entry's page, and is
// dated by the day it was made.
func correctionsFeed(c *chrono.Chronology) ([]byte, error) {
	self := chrono.CorrectionsPath + "feed.xml"
	all := c.Corrections()
	all = all[:min(len(all), FeedSize)]
	f := atomFeed{
		Lang:     c.Site.Language,
		Title:    markdown.Typography("Corrections · " + c.Site.Title),
		Subtitle: "Les corrections de fond apportées aux entrées de la chronologie.",
		Links:    []atomLink{{Href: c.Site.URL(self), Rel: "self", Type: "application/atom+xml"}, {Href: c.Site.URL(chrono.CorrectionsPath), Type: "text/html"}},
		ID:       c.Site.URL(self),
		Updated:  "2000-01-01T00:00:00Z",
		Author:   c.Site.Title,
	}
	if len(all) > 0 {
		f.Updated = atomDate(all[0].Date)
	}
	for _, k := range all {
		u := c.Site.URL(k.Entry.URLPath()) + "#" + k.Anchor()
		f.Entries = append(f.Entries, atomEntry{
			Title:     markdown.Typography("Correction : " + k.Entry.Title),
			Link:      atomLink{Href: u},
			ID:        u,
			Updated:   atomDate(k.Date),
			Published: atomDate(k.Date),
			Summary:   &atomText{Type: "text", Body: markdown.Typography(k.Text)},
			Date:      dateText(k.Date),
		})
	}
	var b bytes.Buffer
	b.WriteString(feedHeader(c))
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("%s: %w", self, err)
	}
	b.WriteString("\n")
	return b.Bytes(), nil
}
