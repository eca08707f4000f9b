package chrono

import (
	"reflect"
	"slices"
)

// Key names a part of the model that an output of the site may read: an
// entry, the entries of an actor, the order of every entry… A preview
// records, while it makes each file, the keys of what the file read; Diff
// says which keys a change touched; the files to make again are those whose
// keys meet them. An entry is two keys: its annotation (Body, and the paths
// it links to), and every other field. A key that names a list of entries
// (Entries, Year, Actor, Article, LinkedBy) stands for the list's members
// and order and for every field of its members but their annotations, as
// if the reader had read them all.
type Key struct {
	Part Part
	Name string // the slug of an entry or actor, for the parts that have one
	N    int    // the year or the article, for the parts that have one
}

// Part is the kind of a Key.
type Part uint8

// The parts of the model.
const (
	// PartSite is site.toml: the settings, the declared actors, kinds of
	// event and forge; and where the site is in its repository, if it has
	// a history (History.Prefix).
	PartSite Part = iota + 1
	// PartIntro is the home page's introduction (content/_index.md).
	PartIntro
	// PartEntry is one entry, every field but its annotation (Name: its
	// slug); an entry that is added or removed touches it too.
	PartEntry
	// PartBody is the annotation of one entry, as rendered, and the paths
	// of the site it links to (Name: its slug).
	PartBody
	// PartNeighbours is which entries come before and after one (Name:
	// its slug).
	PartNeighbours
	// PartEntries is every entry, in order.
	PartEntries
	// PartYears is the list of years that have entries.
	PartYears
	// PartYear is the entries of a year (N: the year).
	PartYear
	// PartActor is the entries an actor takes part in (Name: its slug).
	PartActor
	// PartArticle is the entries citing an article (N: its number).
	PartArticle
	// PartArticles is the list of cited articles.
	PartArticles
	// PartLinkedBy is the entries that name an entry, by their related list
	// or a link (Name: its slug).
	PartLinkedBy
	// PartCalendar is how many entries start in each month: the timelines'
	// counts.
	PartCalendar
	// PartOrder is the slugs and years of every entry, in order, without
	// their other fields: the addresses of their pages, which the sitemap
	// lists.
	PartOrder
	// PartFile is a file of the site's folders (Name: its path, such as
	// "static/style.css"), for the outputs that copy one.
	PartFile
	// PartProcedures is the list of procedures: their slugs, in order,
	// without their other fields.
	PartProcedures
	// PartProcedure is one procedure, every field but its annotation
	// (Name: its slug); a procedure that is added or removed touches it
	// too.
	PartProcedure
	// PartProcedureBody is the annotation of one procedure, as rendered,
	// and the paths of the site it links to (Name: its slug).
	PartProcedureBody
	// PartSteps is the entries that are steps of a procedure, in order
	// (Name: the procedure's slug): a list of entries, like PartActor.
	PartSteps
	// PartCorrections is the corrections of every entry, newest first,
	// with every field of the entries they are on but their annotations:
	// /corrections/ and its feed.
	PartCorrections
	// PartAbout is the page « À propos » (content/_a-propos.md), as
	// rendered, and the paths of the site it links to.
	PartAbout
	// PartHasAbout is whether the site has the page « À propos »: the
	// links to it.
	PartHasAbout
	// PartVersion is the last commit that changed one entry's file, from
	// the repository's history (Name: its slug).
	PartVersion
	// PartVersions is the versions of every entry: the feeds' <updated>.
	PartVersions
	// PartSearch is a file of the search index (Name: its name under
	// recherche/, "t/gr.json"), which holds the words of many entries:
	// Diff does not report it. The index, which keeps every entry's words,
	// says which of its files a change reaches (render's searchIndex), and
	// the preview adds their keys to Diff's.
	PartSearch
)

// Keys is a set of keys.
type Keys map[Key]struct{}

// Add adds k to ks.
func (ks Keys) Add(k Key) { ks[k] = struct{}{} }

// Has reports whether ks holds k.
func (ks Keys) Has(k Key) bool { _, ok := ks[k]; return ok }

