package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// searchFiles returns the files of the index x of c, by name under recherche/.
func searchFiles(c *chrono.Chronology, x *searchIndex) map[string][]byte {
	files := map[string][]byte{}
	searchOutputs(c, x, func(name string, make func() ([]byte, error), _ ...chrono.Key) {
		if strings.HasPrefix(name, searchDir+"t/") || name == searchDir+"shards.json" {
			b, _ := make()
			files[strings.TrimPrefix(name, searchDir)] = b
		}
	})
	return files
}

// TestSearchIndexUpdate edits the entries of a chronology at random, as a
// writer saving files does, and checks after each edit that the index the
// preview keeps (update) writes the same shards as an index made from
// nothing, and that the files update says may differ include every one
// that does. Shards are split at a few postings, so that edits split and
// join them.
func TestSearchIndexUpdate(t *testing.T) {
	defer func(n int) { shardPostings = n }(shardPostings)
	shardPostings = 6
	words := strings.Fields("amende amendes décision décisions désinformation démission dénonce modération modèle " +
		"mode moderne commission commissaire comité contenu contenus contre breton bretons grok gros groupe")
	r := rand.New(rand.NewPCG(1, 2))
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[r.IntN(len(words))] + " ")
		}
		return b.String()
	}
	site := &chrono.Site{Title: "T", BaseURL: "https://example.org/", Actors: map[string]*chrono.Actor{
		"x": {Slug: "x", Name: "X"}, "thierry-breton": {Slug: "thierry-breton", Name: "Thierry Breton"}}}
	date, _ := chrono.ParseDate("2024-05-01")
	var entries []*chrono.Entry
	for i := range 12 {
		e := &chrono.Entry{Slug: fmt.Sprintf("e%02d", i), Title: text(3), Summary: text(5),
			Date: date, Actors: []string{"x"}, DSA: []chrono.Citation{{Article: 30 + i%3, Ref: fmt.Sprintf("%d(1)", 30+i%3)}}}
		entries = append(entries, e.WithBody("<p>"+text(8)+"</p>", nil, nil))
	}
	c := chrono.NewChronology(site, entries)
	x := newSearchIndex(c, nil)
	before := searchFiles(c, x)
	for step := range 200 {
		es := slices.Clone(c.Entries)
		i := r.IntN(len(es))
		e := *es[i]
		switch r.IntN(4) {
		case 0:
			e = *e.WithBody("<p>"+text(r.IntN(12))+"</p>", nil, nil)
		case 1:
			e.Title = text(1 + r.IntN(4))
		case 2:
			e.Summary = ""
		case 3:
			e.Actors = []string{"thierry-breton"}
		}
		es[i] = &e
		c = chrono.NewChronology(site, es)
		changed, all := x.update(c, false)
		got := searchFiles(c, x)
		want := searchFiles(c, newSearchIndex(c, nil))
		if !maps2Equal(got, want) {
			t.Fatalf("step %d: the updated index differs from a new one:\n%s", step, diffNames(got, want))
		}
		if !all {
			for name, b := range want {
				if !bytes.Equal(before[name], b) && !slices.Contains(changed, name) {
					t.Fatalf("step %d: %s changed, update does not say so (it says %v)", step, name, changed)
				}
			}
			for name := range before {
				if _, ok := want[name]; !ok && !slices.Contains(changed, name) {
					t.Fatalf("step %d: %s was removed, update does not say so", step, name)
				}
			}
		}
		before = got
	}
	var meta struct{ Shards []string }
	if err := json.Unmarshal(before["shards.json"], &meta); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(meta.Shards, func(k string) bool { return len(k) > 2 }) {
		t.Errorf("no shard was split: %v", meta.Shards)
	}
}

func maps2Equal(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

func diffNames(got, want map[string][]byte) string {
	var out []string
	for k, v := range want {
		if g, ok := got[k]; !ok {
			out = append(out, "missing "+k)
		} else if !bytes.Equal(g, v) {
			out = append(out, "differs "+k+":\n"+string(g)+"\nwant\n"+string(v))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			out = append(out, "extra "+k)
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// TestArticleTerms checks the terms of the articles an entry cites, which
// search.js's parseQuery makes of « article 40 », « 40(12) »… (see
// TestQueryNode).
func TestArticleTerms(t *testing.T) {
	for _, c := range []struct {
		cit  chrono.Citation
		want string
	}{
		{chrono.Citation{Article: 34, Ref: "34"}, "§34"},
		{chrono.Citation{Article: 40, Ref: "40(12)"}, "§40 §40(12)"},
		{chrono.Citation{Article: 34, Ref: "34(1)(b)"}, "§34 §34(1) §34(1)(b)"},
		// Numbers written with a leading zero, which entries may: a query
		// writes them without (parseQuery: Number).
		{chrono.Citation{Article: 40, Ref: "040(12)"}, "§40 §40(12)"},
		{chrono.Citation{Article: 34, Ref: "034(01)(b)"}, "§34 §34(1) §34(1)(b)"},
		{chrono.Citation{Article: 40, Ref: "40(100)"}, "§40 §40(100)"},
		{chrono.Citation{Article: 40, Ref: "0040(001)"}, "§40 §40(1)"},
	} {
		if got := strings.Join(articleTerms(c.cit), " "); got != c.want {
			t.Errorf("articleTerms(%v) = %q, want %q", c.cit, got, c.want)
		}
	}
}
