package markdown

import (
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

type testLinker map[string]string

func (l testLinker) Entry(slug string) (string, error) {
	if u, ok := l[slug]; ok {
		return u, nil
	}
	return "", errors.New("no such entry")
}

func (l testLinker) Path(p string) string { return "/base" + p }

func render(t *testing.T, src string) Result {
	t.Helper()
	return New().Render([]byte(src), testLinker{"rachat": "/base/2022/rachat/"})
}

func TestFrenchTypography(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Il dit : oui ; non ! Vraiment ?", "<p>Il dit\u00a0: oui\u202f; non\u202f! Vraiment\u202f?</p>\n"},
		{`C'est "un tournant".`, "<p>C’est «\u202fun tournant\u202f».</p>\n"},
		{"« Déjà » écrit.", "<p>«\u202fDéjà\u202f» écrit.</p>\n"},
		{"Sans espace: inchangé!", "<p>Sans espace: inchangé!</p>\n"},
		{"Heure 10:30 et https://example.org/a:b", `<p>Heure 10:30 et <a href="https://example.org/a:b">https://example.org/a:b</a></p>` + "\n"},
		{"`code ; brut`", "<p><code>code ; brut</code></p>\n"},
	} {
		if got := render(t, tt.in).HTML; got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestTaskListsAreText checks that a GFM task list is a list of text: no
// body holds a form control.
func TestTaskListsAreText(t *testing.T) {
	got := render(t, "- [x] fait\n- [ ] à faire\n").HTML
	if want := "<ul>\n<li>[x] fait</li>\n<li>[ ] à faire</li>\n</ul>\n"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestTypographyPlainText(t *testing.T) {
	for in, want := range map[string]string{
		`Le "bird" est libre : l'oiseau`: "Le «\u202fbird\u202f» est libre\u00a0: l’oiseau",
		`Un seul " guillemet`:            `Un seul " guillemet`,
		"Rien à changer":                 "Rien à changer",
	} {
		if got := Typography(in); got != want {
			t.Errorf("Typography(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLinks(t *testing.T) {
	res := render(t, "Voir [le rachat](@rachat), [l'article](/dsa/34/), [la note](#fn:1), [un site](https://example.org) et [écrire](mailto:a@example.org). Encore [ici](@rachat).")
	html := res.HTML
	for _, want := range []string{`href="/base/2022/rachat/"`, `href="/base/dsa/34/"`, `href="#fn:1"`, `href="https://example.org"`, `href="mailto:a@example.org"`} {
		if !strings.Contains(html, want) {
			t.Errorf("no %s in %s", want, html)
		}
	}
	if len(res.Problems) != 0 {
		t.Errorf("problems: %v", res.Problems)
	}
	if strings.Join(res.Links, ",") != "rachat" {
		t.Errorf("Links = %v, want [rachat] once", res.Links)
	}
}

func TestRefused(t *testing.T) {
	for _, src := range []string{
		"[a](javascript:alert(1))",
		"[a](JAVASCRIPT:alert(1))",
		"[a](vbscript:x)",
		"[a](data:text/html,x)",
		"[a](//evil.example/x)",
		"[a](../x)",
		"[a](/a/../../x)",
		"[a](@inconnu)",
		"![a](https://example.org/x.png)",
		"![a](@rachat)",
		"<b>gras</b>",
		"<script>alert(1)</script>",
		"<!-- commentaire -->",
	} {
		res := render(t, src)
		if len(res.Problems) == 0 {
			t.Errorf("%q: no problem reported", src)
		}
		if h := strings.ToLower(res.HTML); strings.Contains(h, "javascript:") || strings.Contains(h, "<script") || strings.Contains(h, "<b>") {
			t.Errorf("%q rendered %q", src, res.HTML)
		}
	}
}

func TestProblemOffsets(t *testing.T) {
	src := "Ligne un.\n\nVoir [x](@inconnu) et <i>y</i>.\n"
	res := render(t, src)
	if len(res.Problems) != 3 {
		t.Fatalf("problems: %v", res.Problems)
	}
	if got := src[res.Problems[0].Offset:]; !strings.HasPrefix(got, "[x](@inconnu)") {
		t.Errorf("link problem at %q", got)
	}
	if got := src[res.Problems[1].Offset:]; !strings.HasPrefix(got, "<i>") {
		t.Errorf("raw HTML problem at %q", got)
	}
}

// spacesReference is what Spaces does, written the obvious (and slow) way.
var spacesReference = strings.NewReplacer(
	" ;", nnbsp+";", " :", nbsp+":", " !", nnbsp+"!", " ?", nnbsp+"?", " »", nnbsp+"»", "« ", "«"+nnbsp,
	nbsp+";", nnbsp+";", nbsp+"!", nnbsp+"!", nbsp+"?", nnbsp+"?", nbsp+"»", nnbsp+"»", "«"+nbsp, "«"+nnbsp,
)

func TestSpaces(t *testing.T) {
	for in, want := range map[string]string{
		"Pourquoi ? Parce que : « oui » !": "Pourquoi\u202f? Parce que\u00a0: «\u202foui\u202f»\u202f!",
		"déjà\u00a0; fait\u00a0!":          "déjà\u202f; fait\u202f!",
		"«\u00a0cité\u00a0»":               "«\u202fcité\u202f»",
		"« ;":                              "«\u202f;",
		"a\u00a0: b":                       "a\u00a0: b", // already right
		"pas de signe":                     "pas de signe",
		" ?":                               "\u202f?",
		"fin «":                            "fin «",
	} {
		if got := Spaces(in); got != want {
			t.Errorf("Spaces(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSpaces(f *testing.F) {
	for _, s := range []string{"Pourquoi ? Parce que : « oui » !", "«\u00a0x\u00a0»", "« ;", " \u00a0;", "\u00c2\u00bb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Spaces(s), spacesReference.Replace(s); got != want {
			t.Errorf("Spaces(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkLanguages highlights, with each lexer of Languages, hostile code
// of MaxHighlighted bytes: runs of each quote, bracket and comment mark,
// and random punctuation. Each must stay well under a second: run it when
// chroma is upgraded or a language is added, and read the slowest.
//
//	go test ./internal/markdown -run XXX -bench Languages
func BenchmarkLanguages(b *testing.B) {
	var inputs []string
	r := rand.New(rand.NewPCG(1, 2))
	chars := "\"'`/\\*#{}[]()<>=:;,.-+ \nabc123$@!?%&|~^\t"
	var random strings.Builder
	for random.Len() < MaxHighlighted {
		random.WriteByte(chars[r.IntN(len(chars))])
	}
	inputs = append(inputs, random.String())
	for _, unit := range []string{`"`, "'", "`", "/*", "#", "{", "[", "(", "<", `\`, `a"`, "${", "<<", "'''", `"""`, "- ", ": ", "0x", "/", "*", "//", "<!--", "@"} {
		inputs = append(inputs, strings.Repeat(unit, MaxHighlighted/len(unit)), strings.Repeat(unit+" a", MaxHighlighted/(len(unit)+2)))
	}
	for _, lang := range slices.Sorted(maps.Keys(Languages)) {
		b.Run(lang, func(b *testing.B) {
			md := New()
			for b.Loop() {
				for _, in := range inputs {
					md.Render([]byte("```"+lang+"\n"+in+"\n```\n"), testLinker{})
				}
			}
		})
	}
}

// TestUnlistedLanguagePlain checks that code in a language outside
// Languages is shown plain and escaped, not refused.
func TestUnlistedLanguagePlain(t *testing.T) {
	res := render(t, "```yaml\na: [<b>]\n```\n\n```go\nvar x = 1\n```\n")
	if len(res.Problems) > 0 {
		t.Fatal(res.Problems)
	}
	if !strings.Contains(res.HTML, "<pre><code>a: [&lt;b&gt;]\n</code></pre>") {
		t.Errorf("yaml not shown plain: %s", res.HTML)
	}
	if !strings.Contains(res.HTML, `class="chroma"`) {
		t.Errorf("go not highlighted: %s", res.HTML)
	}
}
