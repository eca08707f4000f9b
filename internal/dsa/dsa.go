// Package dsa is the table of contents of the Digital Services Act,
// Regulation (EU) 2022/2065: its 93 articles with their French titles, the
// chapters and sections they belong to, and links to the official French
// text on EUR-Lex.
//
// The table is embedded from articles.tsv and structure.tsv, copied from the
// project's checked reference (shared/reference/). Articles whose French
// title has not been checked against a copy of the official text are marked
// Verified == false; their titles follow the official wording as far as is
// known.
package dsa

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// Count is the number of articles in the regulation.
const Count = 93

// EURLex is the regulation's official French text on EUR-Lex; articles are
// anchored #art_N.
const EURLex = "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32022R2065"

// Name is how the regulation is named in French.
const Name = "Règlement (UE) 2022/2065 sur les services numériques"

// Chapter is a chapter of the regulation (Code "I" to "V"), or one of its
// sections (Code "III.5").
type Chapter struct {
	Code     string     // "III" or "III.5"
	Title    string     // French title
	First    int        // first article
	Last     int        // last article
	Sections []*Chapter // a chapter's sections, if it has any
	Parent   *Chapter   // a section's chapter
}

// Label names the chapter or section as the regulation does:
// "Chapitre III", "Section 5".
func (c *Chapter) Label() string {
	if _, sec, ok := strings.Cut(c.Code, "."); ok {
		return "Section " + sec
	}
	return "Chapitre " + c.Code
}

// URL links to the chapter in the official text.
func (c *Chapter) URL() string {
	if c.Parent != nil {
		return c.Parent.URL()
	}
	return EURLex + "#cpt_" + c.Code
}

// Article is one article of the regulation.
type Article struct {
	Number   int
	Title    string   // French title
	Chapter  *Chapter // its chapter
	Section  *Chapter // its section, nil if the chapter has none
	Verified bool     // whether Title was checked against the official text
}

// URL links to the article in the official French text.
func (a *Article) URL() string { return EURLex + "#art_" + strconv.Itoa(a.Number) }

var (
	//go:embed articles.tsv
	articlesTSV string
	//go:embed structure.tsv
	structureTSV string

	articles [Count + 1]*Article
	chapters []*Chapter
)

func init() {
	byCode := map[string]*Chapter{}
	for _, f := range rows(structureTSV, 3) {
		c := &Chapter{Code: f[0], Title: f[2]}
		first, last, _ := strings.Cut(f[1], "-")
		c.First, c.Last = mustAtoi(first), mustAtoi(last)
		byCode[c.Code] = c
		if chap, _, ok := strings.Cut(c.Code, "."); ok {
			c.Parent = byCode[chap]
			c.Parent.Sections = append(c.Parent.Sections, c)
		} else {
			chapters = append(chapters, c)
		}
	}
	for _, f := range rows(articlesTSV, 5) {
		a := &Article{Number: mustAtoi(f[0]), Chapter: byCode[f[1]], Section: byCode[f[2]], Title: f[3], Verified: f[4] == "yes"}
		if a.Number != 0 && a.Number <= Count {
			articles[a.Number] = a
		}
	}
	for n, a := range articles[1:] {
		if a == nil || a.Chapter == nil {
			panic(fmt.Sprintf("dsa: article %d missing from the embedded table", n+1))
		}
	}
}

func rows(tsv string, n int) [][]string {
	var out [][]string
	for _, line := range strings.Split(tsv, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != n {
			panic(fmt.Sprintf("dsa: embedded table: %d fields in %q, want %d", len(f), line, n))
		}
		out = append(out, f)
	}
	return out
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic("dsa: embedded table: " + err.Error())
	}
	return n
}

// Lookup returns article n, or nil if the regulation has no such article.
func Lookup(n int) *Article {
	if n < 1 || n > Count {
		return nil
	}
	return articles[n]
}

// Chapters returns the regulation's chapters in order.
func Chapters() []*Chapter { return chapters }