// EntryKey, ActorKey… are the keys of one part of the model.
func EntryKey(slug string) Key         { return Key{Part: PartEntry, Name: slug} }
func BodyKey(slug string) Key          { return Key{Part: PartBody, Name: slug} }
func NeighboursKey(slug string) Key    { return Key{Part: PartNeighbours, Name: slug} }
func YearKey(year int) Key             { return Key{Part: PartYear, N: year} }
func ActorKey(slug string) Key         { return Key{Part: PartActor, Name: slug} }
func ArticleKey(n int) Key             { return Key{Part: PartArticle, N: n} }
func LinkedByKey(slug string) Key      { return Key{Part: PartLinkedBy, Name: slug} }
func FileKey(path string) Key          { return Key{Part: PartFile, Name: path} }
func ProcedureKey(slug string) Key     { return Key{Part: PartProcedure, Name: slug} }
func ProcedureBodyKey(slug string) Key { return Key{Part: PartProcedureBody, Name: slug} }
func StepsKey(procedure string) Key    { return Key{Part: PartSteps, Name: procedure} }
func VersionKey(slug string) Key       { return Key{Part: PartVersion, Name: slug} }

// Diff returns the keys of what differs between two chronologies: the
// parts of the model a reader of old would now read differently in c. It
// compares every entry, every list and every neighbour, by pointer first
// (a preview keeps an unchanged entry's pointer), so it costs little when
// little changed.
func Diff(old, c *Chronology) Keys {
	ks := Keys{}
	if !sameSettings(old.Site, c.Site) {
		ks.Add(Key{Part: PartSite})
	}
	if old.Site.Intro != c.Site.Intro || !slices.Equal(old.Site.IntroPaths, c.Site.IntroPaths) {
		ks.Add(Key{Part: PartIntro})
	}
	if old.Site.About != c.Site.About || !slices.Equal(old.Site.AboutPaths, c.Site.AboutPaths) {
		ks.Add(Key{Part: PartAbout})
	}
	if (old.Site.About == "") != (c.Site.About == "") {
		ks.Add(Key{Part: PartHasAbout})
	}
	sameHistory := old.Site.History == c.Site.History
	// version adds the key of the version of an entry (e0 in old, e1 in
	// c, nil if absent) if it differs or the entry was added or removed.
	version := func(slug string, e0, e1 *Entry) {
		var v0, v1 Version
		var ok0, ok1 bool
		if e0 != nil {
			v0, ok0 = old.Site.History.Version(e0.Path)
		}
		if e1 != nil {
			v1, ok1 = c.Site.History.Version(e1.Path)
		}
		if v0 != v1 || ok0 != ok1 {
			ks.Add(VersionKey(slug))
			ks.Add(Key{Part: PartVersions})
		} else if e0 == nil || e1 == nil {
			ks.Add(VersionKey(slug)) // added or removed, with no version
		}
	}
	// An entry that changed changes every list it is in, before and after.
	touch := func(ch *Chronology, e *Entry) {
		ks.Add(Key{Part: PartEntries})
		ks.Add(YearKey(e.Year()))
		for _, a := range e.Actors {
			ks.Add(ActorKey(a))
		}
		for _, n := range e.Articles() {
			ks.Add(ArticleKey(n))
		}
		for _, r := range e.Refs() {
			ks.Add(LinkedByKey(r))
		}
		if e.Procedure != "" {
			ks.Add(StepsKey(e.Procedure))
		}
	}
	changed := func(slug string, e0, e1 *Entry) {
		ks.Add(EntryKey(slug))
		ks.Add(BodyKey(slug))
		if e1 == nil {
			ks.Add(NeighboursKey(slug))
		}
		if e0 != nil {
			touch(old, e0)
		}
		if e1 != nil {
			touch(c, e1)
		}
		if e0 == nil || e1 == nil || e0.Date != e1.Date {
			ks.Add(Key{Part: PartCalendar})
		}
		if (e0 != nil && len(e0.Corrections) > 0) || (e1 != nil && len(e1.Corrections) > 0) {
			ks.Add(Key{Part: PartCorrections})
		}
	}
	kept := 0 // entries of old still in c
	for _, e1 := range c.Entries {
		e0 := old.BySlug[e1.Slug]
		if !sameHistory || e0 != e1 {
			version(e1.Slug, e0, e1)
		}
		switch ch := Changed(e0, e1); {
		case e0 == e1:
		case e0 == nil, ch.Any(^BodyFields):
			changed(e1.Slug, e0, e1)
		case ch.Any(BodyFields):
			ks.Add(BodyKey(e1.Slug))
		}
		if e0 != nil {
			kept++
		}
	}
	if kept < len(old.Entries) {
		for _, e0 := range old.Entries {
			if c.BySlug[e0.Slug] == nil {
				changed(e0.Slug, e0, nil)
				version(e0.Slug, e0, nil)
			}
		}
	}
	// Lists whose members or order changed, though no member did.
	sameOrder := sameList(old.Entries, c.Entries) && slices.EqualFunc(old.Entries, c.Entries, func(a, b *Entry) bool { return a.Year() == b.Year() })
	if !sameOrder {
		ks.Add(Key{Part: PartEntries})
		ks.Add(Key{Part: PartOrder})
	}
	if !slices.EqualFunc(old.Years, c.Years, func(a, b *Year) bool { return a.Year == b.Year }) {
		ks.Add(Key{Part: PartYears})
	}
	oldYears := make(map[int][]*Entry, len(old.Years))
	for _, y := range old.Years {
		oldYears[y.Year] = y.Entries
	}
	for _, y := range c.Years {
		if !sameList(oldYears[y.Year], y.Entries) {
			ks.Add(YearKey(y.Year))
		}
		delete(oldYears, y.Year)
	}
	for y := range oldYears {
		ks.Add(YearKey(y))
	}
	diffIndex(ks, old.ByActor, c.ByActor, ActorKey)
	diffIndex(ks, old.LinkedBy, c.LinkedBy, LinkedByKey)
	if diffIndex(ks, old.ByArticle, c.ByArticle, ArticleKey) {
		ks.Add(Key{Part: PartArticles})
	}
	diffProcedures(ks, old.Site.Procedures, c.Site.Procedures)
	if !sameOrder {
		// The steps of a procedure are a list like an actor's: an entry
		// that moved can move among them.
		diffIndex(ks, steps(old), steps(c), StepsKey)
	}
	// Neighbours: an entry whose previous or next entry is another one.
	for i, e := range c.Entries {
		if sameOrder {
			break
		}
		j, ok := old.index[old.BySlug[e.Slug]]
		if !ok || slugAt(c.Entries, i-1) != slugAt(old.Entries, j-1) || slugAt(c.Entries, i+1) != slugAt(old.Entries, j+1) {
			ks.Add(NeighboursKey(e.Slug))
		}
	}
	return ks
}

