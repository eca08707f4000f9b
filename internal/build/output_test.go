package build

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// diskSite writes testdata/site to dir, with a .git folder, and returns
// dir.
func diskSite(t *testing.T, dir string) string {
	t.Helper()
	for name, f := range siteFS(t, "testdata/site") {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref: refs/heads/main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
}

// TestOutputNeverReplacesTheSite builds with output folders that are, hold
// or lie in the site or another repository, named through symbolic links
// and "..": every build is refused and nothing of the sites changes.
func TestOutputNeverReplacesTheSite(t *testing.T) {
	dir := t.TempDir()
	v1 := diskSite(t, filepath.Join(dir, "v1"))
	v2 := diskSite(t, filepath.Join(dir, "v2"))
	symlink(t, v1, filepath.Join(dir, "v1link"))
	symlink(t, v2, filepath.Join(dir, "v2link"))
	symlink(t, filepath.Join(v1, "content"), filepath.Join(dir, "contentlink"))
	if err := os.MkdirAll(filepath.Join(dir, "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes", "todo.txt"), []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := map[string]map[string][]byte{"v1": tree(t, v1), "v2": tree(t, v2), "notes": tree(t, filepath.Join(dir, "notes"))}

	for _, tt := range []struct{ site, out, want string }{
		{"v2link", "v2", "would replace the site itself"},
		{"v2", "v2link", "would replace the site itself"},
		{"v1link", ".", "would replace the site itself"},
		{"v1link", "v1/content", "inside, the site's content"},
		{"v1", "v1link/content", "inside, the site's content"},
		{"v1", "contentlink", "inside, the site's content"},
		{"v1", "contentlink/2024", "inside, the site's content"},
		{"v1", "v1link/static/x", "inside, the site's static"},
		{"v1", "v1/layouts/partials", "inside, the site's layouts"},
		{"v1", "v1/.git", "inside, the site's .git"},
		{"v1", "v1link/.git/objects", "inside, the site's .git"},
		{"v1", "v1/site.toml", "inside, the site's site.toml"},
		{"v1", "v1link/../v1/content", "inside, the site's content"},
		{"v1", "contentlink/../static", "inside, the site's static"},
		{"v1", "v2", "files that chrono did not write"},
		{"v1", "v2link", "files that chrono did not write"},
		{"v1", "notes", "files that chrono did not write"},
	} {
		t.Run(tt.site+"→"+tt.out, func(t *testing.T) {
			site := filepath.Join(dir, tt.site)
			out := dir + string(filepath.Separator) + tt.out // not Join, which would clean ".."
			_, _, err := New().Build(os.DirFS(site), site, out, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("build -site %s -out %s: got %v, want an error saying %q", tt.site, tt.out, err, tt.want)
			}
		})
	}
	for name, files := range before {
		after := tree(t, filepath.Join(dir, name))
		if len(after) != len(files) {
			t.Errorf("%s: %d files after the builds, %d before", name, len(after), len(files))
		}
		for f, b := range files {
			if string(after[f]) != string(b) {
				t.Errorf("%s: %s changed", name, f)
			}
		}
	}
}

// TestOutputThroughLink builds into a symbolic link to an earlier output:
// the folder it leads to is replaced, and the link stays.
func TestOutputThroughLink(t *testing.T) {
	dir := t.TempDir()
	site := diskSite(t, filepath.Join(dir, "site"))
	real := filepath.Join(dir, "www")
	mustBuild(t, os.DirFS(site), real, Options{Drafts: true})
	symlink(t, real, filepath.Join(dir, "public"))
	if _, _, err := New().Build(os.DirFS(site), site, filepath.Join(dir, "public"), Options{}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "public")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link to the output was replaced: %v", err)
	}
	if _, err := os.Stat(filepath.Join(real, "2024/brouillon/index.html")); err == nil {
		t.Error("the folder behind the link was not replaced")
	}
}

// TestUntidyIsAWarning makes the removal of the old output fail once the
// new output is in place: the build succeeds, and says what was left.
func TestUntidyIsAWarning(t *testing.T) {
	for _, ex := range []bool{true, false} {
		t.Run("exchange="+strconv.FormatBool(ex), func(t *testing.T) {
			noExchange(t, !ex)
			out := filepath.Join(t.TempDir(), "public")
			fsys := siteFS(t, "testdata/site")
			mustBuild(t, fsys, out, Options{Drafts: true})
			removeAll = func(string) error { return errors.New("operation not permitted") }
			t.Cleanup(func() { removeAll = os.RemoveAll })
			stats, probs, err := New().Build(fsys, "testdata/site", out, Options{})
			if err != nil || probs.Err() != nil {
				t.Fatalf("the build failed: %v %v", err, probs)
			}
			if len(stats.Untidy) != 1 || !strings.Contains(stats.Untidy[0].Error(), "the new site is in "+out) {
				t.Fatalf("untidy: %v", stats.Untidy)
			}
			if _, err := os.Stat(filepath.Join(out, "2024/brouillon/index.html")); err == nil {
				t.Error("the old output is still in place")
			}
		})
	}
}

// noExchange makes replace rename the output aside, as it does where the
// system cannot exchange folders, if on.
func noExchange(t *testing.T, on bool) {
	if !on {
		return
	}
	exchangeFolders = func(string, string) error { return errNoExchange }
	t.Cleanup(func() { exchangeFolders = exchange })
}

// TestKilledBuildsCleanedUp leaves the folder of a build whose process has
// ended, and one of a process still running: the next build removes the
// first and keeps the second.
func TestKilledBuildsCleanedUp(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run a process: %v", err)
	}
	dead := cmd.Process.Pid
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	killed := filepath.Join(dir, ".public.new-"+strconv.Itoa(dead)+"-123")
	running := filepath.Join(dir, ".public.new-"+strconv.Itoa(os.Getpid())+"-456")
	other := filepath.Join(dir, ".other.new-"+strconv.Itoa(dead)+"-789")
	for _, d := range []string{killed, killed + ".old", running, other} {
		if err := os.MkdirAll(filepath.Join(d, "2024"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mustBuild(t, siteFS(t, "testdata/site"), out, Options{})
	for d, want := range map[string]bool{killed: false, killed + ".old": false, running: true, other: true} {
		if _, err := os.Stat(d); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", filepath.Base(d), err == nil, want)
		}
	}
}

// TestReplaceKeepsOutputOnFailure checks both ways of replacing: the new
// output takes the place of the old, nothing is left beside it.
func TestReplace(t *testing.T) {
	for _, ex := range []bool{true, false} {
		t.Run("exchange="+strconv.FormatBool(ex), func(t *testing.T) {
			noExchange(t, !ex)
			dir := t.TempDir()
			out, tmp := filepath.Join(dir, "public"), filepath.Join(dir, ".public.new-1-1")
			for d, text := range map[string]string{out: "old", tmp: "new"} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(d, "f"), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if left, err := replace(tmp, out); left != nil || err != nil {
				t.Fatal(left, err)
			}
			if b, _ := os.ReadFile(filepath.Join(out, "f")); string(b) != "new" {
				t.Errorf("output holds %q", b)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("left beside the output: %v", entries)
			}
		})
	}
}
