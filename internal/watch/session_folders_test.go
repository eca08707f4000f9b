package watch

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chrono-dsa/chrono/internal/build"
)

// buildFiles builds the site in dir from scratch, in memory, as chrono
// build writes it, with the preview's options.
func buildFiles(tb testing.TB, dir, url string) map[string][]byte {
	tb.Helper()
	fsys, root, err := build.OpenSite(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer root.Close()
	s, err := build.New().Load(fsys, build.Options{Drafts: true, BaseURL: url})
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
	if err := probs.Err(); err != nil {
		tb.Fatalf("the build failed: %v", err)
	}
	return files
}

// diffFiles lists the first differences between the preview's files and
// the build's, or nothing if they are the same.
func diffFiles(got, want map[string][]byte) []string {
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
	for _, name := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	return diffs[:min(len(diffs), 20)]
}

// waitForBuild waits until the preview serves what a build of its folder
// writes. The deadline only ends a test whose change is never seen; it
// judges no speed.
func waitForBuild(tb testing.TB, s *session, history []string) {
	tb.Helper()
	want := buildFiles(tb, s.opts.Site, s.url)
	deadline := time.Now().Add(30 * time.Second)
	for {
		st := s.server.state.Load()
		diffs := diffFiles(st.files, want)
		if len(diffs) == 0 {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("after\n%s\nthe preview is not the build:\n%s\nproblems: %v", strings.Join(history, "\n"), strings.Join(diffs, "\n"), st.problems)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// folderEditor changes the folders of a site on disk, at random, as shells,
// archive tools and checkouts do: folders made with files at once, moved
// in whole, renamed, removed, removed and made again, at any depth of
// static/, new year folders of content/, layouts/partials/ replaced.
type folderEditor struct {
	tb      testing.TB
	dir     string // the site
	outside string // a folder on the same file system, out of the site
	rng     *rand.Rand
	n       int // names made so far
}

var (
	// Folder and file names, hidden ones and editors' ones among them:
	// build publishes every file of static/ whose own name does not start
	// with a dot, in any folder.
	randomFolders = []string{".well-known", "img", "#tmp#", "old~", "fonts", "d"}
	randomFiles   = []string{"security.txt", "a.png", ".DS_Store", "notes~", "c.pdf", "b.css"}
)

func (e *folderEditor) path(rel string) string {
	return filepath.Join(e.dir, filepath.FromSlash(rel))
}

func (e *folderEditor) write(rel, text string) {
	e.tb.Helper()
	if err := os.WriteFile(e.path(rel), []byte(text), 0o644); err != nil {
		e.tb.Fatal(err)
	}
}

func (e *folderEditor) name(list []string) string {
	e.n++
	// The number goes before the extension or the ~, so that a.png stays
	// an image and notes~ a backup file.
	name := list[e.rng.IntN(len(list))]
	if i := strings.IndexAny(name, ".~"); i > 0 {
		return fmt.Sprintf("%s%d%s", name[:i], e.n, name[i:])
	}
	return fmt.Sprintf("%s%d", name, e.n)
}

// folders lists the folders under static/, and static/.
func (e *folderEditor) folders() []string {
	var out []string
	_ = filepath.WalkDir(e.path("static"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			r, _ := filepath.Rel(e.dir, p)
			out = append(out, filepath.ToSlash(r))
		}
		return nil
	})
	return out
}

// tree makes a folder at the path p (on disk) with subfolders and files.
func (e *folderEditor) tree(p string, depth int) {
	e.tb.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		e.tb.Fatal(err)
	}
	for range 1 + e.rng.IntN(2) {
		if err := os.WriteFile(filepath.Join(p, e.name(randomFiles)), []byte(e.name(randomFiles)), 0o644); err != nil {
			e.tb.Fatal(err)
		}
	}
	if depth > 0 {
		e.tree(filepath.Join(p, e.name(randomFolders)), depth-1)
	}
}

func entryText(year int) string {
	return fmt.Sprintf("+++\ntitle = \"Essai %d\"\ndate = %d-03-14\nactors = [\"elon-musk\"]\ntype = \"declaration\"\n\n[[source]]\nname = \"AFP\"\nurl = \"https://example.org/%d\"\n+++\n\nTexte de %d.\n", year, year, year, year)
}

// edit makes one change and says what it was.
func (e *folderEditor) edit() string {
	folders := e.folders()
	at := folders[e.rng.IntN(len(folders))]
	sub := slices.DeleteFunc(slices.Clone(folders), func(f string) bool { return f == "static" })
	switch e.rng.IntN(9) {
	case 0: // mkdir -p, then a file at once
		p := at
		for range 1 + e.rng.IntN(3) {
			p += "/" + e.name(randomFolders)
		}
		if err := os.MkdirAll(e.path(p), 0o755); err != nil {
			e.tb.Fatal(err)
		}
		f := p + "/" + e.name(randomFiles)
		e.write(f, "x")
		return "mkdir -p and wrote " + f
	case 1: // a folder with files moved in whole
		out := filepath.Join(e.outside, e.name(randomFolders))
		e.tree(out, e.rng.IntN(3))
		to := at + "/" + e.name(randomFolders)
		if err := os.Rename(out, e.path(to)); err != nil {
			e.tb.Fatal(err)
		}
		return "moved in " + to
	case 2: // renamed, then written in
		if len(sub) == 0 {
			return "nothing to rename"
		}
		from := sub[e.rng.IntN(len(sub))]
		to := path.Dir(from) + "/" + e.name(randomFolders)
		if err := os.Rename(e.path(from), e.path(to)); err != nil {
			e.tb.Fatal(err)
		}
		e.tree(e.path(to), 1)
		return "renamed " + from + " to " + to + " and wrote in it"
	case 3: // removed
		if len(sub) == 0 {
			return "nothing to remove"
		}
		p := sub[e.rng.IntN(len(sub))]
		if err := os.RemoveAll(e.path(p)); err != nil {
			e.tb.Fatal(err)
		}
		return "removed " + p
	case 4: // removed and made again, with files
		if len(sub) == 0 {
			return "nothing to remake"
		}
		p := sub[e.rng.IntN(len(sub))]
		if err := os.RemoveAll(e.path(p)); err != nil {
			e.tb.Fatal(err)
		}
		e.tree(e.path(p), e.rng.IntN(3))
		return "remade " + p
	case 5: // a file written in a folder that exists
		f := at + "/" + e.name(randomFiles)
		e.write(f, "y")
		return "wrote " + f
	case 6: // a year folder made with its entry, or removed
		y := 2015 + e.rng.IntN(6)
		dir := fmt.Sprintf("content/%d", y)
		if _, err := os.Stat(e.path(dir)); err == nil {
			if err := os.RemoveAll(e.path(dir)); err != nil {
				e.tb.Fatal(err)
			}
			return "removed " + dir
		}
		if err := os.Mkdir(e.path(dir), 0o755); err != nil {
			e.tb.Fatal(err)
		}
		e.write(fmt.Sprintf("%s/essai-%d.md", dir, y), entryText(y))
		return "made " + dir + " with its entry"
	case 7: // a year folder renamed, its entry dated again
		for y := 2015; y < 2021; y++ {
			from := fmt.Sprintf("content/%d", y)
			to := fmt.Sprintf("content/%d", y-10)
			if _, err := os.Stat(e.path(from)); err == nil {
				if err := os.Rename(e.path(from), e.path(to)); err != nil {
					e.tb.Fatal(err)
				}
				if err := os.Remove(e.path(fmt.Sprintf("%s/essai-%d.md", to, y))); err != nil {
					e.tb.Fatal(err)
				}
				e.write(fmt.Sprintf("%s/essai-%d.md", to, y-10), entryText(y-10))
				return "renamed " + from + " to " + to
			}
		}
		return "no year folder to rename"
	default: // layouts/partials replaced by a copy with one more partial
		out := filepath.Join(e.outside, e.name([]string{"partials"}))
		if err := os.CopyFS(out, os.DirFS(e.path("layouts/partials"))); err != nil {
			e.tb.Fatal(err)
		}
		extra := e.name([]string{"extra"}) + ".html"
		if err := os.WriteFile(filepath.Join(out, extra), []byte("<!-- "+extra+" -->\n"), 0o644); err != nil {
			e.tb.Fatal(err)
		}
		old := filepath.Join(e.outside, e.name([]string{"old-partials"}))
		if err := os.Rename(e.path("layouts/partials"), old); err != nil {
			e.tb.Fatal(err)
		}
		if err := os.Rename(out, e.path("layouts/partials")); err != nil {
			e.tb.Fatal(err)
		}
		// The old folder, out of the site, changes: nothing to see.
		if err := os.WriteFile(filepath.Join(old, "header.html"), []byte("{{broken"), 0o644); err != nil {
			e.tb.Fatal(err)
		}
		return "layouts/partials replaced, with " + extra
	}
}

// TestSessionFoldersMatchBuild changes folders of a previewed site at
// random (the seed is fixed: a failure is reproducible, and the log says
// which changes led to it); after each change the preview must serve,
// byte for byte, what chrono build writes from the same files.
func TestSessionFoldersMatchBuild(t *testing.T) {
	dir := t.TempDir()
	copySite(t, dir, "")
	s, _ := startSession(t, dir)
	e := &folderEditor{tb: t, dir: dir, outside: t.TempDir(), rng: rand.New(rand.NewPCG(2026, 16))}
	steps := 60
	if testing.Short() || raceOn {
		steps = 20 // each step is a full build, ten times slower with -race
	}
	history := []string{"first build"}
	waitForBuild(t, s, history)
	for i := range steps {
		history = append(history, fmt.Sprintf("%d %s", i+1, e.edit()))
		waitForBuild(t, s, history)
	}
	t.Logf("%s", strings.Join(history, "\n"))
}
