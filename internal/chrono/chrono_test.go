package chrono

import (
	"fmt"
	"maps"
	"reflect"
	"testing"
)

// TestDiff checks that Diff reports every key whose part of the model
// reads differently after a change, by reading each part of both
// chronologies (view) and comparing, and nothing when nothing changed;
// and that Update gives the chronology NewChronology gives, whether it can
// reuse the last one or not, leaving the last one as it was.
func TestDiff(t *testing.T) {
	procs := []*Procedure{{Slug: "p1", Title: "P1", Status: "ouverte", Body: "<p>1</p>"}, {Slug: "p2", Title: "P2", Status: "close"}}
	history := &History{Files: map[string]Version{}}
	site := &Site{Actors: map[string]*Actor{"a": {Slug: "a"}, "b": {Slug: "b"}}, Procedures: procs, About: "<p>À propos</p>", History: history}
	day := func(y, m, d int) Date {
		return Date{Start: Point{Year: y, Month: m, Day: d, Precision: DayPrecision}}
	}
	var entries []*Entry
	for i := range 12 {
		entries = append(entries, &Entry{
			Slug:    fmt.Sprintf("e%02d", i),
			Date:    day(2020+i%3, 1+i%5, 1+i),
			Actors:  []string{"a", "b"}[:1+i%2],
			DSA:     []Citation{{Article: 34 + i%2, Ref: "34"}},
			Related: []string{fmt.Sprintf("e%02d", (i+1)%12)},
			Path:    fmt.Sprintf("content/e%02d.md", i),
		})
		entries[i] = entries[i].WithBody("", nil, nil)
		if i%3 == 0 {
			entries[i].Corrections = []Correction{{Date: day(2025, 1+i%5, 1), Text: "corrigé"}}
		}
		if i%2 == 0 {
			history.Files[entries[i].Path] = Version{Commit: fmt.Sprint(i), Time: int64(1e9 + i)}
		}
		if i%4 == 0 {
			entries[i].Procedure, entries[i].Step = "p1", "ouverture"
		}
	}
	edit := func(i int, f func(e *Entry)) func([]*Entry) []*Entry {
		return func(es []*Entry) []*Entry {
			es = append([]*Entry(nil), es...)
			e := *es[i]
			f(&e)
			es[i] = &e
			return es
		}
	}
	editProc := func(i int, f func(p *Procedure)) func([]*Procedure) []*Procedure {
		return func(ps []*Procedure) []*Procedure {
			ps = append([]*Procedure(nil), ps...)
			p := *ps[i]
			f(&p)
			ps[i] = &p
			return ps
		}
	}
	same := func(es []*Entry) []*Entry { return es }
	// Changes to the site but its procedures, by the name of the case.
	newHistory := func(f func(h *History)) func(s *Site) {
		return func(s *Site) {
			h := &History{Prefix: s.History.Prefix, Files: maps.Clone(s.History.Files)}
			f(h)
			s.History = h
		}
	}
	siteChanges := map[string]func(s *Site){
		"about":             func(s *Site) { s.About = "<p>autre</p>" },
		"about paths":       func(s *Site) { s.AboutPaths = []SitePath{{Path: "/dsa/34/"}} },
		"about removed":     func(s *Site) { s.About = "" },
		"history unchanged": newHistory(func(h *History) {}),
		"a version":         newHistory(func(h *History) { h.Files["content/e04.md"] = Version{Commit: "x", Time: 2e9} }),
		"a first version":   newHistory(func(h *History) { h.Files["content/e03.md"] = Version{Commit: "y", Time: 2e9} }),
		"history prefix":    newHistory(func(h *History) { h.Prefix = "site/" }),
		"no history":        func(s *Site) { s.History = nil },
		"forge":             func(s *Site) { s.Forge = &Forge{URL: "https://github.com/o/r", Branch: "main"} },
	}
	for _, tc := range []struct {
		name   string
		change func([]*Entry) []*Entry
		procs  func([]*Procedure) []*Procedure // nil: the same procedures
	}{
		{"nothing", func(es []*Entry) []*Entry { return es }, nil},
		{"title", edit(3, func(e *Entry) { e.Title = "new" }), nil},
		{"paths", edit(5, func(e *Entry) { e.Paths = []SitePath{{Path: "/dsa/34/"}} }), nil},
		{"the latest a year later, in the same order", func(es []*Entry) []*Entry {
			last := 0
			for i, e := range es {
				if e.Compare(es[last]) > 0 {
					last = i
				}
			}
			return edit(last, func(e *Entry) { e.Date = day(e.Date.Start.Year+1, 12, 31) })(es)
		}, nil},
		{"body of two", func(es []*Entry) []*Entry {
			es = edit(3, func(e *Entry) { e.Body = "x" })(es)
			return edit(7, func(e *Entry) { e.Body = "y" })(es)
		}, nil},
		{"date", edit(3, func(e *Entry) { e.Date = day(2021, 12, 31) }), nil},
		{"year", edit(3, func(e *Entry) { e.Date = day(2025, 1, 1) }), nil},
		{"actors", edit(3, func(e *Entry) { e.Actors = []string{"b"} }), nil},
		{"articles", edit(3, func(e *Entry) { e.DSA = []Citation{{Article: 40, Ref: "40"}} }), nil},
		{"article paragraph", edit(3, func(e *Entry) { e.DSA = []Citation{{Article: 34, Ref: "34(1)"}} }), nil},
		{"related", edit(3, func(e *Entry) { e.Related = nil }), nil},
		{"links", edit(3, func(e *Entry) { e.Links = []string{"e05"} }), nil},
		{"removed", func(es []*Entry) []*Entry { return es[1:] }, nil},
		{"added", func(es []*Entry) []*Entry {
			return append(append([]*Entry(nil), es...), (&Entry{Slug: "new", Date: day(2020, 6, 1), Actors: []string{"a"}}).WithBody("", nil, nil))
		}, nil},
		{"replaced by another slug", func(es []*Entry) []*Entry {
			es = append([]*Entry(nil), es...)
			es[0] = (&Entry{Slug: "other", Date: es[0].Date, Actors: es[0].Actors}).WithBody("", nil, nil)
			return es
		}, nil},
		{"a step of a procedure", edit(3, func(e *Entry) { e.Procedure, e.Step = "p1", "decision" }), nil},
		{"a step of another procedure", edit(4, func(e *Entry) { e.Procedure = "p2" }), nil},
		{"kind of event", edit(3, func(e *Entry) { e.Type = "amende" }), nil},
		{"responds to", edit(5, func(e *Entry) { e.RespondsTo = []string{"e02"} }), nil},
		{"follows, on the same date", func(es []*Entry) []*Entry {
			es = edit(6, func(e *Entry) { e.Date = es[0].Date })(es)
			return edit(0, func(e *Entry) { e.Follows = []string{"e06"} })(es)
		}, nil},
		{"procedure status", same, editProc(0, func(p *Procedure) { p.Status = "close" })},
		{"procedure body", same, editProc(0, func(p *Procedure) { p.Body = "<p>2</p>" })},
		{"procedure removed", same, func(ps []*Procedure) []*Procedure { return ps[1:] }},
		{"procedure added", same, func(ps []*Procedure) []*Procedure {
			return append(append([]*Procedure(nil), ps...), &Procedure{Slug: "p3", Title: "P3"})
		}},
		{"a correction", edit(3, func(e *Entry) { e.Corrections = []Correction{{Date: day(2025, 2, 2), Text: "autre"}} }), nil},
		{"a correction added", edit(4, func(e *Entry) { e.Corrections = []Correction{{Date: day(2025, 2, 2), Text: "nouvelle"}} }), nil},
		{"the title of a corrected entry", edit(6, func(e *Entry) { e.Title = "corrigée" }), nil},
		{"the date of a corrected entry", edit(9, func(e *Entry) { e.Date = day(2019, 1, 1) }), nil},
		{"a corrected entry removed", func(es []*Entry) []*Entry { return es[1:] }, nil},
		{"an entry's file renamed", edit(2, func(e *Entry) { e.Path = "content/autre.md" }), nil},
		{"about", same, nil},
		{"about paths", same, nil},
		{"about removed", same, nil},
		{"history unchanged", same, nil},
		{"a version", same, nil},
		{"a first version", same, nil},
		{"history prefix", same, nil},
		{"no history", same, nil},
		{"forge", same, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewChronology(site, entries)
			es := tc.change(entries)
			site2 := &Site{Actors: site.Actors, Procedures: site.Procedures, About: site.About, History: site.History}
			if tc.procs != nil {
				site2.Procedures = tc.procs(site.Procedures)
			}
			if f := siteChanges[tc.name]; f != nil {
				f(site2)
			}
			c2 := NewChronology(site2, es)
			before := NewChronology(site, entries)
			if !reflect.DeepEqual(c.Update(site2, es), c2) {
				t.Errorf("Update is not NewChronology")
			}
			if !reflect.DeepEqual(c, before) {
				t.Errorf("Update modified the chronology it was called on")
			}
			got := Diff(c, c2)
			if (tc.name == "nothing" || tc.name == "history unchanged") && len(got) > 0 {
				t.Errorf("nothing changed, Diff says %v", got)
			}
			for _, k := range universe(c, c2) {
				if !reflect.DeepEqual(view(c, k), view(c2, k)) && !got.Has(k) {
					t.Errorf("%+v reads differently, Diff does not say so", k)
				}
			}
		})
	}
}

