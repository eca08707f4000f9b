package build

import (
	"bytes"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// A contribution is untrusted input. These tests prove that what a pull
// request can change — entries, site.toml, images and documents of
// static/ — cannot put markup or script into the site, make the generator
// read or write outside the site and its output, or make it crash, hang or
// eat memory. static/ accepts only inert kinds of file (render.staticKinds,
// fixture static-active-kinds): no HTML, SVG or script. layouts/ and the
// stylesheets of static/ are code of the site, as the Go code is: CI marks
// each change to them in a pull request for a maintainer's review.

// hostile is valid content in which every text tries to become markup.
var hostile = map[string]string{
	"site.toml": `title = "Site <x-inject-site> & </title><script>alert(1)</script>"
description = "Desc \"><x-inject-desc>"
language = "fr"
base_url = "https://example.org/depot/"

[actors.commission-europeenne]
name = "Commission <x-inject-actor-name onmouseover=alert(1)>"
kind = "institution"
role = "</script><script>alert(1)</script><x-inject-actor-role>"
url = "https://example.org/?q=\"><x-inject-actor-url>"

[actors.thierry-breton]
name = "Thierry Breton"
kind = "person"

[actors.x]
name = "X \" onmouseover=\"alert(1)"
kind = "platform"
role = "' onfocus='alert(1)"
`,
	"content/2024/hostile.md": `+++
title = "<x-inject-title onmouseover=alert(1)>T</x-inject-title> </script><script>alert(1)</script> \"q\" 'a' &amp; ]]> -->"
date = 2024-03-01
actors = ["commission-europeenne", "x", "thierry-breton"]
dsa = [34]
summary = "<script>alert(1)</script><x-inject-summary> ]]> </summary><x-inject-xml>"

[[source]]
name = "<x-inject-source-name>"
title = "\"><x-inject-source-title onclick=alert(1)>"
url = "https://example.org/a?b=\"><x-inject-source-url>&c='x'"
archive = "https://web.archive.org/web/2024/https://example.org/a?\"onmouseover=\"alert(1)"
date = 2024-03-01
lang = "fr"
+++

Un [lien](https://example.org/ "t\" onmouseover=\"alert(1)") et
un [autre](https://example.org/ 't\' onclick=alert(1) x=\'') et
une ![image](/img.png "x\" onerror=\"alert(1)").

Du code ` + "`<script>alert(1)</script><x-inject-code>`" + `, des entités
&lt;x-inject-entity&gt; et un échappement \<x-inject-escape>.

` + "```html\n<script>alert(1)</script><x-inject-fence>\n```" + `

` + "```\"><x-inject-info onmouseover=alert(1)>\ncode\n```" + `

[Ancre](#"><x-inject-fragment>) et <https://example.org/"x-inject-autolink>.

Note[^1].

[^1]: Une note \<x-inject-note>.
`,
}

// TestHostileTextIsEscaped builds a site whose every field and body tries
// to inject markup, and checks every file of the output: no tag, attribute
// or script of the input made it through as markup.
func TestHostileTextIsEscaped(t *testing.T) {
	fsys := siteFS(t, "testdata/site")
	for name, text := range hostile {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	fsys["static/img.png"] = &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\n")}
	out := filepath.Join(t.TempDir(), "public")
	_, probs, err := New().Build(fsys, "testdata/site", out, Options{})
	if err != nil || probs.Err() != nil {
		t.Fatalf("the hostile but valid site does not build: %v\n%v", err, probs.Errors())
	}
	files := tree(t, out)
	if _, ok := files["2024/hostile/index.html"]; !ok {
		t.Fatal("the hostile entry has no page")
	}
	for name, b := range files {
		ext := filepath.Ext(name)
		if ext != ".html" && ext != ".xml" && ext != ".json" {
			continue // data (CSV) or static files: never read as markup
		}
		low := bytes.ToLower(b)
		if i := bytes.Index(low, []byte("<x-inject")); i >= 0 {
			t.Errorf("%s: injected tag: …%s…", name, around(b, i))
		}
		if strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".xml") {
			if msg := unsafeMarkup(string(b), name == "recherche/index.html"); msg != "" {
				t.Errorf("%s: %s", name, msg)
			}
		}
		if strings.HasSuffix(name, ".json") && !json.Valid(b) {
			t.Errorf("%s is not valid JSON", name)
		}
		if strings.HasSuffix(name, ".json") && bytes.Contains(low, []byte("<script")) {
			t.Errorf("%s: an unescaped <script in JSON", name)
		}
	}
	// The text is still there, escaped: it was not dropped to pass.
	page := string(files["2024/hostile/index.html"])
	for _, want := range []string{"&lt;x-inject-title", "&lt;x-inject-code&gt;", "&lt;x-inject-entity&gt;", "&lt;x-inject-escape&gt;", "&lt;x-inject-source-name&gt;", "&lt;x-inject-note&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("the entry's page lacks the escaped text %s", want)
		}
	}
}