// diffProcedures adds the keys of the procedures that differ between old
// and ps, and of their list.
func diffProcedures(ks Keys, old, ps []*Procedure) {
	if len(old) == 0 && len(ps) == 0 {
		return
	}
	if !slices.EqualFunc(old, ps, func(a, b *Procedure) bool { return a.Slug == b.Slug }) {
		ks.Add(Key{Part: PartProcedures})
	}
	bySlug := make(map[string]*Procedure, len(old))
	for _, p := range old {
		bySlug[p.Slug] = p
	}
	for _, p1 := range ps {
		p0 := bySlug[p1.Slug]
		delete(bySlug, p1.Slug)
		switch {
		case p0 == p1:
		case p0 == nil:
			ks.Add(ProcedureKey(p1.Slug))
			ks.Add(ProcedureBodyKey(p1.Slug))
		default:
			x, y := *p0, *p1
			x.Body, y.Body, x.Paths, y.Paths = "", "", nil, nil
			if !reflect.DeepEqual(x, y) {
				ks.Add(ProcedureKey(p1.Slug))
			}
			if p0.Body != p1.Body || !reflect.DeepEqual(p0.Paths, p1.Paths) {
				ks.Add(ProcedureBodyKey(p1.Slug))
			}
		}
	}
	for slug := range bySlug { // removed
		ks.Add(ProcedureKey(slug))
		ks.Add(ProcedureBodyKey(slug))
	}
}

