package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// worstBodies are the costliest bodies we found that the limits accept,
// each as big as an entry may be (size): per paragraph, as many of a
// construct goldmark parses in time growing with the square of their
// number as MaxPerParagraph allows.
func worstBodies(size int) map[string][]byte {
	fill := func(para string) []byte {
		var b []byte
		for len(b)+len(para)+2 <= size {
			b = append(b, para...)
			b = append(b, "\n\n"...)
		}
		return b
	}
	return map[string][]byte{
		// Links not closed, in one word: each rereads the paragraph.
		"links": fill(strings.Repeat("[a](", MaxPerParagraph) + strings.Repeat("a", 4000)),
		// Emphasis marks that never close, looked back through at each one.
		"emphasis": fill(strings.Repeat("*_a", MaxPerParagraph/2)),
		// Link definitions, each copying the lines after it.
		"definitions": fill(strings.Repeat("[a]: <\n", MaxPerParagraph)),
		// Titles of links not closed, reread to the end of the paragraph.
		"titles": fill(strings.Repeat("[a](/x \"\n", MaxPerParagraph) + strings.Repeat("a\n", 4000)),
		// Each at its limit in the same paragraph.
		"mixed": fill(strings.Repeat("[a](*_", MaxPerParagraph/2) + strings.Repeat("`\\|", MaxPerParagraph) + strings.Repeat("a", 4000)),
	}
}

// BenchmarkWorst renders the worst bodies the limits accept, at the
// largest size of an entry; see the README for the figures.
//
//	go test -run XXX -bench Worst -benchmem ./internal/markdown
func BenchmarkWorst(b *testing.B) {
	r := New()
	for name, src := range worstBodies(maxBody) {
		if res := r.Render(src, testLinker{}); len(res.Problems) > 0 {
			b.Fatalf("%s refused: %v", name, res.Problems[0])
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				r.Render(src, testLinker{})
			}
		})
	}
}

// maxBody is the size of the largest entry (content.MaxFileSize, which
// this package cannot import).
const maxBody = 256 << 10

func TestLimitsAcceptOrdinaryText(t *testing.T) {
	var table strings.Builder // 64 columns, every row written out
	table.WriteString("|" + strings.Repeat(" titre |", 64) + "\n|" + strings.Repeat(":---:|", 64) + "\n")
	for range 100 {
		table.WriteString("|" + strings.Repeat(" x |", 64) + "\n")
	}
	for name, src := range map[string]string{
		"64 columns": table.String(),
		"short rows": "| a | b | c | d |\n|---|---|---|---|\n| x |\n| y | z |\n",
		"guillemets": strings.Repeat(strings.Repeat("« Il dit : “oui” ; puis *non* ! » C'est l'« essentiel ». ", 100)+"\n\n", 20),
		"links":      strings.Repeat("Voir [l'article](/dsa/34/) et [ceci](https://example.org/a_(b)). ", MaxPerParagraph/2),
		"references": "[a]: https://example.org/" + strings.Repeat("x", 100) + "\n\n" + strings.Repeat("[a] et [b][a], ", 50),
		"footnotes":  strings.Repeat("Un fait.[^1] ", 200) + "\n\n[^1]: Une note.\n",
	} {
		res := New().Render([]byte(src), testLinker{})
		if len(res.Problems) > 0 {
			t.Errorf("%s: refused: %v", name, res.Problems[0])
		}
	}
}

// FuzzRender renders any body: whatever it holds, Render returns, any
// problem is within the body, and the HTML of an accepted body stays
// within MaxGrowth times its size plus MaxExtra. Tables, brackets and
// emphasis marks are among the seeds, so that the fuzzer mixes the
// constructs the limits are for.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"|a|b|\n|-|:-:|\nx\n|y|z|w|\n",
		"|" + strings.Repeat("a|", 40) + "\n|" + strings.Repeat("-|", 40) + "\nx\nx\nx\n",
		"[a]: /xxxxxxxxxxxxxxxx \"t\"\n\n[x][a] [y][a] ![z][a] [a]",
		"[a]([a]([a](<[a](/x \"\n**_a**_a~~_a\n",
		"[^a]: [^b]: x\n\n[^a][^a][^a]",
		"```go\nx := 1\n```\n- [ ] a\n>\n\n-\n",
		"`a``b```\\|&amp;&#x1;<a@b.c> www.a.b\n",
		"« Il dit : \"oui\" ; puis 'non' ! »",
	} {
		f.Add([]byte(s))
	}
	r := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		res := r.Render(src, testLinker{"rachat": "/base/2022/rachat/"})
		for _, p := range res.Problems {
			if p.Offset < 0 || p.Offset > len(src) || p.Msg.En == "" || p.Msg.Fr == "" {
				t.Fatalf("problem outside the body or without a message: %+v", p)
			}
		}
		if len(res.HTML) > MaxGrowth*len(src)+MaxExtra {
			t.Fatalf("%d bytes of HTML from %d", len(res.HTML), len(src))
		}
		// Nothing repeats a table's cells beyond its size.
		if cells := bytes.Count([]byte(res.HTML), []byte("<td")); cells > MaxTableCells*len(src) {
			t.Fatalf("%d cells from %d bytes", cells, len(src))
		}
	})
}
