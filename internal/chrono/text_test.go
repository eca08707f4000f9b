package chrono

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestSay(t *testing.T) {
	cause := Errorf(Say("no entry has the slug %q", "aucune entrée n’a l’identifiant %q"), "x")
	for _, tt := range []struct {
		t      Text
		args   []any
		en, fr string
	}{
		{Say("unknown actor %q; did you mean %q?", "acteur inconnu %q ; vouliez-vous dire %q ?"), []any{"breton", "thierry-breton"},
			`unknown actor "breton"; did you mean "thierry-breton"?`,
			"acteur inconnu «\u202fbreton\u202f»\u202f; vouliez-vous dire «\u202fthierry-breton\u202f»\u202f?"},
		// Escaped as %q escapes, but for the quotation mark.
		{Say("%q", "%q"), []any{"a\"b\\c\n\u202e"}, `"a\"b\\c\n\u202e"`, "«\u202fa\"b\\\\c\\n\\u202e\u202f»"},
		{Say("%q", "%q"), []any{"\xff"}, `"\xff"`, "«\u202f\\xff\u202f»"},
		// A Message given as an argument speaks the language of the whole.
		{Say("related: %v", "related : %v"), []any{cause},
			`related: no entry has the slug "x"`, "related\u00a0: aucune entrée n’a l’identifiant «\u202fx\u202f»"},
		{Say("the character %q, %d times", "le caractère %q, %d fois"), []any{'<', 3},
			`the character '<', 3 times`, "le caractère «\u202f<\u202f», 3 fois"},
		{Say("%5s|%-3d|%x", "%5s|%-3d|%x"), []any{"ab", 7, "hi"}, "   ab|7  |6869", "   ab|7  |6869"},
	} {
		m := tt.t.With(tt.args...)
		if m.En != tt.en || m.Fr != tt.fr {
			t.Errorf("%v:\n got %q\n     %q\nwant %q\n     %q", tt.args, m.En, m.Fr, tt.en, tt.fr)
		}
		if m.In("fr") != m.Fr || m.In("fr-BE") != m.Fr || m.In("en") != m.En || m.In("de") != m.En || m.Error() != m.En {
			t.Errorf("%v: In or Error chose the wrong language", tt.args)
		}
	}
}

func TestProblemsIn(t *testing.T) {
	var ps Problems
	ps.Add(Pos{Path: "a.md", Line: 1}, Say("missing %q", "il manque %q"), "title")
	ps.Warn(Pos{Path: "b.md"}, Say("no archive", "pas d’archive"))
	ps = append(ps, Problem{Pos: Pos{Path: "layouts/x.html"}, Msg: "template: no such field"}) // a library's: no French
	fr := ps.In("fr")
	if got := fr.Error(); got != "a.md:1: il manque «\u202ftitle\u202f»\nb.md: warning: pas d’archive\nlayouts/x.html: template: no such field" {
		t.Errorf("in French: %q", got)
	}
	if got := ps.In("en").Error(); got != "a.md:1: missing \"title\"\nb.md: warning: no archive\nlayouts/x.html: template: no such field" {
		t.Errorf("in English: %q", got)
	}
	if ps[0].Msg != `missing "title"` {
		t.Errorf("In changed the problems it was given: %q", ps[0].Msg)
	}
}

// TestSayVerbs reads every chrono.Say of the program's source and checks
// that its English and its French take the same arguments: the same verbs
// in the same order (%s, %q and %v, which all write a string, count as
// one). The fixtures of package build show most messages;
// this covers those no fixture reaches.
func TestSayVerbs(t *testing.T) {
	verb := regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)
	verbs := func(s string) []string {
		var out []string
		for _, v := range verb.FindAllString(s, -1) {
			if v != "%%" {
				out = append(out, strings.NewReplacer("q", "s", "v", "s").Replace(v))
			}
		}
		return out
	}
	n := 0
	err := filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata") {
			if err == nil {
				err = filepath.SkipDir
			}
			return err
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				if fun.Name != "Say" {
					return true
				}
			case *ast.SelectorExpr:
				if fun.Sel.Name != "Say" {
					return true
				}
			default:
				return true
			}
			var texts [2]string
			for i, a := range call.Args {
				lit, ok := a.(*ast.BasicLit)
				if !ok {
					return true
				}
				texts[i], _ = strconv.Unquote(lit.Value)
			}
			n++
			if en, fr := verbs(texts[0]), verbs(texts[1]); !slices.Equal(en, fr) {
				t.Errorf("%s: English %v, French %v:\n%s\n%s", p, en, fr, texts[0], texts[1])
			}
			if rest := strings.TrimSpace(verb.ReplaceAllString(texts[0], "")); texts[1] == texts[0] && strings.Contains(rest, " ") {
				t.Errorf("%s: no French: %s", p, texts[0])
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("found %d messages; the source was not read", n)
	}
}

// TestFrenchNumbers: from 10,000 on, French groups digits by three with a
// narrow no-break space; years and smaller numbers stay as they are, and
// English is untouched.
func TestFrenchNumbers(t *testing.T) {
	for _, c := range []struct {
		n      int
		en, fr string
	}{
		{2024, "2024 cells", "2024 cellules"},
		{9999, "9999 cells", "9999 cellules"},
		{15300, "15300 cells", "15\u202f300 cellules"},
		{10000000, "10000000 cells", "10\u202f000\u202f000 cellules"},
		{-123456, "-123456 cells", "-123\u202f456 cellules"},
	} {
		m := Say("%d cells", "%d cellules").With(c.n)
		if m.En != c.en || m.Fr != c.fr {
			t.Errorf("%d: %q / %q, want %q / %q", c.n, m.En, m.Fr, c.en, c.fr)
		}
	}
	if m := Say("%x", "%x").With(65536); m.Fr != "10000" {
		t.Errorf("%%x: %q, want 10000", m.Fr)
	}
}
