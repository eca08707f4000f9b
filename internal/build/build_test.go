package build

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite testdata/golden and the want sections of testdata/bad")

// siteFS reads the site in dir into memory, with the repository's layouts
// and static files unless dir has its own.
func siteFS(tb testing.TB, dir string) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	for _, root := range []string{"../..", dir} {
		top := []string{"layouts", "static"}
		if root == dir {
			top = []string{"."}
		}
		for _, t := range top {
			base := filepath.Join(root, t)
			err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(root, p)
				m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b, Mode: 0o644}
				return nil
			})
			if err != nil {
				tb.Fatal(err)
			}
		}
	}
	return m
}

// tree reads every file under dir, by slash path.
func tree(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

func mustBuild(tb testing.TB, fsys fs.FS, out string, opts Options) Stats {
	tb.Helper()
	stats, probs, err := New().Build(fsys, "testdata/site", out, opts)
	if err != nil || probs.Err() != nil {
		tb.Fatalf("build: %v\n%v", err, probs)
	}
	return stats
}

// TestGolden builds testdata/site and compares every file of the output
// with testdata/golden. Run with -update to accept a change of output.
func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, siteFS(t, "testdata/site"), out, Options{})
	got := tree(t, out)
	if *update {
		os.RemoveAll("testdata/golden")
		for name, b := range got {
			p := filepath.Join("testdata/golden", filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := tree(t, "testdata/golden")
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: missing from the output", name)
		case !bytes.Equal(g, w):
			t.Errorf("%s differs from testdata/golden/%s (go test ./internal/build -update to accept):\n%s", name, name, firstDiff(w, g))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: unexpected file in the output (go test ./internal/build -update to accept)", name)
		}
	}
}

// firstDiff shows the first line where got departs from want.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, w, g)
		}
	}
	return ""
}

// TestDeterministic builds the same site twice: the outputs are identical.
func TestDeterministic(t *testing.T) {
	fsys := siteFS(t, "testdata/site")
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	mustBuild(t, fsys, a, Options{Drafts: true})
	mustBuild(t, fsys, b, Options{Drafts: true})
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files, then %d", len(ta), len(tb))
	}
	for name, x := range ta {
		if !bytes.Equal(x, tb[name]) {
			t.Errorf("%s differs between two builds of the same site", name)
		}
	}
}

// TestFailedBuildKeepsOutput checks that a build that fails, on content or
// on a layout, leaves the previous output exactly as it was.
func TestFailedBuildKeepsOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	fsys := siteFS(t, "testdata/site")
	mustBuild(t, fsys, out, Options{})
	before := tree(t, out)

	for name, change := range map[string]func(fstest.MapFS){
		"content": func(m fstest.MapFS) {
			m["content/2022/rachat.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \n+++\n")}
		},
		"layout": func(m fstest.MapFS) {
			m["layouts/entry.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{.Nope}}{{end}}`)}
		},
	} {
		broken := siteFS(t, "testdata/site")
		change(broken)
		_, probs, err := New().Build(broken, "testdata/site", out, Options{})
		if err == nil && probs.Err() == nil {
			t.Fatalf("%s: the broken build succeeded", name)
		}
		after := tree(t, out)
		if len(after) != len(before) {
			t.Errorf("%s: %d files in the output after a failed build, %d before", name, len(after), len(before))
		}
		for f, b := range before {
			if !bytes.Equal(after[f], b) {
				t.Errorf("%s: %s changed by a failed build", name, f)
			}
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("%s: left behind in the output's parent: %v", name, entries)
		}
	}
}

// TestBuildReplacesOutput checks that a second build removes what the first
// wrote and the second did not.
func TestBuildReplacesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	fsys := siteFS(t, "testdata/site")
	mustBuild(t, fsys, out, Options{Drafts: true})
	if _, err := os.Stat(filepath.Join(out, "2024/brouillon/index.html")); err != nil {
		t.Fatalf("draft not built with Drafts: %v", err)
	}
	mustBuild(t, fsys, out, Options{})
	if _, err := os.Stat(filepath.Join(out, "2024/brouillon/index.html")); err == nil {
		t.Error("a draft page is left in the output of a build without drafts")
	}
}

func TestBuildRefusesToReplaceTheSite(t *testing.T) {
	site := t.TempDir()
	for _, out := range []string{site, filepath.Dir(site), filepath.Join(site, "content"), filepath.Join(site, "static", "x")} {
		_, _, err := New().Build(siteFS(t, "testdata/site"), site, out, Options{})
		if err == nil {
			t.Errorf("build into %s from a site in %s: no error", out, site)
		}
	}
}

// TestBaseURL checks that every internal link follows the base URL's path,
// at a domain's root and under a sub-path.
func TestBaseURL(t *testing.T) {
	for _, tt := range []struct{ base, prefix string }{
		{"https://example.org/", `href="/`},
		{"https://owner.github.io/repo/", `href="/repo/`},
	} {
		out := filepath.Join(t.TempDir(), "public")
		mustBuild(t, siteFS(t, "testdata/site"), out, Options{BaseURL: tt.base})
		for name, b := range tree(t, out) {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			for _, m := range bytes.Split(b, []byte(`href="`))[1:] {
				link := string(m[:bytes.IndexByte(m, '"')])
				if strings.HasPrefix(link, "http") || strings.HasPrefix(link, "#") {
					continue
				}
				if !strings.HasPrefix(`href="`+link, tt.prefix) {
					t.Errorf("base %s: %s links to %q, outside %s", tt.base, name, link, tt.prefix)
				}
			}
		}
	}
}

// TestYearAsWritten checks that an entry of a year before 1000 is
// published at the address its folder spells: /0999/…, not /999/….
func TestYearAsWritten(t *testing.T) {
	fsys := siteFS(t, "testdata/site")
	fsys["content/0999/ancien.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Ancien\"\ndate = \"0999-05\"\nactors = [\"x\"]\n[source]\nname = \"S\"\n+++\n\nTexte.\n")}
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, fsys, out, Options{})
	files := tree(t, out)
	for _, name := range []string{"0999/ancien/index.html", "0999/index.html"} {
		if _, ok := files[name]; !ok {
			t.Errorf("no %s in the output", name)
		}
	}
	if !bytes.Contains(files["sitemap.xml"], []byte("/0999/ancien/")) {
		t.Error("the sitemap does not list /0999/ancien/")
	}
}
