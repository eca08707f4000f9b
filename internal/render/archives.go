package render

import (
	"github.com/chrono-dsa/chrono/internal/archive"
	"github.com/chrono-dsa/chrono/internal/chrono"
)

// ArchiveSearch returns, for a source with a url and no archive, the
// address of the Wayback Machine's list of its copies around the source's
// date (else around event, the date of the entry, if given; else all of
// them): a search, which may find nothing, to be labelled as such.
func (p *Page) ArchiveSearch(s chrono.Source, event ...chrono.Date) string {
	d := s.Date
	if d == nil && len(event) > 0 {
		d = &event[0]
	}
	return archive.SearchURL(s.URL, archive.Timestamp(d))
}
