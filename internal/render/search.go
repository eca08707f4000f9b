package render

import (
	_ "embed"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/dsa"
	"github.com/chrono-dsa/chrono/internal/markdown"
	"github.com/chrono-dsa/chrono/internal/par"
)

// The search index of /recherche/, written by build as files of the site,
// split as Pagefind splits its own so that a query fetches little of it:
//
//   - recherche/shards.json: what every query needs first, a few hundred
//     bytes: the number of documents (an entry, by its place in the
//     chronology), of documents a file of d/ holds, and the shards' keys;
//   - recherche/index.json: the facets, for every document its year (as
//     runs: documents are in order), and one line of its kind, procedure,
//     actors and articles, as numbers into the lists of labels the file
//     holds. Filters and their
//     counts are worked out from it on every match, without fetching the
//     matches; the first results do not wait for it (some 230 KB at 10,000
//     entries) unless a filter is chosen;
//   - recherche/t/<key>.json: the terms whose folded prefix is key, each
//     with its postings (document, weight). A key is two characters, or
//     three or four for a prefix with many postings (shardPostings), so
//     that no file grows with the corpus much beyond that;
//   - recherche/d/<n>.json: the date, title, summary, address and kind of
//     event of searchChunk documents, fetched for the results shown only;
//   - recherche/recherche.js, the script of /recherche/ (search.js).
//
// A term is a word of Terms, or an article of the DSA an entry cites:
// « §40 », « §40(12) », « §34(1)(b) » (each citation gives its article and
// each of its paragraphs). The weight of a term in a document says where
// it is: 8 in the title, 4 in the summary, 4 in an actor's name or slug, 6
// an article cited, 2 the kind of event, plus 1 for each time it is in the
// annotation or a source (up to 4); at most 31.
//
// The files are made from the model alone, in the chronology's order and in
// sorted order everywhere else: two builds write the same bytes, and the
// preview, which keeps the index from save to save (update), the same bytes
// as a build.

// SearchPath is the address of the search page.
const SearchPath = "/recherche/"

const (
	searchDir = "recherche/"
	// searchChunk is how many documents a file of d/ holds: a page of
	// results is 20, which spread over the chronology fetch at most 20
	// files of some 5 KB.
	searchChunk = 20
	maxKey      = 4
)

// shardPostings is how many postings a shard holds before it is split by
// one more character of its terms (up to maxKey): some 40 KB. Tests lower
// it to split small sites.
var shardPostings = 12000

//go:embed search.js
var searchJS []byte

// posting is a document that holds a term, and how much.
type posting struct {
	doc int32
	w   uint8
}

// postings are the documents that hold a term, in order. term is the one
// copy of the term's text: the documents' lists of terms share it.
type postings struct {
	term string
	ps   []posting
}

// termW is a term of a document with its weight.
type termW struct {
	term string
	w    uint8
}

// docTerm is a term of a document with its weight, by its place in the
// lexicon that read the document: a third of a termW, while an index is
// made.
type docTerm struct {
	id int32
	w  uint8
}

// searchIndex is the index of a chronology.
type searchIndex struct {
	site   *chrono.Site
	docs   []*chrono.Entry      // the documents, c.Entries
	terms  [][]termW            // of each document
	post   map[string]*postings // by term
	leaves map[string][]string  // the shards: by key, their terms, sorted
	tops   map[string][]string  // the shards by the key of their first two characters
}

// weights of the places a term is found in (see above).
const (
	inTitle   = 8
	inSummary = 4
	inActor   = 4
	inArticle = 6
	inType    = 2
	maxBody   = 4
	maxWeight = 31
)

// lexicon is what docTerms keeps from document to document on one
// goroutine: each word met, folded, with its term, so that a word costs one
// map look-up without a copy, and the stemmer, the stop words and the
// copy of the term's text come once a distinct word, not once a document.
type lexicon struct {
	words map[string]int32 // folded word → its term in terms, or -1 for a stop word
	stems map[string]int32 // term → its place in terms
	terms []string
	count []int32 // by term, how many documents hold it
	// of the document being read: by term, its place in accs + 1 while
	// mark[term] == doc
	slot []int32
	mark []uint32
	doc  uint32
	accs []termAcc
	ids  []int32
	word []byte // foldWords' buffer
}

// termAcc is where a term of a document was found.
type termAcc struct {
	flags uint8 // which of the weighted places, one bit each
	body  uint8
}

