package render

import (
	"bufio"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// foldCases reads testdata/fold.txt: each case's text and the terms it
// gives.
func foldCases(tb testing.TB) [][2]string {
	tb.Helper()
	f, err := os.Open("testdata/fold.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cases [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		text, want, ok := strings.Cut(line, "\t")
		if !ok {
			tb.Fatalf("fold.txt: no tab in %q", line)
		}
		cases = append(cases, [2]string{text, want})
	}
	return cases
}

func TestTerms(t *testing.T) {
	for _, c := range foldCases(t) {
		if got := strings.Join(Terms(c[0]), " "); got != c[1] {
			t.Errorf("Terms(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

// TestFoldNode runs search.js's terms under node on the cases of
// fold.txt: the browser must fold a query as the index folded the entries.
// Without node, it is skipped, unless CHRONO_QUALITY=require.
func TestFoldNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CHRONO_QUALITY") == "require" {
			t.Fatal("node is required (CHRONO_QUALITY=require)")
		}
		t.Skip("node is not installed")
	}
	cases := foldCases(t)
	texts := make([]string, len(cases))
	for i, c := range cases {
		texts[i] = c[0]
	}
	in, _ := json.Marshal(texts)
	script := `const s = require(process.argv[1]);
let data = ""; process.stdin.on("data", (d) => data += d).on("end", () => {
  console.log(JSON.stringify(JSON.parse(data).map((t) => s.terms(t).join(" "))));
});`
	cmd := exec.Command(node, "-e", script, "./search.js")
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node printed %q: %v", out, err)
	}
	for i, c := range cases {
		if want := strings.Join(Terms(c[0]), " "); got[i] != want {
			t.Errorf("search.js terms(%q) = %q, Go's Terms %q", c[0], got[i], want)
		}
	}
}

// TestShardKey checks shardKey on terms of words and of articles.
func TestShardKey(t *testing.T) {
	for _, c := range []struct {
		term string
		n    int
		want string
	}{{"grok", 2, "gr"}, {"grok", 4, "grok"}, {"ue", 3, "ue_"}, {"x", 2, "x_"}, {"§40", 2, "_4"}, {"§40(12)", 4, "_40_"}} {
		if got := shardKey(c.term, c.n); got != c.want {
			t.Errorf("shardKey(%q, %d) = %q, want %q", c.term, c.n, got, c.want)
		}
	}
}

// TestQueryNode runs search.js's reading of a query under node: which
// terms a document must hold (alternatives joined by « | »), and the
// prefix of the word being typed (after « * »).
func TestQueryNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CHRONO_QUALITY") == "require" {
			t.Fatal("node is required (CHRONO_QUALITY=require)")
		}
		t.Skip("node is not installed")
	}
	cases := []struct{ query, want string }{
		{"article 40", "§40"},
		{"art. 40", "§40"},
		{"Article 40(12) ", "§40(12)"},
		{"articles 34(1)(b)", "§34(1)(b)"},
		{"40(12)", "§40(12)"},
		{"40", "40|§40"},
		{"Breton", "breton*breton"},
		{"Breton ", "breton"},
		{"l’amende", "amende*amende"},
		{"l'amende des décisions ", "amende decision"},
		{"coches bleu", "coche bleu*bleu"},
		{"le", ""},
		{"des", "*des"}, // one common word being typed: the start of a word
		{"des ", ""},
		{"amende des", "amende"},
		{"mo", "mo"},
		{"Œuvres", "oeuvre*oeuvres"},
		// The word being typed is a prefix as typed, not as stemmed:
		// « gros » does not find « grok », nor « taux » « taureau ».
		{"gros", "gro*gros"},
		{"taux", "tau*taux"},
		{"journaux", "journal*journaux"},
		{"article 40 Breton", "§40 breton*breton"},
		// A number of four digits is no article: not « §123 » and « 4 ».
		{"article 1234 ", "article 1234"},
		{"art40", "§40"},
		{"article 040(01) ", "§40(1)"},
		{"Article40(1)(a) ", "§40(1)(a)"},
		// A word said twice is looked for once.
		{"grok grok grok", "grok grok*grok"},
		{"article 40 art. 40 40", "§40 40|§40"},
	}
	var queries []string
	for _, c := range cases {
		queries = append(queries, c.query)
	}
	in, _ := json.Marshal(queries)
	script := `const s = require(process.argv[1]);
let data = ""; process.stdin.on("data", (d) => data += d).on("end", () => {
  console.log(JSON.stringify(JSON.parse(data).map((q) => s.parseQuery(q).map((p) => p.alts.join("|") + (p.prefix ? "*" + p.prefix : "")).join(" "))));
});`
	cmd := exec.Command(node, "-e", script, "./search.js")
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node printed %q: %v", out, err)
	}
	for i, c := range cases {
		if got[i] != c.want {
			t.Errorf("parseQuery(%q) = %q, want %q", c.query, got[i], c.want)
		}
	}
}

