package build

import (
	"fmt"
	"math/rand/v2"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// TestPreviewRandomEdits makes a long series of random edits of the kinds
// an editor makes, on the repository's site with layouts that show, on each
// page, what other entries hold (crossLayouts): fields changed, links and
// lists rewritten, dates moved to another year, entries added and removed,
// drafts, duplicates, mistakes and their fixes. After each, the preview
// must be what a full build makes of the same files, byte for byte, with
// the same problems, and it must have made at least every file that
// changed: the preview's caches (content.Cache, render.Incremental) may skip
// work, never change the result. The edits are random but the seed is
// fixed, so a failure is reproducible; the log says which edits led to it.
func TestPreviewRandomEdits(t *testing.T) {
	fsys := repoSite(t)
	crossLayouts(fsys)
	opts := Options{Drafts: true, BaseURL: "http://127.0.0.1:1313/"}
	p := New().Preview(fsys, opts)
	e := &editor{fsys: fsys, rng: rand.New(rand.NewPCG(2026, 11))}
	steps := 150
	if testing.Short() {
		steps = 30
	}
	var history []string
	var last map[string][]byte // the last full build that succeeded
	failing, dups, years := 0, 0, 0
	// How much the edits exercised: builds that failed (mistakes), that
	// warned of entries with the same date and source, and moves to a year
	// far from the others or after a gap (every timeline changes).
	defer func() {
		t.Logf("%d of %d steps failed, %d with duplicates, %d moves to 2010 or 2031", failing, steps, dups, years)
	}()
	for i := range steps {
		var name string
		var paths []string
		if i == 0 {
			name = "first build"
		} else {
			name, paths = e.edit()
		}
		history = append(history, fmt.Sprintf("%d %s", i, name))
		if strings.Contains(name, "moved to content/2010/") || strings.Contains(name, "moved to content/2031/") {
			years++
		}
		r, err := p.Rebuild(paths)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, wantProbs := fullBuild(t, fsys, opts)
		if got := r.Problems.Error(); got != wantProbs {
			t.Fatalf("after %s\nproblems\n%s\nwant\n%s", strings.Join(history, "\n"), got, wantProbs)
		}
		if (r.Files == nil) != (want == nil) {
			t.Fatalf("after %s\npreview failed: %v, build failed: %v", strings.Join(history, "\n"), r.Files == nil, want == nil)
		}
		if want != nil {
			sameFiles(t, strings.Join(history, "\n"), r.Files, want)
			// Every file that differs from the last good build was made,
			// not kept: the count of files made cannot be below it.
			changed := 0
			for name, data := range want {
				if old, ok := last[name]; !ok || string(old) != string(data) {
					changed++
				}
			}
			if r.Made < changed {
				t.Errorf("after %s\n%d files made, but %d changed", strings.Join(history, "\n"), r.Made, changed)
			}
			last = want
		}
		if strings.Contains(wantProbs, "the same source url") {
			dups++
		}
		if want == nil {
			failing++
		}
		if t.Failed() {
			return
		}
	}
}

// editor edits the entries of a site in memory, at random.
type editor struct {
	fsys  fstest.MapFS
	rng   *rand.Rand
	added int // entries added so far, for their names
	// fix, if not nil, undoes the last edit, a mistake: it is the next
	// edit, so that most builds succeed.
	fix func() (string, []string)
}

var (
	randomActors   = []string{"elon-musk", "thierry-breton", "x", "xai", "commission-europeenne", "henna-virkkunen", "alice-weidel", "ccdh", "france", "donald-trump"}
	randomArticles = []string{"16", "34", "35", "40", "66", "71", "72", "73", `"34(1)"`, `"40(12)"`}
	randomURLs     = []string{"https://example.org/a", "https://example.org/b"}
)

// others returns the slugs of the entries but the one in file name.
func (e *editor) others(name string) []string {
	self := strings.TrimSuffix(path.Base(name), ".md")
	return slices.DeleteFunc(e.slugs(), func(s string) bool { return s == self })
}

// mentioned reports whether a file of the site names slug.
func (e *editor) mentioned(slug string) bool {
	for _, n := range e.entries() {
		t := string(e.fsys[n].Data)
		if strings.Contains(t, "@"+slug+")") || strings.Contains(t, `"`+slug+`"`) {
			return true
		}
	}
	return false
}

// entries lists the entry files of the site, sorted.
func (e *editor) entries() []string {
	var out []string
	for name := range e.fsys {
		if strings.HasPrefix(name, "content/") && strings.HasSuffix(name, ".md") && name != "content/_index.md" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func (e *editor) pick(list []string) string { return list[e.rng.IntN(len(list))] }

func (e *editor) slugs() []string {
	var out []string
	for _, name := range e.entries() {
		out = append(out, strings.TrimSuffix(path.Base(name), ".md"))
	}
	return out
}

// some returns from 0 to max items of list, as a TOML array.
func (e *editor) some(list []string, min, max int) string {
	n := min + e.rng.IntN(max-min+1)
	var items []string
	for range n {
		item := e.pick(list)
		if !strings.HasPrefix(item, `"`) && !isNumber(item) {
			item = `"` + item + `"`
		}
		if !slices.Contains(items, item) {
			items = append(items, item)
		}
	}
	return "[" + strings.Join(items, ", ") + "]"
}

func isNumber(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

func (e *editor) date(year int) string {
	return fmt.Sprintf("%d-%02d-%02d", year, 1+e.rng.IntN(12), 1+e.rng.IntN(28))
}

// edit makes one edit and returns what it did and the paths it changed.
func (e *editor) edit() (string, []string) {
	if fix := e.fix; fix != nil {
		e.fix = nil
		return fix()
	}
	name := e.pick(e.entries())
	text := string(e.fsys[name].Data)
	year := path.Base(path.Dir(name))
	write := func(n, t string) { e.fsys[n] = &fstest.MapFile{Data: []byte(t), Mode: 0o644} }
	set := func(key, value string) string {
		write(name, setField(text, key, value))
		return fmt.Sprintf("%s: %s = %s", name, key, value)
	}
	switch e.rng.IntN(18) {
	case 0:
		write(name, text+"\nUn paragraphe de plus : « ajouté » !\n")
		return name + ": paragraph added", []string{name}
	case 1:
		slug := e.pick(e.others(name))
		write(name, text+"\nVoir [cette entrée](@"+slug+").\n")
		return name + ": link to @" + slug, []string{name}
	case 2:
		write(name, linkRe.ReplaceAllString(text, "$1"))
		return name + ": links removed", []string{name}
	case 3:
		return set("title", fmt.Sprintf(`"Titre %d : essai"`, e.rng.IntN(1000))), []string{name}
	case 4:
		return set("summary", fmt.Sprintf(`"Résumé %d."`, e.rng.IntN(1000))), []string{name}
	case 5:
		return set("date", e.date(atoi(year))), []string{name}
	case 6: // to another year, and the file with it; the last two, far from
		// the others or after a gap, change the years of every timeline
		y := []int{2022, 2023, 2024, 2025, 2010, 2031}[e.rng.IntN(6)]
		to := fmt.Sprintf("content/%d/%s", y, path.Base(name))
		if _, taken := e.fsys[to]; taken {
			return name + ": nothing", []string{name}
		}
		delete(e.fsys, name)
		write(to, setField(text, "date", e.date(y)))
		return name + ": moved to " + to, []string{name, to}
	case 7:
		return set("actors", e.some(randomActors, 1, 3)), []string{name}
	case 8:
		return set("dsa", e.some(randomArticles, 0, 3)), []string{name}
	case 9:
		return set("related", e.some(e.others(name), 0, 2)), []string{name}
	case 10:
		if strings.Contains(text, "\ndraft = true\n") {
			write(name, strings.Replace(text, "\ndraft = true\n", "\n", 1))
			return name + ": published", []string{name}
		}
		return set("draft", "true"), []string{name}
	case 11: // a source another entry of the year may have, on the same date
		url := e.pick(randomURLs)
		write(name, setField(urlRe.ReplaceAllLiteralString(text, `url = "`+url+`"`), "date", year+"-07-12"))
		return name + ": source " + url, []string{name}
	case 12:
		e.added++
		y := 2022 + e.rng.IntN(4)
		n := fmt.Sprintf("content/%d/ajout-%d.md", y, e.added)
		write(n, fmt.Sprintf("+++\ntitle = \"Ajout %d\"\ndate = %s\nactors = %s\ntype = \"declaration\"\ndsa = %s\n\n[source]\nname = \"AFP\"\nurl = \"%s\"\n+++\n\nTexte ; voir [ici](@%s).\n",
			e.added, e.date(y), e.some(randomActors, 1, 2), e.some(randomArticles, 0, 2), e.pick(randomURLs), e.pick(e.slugs())))
		if e.rng.IntN(3) == 0 { // and a link to it
			from := e.pick(e.entries())
			e.fsys[from] = &fstest.MapFile{Data: append(e.fsys[from].Data, fmt.Sprintf("\nVoir [l’ajout](@ajout-%d).\n", e.added)...), Mode: 0o644}
			return "added " + n + ", linked from " + from, []string{n, from}
		}
		return "added " + n, []string{n}
	case 13:
		var added []string // that no entry names
		for _, n := range e.entries() {
			if strings.Contains(n, "/ajout-") && !e.mentioned(strings.TrimSuffix(path.Base(n), ".md")) {
				added = append(added, n)
			}
		}
		if len(added) == 0 {
			return "nothing to remove: a rebuild of everything", nil
		}
		n := e.pick(added)
		delete(e.fsys, n)
		return "removed " + n, []string{n}
	case 14: // a mistake, undone at the next step
		switch e.rng.IntN(3) {
		case 0:
			write(name, strings.Replace(text, "title = ", "title = = ", 1))
		case 1:
			write(name, text+"\nVoir [rien](@nulle-part).\n")
		default:
			write(name, setField(text, "date", fmt.Sprintf("%d-01-01", atoi(year)+1)))
		}
		e.fix = func() (string, []string) {
			write(name, text)
			return name + ": mistake undone", []string{name}
		}
		return name + ": mistake", []string{name}
	case 15: // every position of a file moves down a line, often one with a duplicate source
		for _, n := range e.entries() {
			if t := string(e.fsys[n].Data); strings.Contains(t, randomURLs[0]) && e.rng.IntN(2) == 0 {
				name, text = n, t
			}
		}
		write(name, strings.Replace(text, "+++\n", "+++\n# une note\n", 1))
		return name + ": a comment line at the top", []string{name}
	case 16: // procedures, kinds of event and relations
		var procs []string
		for _, n := range e.entries() {
			if strings.HasPrefix(n, "content/procedures/") {
				procs = append(procs, n)
			}
		}
		switch k := e.rng.IntN(5); {
		case k == 0 && len(procs) > 0: // where a procedure stands
			p := e.pick(procs)
			write(p, setField(string(e.fsys[p].Data), "status", `"`+e.pick(chrono.Slugs(chrono.ProcedureStatuses))+`"`))
			return p + ": status", []string{p}
		case k == 1 && len(procs) > 0: // an entry joins a procedure
			slug := strings.TrimSuffix(path.Base(e.pick(procs)), ".md")
			write(name, setField(setField(text, "procedure", `"`+slug+`"`), "step", `"`+e.pick(chrono.Slugs(chrono.Steps))+`"`))
			return name + ": step of " + slug, []string{name}
		case k == 2:
			return set("type", `"`+e.pick([]string{"declaration", "decision", "amende", "recours"})+`"`), []string{name}
		case k == 3:
			return set("responds_to", e.some(e.others(name), 0, 1)), []string{name}
		default:
			return set("follows", e.some(e.others(name), 0, 1)), []string{name}
		}
	default:
		write("content/_index.md", string(e.fsys["content/_index.md"].Data)+"\nUne phrase.\n")
		return "introduction", []string{"content/_index.md"}
	}
}

var (
	linkRe = regexp.MustCompile(`\[([^\]]*)\]\(@[^)]*\)`)
	urlRe  = regexp.MustCompile(`(?m)^url = "[^"]*"`)
)

// setField sets a top-level field of an entry's front matter, replacing
// its line (or a broken "key = =" line) or adding one after the date.
func setField(text, key, value string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines[1:] {
		if l == "+++" || strings.HasPrefix(l, "[") {
			break
		}
		if strings.HasPrefix(l, key+" = ") {
			lines[i+1] = key + " = " + value
			return strings.Join(lines, "\n")
		}
	}
	return strings.Replace(text, "\ndate = ", "\n"+key+" = "+value+"\ndate = ", 1)
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}

// TestPreviewPagesWithoutEntries checks that the pages whose layouts list
// no entry in the repository (the indexes of actors and articles, the 404
// page) follow any change all the same: a site's layouts may show entries
// there, and the preview must not assume they don't.
func TestPreviewPagesWithoutEntries(t *testing.T) {
	fsys := repoSite(t)
	titles := "<ul>{{range .AllEntries}}<li>{{.Title}}</li>{{end}}</ul>\n"
	for _, l := range []string{"layouts/404.html", "layouts/actors.html", "layouts/articles.html"} {
		text := strings.Replace(string(fsys[l].Data), `{{define "main"}}`, `{{define "main"}}`+titles, 1)
		fsys[l] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
	}
	opts := Options{}
	p := New().Preview(fsys, opts)
	if _, err := p.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	const entry = "content/2024/accord-secret-conteste.md"
	fsys[entry] = &fstest.MapFile{Data: []byte(setField(string(fsys[entry].Data), "title", `"Un autre titre"`)), Mode: 0o644}
	r, err := p.Rebuild([]string{entry})
	if err != nil {
		t.Fatal(err)
	}
	want, probs := fullBuild(t, fsys, opts)
	if want == nil {
		t.Fatal(probs)
	}
	sameFiles(t, "title changed", r.Files, want)
}

// TestPreviewFolderEdits tells the preview of changes by folder alone, as
// the watcher does when a folder is made with its files, moved in whole,
// renamed or removed: a new year folder, static/ folders at any depth
// (hidden ones too, whose files build publishes), layouts/partials/
// replaced. After each, the preview must be what a full build makes.
func TestPreviewFolderEdits(t *testing.T) {
	fsys := repoSite(t)
	opts := Options{Drafts: true, BaseURL: "http://127.0.0.1:1313/"}
	p := New().Preview(fsys, opts)
	if _, err := p.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) { fsys[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644} }
	// move renames every file under the folder from to the folder to.
	move := func(from, to string) {
		for name, f := range fsys {
			if strings.HasPrefix(name, from+"/") {
				delete(fsys, name)
				fsys[to+strings.TrimPrefix(name, from)] = f
			}
		}
	}
	remove := func(dir string) {
		for name := range fsys {
			if strings.HasPrefix(name, dir+"/") {
				delete(fsys, name)
			}
		}
	}
	entry := func(year int) string {
		return fmt.Sprintf("+++\ntitle = \"Essai %d\"\ndate = %d-03-14\nactors = [\"elon-musk\"]\ntype = \"declaration\"\n\n[[source]]\nname = \"AFP\"\nurl = \"https://example.org/%d\"\n+++\n\nTexte.\n", year, year, year)
	}
	var history []string
	for _, step := range []struct {
		name  string
		edit  func()
		paths []string
	}{
		{"a hidden folder of static/ moved in", func() {
			write("static/.well-known/security.txt", "Contact: mailto:a@example.org\n")
			write("static/.well-known/.DS_Store", "x")
		}, []string{"static/.well-known"}},
		{"nested folders of static/ moved in", func() {
			write("static/a/b/c/d.txt", "d")
			write("static/a/#tmp#/notes~", "n")
		}, []string{"static/a"}},
		{"a folder of static/ renamed", func() { move("static/a/b", "static/a/e") }, []string{"static/a/b", "static/a/e"}},
		{"a folder of static/ removed", func() { remove("static/a") }, []string{"static/a"}},
		{"a year folder moved in", func() { write("content/2019/essai.md", entry(2019)) }, []string{"content/2019"}},
		{"a year folder renamed", func() {
			move("content/2019", "content/2018")
			delete(fsys, "content/2018/essai.md")
			write("content/2018/essai.md", entry(2018))
		}, []string{"content/2019", "content/2018"}},
		{"a year folder removed", func() { remove("content/2018") }, []string{"content/2018"}},
		{"layouts/partials replaced", func() {
			write("layouts/partials/extra.html", "<!-- extra -->\n")
		}, []string{"layouts/partials"}},
	} {
		step.edit()
		history = append(history, step.name)
		r, err := p.Rebuild(step.paths)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		want, wantProbs := fullBuild(t, fsys, opts)
		if got := r.Problems.Error(); got != wantProbs || want == nil {
			t.Fatalf("after %s\nproblems\n%s\nwant\n%s", strings.Join(history, "\n"), got, wantProbs)
		}
		sameFiles(t, strings.Join(history, "\n"), r.Files, want)
		if r.Files[".well-known/security.txt"] == nil {
			t.Fatalf("after %s: static/.well-known/security.txt not published", step.name)
		}
	}
}
