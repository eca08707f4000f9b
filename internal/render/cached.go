package render

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// partials keeps the output of partials rendered through Page.Cached: for
// one build, or, in a preview, from render to render, each with the keys of
// what it read, until a change touches one of them or a render does not use
// it.
type partials struct {
	mu    sync.Mutex
	m     map[partialKey]*cachedPartial
	lists map[string]*cachedList // see listKey; nil in a build
	gen   int                    // the render under way, counted from 1
	tl    struct {               // see timeline
		c     *chrono.Chronology
		years []YearCount
		max   int
		bars  string // the background's, see timelineBackground
	}
}

type partialKey struct {
	name       string
	k0, k1, k2 any
}

type cachedPartial struct {
	once  sync.Once
	html  template.HTML
	err   error
	reads chrono.Keys // what the partial read, if the page that made it recorded
	used  int         // the last render that asked for it
}

type cachedList struct {
	entries []*chrono.Entry
	used    int
}

// newPartials returns the partials of one build: lists of entries are not
// cached (see Sections).
func newPartials() *partials { return &partials{m: map[partialKey]*cachedPartial{}} }

// newPreviewPartials returns partials kept from render to render by a
// preview: lists of entries are cached too.
func newPreviewPartials() *partials {
	return &partials{m: map[partialKey]*cachedPartial{}, lists: map[string]*cachedList{}}
}

// next starts a render that changed what the keys touched say: the
// partials that read one of them are dropped.
func (ps *partials) next(touched chrono.Keys) {
	ps.gen++
	for k, c := range ps.m {
		if c.err != nil || meets(c.reads, touched) {
			delete(ps.m, k)
		}
	}
}

// sweep drops what the render just done did not use.
func (ps *partials) sweep() {
	for k, c := range ps.m {
		if c.used != ps.gen {
			delete(ps.m, k)
		}
	}
	for k, l := range ps.lists {
		if l.used != ps.gen {
			delete(ps.lists, k)
		}
	}
}

// meets reports whether reads holds one of touched's keys; a nil touched
// stands for every key.
func meets(reads, touched chrono.Keys) bool {
	if touched == nil {
		return true
	}
	if len(touched) < len(reads) {
		for k := range touched {
			if reads.Has(k) {
				return true
			}
		}
		return false
	}
	for k := range reads {
		if touched.Has(k) {
			return true
		}
	}
	return false
}

// uncached, as a key of Cached, executes the partial every time.
type uncached struct{}

// listKey returns a key naming exactly these entries, in this order (their
// addresses), if lists are cached, or uncached. The entries of every key
// given are kept (in lists) as long as the outputs cached with it, so that
// no address is reused for another entry while a key naming it can still be
// asked for.
func (ps *partials) listKey(entries []*chrono.Entry) any {
	if ps == nil || ps.lists == nil {
		return uncached{}
	}
	key := make([]byte, 0, 8*len(entries))
	for _, e := range entries {
		key = binary.LittleEndian.AppendUint64(key, uint64(uintptr(unsafe.Pointer(e))))
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	l := ps.lists[string(key)]
	if l == nil {
		l = &cachedList{entries: slices.Clone(entries)}
		ps.lists[string(key)] = l
	}
	l.used = ps.gen
	return string(key)
}

// Cached executes the partial name with data the first time it is asked
// for with these keys during a build, and returns the same output every
// other time, from any page: a layout uses it for what many pages share
// (the site's header, an entry's item in every list it appears in), and
// names in keys everything the output depends on besides the site (as
// Hugo's partialCached does). At most three keys, each comparable.
//
//	{{.Cached "partials/header.html" . .Kind .CurrentYear}}
//	{{$.Cached "partials/entry-item.html" . .Entry}}
func (p *Page) Cached(name string, data any, keys ...any) (template.HTML, error) {
	if len(keys) > 3 {
		return "", fmt.Errorf("Cached %s: at most 3 keys, got %d", name, len(keys))
	}
	k := partialKey{name: name}
	for i, key := range keys {
		if key != nil && !reflect.TypeOf(key).Comparable() {
			return "", fmt.Errorf("Cached %s: key %d (%T) cannot be compared; use a string, a number or a pointer", name, i+1, key)
		}
		switch i {
		case 0:
			k.k0 = key
		case 1:
			k.k1 = key
		case 2:
			k.k2 = key
		}
	}
	if p.partials == nil || slices.Contains(keys, any(uncached{})) {
		return p.partial(name, data)
	}
	p.partials.mu.Lock()
	c := p.partials.m[k]
	if c == nil {
		c = &cachedPartial{}
		p.partials.m[k] = c
	}
	c.used = p.partials.gen
	p.partials.mu.Unlock()
	c.once.Do(func() {
		// What the partial reads is its own: it is recorded apart, then
		// given to every page that uses it.
		page := p.reads
		if page != nil {
			p.reads = chrono.Keys{}
		}
		c.html, c.err = p.partial(name, data)
		c.reads, p.reads = p.reads, page
	})
	if p.reads != nil {
		for k := range c.reads {
			p.reads[k] = struct{}{}
		}
	}
	return c.html, c.err
}

// Items renders the partial name once per item, through Cached with the
// item's entry as key, each on a line of its own: what
//
//	{{range .}}
//	{{$.Cached "partials/entry-item.html" . .Entry}}
//	{{- end}}
//
// writes, in one call rather than one per entry. Lists are long (the home
// page lists every entry, and an entry is in the list of its year, of each
// of its actors and of each of its articles), and each call of a layout
// costs a few microseconds.
//
//	{{$.Items "partials/entry-item.html" .Entries}}
func (p *Page) Items(name string, items []Item) (template.HTML, error) {
	var b strings.Builder
	for _, it := range items {
		html, err := p.Cached(name, it, it.Entry)
		if err != nil {
			return "", err
		}
		if b.Cap() == 0 {
			b.Grow(len(items) * (1 + len(html))) // items are alike in size
		}
		b.WriteByte('\n')
		b.WriteString(string(html))
	}
	return template.HTML(b.String()), nil
}

// partial executes a partial of the page's layouts.
func (p *Page) partial(name string, data any) (template.HTML, error) {
	t := p.layouts.byKind[p.Kind]
	if t == nil {
		return "", fmt.Errorf("no layout for %s pages", p.Kind)
	}
	b := pageBuffers.Get().(*bytes.Buffer)
	defer pageBuffers.Put(b)
	b.Reset()
	if err := t.ExecuteTemplate(b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}