// universe lists the keys of two chronologies.
func universe(cs ...*Chronology) []Key {
	ks := []Key{{Part: PartSite}, {Part: PartIntro}, {Part: PartEntries}, {Part: PartYears}, {Part: PartArticles}, {Part: PartCalendar}, {Part: PartOrder}, {Part: PartProcedures},
		{Part: PartCorrections}, {Part: PartAbout}, {Part: PartHasAbout}, {Part: PartVersions}}
	for _, c := range cs {
		for _, p := range c.Site.Procedures {
			ks = append(ks, ProcedureKey(p.Slug), ProcedureBodyKey(p.Slug), StepsKey(p.Slug))
		}
		for _, e := range c.Entries {
			ks = append(ks, EntryKey(e.Slug), BodyKey(e.Slug), NeighboursKey(e.Slug), LinkedByKey(e.Slug), YearKey(e.Year()), VersionKey(e.Slug))
			for _, a := range e.Actors {
				ks = append(ks, ActorKey(a))
			}
			for _, n := range e.Articles() {
				ks = append(ks, ArticleKey(n))
			}
		}
	}
	return ks
}

// view returns what a reader of k reads of c: a list key, the entries with
// every field.
func view(c *Chronology, k Key) any {
	fields := func(e *Entry) Entry {
		f := *e
		f.Body, f.Paths = "", nil
		return f
	}
	deref := func(es []*Entry) []Entry {
		var out []Entry
		for _, e := range es {
			out = append(out, fields(e))
		}
		return out
	}
	months := map[[2]int]int{}
	switch k.Part {
	case PartEntry:
		if e := c.BySlug[k.Name]; e != nil {
			return fields(e)
		}
		return nil
	case PartBody:
		if e := c.BySlug[k.Name]; e != nil {
			return []any{e.Body, e.Paths}
		}
		return nil
	case PartNeighbours:
		e := c.BySlug[k.Name]
		if e == nil {
			return nil
		}
		var ns []string
		for _, n := range []*Entry{c.Prev(e), c.Next(e)} {
			if n != nil {
				ns = append(ns, n.Slug)
			} else {
				ns = append(ns, "")
			}
		}
		return ns
	case PartEntries:
		return deref(c.Entries)
	case PartOrder:
		var slugs []string
		for _, e := range c.Entries {
			slugs = append(slugs, e.URLPath())
		}
		return slugs
	case PartYears:
		var ys []int
		for _, y := range c.Years {
			ys = append(ys, y.Year)
		}
		return ys
	case PartYear:
		for _, y := range c.Years {
			if y.Year == k.N {
				return deref(y.Entries)
			}
		}
		return nil
	case PartActor:
		return deref(c.ByActor[k.Name])
	case PartArticle:
		return deref(c.ByArticle[k.N])
	case PartArticles:
		return c.Articles()
	case PartLinkedBy:
		return deref(c.LinkedBy[k.Name])
	case PartCalendar:
		for _, e := range c.Entries {
			months[[2]int{e.Date.Start.Year, e.Date.Start.Month}]++
		}
		return months
	case PartSite:
		s := *c.Site
		s.Intro, s.IntroPaths, s.Procedures = "", nil, nil
		s.About, s.AboutPaths, s.History = "", nil, nil
		prefix := "no history"
		if c.Site.History != nil {
			prefix = c.Site.History.Prefix
		}
		return []any{s, prefix}
	case PartCorrections:
		var out []any
		for _, k := range c.Corrections() {
			out = append(out, k.Correction, k.N, fields(k.Entry))
		}
		return out
	case PartAbout:
		return []any{c.Site.About, c.Site.AboutPaths}
	case PartHasAbout:
		return c.Site.About != ""
	case PartVersion:
		if e := c.BySlug[k.Name]; e != nil {
			v, ok := c.Site.History.Version(e.Path)
			return []any{v, ok}
		}
		return nil
	case PartVersions:
		vs := map[string]Version{}
		for _, e := range c.Entries {
			if v, ok := c.Site.History.Version(e.Path); ok {
				vs[e.Slug] = v
			}
		}
		return vs
	case PartProcedures:
		var slugs []string
		for _, p := range c.Site.Procedures {
			slugs = append(slugs, p.Slug)
		}
		return slugs
	case PartProcedure:
		if p := c.Site.Procedure(k.Name); p != nil {
			f := *p
			f.Body, f.Paths = "", nil
			return f
		}
		return nil
	case PartProcedureBody:
		if p := c.Site.Procedure(k.Name); p != nil {
			return []any{p.Body, p.Paths}
		}
		return nil
	case PartSteps:
		return deref(c.Steps(k.Name))
	case PartIntro:
		return c.Site.Intro
	}
	panic(k)
}

