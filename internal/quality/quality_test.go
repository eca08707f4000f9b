package quality

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chrono-dsa/chrono/internal/build"
	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/render"
)

// root is the repository, whose site the tests build.
const root = "../.."

// HomeBudget is the most the home page may weigh, HTML and CSS together.
const HomeBudget = 100_000

// site is the built site, shared by the tests.
type site struct {
	srv    *httptest.Server
	dir    string // the output folder
	url    string // where it is served: http://127.0.0.1:port/
	chrono *chrono.Chronology
	pages  []string // paths of the pages axe checks, one of each main kind
}

var (
	once     sync.Once
	built    *site
	buildErr error
)

// TestMain serves the built site for the whole run, and removes it after.
func TestMain(m *testing.M) {
	code := m.Run()
	if built != nil {
		built.srv.Close()
		os.RemoveAll(filepath.Dir(built.dir))
	}
	os.Exit(code)
}

// theSite builds the repository's site once, served over HTTP on
// 127.0.0.1, with base_url pointing at the server so that every link of
// the pages stays on it.
func theSite(tb testing.TB) *site {
	tb.Helper()
	once.Do(func() {
		tmp, err := os.MkdirTemp("", "chrono-quality-")
		if err != nil {
			buildErr = err
			return
		}
		s := &site{dir: filepath.Join(tmp, "public")}
		// The server's URL is known before the build, which needs it.
		s.srv = httptest.NewServer(http.FileServer(http.Dir(s.dir)))
		s.url = s.srv.URL + "/"
		fsys := os.DirFS(root)
		b := build.New()
		// With the repository's history: entry pages show their version.
		opts := build.Options{BaseURL: s.url, Repo: root}
		_, probs, err := b.Build(fsys, root, s.dir, opts)
		if err == nil {
			err = probs.Err()
		}
		if err != nil {
			buildErr = fmt.Errorf("building the site: %v", err)
			return
		}
		loaded, err := b.Load(fsys, opts)
		if err != nil {
			buildErr = err
			return
		}
		s.chrono = loaded.Chrono
		s.pages = samplePages(s.chrono)
		built = s
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return built
}

// samplePages picks one page of each main kind: the home page, the first
// year, the entry with the most articles, sources and links, the actor and
// the article with the most entries, the list of procedures and the
// procedure with the most steps.
func samplePages(c *chrono.Chronology) []string {
	pages := []string{"/", chrono.YearPath(c.Years[0].Year)}
	var entry *chrono.Entry
	score := func(e *chrono.Entry) int { return len(e.DSA) + len(e.Sources) + len(e.Refs()) }
	for _, e := range c.Entries {
		if entry == nil || score(e) > score(entry) {
			entry = e
		}
	}
	pages = append(pages, entry.URLPath())
	actor := ""
	for _, slug := range c.Site.ActorSlugs() {
		if actor == "" || len(c.ByActor[slug]) > len(c.ByActor[actor]) {
			actor = slug
		}
	}
	pages = append(pages, chrono.ActorPath(actor))
	article := 0
	for _, n := range c.Articles() {
		if article == 0 || len(c.ByArticle[n]) > len(c.ByArticle[article]) {
			article = n
		}
	}
	pages = append(pages, chrono.ArticlePath(article), "/actors/", "/dsa/", "/404.html", chrono.CorrectionsPath, render.FeedsPath)
	if c.Site.About != "" {
		pages = append(pages, "/a-propos/")
	}
	// The list of procedures and the procedure with the most steps.
	var proc *chrono.Procedure
	for _, p := range c.Site.Procedures {
		if proc == nil || len(c.Steps(p.Slug)) > len(c.Steps(proc.Slug)) {
			proc = p
		}
	}
	if proc != nil {
		pages = append(pages, chrono.ProceduresPath, proc.URLPath())
	}
	// The search page, empty and with results (axe.mjs waits for them).
	pages = append(pages, "/recherche/", "/recherche/?q="+url.QueryEscape(SearchQuery)+"&annee="+strconv.Itoa(c.Years[0].Year))
	return pages
}

// SearchQuery is a word the repository's chronology holds in many entries,
// of several years and actors: what the tests of search type.
const SearchQuery = "commission"

// need skips the test when a tool is missing, or fails it when
// CHRONO_QUALITY=require.
func need(tb testing.TB, ok bool, format string, args ...any) {
	tb.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CHRONO_QUALITY") == "require" {
		tb.Fatalf("%s (CHRONO_QUALITY=require: this check may not be skipped)", msg)
	}
	tb.Skip(msg + " (set CHRONO_QUALITY=require to make this a failure)")
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func lookPath(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

// htmlFiles lists the HTML files of the built site.
func htmlFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// TestNuHTMLChecker validates every HTML page of the site with the Nu HTML
// Checker (vnu.jar, the W3C's validator): no error.
func TestNuHTMLChecker(t *testing.T) {
	if testing.Short() {
		t.Skip("the validator takes seconds; not with -short")
	}
	jar := filepath.Join(root, "quality/node_modules/vnu-jar/build/dist/vnu.jar")
	need(t, lookPath("java"), "java is not installed (apt-get install -y default-jre-headless)")
	need(t, exists(jar), "%s is missing (cd quality && npm ci)", jar)
	s := theSite(t)
	files := htmlFiles(t, s.dir)
	errs := nuCheck(t, files, s.dir)
	t.Logf("Nu HTML Checker: %d pages, %d errors", len(files), errs)
}

// nuCheck runs the Nu HTML Checker on files, reports each error (with its
// path under dir) and returns how many there were.
func nuCheck(t *testing.T, files []string, dir string) int {
	t.Helper()
	jar := filepath.Join(root, "quality/node_modules/vnu-jar/build/dist/vnu.jar")
	args := append([]string{"-jar", jar, "--errors-only", "--format", "json"}, files...)
	cmd := exec.Command("java", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exits 1 when there are errors: the report says which
	// vnu writes its JSON report on stderr.
	report := stderr.Bytes()
	if len(bytes.TrimSpace(report)) == 0 {
		report = stdout.Bytes()
	}
	var res struct {
		Messages []struct {
			Type, URL, Message, Extract string
			LastLine                    int
			SubType                     string
		}
	}
	if err := json.Unmarshal(report, &res); err != nil {
		t.Fatalf("vnu: %v (%v)\n%s%s", err, runErr, stdout.String(), stderr.String())
	}
	errs := 0
	for _, m := range res.Messages {
		if m.Type == "error" || m.SubType == "fatal" {
			errs++
			name := strings.TrimPrefix(m.URL, "file:"+dir)
			t.Errorf("%s:%d: %s\n\t%s", name, m.LastLine, m.Message, strings.TrimSpace(m.Extract))
		}
	}
	return errs
}

// axeReport is what quality/axe.mjs prints.
type axeReport struct {
	Runs []struct {
		Path, Scheme string
		Width        int
		Violations   []struct {
			ID, Impact, Help string
			Nodes            []string
		}
	}
	Requests []string
}

// TestAccessibility runs axe-core in headless Chromium on one page of each
// main kind, in light and dark mode, 390 and 1280 px wide: no violation of
// WCAG 2.1 A and AA. Every request the pages make goes to the local server.
func TestAccessibility(t *testing.T) {
	chromium := needBrowser(t, "axe-core")
	s := theSite(t)
	cmd := exec.Command("node", append([]string{"axe.mjs", s.url}, s.pages...)...)
	cmd.Dir = filepath.Join(root, "quality")
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node axe.mjs: %v\n%s", err, stderr.String())
	}
	var rep axeReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("node axe.mjs: %v\n%s", err, out)
	}
	if want := 4 * len(s.pages); len(rep.Runs) != want { // light and dark, 390 and 1280 px
		t.Fatalf("axe ran %d times, want %d", len(rep.Runs), want)
	}
	for _, r := range rep.Runs {
		for _, v := range r.Violations {
			t.Errorf("%s (%s, %d px): %s [%s, %s]\n\t%s", r.Path, r.Scheme, r.Width, v.Help, v.ID, v.Impact, strings.Join(v.Nodes, "\n\t"))
		}
	}
	local, _ := url.Parse(s.url)
	for _, r := range rep.Requests {
		u, err := url.Parse(r)
		if err != nil || u.Host != local.Host {
			t.Errorf("request to another host: %s", r)
		}
	}
	t.Logf("axe-core: %d pages × light/dark × 390/1280 px, %d requests, all to %s", len(s.pages), len(rep.Requests), local.Host)
}

// needBrowser skips or fails t (see need) unless node, headless Chromium
// and the npm packages of quality/ the test drives it with (playwright-core
// and pkgs) are there, and returns Chromium's path.
func needBrowser(t *testing.T, pkgs ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("headless Chromium is slow; not with -short")
	}
	chromium := cmpOr(os.Getenv("CHROMIUM"), "/usr/bin/chromium")
	need(t, lookPath("node"), "node is not installed")
	need(t, exists(chromium), "%s is missing (apt-get install -y chromium)", chromium)
	for _, pkg := range append(pkgs, "playwright-core") {
		need(t, exists(filepath.Join(root, "quality/node_modules", pkg)), "npm package %s is missing (cd quality && npm ci)", pkg)
	}
	return chromium
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var (
	stylesheetRe = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)
	// resourceRe finds what a browser fetches by itself: sources of
	// scripts, images, frames and media, stylesheets, icons and preloads.
	resourceRe = regexp.MustCompile(`(?i)<(?:script|img|iframe|audio|video|source|embed|object|link)\b[^>]*?\s(?:src|href|data|srcset)="([^"]*)"[^>]*>`)
	scriptRe   = regexp.MustCompile(`(?i)<script\b([^>]*)>`)
)

// TestHomeWeight weighs the home page with the stylesheets it links:
// under HomeBudget bytes.
func TestHomeWeight(t *testing.T) {
	s := theSite(t)
	html, err := os.ReadFile(filepath.Join(s.dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	total := len(html)
	detail := []string{fmt.Sprintf("index.html %d", len(html))}
	for _, m := range stylesheetRe.FindAllSubmatch(html, -1) {
		href := strings.TrimPrefix(string(m[1]), strings.TrimSuffix(s.url, "/"))
		css, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(strings.TrimPrefix(href, "/"))))
		if err != nil {
			t.Fatalf("stylesheet %s: %v", m[1], err)
		}
		total += len(css)
		detail = append(detail, fmt.Sprintf("%s %d", href, len(css)))
	}
	if total >= HomeBudget {
		t.Errorf("the home page weighs %d bytes with its CSS (%s), want under %d", total, strings.Join(detail, ", "), HomeBudget)
	}
	t.Logf("home page: %d bytes (%s)", total, strings.Join(detail, ", "))
}

// TestNoOtherHostNoScript reads every page: nothing a browser fetches on
// its own (stylesheet, script, image, frame…) comes from another host, and
// the only script is JSON-LD data, so nothing needs JavaScript to be read;
// but the search page, which loads the site's own search script, from the
// same host, and no other.
func TestNoOtherHostNoScript(t *testing.T) {
	s := theSite(t)
	local, _ := url.Parse(s.url)
	for _, f := range htmlFiles(t, s.dir) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(s.dir, f)
		for _, m := range resourceRe.FindAllSubmatch(b, -1) {
			tag := string(m[0])
			if strings.HasPrefix(tag, "<link") && !regexp.MustCompile(`rel="(stylesheet|icon|preload|modulepreload|manifest)`).MatchString(tag) {
				continue // canonical, alternate: links, not fetched
			}
			u, err := url.Parse(string(m[1]))
			if err != nil || (u.Host != "" && u.Host != local.Host) {
				t.Errorf("%s: %s loads from another host", name, tag)
			}
		}
		own := `<script src="` + local.Path + `recherche/recherche.js" defer>`
		for _, m := range scriptRe.FindAllSubmatch(b, -1) {
			if filepath.ToSlash(name) == "recherche/index.html" && string(m[0]) == own {
				continue
			}
			if !strings.Contains(string(m[1]), `type="application/ld+json"`) {
				t.Errorf("%s: a script: %s", name, m[0])
			}
		}
	}
}
