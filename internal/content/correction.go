package content

import (
	"fmt"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// maxCorrection is the longest text of a correction, in characters: a
// sentence or two, as a summary.
const maxCorrection = 600

// corrections reads the [[correction]] tables of an entry: each a day
// (date) and a text, the day not before the event starts. Whether it is
// after the build's reference day is checked by futureCorrections, once
// the entries are read.
func (f *fields) corrections(m map[string]any, e *chrono.Entry) []chrono.Correction {
	v, ok := m["correction"]
	if !ok {
		return nil
	}
	var tables []map[string]any
	var keys []string
	switch v := v.(type) {
	case map[string]any:
		tables, keys = []map[string]any{v}, []string{"correction"}
	case []map[string]any:
		tables = v
		for i := range v {
			keys = append(keys, fmt.Sprintf("correction[%d]", i))
		}
	default:
		f.errorf("correction", chrono.Say("correction must be a table, as [[correction]] followed by date = 2024-08-12 and text = \"…\", not %s",
			"correction doit être une table, comme [[correction]] suivi de date = 2024-08-12 et text = \"…\", et non %s"), typeName(v))
		return nil
	}
	var out []chrono.Correction
	for i, t := range tables {
		key := keys[i]
		f.unknown(t, key, []string{"date", "text"})
		k := chrono.Correction{Text: f.str(t, key, "text", true), Pos: f.keys.pos(f.path, join(key, "date"))}
		f.oneLine(key, "text", k.Text, maxCorrection)
		d := f.date(t, key, "date", true)
		if d == nil {
			continue
		}
		k.Date = *d
		start := d.Start
		switch {
		case d.IsInterval() || start.Precision != chrono.DayPrecision || start.Approximate || start.Uncertain:
			f.errorf(join(key, "date"), chrono.Say("the date of a correction is the day it was made, such as 2024-08-12, not %q",
				"la date d’une correction est le jour où elle a été faite, comme 2024-08-12, et non %q"), d.String())
			continue
		case e.Date.Start.Year != 0 && firstDay(start) < firstDay(e.Date.Start):
			f.errorf(join(key, "date"), chrono.Say("correction dated %s, before the event (%s): a correction is made after the entry was written",
				"correction datée du %s, avant l’événement (%s) : une correction se fait après l’écriture de l’entrée"), start.ISO(), e.Date.String())
			continue
		}
		out = append(out, k)
	}
	return out
}

// firstDay is the first day of p, "YYYY-MM-DD", for comparisons.
func firstDay(p chrono.Point) string {
	return fmt.Sprintf("%04d-%02d-%02d", p.Year, max(p.Month, 1), max(p.Day, 1))
}

// futureCorrections reports the corrections of p dated after today
// ("YYYY-MM-DD"; "" checks nothing). today is the build's reference day,
// never the clock (see Options.Today).
func futureCorrections(p *parsed, today string) {
	if today == "" {
		return
	}
	for _, k := range p.entry.Corrections {
		if d := k.Date.Start.ISO(); d > today {
			p.fields.probs.Add(k.Pos, chrono.Say("correction dated %s, after the day of this build (%s, from SOURCE_DATE_EPOCH): date a correction with the day it is made",
				"correction datée du %s, après le jour de cette construction (%s, d’après SOURCE_DATE_EPOCH) : datez une correction du jour où vous la faites"), d, today)
		}
	}
}
