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
	cite   *cite    // the first article its body cites; see bodyCite
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
		f.errorf("summary", summaryTooLong, l, maxSummary)
	}
	if d := f.date(m, "", "date", true); d != nil {
		e.Date = *d
	}
	e.Actors = f.strings(m, "", "actors")
	if _, ok := m["actors"]; !ok {
		f.errorf("", chrono.Say("missing required key \"actors\"; list who acted, as actors = [\"thierry-breton\"]",
			"il manque la clé obligatoire « actors » ; indiquez qui a agi, comme actors = [\"thierry-breton\"]"))
	} else if a, isList := m["actors"].([]any); isList && len(a) == 0 {
		f.errorf("actors", chrono.Say("actors is empty; list at least one actor declared in site.toml",
			"actors est vide ; indiquez au moins un acteur déclaré dans site.toml"))
	} else if len(e.Actors) > maxActors {
		f.errorf("actors", chrono.Say("actors names %d actors; an entry names at most %d, those who acted in the event",
			"actors nomme %d acteurs ; une entrée en nomme %d au plus, ceux qui ont agi dans l’événement"), len(e.Actors), maxActors)
		e.Actors = e.Actors[:maxActors]
	}
	if site != nil {
		var known []string
		for _, a := range e.Actors {
			if site.Actors[a] != nil {
				continue
			}
			hint := declareActor.With(a)
			if f.few() {
				if known == nil {
					known = site.ActorSlugs()
				}
				hint = orDeclare(a, known)
			}
			f.errorAtValue("actors", strconv.Quote(a), unknownActor, a, hint)
		}
	}
	e.DSA = f.citations(m)
	e.Sources = f.sources(m)
	if v, ok := m["draft"]; ok {
		if b, isBool := v.(bool); isBool {
			e.Draft = b
		} else {
			f.errorf("draft", chrono.Say("draft must be true or false, not %s", "draft doit valoir true ou false, et non %s"), typeName(v))
		}
	}
	f.procedureFields(m, e, site)
	e.Corrections = f.corrections(m, e)
	for _, r := range e.Related {
		if r == slug {
			f.errorAtValue("related", strconv.Quote(r), chrono.Say("an entry cannot be related to itself", "une entrée ne peut pas être liée à elle-même ; retirez son propre identifiant de related"))
		}
	}
	pe := &parsed{entry: e, file: fl, fields: f}
	return pe, append(probs, entryWarnings(pe)...)
}

var (
	unknownActor   = chrono.Say("unknown actor %q%s", "acteur inconnu %q%s")
	declareActor   = chrono.Say("; declare it in site.toml as [actors.%s]", " ; déclarez-le dans site.toml sous la forme [actors.%s]")
	summaryTooLong = chrono.Say("summary is %d characters long; keep it to one or two sentences, under %d characters",
		"summary compte %d caractères ; tenez-vous-en à une ou deux phrases, de moins de %d caractères")
)

func orDeclare(a string, known []string) chrono.Message {
	if s := suggest(a, known); s.En != "" {
		return s
	}
	return declareActor.With(a)
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
		f.errorf(key, chrono.Say("dsa must be a list of articles, as dsa = [34, \"40(12)\"], not %s",
			"dsa doit être une liste d’articles, comme dsa = [34, \"40(12)\"], et non %s"), typeName(v))
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
				f.errorAtValue(key, text, chrono.Say("dsa: %s is not an article of the DSA; expected a number such as 34 or a string such as \"34(1)\" or \"40(12)\"",
					"dsa : %s n’est pas un article du DSA ; un numéro est attendu, comme 34, ou un texte entre guillemets, comme \"34(1)\" ou \"40(12)\""), text)
				continue
			}
			n, _ := strconv.Atoi(sm[1])
			c = chrono.Citation{Article: n, Ref: e}
		default:
			f.errorf(key, chrono.Say("dsa must list article numbers or strings such as \"34(1)\"; found %s",
				"dsa doit lister des numéros d’articles ou des textes entre guillemets comme \"34(1)\" ; la liste contient %s"), typeName(e))
			continue
		}
		if dsa.Lookup(c.Article) == nil {
			f.errorAtValue(key, text, chrono.Say("dsa: article %s does not exist; the DSA has articles 1 to %d",
				"dsa : l’article %s n’existe pas ; le DSA a les articles 1 à %d"), text, dsa.Count)
			continue
		}
		for _, prev := range out {
			if prev.Ref == c.Ref {
				f.errorAtValue(key, text, chrono.Say("dsa: article %s is listed twice", "dsa : l’article %s figure deux fois"), c.Ref)
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
		f.errorf("", chrono.Say("missing required key \"source\"; add a [source] table with at least the publisher's name",
			"il manque la clé obligatoire « source » ; ajoutez une table [source] avec au moins le nom de l’éditeur"))
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
		f.errorf("source", chrono.Say("source must be a table, as [source] or [[source]] followed by name = \"…\", not %s",
			"source doit être une table, comme [source] ou [[source]] suivi de name = \"…\", et non %s"), typeName(v))
		return nil
	}
	if len(tables) == 0 {
		f.errorf("source", chrono.Say("source is empty; add at least one source with its name", "source est vide ; ajoutez au moins une source avec son nom"))
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
			f.errorf(key+".lang", chrono.Say("lang %q: expected a language code such as \"fr\" or \"en\"",
				"lang %q : un code de langue est attendu, comme \"fr\" ou \"en\""), s.Lang)
		}
		out = append(out, s)
	}
	return out
}
