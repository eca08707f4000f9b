package content

import (
	"fmt"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// UnarchivedSource is a source of an entry or a procedure that has a url
// and no archive: what `chrono archive` looks up, and where the url is
// written, so that the archive's address can be written after it.
type UnarchivedSource struct {
	URL  string       // the source's url, as decoded
	Date *chrono.Date // the source's date, else the entry's; nil if neither is known
	Line int          // line of the file where its url key is written
}

// Unarchived lists the sources of the file src (an entry or a procedure,
// at path) that have a url and no archive, in the order of the file. A
// file whose front matter cannot be read is an error: `chrono check` says
// why.
func Unarchived(path string, src []byte) ([]UnarchivedSource, error) {
	fl, p := split(path, src)
	if p != nil {
		return nil, p
	}
	m, f, p := decode(path, fl.front, fl.frontLine)
	if p != nil {
		return nil, p
	}
	var probs chrono.Problems
	f.probs = &probs
	entryDate := f.date(m, "", "date", false)
	var tables []map[string]any
	var keys []string
	switch v := m["source"].(type) {
	case map[string]any:
		tables, keys = []map[string]any{v}, []string{"source"}
	case []map[string]any:
		tables = v
		for i := range v {
			keys = append(keys, fmt.Sprintf("source[%d]", i))
		}
	}
	var out []UnarchivedSource
	for i, t := range tables {
		u, _ := t["url"].(string)
		if u == "" {
			continue
		}
		if _, has := t["archive"]; has {
			continue
		}
		d := f.date(t, keys[i], "date", false)
		if d == nil {
			d = entryDate
		}
		out = append(out, UnarchivedSource{URL: u, Date: d, Line: f.keys.pos(path, keys[i]+".url").Line})
	}
	return out, nil
}