func newLexicon() *lexicon {
	return &lexicon{words: make(map[string]int32, 1024), stems: make(map[string]int32, 1024)}
}

// docTerms returns the terms of e with their weights, in the order found.
func docTerms(site *chrono.Site, e *chrono.Entry) []termW {
	lx := newLexicon()
	ds := lx.docTerms(site, e)
	ts := make([]termW, len(ds))
	for i, d := range ds {
		ts[i] = termW{lx.terms[d.id], d.w}
	}
	return ts
}

// docTerms returns the terms of e with their weights, in the order found,
// as terms of lx.
func (lx *lexicon) docTerms(site *chrono.Site, e *chrono.Entry) []docTerm {
	lx.doc++
	lx.accs, lx.ids = lx.accs[:0], lx.ids[:0]
	add := func(w []byte, flag uint8) {
		id, ok := lx.words[string(w)]
		if !ok {
			word := string(w)
			id = -1
			if !stopWords[word] {
				st := stem(w)
				if id, ok = lx.stems[string(st)]; !ok {
					id = int32(len(lx.terms))
					t := string(st)
					lx.stems[t] = id
					lx.terms = append(lx.terms, t)
					lx.count = append(lx.count, 0)
					lx.slot = append(lx.slot, 0)
					lx.mark = append(lx.mark, 0)
				}
			}
			lx.words[word] = id
		}
		if id < 0 {
			return
		}
		if lx.mark[id] != lx.doc {
			lx.mark[id] = lx.doc
			lx.count[id]++
			lx.accs = append(lx.accs, termAcc{})
			lx.ids = append(lx.ids, id)
			lx.slot[id] = int32(len(lx.accs))
		}
		a := &lx.accs[lx.slot[id]-1]
		if flag == 0 {
			if a.body < maxBody {
				a.body++
			}
			return
		}
		a.flags |= flag
	}
	field := func(s string, html bool, flag uint8) {
		lx.word = foldWords(s, html, lx.word, func(w []byte) { add(w, flag) })
	}
	const fTitle, fSummary, fActor, fArticle, fType = 1, 2, 4, 8, 16
	field(e.Title, false, fTitle)
	field(e.Summary, false, fSummary)
	for _, slug := range e.Actors {
		field(slug, false, fActor)
		if a := site.Actors[slug]; a != nil {
			field(a.Name, false, fActor)
		}
	}
	if t := site.Types[e.Type]; t != nil {
		field(t.Name, false, fType)
	}
	for _, cit := range e.DSA {
		for _, t := range articleTerms(cit) {
			add([]byte(t), fArticle)
		}
	}
	field(e.Body, true, 0)
	for _, s := range e.Sources {
		field(s.Name, false, 0)
		field(s.Title, false, 0)
	}
	out := make([]docTerm, len(lx.ids))
	for i, id := range lx.ids {
		a := lx.accs[i]
		w := int(a.body)
		if a.flags&fTitle != 0 {
			w += inTitle
		}
		if a.flags&fSummary != 0 {
			w += inSummary
		}
		if a.flags&fActor != 0 {
			w += inActor
		}
		if a.flags&fArticle != 0 {
			w += inArticle
		}
		if a.flags&fType != 0 {
			w += inType
		}
		out[i] = docTerm{id, uint8(min(w, maxWeight))}
	}
	return out
}

// sortTerms sorts the terms of a document, which docTerms leaves in the
// order found: only a preview's update needs them sorted.
func sortTerms(ts []termW) {
	slices.SortFunc(ts, func(a, b termW) int { return strings.Compare(a.term, b.term) })
}

// articleTerms returns the terms of a citation: « 34(1)(b) » gives « §34 »,
// « §34(1) » and « §34(1)(b) ». They hold « § », which no folded word does,
// so they are never stop words nor stemmed.
func articleTerms(c chrono.Citation) []string {
	ref := strings.ToLower(strings.ReplaceAll(c.Ref, " ", ""))
	// The numbers without leading zeros (« 040(01) » is « 40(1) »), as
	// parseQuery writes those of a query.
	var b strings.Builder
	lead := true // at the start of a number
	for i := 0; i < len(ref); i++ {
		ch := ref[i]
		if lead && ch == '0' && i+1 < len(ref) && '0' <= ref[i+1] && ref[i+1] <= '9' {
			continue
		}
		lead = ch == '('
		b.WriteByte(ch)
	}
	ref = b.String()
	ts := []string{"§" + strconv.Itoa(c.Article)}
	for i := 0; i < len(ref); i++ {
		if ref[i] == ')' && i+1 < len(ref) {
			ts = append(ts, "§"+ref[:i+1])
		}
	}
	if strings.HasSuffix(ref, ")") {
		ts = append(ts, "§"+ref)
	}
	return ts
}

