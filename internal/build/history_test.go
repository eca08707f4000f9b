package build

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// gitSite writes the test site into a folder site/ of a new git
// repository, with and returns the repository
// and the site's folders (its site.toml names the repository
// https://github.com/owner/repo and the branch "publie"). git runs with a
// fixed identity and dates.
func gitSite(t *testing.T) (repo, site string, git func(date string, args ...string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo = t.TempDir()
	site = filepath.Join(repo, "site")
	for name, f := range siteFS(t, "testdata/site") {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git = func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return repo, site, git
}

func buildAt(t *testing.T, site string) map[string][]byte {
	t.Helper()
	fsys, root, err := OpenSite(site)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	out := filepath.Join(t.TempDir(), "public")
	if _, probs, err := New().Build(fsys, site, out, Options{Repo: site}); err != nil || probs.Err() != nil {
		t.Fatalf("build: %v\n%v", err, probs)
	}
	return tree(t, out)
}

func TestHistory(t *testing.T) {
	_, site, git := gitSite(t)
	entry := "2022/rachat/index.html"

	// Not a repository yet (a tarball): no version, nothing fails; the
	// ways in to the repository are there.
	files := buildAt(t, site)
	if bytes.Contains(files[entry], []byte("Mis à jour")) || bytes.Contains(files[entry], []byte("version du")) {
		t.Errorf("a version without a repository:\n%s", files[entry])
	}
	if !bytes.Contains(files[entry], []byte(`href="https://github.com/owner/repo/edit/publie/content/2022/rachat.md"`)) {
		t.Errorf("no editor's link without a history:\n%s", files[entry])
	}

	git("2024-01-02T10:00:00Z", "init", "-q")
	git("2024-01-02T10:00:00Z", "add", "-A")
	git("2024-01-02T10:00:00Z", "commit", "-q", "-m", "first")
	rachat := filepath.Join(site, "content", "2022", "rachat.md")
	src, _ := os.ReadFile(rachat)
	if err := os.WriteFile(rachat, bytes.Replace(src, []byte("Le rachat est conclu :"), []byte("Le rachat est bien conclu :"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	git("2025-03-04T09:30:00+01:00", "commit", "-q", "-am", "second")

	files = buildAt(t, site)
	for _, want := range []string{
		`<p class="version">Mis à jour le <a href="https://github.com/owner/repo/commits/publie/site/content/2022/rachat.md" title="Historique des modifications de cette entrée"><time datetime="2025-03-04">4 mars 2025</time></a></p>`,
		`version du 4 mars 2025, consulté le`,
		`href="https://github.com/owner/repo/edit/publie/site/content/2022/rachat.md"`,
		`href="https://github.com/owner/repo/issues/new?entree=https%3A%2F%2Fexample.org%2Fdepot%2F2022%2Frachat%2F&amp;template=signaler-une-erreur.yml&amp;title=Erreur%20%3A%20Rachat%20de%20Twitter"`,
	} {
		if !bytes.Contains(files[entry], []byte(want)) {
			t.Errorf("%s lacks %s", entry, want)
		}
	}
	if !bytes.Contains(files["2022/avertissement/index.html"], []byte(`<time datetime="2024-01-02">2 janvier 2024</time></a></p>`)) {
		t.Errorf("avertissement: not the first commit's date")
	}
	feed := string(files["feed.xml"])
	if i := strings.Index(feed, "<id>https://example.org/depot/2022/rachat/</id>"); i < 0 || !strings.HasPrefix(feed[i:], "<id>https://example.org/depot/2022/rachat/</id>\n  <updated>2025-03-04T08:30:00Z</updated>\n  <published>2022-10-27T00:00:00Z</published>") {
		t.Errorf("feed.xml: rachat is not updated at its commit:\n%s", feed)
	}
	if !strings.Contains(feed, "</author>") || !strings.Contains(feed[:strings.Index(feed, "<entry>")], "<updated>2025-03-04T08:30:00Z</updated>") {
		t.Errorf("feed.xml: the feed is not updated at its latest commit")
	}

	// Byte-identical for a given commit.
	again := buildAt(t, site)
	for name, data := range files {
		if !bytes.Equal(again[name], data) {
			t.Errorf("%s differs between two builds of the same commit", name)
		}
	}

	// The preview shows what a build shows.
	fsys, root, err := OpenSite(site)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	r, err := New().Preview(fsys, Options{Repo: site}).Rebuild(nil)
	if err != nil || r.Files == nil {
		t.Fatalf("preview: %v %v", err, r.Problems)
	}
	for name, data := range files {
		if !bytes.Equal(r.Files[name], data) {
			t.Errorf("the preview's %s differs from the build's", name)
		}
	}

	// A file edited and not committed keeps the version of its last
	// commit; a new file never committed has none; in a build and in the
	// preview.
	if err := os.WriteFile(rachat, src, 0o644); err != nil {
		t.Fatal(err)
	}
	nouveau := filepath.Join(site, "content", "2022", "nouveau.md")
	if err := os.WriteFile(nouveau, []byte("+++\ntitle = \"Nouveau\"\ndate = 2022-12-01\nactors = [\"x\"]\n[source]\nname = \"S\"\n+++\n\nTexte.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files = buildAt(t, site)
	if !bytes.Contains(files[entry], []byte(`<time datetime="2025-03-04">4 mars 2025</time></a></p>`)) {
		t.Errorf("an uncommitted edit changed the version")
	}
	if bytes.Contains(files["2022/nouveau/index.html"], []byte("Mis à jour")) {
		t.Errorf("a file never committed has a version")
	}
	r, err = New().Preview(fsys, Options{Repo: site}).Rebuild(nil)
	if err != nil || r.Files == nil {
		t.Fatalf("preview: %v %v", err, r.Problems)
	}
	for name, data := range files {
		if !bytes.Equal(r.Files[name], data) {
			t.Errorf("with uncommitted changes, the preview's %s differs from the build's", name)
		}
	}

	// Without git: no history, nothing fails.
	t.Setenv("PATH", "")
	if h := ReadHistory(site); h != nil {
		t.Errorf("ReadHistory without git = %v", h)
	}
}

// TestHistoryShallow: in a shallow clone, the oldest commit fetched does
// not date the files it did not change.
func TestHistoryShallow(t *testing.T) {
	repo, site, git := gitSite(t)
	git("2024-01-02T10:00:00Z", "init", "-q")
	git("2024-01-02T10:00:00Z", "add", "-A")
	git("2024-01-02T10:00:00Z", "commit", "-q", "-m", "first")
	git("2024-02-02T10:00:00Z", "commit", "-q", "--allow-empty", "-m", "second")
	rachat := filepath.Join(site, "content", "2022", "rachat.md")
	src, _ := os.ReadFile(rachat)
	_ = os.WriteFile(rachat, append(src, "Suite.\n"...), 0o644)
	git("2024-03-02T10:00:00Z", "commit", "-q", "-am", "third")
	clone := filepath.Join(t.TempDir(), "clone")
	git("2024-03-02T10:00:00Z", "clone", "-q", "--depth", "2", "file://"+repo, clone)
	h := ReadHistory(filepath.Join(clone, "site"))
	if h == nil || h.Prefix != "site/" {
		t.Fatalf("history %+v", h)
	}
	if _, ok := h.Files["content/2022/rachat.md"]; !ok {
		t.Errorf("rachat.md, changed by a commit fetched, has no version")
	}
	if v, ok := h.Files["content/2022/avertissement.md"]; ok {
		t.Errorf("avertissement.md has the version %v of the shallow boundary", v)
	}
}

// TestPreviewAfterCommit: a preview kept open while commits are made shows
// the versions a build of the same files shows, once a save rebuilds it:
// chrono.Diff reports the versions that changed, and the pages and feeds
// that showed them are made again.
func TestPreviewAfterCommit(t *testing.T) {
	_, site, git := gitSite(t)
	git("2024-01-02T10:00:00Z", "init", "-q")
	git("2024-01-02T10:00:00Z", "add", "-A")
	git("2024-01-02T10:00:00Z", "commit", "-q", "-m", "first")
	fsys, root, err := OpenSite(site)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	p := New().Preview(fsys, Options{Repo: site})
	check := func(step string, paths ...string) *Rebuild {
		t.Helper()
		r, err := p.Rebuild(paths)
		if err != nil || r.Files == nil {
			t.Fatalf("%s: preview: %v %v", step, err, r.Problems)
		}
		want := buildAt(t, site)
		for name, data := range want {
			if !bytes.Equal(r.Files[name], data) {
				t.Errorf("%s: the preview's %s differs from the build's", step, name)
			}
		}
		if len(r.Files) != len(want) {
			t.Errorf("%s: the preview has %d files, the build %d", step, len(r.Files), len(want))
		}
		return r
	}
	check("first")
	const path = "content/2022/rachat.md"
	rachat := filepath.Join(site, filepath.FromSlash(path))
	src, _ := os.ReadFile(rachat)
	if err := os.WriteFile(rachat, bytes.Replace(src, []byte("Le rachat est conclu :"), []byte("Le rachat est bien conclu :"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	check("edited, not committed", path)
	git("2025-03-04T09:30:00+01:00", "commit", "-q", "-am", "second")
	r := check("committed, saved again", path)
	for _, name := range []string{"2022/rachat/index.html", "feed.xml"} {
		if !slices.Contains(r.MadeFiles, name) {
			t.Errorf("a new version did not make %s again (made %v)", name, r.MadeFiles)
		}
	}
	if slices.Contains(r.MadeFiles, "2022/avertissement/index.html") {
		t.Errorf("a new version of rachat made avertissement's page again")
	}
}
