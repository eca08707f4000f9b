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
// the years of the chronology that have entries, so that every page's
// timeline shares the same axis. On the home page the bars are all the
// entries; on an actor's or an article's page, that page's entries stand
// out in front of the whole chronology, drawn faintly behind.
//
// Years without any entry are not drawn: each run of them, one year or a
// thousand, is a gap, a short break of the axis (half a year wide, marked
// by two slanted strokes) labelled with the years it skips. So the size of
// a timeline depends on the number of years with entries, never on the
// span of the dates: an entry dated 9999 adds one year and one gap, not
// 8,000 years. A single empty year is a gap too: the same mark always means
// the same thing ("no entry in these years"), and a reader never takes two
// columns side by side for consecutive years when they are not.
//
// The chart is a way into the page's list: each bar is a link to its
// month in the list under it (#mois-2024-03: the month's marker on the home
// page and on an actor's, an article's or a procedure's page, its heading
// on a year's page), with a <title> that says the month and its count
// (« mars 2024 : 3 événements »), which browsers show as a tooltip and
// screen readers read as the link's name. A bar's link covers its whole
// column (an invisible rect, "hit"), which lights up when the link has the
// focus or the pointer. The SVG is a group (role="group") named by its
// title, which says what it draws and names the gaps; it is stretched to
// the width of the page (preserveAspectRatio "none", fixed height in CSS),
// so that it reads the same on a 320 px phone and on a desktop. The years
// under it are HTML, one per year in a row of columns (a gap's column half
// as wide, by the class "gap"), which line up with the years of the chart
// because each year is twelve months wide: on the home page they link to
// the years' pages; on an actor's, an article's or a procedure's page, to
// the year in the page's own list (#annee-2024), and a year where the page
// has no entry is not a link. The numbers themselves are in a table after
// it, inside <details>, a row per year and per gap, each month a link like
// its bar: the text equivalent for screen readers, and the figures for
// everybody.
//
// A year's page has a timeline of its own: its twelve months, each bar a
// link to the month's heading, scaled to the year's busiest month, with
// the months named under it and a row per month in the table.

// Geometry of the chart, in viewBox units.
const (
	tlMonthWidth = 10                // one month
	tlYearWidth  = 12 * tlMonthWidth // one year
	tlGapWidth   = tlYearWidth / 2   // a gap, however many years it skips
	tlBarWidth   = 7                 // one bar, centred in its month
	tlHeight     = 60                // from the baseline to the top of the tallest bar
	tlTop        = 4                 // room above the tallest bar
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
	Years   []YearCount // the years of the chronology with entries, in order
	Count   int         // entries of the page
	Partial bool        // the page lists part of the chronology (actor, article)
	Max     int         // the most entries in a month of the whole chronology
}

// Gap returns the years without entries just before Years[i], from and to
// included; ok is false if Years[i-1] is the year before Years[i].
func (t *Timeline) Gap(i int) (from, to int, ok bool) {
	if i == 0 || t.Years[i].Year-t.Years[i-1].Year < 2 {
		return 0, 0, false
	}
	return t.Years[i-1].Year + 1, t.Years[i].Year - 1, true
}

// layout returns where each year of t starts on the chart, and the chart's
// width: years side by side, a gap's width between two years that are not
// consecutive.
func (t *Timeline) layout() (xs []int, width int) {
	xs = make([]int, len(t.Years))
	for i := range t.Years {
		if _, _, gap := t.Gap(i); gap {
			width += tlGapWidth
		}
		xs[i] = width
		width += tlYearWidth
	}
	return xs, width
}

