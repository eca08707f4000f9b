package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// archive is a txtar archive: a comment, then files, each after a line
// "-- name --".
type archive struct {
	comment []byte
	files   []archiveFile
}

type archiveFile struct {
	name string
	data []byte
}

func parseArchive(data []byte) archive {
	var a archive
	var cur *archiveFile
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		t := strings.TrimRight(string(line), "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			a.files = append(a.files, archiveFile{name: t[3 : len(t)-3]})
			cur = &a.files[len(a.files)-1]
			continue
		}
		if cur == nil {
			a.comment = append(a.comment, line...)
		} else {
			cur.data = append(cur.data, line...)
		}
	}
	return a
}

func (a archive) format() []byte {
	var b bytes.Buffer
	b.Write(a.comment)
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n")
		b.Write(f.data)
	}
	return b.Bytes()
}

// overlay applies the files of a to fsys, a site: they replace or add
// files ("-- delete PATH --" removes one, "-- symlink PATH --" makes a
// symbolic link to the path it holds). It returns the "want" section.
func overlay(tb testing.TB, fsys fstest.MapFS, a archive) *archiveFile {
	tb.Helper()
	var want *archiveFile
	for i, f := range a.files {
		switch {
		case f.name == "want":
			want = &a.files[i]
		case f.name == "want en":
			// see eachFixture
		case strings.HasPrefix(f.name, "delete "):
			delete(fsys, strings.TrimPrefix(f.name, "delete "))
		case strings.HasPrefix(f.name, "symlink "):
			fsys[strings.TrimPrefix(f.name, "symlink ")] = &fstest.MapFile{Data: bytes.TrimSpace(f.data), Mode: 0o777 | os.ModeSymlink}
		default:
			fsys[f.name] = &fstest.MapFile{Data: f.data, Mode: 0o644}
		}
	}
	if want == nil {
		tb.Fatal("no want section")
	}
	return want
}

// TestBadInput runs `check` on testdata/site changed by each archive of
// testdata/bad: its files replace or add files of the site ("-- delete
// PATH --" removes one), and its "want" section is the exact output
// expected, one error a line (warnings have their own fixtures, in
// testdata/warn). Run with -update to rewrite the want sections, then read
// them.
func TestBadInput(t *testing.T) {
	eachFixture(t, "testdata/bad/*.txt", func(t *testing.T, _ archive, probs chrono.Problems) string {
		var got strings.Builder
		for _, p := range probs.Errors() {
			got.WriteString(p.Error() + "\n")
		}
		return got.String()
	})
}

// eachFixture runs check on testdata/site changed by each archive that
// glob matches, and compares what show makes of its problems with the
// archive's want section, or rewrites it with -update. The site speaks
// French (language = "fr"): an archive may also hold a "want en" section,
// what check says when site.toml's language is "en" instead.
func eachFixture(t *testing.T, glob string, show func(*testing.T, archive, chrono.Problems) string) {
	names, err := filepath.Glob(glob)
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(data)
			fsys := siteFS(t, "testdata/site")
			want := overlay(t, fsys, a)
			probs, err := New().Check(fsys, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkFrench(t, probs)
			got := show(t, a, probs)
			var wantEn *archiveFile
			var gotEn string
			for i, f := range a.files {
				if f.name == "want en" {
					wantEn = &a.files[i]
					inEnglish(fsys)
					probs, err := New().Check(fsys, Options{})
					if err != nil {
						t.Fatal(err)
					}
					gotEn = show(t, a, probs)
				}
			}
			if *update {
				want.data = []byte(got)
				if wantEn != nil {
					wantEn.data = []byte(gotEn)
				}
				if err := os.WriteFile(name, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(want.data) {
				t.Errorf("check said:\n%s\nwant:\n%s", got, want.data)
			}
			if wantEn != nil && gotEn != string(wantEn.data) {
				t.Errorf("check of an English site said:\n%s\nwant:\n%s", gotEn, wantEn.data)
			}
		})
	}
}

// inEnglish sets the language of the site in fsys, a copy of testdata/site,
// to English: its problems are then told in English.
func inEnglish(fsys fstest.MapFS) {
	site := fsys["site.toml"]
	fsys["site.toml"] = &fstest.MapFile{Data: bytes.Replace(site.Data, []byte(`language = "fr"`), []byte(`language = "en"`), 1)}
}

// checkFrench checks the problems of a French site: each is in French,
// fully formatted, with French typography: a non-breaking space (U+00A0 or
// U+202F) before « : ; ? ! » and inside « guillemets ». Only messages of
// libraries (Go's templates, the TOML decoder's rarer errors) are English.
func checkFrench(tb testing.TB, probs chrono.Problems) {
	tb.Helper()
	for _, p := range probs {
		m := p.Msg
		switch {
		case p.Fr == "" && strings.HasPrefix(p.Path, "layouts/"):
			continue // an error of Go's templates
		case p.Fr == "" || m != p.Fr:
			tb.Errorf("%s: no French, or not used: %q", p.Pos, p)
		case strings.Contains(m, "%!"):
			tb.Errorf("%s: badly formatted: %s", p.Pos, m)
		}
		// Outside what is quoted, the typography of French.
		for _, part := range strings.Split(m, "«") {
			if _, after, ok := strings.Cut(part, "»"); ok {
				part = after
			}
			for _, bad := range []string{" :", " ;", " ?", " !"} {
				if strings.Contains(part, bad) {
					tb.Errorf("%s: a breaking space before %q: %s", p.Pos, bad[1:], m)
				}
			}
		}
	}
}

// TestLargeFile checks the limit on an entry's size.
func TestLargeFile(t *testing.T) {
	fsys := siteFS(t, "testdata/site")
	big := "+++\ntitle = \"Grand\"\ndate = 2024-01-01\nactors = [\"x\"]\n[source]\nname = \"S\"\n+++\n" + strings.Repeat("Texte. ", 256<<10/7+1)
	fsys["content/2024/grand.md"] = &fstest.MapFile{Data: []byte(big)}
	probs, err := New().Check(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "content/2024/grand.md: le fichier dépasse 262\u202f144 octets (256 Kio)\u202f; scindez le texte ou raccourcissez-le"
	if got := probs.Errors().Error(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestLargeSiteFile checks the limit on site.toml's size.
func TestLargeSiteFile(t *testing.T) {
	fsys := siteFS(t, "testdata/site")
	fsys["site.toml"] = &fstest.MapFile{Data: append(fsys["site.toml"].Data, []byte("\n# "+strings.Repeat("x", 1<<20)+"\n")...)}
	probs, err := New().Check(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "site.toml: le fichier dépasse 1\u202f048\u202f576 octets (1 Mio)\u202f; les réglages et les acteurs d’un site tiennent dans bien moins"
	if got := probs.Errors().Error(); !strings.Contains(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
