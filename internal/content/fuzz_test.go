package content

import (
	"bytes"
	stdhtml "html"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
)

// The fuzz tests below are seeded from the entries of the bad-input
// fixtures (internal/build/testdata/bad/*.txt) and of the test site, so the
// fuzzer starts from every mistake we know of. Inputs it finds worth
// keeping are in testdata/fuzz/<FuzzName>/. Run one for a while with
//
//	go test -run XXX -fuzz FuzzLoadEntry -fuzztime 5m ./internal/content

// seedEntries returns the entry files of the fixtures and of the test site.
func seedEntries(tb testing.TB) [][]byte {
	tb.Helper()
	var seeds [][]byte
	fixtures, _ := filepath.Glob("../build/testdata/bad/*.txt")
	warns, _ := filepath.Glob("../build/testdata/warn/*.txt")
	for _, name := range append(fixtures, warns...) {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range txtarFiles(data) {
			if strings.HasPrefix(f.name, Dir+"/") && strings.HasSuffix(f.name, ".md") {
				seeds = append(seeds, f.data)
			}
		}
	}
	site, _ := filepath.Glob("../build/testdata/site/content/*/*.md")
	for _, name := range site {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, data)
	}
	if len(seeds) < 10 {
		tb.Fatalf("only %d seeds found in the fixtures", len(seeds))
	}
	return seeds
}

type txtarFile struct {
	name string
	data []byte
}

// txtarFiles reads the files of a txtar archive ("-- name --" lines).
func txtarFiles(data []byte) []txtarFile {
	var files []txtarFile
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		t := strings.TrimRight(string(line), "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			files = append(files, txtarFile{name: t[3 : len(t)-3]})
			continue
		}
		if len(files) > 0 {
			files[len(files)-1].data = append(files[len(files)-1].data, line...)
		}
	}
	return files
}

// FuzzSplit checks that the front-matter splitter never panics, keeps the
// line numbers of the file, and explains every refusal.
func FuzzSplit(f *testing.F) {
	for _, s := range seedEntries(f) {
		f.Add(s)
	}
	f.Add([]byte("+++\n+++"))
	f.Add([]byte("+++\r\n+++\r\n\r\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fl, p := split("content/2024/x.md", src)
		if p != nil {
			if fl != nil {
				t.Fatal("both a file and a problem")
			}
			if p.Msg == "" || p.Line < 1 || p.Col < 1 {
				t.Fatalf("problem without a message or a position: %+v", p)
			}
			return
		}
		// The front matter is lines 2 to bodyLine-2, each ending in \n.
		if n := strings.Count(fl.front, "\n"); n != fl.bodyLine-3 {
			t.Fatalf("front matter has %d lines, but the body starts at line %d", n, fl.bodyLine)
		}
		norm := bytes.ReplaceAll(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), []byte("\r\n"), []byte("\n"))
		if !bytes.HasSuffix(norm, fl.body) || !bytes.Contains(norm, []byte(fl.front)) {
			t.Fatal("front matter or body is not part of the file")
		}
		if lines := bytes.Count(norm, []byte("\n")) + 1; fl.bodyLine > lines+1 {
			t.Fatalf("body starts at line %d of a file of %d lines", fl.bodyLine, lines)
		}
	})
}

// FuzzLoadEntry loads a site made of a site.toml and one entry, the fuzzed
// file, through Load: splitting, TOML, every field, the Markdown and the
// warnings. Whatever the input, Load returns; every problem is in the file
// at a line it has, with a message; and an entry accepted without errors
// carries no script or javascript: link into its HTML.
func FuzzLoadEntry(f *testing.F) {
	for _, s := range seedEntries(f) {
		f.Add(s)
	}
	md := markdown.New()
	site, err := os.ReadFile("../build/testdata/site/site.toml")
	if err != nil {
		f.Fatal(err)
	}
	const path = "content/2024/cas.md"
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{
			SiteFile:                 {Data: site},
			"content/2022/rachat.md": {Data: []byte("+++\ntitle = \"Rachat\"\ndate = 2022-10-27\nactors = [\"x\"]\n[source]\nname = \"S\"\n+++\n")},
			path:                     {Data: src},
		}
		s, err := Load(fsys, md, Options{})
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, p := range s.Problems {
			if p.Msg == "" {
				t.Fatalf("problem without a message at %v", p.Pos)
			}
			if p.Path != path {
				if p.Severity == chrono.Error {
					t.Fatalf("error outside the fuzzed file: %v", p)
				}
				continue
			}
			if p.Line < 0 || p.Line > lines+1 || p.Col < 0 {
				t.Fatalf("problem at %d:%d of a file of %d lines: %v", p.Line, p.Col, lines, p)
			}
		}
		if s.Problems.Err() != nil {
			return
		}
		for _, e := range s.Entries {
			if e.Path != path {
				continue
			}
			if e.Title == "" || len(e.Actors) == 0 || len(e.Sources) == 0 || e.Date.Start.Year == 0 {
				t.Fatalf("entry accepted without a title, an actor, a source or a date: %+v", e)
			}
			if err := unsafeHTML(e.Body); err != "" {
				t.Fatalf("%s in the HTML of an accepted body:\n%s", err, e.Body)
			}
		}
	})
}

// unsafeHTML returns what, in html, could run a script or load a page of
// another origin by itself, or "" if nothing: a tag other than those
// Markdown makes, an event attribute (on…), or a link or a source whose URL
// has a scheme that runs code (javascript:, vbscript:, data:). It reads the
// well-formed HTML goldmark writes, where a < in text is always escaped.
func unsafeHTML(h string) string {
	for i := 0; i < len(h); i++ {
		if h[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(h) && h[j] == '/' {
			j++
		}
		k := j
		for k < len(h) && (h[k] >= 'a' && h[k] <= 'z' || h[k] >= '0' && h[k] <= '9') {
			k++
		}
		tag := h[j:k]
		switch tag {
		case "script", "iframe", "object", "embed", "style", "form", "base", "meta", "link", "svg", "math", "frame", "frameset", "input", "button", "textarea", "select":
			return "tag <" + tag + ">"
		}
		// Attributes, until the end of the tag.
		for k < len(h) && h[k] != '>' {
			if h[k] == ' ' || h[k] == '/' || h[k] == '\n' {
				k++
				continue
			}
			n := k
			for k < len(h) && !strings.ContainsRune(" =>/\n", rune(h[k])) {
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
						return "unterminated attribute " + name
					}
					value, k = h[k+1:k+1+e], k+1+e+1
				} else {
					v := k
					for k < len(h) && h[k] != ' ' && h[k] != '>' {
						k++
					}
					value = h[v:k]
				}
			}
			if strings.HasPrefix(name, "on") {
				return "event attribute " + name
			}
			if name == "href" || name == "src" || name == "action" || name == "formaction" || name == "srcset" || name == "xlink:href" {
				u := strings.ToLower(stdhtml.UnescapeString(value))
				u = strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, u)
				for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.HasPrefix(u, scheme) {
						return name + "=" + strconv.Quote(value)
					}
				}
			}
		}
		i = k
	}
	return ""
}
