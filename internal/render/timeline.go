package render

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
)

// The timeline is a bar chart drawn at build time: one bar per month, over
// whole years from the first year of the chronology to its last, so that
// every page's timeline shares the same axis. On the home page the bars are
// all the entries; on an actor's or an article's page, that page's entries
// stand out in front of the whole chronology, drawn faintly behind.
//
// The SVG holds no text and no link: it is an image (role="img") described
// by its title, and stretched to the width of the page (preserveAspectRatio
// "none", fixed height in CSS), so that it reads the same on a 320 px phone
// and on a desktop. The years under it are HTML links, one per year in a row
// of equal columns, which line up with the years of the chart because each
// year is twelve months wide. The numbers themselves are in a table after
// it, inside <details>: the text equivalent for screen readers, and the
// figures for everybody.

// Geometry of the chart, in viewBox units.
const (
	tlMonthWidth = 10 // one month
	tlBarWidth   = 7  // one bar, centred in its month
	tlHeight     = 60 // from the baseline to the top of the tallest bar
	tlTop        = 4  // room above the tallest bar
)

// MonthCount is the entries of one month, for the timeline.
type MonthCount struct {
	Year, Month int // Month 1–12
	Count       int // this page's entries
	All         int // every entry of the chronology
}

// YearCount is one year of the timeline: its months and the entries of the
// year whose date has no month.
type YearCount struct {
	Year    int
	Count   int // this page's entries in the year, with or without a month
	NoMonth int // of which without a month
	HasPage bool
	Months  [12]MonthCount
}

// Busy returns the months of y with entries, for the table of figures.
func (y YearCount) Busy() []MonthCount {
	var out []MonthCount
	for _, m := range y.Months {
		if m.Count > 0 {
			out = append(out, m)
		}
	}
	return out
}

// Timeline is the figures of a page's timeline.
type Timeline struct {
	Years   []YearCount
	Count   int  // entries of the page
	Partial bool // the page lists part of the chronology (actor, article)
	Max     int  // the most entries in a month of the whole chronology
}

// TimelineData counts the page's entries, and the chronology's, per month
// over every year from the first to the last of the chronology.
func (p *Page) TimelineData() *Timeline {
	t := &Timeline{Partial: p.Kind != "home", Count: len(p.Entries)}
	var all []YearCount
	all, t.Max = p.partials.timeline(p.Chrono)
	if len(all) == 0 {
		return t
	}
	t.Years = slices.Clone(all)
	first := t.Years[0].Year
	for _, e := range p.Entries {
		s := e.Date.Start
		y := &t.Years[s.Year-first]
		y.Count++
		if s.Precision < chrono.MonthPrecision {
			y.NoMonth++
			continue
		}
		y.Months[s.Month-1].Count++
	}
	return t
}

// appendBars appends a bar of class for each month of t where count is not
// zero, each as tall as its count against t.Max.
func appendBars(b []byte, t *Timeline, class string, count func(MonthCount) int) []byte {
	h := tlTop + tlHeight
	for i, y := range t.Years {
		for m, mc := range y.Months {
			n := count(mc)
			if n == 0 {
				continue
			}
			bh := max(2, n*tlHeight/t.Max)
			x := (i*12+m)*tlMonthWidth + (tlMonthWidth-tlBarWidth)/2
			// As fmt would write it, in a tenth of the time: an actor's or
			// an article's page draws a bar per month of every year.
			b = append(b, `<rect class="`...)
			b = append(b, class...)
			b = append(b, `" x="`...)
			b = strconv.AppendInt(b, int64(x), 10)
			b = append(b, `" y="`...)
			b = strconv.AppendInt(b, int64(h-bh), 10)
			b = append(b, `" width="`...)
			b = strconv.AppendInt(b, tlBarWidth, 10)
			b = append(b, `" height="`...)
			b = strconv.AppendInt(b, int64(bh), 10)
			b = append(b, "\"/>\n"...)
		}
	}
	return b
}

