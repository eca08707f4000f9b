package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// newTestWatcher watches a new site folder with content/2024/ in it.
func newTestWatcher(tb testing.TB, debounce time.Duration) (*Watcher, string) {
	tb.Helper()
	root := tb.TempDir()
	for _, d := range []string{"content/2024", "layouts", "static"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	writeFile(tb, root, "site.toml", "title = \"t\"\n")
	writeFile(tb, root, "content/2024/a.md", "a")
	w, err := NewWatcher(root, debounce)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { w.Close() })
	return w, root
}

func writeFile(tb testing.TB, root, name, text string) {
	tb.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// next returns the next batch. The timeout only stops a test whose event
// never comes; it judges nothing.
func next(tb testing.TB, w *Watcher) []string {
	tb.Helper()
	select {
	case b := <-w.Changes:
		return b
	case <-time.After(10 * time.Second):
		tb.Fatal("no change reported")
		return nil
	}
}

// waitFor reads batches until one holds path.
func waitFor(tb testing.TB, w *Watcher, path string) []string {
	tb.Helper()
	for {
		b := next(tb, w)
		if slices.Contains(b, path) {
			return b
		}
	}
}

func TestWatcher(t *testing.T) {
	w, root := newTestWatcher(t, 20*time.Millisecond)
	t.Run("create", func(t *testing.T) {
		writeFile(t, root, "content/2024/b.md", "b")
		waitFor(t, w, "content/2024/b.md")
	})
	t.Run("write", func(t *testing.T) {
		writeFile(t, root, "content/2024/a.md", "a2")
		waitFor(t, w, "content/2024/a.md")
	})
	t.Run("atomic save", func(t *testing.T) {
		writeFile(t, root, "content/2024/.a.md.tmp", "a3")
		if err := os.Rename(filepath.Join(root, "content/2024/.a.md.tmp"), filepath.Join(root, "content/2024/a.md")); err != nil {
			t.Fatal(err)
		}
		b := waitFor(t, w, "content/2024/a.md")
		if slices.Contains(b, "content/2024/.a.md.tmp") {
			t.Errorf("hidden temporary file reported: %v", b)
		}
	})
	t.Run("site.toml atomic save", func(t *testing.T) {
		writeFile(t, root, "site.toml.new", "title = \"u\"\n")
		if err := os.Rename(filepath.Join(root, "site.toml.new"), filepath.Join(root, "site.toml")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, w, "site.toml")
	})
	t.Run("remove", func(t *testing.T) {
		if err := os.Remove(filepath.Join(root, "content/2024/b.md")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, w, "content/2024/b.md")
	})
	t.Run("new year folder", func(t *testing.T) {
		if err := os.MkdirAll(filepath.Join(root, "content/2031"), 0o755); err != nil {
			t.Fatal(err)
		}
		waitFor(t, w, "content/2031")
		writeFile(t, root, "content/2031/c.md", "c")
		waitFor(t, w, "content/2031/c.md")
	})
	t.Run("layout and static", func(t *testing.T) {
		writeFile(t, root, "layouts/base.html", "x")
		waitFor(t, w, "layouts/base.html")
		writeFile(t, root, "static/style.css", "x")
		waitFor(t, w, "static/style.css")
	})
	t.Run("swap files ignored", func(t *testing.T) {
		for _, name := range []string{".a.md.swp", "a.md.swx", "a.md~", ".#a.md", "#a.md#", "4913"} {
			writeFile(t, root, "content/2024/"+name, "swap")
		}
		writeFile(t, root, "public.html", "not the site")
		// A change of the site after them: the batch that holds it, and
		// every batch before, must not name the ignored files.
		writeFile(t, root, "content/2024/a.md", "a4")
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
	t.Run("chmod ignored", func(t *testing.T) {
		if err := os.Chmod(filepath.Join(root, "content/2024/a.md"), 0o600); err != nil {
			t.Fatal(err)
		}
		writeFile(t, root, "layouts/year.html", "y")
		b := waitFor(t, w, "layouts/year.html")
		if slices.Contains(b, "content/2024/a.md") {
			t.Errorf("a change of mode was reported: %v", b)
		}
	})
}

// TestWatcherBurst saves a file 100 times in a row: one or two batches,
// not a hundred.
func TestWatcherBurst(t *testing.T) {
	w, root := newTestWatcher(t, 200*time.Millisecond)
	for i := range 100 {
		writeFile(t, root, "content/2024/a.md", string(rune('a'+i%26)))
	}
	writeFile(t, root, "content/2024/end.md", "end")
	batches := 0
	for {
		b := next(t, w)
		batches++
		if slices.Contains(b, "content/2024/end.md") {
			break
		}
	}
	if batches > 2 {
		t.Errorf("100 saves made %d batches, want 1 or 2", batches)
	}
}

// TestIgnored checks the rule of each folder against what the build reads
// there: a path ignored is one no build reads.
func TestIgnored(t *testing.T) {
	for _, p := range []string{
		"public/index.html", ".git/HEAD", "site.toml~", "content/2024/.a.md.swp", "content/2024/a.md~",
		"content/2024/4913", "content/.hidden/a.md", "content/.hidden", "layouts/.base.html.swp",
		"layouts/base.html~", "layouts/.git/x.html", "static/.style.css.swp", "static/.well-known/.DS_Store",
		"static/#tmp#/notes~", "static/style.css~", "static/4913",
	} {
		if !ignored(p, true) {
			t.Errorf("ignored(%q) = false", p)
		}
	}
	for _, p := range []string{
		"site.toml", "content/2024/a.md", "layouts/base.html", "layouts/partials/.top.html", "static/img/a.png",
		"content/2031", "static/.well-known/security.txt", "static/#tmp#/notes.txt",
	} {
		if ignored(p, true) {
			t.Errorf("ignored(%q) = true", p)
		}
	}
	// A hidden name of static/ that is a folder, a link or gone (maybe a
	// folder removed) is reported.
	for _, p := range []string{"static/.well-known", "static/a/.b"} {
		if ignored(p, false) {
			t.Errorf("ignored(%q), not a regular file, = true", p)
		}
	}
}