// TimelineData counts the page's entries, and the chronology's, per month
// over the years of the chronology that have entries; on a year's page,
// over that year alone, scaled to its busiest month.
func (p *Page) TimelineData() *Timeline {
	entries := p.Entries
	t := &Timeline{Partial: p.Kind != "home" && p.Kind != "year", Count: len(entries)}
	if p.Kind == "year" && p.Year != nil {
		// The year's own entries, which are the page's subject: nothing
		// of the rest of the chronology is read.
		y := YearCount{Year: p.Year.Year}
		for m := range y.Months {
			y.Months[m] = MonthCount{Year: y.Year, Month: m + 1}
		}
		t.Years = []YearCount{y}
	} else {
		p.read(calendarKey)
		p.read(yearsKey)
		var all []YearCount
		all, t.Max = p.partials.timeline(p.c)
		if len(all) == 0 {
			return t
		}
		t.Years = slices.Clone(all)
	}
	for _, e := range entries {
		s := e.Date.Start
		i := yearIndex(t.Years, s.Year)
		if i == len(t.Years) || t.Years[i].Year != s.Year {
			continue // not drawn: another year than the page's
		}
		y := &t.Years[i]
		y.Count++
		if s.Precision < chrono.MonthPrecision {
			y.NoMonth++
			continue
		}
		y.Months[s.Month-1].Count++
		if p.Kind == "year" {
			y.Months[s.Month-1].All++
			t.Max = max(t.Max, y.Months[s.Month-1].Count)
		}
	}
	return t
}

// yearIndex returns the index of year in years, which holds it.
func yearIndex(years []YearCount, year int) int {
	i, _ := slices.BinarySearchFunc(years, year, func(y YearCount, year int) int { return y.Year - year })
	return i
}

// appendBars appends a bar of class for each month of t where count is not
// zero, each as tall as its count against t.Max.
func appendBars(b []byte, t *Timeline, class string, count func(MonthCount) int) []byte {
	xs, _ := t.layout()
	for i, y := range t.Years {
		for m, mc := range y.Months {
			if n := count(mc); n > 0 {
				b = appendBar(b, class, xs[i]+m*tlMonthWidth, n, t.Max)
				b = append(b, '\n')
			}
		}
	}
	return b
}

// appendBar appends the bar of a month that starts at x, as tall as n
// against most.
func appendBar(b []byte, class string, x, n, most int) []byte {
	h := tlTop + tlHeight
	bh := max(2, n*tlHeight/most)
	// As fmt would write it, in a tenth of the time: an actor's or an
	// article's page draws a bar per month of every year.
	b = append(b, `<rect class="`...)
	b = append(b, class...)
	b = append(b, `" x="`...)
	b = strconv.AppendInt(b, int64(x+(tlMonthWidth-tlBarWidth)/2), 10)
	b = append(b, `" y="`...)
	b = strconv.AppendInt(b, int64(h-bh), 10)
	b = append(b, `" width="`...)
	b = strconv.AppendInt(b, tlBarWidth, 10)
	b = append(b, `" height="`...)
	b = strconv.AppendInt(b, int64(bh), 10)
	return append(b, "\"/>"...)
}

// appendLinkedBars appends the page's bars, one for each month of t where
// the page has entries, each in a link to the month in the page's list
// (monthAnchor), named by its title (« mars 2024 : 3 événements »), over
// an invisible rect that covers the month's column, so that the link is
// easy to hit and its focus shows.
func appendLinkedBars(b []byte, t *Timeline) []byte {
	xs, _ := t.layout()
	for i, y := range t.Years {
		for m, mc := range y.Months {
			if mc.Count == 0 {
				continue
			}
			x := xs[i] + m*tlMonthWidth
			b = append(b, `<a href="#`...)
			b = appendMonthAnchor(b, y.Year, m+1)
			b = append(b, `"><title>`...)
			b = append(b, chrono.MonthName(m+1)...)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(y.Year), 10)
			b = append(b, "\u00a0: "...)
			b = strconv.AppendInt(b, int64(mc.Count), 10)
			if mc.Count == 1 {
				b = append(b, "\u00a0événement"...)
			} else {
				b = append(b, "\u00a0événements"...)
			}
			b = append(b, `</title><rect class="hit" x="`...)
			b = strconv.AppendInt(b, int64(x), 10)
			b = append(b, `" y="0" width="`...)
			b = strconv.AppendInt(b, tlMonthWidth, 10)
			b = append(b, `" height="`...)
			b = strconv.AppendInt(b, tlTop+tlHeight, 10)
			b = append(b, `"/>`...)
			b = appendBar(b, "bar", x, mc.Count, t.Max)
			b = append(b, "</a>\n"...)
		}
	}
	return b
}