// shardKey is the key of term's shard at n characters: its first n, each
// that is not a–z or 0–9 written « _ », and « _ » for those it lacks.
// search.js computes the same.
func shardKey(term string, n int) string {
	b := make([]byte, 0, n)
	for _, r := range term {
		if len(b) == n {
			break
		}
		if r < 0x80 && isWordByte(byte(r)) {
			b = append(b, byte(r))
		} else {
			b = append(b, '_')
		}
	}
	for len(b) < n {
		b = append(b, '_')
	}
	return string(b)
}

// newSearchIndex indexes the entries of c. known, if not nil, are the
// terms of documents already known (a preview's last index), by entry.
func newSearchIndex(c *chrono.Chronology, known map[*chrono.Entry][]termW) *searchIndex {
	return indexOf(c, known, true)
}

// indexOf indexes the entries of c, as newSearchIndex; keep says to keep
// each document's terms, which only a preview's updates read: a build
// makes each file of the index once, from its postings.
func indexOf(c *chrono.Chronology, known map[*chrono.Entry][]termW, keep bool) *searchIndex {
	x := &searchIndex{site: c.Site, docs: slices.Clone(c.Entries), terms: make([][]termW, len(c.Entries))}
	local := make([][]docTerm, len(c.Entries)) // the terms of the documents not known
	// One lexicon a goroutine, taking the documents in turn.
	var (
		next atomic.Int64
		mu   sync.Mutex
		lxs  []*lexicon
	)
	byLex := make([]uint8, len(c.Entries)) // the lexicon of each document, or none
	const none = 255
	par.Do(min(runtime.GOMAXPROCS(0), none), func(int) {
		lx := newLexicon()
		mu.Lock()
		l := uint8(len(lxs))
		lxs = append(lxs, lx)
		mu.Unlock()
		for {
			i := int(next.Add(1)) - 1
			if i >= len(c.Entries) {
				return
			}
			e := c.Entries[i]
			if ts, ok := known[e]; ok {
				x.terms[i], byLex[i] = ts, none
				continue
			}
			local[i], byLex[i] = lx.docTerms(c.Site, e), l
		}
	})
	// Each term's postings, in one array cut to the size of each: the
	// documents a lexicon counted for it, and those already known.
	x.post = make(map[string]*postings, 1024)
	count := map[*postings]int{}
	get := func(t string) *postings {
		p := x.post[t]
		if p == nil {
			p = &postings{term: t}
			x.post[t] = p
		}
		return p
	}
	of := make([][]*postings, len(lxs))
	for l, lx := range lxs {
		of[l] = make([]*postings, len(lx.terms))
		for id, t := range lx.terms {
			if n := lx.count[id]; n > 0 {
				p := get(t)
				of[l][id] = p
				count[p] += int(n)
			}
		}
	}
	for i, ts := range x.terms {
		if byLex[i] == none {
			for _, t := range ts {
				count[get(t.term)]++
			}
		}
	}
	total := 0
	for _, n := range count {
		total += n
	}
	all := make([]posting, total)
	for p, n := range count {
		p.ps, all = all[:0:n], all[n:]
	}
	for i, ts := range x.terms {
		l := byLex[i]
		if l == none {
			for j, t := range ts {
				p := x.post[t.term]
				p.ps = append(p.ps, posting{int32(i), t.w})
				ts[j].term = p.term
			}
			continue
		}
		if keep {
			ts = make([]termW, len(local[i]))
			x.terms[i] = ts
		}
		for j, d := range local[i] {
			p := of[l][d.id]
			p.ps = append(p.ps, posting{int32(i), d.w})
			if keep {
				ts[j] = termW{p.term, d.w}
			}
		}
		local[i] = nil
	}
	if !keep {
		x.terms = nil
	}
	x.leaves, x.tops = map[string][]string{}, map[string][]string{}
	byTop := map[string][]string{}
	for t := range x.post {
		k := shardKey(t, 2)
		byTop[k] = append(byTop[k], t)
	}
	for k, ts := range byTop {
		x.place(k, k, ts)
	}
	return x
}