// TestChanged checks the one comparison of entries: the fields that differ,
// every field for an entry added or removed, none for the same entry, and
// that Entry has no more fields than EntryFields has bits.
func TestChanged(t *testing.T) {
	if n := reflect.TypeFor[Entry]().NumField(); n > 64 {
		t.Fatalf("Entry has %d fields; EntryFields holds 64", n)
	}
	a := &Entry{Slug: "a", Title: "A", Actors: []string{"x"}, Body: "<p>a</p>"}
	b := *a
	if got := Changed(a, &b); got != 0 {
		t.Errorf("a copy: %b, want 0", got)
	}
	b.Title, b.Body = "B", "<p>b</p>"
	b.Actors = []string{"x"} // another slice, the same actors
	if got, want := Changed(a, &b), FieldsOf("Title", "Body"); got != want {
		t.Errorf("title and body: %b, want %b", got, want)
	}
	if !Changed(a, &b).Any(BodyFields) || !Changed(a, &b).Any(^BodyFields) {
		t.Errorf("title and body: not both a field and the annotation")
	}
	b = *a
	b.Paths = []SitePath{{Path: "/dsa/34/"}}
	if ch := Changed(a, &b); !ch.Any(BodyFields) || ch.Any(^BodyFields) {
		t.Errorf("paths: %b, want the annotation only", ch)
	}
	if Changed(a, a) != 0 || Changed(nil, a).Any(FieldsOf("Slug")) == false || Changed(a, nil) != Changed(nil, a) {
		t.Errorf("same entry or nil: %b %b %b", Changed(a, a), Changed(nil, a), Changed(a, nil))
	}
	defer func() {
		if recover() == nil {
			t.Errorf("FieldsOf of a field Entry does not have did not panic")
		}
	}()
	FieldsOf("Nope")
}

