package render

import (
	"bytes"
	"io/fs"
	"maps"
	"slices"
	"sync"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// Incremental renders a site again after a change, making only the files
// the change reaches, and keeps the others from its last render. The files
// of a render are those Render makes, byte for byte.
//
// It records what each file read when it was made: a page, every key its
// layout asked for through the methods of Page (chrono.Key: an entry, the
// entries of an actor, the order of entries…), those of the cached partials
// it used included; a file made without layouts, the keys it declares. A
// render asks chrono.Diff which keys the change touched, and makes again
// exactly the files whose keys meet them, and the files added. Nothing is
// guessed from names or from what today's layouts happen to show: a page is
// made again when something it read changed, whatever its layout reads.
// The first render, and any after a change to the layouts or the options,
// starts from nothing, as Render does.
//
// What it keeps from render to render ends: a cached partial is dropped
// when a change touches what it read or when a render did not use it, an
// entry's line of chronologie.json when the last file did not hold it.
type Incremental struct {
	prev       *chrono.Chronology // of the last good render
	layouts    *Layouts
	opts       Options
	files      map[string][]byte                  // of the last good render
	reads      map[string][]chrono.Key            // what each file of files read
	readers    map[chrono.Key]map[string]struct{} // the files that read each key
	static     []string                           // files of static/, as staticFiles lists them
	entryNames []string                           // names of the entries\' pages, in order (see outputs)
	json       *lineCache                         // lines of chronologie.json
	csv        *lineCache                         // rows of chronologie.csv
	facets     *lineCache                         // lines of recherche/index.json (kept while site.toml and the procedures are)
	// partials are the outputs of Page.Cached, kept from render to render
	// while what they read is unchanged and they are used.
	partials *partials
	// search is the search index, kept up to date from save to save;
	// searched, the keys of its files it changed since the last good
	// render (an index changed by a render that failed is not undone).
	search   *searchIndex
	searched chrono.Keys
}

// Result is what a render made.
type Result struct {
	Files   map[string][]byte // every file of the site, by name; never modified afterwards
	Changed []string          // names of files added, changed or removed, sorted
	Made    []string          // names of the files this render made, sorted
}

// Render renders c with l. staticChanged says that files of static/ may
// have changed. Problems are layouts that failed and static files in the
// way of generated ones; when there are problems, or an error, the last
// good render is kept as the base of the next one.
func (inc *Incremental) Render(c *chrono.Chronology, l *Layouts, fsys fs.FS, opts Options, staticChanged bool) (*Result, chrono.Problems, error) {
	fresh := inc.prev == nil || l != inc.layouts || opts != inc.opts
	if fresh {
		*inc = Incremental{partials: newPreviewPartials(), json: newLineCache(jsonEntryOf), csv: newLineCache(csvRowOf)}
	}
	static := inc.static
	var staticProbs chrono.Problems
	if fresh || staticChanged {
		var err error
		static, staticProbs, err = staticFiles(fsys)
		if err != nil {
			return nil, nil, err
		}
	}
	// The keys the change touched: none is known on a fresh start, when
	// every file is made.
	var touched chrono.Keys
	var names []string // of the entries' pages, if still theirs
	if !fresh {
		touched = chrono.Diff(inc.prev, c)
		if !touched.Has(orderKey) {
			names = inc.entryNames
		}
		if staticChanged {
			for _, name := range static {
				touched.Add(chrono.FileKey(name))
			}
		}
	}
	if fresh || touched.Has(siteKey) || touched.Has(proceduresKey) {
		inc.facets = newLineCache(new(facetLines).line)
	}
	if fresh {
		inc.search = newSearchIndex(c, nil)
	} else {
		changed, all := inc.search.update(c, touched.Has(siteKey))
		if inc.searched == nil {
			inc.searched = chrono.Keys{}
		}
		if all {
			for k := range inc.readers {
				if k.Part == chrono.PartSearch {
					inc.searched.Add(k)
				}
			}
			inc.searched.Add(searchKey("shards.json"))
		}
		for _, name := range changed {
			inc.searched.Add(searchKey(name))
		}
		for k := range inc.searched {
			touched.Add(k)
		}
	}
	remake := map[string]bool{}
	outs := outputs(c, opts, static, fsys, names, inc.search)
	if names == nil {
		names = make([]string, len(c.Entries))
		for i := range names {
			names[i] = outs[1+len(c.Years)+i].name
		}
	}
	for k := range touched {
		for name := range inc.readers[k] {
			remake[name] = true
		}
	}
	kept := 0 // files of the last render still in the site
	for _, o := range outs {
		if _, ok := inc.files[o.name]; ok {
			kept++
		} else {
			remake[o.name] = true
		}
	}
	removed := len(inc.files) - kept
	if fresh || staticChanged || kept < len(outs) || removed > 0 {
		if probs := append(staticProbs, clashes(outs)...); len(probs) > 0 {
			return nil, probs, nil
		}
	}
	// Links to paths of the site: any entry may have changed its own, or
	// what they lead to.
	if probs := pathProblems(c, outs); len(probs) > 0 {
		return nil, probs, nil
	}

	inc.partials.next(touched)
	var run []job
	var ran []*output
	for i := range outs {
		o := &outs[i]
		if !fresh && !remake[o.name] {
			continue
		}
		j := o.job(l, inc.partials, true)
		switch o.name {
		case "chronologie.json":
			j.make = func() ([]byte, error) { return jsonDocument(c, inc.json.line) }
		case "chronologie.csv":
			j.make = func() ([]byte, error) { return csvDocument(c, inc.csv.line) }
		case searchDir + "index.json":
			j.make = func() ([]byte, error) { return searchMeta(c, inc.facets.line) }
		}
		run = append(run, j)
		ran = append(ran, o)
	}
	var mu sync.Mutex
	made := make(map[string][]byte, len(run))
	probs, err := Run(run, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		made[name] = bytes.Clone(data) // data is the page's buffer: see Emit
		return nil
	})
	if err != nil || len(probs) > 0 {
		// The partials made for c are not those of the last good render,
		// which the next one is compared with: they could outlive a change
		// that is undone. Start them again.
		inc.partials = newPreviewPartials()
		// So are the lines of index.json, made with the numbers of its
		// actors and procedures.
		inc.facets = newLineCache(new(facetLines).line)
		return nil, probs, err
	}
	inc.partials.sweep()
	inc.searched = nil

	res := &Result{Files: make(map[string][]byte, len(outs))}
	if removed == 0 && !fresh {
		res.Files = maps.Clone(inc.files)
	} else {
		for _, o := range outs {
			if data, ok := inc.files[o.name]; ok {
				res.Files[o.name] = data
			}
		}
		for name := range inc.files {
			if _, ok := res.Files[name]; !ok {
				res.Changed = append(res.Changed, name)
				inc.forget(name)
			}
		}
	}
	for _, o := range ran {
		data := made[o.name]
		if old, had := inc.files[o.name]; !had || !bytes.Equal(old, data) {
			res.Changed = append(res.Changed, o.name)
		}
		res.Files[o.name] = data
		res.Made = append(res.Made, o.name)
		inc.forget(o.name)
		inc.record(o.name, o.keys())
	}
	slices.Sort(res.Changed)
	slices.Sort(res.Made)
	inc.prev, inc.layouts, inc.opts, inc.files, inc.static, inc.entryNames = c, l, opts, res.Files, static, names
	return res, nil, nil
}

