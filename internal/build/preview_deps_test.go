package build

import (
	"encoding/json"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/render"
)

// crossLayouts changes the repository's layouts so that pages show what
// other entries hold, through every way the layout API gives into the
// model: counts of an actor's entries on an entry's page, the number of
// entries of the site, a neighbour's title and an entry's annotation on an
// actor's page, counts per
// year in the header (a cached partial), an actor's count in each entry's
// list item (another cached partial), an article's entries on a year's page,
// the titles of every entry on the 404 page. A preview that guesses what a
// change reaches from today's layouts leaves these pages stale.
func crossLayouts(fsys fstest.MapFS) {
	add := func(name, after, text string) {
		old := string(fsys[name].Data)
		if !strings.Contains(old, after) {
			panic(name + ": no " + after)
		}
		fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(old, after, after+text, 1)), Mode: 0o644}
	}
	main := `{{define "main"}}`
	add("layouts/entry.html", main, `<p class="x">{{range .Entry.Actors}}{{.}}: {{len ($.ByActor .)}} · {{end}}{{len .AllEntries}} en tout</p>`)
	add("layouts/actor.html", main, `<p class="x">{{with .Entries}}{{with $.Prev (index . 0)}}avant : {{.Title}}{{end}}{{$.Body (index . (len (slice . 1)))}}{{end}}</p>`)
	add("layouts/year.html", main, `<p class="x">{{len (.ByArticle 34)}} · {{range .CitedArticles}}{{.}} {{end}}</p>`)
	add("layouts/404.html", main, `<ul>{{range .AllEntries}}<li>{{.Title}}</li>{{end}}</ul>`)
	add("layouts/partials/header.html", `<nav class="years" aria-label="Années">`, `<p class="x">{{range .Years}}{{.}}: {{len ($.ByYear .)}} {{end}}</p>`)
	add("layouts/partials/entry-item.html", `<p class="date">`, `{{with index .Actors 0}}{{len ($.Page.ByActor .)}} {{end}}`)
}

// reachOf returns the names of the files that show something of the entry
// slug, by what the repository's layouts show: the home page, its year's,
// its actors' and its articles' pages, the site's feed and data files hold
// its title; so do its neighbours' pages, the pages of the entries it names
// (in their list of the entries that name them) and of those naming it as
// related; the feeds of its actors and articles hold its summary, the
// indexes of actors and articles count it.
func reachOf(c *chrono.Chronology, slug string) []string {
	e := c.BySlug[slug]
	names := map[string]bool{
		"index.html": true, "feed.xml": true, "chronologie.json": true, "chronologie.csv": true,
		// /actors/ counts each actor's entries, /flux/ lists the feeds
		// of the actors that have some: both read the actors' lists.
		"actors/index.html": true, "flux/index.html": true,
	}
	if len(e.Articles()) > 0 {
		names["dsa/index.html"] = true
	}
	page := func(e *chrono.Entry) { names[strings.TrimPrefix(e.URLPath(), "/")+"index.html"] = true }
	page(e)
	for _, n := range []*chrono.Entry{c.Prev(e), c.Next(e)} {
		if n != nil {
			page(n)
		}
	}
	for _, r := range e.Refs() { // its title in their list of entries that name them
		page(c.BySlug[r])
	}
	for _, r := range c.LinkedBy[slug] { // its title in their list of related entries
		if slices.Contains(r.Related, slug) {
			page(r)
		}
	}
	names[chrono.YearText(e.Year())+"/index.html"] = true
	// The search index: its facets (index.json), the file of the entry's
	// title and summary; the shards of the words are the test's.
	names["recherche/index.json"] = true
	names["recherche/d/"+strconv.Itoa(slices.Index(c.Entries, e)/20)+".json"] = true
	for _, a := range e.Actors {
		names["actors/"+a+"/index.html"], names["actors/"+a+"/feed.xml"] = true, true
	}
	for _, n := range e.Articles() {
		names["dsa/"+strconv.Itoa(n)+"/index.html"], names["dsa/"+strconv.Itoa(n)+"/feed.xml"] = true, true
	}
	return slices.Sorted(func(yield func(string) bool) {
		for n := range names {
			if !yield(n) {
				return
			}
		}
	})
}