// TestNothingToSearchNode checks what the page says of a query with no
// term: only common words, or no word at all (punctuation, emoji, another
// script), which are not « mots trop courants ».
func TestNothingToSearchNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CHRONO_QUALITY") == "require" {
			t.Fatal("node is required (CHRONO_QUALITY=require)")
		}
		t.Skip("node is not installed")
	}
	cases := []struct{ query, want string }{
		{"le de la ", "Aucun mot à chercher\u00a0: «\u00a0le de la\u00a0» ne contient que des mots trop courants."},
		{"l’ d'", "Aucun mot à chercher\u00a0: «\u00a0l’ d'\u00a0» ne contient que des mots trop courants."},
		{"!!!", "Aucun mot à chercher\u00a0: «\u00a0!!!\u00a0» ne contient ni lettre latine ni chiffre."},
		{"Москва 😀", "Aucun mot à chercher\u00a0: «\u00a0Москва 😀\u00a0» ne contient ni lettre latine ni chiffre."},
		{"  ", ""},
		// A long query is cut, as the status is read aloud.
		{strings.Repeat("le ", 100), "Aucun mot à chercher\u00a0: «\u00a0" + strings.TrimSpace(strings.Repeat("le ", 20)) + "…\u00a0» ne contient que des mots trop courants."},
		{"Москва\n\n😀", "Aucun mot à chercher\u00a0: «\u00a0Москва 😀\u00a0» ne contient ni lettre latine ni chiffre."},
	}
	var queries []string
	for _, c := range cases {
		queries = append(queries, c.query)
	}
	in, _ := json.Marshal(queries)
	script := `const s = require(process.argv[1]);
let data = ""; process.stdin.on("data", (d) => data += d).on("end", () => {
  console.log(JSON.stringify(JSON.parse(data).map((q) => s.nothingToSearch(q))));
});`
	cmd := exec.Command(node, "-e", script, "./search.js")
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node printed %q: %v", out, err)
	}
	for i, c := range cases {
		if got[i] != c.want {
			t.Errorf("nothingToSearch(%q) = %q, want %q", c.query, got[i], c.want)
		}
	}
}

// FuzzFold folds any text: words are never empty and hold only a–z and
// 0–9, stems too; and a text escaped as HTML (as goldmark writes it) gives
// the words of the text itself, so an annotation is searched as it reads.
func FuzzFold(f *testing.F) {
	for _, c := range foldCases(f) {
		f.Add(c[0])
	}
	f.Add("L’Œuvre des journaux &amp; <b>Grok</b> &#233;&#xE9;")
	f.Fuzz(func(t *testing.T, s string) {
		words := func(text string, isHTML bool) []string {
			var ws []string
			foldWords(text, isHTML, nil, func(w []byte) {
				if len(w) == 0 {
					t.Fatalf("foldWords(%q, %v): an empty word", text, isHTML)
				}
				for _, c := range w {
					if !isWordByte(c) {
						t.Fatalf("foldWords(%q, %v): word %q holds %q", text, isHTML, w, c)
					}
				}
				if st := stem(slices.Clone(w)); len(st) == 0 {
					t.Fatalf("stem(%q) is empty", w)
				}
				ws = append(ws, string(w))
			})
			return ws
		}
		plain := words(s, false)
		words(s, true) // as HTML, tags and references as they come
		if escaped := words(html.EscapeString(s), true); !slices.Equal(plain, escaped) {
			t.Fatalf("the words of %q are %q, of it escaped as HTML %q", s, plain, escaped)
		}
	})
}
