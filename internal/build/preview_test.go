package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// repoSite reads the repository's own site into memory.
func repoSite(tb testing.TB) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	root := os.DirFS("../..")
	for _, top := range Parts {
		err := fs.WalkDir(root, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(root, p)
			m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return m
}

// fullBuild renders the site in fsys from scratch, in memory, as a build
// would write it.
func fullBuild(tb testing.TB, fsys fs.FS, opts Options) (map[string][]byte, string) {
	tb.Helper()
	s, err := New().Load(fsys, opts)
	if err != nil {
		tb.Fatal(err)
	}
	var mu sync.Mutex
	files := map[string][]byte{}
	probs, err := s.Render(func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = bytes.Clone(data)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if probs.Err() != nil {
		return nil, probs.Error()
	}
	return files, probs.Error()
}

// sameFiles reports the first differences between two sites.
func sameFiles(tb testing.TB, step string, got, want map[string][]byte) {
	tb.Helper()
	var diffs []string
	for _, name := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[name]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+name)
		case !bytes.Equal(g, want[name]):
			diffs = append(diffs, "differs "+name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		tb.Errorf("%s: the preview is not the build (%d files):\n%s", step, len(diffs), strings.Join(diffs[:min(len(diffs), 20)], "\n"))
	}
}

// TestPreviewIsBuild rebuilds the repository's site after each of a
// sequence of edits and compares every file with a build from scratch.
func TestPreviewIsBuild(t *testing.T) {
	fsys := repoSite(t)
	opts := Options{Drafts: true, BaseURL: "http://127.0.0.1:1313/"}
	p := New().Preview(fsys, opts)

	const (
		entry  = "content/2024/demission-thierry-breton.md"
		target = "content/2024/commission-desavoue-breton.md"
		dup    = "content/2024/accord-secret-conteste.md"     // same date as conclusions-preliminaires
		lone   = "content/2025/entretien-musk-weidel.md"      // the only entry naming alice-weidel
		moved  = "content/2025/commission-desavoue-breton.md" // target, once moved
	)
	file := func(name string) string { return string(fsys[name].Data) }
	write := func(name, text string) { fsys[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644} }
	// The first source URL of an entry, and its line: the edits below give
	// dup the source of conclusions-preliminaires, whatever the content
	// says today.
	urlRe := regexp.MustCompile(`(?m)^url = "([^"]*)"`)
	firstURL := func(name string) string { return urlRe.FindStringSubmatch(file(name))[1] }
	dupURL, sharedURL := firstURL(dup), firstURL("content/2024/conclusions-preliminaires.md")
	dupURLLine := strings.Count(file(dup)[:urlRe.FindStringIndex(file(dup))[0]], "\n") + 1
	move := func(from, to string) { fsys[to] = fsys[from]; delete(fsys, from) }
	var about, intro string // content/_a-propos.md and content/_index.md, while the first is removed
	newEntry := `+++
title = "Une entrée ajoutée"
date = %s
actors = ["elon-musk"]
type = "declaration"
dsa = [34]

[source]
name = "AFP"
+++

Elle renvoie à [la démission](@demission-thierry-breton).
`
	steps := []struct {
		name    string
		edit    func() []string
		failing bool
		warns   string // a warning the step must give, if not empty
	}{
		{"first build", func() []string { return nil }, false, ""},
		{"nothing changed", func() []string { return []string{entry} }, false, ""},
		{"edit body", func() []string {
			write(entry, file(entry)+"\nUn paragraphe de plus.\n")
			return []string{entry}
		}, false, ""},
		{"edit title", func() []string {
			write(entry, strings.Replace(file(entry), "démissionne", "quitte", 1))
			return []string{entry}
		}, false, ""},
		{"edit a procedure's status", func() []string {
			const proc = "content/procedures/dsa-x-2023.md"
			write(proc, setField(file(proc), "status", `"close"`))
			return []string{proc}
		}, false, ""},
		{"a procedure's annotation", func() []string {
			const proc = "content/procedures/dsa-x-2023.md"
			write(proc, file(proc)+"\nUn paragraphe de plus.\n")
			return []string{proc}
		}, false, ""},
		{"the title of a procedure's latest step", func() []string {
			const step = "content/2026/mesures-correctives-coche-bleue.md"
			write(step, strings.Replace(file(step), `title = "`, `title = "Titre : `, 1))
			return []string{step}
		}, false, ""},
		{"an entry becomes a step, responds to another, changes kind", func() []string {
			text := strings.Replace(file(entry), "\ndate = ", "\nprocedure = \"dsa-x-2023\"\nstep = \"decision\"\nresponds_to = [\"conclusions-preliminaires\"]\ndate = ", 1)
			write(entry, regexp.MustCompile(`(?m)^type = .*$`).ReplaceAllString(text, `type = "decision"`))
			return []string{entry}
		}, false, ""},
		{"cite a paragraph of the same article", func() []string {
			write(dup, strings.Replace(file(dup), "dsa = [71]", `dsa = ["71(1)"]`, 1))
			return []string{dup}
		}, false, ""},
		{"cite another article", func() []string {
			write(dup, strings.Replace(file(dup), `dsa = ["71(1)"]`, "dsa = [72]", 1))
			return []string{dup}
		}, false, ""},
		{"edit the title of an entry citing an article", func() []string {
			write(dup, strings.Replace(file(dup), `title = "`, `title = "Titre changé : `, 1))
			return []string{dup}
		}, false, ""},
		{"same date and source as another entry", func() []string {
			write(dup, strings.Replace(file(dup), dupURL, sharedURL, 1))
			return []string{dup}
		}, false, "même date (2024-07-12) et la même adresse de source"},
		{"edit body of a duplicate", func() []string {
			// One line more above its source: the warning moves.
			write(dup, strings.Replace(file(dup), "+++\n", "+++\n# une ligne de plus\n", 1)+"\nUn paragraphe de plus.\n")
			return []string{dup}
		}, false, fmt.Sprintf("accord-secret-conteste.md:%d:1: warning: content/2024/conclusions-preliminaires.md a la même date", dupURLLine+1)},
		{"not the same source any more", func() []string {
			write(dup, strings.Replace(file(dup), sharedURL, sharedURL+"?autre", 1))
			return []string{dup}
		}, false, ""},
		{"actor no longer named", func() []string {
			write(lone, strings.Replace(file(lone), `"alice-weidel", `, "", 1))
			return []string{lone}
		}, false, "l’acteur «\u202falice-weidel\u202f» est déclaré, mais aucune entrée ne le nomme"},
		{"actor named again", func() []string {
			write(lone, strings.Replace(file(lone), `"elon-musk", `, `"elon-musk", "alice-weidel", `, 1))
			return []string{lone}
		}, false, ""},
		{"date in another year, file moved", func() []string {
			write(target, strings.Replace(file(target), "date = 2024-", "date = 2025-", 1))
			move(target, moved)
			return []string{target, "content/2025/commission-desavoue-breton.md"}
		}, false, ""},
		{"add entry", func() []string {
			write("content/2024/entree-ajoutee.md", strings.Replace(newEntry, "%s", "2024-06-01", 1))
			return []string{"content/2024/entree-ajoutee.md"}
		}, false, ""},
		{"add entry in a new year", func() []string {
			write("content/2031/entree-future.md", strings.Replace(strings.Replace(newEntry, "%s", "2031-01-01", 1), "ajoutée", "future", 1))
			return []string{"content/2031"}
		}, false, ""},
		// The timelines of every page show the years with entries and a
		// gap for each run of years without: a new year far away, a gap
		// that moves, one that closes, must remake them all.
		{"add entry far in the future", func() []string {
			write("content/9999/entree-lointaine.md", strings.Replace(strings.Replace(newEntry, "%s", "9999-12-31", 1), "ajoutée", "lointaine", 1))
			return []string{"content/9999"}
		}, false, "entree-lointaine.md:3:8: warning: la date «\u202f9999-12-31\u202f» se situe 7968 ans après le reste de la chronologie (l’entrée la plus proche date de 2031)"},
		{"far entry moved before the others", func() []string {
			write("content/2010/entree-lointaine.md", strings.Replace(file("content/9999/entree-lointaine.md"), "9999-12-31", "2010-03-01", 1))
			delete(fsys, "content/9999/entree-lointaine.md")
			return []string{"content/9999", "content/2010"}
		}, false, "la date «\u202f2010-03-01\u202f» se situe 12 ans avant le reste de la chronologie (l’entrée la plus proche date de 2022)"},
		{"far entry moved into a gap", func() []string {
			write("content/2028/entree-lointaine.md", strings.Replace(file("content/2010/entree-lointaine.md"), "2010-03-01", `"2028-03"`, 1))
			delete(fsys, "content/2010/entree-lointaine.md")
			return []string{"content/2010", "content/2028"}
		}, false, ""},
		{"far entry deleted", func() []string {
			delete(fsys, "content/2028/entree-lointaine.md")
			return []string{"content/2028"}
		}, false, ""},
		{"delete entry", func() []string {
			delete(fsys, "content/2024/entree-ajoutee.md")
			return []string{"content/2024/entree-ajoutee.md"}
		}, false, ""},
		{"break an entry", func() []string {
			write(entry, strings.Replace(file(entry), "title = ", "title = = ", 1))
			return []string{entry}
		}, true, ""},
		{"link to a missing entry", func() []string {
			write(entry, strings.Replace(file(entry), "title = = ", "title = ", 1)+"\nVoir [ceci](@nulle-part).\n")
			return []string{entry}
		}, true, ""},
		{"fix it", func() []string {
			write(entry, strings.Replace(file(entry), "\nVoir [ceci](@nulle-part).\n", "", 1))
			return []string{entry}
		}, false, ""},
		{"link to a path the site does not have", func() []string {
			write(entry, file(entry)+"\nVoir [l’article 99](/dsa/99/).\n")
			return []string{entry}
		}, true, "lien vers «\u202f/dsa/99/\u202f»\u00a0: le site n’a pas de page à cette adresse"},
		{"link to a path it has", func() []string {
			write(entry, strings.Replace(file(entry), "(/dsa/99/)", "(/dsa/34/)", 1))
			return []string{entry}
		}, false, ""},
		{"delete the new year", func() []string {
			delete(fsys, "content/2031/entree-future.md")
			return []string{"content/2031"}
		}, false, ""},
		{"draft", func() []string {
			write(entry, strings.Replace(file(entry), "+++\n", "+++\ndraft = true\n", 1))
			return []string{entry}
		}, false, ""},
		{"introduction", func() []string {
			write("content/_index.md", file("content/_index.md")+"\nUne phrase de plus.\n")
			return []string{"content/_index.md"}
		}, false, ""},
		{"add a correction", func() []string {
			write(moved, withCorrection(file(moved), "2026-01-10", "La date de la lettre était fausse."))
			return []string{moved}
		}, false, ""},
		{"edit a correction", func() []string {
			write(moved, strings.Replace(file(moved), "La date de la lettre était fausse.", "Le nom du signataire était faux.", 1))
			return []string{moved}
		}, false, ""},
		{"a second correction, on another entry", func() []string {
			write(lone, withCorrection(file(lone), "2026-01-12", "Le lieu de l'entretien était faux."))
			return []string{lone}
		}, false, ""},
		{"edit the page « À propos »", func() []string {
			write("content/_a-propos.md", file("content/_a-propos.md")+"\nUne phrase de plus.\n")
			return []string{"content/_a-propos.md"}
		}, false, ""},
		{"remove the page « À propos » and the link to it", func() []string {
			about, intro = file("content/_a-propos.md"), file("content/_index.md")
			delete(fsys, "content/_a-propos.md")
			write("content/_index.md", strings.ReplaceAll(intro, "](/a-propos/)", "](/corrections/)"))
			return []string{"content/_a-propos.md", "content/_index.md"}
		}, false, ""},
		{"the page « À propos » back", func() []string {
			write("content/_a-propos.md", about)
			write("content/_index.md", intro)
			return []string{"content/_a-propos.md", "content/_index.md"}
		}, false, ""},
		{"edit layout", func() []string {
			write("layouts/partials/entry-item.html", strings.Replace(file("layouts/partials/entry-item.html"), "<li", "<li data-x", 1))
			return []string{"layouts/partials/entry-item.html"}
		}, false, ""},
		{"break layout", func() []string {
			write("layouts/year.html", strings.Replace(file("layouts/year.html"), "{{define \"main\"}}", "{{define \"main\"}}{{.Nope}}", 1))
			return []string{"layouts/year.html"}
		}, true, ""},
		{"fix layout", func() []string {
			write("layouts/year.html", strings.Replace(file("layouts/year.html"), "{{.Nope}}", "", 1))
			return []string{"layouts"}
		}, false, ""},
		{"edit site.toml", func() []string {
			write("site.toml", strings.Replace(file("site.toml"), "title = \"", "title = \"Essai : ", 1))
			return []string{"site.toml"}
		}, false, ""},
		{"edit static", func() []string {
			write("static/style.css", file("static/style.css")+"\n/* plus */\n")
			write("static/img/new.png", "\x89PNG")
			return []string{"static/style.css", "static/img"}
		}, false, ""},
		{"everything", func() []string { return nil }, false, ""},
	}
	for _, s := range steps {
		paths := s.edit()
		r, err := p.Rebuild(paths)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		want, wantProbs := fullBuild(t, fsys, opts)
		if got := r.Problems.Error(); got != wantProbs {
			t.Errorf("%s: problems\n%s\nwant\n%s", s.name, got, wantProbs)
		}
		if !strings.Contains(r.Problems.Error(), s.warns) {
			t.Errorf("%s: no warning %q", s.name, s.warns)
		}
		if s.failing {
			if r.Files != nil || want != nil {
				t.Errorf("%s: expected a failed build", s.name)
			}
			continue
		}
		if r.Files == nil {
			t.Fatalf("%s: failed:\n%s", s.name, r.Problems.Error())
		}
		sameFiles(t, s.name, r.Files, want)
		t.Logf("%s: %d made, %d changed", s.name, r.Made, len(r.Changed))
	}
}

// withCorrection adds a [[correction]] table at the end of an entry's front
// matter.
func withCorrection(text, date, what string) string {
	end := strings.Index(text[3:], "\n+++") + 3
	return text[:end] + "\n\n[[correction]]\ndate = " + date + "\ntext = \"" + what + "\"" + text[end:]
}
