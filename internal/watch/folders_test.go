package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// mkdirAll makes the folder name of the site at root, with its parents.
func mkdirAll(tb testing.TB, root, name string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(name)), 0o755); err != nil {
		tb.Fatal(err)
	}
}

// rename renames the path from to the path to, both of the site at root.
func rename(tb testing.TB, root, from, to string) {
	tb.Helper()
	if err := os.Rename(filepath.Join(root, filepath.FromSlash(from)), filepath.Join(root, filepath.FromSlash(to))); err != nil {
		tb.Fatal(err)
	}
}

// waitWithout reads batches until one holds path, and fails if any of
// them names a path under one of stale.
func waitWithout(tb testing.TB, w *Watcher, path string, stale ...string) {
	tb.Helper()
	for {
		b := next(tb, w)
		for _, p := range b {
			for _, s := range stale {
				if under(p, s) {
					tb.Errorf("reported %s, under %s, which is gone", p, s)
				}
			}
		}
		if slices.Contains(b, path) {
			return
		}
	}
}

func under(name, dir string) bool { return name == dir || strings.HasPrefix(name, dir+"/") }

// TestWatcherFolders creates, fills, renames, removes and recreates
// folders while the site is watched, as shells, editors, archive tools and
// git do: every file the build reads must be reported under its current
// path, whether it was written after its folder was watched or was in the
// folder before (mkdir -p then a write at once, a folder moved in whole).
func TestWatcherFolders(t *testing.T) {
	w, root := newTestWatcher(t, 20*time.Millisecond)
	outside := t.TempDir() // on the same file system: a rename moves it in
	t.Run("hidden folder of static", func(t *testing.T) {
		// build publishes static/.well-known/security.txt: only files
		// whose own name starts with a dot are left out.
		mkdirAll(t, root, "static/.well-known")
		writeFile(t, root, "static/.well-known/security.txt", "Contact: mailto:a@example.org\n")
		waitFor(t, w, "static/.well-known/security.txt")
		writeFile(t, root, "static/.well-known/change.txt", "x")
		waitFor(t, w, "static/.well-known/change.txt")
	})
	t.Run("a folder named like an editor's file, published by build", func(t *testing.T) {
		mkdirAll(t, root, "static/#drafts#")
		writeFile(t, root, "static/#drafts#/notes.txt", "x")
		waitFor(t, w, "static/#drafts#/notes.txt")
	})
	t.Run("nested folders made at once", func(t *testing.T) {
		mkdirAll(t, root, "static/a/b/c/d")
		writeFile(t, root, "static/a/b/c/d/e.txt", "e")
		waitFor(t, w, "static/a/b/c/d/e.txt")
		writeFile(t, root, "static/a/b/c/d/f.txt", "f")
		waitFor(t, w, "static/a/b/c/d/f.txt")
	})
	t.Run("folder moved in with files", func(t *testing.T) {
		if err := os.MkdirAll(filepath.Join(outside, "assets/img/.hidden"), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, outside, "assets/img/a.png", "a")
		writeFile(t, outside, "assets/img/.hidden/h.txt", "h")
		if err := os.Rename(filepath.Join(outside, "assets"), filepath.Join(root, "static/assets")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, w, "static/assets/img/.hidden/h.txt")
		writeFile(t, root, "static/assets/img/later.png", "l")
		waitFor(t, w, "static/assets/img/later.png")
	})
	t.Run("folder renamed", func(t *testing.T) {
		rename(t, root, "static/assets", "static/media")
		waitFor(t, w, "static/media")
		// Its subfolders were watched under their old path: a write in
		// one must be reported where the file is now.
		writeFile(t, root, "static/media/img/b.png", "b")
		waitWithout(t, w, "static/media/img/b.png", "static/assets")
		writeFile(t, root, "static/media/img/.hidden/i.txt", "i")
		waitWithout(t, w, "static/media/img/.hidden/i.txt", "static/assets")
	})
	t.Run("folder moved out", func(t *testing.T) {
		if err := os.Rename(filepath.Join(root, "static/media"), filepath.Join(outside, "media")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, w, "static/media")
		// What happens out there is not the site's.
		writeFile(t, outside, "media/img/c.png", "c")
		writeFile(t, root, "static/style.css", "s")
		waitWithout(t, w, "static/style.css", "static/media", "static/assets")
	})
	t.Run("folder removed and made again", func(t *testing.T) {
		if err := os.RemoveAll(filepath.Join(root, "static/a")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, w, "static/a")
		mkdirAll(t, root, "static/a/b")
		writeFile(t, root, "static/a/b/g.txt", "g")
		waitFor(t, w, "static/a/b/g.txt")
	})
	t.Run("year folder made with its entry", func(t *testing.T) {
		mkdirAll(t, root, "content/2019")
		writeFile(t, root, "content/2019/x.md", "x")
		waitFor(t, w, "content/2019/x.md")
		rename(t, root, "content/2019", "content/2018")
		waitFor(t, w, "content/2018")
		writeFile(t, root, "content/2018/x.md", "y")
		waitWithout(t, w, "content/2018/x.md", "content/2019")
	})
	t.Run("partials folder made again", func(t *testing.T) {
		mkdirAll(t, root, "layouts/partials")
		writeFile(t, root, "layouts/partials/nav.html", "n")
		waitFor(t, w, "layouts/partials/nav.html")
		// A new layouts/ in place of the old one, as a checkout does.
		if err := os.MkdirAll(filepath.Join(outside, "layouts/partials"), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, outside, "layouts/partials/nav.html", "n2")
		rename(t, root, "layouts", "layouts.old")
		if err := os.Rename(filepath.Join(outside, "layouts"), filepath.Join(root, "layouts")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, w, "layouts/partials/nav.html")
		writeFile(t, root, "layouts/partials/foot.html", "f")
		waitWithout(t, w, "layouts/partials/foot.html", "layouts.old")
		// The build reads every partials/*.html, a hidden one too.
		writeFile(t, root, "layouts/partials/.top.html", "t")
		waitFor(t, w, "layouts/partials/.top.html")
	})
	t.Run("editors' files still ignored", func(t *testing.T) {
		writeFile(t, root, "static/.style.css.swp", "swap")
		writeFile(t, root, "layouts/partials/.nav.html.swp", "swap")
		writeFile(t, root, "layouts/base.html~", "backup")
		writeFile(t, root, "content/2024/.a.md.swp", "swap")
		writeFile(t, root, "content/2024/a.md", "a5")
		for {
			b := next(t, w)
			for _, p := range b {
				if p != "content/2024/a.md" {
					t.Errorf("reported %s", p)
				}
			}
			if slices.Contains(b, "content/2024/a.md") {
				break
			}
		}
	})
}