// TestEntryRendered checks that an entry says whether it holds its
// annotation: not as made, yes once WithBody gave it one, even empty,
// without changing the entry it was made from; and that a chronology
// refuses an entry without it, made or updated.
func TestEntryRendered(t *testing.T) {
	parsed := &Entry{Slug: "a", Path: "content/2024/a.md", Date: Date{Start: Point{Year: 2024, Precision: YearPrecision}}}
	if parsed.Rendered() {
		t.Errorf("an entry as made says it is rendered")
	}
	empty := parsed.WithBody("", nil, nil)
	if !empty.Rendered() || parsed.Rendered() || empty == parsed {
		t.Errorf("WithBody: %v, and the entry it was made from: %v", empty.Rendered(), parsed.Rendered())
	}
	full := parsed.WithBody("<p>a</p>", []string{"b"}, nil)
	if full.Body != "<p>a</p>" || len(full.Links) != 1 || parsed.Body != "" || parsed.Links != nil {
		t.Errorf("WithBody: %+v, from %+v", full, parsed)
	}
	if ch := Changed(parsed, empty); ch != FieldsOf("rendered") || !ch.Any(BodyFields) {
		t.Errorf("an empty annotation and none: %b, want the annotation", ch)
	}
	mustPanic := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: an entry not rendered was accepted", name)
			}
		}()
		f()
	}
	mustPanic("NewChronology", func() { NewChronology(&Site{}, []*Entry{parsed}) })
	c := NewChronology(&Site{}, []*Entry{empty})
	mustPanic("Update", func() { c.Update(&Site{}, []*Entry{parsed}) })
	if u := c.Update(&Site{}, []*Entry{full}); u.BySlug["a"] != full {
		t.Errorf("Update did not take the rendered entry")
	}
}
