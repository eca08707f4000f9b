package chrono

import (
	"cmp"
	"slices"
)

// Correction is a correction of substance made to an entry (a fact, a
// date, a quotation that was wrong), written for readers: from a
// [[correction]] table of the entry. A typo fixed or a source added is not
// one.
type Correction struct {
	Date Date   // the day it was made: a single day, never an interval
	Text string // what was corrected, in plain text
	Pos  Pos    // where its date is written
}

// Corrected is a correction with its entry, for the list of corrections.
type Corrected struct {
	Entry *Entry
	Correction
	N int // its place among the entry's corrections, from 1
}

// CorrectionsPath is the path of the list of corrections.
const CorrectionsPath = "/corrections/"

// Anchor is the id of the correction on its entry's page.
func (c Corrected) Anchor() string { return "correction-" + itoa(c.N) }

// Corrections returns the corrections of every entry of c, newest first;
// on the same day, in the chronology's order of their entries, then in
// the order they are written.
func (c *Chronology) Corrections() []Corrected {
	var out []Corrected
	for _, e := range c.Entries {
		for i, k := range e.Corrections {
			out = append(out, Corrected{Entry: e, Correction: k, N: i + 1})
		}
	}
	slices.SortStableFunc(out, func(a, b Corrected) int {
		return cmp.Compare(b.Date.Start.ISO(), a.Date.Start.ISO())
	})
	return out
}

// LastCorrection returns the date of e's latest correction, or nil.
func (e *Entry) LastCorrection() *Date {
	var last *Date
	for i, k := range e.Corrections {
		if last == nil || k.Date.Start.ISO() > last.Start.ISO() {
			last = &e.Corrections[i].Date
		}
	}
	return last
}