// unsafeMarkup returns what in h, an HTML or XML document, could run a
// script: a <script> other than JSON-LD (whose content must be JSON, so
// it cannot have been closed early), an event attribute (on…), a link or a
// source with a scheme that runs code, or a tag made from the input.
// search says that h is the search page, which may load the site's own
// search script: <script src="/…/recherche/recherche.js" defer></script>,
// from the same host, empty, with no other attribute.
func unsafeMarkup(h string, search bool) string {
	for i := 0; i < len(h); i++ {
		if h[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(h) && (h[j] == '/' || h[j] == '!' || h[j] == '?') {
			if strings.HasPrefix(h[j:], "![CDATA[") {
				return "a CDATA section"
			}
			continue
		}
		k := j
		for k < len(h) && (h[k] >= 'a' && h[k] <= 'z' || h[k] >= 'A' && h[k] <= 'Z' || h[k] >= '0' && h[k] <= '9' || h[k] == '-' || h[k] == ':') {
			k++
		}
		tag := strings.ToLower(h[j:k])
		switch tag {
		case "iframe", "object", "embed", "frame", "frameset", "base", "applet":
			return "tag <" + tag + "> at …" + around([]byte(h), i) + "…"
		}
		attrs, end := attributes(h, k)
		if tag == "script" && search && len(attrs) == 2 && strings.HasSuffix(attrs["src"], "/recherche/recherche.js") &&
			strings.HasPrefix(attrs["src"], "/") && !strings.HasPrefix(attrs["src"], "//") && !strings.ContainsAny(attrs["src"], "\\:") &&
			hasAttr(attrs, "defer") && strings.HasPrefix(h[end:], "></script>") {
			continue
		}
		if tag == "script" {
			if attrs["type"] != "application/ld+json" {
				return "a script at …" + around([]byte(h), i) + "…"
			}
			close := strings.Index(h[end:], "</script")
			if close < 0 || !json.Valid([]byte(h[end+1:end+close])) {
				return "JSON-LD that is not JSON (closed early?) at …" + around([]byte(h), i) + "…"
			}
		}
		for name, value := range attrs {
			if strings.HasPrefix(name, "on") {
				return "event attribute " + name + " at …" + around([]byte(h), i) + "…"
			}
			switch name {
			case "href", "src", "action", "formaction", "srcset", "xlink:href", "poster", "data":
				u := strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, strings.ToLower(stdhtml.UnescapeString(value)))
				for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.HasPrefix(u, scheme) {
						return name + "=" + strconv.Quote(value)
					}
				}
			}
		}
		i = end
	}
	return ""
}

// attributes reads the attributes of the tag whose name ends at k, and
// returns them with the offset of the tag's closing >.
func hasAttr(attrs map[string]string, name string) bool { _, ok := attrs[name]; return ok }

