package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreviewRefusesRootLinks checks that the preview, like a build,
// refuses a site whose content/ is a link to a folder elsewhere, and shows
// the site again once the link is replaced by the folder itself.
func TestPreviewRefusesRootLinks(t *testing.T) {
	dir := t.TempDir()
	site, elsewhere := filepath.Join(dir, "site"), filepath.Join(dir, "elsewhere")
	for _, cp := range [][2]string{{"testdata/site", site}, {"../../layouts", filepath.Join(site, "layouts")}} {
		if out, err := exec.Command("cp", "-r", cp[0], cp[1]).CombinedOutput(); err != nil {
			t.Fatalf("cp: %v\n%s", err, out)
		}
	}
	content := filepath.Join(site, "content")
	if err := os.Rename(content, elsewhere); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, content); err != nil {
		t.Fatal(err)
	}
	fsys, root, err := OpenSite(site)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	p := New().Preview(fsys, Options{Drafts: true, BaseURL: "http://127.0.0.1:1313/"})
	r, err := p.Rebuild(nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Problems.Err() == nil || !strings.Contains(r.Problems.Error(), "content: les liens symboliques ne sont pas acceptés dans le site") || r.Files != nil {
		t.Fatalf("preview of a site whose content/ is a link: %v, %d files", r.Problems, len(r.Files))
	}

	if err := os.Remove(content); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(elsewhere, content); err != nil {
		t.Fatal(err)
	}
	r, err = p.Rebuild([]string{"content"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Problems.Err() != nil || r.Files["index.html"] == nil {
		t.Fatalf("preview once the folder is back: %v", r.Problems)
	}
}
