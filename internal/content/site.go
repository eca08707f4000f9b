package content

import (
	"errors"
	"io/fs"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// SiteFile is the site's configuration file, at the site's root.
const SiteFile = "site.toml"

// MaxSiteSize is the largest site.toml accepted, in bytes: 90 times the
// repository's, whose 57 actors take 11 KB. It is read whole.
const MaxSiteSize = 1 << 20

var (
	siteKeys  = []string{"title", "description", "language", "base_url", "actors", "types", "repository", "branch"}
	actorKeys = []string{"name", "kind", "role", "url"}
)

// Language returns the language of the site in fsys as its site.toml
// says, for the problems told to contributors (chrono.Problems.In): "fr"
// if site.toml does not say, or cannot be read or decoded, as when
// language is not set.
func Language(fsys fs.FS) string {
	src, err := readLimited(fsys, SiteFile, MaxSiteSize)
	if err != nil || src == nil {
		return "fr"
	}
	var s struct {
		Language string `toml:"language"`
	}
	if _, err := toml.Decode(strings.TrimPrefix(string(src), "\ufeff"), &s); err != nil || s.Language == "" {
		return "fr"
	}
	return s.Language
}

func kinds() []string {
	ks := make([]string, len(chrono.ActorKinds))
	for i, k := range chrono.ActorKinds {
		ks[i] = k.Kind
	}
	return ks
}

// loadSite reads site.toml. baseURL, if not empty, replaces its base_url.
func loadSite(fsys fs.FS, baseURL string) (*chrono.Site, chrono.Problems, error) {
	var probs chrono.Problems
	src, err := readLimited(fsys, SiteFile, MaxSiteSize)
	if errors.Is(err, fs.ErrNotExist) {
		probs.Add(chrono.Pos{Path: SiteFile}, chrono.Say("missing %s; every site has one, with its title, base_url and actors",
			"il manque %s ; chaque site en a un, qui indique son titre (title), son adresse (base_url) et ses acteurs"), SiteFile)
		return nil, probs, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if src == nil {
		probs.Add(chrono.Pos{Path: SiteFile}, chrono.Say("file is larger than %d bytes (1 MiB); a site's settings and actors fit in far less",
			"le fichier dépasse %d octets (1 Mio) ; les réglages et les acteurs d’un site tiennent dans bien moins"), MaxSiteSize)
		return nil, probs, nil
	}
	if line, col, msg := hidden(src); msg.En != "" {
		probs.AddMessage(chrono.Pos{Path: SiteFile, Line: line, Col: col}, msg)
		return nil, probs, nil
	}
	doc := strings.ReplaceAll(strings.TrimPrefix(string(src), "\ufeff"), "\r\n", "\n")
	m, f, p := decode(SiteFile, doc, 1)
	if p != nil {
		return nil, chrono.Problems{*p}, nil
	}
	f.probs = &probs
	f.unknown(m, "", siteKeys)
	s := &chrono.Site{
		Title:       f.str(m, "", "title", true),
		Description: f.str(m, "", "description", false),
		Language:    f.str(m, "", "language", false),
		BaseURL:     f.str(m, "", "base_url", true),
		Actors:      map[string]*chrono.Actor{},
	}
	// The title and the description are written into every page.
	f.oneLine("", "title", s.Title, 200)
	f.oneLine("", "description", s.Description, 600)
	if s.Language == "" {
		s.Language = "fr"
	}
	switch {
	case baseURL != "":
		u, err := chrono.CheckBaseURL(baseURL)
		if err != nil {
			probs.Add(chrono.Pos{Path: SiteFile}, chrono.Say("the base URL given to replace base_url: %v", "l’adresse donnée pour remplacer base_url : %v"), err)
		}
		s.BaseURL = u
	case s.BaseURL != "":
		u, err := chrono.CheckBaseURL(s.BaseURL)
		if err != nil {
			f.errorf("base_url", chrono.Say("base_url %v", "base_url %v"), err)
		}
		s.BaseURL = u
	}
	if s.BaseURL == "" {
		s.BaseURL = "/"
	}
	actors, ok := m["actors"].(map[string]any)
	if v, present := m["actors"]; present && !ok {
		f.errorf("actors", chrono.Say("actors must be tables, one per actor, as [actors.thierry-breton]; found %s",
			"actors doit être composé de tables, une par acteur, comme [actors.thierry-breton] ; il contient %s"), typeName(v))
	}
	for _, slug := range sortedKeys(actors) {
		key := "actors." + slug
		a, ok := actors[slug].(map[string]any)
		if !ok {
			f.errorf(key, chrono.Say("actor %q must be a table, as [actors.%s] followed by its name, kind and role",
				"l’acteur %q doit être une table, comme [actors.%s] suivi de son nom (name), de sa nature (kind) et de son rôle (role)"), slug, slug)
			continue
		}
		if !isSlug(slug) {
			f.errorf(key, chrono.Say("actor slug %q: expected lowercase letters, digits and single dashes, such as %q",
				"identifiant d’acteur %q : lettres minuscules sans accents, chiffres et tirets simples sont attendus, comme %q"), slug, slugFor(slug))
		}
		f.unknown(a, key, actorKeys)
		actor := &chrono.Actor{
			Slug: slug,
			Name: f.str(a, key, "name", true),
			Kind: f.str(a, key, "kind", true),
			Role: f.str(a, key, "role", false),
			URL:  f.str(a, key, "url", false),
			Pos:  f.keys.pos(SiteFile, key),
		}
		f.oneLine(key, "name", actor.Name, 200)
		f.oneLine(key, "role", actor.Role, 200)
		if actor.Kind != "" && !slices.Contains(kinds(), actor.Kind) {
			f.errorf(key+".kind", chrono.Say("unknown kind %q%s", "nature inconnue %q%s"), actor.Kind, orExpected(actor.Kind, kinds()))
		}
		f.webURL(key, "url", actor.URL)
		s.Actors[slug] = actor
	}
	s.Types = f.types(m)
	s.Forge = f.forge(m)
	return s, probs, nil
}

// orExpected suggests the closest of known, or lists them all.
func orExpected(word string, known []string) chrono.Message {
	if s := suggest(word, known); s.En != "" {
		return s
	}
	return chrono.Say("; expected %s", " ; valeurs attendues : %s").With(quoteList(known))
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