// place lays out the terms ts, whose key at len(key) is key, in shards, as
// the shards of top.
func (x *searchIndex) place(top, key string, ts []string) {
	n := 0
	for _, t := range ts {
		n += x.count(t)
	}
	if n <= shardPostings || len(key) >= maxKey {
		slices.Sort(ts)
		x.leaves[key] = ts
		x.tops[top] = append(x.tops[top], key)
		return
	}
	sub := map[string][]string{}
	for _, t := range ts {
		k := shardKey(t, len(key)+1)
		sub[k] = append(sub[k], t)
	}
	for k, sts := range sub {
		x.place(top, k, sts)
	}
}

// update makes x the index of c, and returns the names of the files of
// recherche/ whose bytes may differ (relative to it: "t/gr.json",
// "shards.json"), or all == true if it was made again whole: when the
// settings changed (actors' names are indexed), or the documents are not the
// same entries in the same places.
func (x *searchIndex) update(c *chrono.Chronology, siteChanged bool) (changed []string, all bool) {
	same := !siteChanged && len(x.docs) == len(c.Entries)
	for i := 0; same && i < len(c.Entries); i++ {
		same = x.docs[i].Slug == c.Entries[i].Slug
	}
	if !same {
		var known map[*chrono.Entry][]termW
		if !siteChanged {
			known = make(map[*chrono.Entry][]termW, len(x.docs))
			for i, e := range x.docs {
				known[e] = x.terms[i]
			}
		}
		*x = *newSearchIndex(c, known)
		return nil, true
	}
	tops := map[string][]string{} // the tops changed, with the terms they gained
	touch := func(t string, gained bool) {
		top := shardKey(t, 2)
		if gained {
			tops[top] = append(tops[top], t)
		} else if _, ok := tops[top]; !ok {
			tops[top] = nil
		}
	}
	for i, e := range c.Entries {
		if x.docs[i] == e {
			continue
		}
		old, ts := x.terms[i], docTerms(c.Site, e)
		sortTerms(old)
		sortTerms(ts)
		x.docs[i], x.terms[i] = e, ts
		doc := int32(i)
		// Both lists are sorted: walk them together.
		j, k := 0, 0
		for j < len(old) || k < len(ts) {
			switch {
			case k == len(ts) || j < len(old) && old[j].term < ts[k].term:
				x.remove(old[j].term, doc)
				touch(old[j].term, false)
				j++
			case j == len(old) || ts[k].term < old[j].term:
				ts[k].term = x.set(ts[k].term, posting{doc, ts[k].w})
				touch(ts[k].term, true)
				k++
			default:
				if old[j].w != ts[k].w {
					x.set(ts[k].term, posting{doc, ts[k].w})
					touch(ts[k].term, false)
				}
				ts[k].term = old[j].term // the one copy
				j++
				k++
			}
		}
	}
	x.site = c.Site
	keys := make([]string, 0, len(tops))
	for top := range tops {
		keys = append(keys, top)
	}
	slices.Sort(keys)
	for _, top := range keys {
		// The terms of top: those of its shards still in some document,
		// and those it gained.
		before := x.tops[top]
		seen := map[string]bool{}
		var ts []string
		for _, t := range tops[top] {
			if !seen[t] && x.count(t) > 0 {
				seen[t] = true
				ts = append(ts, t)
			}
		}
		for _, k := range before {
			for _, t := range x.leaves[k] {
				if !seen[t] && x.count(t) > 0 {
					seen[t] = true
					ts = append(ts, t)
				}
			}
			delete(x.leaves, k)
		}
		delete(x.tops, top)
		if len(ts) > 0 {
			x.place(top, top, ts)
		}
		after := x.tops[top]
		for _, k := range before {
			changed = append(changed, "t/"+k+".json")
		}
		for _, k := range after {
			if !slices.Contains(before, k) {
				changed = append(changed, "t/"+k+".json")
			}
		}
		if !sameLeaves(before, after) {
			changed = append(changed, "shards.json")
		}
	}
	return changed, false
}