// TestPreviewRenderCount checks how many files each rebuild makes against
// the number the change reaches (as Hugo's AssertRenderCountPage does): a
// rebuild that makes too few leaves pages stale, one that makes too many is
// slow. The expected files are worked out from the model and what the
// repository's layouts show, not from the preview's own bookkeeping.
func TestPreviewRenderCount(t *testing.T) {
	fsys := repoSite(t)
	opts := Options{Drafts: true, BaseURL: "http://127.0.0.1:1313/"}
	p := New().Preview(fsys, opts)
	if _, err := p.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	const entry = "content/2024/demission-thierry-breton.md"
	slug := "demission-thierry-breton"
	file := func(name string) string { return string(fsys[name].Data) }
	write := func(name, text string) { fsys[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644} }
	s, err := New().Load(fsys, opts)
	if err != nil || s.Chrono == nil {
		t.Fatal(err, s.Problems)
	}
	reach := reachOf(s.Chrono, slug)
	first, err := p.Rebuild(nil)
	if err != nil || first.Files == nil {
		t.Fatal(err)
	}
	// shards adds to files the search index's files that hold the words of
	// text (a word new to the entry, or seen once more).
	shards := func(files []string, text string) []string {
		out := slices.Clone(files)
		for _, t := range render.Terms(text) {
			if name := shardOf(first.Files, t); !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
		slices.Sort(out)
		return out
	}
	// Its annotation is on its page alone, and in the site's feed if it
	// is among the latest.
	body := []string{"2024/" + slug + "/index.html"}
	if slices.Contains(s.Chrono.Entries[len(s.Chrono.Entries)-render.FeedSize:], s.Chrono.BySlug[slug]) {
		body = []string{body[0], "feed.xml"}
	}
	// A change to static/ copies static/ again (see Preview).
	var static []string
	for name := range fsys {
		if rest, ok := strings.CutPrefix(name, "static/"); ok {
			static = append(static, rest)
		}
	}
	slices.Sort(static)
	for _, step := range []struct {
		name  string
		edit  func() []string
		files []string
	}{
		{"nothing changed", func() []string { return []string{entry} }, nil},
		{"a paragraph added", func() []string {
			write(entry, file(entry)+"\nUn paragraphe de plus.\n")
			return []string{entry}
		}, shards(body, "paragraphe plus")},
		{"the title", func() []string {
			write(entry, strings.Replace(file(entry), `title = "`, `title = "Titre : `, 1))
			return []string{entry}
		}, shards(reach, "Titre")},
		{"the stylesheet", func() []string {
			write("static/style.css", file("static/style.css")+"\n/* plus */\n")
			return []string{"static/style.css"}
		}, static},
		{"the introduction", func() []string {
			write("content/_index.md", file("content/_index.md")+"\nUne phrase.\n")
			return []string{"content/_index.md"}
		}, []string{"index.html"}},
	} {
		r, err := p.Rebuild(step.edit())
		if err != nil || r.Files == nil {
			t.Fatalf("%s: %v %v", step.name, err, r.Problems)
		}
		if r.Made != len(step.files) {
			t.Errorf("%s: %d files made, want %d:\n%s\nmade:\n%s", step.name, r.Made, len(step.files), strings.Join(step.files, "\n"), strings.Join(r.MadeFiles, "\n"))
		} else if step.files != nil && !slices.Equal(r.MadeFiles, step.files) {
			t.Errorf("%s: made\n%s\nwant\n%s", step.name, strings.Join(r.MadeFiles, "\n"), strings.Join(step.files, "\n"))
		}
		want, _ := fullBuild(t, fsys, opts)
		sameFiles(t, step.name, r.Files, want)
	}
}

// shardOf returns the name of the file of the search index that holds term,
// from the index's list of its shards (a key of 2, 3 or 4 characters).
func shardOf(files map[string][]byte, term string) string {
	var meta struct{ Shards []string }
	if err := json.Unmarshal(files["recherche/shards.json"], &meta); err != nil {
		panic(err)
	}
	for n := 2; n <= 4 && n <= len(term); n++ {
		if slices.Contains(meta.Shards, term[:n]) {
			return "recherche/t/" + term[:n] + ".json"
		}
	}
	return "recherche/t/" + term[:2] + ".json"
}

// TestPreviewMemoryBounded saves one entry 300 times, as a writer does
// while editing it: what the preview keeps from save to save must not grow
// with the number of saves, only with the site.
func TestPreviewMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("300 rebuilds")
	}
	fsys := repoSite(t)
	opts := Options{Drafts: true, BaseURL: "http://127.0.0.1:1313/"}
	p := New().Preview(fsys, opts)
	const entry = "content/2024/demission-thierry-breton.md"
	text := string(fsys[entry].Data)
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var at30 uint64
	for i := range 301 {
		fsys[entry] = &fstest.MapFile{Data: []byte(text + "\nSauvegarde " + strconv.Itoa(i) + ".\n"), Mode: 0o644}
		var paths []string
		if i > 0 {
			paths = []string{entry}
		}
		if r, err := p.Rebuild(paths); err != nil || r.Files == nil {
			t.Fatal(err, r.Problems)
		}
		switch i {
		case 30:
			at30 = heap()
		case 300:
			at300 := heap()
			t.Logf("heap after 30 saves %.1f MiB, after 300 %.1f MiB", float64(at30)/(1<<20), float64(at300)/(1<<20))
			if float64(at300) > 1.15*float64(at30) {
				t.Errorf("heap after 300 saves is %.2f times that after 30", float64(at300)/float64(at30))
			}
		}
	}
}