// timelineBackground returns the faint bars of the whole chronology drawn
// behind a partial timeline (t's): the same on every page, drawn once per
// chronology.
func (ps *partials) timelineBackground(c *chrono.Chronology, t *Timeline) string {
	draw := func() string { return string(appendBars(nil, t, "all", func(mc MonthCount) int { return mc.All })) }
	if ps == nil {
		return draw()
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	switch {
	case ps.tl.c != c: // not the chronology of the cached counts
		return draw()
	case ps.tl.bars == "":
		ps.tl.bars = draw()
	}
	return ps.tl.bars
}

// timeline returns the years of the timeline with the entries of the whole
// chronology counted (MonthCount.All), and the most in a month: the same
// for every page, counted once per chronology.
func (ps *partials) timeline(c *chrono.Chronology) ([]YearCount, int) {
	if ps == nil {
		return allMonths(c)
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.tl.c != c {
		ps.tl.c, ps.tl.bars = c, ""
		ps.tl.years, ps.tl.max = allMonths(c)
	}
	return ps.tl.years, ps.tl.max
}

func allMonths(c *chrono.Chronology) ([]YearCount, int) {
	if len(c.Years) == 0 {
		return nil, 0
	}
	first, last := c.Years[0].Year, c.Years[len(c.Years)-1].Year
	years := make([]YearCount, 0, last-first+1)
	for y := first; y <= last; y++ {
		yc := YearCount{Year: y}
		for m := range yc.Months {
			yc.Months[m] = MonthCount{Year: y, Month: m + 1}
		}
		years = append(years, yc)
	}
	for _, y := range c.Years {
		years[y.Year-first].HasPage = true
	}
	most := 0
	for _, e := range c.Entries {
		s := e.Date.Start
		if s.Precision < chrono.MonthPrecision {
			continue
		}
		m := &years[s.Year-first].Months[s.Month-1]
		m.All++
		most = max(most, m.All)
	}
	return years, most
}

// Timeline returns the page's timeline: the chart, the years as links and
// the table of figures.
func (p *Page) Timeline() template.HTML {
	t := p.TimelineData()
	if len(t.Years) == 0 || t.Max == 0 {
		return ""
	}
	var b strings.Builder
	esc := template.HTMLEscapeString
	first, last := t.Years[0].Year, t.Years[len(t.Years)-1].Year
	label := fmt.Sprintf("Frise chronologique : %s par mois, de janvier %d à décembre %d.", plural(t.Count, "événement", "événements"), first, last)
	if t.Partial {
		label = fmt.Sprintf("Frise chronologique : les %s de cette page par mois, de janvier %d à décembre %d, sur le fond de toute la chronologie.", plural(t.Count, "événement", "événements"), first, last)
		if t.Count == 1 {
			label = fmt.Sprintf("Frise chronologique : l’événement de cette page, de janvier %d à décembre %d, sur le fond de toute la chronologie.", first, last)
		}
	}
	label += " Le détail par année suit la frise."
	w := len(t.Years) * 12 * tlMonthWidth
	h := tlTop + tlHeight
	b.WriteString(`<div class="timeline">` + "\n<figure>\n")
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-labelledby="frise-titre" viewBox="0 0 %d %d" preserveAspectRatio="none" width="100%%" height="96" focusable="false">`+"\n", w, h+1)
	fmt.Fprintf(&b, `<title id="frise-titre">%s</title>`+"\n", esc(markdown.Typography(label)))
	// Alternate years are shaded, so that the eye finds them.
	for i := range t.Years {
		if i%2 == 1 {
			fmt.Fprintf(&b, `<rect class="band" x="%d" y="0" width="%d" height="%d"/>`+"\n", i*12*tlMonthWidth, 12*tlMonthWidth, h)
		}
	}
	if t.Partial {
		b.WriteString(p.partials.timelineBackground(p.Chrono, t))
	}
	b.Write(appendBars(nil, t, "bar", func(mc MonthCount) int { return mc.Count }))
	fmt.Fprintf(&b, `<line class="axis" x1="0" y1="%d" x2="%d" y2="%d" vector-effect="non-scaling-stroke"/>`+"\n", h, w, h)
	b.WriteString("</svg>\n")
	b.WriteString(`<ol class="timeline-years">` + "\n")
	for _, y := range t.Years {
		if y.HasPage {
			fmt.Fprintf(&b, `<li><a href="%s">%d</a></li>`+"\n", esc(p.YearURL(y.Year)), y.Year)
		} else {
			fmt.Fprintf(&b, "<li>%d</li>\n", y.Year)
		}
	}
	b.WriteString("</ol>\n")
	if t.Partial {
		fmt.Fprintf(&b, `<figcaption class="legend"><span class="key key-page"></span> %s de cette page <span class="key key-all"></span> toute la chronologie, par mois</figcaption>`+"\n",
			esc(plural(t.Count, "événement", "événements")))
	} else {
		fmt.Fprintf(&b, `<figcaption class="legend">Nombre d’événements par mois, de %d à %d</figcaption>`+"\n", first, last)
	}
	b.WriteString("</figure>\n")
	b.WriteString(`<details class="figures">` + "\n")
	b.WriteString("<summary>Le détail par année</summary>\n")
	b.WriteString("<table>\n<thead><tr><th scope=\"col\">Année</th><th scope=\"col\">Événements</th><th scope=\"col\">Par mois</th></tr></thead>\n<tbody>\n")
	for _, y := range t.Years {
		var months []string
		for _, m := range y.Busy() {
			months = append(months, fmt.Sprintf("%s\u00a0: %d", chrono.MonthName(m.Month), m.Count))
		}
		if y.NoMonth > 0 {
			months = append(months, fmt.Sprintf("mois non précisé\u00a0: %d", y.NoMonth))
		}
		fmt.Fprintf(&b, "<tr><th scope=\"row\">%d</th><td>%d</td><td>%s</td></tr>\n", y.Year, y.Count, esc(strings.Join(months, ", ")))
	}
	b.WriteString("</tbody>\n</table>\n</details>\n</div>\n")
	return template.HTML(b.String())
}
