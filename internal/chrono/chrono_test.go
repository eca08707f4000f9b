package chrono

import (
	"fmt"
	"reflect"
	"testing"
)

// TestUpdate checks that Update gives the chronology NewChronology gives,
// whether it can reuse the last one or not, and leaves the last one as it
// was.
func TestUpdate(t *testing.T) {
	site := &Site{Actors: map[string]*Actor{"a": {Slug: "a"}, "b": {Slug: "b"}}}
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
		})
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
	for _, tc := range []struct {
		name   string
		change func([]*Entry) []*Entry
	}{
		{"nothing", func(es []*Entry) []*Entry { return es }},
		{"title", edit(3, func(e *Entry) { e.Title = "new" })},
		{"body of two", func(es []*Entry) []*Entry {
			es = edit(3, func(e *Entry) { e.Body = "x" })(es)
			return edit(7, func(e *Entry) { e.Body = "y" })(es)
		}},
		{"date", edit(3, func(e *Entry) { e.Date = day(2021, 12, 31) })},
		{"year", edit(3, func(e *Entry) { e.Date = day(2025, 1, 1) })},
		{"actors", edit(3, func(e *Entry) { e.Actors = []string{"b"} })},
		{"articles", edit(3, func(e *Entry) { e.DSA = []Citation{{Article: 40, Ref: "40"}} })},
		{"article paragraph", edit(3, func(e *Entry) { e.DSA = []Citation{{Article: 34, Ref: "34(1)"}} })},
		{"related", edit(3, func(e *Entry) { e.Related = nil })},
		{"links", edit(3, func(e *Entry) { e.Links = []string{"e05"} })},
		{"removed", func(es []*Entry) []*Entry { return es[1:] }},
		{"added", func(es []*Entry) []*Entry {
			return append(append([]*Entry(nil), es...), &Entry{Slug: "new", Date: day(2020, 6, 1), Actors: []string{"a"}})
		}},
		{"replaced by another slug", func(es []*Entry) []*Entry {
			es = append([]*Entry(nil), es...)
			es[0] = &Entry{Slug: "other", Date: es[0].Date, Actors: es[0].Actors}
			return es
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewChronology(site, entries)
			before := NewChronology(site, entries)
			site2 := &Site{Actors: site.Actors}
			es := tc.change(entries)
			got, want := c.Update(site2, es), NewChronology(site2, es)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Update is not NewChronology")
			}
			if !reflect.DeepEqual(c, before) {
				t.Errorf("Update modified the chronology it was called on")
			}
		})
	}
}