// TestPreviewFailedRenderLeavesNoPartials makes a render fail on one page
// after the header, a cached partial that counts each year's entries, was
// made for the failing version; then undoes the change and adds a
// paragraph to another entry of the year. The pages made again must not get the header of the version that
// failed, which no later change says is gone.
func TestPreviewFailedRenderLeavesNoPartials(t *testing.T) {
	fsys := repoSite(t)
	crossLayouts(fsys)
	entryLayout := string(fsys["layouts/entry.html"].Data)
	fsys["layouts/entry.html"] = &fstest.MapFile{Data: []byte(strings.Replace(entryLayout, `{{define "main"}}`, `{{define "main"}}{{if eq .Entry.Title "Boum"}}{{.Nope}}{{end}}`, 1)), Mode: 0o644}
	opts := Options{Drafts: true, BaseURL: "http://127.0.0.1:1313/"}
	p := New().Preview(fsys, opts)
	if _, err := p.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	const added = "content/2024/boum.md"
	fsys[added] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Boum\"\ndate = 2024-05-05\nactors = [\"x\"]\n[source]\nname = \"S\"\n+++\n\nTexte.\n"), Mode: 0o644}
	if r, err := p.Rebuild([]string{added}); err != nil || r.Files != nil {
		t.Fatalf("the layout should fail: %v %v", err, r.Problems)
	}
	delete(fsys, added)
	// A paragraph: only the entry's page is made again, with the header
	// of its kind and year.
	const other = "content/2024/demission-thierry-breton.md"
	fsys[other] = &fstest.MapFile{Data: append(fsys[other].Data, "\nUn paragraphe de plus.\n"...), Mode: 0o644}
	r, err := p.Rebuild([]string{added, other})
	if err != nil || r.Files == nil {
		t.Fatal(err, r.Problems)
	}
	want, _ := fullBuild(t, fsys, opts)
	sameFiles(t, "undone, then another entry edited", r.Files, want)
}
