package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cliSite copies the repository's own site (site.toml, content, layouts,
// static) into a temporary folder.
func cliSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"site.toml", "content", "layouts", "static"} {
		if out, err := exec.Command("cp", "-r", filepath.Join("../..", p), dir).CombinedOutput(); err != nil {
			t.Fatalf("cp %s: %v\n%s", p, err, out)
		}
	}
	return dir
}

func cli(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestNew(t *testing.T) {
	site := cliSite(t)
	code, out, errs := cli("new", "-site", site, "-date", "2024-08-13", "-title", "Thierry Breton répond à Elon Musk : « pas d'accord »", "-actors", "thierry-breton,elon-musk")
	if code != 0 {
		t.Fatalf("new: exit %d: %s", code, errs)
	}
	path := strings.TrimSpace(out)
	want := filepath.Join(site, "content/2024/thierry-breton-repond-a-elon-musk-pas-d-accord.md")
	if path != want {
		t.Fatalf("new printed %q, want %q", path, want)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"title = ", "date = 2024-08-13\n", `actors = ["thierry-breton", "elon-musk"]`, "dsa = ", "summary = ", "related = ", "type = ", "responds_to = ", "follows = ", "draft = ", "[[source]]", "name = ", "url = ", "lang = "} {
		if !bytes.Contains(text, []byte(field)) {
			t.Errorf("the new entry has no %q:\n%s", field, text)
		}
	}

	// Left as it is, the skeleton says what is missing, at its line.
	code, _, errs = cli("check", "-site", site)
	if code != 1 || !strings.Contains(errs, "thierry-breton-repond-a-elon-musk-pas-d-accord.md:21:1: type est vide") || !strings.Contains(errs, "thierry-breton-repond-a-elon-musk-pas-d-accord.md:38:1: name est vide") {
		t.Errorf("check of an unfilled entry: exit %d:\n%s", code, errs)
	}
	// Filled in, it passes.
	filled := bytes.Replace(text, []byte("name = \"\""), []byte("name = \"AFP\""), 1)
	filled = bytes.Replace(filled, []byte("type = \"\""), []byte("type = \"declaration\""), 1)
	if err := os.WriteFile(path, filled, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs = cli("check", "-site", site); code != 0 {
		t.Errorf("check of a filled entry: exit %d:\n%s", code, errs)
	}

	// It never overwrites: the slug is taken.
	code, _, errs = cli("new", "-site", site, "-date", "2024-08-13", "-title", "Thierry Breton répond à Elon Musk : « pas d'accord »")
	if code != 1 || !strings.Contains(errs, `slug "thierry-breton-repond-a-elon-musk-pas-d-accord" is taken by content/2024/`) {
		t.Errorf("second new: exit %d: %s", code, errs)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, filled) {
		t.Error("new changed an existing file")
	}
}

func TestNewErrors(t *testing.T) {
	site := cliSite(t)
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-date", "12/08/2024", "-title", "T"}, 1, `chrono new: -date: invalid date "12/08/2024"; dates are written year first: 2024-08-12`},
		{[]string{"-date", "2024-08-12", "-title", "T", "-actors", "breton"}, 1, `chrono new: -actors: unknown actor "breton"; did you mean "thierry-breton"?`},
		{[]string{"-date", "2024-08-12", "-title", "T", "-slug", "Mon_Slug"}, 1, `chrono new: -slug "Mon_Slug": expected lowercase letters, digits and single dashes, such as "mon-slug"`},
		{[]string{"-date", "2024-08-12"}, 2, "chrono new: -date and -title are required"},
	} {
		code, _, errs := cli(append([]string{"new", "-site", site}, tt.args...)...)
		if code != tt.code || !strings.Contains(errs, tt.msg) {
			t.Errorf("new %v: exit %d, %q; want exit %d, %q", tt.args, code, errs, tt.code, tt.msg)
		}
	}
}

func TestBuildCheckExitCodes(t *testing.T) {
	site := cliSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if code, stdout, errs := cli("build", "-site", site, "-out", out); code != 0 || !strings.Contains(stdout, "built ") {
		t.Fatalf("build: exit %d: %s %s", code, stdout, errs)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if code, _, _ := cli("check", "-site", site); code != 0 {
		t.Errorf("check of the repository's site: exit %d", code)
	}

	// Break an entry: check and build fail with status 1, the output stays.
	broken := filepath.Join(site, "content/2024/cassee.md")
	if err := os.WriteFile(broken, []byte("+++\ntitle = \"T\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := cli("check", "-site", site)
	wantMsg := filepath.ToSlash(filepath.Join(site, "content/2024/cassee.md")) + ":1:1: l’en-tête ouvert ici n’est jamais fermé"
	if code != 1 || !strings.Contains(errs, wantMsg) {
		t.Errorf("check of a broken site: exit %d:\n%s", code, errs)
	}
	if code, _, _ := cli("build", "-site", site, "-out", out); code != 1 {
		t.Errorf("build of a broken site: exit %d, want 1", code)
	}
	if now, _ := os.ReadFile(filepath.Join(out, "index.html")); !bytes.Equal(now, index) {
		t.Error("a failed build changed the output")
	}

	for _, args := range [][]string{{}, {"publish"}, {"build", "-nope"}, {"build", "extra"}, {"build", "-base-url", "example.org"}, {"check", "-site"}} {
		if code, _, _ := cli(args...); code != 2 {
			t.Errorf("chrono %v: exit %d, want 2", args, code)
		}
	}
	for _, args := range [][]string{{"help"}, {"build", "-h"}, {"check", "-h"}, {"new", "-h"}} {
		if code, _, _ := cli(args...); code != 0 {
			t.Errorf("chrono %v: exit %d, want 0", args, code)
		}
	}
	if code, stdout, _ := cli("version"); code != 0 || !strings.HasPrefix(stdout, "chrono ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}
