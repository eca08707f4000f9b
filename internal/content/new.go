package content

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// NewEntry is what `chrono new` asks for.
type NewEntry struct {
	Date   string   // EDTF, as in an entry
	Title  string   //
	Actors []string // slugs declared in site.toml
	Slug   string   // if empty, made from the title
}

// Skeleton checks n against the site in fsys and returns the path and text
// of a new entry file with every field, each with a comment saying what to
// write. Its errors are the user's to fix.
func Skeleton(fsys fs.FS, n NewEntry) (string, []byte, error) {
	site, probs, err := loadSite(fsys, "")
	if err != nil {
		return "", nil, err
	}
	if err := probs.Err(); err != nil {
		return "", nil, err
	}
	d, err := chrono.ParseDate(n.Date)
	if err != nil {
		return "", nil, fmt.Errorf("-date: %v", err)
	}
	title := strings.TrimSpace(n.Title)
	if title == "" {
		return "", nil, fmt.Errorf("-title is required: the event in one line, in French")
	}
	known := site.ActorSlugs()
	for _, a := range n.Actors {
		if site.Actors[a] == nil {
			return "", nil, fmt.Errorf("-actors: unknown actor %q%s", a, orDeclare(a, known))
		}
	}
	slug := n.Slug
	if slug == "" {
		slug = defaultSlug(title)
	}
	if !isSlug(slug) {
		return "", nil, fmt.Errorf("-slug %q: expected lowercase letters, digits and single dashes, such as %q", slug, slugFor(slug))
	}
	files, _, err := list(fsys)
	if err != nil {
		return "", nil, err
	}
	for _, f := range files {
		if f.slug == slug {
			return "", nil, fmt.Errorf("slug %q is taken by %s; choose another with -slug", slug, f.path)
		}
	}
	date := strconv.Quote(d.String())
	if !d.IsInterval() && d.Start.Precision == chrono.DayPrecision && !d.Start.Approximate && !d.Start.Uncertain {
		date = d.String()
	}
	actors := make([]string, len(n.Actors))
	for i, a := range n.Actors {
		actors[i] = strconv.Quote(a)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `+++
# The event in one line, in French (required).
title = %s
# When it happened (required): 2024-08-12, "2024-08" or "2024"; add ~ if
# approximate, ? if uncertain, %% if both ("2023-12~"); an interval is
# "2023-10-12/2023-10-15".
date = %s
# Who acted (required): slugs of the actors declared in site.toml.
actors = [%s]
# Articles of the DSA concerned, as precisely as the sources allow: 34, "40(12)".
dsa = []
# One or two sentences of plain text, shown in lists and in search results.
summary = ""
# Slugs of other entries the reader may want to see.
related = []
%s# true keeps the entry out of the site until it is ready.
draft = false

# Where the facts come from (required: at least the name). Repeat the whole
# [[source]] block for each source; a primary source first when there is one.
[[source]]
# Publisher or institution (required).
name = ""
# Title of the article or document.
title = ""
# Its address (http or https).
url = ""
# Its date of publication.
date = %s
# Its language: "fr", "en", …
lang = "fr"
# Address of an archived copy (web.archive.org, archive.today), if any.
# archive = ""
+++

Texte de l’annotation, en Markdown : ce qui s’est passé, et pourquoi cela
compte. Lien vers une autre entrée : `+"`[texte](@slug)`"+`. Note de bas de page[^1].

[^1]: Précision, attribution (« selon … »).
`, strconv.Quote(title), date, strings.Join(actors, ", "), skeletonFields(site), date)
	return fmt.Sprintf("%s/%s/%s.md", Dir, chrono.YearText(d.Start.Year), slug), []byte(b.String()), nil
}

// defaultSlug makes a slug from the first words of a title.
func defaultSlug(title string) string {
	words := strings.Split(slugFor(title), "-")
	var out []string
	n := 0
	for _, w := range words {
		if n+len(w) > 50 {
			break
		}
		out = append(out, w)
		n += len(w) + 1
	}
	return strings.Join(out, "-")
}