// record notes that the file name read keys.
func (inc *Incremental) record(name string, keys []chrono.Key) {
	if inc.reads == nil {
		inc.reads, inc.readers = map[string][]chrono.Key{}, map[chrono.Key]map[string]struct{}{}
	}
	inc.reads[name] = keys
	for _, k := range keys {
		r := inc.readers[k]
		if r == nil {
			r = map[string]struct{}{}
			inc.readers[k] = r
		}
		r[name] = struct{}{}
	}
}

// forget drops what the file name read.
func (inc *Incremental) forget(name string) {
	for _, k := range inc.reads[name] {
		r := inc.readers[k]
		delete(r, name)
		if len(r) == 0 {
			delete(inc.readers, k)
		}
	}
	delete(inc.reads, name)
}

// lineCache keeps, for a preview, the line of each entry in a file made of
// one line per entry (chronologie.json, chronologie.csv), so that the file
// is made again from the lines of the entries that changed. It keeps only
// the lines of the last file made.
type lineCache struct {
	of      func(*chrono.Chronology, *chrono.Entry) ([]byte, error)
	entries map[*chrono.Entry][]byte // of the last file
	next    map[*chrono.Entry][]byte // of the file being made
}

func newLineCache(of func(*chrono.Chronology, *chrono.Entry) ([]byte, error)) *lineCache {
	return &lineCache{of: of, entries: map[*chrono.Entry][]byte{}}
}

// line returns e's line. Calls for a file come from one goroutine, in
// order: the first entry starts a new file.
func (lc *lineCache) line(c *chrono.Chronology, e *chrono.Entry) ([]byte, error) {
	if len(c.Entries) > 0 && e == c.Entries[0] {
		lc.next = make(map[*chrono.Entry][]byte, len(c.Entries))
	}
	line := lc.entries[e]
	if line == nil {
		var err error
		if line, err = lc.of(c, e); err != nil {
			return nil, err
		}
	}
	lc.next[e] = line
	if e == c.Entries[len(c.Entries)-1] {
		lc.entries, lc.next = lc.next, nil
	}
	return line, nil
}