// steps returns the steps of every procedure of c, by procedure.
func steps(c *Chronology) map[string][]*Entry {
	m := map[string][]*Entry{}
	for _, e := range c.Entries {
		if e.Procedure != "" {
			m[e.Procedure] = append(m[e.Procedure], e)
		}
	}
	return m
}

// diffIndex adds the key of each list of an index that differs between
// old and c, and reports whether the index has other lists.
func diffIndex[K comparable](ks Keys, old, c map[K][]*Entry, key func(K) Key) (others bool) {
	for k, list := range c {
		if !sameList(old[k], list) {
			ks.Add(key(k))
		}
		if old[k] == nil {
			others = true
		}
	}
	for k := range old {
		if c[k] == nil {
			ks.Add(key(k))
			others = true
		}
	}
	return others
}

// EntryFields is a set of the fields of Entry, one bit per field in the
// order of the struct: what differs between two versions of an entry
// (Changed), or what a reader of entries reads of them (FieldsOf).
type EntryFields uint64

// Any reports whether f and g have a field in common.
func (f EntryFields) Any(g EntryFields) bool { return f&g != 0 }

var entryType = reflect.TypeFor[Entry]()

// FieldsOf returns the set of the fields of Entry with these names. It
// panics if Entry has no field of one of the names: a reader that names
// the fields it reads learns at once that one was renamed.
func FieldsOf(names ...string) EntryFields {
	var f EntryFields
	for _, name := range names {
		sf, ok := entryType.FieldByName(name)
		if !ok || len(sf.Index) != 1 {
			panic("chrono: Entry has no field " + name)
		}
		f |= 1 << sf.Index[0]
	}
	return f
}

// BodyFields are the fields of an entry that are its annotation, as
// rendered (BodyKey): Body, Paths, and whether it is rendered at all.
// Every other field is read with EntryKey.
var BodyFields = FieldsOf("Body", "Paths", "rendered")

// Changed returns the fields that differ between two versions of an entry
// (every field if one is nil). It is the one comparison of entries: Diff
// says with it which keys of an entry a change touched, Update whether an
// entry moved in the model's lists, and the preview's cache of the
// warnings across entries whether they may have changed. It compares
// every field, so a field added to Entry is compared without being named
// here.
func Changed(a, b *Entry) EntryFields {
	if a == b {
		return 0
	}
	all := EntryFields(1)<<entryType.NumField() - 1
	if a == nil || b == nil {
		return all
	}
	var f EntryFields
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range entryType.NumField() {
		x, y := va.Field(i), vb.Field(i)
		var same bool
		switch x.Kind() {
		case reflect.String, reflect.Bool, reflect.Int:
			same = x.Equal(y) // without the allocation of Interface
		default:
			same = reflect.DeepEqual(x.Interface(), y.Interface())
		}
		if !same {
			f |= 1 << i
		}
	}
	return f
}

// sameList reports whether two lists have the same entries, by slug, in
// the same order.
func sameList(a, b []*Entry) bool {
	if len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) {
		return true // one list: Update shares what did not change
	}
	return slices.EqualFunc(a, b, func(x, y *Entry) bool { return x == y || x.Slug == y.Slug })
}

func slugAt(list []*Entry, i int) string {
	if i < 0 || i >= len(list) {
		return ""
	}
	return list[i].Slug
}

// sameSettings reports whether a and b are the same settings, actors,
// kinds of event and forge, with the site at the same place in its
// repository (History.Prefix, or no history); the home page's
// introduction, the page « À propos », the procedures and the versions of
// entries are compared apart.
func sameSettings(a, b *Site) bool {
	if a == b {
		return true
	}
	if (a.History == nil) != (b.History == nil) || (a.History != nil && a.History.Prefix != b.History.Prefix) {
		return false
	}
	x, y := *a, *b
	x.Intro, y.Intro, x.IntroPaths, y.IntroPaths = "", "", nil, nil
	x.About, y.About, x.AboutPaths, y.AboutPaths = "", "", nil, nil
	x.Procedures, y.Procedures = nil, nil
	x.History, y.History = nil, nil
	return reflect.DeepEqual(x, y)
}
