package content

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/dsa"
)

var (
	entryKeys  = []string{"title", "date", "actors", "dsa", "source", "summary", "related", "draft", "type", "procedure", "step", "responds_to", "follows", "correction"}
	sourceKeys = []string{"name", "title", "url", "date", "lang", "archive"}
	citationRe = regexp.MustCompile(`^([0-9]{1,3})((\([0-9]{1,2}\))*(\([a-z]\))?)$`)
	langRe     = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// Limits on the length of plain-text fields, in characters.
const (
	maxTitle   = 200
	maxSummary = 600
	// maxActors is the most actors an entry names: the entry is listed on
	// the page of each, so each name costs a list item on another page.
	// The repository's entries name ten at most.
	maxActors = 30
)

// parsed is an entry read from its file, before the checks that need the
// other entries.
type parsed struct {
	entry  *chrono.Entry
	file   *file
	fields *fields
	urls   []string // the sources' URLs made comparable (normalURL), "" for none; see normalURLs
	date   string   // the entry's date as written; see dateKey
}

// parseEntry reads the entry in src, at path content/<year>/<slug>.md, and
// checks everything that does not depend on other entries.
func parseEntry(path, slug string, src []byte, site *chrono.Site) (*parsed, chrono.Problems) {
	var probs chrono.Problems
	fl, p := split(path, src)
	if p != nil {
		return nil, chrono.Problems{*p}
	}
	m, f, p := decode(path, fl.front, fl.frontLine)
	if p != nil {
		return nil, chrono.Problems{*p}
	}
	f.probs = &probs
	f.unknown(m, "", entryKeys)
	e := &chrono.Entry{
		Path:    path,
		Slug:    slug,
		Title:   f.str(m, "", "title", true),
		Summary: f.str(m, "", "summary", false),
		Related: f.strings(m, "", "related"),
	}
	f.oneLine("", "title", e.Title, maxTitle)
	if l := len([]rune(e.Summary)); l > maxSummary {
		f.errorf("summary", "summary is %d characters long; keep it to one or two sentences, under %d characters", l, maxSummary)
	}
	if d := f.date(m, "", "date", true); d != nil {
		e.Date = *d
	}
	e.Actors = f.strings(m, "", "actors")
	if _, ok := m["actors"]; !ok {
		f.errorf("", "missing required key \"actors\"; list who acted, as actors = [\"thierry-breton\"]")
	} else if a, isList := m["actors"].([]any); isList && len(a) == 0 {
		f.errorf("actors", "actors is empty; list at least one actor declared in site.toml")
	} else if len(e.Actors) > maxActors {
		f.errorf("actors", "actors names %d actors; an entry names at most %d, those who acted in the event", len(e.Actors), maxActors)
		e.Actors = e.Actors[:maxActors]
	}
	if site != nil {
		var known []string
		for _, a := range e.Actors {
			if site.Actors[a] != nil {
				continue
			}
			hint := "; declare it in site.toml as [actors." + a + "]"
			if f.few() {
				if known == nil {
					known = site.ActorSlugs()
				}
				hint = orDeclare(a, known)
			}
			f.errorAtValue("actors", strconv.Quote(a), "unknown actor %q%s", a, hint)
		}
	}
	e.DSA = f.citations(m)
	e.Sources = f.sources(m)
	if v, ok := m["draft"]; ok {
		if b, isBool := v.(bool); isBool {
			e.Draft = b
		} else {
			f.errorf("draft", "draft must be true or false, not %s", typeName(v))
		}
	}
	f.procedureFields(m, e, site)
	e.Corrections = f.corrections(m, e)
	for _, r := range e.Related {
		if r == slug {
			f.errorAtValue("related", strconv.Quote(r), "an entry cannot be related to itself")
		}
	}
	pe := &parsed{entry: e, file: fl, fields: f}
	return pe, append(probs, entryWarnings(pe)...)
}

func orDeclare(a string, known []string) string {
	if s := suggest(a, known); s != "" {
		return s
	}
	return "; declare it in site.toml as [actors." + a + "]"
}

// citations reads dsa: article numbers 1–93, or strings such as "34(1)".
func (f *fields) citations(m map[string]any) []chrono.Citation { return f.citationsIn(m, "") }

// citationsIn reads the dsa key of the table prefix ("" for the top).
func (f *fields) citationsIn(m map[string]any, prefix string) []chrono.Citation {
	key := join(prefix, "dsa")
	v, ok := m["dsa"]
	if !ok {
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		f.errorf(key, "dsa must be a list of articles, as dsa = [34, \"40(12)\"], not %s", typeName(v))
		return nil
	}
	var out []chrono.Citation
	for _, e := range a {
		var c chrono.Citation
		var text string
		switch e := e.(type) {
		case int64:
			text = strconv.FormatInt(e, 10)
			c = chrono.Citation{Article: int(min(max(e, -1), 1000)), Ref: text}
		case string:
			text = strconv.Quote(e)
			sm := citationRe.FindStringSubmatch(e)
			if sm == nil {
				f.errorAtValue(key, text, "dsa: %s is not an article of the DSA; expected a number such as 34 or a string such as \"34(1)\" or \"40(12)\"", text)
				continue
			}
			n, _ := strconv.Atoi(sm[1])
			c = chrono.Citation{Article: n, Ref: e}
		default:
			f.errorf(key, "dsa must list article numbers or strings such as \"34(1)\"; found %s", typeName(e))
			continue
		}
		if dsa.Lookup(c.Article) == nil {
			f.errorAtValue(key, text, "dsa: article %s does not exist; the DSA has articles 1 to %d", text, dsa.Count)
			continue
		}
		for _, prev := range out {
			if prev.Ref == c.Ref {
				f.errorAtValue(key, text, "dsa: article %s is listed twice", c.Ref)
			}
		}
		out = append(out, c)
	}
	return out
}

// sources reads source: one table, or an array of tables.
func (f *fields) sources(m map[string]any) []chrono.Source {
	v, ok := m["source"]
	if !ok {
		f.errorf("", "missing required key \"source\"; add a [source] table with at least the publisher's name")
		return nil
	}
	var tables []map[string]any
	var keys []string
	switch v := v.(type) {
	case map[string]any:
		tables, keys = []map[string]any{v}, []string{"source"}
	case []map[string]any:
		tables = v
		for i := range v {
			keys = append(keys, fmt.Sprintf("source[%d]", i))
		}
	default:
		f.errorf("source", "source must be a table, as [source] or [[source]] followed by name = \"…\", not %s", typeName(v))
		return nil
	}
	if len(tables) == 0 {
		f.errorf("source", "source is empty; add at least one source with its name")
	}
	var out []chrono.Source
	for i, t := range tables {
		key := keys[i]
		f.unknown(t, key, sourceKeys)
		s := chrono.Source{
			Name:    f.str(t, key, "name", true),
			Title:   f.str(t, key, "title", false),
			URL:     f.str(t, key, "url", false),
			Lang:    f.str(t, key, "lang", false),
			Archive: f.str(t, key, "archive", false),
			Date:    f.date(t, key, "date", false),
		}
		f.oneLine(key, "name", s.Name, maxTitle)
		f.oneLine(key, "title", s.Title, 2*maxTitle)
		f.webURL(key, "url", s.URL)
		f.webURL(key, "archive", s.Archive)
		if s.Lang != "" && !langRe.MatchString(s.Lang) {
			f.errorf(key+".lang", "lang %q: expected a language code such as \"fr\" or \"en\"", s.Lang)
		}
		out = append(out, s)
	}
	return out
}