func sameLeaves(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// count returns how many documents hold term.
func (x *searchIndex) count(term string) int {
	if p := x.post[term]; p != nil {
		return len(p.ps)
	}
	return 0
}

// remove takes doc out of term's postings.
func (x *searchIndex) remove(term string, doc int32) {
	p := x.post[term]
	if p == nil {
		return
	}
	i, ok := slices.BinarySearchFunc(p.ps, doc, func(q posting, d int32) int { return int(q.doc - d) })
	if !ok {
		return
	}
	p.ps = slices.Delete(p.ps, i, i+1)
	if len(p.ps) == 0 {
		delete(x.post, term)
	}
}

// set puts q in term's postings, or changes its weight, and returns the
// one copy of term.
func (x *searchIndex) set(term string, q posting) string {
	p := x.post[term]
	if p == nil {
		p = &postings{term: term}
		x.post[term] = p
	}
	i, ok := slices.BinarySearchFunc(p.ps, q.doc, func(r posting, d int32) int { return int(r.doc - d) })
	if ok {
		p.ps[i] = q
	} else {
		p.ps = slices.Insert(p.ps, i, q)
	}
	return p.term
}

// shards returns the shards' keys, sorted.
func (x *searchIndex) shards() []string { return slices.Sorted(maps.Keys(x.leaves)) }

// shard writes the shard key: {"term":[p,p…],…}, terms sorted, each
// posting one number, (document − previous document) × 32 + weight.
func (x *searchIndex) shard(key string) []byte {
	b := make([]byte, 0, 1024)
	b = append(b, '{')
	for i, t := range x.leaves[key] {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = appendJSONString(b, t)
		b = append(b, ":["...)
		prev := int32(0)
		for j, p := range x.post[t].ps {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(p.doc-prev)*32+int64(p.w), 10)
			prev = p.doc
		}
		b = append(b, ']')
	}
	return append(b, "}\n"...)
}

// searchShards writes shards.json (see above).
func searchShards(x *searchIndex) []byte {
	b := make([]byte, 0, 8*len(x.leaves)+64)
	b = append(b, `{"v":1,"n":`...)
	b = strconv.AppendInt(b, int64(len(x.docs)), 10)
	b = append(b, `,"chunk":`...)
	b = strconv.AppendInt(b, searchChunk, 10)
	b = append(b, ",\n\"shards\":"...)
	b = appendJSONStrings(b, x.shards())
	return append(b, "}\n"...)
}

// searchMeta writes index.json (see above), with line making each
// document's line (facetLines.line, or a preview's cache of it).
func searchMeta(c *chrono.Chronology, line func(*chrono.Chronology, *chrono.Entry) ([]byte, error)) ([]byte, error) {
	b := make([]byte, 0, 64*len(c.Entries)+4096)
	b = append(b, `{"v":1,"n":`...)
	b = strconv.AppendInt(b, int64(len(c.Entries)), 10)
	// Years, as runs: [year, how many documents], in order.
	b = append(b, ",\n\"years\":["...)
	for i, y := range c.Years {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(y.Year), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(len(y.Entries)), 10)
		b = append(b, ']')
	}
	b = append(b, ']')
	// Labels: [slug, name]; a document's facet is a number into them, 0
	// for none (kind, procedure), so the lists start at 1.
	b = append(b, ",\n\"types\":["...)
	for i, s := range slices.Sorted(maps.Keys(c.Site.Types)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendPair(b, s, c.Site.Types[s].Name)
	}
	b = append(b, ']')
	b = append(b, ",\n\"procedures\":["...)
	for i, p := range c.Site.Procedures {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendPair(b, p.Slug, markdown.Typography(p.Title))
	}
	b = append(b, ']')
	b = append(b, ",\n\"actors\":["...)
	for i, s := range c.Site.ActorSlugs() {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = appendPair(b, s, c.Site.Actors[s].Name)
	}
	b = append(b, ']')
	b = append(b, ",\n\"articles\":["...)
	for i, n := range c.Articles() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, ',')
		title := ""
		if a := dsa.Lookup(n); a != nil {
			title = a.Title
		}
		b = appendJSONString(b, title)
		b = append(b, ']')
	}
	b = append(b, ']')
	// Per document, one a line: [kind, procedure, [actors], [articles]].
	b = append(b, ",\n\"docs\":["...)
	for i, e := range c.Entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		l, err := line(c, e)
		if err != nil {
			return nil, err
		}
		b = append(b, l...)
	}
	return append(b, "]}\n"...), nil
}

// facetLines makes the lines of index.json's documents (see searchMeta):
// the numbers of an entry's kind, procedure and actors are places in lists
// of c, which it keeps for the chronology it was last called with. A
// preview keeps the lines (lineCache) while site.toml and the list of
// procedures are unchanged.
type facetLines struct {
	c                    *chrono.Chronology
	types, procs, actors map[string]int
}

