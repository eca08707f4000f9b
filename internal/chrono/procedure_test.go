package chrono

import (
	"slices"
	"testing"
)

// TestResponsesAfter checks that on the same date a response comes after
// what it answers, and a sequel after what it follows, whatever their
// slugs; and that other entries keep the order of their slugs.
func TestResponsesAfter(t *testing.T) {
	day := Date{Start: Point{Year: 2024, Month: 7, Day: 12, Precision: DayPrecision}}
	month := Date{Start: Point{Year: 2024, Month: 7, Precision: MonthPrecision}}
	entries := []*Entry{
		{Slug: "a-reponse", Date: day, RespondsTo: []string{"c-conclusions"}},
		{Slug: "b-autre", Date: day},
		{Slug: "c-conclusions", Date: day},
		{Slug: "0-suite", Date: day, Follows: []string{"a-reponse"}},
		{Slug: "z-mois", Date: month, RespondsTo: []string{"c-conclusions"}}, // another date: not moved
	}
	for i, e := range entries {
		entries[i] = e.WithBody("", nil, nil)
	}
	c := NewChronology(&Site{}, entries)
	var got []string
	for _, e := range c.Entries {
		got = append(got, e.Slug)
	}
	want := []string{"z-mois", "b-autre", "c-conclusions", "a-reponse", "0-suite"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if r := c.Responses(c.BySlug["c-conclusions"]); len(r) != 2 || r[0].Slug != "z-mois" || r[1].Slug != "a-reponse" {
		t.Errorf("responses of c-conclusions: %v", r)
	}
	if s := c.Sequels(c.BySlug["a-reponse"]); len(s) != 1 || s[0].Slug != "0-suite" {
		t.Errorf("sequels of a-reponse: %v", s)
	}
	if cy := ResponseCycle(entries); cy != nil {
		t.Errorf("cycle %v in entries without one", cy)
	}
	entries[2].Follows = []string{"0-suite"}
	if cy, want := ResponseCycle(entries), []string{"a-reponse", "c-conclusions", "0-suite", "a-reponse"}; !slices.Equal(cy, want) {
		t.Errorf("cycle %v, want %v", cy, want)
	}
	NewChronology(&Site{}, entries) // a cycle must not hang the sort
}
