package content

import (
	"errors"
	"io/fs"
	"slices"
	"strings"

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
		probs.Add(chrono.Pos{Path: SiteFile}, "missing %s; every site has one, with its title, base_url and actors", SiteFile)
		return nil, probs, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if src == nil {
		probs.Add(chrono.Pos{Path: SiteFile}, "file is larger than %d bytes (1 MiB); a site's settings and actors fit in far less", MaxSiteSize)
		return nil, probs, nil
	}
	if line, col, msg := hidden(src); msg != "" {
		probs.Add(chrono.Pos{Path: SiteFile, Line: line, Col: col}, "%s", msg)
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
			probs.Add(chrono.Pos{Path: SiteFile}, "the base URL given to replace base_url: %v", err)
		}
		s.BaseURL = u
	case s.BaseURL != "":
		u, err := chrono.CheckBaseURL(s.BaseURL)
		if err != nil {
			f.errorf("base_url", "base_url %v", err)
		}
		s.BaseURL = u
	}
	if s.BaseURL == "" {
		s.BaseURL = "/"
	}
	actors, ok := m["actors"].(map[string]any)
	if v, present := m["actors"]; present && !ok {
		f.errorf("actors", "actors must be tables, one per actor, as [actors.thierry-breton]; found %s", typeName(v))
	}
	for _, slug := range sortedKeys(actors) {
		key := "actors." + slug
		a, ok := actors[slug].(map[string]any)
		if !ok {
			f.errorf(key, "actor %q must be a table, as [actors.%s] followed by its name, kind and role", slug, slug)
			continue
		}
		if !isSlug(slug) {
			f.errorf(key, "actor slug %q: expected lowercase letters, digits and single dashes, such as %q", slug, slugFor(slug))
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
			f.errorf(key+".kind", "unknown kind %q%s", actor.Kind, orExpected(actor.Kind, kinds()))
		}
		f.webURL(key, "url", actor.URL)
		s.Actors[slug] = actor
	}
	s.Types = f.types(m)
	s.Forge = f.forge(m)
	return s, probs, nil
}

// orExpected suggests the closest of known, or lists them all.
func orExpected(word string, known []string) string {
	if s := suggest(word, known); s != "" {
		return s
	}
	return "; expected " + quoteList(known)
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