func (f *facetLines) line(c *chrono.Chronology, e *chrono.Entry) ([]byte, error) {
	if f.c != c {
		f.c = c
		f.types, f.procs, f.actors = map[string]int{}, map[string]int{}, map[string]int{}
		for i, s := range slices.Sorted(maps.Keys(c.Site.Types)) {
			f.types[s] = i + 1
		}
		for i, p := range c.Site.Procedures {
			f.procs[p.Slug] = i + 1
		}
		for i, s := range c.Site.ActorSlugs() {
			f.actors[s] = i
		}
	}
	b := make([]byte, 0, 32)
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(f.types[e.Type]), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(f.procs[e.Procedure]), 10)
	b = append(b, ",["...)
	for j, a := range e.Actors {
		if j > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(f.actors[a]), 10)
	}
	b = append(b, "],["...)
	for j, n := range e.Articles() {
		if j > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, "]]"...), nil
}

// searchDocs writes d/<n>.json: for each document, [date (ISO, its
// start), date (French), title, summary, path (under the base path), kind
// of event (its name, "" for none)].
func searchDocs(site *chrono.Site, entries []*chrono.Entry) []byte {
	b := make([]byte, 0, 400*len(entries))
	b = append(b, '[')
	for i, e := range entries {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, '[')
		b = appendJSONString(b, e.Date.Start.ISO())
		b = append(b, ',')
		b = appendJSONString(b, e.Date.French())
		b = append(b, ',')
		b = appendJSONString(b, markdown.Typography(e.Title))
		b = append(b, ',')
		b = appendJSONString(b, markdown.Typography(e.Summary))
		b = append(b, ',')
		b = appendJSONString(b, strings.TrimPrefix(e.URLPath(), "/"))
		b = append(b, ',')
		kind := ""
		if t := site.Types[e.Type]; t != nil {
			kind = t.Name
		}
		b = appendJSONString(b, kind)
		b = append(b, ']')
	}
	return append(b, "]\n"...)
}

func appendPair(b []byte, a, c string) []byte {
	b = append(b, '[')
	b = appendJSONString(b, a)
	b = append(b, ',')
	b = appendJSONString(b, c)
	return append(b, ']')
}

func appendJSONStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string, with <, > and & escaped as
// encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20 || c == '<' || c == '>' || c == '&':
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		case c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9):
			b = append(b, `\u202`...)
			b = append(b, hex[s[i+2]-0xa8+8])
			i += 2
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// searchKey is the key of a file of recherche/ whose bytes the index
// follows itself (see searchIndex.update): Incremental adds it to the keys a
// change touched.
func searchKey(name string) chrono.Key { return chrono.Key{Part: chrono.PartSearch, Name: name} }

// searchOutputs lists the files of the index of c, x (see above), with
// what they read.
func searchOutputs(c *chrono.Chronology, x *searchIndex, file func(string, func() ([]byte, error), ...chrono.Key)) {
	meta := []chrono.Key{entriesKey, proceduresKey}
	for _, p := range c.Site.Procedures {
		meta = append(meta, chrono.ProcedureKey(p.Slug))
	}
	file(searchDir+"shards.json", func() ([]byte, error) { return searchShards(x), nil }, orderKey, searchKey("shards.json"))
	file(searchDir+"index.json", func() ([]byte, error) { return searchMeta(c, new(facetLines).line) }, meta...)
	file(searchDir+"recherche.js", func() ([]byte, error) { return searchJS, nil })
	for _, k := range x.shards() {
		name := "t/" + k + ".json"
		file(searchDir+name, func() ([]byte, error) { return x.shard(k), nil }, orderKey, searchKey(name))
	}
	for i := 0; i*searchChunk < len(c.Entries); i++ {
		chunk := c.Entries[i*searchChunk : min(len(c.Entries), (i+1)*searchChunk)]
		reads := make([]chrono.Key, 0, len(chunk)+1)
		reads = append(reads, orderKey)
		for _, e := range chunk {
			reads = append(reads, chrono.EntryKey(e.Slug))
		}
		file(searchDir+"d/"+strconv.Itoa(i)+".json", func() ([]byte, error) { return searchDocs(c.Site, chunk), nil }, reads...)
	}
}

// RenderSearch makes the files of c's search index alone, on every core, and
// hands each to emit, as Render does among the others: what the index costs
// a build (BenchmarkSearchIndex).
func RenderSearch(c *chrono.Chronology, emit Emit) error {
	var jobs []job
	searchOutputs(c, indexOf(c, nil, false), func(name string, make func() ([]byte, error), _ ...chrono.Key) {
		jobs = append(jobs, job{name: name, make: make})
	})
	_, err := Run(jobs, emit)
	return err
}