// appendMonthAnchor appends the id of a month in a list of entries, as
// Month.Anchor writes it: "mois-2024-03", or "mois-2024" for the entries
// of the year whose date has no month (month 0).
func appendMonthAnchor(b []byte, year, month int) []byte {
	return append(b, Month{Year: year, Month: month}.Anchor()...)
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

// allMonths counts the entries of c per month of each year of c.Years, the
// years with entries.
func allMonths(c *chrono.Chronology) ([]YearCount, int) {
	years := make([]YearCount, len(c.Years))
	most := 0
	for i, y := range c.Years {
		yc := &years[i]
		yc.Year = y.Year
		for m := range yc.Months {
			yc.Months[m] = MonthCount{Year: y.Year, Month: m + 1}
		}
		for _, e := range y.Entries {
			s := e.Date.Start
			if s.Precision < chrono.MonthPrecision {
				continue
			}
			m := &yc.Months[s.Month-1]
			m.All++
			most = max(most, m.All)
		}
	}
	return years, most
}

// gapText returns the years of a gap in words: "2023", "de 2011 à 2023".
func gapText(from, to int) string {
	if from == to {
		return strconv.Itoa(from)
	}
	return fmt.Sprintf("de %d à %d", from, to)
}

// gapSpan returns the years of a gap as a label: "2023", "2011–2023".
func gapSpan(from, to int) string {
	if from == to {
		return strconv.Itoa(from)
	}
	return fmt.Sprintf("%d–%d", from, to)
}

// Timeline returns the page's timeline: the chart, the years as links and
// the table of figures; on a year's page, the year's months.
func (p *Page) Timeline() template.HTML {
	t := p.TimelineData()
	if len(t.Years) == 0 || t.Max == 0 {
		return ""
	}
	if p.Kind == "year" {
		return yearTimeline(t)
	}
	var b strings.Builder
	esc := template.HTMLEscapeString
	first, last := t.Years[0].Year, t.Years[len(t.Years)-1].Year
	var gaps []string
	for i := range t.Years {
		if from, to, ok := t.Gap(i); ok {
			gaps = append(gaps, gapText(from, to))
		}
	}
	label := fmt.Sprintf("Frise chronologique : %s par mois, de janvier %d à décembre %d.", plural(t.Count, "événement", "événements"), first, last)
	if t.Partial {
		label = fmt.Sprintf("Frise chronologique : les %s de cette page par mois, de janvier %d à décembre %d, sur le fond de toute la chronologie.", plural(t.Count, "événement", "événements"), first, last)
		if t.Count == 1 {
			label = fmt.Sprintf("Frise chronologique : l’événement de cette page, de janvier %d à décembre %d, sur le fond de toute la chronologie.", first, last)
		}
	}
	if len(gaps) > 0 {
		label += " L’axe est interrompu là où la chronologie n’a aucun événement : " + strings.Join(gaps, ", ") + "."
	}
	label += " Chaque barre mène aux événements de son mois ; le détail par année suit la frise."
	xs, w := t.layout()
	h := tlTop + tlHeight
	b.WriteString(`<div class="timeline">` + "\n<figure>\n")
	fmt.Fprintf(&b, `<svg class="chart" role="group" aria-labelledby="frise-titre" viewBox="0 0 %d %d" preserveAspectRatio="none" width="100%%" height="96">`+"\n", w, h+1)
	fmt.Fprintf(&b, `<title id="frise-titre">%s</title>`+"\n", esc(markdown.Typography(label)))
	// Alternate years are shaded, so that the eye finds them.
	for i := range t.Years {
		if i%2 == 1 {
			fmt.Fprintf(&b, `<rect class="band" x="%d" y="0" width="%d" height="%d"/>`+"\n", xs[i], tlYearWidth, h)
		}
	}
	if t.Partial {
		b.WriteString(p.partials.timelineBackground(p.c, t))
	}
	b.Write(appendLinkedBars(nil, t))
	// The axis, a line under each run of consecutive years, and in each
	// gap the break: two slanted strokes standing on the baseline.
	from := 0
	for i := range t.Years {
		if _, _, ok := t.Gap(i); ok {
			fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d" vector-effect="non-scaling-stroke"/>`+"\n", from, h, xs[i]-tlGapWidth, h)
			for _, dx := range []int{tlGapWidth/2 - 6, tlGapWidth/2 + 2} {
				x := xs[i] - tlGapWidth + dx
				fmt.Fprintf(&b, `<line class="break" x1="%d" y1="%d" x2="%d" y2="%d" vector-effect="non-scaling-stroke"/>`+"\n", x, h, x+4, h-12)
			}
			from = xs[i]
		}
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d" vector-effect="non-scaling-stroke"/>`+"\n", from, h, w, h)
	b.WriteString("</svg>\n")
	// The years: on the home page, links to their pages; on a page of
	// part of the chronology, to the year in the page's list, if it has
	// entries in it.
	b.WriteString(`<ol class="timeline-years">` + "\n")
	for i, y := range t.Years {
		if from, to, ok := t.Gap(i); ok {
			fmt.Fprintf(&b, `<li class="gap">%s</li>`+"\n", gapSpan(from, to))
		}
		switch {
		case !t.Partial:
			fmt.Fprintf(&b, `<li><a href="%s">%d</a></li>`+"\n", esc(p.YearURL(y.Year)), y.Year)
		case y.Count > 0:
			fmt.Fprintf(&b, `<li><a href="#annee-%d">%d</a></li>`+"\n", y.Year, y.Year)
		default:
			fmt.Fprintf(&b, `<li class="empty">%d</li>`+"\n", y.Year)
		}
	}
	b.WriteString("</ol>\n")
	switch {
	case t.Partial:
		fmt.Fprintf(&b, `<figcaption class="legend"><span class="key key-page"></span> %s de cette page <span class="key key-all"></span> toute la chronologie, par mois</figcaption>`+"\n",
			esc(plural(t.Count, "événement", "événements")))
	case len(gaps) > 0:
		fmt.Fprintf(&b, `<figcaption class="legend">Nombre d’événements par mois, de %d à %d ; l’axe est interrompu pour les années sans événement</figcaption>`+"\n", first, last)
	default:
		fmt.Fprintf(&b, `<figcaption class="legend">Nombre d’événements par mois, de %d à %d</figcaption>`+"\n", first, last)
	}
	b.WriteString("</figure>\n")
	b.WriteString(`<details class="figures">` + "\n")
	b.WriteString("<summary>Le détail par année</summary>\n")
	b.WriteString("<table>\n<thead><tr><th scope=\"col\">Année</th><th scope=\"col\">Événements</th><th scope=\"col\">Par mois</th></tr></thead>\n<tbody>\n")
	var months []byte
	for i, y := range t.Years {
		if from, to, ok := t.Gap(i); ok {
			fmt.Fprintf(&b, "<tr class=\"gap\"><th scope=\"row\">%s</th><td>0</td><td>aucun événement</td></tr>\n", gapSpan(from, to))
		}
		months = appendMonthLinks(months[:0], y)
		fmt.Fprintf(&b, "<tr><th scope=\"row\">%d</th><td>%d</td><td>%s</td></tr>\n", y.Year, y.Count, months)
	}
	b.WriteString("</tbody>\n</table>\n</details>\n</div>\n")
	return template.HTML(b.String())
}

// appendMonthLinks appends the months of y that have entries, each a link
// to the month in the page's list with its count: « mars : 3, avril : 1 »,
// then the entries whose date has no month.
func appendMonthLinks(b []byte, y YearCount) []byte {
	link := func(month int, name string, n int) {
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		b = append(b, `<a href="#`...)
		b = appendMonthAnchor(b, y.Year, month)
		b = append(b, `">`...)
		b = append(b, name...)
		b = append(b, "</a>\u00a0: "...)
		b = strconv.AppendInt(b, int64(n), 10)
	}
	for _, m := range y.Busy() {
		link(m.Month, chrono.MonthName(m.Month), m.Count)
	}
	if y.NoMonth > 0 {
		link(0, "mois non précisé", y.NoMonth)
	}
	return b
}

// monthAbbr is the months as the year's timeline names them, under it.
var monthAbbr = [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

// yearTimeline returns the timeline of a year's page (t, whose only year
// is the page's): a bar per month, each a link to the month's heading, the
// months named under it, and the table of figures, a row per month.
func yearTimeline(t *Timeline) template.HTML {
	var b strings.Builder
	y := t.Years[0]
	label := fmt.Sprintf("Frise chronologique de %d : %s, mois par mois. Chaque barre mène aux événements de son mois ; le détail par mois suit la frise.", y.Year, plural(t.Count, "événement", "événements"))
	if y.NoMonth > 0 {
		label += fmt.Sprintf(" Mois non précisé : %s.", plural(y.NoMonth, "événement", "événements"))
	}
	h := tlTop + tlHeight
	b.WriteString(`<div class="timeline timeline-year">` + "\n<figure>\n")
	fmt.Fprintf(&b, `<svg class="chart" role="group" aria-labelledby="frise-titre" viewBox="0 0 %d %d" preserveAspectRatio="none" width="100%%" height="96">`+"\n", tlYearWidth, h+1)
	fmt.Fprintf(&b, `<title id="frise-titre">%s</title>`+"\n", template.HTMLEscapeString(markdown.Typography(label)))
	// Alternate months are shaded, to line up with their names.
	for m := 1; m < 12; m += 2 {
		fmt.Fprintf(&b, `<rect class="band" x="%d" y="0" width="%d" height="%d"/>`+"\n", m*tlMonthWidth, tlMonthWidth, h)
	}
	b.Write(appendLinkedBars(nil, t))
	fmt.Fprintf(&b, `<line class="axis" x1="0" y1="%d" x2="%d" y2="%d" vector-effect="non-scaling-stroke"/>`+"\n", h, tlYearWidth, h)
	b.WriteString("</svg>\n")
	b.WriteString(`<ol class="timeline-years timeline-months">` + "\n")
	for m, name := range monthAbbr {
		fmt.Fprintf(&b, `<li><abbr title="%s">%s</abbr></li>`+"\n", chrono.MonthName(m+1), name)
	}
	b.WriteString("</ol>\n")
	fmt.Fprintf(&b, `<figcaption class="legend">Nombre d’événements par mois en %d</figcaption>`+"\n", y.Year)
	b.WriteString("</figure>\n")
	b.WriteString(`<details class="figures">` + "\n")
	b.WriteString("<summary>Le détail par mois</summary>\n")
	b.WriteString("<table>\n<thead><tr><th scope=\"col\">Mois</th><th scope=\"col\">Événements</th></tr></thead>\n<tbody>\n")
	row := func(month int, name string, n int) {
		fmt.Fprintf(&b, "<tr><th scope=\"row\"><a href=\"#%s\">%s</a></th><td>%d</td></tr>\n", Month{Year: y.Year, Month: month}.Anchor(), name, n)
	}
	for _, m := range y.Busy() {
		row(m.Month, chrono.MonthName(m.Month), m.Count)
	}
	if y.NoMonth > 0 {
		row(0, "mois non précisé", y.NoMonth)
	}
	b.WriteString("</tbody>\n</table>\n</details>\n</div>\n")
	return template.HTML(b.String())
}