func attributes(h string, k int) (map[string]string, int) {
	attrs := map[string]string{}
	for k < len(h) && h[k] != '>' {
		if c := h[k]; c == ' ' || c == '/' || c == '\n' || c == '\t' {
			k++
			continue
		}
		n := k
		for k < len(h) && !strings.ContainsRune(" =>/\n\t", rune(h[k])) {
			k++
		}
		name := strings.ToLower(h[n:k])
		value := ""
		if k < len(h) && h[k] == '=' {
			k++
			if k < len(h) && (h[k] == '"' || h[k] == '\'') {
				q := h[k]
				e := strings.IndexByte(h[k+1:], q)
				if e < 0 {
					return attrs, len(h)
				}
				value, k = h[k+1:k+1+e], k+2+e
			} else {
				v := k
				for k < len(h) && h[k] != ' ' && h[k] != '>' {
					k++
				}
				value = h[v:k]
			}
		}
		attrs[name] = value
	}
	return attrs, k
}

func around(b []byte, i int) string {
	return string(b[max(0, i-40):min(len(b), i+60)])
}

// TestDangerousURLsRefused checks that URLs with a scheme that runs code,
// however spelled, are refused wherever a contributor can write a URL.
func TestDangerousURLsRefused(t *testing.T) {
	urls := []string{
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		"JAVASCRIPT:alert(1)",
		"jav&#x61;script:alert(1)",
		"jav&#97;script:alert(1)",
		"&#106;avascript:alert(1)",
		"javascript&colon;alert(1)",
		"java%73cript:alert(1)",
		"javascript://example.org/%0Aalert(1)",
		"vbscript:msgbox(1)",
		"VBScript:msgbox(1)",
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
		"DATA:text/html,alert(1)",
		"//evil.example/x",
		"\\\\evil.example/x",
	}
	head := "+++\ntitle = \"Titre\"\ndate = 2024-03-01\nactors = [\"x\"]\n"
	for _, u := range urls {
		for _, where := range []struct {
			name, file string
			line       int
		}{
			{"link", head + "[source]\nname = \"S\"\n+++\n\nUn [lien](" + u + ").\n", 9},
			{"link in angle brackets", head + "[source]\nname = \"S\"\n+++\n\nUn [lien](<" + u + ">).\n", 9},
			{"reference link", head + "[source]\nname = \"S\"\n+++\n\nUn [lien][r].\n\n[r]: " + u + "\n", 9},
			{"image", head + "[source]\nname = \"S\"\n+++\n\nUne ![image](" + u + ").\n", 9},
			{"source url", head + "[source]\nname = \"S\"\nurl = " + strconv.Quote(u) + "\n+++\n", 7},
			{"source archive", head + "[source]\nname = \"S\"\nurl = \"https://example.org/\"\narchive = " + strconv.Quote(u) + "\n+++\n", 8},
		} {
			t.Run(where.name+" "+u, func(t *testing.T) {
				fsys := siteFS(t, "testdata/site")
				fsys["content/2024/cas.md"] = &fstest.MapFile{Data: []byte(where.file)}
				probs, err := New().Check(fsys, Options{})
				if err != nil {
					t.Fatal(err)
				}
				errs := probs.Errors()
				if len(errs) != 1 || errs[0].Path != "content/2024/cas.md" || errs[0].Line != where.line {
					t.Fatalf("want one error at line %d, got:\n%v", where.line, errs)
				}
			})
		}
	}
	// In a TOML string, whitespace and control characters around or inside
	// the scheme do not hide it either.
	for _, u := range []string{"\tjavascript:alert(1)", " javascript:alert(1) ", "java\tscript:alert(1)", "java\nscript:alert(1)", "javascript\x00:alert(1)", "\u00a0javascript:alert(1)", "\u200bjavascript:alert(1)"} {
		for _, key := range []string{"url", "archive"} {
			fsys := siteFS(t, "testdata/site")
			fsys["content/2024/cas.md"] = &fstest.MapFile{Data: []byte(head + "[source]\nname = \"S\"\n" + key + " = " + strconv.Quote(u) + "\n+++\n")}
			probs, err := New().Check(fsys, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if errs := probs.Errors(); len(errs) != 1 || errs[0].Line != 7 {
				t.Errorf("%s = %q: want one error at line 7, got:\n%v", key, u, errs)
			}
		}
	}
	// An autolink with a scheme is refused too.
	fsys := siteFS(t, "testdata/site")
	fsys["content/2024/cas.md"] = &fstest.MapFile{Data: []byte(head + "[source]\nname = \"S\"\n+++\n\nVoir <javascript:alert(1)> et <VBSCRIPT:x>.\n")}
	probs, err := New().Check(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if errs := probs.Errors(); len(errs) != 2 {
		t.Errorf("autolinks: want two errors, got:\n%v", errs)
	}
	// And in site.toml, an actor's url.
	fsys = siteFS(t, "testdata/site")
	site := string(fsys["site.toml"].Data) + "\n[actors.y]\nname = \"Y\"\nkind = \"other\"\nurl = \"javascript:alert(1)\"\n"
	fsys["site.toml"] = &fstest.MapFile{Data: []byte(site)}
	probs, err = New().Check(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if errs := probs.Errors(); len(errs) != 1 || errs[0].Path != "site.toml" {
		t.Errorf("actor url: want one error in site.toml, got:\n%v", errs)
	}
}

// TestBackslashPathStaysOnSite checks that a path of the site written
// with a backslash cannot become a link to another host (browsers read
// /\host as //host).
func TestBackslashPathStaysOnSite(t *testing.T) {
	fsys := siteFS(t, "testdata/site")
	fsys["content/2024/cas.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"T\"\ndate = 2024-03-01\nactors = [\"x\"]\n[source]\nname = \"S\"\n+++\n\n[a](/\\evil.example/) ![b](/\\evil.example/x.png)\n")}
	for _, base := range []string{"https://example.org/", "https://example.org/depot/"} {
		out := filepath.Join(t.TempDir(), "public")
		_, probs, err := New().Build(fsys, "testdata/site", out, Options{BaseURL: base})
		if err != nil || probs.Err() != nil {
			continue // refused: fine
		}
		page, err := os.ReadFile(filepath.Join(out, "2024/cas/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, attr := range []string{`href="/\`, `src="/\`, `href="//`, `src="//`} {
			if bytes.Contains(page, []byte(attr)) {
				t.Errorf("base %s: %s… in the page", base, attr)
			}
		}
	}
}

// TestNoPathOutsideTheSite checks that names written in the content
// cannot reach files outside the site: they are refused as slugs, links or
// paths.
func TestNoPathOutsideTheSite(t *testing.T) {
	head := "+++\ntitle = \"Titre\"\ndate = 2024-03-01\nactors = [\"x\"]\n"
	for name, body := range map[string]string{
		"related ../":      head + "related = [\"../../../etc/passwd\"]\n[source]\nname = \"S\"\n+++\n",
		"related absolute": head + "related = [\"/etc/passwd\"]\n[source]\nname = \"S\"\n+++\n",
		"@link ../":        head + "[source]\nname = \"S\"\n+++\n\n[a](@../../etc/passwd)\n",
		"@link absolute":   head + "[source]\nname = \"S\"\n+++\n\n[a](@/etc/passwd)\n",
		"path ../":         head + "[source]\nname = \"S\"\n+++\n\n[a](/../../etc/passwd)\n",
		"image ../":        head + "[source]\nname = \"S\"\n+++\n\n![a](/static/../../etc/passwd)\n",
		"image ..":         head + "[source]\nname = \"S\"\n+++\n\n![a](/..)\n",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := siteFS(t, "testdata/site")
			fsys["content/2024/cas.md"] = &fstest.MapFile{Data: []byte(body)}
			probs, err := New().Check(fsys, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if errs := probs.Errors(); len(errs) != 1 || errs[0].Path != "content/2024/cas.md" {
				t.Errorf("want one error in the entry, got:\n%v", errs)
			}
		})
	}
}

// TestWriterStaysInOutput checks the last guard: a file of the output
// named to leave the output folder is refused, and nothing is written.
func TestWriterStaysInOutput(t *testing.T) {
	dir := t.TempDir()
	w := &writer{root: filepath.Join(dir, "out")}
	for _, name := range []string{"../evil.html", "/etc/evil", "a/../../evil", "", ".", "a//b", `..\evil`} {
		if err := w.emit(name, []byte("x")); err == nil && !strings.Contains(name, `\`) {
			t.Errorf("emit(%q): no error", name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "evil.html")); err == nil {
		t.Error("a file was written outside the output folder")
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 1 {
		t.Errorf("written beside the output: %v", entries)
	}
}

// secretSite writes the test site to a temporary folder, and beside it a
// folder "outside" with a secret: a file, and a folder holding an entry
// and a static file. It returns the site's folder and the outside one.
func secretSite(t *testing.T) (site, outside string) {
	t.Helper()
	dir := t.TempDir()
	site, outside = diskSite(t, filepath.Join(dir, "site")), filepath.Join(dir, "outside")
	entry := "+++\ntitle = \"SECRET-MARKER\"\ndate = 2024-03-01\nactors = [\"x\"]\n[source]\nname = \"SECRET-MARKER\"\n+++\n\nSECRET-MARKER\n"
	for name, text := range map[string]string{
		"secret.md":                        entry,
		"secret.txt":                       "SECRET-MARKER\n",
		"dir/secret.md":                    entry,
		"dir/secret.css":                   "SECRET-MARKER\n",
		"site.toml":                        "title = \"SECRET-MARKER\"\nbase_url = \"https://example.org/\"\n[actors.x]\nname = \"SECRET-MARKER\"\nkind = \"platform\"\n",
		"content/2024/secret.md":           entry,
		"layouts/base.html":                "SECRET-MARKER",
		"layouts/partials/header.html":     "SECRET-MARKER",
		"static/secret.css":                "SECRET-MARKER\n",
		"content/2024/secret-other.md":     entry,
		"content/_index.md":                "SECRET-MARKER\n",
		"layouts/entry.html":               `{{define "main"}}SECRET-MARKER{{end}}`,
		"layouts/partials/entry-list.html": "SECRET-MARKER",
	} {
		p := filepath.Join(outside, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return site, outside
}

// TestSymlinksOut makes, in a real folder, symbolic links that lead out of
// the site — in content/ and static/, to a file or a folder, and in place
// of the site's top-level files and folders — and builds it through
// os.DirFS, as the tests of the stages do, and through OpenSite, as the
// command does. Every build fails with a problem or an error, the secret is
// not in the output, and the previous output is left as it was.
func TestSymlinksOut(t *testing.T) {
	for _, tt := range []struct {
		link, target string // link in the site, target in outside/
		dirFS        bool   // refused through os.DirFS too
	}{
		{"content/2024/lien.md", "secret.md", true},
		{"content/2025", "dir", true},
		{"content/2024/relatif.md", "../../../outside/secret.md", true},
		{"static/lien.txt", "secret.txt", true},
		{"static/dossier", "dir", true},
		{"content", "content", true},
		{"static", "static", true},
		{"layouts", "layouts", true},
		{"site.toml", "site.toml", true},
		{"layouts/base.html", "layouts/base.html", false},
		{"layouts/entry.html", "layouts/entry.html", false},
		{"layouts/partials/header.html", "layouts/partials/header.html", false},
		{"content/_index.md", "content/_index.md", true},
	} {
		t.Run(strings.ReplaceAll(tt.link, "/", "_"), func(t *testing.T) {
			site, outside := secretSite(t)
			link := filepath.Join(site, filepath.FromSlash(tt.link))
			if err := os.RemoveAll(link); err != nil {
				t.Fatal(err)
			}
			target := tt.target
			if !strings.HasPrefix(target, "..") {
				target = filepath.Join(outside, filepath.FromSlash(target))
			}
			if err := os.Symlink(target, link); err != nil {
				t.Skipf("cannot make symbolic links here: %v", err)
			}
			out := filepath.Join(filepath.Dir(site), "public")
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			// An earlier output: the files every build writes.
			for _, name := range append([]string{"before.txt"}, builtFiles...) {
				if err := os.WriteFile(filepath.Join(out, name), []byte("before"), 0o644); err != nil {
					t.Fatal(err)
				}
			}

			root, closer, err := OpenSite(site)
			if err != nil {
				t.Fatal(err)
			}
			defer closer.Close()
			for _, fsys := range []struct {
				name string
				fs   fs.FS
			}{{"OpenSite", root}, {"os.DirFS", os.DirFS(site)}} {
				if fsys.name == "os.DirFS" && !tt.dirFS {
					continue
				}
				_, probs, err := New().Build(fsys.fs, site, out, Options{})
				if err == nil && probs.Err() == nil {
					t.Fatalf("%s: a site with a link out of it built", fsys.name)
				}
				report := fmt.Sprint(err, probs)
				if strings.Contains(report, "SECRET-MARKER") {
					t.Errorf("%s: the secret is in the report: %s", fsys.name, report)
				}
				if !strings.Contains(report, "liens symboliques") && !strings.Contains(report, "symbolic link") && !strings.Contains(report, "escapes") {
					t.Errorf("%s: the report does not say why: %s", fsys.name, report)
				}
				files := tree(t, out)
				if len(files) != 1+len(builtFiles) || string(files["before.txt"]) != "before" {
					t.Errorf("%s: the output changed: %d files", fsys.name, len(files))
				}
			}
		})
	}
}

// TestUnsafeMarkupFinds checks the checker of TestHostileTextIsEscaped: it
// finds each way markup can run a script.
func TestUnsafeMarkupFinds(t *testing.T) {
	for _, h := range []string{
		`<p><script>alert(1)</script></p>`,
		`<img src="x" onerror="alert(1)">`,
		`<a href="javascript:alert(1)">a</a>`,
		`<a href=" JaVa&#x53;cript:alert(1)">a</a>`,
		`<a href='vbscript:x'>a</a>`,
		`<img src=data:image/svg+xml,x>`,
		`<iframe src="https://example.org/"></iframe>`,
		`<script type="application/ld+json">{"name": "</script><script>alert(1)</script>"}</script>`,
		`<title><![CDATA[x]]></title>`,
	} {
		if unsafeMarkup(h, false) == "" {
			t.Errorf("unsafeMarkup(%s) found nothing", h)
		}
	}
	// The search page may load the site's search script, and nothing else.
	own := `<script src="/depot/recherche/recherche.js" defer></script>`
	if msg := unsafeMarkup(own, true); msg != "" {
		t.Errorf("unsafeMarkup(%s) on the search page = %s, want nothing", own, msg)
	}
	for _, h := range []string{
		own, // on another page
		`<script src="//evil.example/recherche/recherche.js" defer></script>`,
		`<script src="https://evil.example/recherche/recherche.js" defer></script>`,
		`<script src="/recherche/recherche.js" defer>alert(1)</script>`,
		`<script src="/recherche/recherche.js" defer onload="alert(1)"></script>`,
		`<script src="/recherche/autre.js" defer></script>`,
	} {
		if unsafeMarkup(h, h != own) == "" {
			t.Errorf("unsafeMarkup(%s) found nothing", h)
		}
	}
	for _, h := range []string{
		`<a href="https://example.org/?q=javascript:x" title="t&quot; onmouseover=&quot;alert(1)">a</a>`,
		`<script type="application/ld+json">{"name": "\u003c/script\u003e"}</script>`,
		`<p>javascript:alert(1) &lt;script&gt;</p>`,
	} {
		if msg := unsafeMarkup(h, false); msg != "" {
			t.Errorf("unsafeMarkup(%s) = %s, want nothing", h, msg)
		}
	}
}

// TestLargeInputs checks that inputs at or beyond the limits produce a
// site or a clear error: none crashes, and none takes more than moments
// (the test's timeout bounds them; `go test -v` shows their times).
func TestLargeInputs(t *testing.T) {
	head := "+++\ntitle = \"Grand\"\ndate = 2024-03-01\nactors = [\"x\"]\n[source]\nname = \"S\"\n+++\n"
	var notes strings.Builder
	for i := 1; i <= 6000; i++ {
		fmt.Fprintf(&notes, "Fait %d.[^%d]\n", i, i)
	}
	for i := 1; i <= 6000; i++ {
		fmt.Fprintf(&notes, "\n[^%d]: Source %d.\n", i, i)
	}
	var indented strings.Builder // lists nested by indentation
	for i := 0; i < 500; i++ {
		indented.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	for _, tt := range []struct {
		name, body string
		err        string // the error expected, "" if the entry is accepted
	}{
		{"256 KiB", strings.Repeat("Texte, encore du texte. ", (256<<10-len(head))/24), ""},
		{"over 256 KiB", strings.Repeat("x", 256<<10), "content/2024/grand.md: file is larger than 262144 bytes (256 KiB); split the annotation or shorten it"},
		{"10,000 nested lists", strings.Repeat("- ", 10000) + "x\n", "content/2024/grand.md:8:201: quotes, lists and footnotes nested more than 100 levels deep on one line; flatten the text"},
		{"10,000 nested quotes", strings.Repeat(">", 10000) + " x\n", "content/2024/grand.md:8:101: quotes, lists and footnotes nested more than 100 levels deep on one line; flatten the text"},
		{"nested quotes and lists up to 256 KiB", strings.Repeat("> 1. ", (256<<10-len(head))/5-1) + "x\n", "content/2024/grand.md:8:251: quotes, lists and footnotes nested more than 100 levels deep on one line; flatten the text"},
		{"100 nested quotes", strings.Repeat("> ", 100) + "x\n", ""},
		{"500 lists nested by indentation", indented.String(), ""},
		{"100,000 quote marks", strings.Repeat(`"`, 100000) + "\n", `content/2024/grand.md:8:1: 100000 quote marks " in a row; at most 100 are allowed`},
		{"quote marks up to 256 KiB", strings.Repeat(strings.Repeat("'", 100)+"x", (256<<10-len(head))/101-1), ""},
		{"100,000 emphasis marks", strings.Repeat("*", 100000) + "x" + strings.Repeat("_", 100000) + "\n", ""},
		{"100,000 brackets", strings.Repeat("[", 100000) + "x" + strings.Repeat("](/a)", 500) + "\n", ""},
		{"501 links in a paragraph", strings.Repeat("[a](", 501) + "\n", "content/2024/grand.md:8:2003: more than 500 links [text](address) in one paragraph; split the paragraph with blank lines (a bracket ]( that starts no link can be written \\]( )"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := siteFS(t, "testdata/site")
			inEnglish(fsys)
			fsys["content/2024/grand.md"] = &fstest.MapFile{Data: []byte(head + tt.body)}
			probs, err := New().Check(fsys, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := probs.Errors().Error(); got != tt.err {
				t.Errorf("got %.300q\nwant %q", got, tt.err)
			}
		})
	}

	t.Run("100,000-character title", func(t *testing.T) {
		fsys := siteFS(t, "testdata/site")
		fsys["content/2024/grand.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"" + strings.Repeat("é", 100000) + "\"\ndate = 2024-03-01\nactors = [\"x\"]\n[source]\nname = \"S\"\n+++\n")}
		probs, err := New().Check(fsys, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := "content/2024/grand.md:2:1: title compte 100\u202f000 caractères\u202f; 200 au plus sont acceptés"
		if got := probs.Errors().Error(); got != want {
			t.Errorf("got %.300q\nwant %q", got, want)
		}
	})

	t.Run("6,000 footnotes", func(t *testing.T) {
		fsys := siteFS(t, "testdata/site")
		fsys["content/2024/grand.md"] = &fstest.MapFile{Data: []byte(head + notes.String())}
		out := filepath.Join(t.TempDir(), "public")
		mustBuild(t, fsys, out, Options{})
		page, err := os.ReadFile(filepath.Join(out, "2024/grand/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(page, []byte(`<li id="fn:`)); n != 6000 {
			t.Errorf("%d footnotes in the page, want 6000", n)
		}
	})
}
