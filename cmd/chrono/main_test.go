package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// repo is the repository's root, found before any test changes folder.
var repo, _ = filepath.Abs("../..")

// testSite copies the test site of package build, with the repository's
// layouts and static files, to dir/site, makes dir the current folder for
// the test, and writes the given files over it.
func testSite(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	for from, to := range map[string]string{
		filepath.Join(repo, "internal/build/testdata/site"): site,
		filepath.Join(repo, "layouts"):                      filepath.Join(site, "layouts"),
		filepath.Join(repo, "static"):                       filepath.Join(site, "static"),
	} {
		if err := os.CopyFS(to, os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range files {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

// englishSite is the test site's site.toml with language = "en": its
// problems are told in English.
func englishSite(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repo, "internal/build/testdata/site/site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Replace(string(b), `language = "fr"`, `language = "en"`, 1)
}

// runChrono runs the command line with args and returns its exit status,
// standard output and standard error.
func runChrono(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

const badEntry = `+++
title = "Titre"
date = 2024-03-01
actors = ["breton"]
[source]
name = "Source"
url = "https://example.org/x"
+++

Un [lien](javascript:alert(1)), 100 %.
`

// warnings of the test site itself: its two sources without an archive.
const siteWarnings = `site/content/2022/rachat.md:10:1: warning: source "Agence" has a url but no archive; save the page at https://web.archive.org/save and add the copy's address as archive = "https://web.archive.org/web/…", so the source outlives the page
site/content/2023/procedure.md:14:1: warning: source "Commission européenne" has a url but no archive; save the page at https://web.archive.org/save and add the copy's address as archive = "https://web.archive.org/web/…", so the source outlives the page
`

// TestCheckText checks the problems and the count that check prints, in
// French for the French test site, in English for the same site with
// language = "en".
func TestCheckText(t *testing.T) {
	testSite(t, nil)
	code, stdout, stderr := runChrono("check", "-site", "site")
	if code != exitOK || stdout != "aucune erreur, 2 avertissements\n" || strings.Count(stderr, "warning: la source «\u202fAgence\u202f» a une url mais pas d’archive\u202f;") != 1 {
		t.Errorf("check on a good site: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	testSite(t, map[string]string{"content/2024/cas.md": badEntry})
	code, stdout, stderr = runChrono("check", "-site", "site", "-format", "text")
	want := "site/content/2024/cas.md:4:11: acteur inconnu «\u202fbreton\u202f»\u202f; vouliez-vous dire «\u202fthierry-breton\u202f»\u202f?\n" +
		"site/content/2024/cas.md:10:4: lien vers «\u202fjavascript:alert(1)\u202f»\u00a0: une adresse http ou https est attendue, une entrée sous la forme @identifiant, ou un chemin du site commençant par /\n" +
		"chrono check\u00a0: 2 problèmes\u202f; rien n’a été écrit\n"
	if got := regexp.MustCompile("(?m)^.*warning: .*\n").ReplaceAllString(stderr, ""); code != exitFailed || stdout != "" || got != want {
		t.Errorf("check on a bad French site: exit %d\nstdout:\n%s\nstderr:\n%s\nwant stderr:\n%s", code, stdout, got, want)
	}

	testSite(t, map[string]string{"site.toml": englishSite(t)})
	code, stdout, stderr = runChrono("check", "-site", "site")
	if code != exitOK || stdout != "no errors, 2 warnings\n" || stderr != siteWarnings {
		t.Errorf("check on a good English site: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	testSite(t, map[string]string{"site.toml": englishSite(t), "content/2024/cas.md": badEntry})
	code, stdout, stderr = runChrono("check", "-site", "site", "-format", "text")
	want = siteWarnings + `site/content/2024/cas.md:4:11: unknown actor "breton"; did you mean "thierry-breton"?
site/content/2024/cas.md:7:1: warning: source "Source" has a url but no archive; save the page at https://web.archive.org/save and add the copy's address as archive = "https://web.archive.org/web/…", so the source outlives the page
site/content/2024/cas.md:10:4: link to "javascript:alert(1)": expected an http or https URL, an entry as @slug, or a path of the site starting with /
chrono check: 2 problems; nothing was written
`
	if code != exitFailed || stdout != "" || stderr != want {
		t.Errorf("check on a bad site: exit %d\nstdout:\n%s\nstderr:\n%s\nwant stderr:\n%s", code, stdout, stderr, want)
	}
}

func TestCheckGitHub(t *testing.T) {
	testSite(t, map[string]string{
		"site.toml":           englishSite(t),
		"content/2024/cas.md": badEntry,
		// A name that is not a slug, with the characters a property escapes.
		"content/2024/a,b:c%d.md": "",
	})
	code, stdout, stderr := runChrono("check", "-site", "site", "-format", "github")
	want := `::warning file=site/content/2022/rachat.md,line=10,col=1::source "Agence" has a url but no archive; save the page at https://web.archive.org/save and add the copy's address as archive = "https://web.archive.org/web/…", so the source outlives the page
::warning file=site/content/2023/procedure.md,line=14,col=1::source "Commission européenne" has a url but no archive; save the page at https://web.archive.org/save and add the copy's address as archive = "https://web.archive.org/web/…", so the source outlives the page
::error file=site/content/2024/a%2Cb%3Ac%25d.md::file name "a,b:c%25d.md" is not a valid slug: expected lowercase letters, digits and single dashes, such as "a-b-c-d.md"
::error file=site/content/2024/cas.md,line=4,col=11::unknown actor "breton"; did you mean "thierry-breton"?
::warning file=site/content/2024/cas.md,line=7,col=1::source "Source" has a url but no archive; save the page at https://web.archive.org/save and add the copy's address as archive = "https://web.archive.org/web/…", so the source outlives the page
::error file=site/content/2024/cas.md,line=10,col=4::link to "javascript:alert(1)": expected an http or https URL, an entry as @slug, or a path of the site starting with /
`
	if code != exitFailed || stdout != want || stderr != "chrono check: 3 problems; nothing was written\n" {
		t.Errorf("exit %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", code, stdout, want, stderr)
	}

	// Warnings alone do not fail.
	testSite(t, nil)
	code, stdout, stderr = runChrono("check", "-format", "github", "-site", "site")
	if code != exitOK || strings.Count(stdout, "::warning file=") != 2 || stderr != "" {
		t.Errorf("warnings only: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

func TestGitHubEscaping(t *testing.T) {
	for _, tt := range []struct {
		p    chrono.Problem
		want string
	}{
		{chrono.Problem{Pos: chrono.Pos{Path: "a:b,c%.md", Line: 3, Col: 9}, Msg: "50 %, a: b\r\nc"},
			"::error file=a%3Ab%2Cc%25.md,line=3,col=9::50 %25, a: b%0D%0Ac"},
		{chrono.Problem{Pos: chrono.Pos{Path: "site.toml", Line: 2}, Severity: chrono.Warning, Msg: "::x"},
			"::warning file=site.toml,line=2::::x"},
		{chrono.Problem{Pos: chrono.Pos{Path: "static/x"}, Msg: "m"},
			"::error file=static/x::m"},
	} {
		if got := githubCommand(tt.p); got != tt.want {
			t.Errorf("githubCommand(%+v)\n got %s\nwant %s", tt.p, got, tt.want)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	testSite(t, map[string]string{"site.toml": englishSite(t), "content/2024/cas.md": badEntry})
	code, stdout, stderr := runChrono("check", "-site", "./site", "-format", "json")
	if code != exitFailed || stderr != "chrono check: 2 problems; nothing was written\n" {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	var got []jsonProblem
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, stdout)
	}
	want := []jsonProblem{
		{"site/content/2024/cas.md", 4, 11, "error", `unknown actor "breton"; did you mean "thierry-breton"?`},
		{"site/content/2024/cas.md", 7, 1, "warning", `source "Source" has a url but no archive; save the page at https://web.archive.org/save and add the copy's address as archive = "https://web.archive.org/web/…", so the source outlives the page`},
		{"site/content/2024/cas.md", 10, 4, "error", `link to "javascript:alert(1)": expected an http or https URL, an entry as @slug, or a path of the site starting with /`},
	}
	if len(got) != len(want)+2 {
		t.Fatalf("%d problems, want %d:\n%s", len(got), len(want)+2, stdout)
	}
	got = got[2:] // the test site's own warnings
	for i, w := range want {
		if got[i] != w {
			t.Errorf("problem %d:\n got %+v\nwant %+v", i, got[i], w)
		}
	}

	// No problems at all: an empty array, not null.
	testSite(t, archived(t))
	code, stdout, _ = runChrono("check", "-site", "site", "-format", "json")
	if code != exitOK || stdout != "[]\n" {
		t.Errorf("no problems: exit %d, stdout %q", code, stdout)
	}
}

// archived returns the test site's two entries whose source has no
// archive, with one.
func archived(tb testing.TB) map[string]string {
	tb.Helper()
	files := map[string]string{}
	for _, name := range []string{"content/2022/rachat.md", "content/2023/procedure.md"} {
		b, err := os.ReadFile(filepath.Join(repo, "internal/build/testdata/site", name))
		if err != nil {
			tb.Fatal(err)
		}
		s := strings.Replace(string(b), "\nurl = ", "\narchive = \"https://web.archive.org/web/2024/https://example.org/\"\nurl = ", 1)
		if s == string(b) {
			tb.Fatalf("%s has no url", name)
		}
		files[name] = s
	}
	return files
}

func TestCheckUsage(t *testing.T) {
	testSite(t, nil)
	code, stdout, stderr := runChrono("check", "-site", "site", "-format", "xml")
	if code != exitUsage || stdout != "" || stderr != "chrono check: -format \"xml\": expected text, github or json\n" {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// TestBuildWarns checks that build prints the warnings and succeeds.
func TestBuildWarns(t *testing.T) {
	testSite(t, nil)
	code, stdout, stderr := runChrono("build", "-site", "site", "-out", "public")
	if code != exitOK || stderr != "2 avertissements\u00a0: chrono check les affiche\n" || !strings.HasPrefix(stdout, "built ") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat("public/index.html"); err != nil {
		t.Error(err)
	}
}

// TestEntryTemplate checks that the template contributors copy from
// GitHub's web editor (.github/entry-template.md, linked from
// CONTRIBUTING.md) is an entry of the repository's site with no error and
// no warning, as it is.
func TestEntryTemplate(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"content", "layouts", "static"} {
		if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(filepath.Join(repo, p))); err != nil {
			t.Fatal(err)
		}
	}
	for from, to := range map[string]string{"site.toml": "site.toml", ".github/entry-template.md": "content/2024/modele-de-contribution.md"} {
		b, err := os.ReadFile(filepath.Join(repo, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	code, stdout, stderr := runChrono("check", "-format", "json")
	var probs []jsonProblem
	if err := json.Unmarshal([]byte(stdout), &probs); err != nil {
		t.Fatalf("exit %d, %v: %s%s", code, err, stdout, stderr)
	}
	for _, p := range probs {
		if p.File == "content/2024/modele-de-contribution.md" || p.Severity == "error" {
			t.Errorf("%s:%d:%d: %s: %s", p.File, p.Line, p.Col, p.Severity, p.Message)
		}
	}
	if code != exitOK {
		t.Errorf("exit %d", code)
	}
}

// TestNoInjectedLines writes values with line breaks and workflow commands
// where a contributor can: an actor of an entry, a quoted key and a value
// of site.toml, the names of files in content/ and static/, a related slug
// and a link. Whatever the command and the format, no line that chrono
// prints starts with "::" unless it is one of -format github's own
// annotations, and every line of stderr starts with a path or "chrono".
func TestNoInjectedLines(t *testing.T) {
	const inject = "\n::error file=README.md,line=1::Injected\r::add-mask::secret\u2028::stop-commands::tok\x1b[2J"
	site := map[string]string{
		"content/2024/cas.md": "+++\ntitle = \"Titre\"\ndate = 2024-03-01\nactors = [\"x" + strings.ReplaceAll(inject, "\n", `\n`) + "\"]\n" +
			"related = [\"y" + strings.NewReplacer("\n", `\n`, "\r", `\r`, "\x1b", `\u001b`).Replace(inject) + "\"]\n" +
			"[source]\nname = \"S\"\n+++\n\nUn [lien](@z" + strings.NewReplacer("\n", "%0A", "\r", "").Replace(inject) + ").\n",
		"site.toml.extra":                   "",
		"content/2024/nom" + inject + ".md": "",
		"static/f" + inject + ".txt":        "x",
	}
	testSite(t, site)
	toml, err := os.ReadFile("site/site.toml")
	if err != nil {
		t.Fatal(err)
	}
	esc := strings.NewReplacer("\n", `\n`, "\r", `\r`, "\x1b", `\u001b`).Replace(inject)
	toml = append(toml, []byte("\n[actors.\"k"+esc+"\"]\nname = \"N\"\nkind = \"k"+esc+"\"\nrole = \"r\"\n")...)
	if err := os.WriteFile("site/site.toml", toml, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"check", "-site", "site"},
		{"check", "-site", "site", "-format", "github"},
		{"build", "-site", "site", "-out", "out"},
	} {
		code, stdout, stderr := runChrono(args...)
		if code != exitFailed {
			t.Errorf("%v: exit %d", args, code)
		}
		if !strings.Contains(stdout+stderr, "Injected") {
			t.Errorf("%v: the values are not reported at all:\n%s%s", args, stdout, stderr)
		}
		github := len(args) > 3 && args[4] == "github"
		for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
			if github && (strings.HasPrefix(l, "::error file=site/") || strings.HasPrefix(l, "::warning file=site/") || strings.HasPrefix(l, "::error::chrono ")) {
				continue
			}
			if strings.HasPrefix(l, "::") || strings.ContainsAny(l, "\r\x1b\u2028") {
				t.Errorf("%v: stdout has the line %q", args, l)
			}
		}
		for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
			if !strings.HasPrefix(l, "site/") && !strings.HasPrefix(l, "chrono ") || strings.ContainsAny(l, "\r\x1b\u2028") {
				t.Errorf("%v: stderr has the line %q", args, l)
			}
		}
	}
}
