package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
)

// hostile is a title written to break out of every context it lands in.
const hostile = `</script><script>alert("x")</script> & <!-- "guillemets", virgule`

func testChronology(tb testing.TB) *chrono.Chronology {
	tb.Helper()
	date := func(s string) chrono.Date {
		d, err := chrono.ParseDate(s)
		if err != nil {
			tb.Fatal(err)
		}
		return d
	}
	site := &chrono.Site{Title: "Site </script>", Description: "Test.", Language: "fr", BaseURL: "https://example.org/",
		Actors: map[string]*chrono.Actor{"x": {Slug: "x", Name: "X </script>", Kind: "platform"}}}
	src := date("2024-07")
	entries := []*chrono.Entry{
		{Slug: "a", Title: hostile, Date: date("2024-07-12"), Actors: []string{"x"}, Summary: hostile,
			DSA:     []chrono.Citation{{Article: 34, Ref: "34(1)"}},
			Sources: []chrono.Source{{Name: "Éditeur </script>", Title: hostile, URL: "https://example.org/?a=1&b=</script>", Date: &src, Lang: "en"}}},
		{Slug: "b", Title: "Sans mois", Date: date("2025"), Actors: []string{"x"}, Sources: []chrono.Source{{Name: "S"}}},
	}
	for i, e := range entries {
		entries[i] = e.WithBody("", nil, nil)
	}
	return chrono.NewChronology(site, entries)
}

// TestJSONLDCannotCloseScript renders an entry page whose every text tries
// to close the <script> element of the JSON-LD: the element holds valid
// JSON, which gives the texts back unchanged.
func TestJSONLDCannotCloseScript(t *testing.T) {
	c := testChronology(t)
	l, probs, err := ParseLayouts(os.DirFS("../.."))
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	var page *Page
	for _, p := range pages(c) {
		if p.Kind == "entry" && p.Entry.Slug == "a" {
			page = p
		}
	}
	var b strings.Builder
	if err := l.execute(&b, page); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("no JSON-LD in the entry page")
	}
	if strings.Count(html, "<script") != 1 {
		t.Errorf("the page has %d <script> elements, want 1: a title broke out", strings.Count(html, "<script"))
	}
	var ld struct {
		Type     string `json:"@type"`
		Headline string `json:"headline"`
		About    struct {
			Type      string `json:"@type"`
			StartDate string `json:"startDate"`
		} `json:"about"`
		Citation []struct {
			Name, URL string
			Publisher struct{ Name string }
		} `json:"citation"`
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v\n%s", err, m[1])
	}
	// Titles get French typography; the markup characters stay as written.
	if !strings.Contains(ld.Headline, `</script><script>alert(`) || ld.Type != "Article" || ld.About.Type != "Event" || ld.About.StartDate != "2024-07-12" {
		t.Errorf("JSON-LD = %+v", ld)
	}
	if len(ld.Citation) != 1 || ld.Citation[0].URL != "https://example.org/?a=1&b=</script>" || ld.Citation[0].Publisher.Name != "Éditeur </script>" {
		t.Errorf("citation = %+v", ld.Citation)
	}
}

// TestCSVFormula checks that a text starting like a formula cannot be
// run by a spreadsheet opening /chronologie.csv.
func TestCSVFormula(t *testing.T) {
	c := testChronology(t)
	for title, want := range map[string]string{
		`=HYPERLINK("https://evil.example","x")`: `'=HYPERLINK("https://evil.example","x")`,
		"+1+1":                                   "'+1+1",
		"-2+3":                                   "'-2+3",
		"@SUM(A1)":                               "'@SUM(A1)",
		"\t=1":                                   "\t'=1",
		"Réunion ;=1+1; suite":                   "Réunion ;'=1+1; suite",
		"a, =1 | -2\t+3;@4":                      "a, '=1 | '-2\t'+3;'@4",
		"Un titre – sans signe ; ni formule":     "Un titre – sans signe ; ni formule",
	} {
		c.Entries[0].Title = title
		c.Entries[0].Sources[0].URL = "https://example.org/?a;=cmd|@x,-y"
		b, err := csvData(c)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := rows[1][csvIndex("title")]; got != want {
			t.Errorf("title %q written as %q, want %q", title, got, want)
		}
		if got := rows[1][csvIndex("source_urls")]; got != "https://example.org/?a;%3Dcmd|%40x,%2Dy" {
			t.Errorf("url written as %q", got)
		}
		// Split as a spreadsheet set to another separator would: no cell
		// starts with a sign of a formula.
		for _, sep := range []rune{',', ';', '\t', '|'} {
			r := csv.NewReader(bytes.NewReader(b[3:]))
			r.Comma, r.LazyQuotes, r.FieldsPerRecord = sep, true, -1
			rows, _ := r.ReadAll()
			for _, row := range rows {
				for _, f := range row {
					if f = strings.TrimLeft(f, " \""); f != "" && strings.ContainsRune(formulaSigns, rune(f[0])) {
						t.Errorf("title %q, split on %q: a cell %q", title, sep, f)
					}
				}
			}
		}
	}
}

// TestCSV reads /chronologie.csv back: a byte order mark, the documented
// header, one row per entry, texts with commas and quotes intact.
func TestCSV(t *testing.T) {
	c := testChronology(t)
	b, err := csvData(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("no byte order mark")
	}
	if !bytes.Contains(b, []byte("\r\n")) {
		t.Error("rows do not end in CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(rows[0], ","), strings.Join(CSVColumns, ","); got != want {
		t.Errorf("header = %s, want %s", got, want)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want header + 2", len(rows))
	}
	row := map[string]string{}
	for i, col := range rows[0] {
		row[col] = rows[1][i]
	}
	want := map[string]string{"slug": "a", "url": "https://example.org/2024/a/", "title": hostile, "date": "2024-07-12",
		"date_text": "12 juillet 2024", "start": "2024-07-12", "end": "2024-07-12", "actors": "x", "actor_names": "X </script>",
		"dsa": "34(1)", "source_urls": "https://example.org/?a=1&b=</script>"}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("%s = %q, want %q", k, row[k], v)
		}
	}
	if rows[2][csvIndex("start")] != "2025" {
		t.Errorf("a year's start = %q, want 2025", rows[2][csvIndex("start")])
	}
}

// csvIndex is the position of a column of /chronologie.csv.
func csvIndex(col string) int {
	for i, c := range CSVColumns {
		if c == col {
			return i
		}
	}
	return -1
}

// TestTimeline checks the figures of the timeline: every month of every
// year, entries without a month counted apart, a page's entries against
// the whole chronology.
func TestTimeline(t *testing.T) {
	c := testChronology(t)
	var home, actor *Page
	for _, p := range pages(c) {
		switch p.Kind {
		case "home":
			home = p
		case "actor":
			actor = p
		}
	}
	tl := home.TimelineData()
	if len(tl.Years) != 2 || tl.Years[0].Year != 2024 || tl.Years[1].Year != 2025 {
		t.Fatalf("years = %+v", tl.Years)
	}
	if tl.Years[0].Months[6].Count != 1 || tl.Years[1].NoMonth != 1 || tl.Max != 1 || tl.Partial {
		t.Errorf("home timeline = %+v", tl)
	}
	svg := string(home.Timeline())
	for _, want := range []string{`role="group"`, `aria-labelledby="frise-titre"`, `<title id="frise-titre">`, `<a href="/2024/">2024</a>`, `mois non précisé`,
		// Each bar, a link to its month in the list, named by its title.
		"<a href=\"#mois-2024-07\"><title>juillet 2024\u00a0: 1\u00a0événement</title><rect class=\"hit\"",
		`<a href="#mois-2024-07">juillet</a>`, `<a href="#mois-2025">mois non précisé</a>`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("timeline lacks %s:\n%s", want, svg)
		}
	}
	if !actor.TimelineData().Partial || !strings.Contains(string(actor.Timeline()), `class="all"`) {
		t.Error("an actor's timeline does not show the whole chronology behind")
	}
	// On an actor's page, the years lead to the year in the page's list.
	if html := string(actor.Timeline()); !strings.Contains(html, `<li><a href="#annee-2024">2024</a></li>`) || strings.Contains(html, `href="/2024/"`) {
		t.Errorf("an actor's timeline does not link its years to its list:\n%s", html)
	}
}

// TestTimelineOwnYears checks that on a page of part of the chronology a
// year where the page has no entry is not a link, and that a bar is drawn
// and linked only where the page has entries.
func TestTimelineOwnYears(t *testing.T) {
	site := &chrono.Site{Title: "T", Language: "fr", BaseURL: "https://example.org/",
		Actors: map[string]*chrono.Actor{"x": {Slug: "x", Name: "X", Kind: "platform"}, "y": {Slug: "y", Name: "Y", Kind: "person"}}}
	var entries []*chrono.Entry
	for i, d := range []string{"2022-03-01", "2023-05-02", "2023-05-03"} {
		date, err := chrono.ParseDate(d)
		if err != nil {
			t.Fatal(err)
		}
		actors := []string{"x"}
		if i > 0 {
			actors = []string{"y"}
		}
		entries = append(entries, (&chrono.Entry{Slug: fmt.Sprint("e", i), Title: "E", Date: date, Actors: actors, Sources: []chrono.Source{{Name: "S"}}}).WithBody("", nil, nil))
	}
	for _, p := range pages(chrono.NewChronology(site, entries)) {
		if p.Kind != "actor" || p.Actor.Slug != "y" {
			continue
		}
		html := string(p.Timeline())
		for _, want := range []string{`<li class="empty">2022</li>`, `<li><a href="#annee-2023">2023</a></li>`,
			"<title>mai 2023\u00a0: 2\u00a0événements</title>"} {
			if !strings.Contains(html, want) {
				t.Errorf("timeline lacks %s:\n%s", want, html)
			}
		}
		if n := strings.Count(html, `<a href="#mois-`); n != 2 { // the bar and the table
			t.Errorf("%d links to months, want 2:\n%s", n, html)
		}
	}
}

// TestYearTimeline checks a year's own timeline: its twelve months, a bar
// linked to each month that has entries, scaled to the year.
func TestYearTimeline(t *testing.T) {
	c := testChronology(t)
	for _, p := range pages(c) {
		if p.Kind != "year" || p.Year.Year != 2024 {
			continue
		}
		tl := p.TimelineData()
		if len(tl.Years) != 1 || tl.Years[0].Year != 2024 || tl.Max != 1 || tl.Partial {
			t.Fatalf("year timeline = %+v", tl)
		}
		html := string(p.Timeline())
		for _, want := range []string{`viewBox="0 0 120 65"`, `<a href="#mois-2024-07"><title>juillet 2024`,
			`<li><abbr title="janvier">janv.</abbr></li>`, `<summary>Le détail par mois</summary>`,
			`<tr><th scope="row"><a href="#mois-2024-07">juillet</a></th><td>1</td></tr>`} {
			if !strings.Contains(html, want) {
				t.Errorf("year timeline lacks %s:\n%s", want, html)
			}
		}
		if strings.Contains(html, "2025") {
			t.Errorf("the timeline of 2024 shows 2025:\n%s", html)
		}
		return
	}
	t.Fatal("no page for 2024")
}

// TestItemLine checks the line of actors and articles under an entry's
// title in lists: four actors at most, then how many more; articles in
// order, each once.
func TestItemLine(t *testing.T) {
	site := &chrono.Site{Actors: map[string]*chrono.Actor{}}
	var slugs []string
	for _, n := range []string{"A", "B", "C", "D", "E", "F"} {
		slug := strings.ToLower(n)
		site.Actors[slug] = &chrono.Actor{Slug: slug, Name: "Acteur " + n}
		slugs = append(slugs, slug)
	}
	p := &Page{site: site}
	for _, tc := range []struct {
		actors []string
		want   string
	}{
		{slugs[:1], "Acteur A"},
		{slugs[:4], "Acteur A, Acteur B, Acteur C, Acteur D"},
		{slugs[:5], "Acteur A, Acteur B, Acteur C, Acteur D et 1\u00a0autre"},
		{slugs, "Acteur A, Acteur B, Acteur C, Acteur D et 2\u00a0autres"},
	} {
		if got := p.ActorNames(&chrono.Entry{Actors: tc.actors}); got != tc.want {
			t.Errorf("ActorNames(%v) = %q, want %q", tc.actors, got, tc.want)
		}
	}
	e := &chrono.Entry{DSA: []chrono.Citation{{Article: 40, Ref: "40(12)"}, {Article: 34, Ref: "34(1)"}, {Article: 34, Ref: "34(2)"}}}
	if got := p.ArticleNumbers(e); got != "34, 40" {
		t.Errorf("ArticleNumbers = %q, want \"34, 40\"", got)
	}
}

// TestTimelineGaps checks that the years without entries are not drawn:
// a run of them is a gap, a break of the axis labelled with the years it
// skips, in the chart's title, under the chart and in the table, and the
// chart is as wide for a gap of one year as for one of 7,972.
func TestTimelineGaps(t *testing.T) {
	width := func(years ...string) (*Timeline, string, string) {
		site := &chrono.Site{Title: "T", Language: "fr", BaseURL: "https://example.org/",
			Actors: map[string]*chrono.Actor{"x": {Slug: "x", Name: "X", Kind: "platform"}}}
		var entries []*chrono.Entry
		for i, y := range years {
			d, err := chrono.ParseDate(y)
			if err != nil {
				t.Fatal(err)
			}
			entries = append(entries, (&chrono.Entry{Slug: fmt.Sprint("e", i), Title: "E", Date: d, Actors: []string{"x"}, Sources: []chrono.Source{{Name: "S"}}}).WithBody("", nil, nil))
		}
		home := pages(chrono.NewChronology(site, entries))[0]
		html := string(home.Timeline())
		_, after, _ := strings.Cut(html, `viewBox="0 0 `)
		w, _, _ := strings.Cut(after, " ")
		return home.TimelineData(), w, html
	}
	tl, w, html := width("2010-03", "2012-05", "2013-01")
	if len(tl.Years) != 3 {
		t.Errorf("%d years drawn, want the 3 with entries", len(tl.Years))
	}
	if from, to, ok := tl.Gap(1); !ok || from != 2011 || to != 2011 {
		t.Errorf("gap before 2012 = %d, %d, %v; want 2011, 2011", from, to, ok)
	}
	if _, _, ok := tl.Gap(2); ok {
		t.Error("a gap between 2012 and 2013")
	}
	for _, want := range []string{
		`<li class="gap">2011</li>`,
		`<tr class="gap"><th scope="row">2011</th><td>0</td><td>aucun événement</td></tr>`,
		`class="break"`,
		"L’axe est interrompu là où la chronologie n’a aucun événement",
		"événement\u00a0: 2011. Chaque barre mène aux événements de son mois\u202f; le détail",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("timeline lacks %s:\n%s", want, html)
		}
	}
	_, far, html := width("2010-03", "9981-05", "9982-01")
	if far != w {
		t.Errorf("chart %s wide with a gap of 7,970 years, %s with a gap of one", far, w)
	}
	if !strings.Contains(html, `<li class="gap">2011–9980</li>`) || !strings.Contains(html, "de 2011 à 9980") {
		t.Errorf("the gap is not labelled 2011–9980:\n%s", html)
	}
	if _, w, html := width("2022-01", "2023-01"); strings.Contains(html, "gap") || w != "240" {
		t.Errorf("consecutive years drawn %s wide, with a gap:\n%s", w, html)
	}
}

// TestSitemapListsPages checks that the sitemap, which enumerates paths
// itself, lists exactly the pages of Pages but the 404 page, in order.
func TestSitemapListsPages(t *testing.T) {
	c := testChronology(t)
	b, err := sitemap(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, p := range pages(c) {
		if p.Kind != "404" {
			want.WriteString("<url><loc>" + p.Canonical() + "</loc></url>\n")
		}
	}
	if got := string(b); !strings.Contains(got, want.String()) || strings.Count(got, "<url>") != strings.Count(want.String(), "<url>") {
		t.Errorf("sitemap:\n%s\nwant the pages:\n%s", got, want.String())
	}
}

// The JSON-LD as it was first written, marshalled from structs by
// encoding/json: the reference JSONLD's own writer must match.
type (
	ldArticle struct {
		Context     string       `json:"@context"`
		Type        string       `json:"@type"`
		Headline    string       `json:"headline"`
		Description string       `json:"description,omitempty"`
		URL         string       `json:"url"`
		MainEntity  string       `json:"mainEntityOfPage"`
		InLanguage  string       `json:"inLanguage"`
		IsPartOf    ldThing      `json:"isPartOf"`
		About       ldEvent      `json:"about"`
		Mentions    []ldThing    `json:"mentions,omitempty"`
		Citation    []ldCitation `json:"citation,omitempty"`
	}
	ldThing struct {
		Type   string `json:"@type"`
		Name   string `json:"name"`
		URL    string `json:"url,omitempty"`
		SameAs string `json:"sameAs,omitempty"`
	}
	ldEvent struct {
		Type      string `json:"@type"`
		Name      string `json:"name"`
		StartDate string `json:"startDate"`
		EndDate   string `json:"endDate"`
	}
	ldCitation struct {
		Type          string   `json:"@type"`
		Name          string   `json:"name"`
		URL           string   `json:"url,omitempty"`
		Publisher     *ldThing `json:"publisher,omitempty"`
		DatePublished string   `json:"datePublished,omitempty"`
		InLanguage    string   `json:"inLanguage,omitempty"`
		ArchivedAt    string   `json:"archivedAt,omitempty"`
	}
)

func referenceJSONLD(p *Page) string {
	e := p.Entry
	end := e.Date.End
	if !e.Date.IsInterval() {
		end = e.Date.Start
	}
	a := ldArticle{
		Context: "https://schema.org", Type: "Article",
		Headline: markdown.Typography(e.Title), Description: markdown.Typography(e.Summary),
		URL: p.Canonical(), MainEntity: p.Canonical(), InLanguage: p.Site().Language,
		IsPartOf: ldThing{Type: "WebSite", Name: markdown.Typography(p.Site().Title), URL: p.Site().BaseURL},
		About:    ldEvent{Type: "Event", Name: markdown.Typography(e.Title), StartDate: e.Date.Start.ISO(), EndDate: end.ISO()},
	}
	for _, slug := range e.Actors {
		if ac := p.Site().Actors[slug]; ac != nil {
			a.Mentions = append(a.Mentions, ldThing{Type: ldType(ac.Kind), Name: ac.Name, URL: p.Abs(chrono.ActorPath(slug)), SameAs: ac.URL})
		}
	}
	for _, s := range e.Sources {
		c := ldCitation{Type: "CreativeWork", Name: markdown.Typography(s.Title), URL: s.URL, InLanguage: s.Lang, ArchivedAt: s.Archive}
		if c.Name == "" {
			c.Name = s.Name
		}
		c.Publisher = &ldThing{Type: "Organization", Name: s.Name}
		if s.Date != nil {
			c.DatePublished = s.Date.Start.ISO()
		}
		a.Citation = append(a.Citation, c)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", " ")
	if err := enc.Encode(a); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// TestJSONLDIsEncodingJSON checks the JSON-LD writer against encoding/json
// on entries with every optional field present and absent, and with text
// that needs escaping: </script>, control characters, U+2028, bad UTF-8.
func TestJSONLDIsEncodingJSON(t *testing.T) {
	c := testChronology(t)
	odd := "tab\tnl\nbell\a sep\u2028 bad\xff & <b> \"q\" \\"
	extra := (&chrono.Entry{Slug: "c", Title: odd, Date: c.Entries[0].Date, Actors: []string{"x", "inconnu"},
		Sources: []chrono.Source{{Name: odd}, {Name: "S", Title: odd, URL: "https://e.org/" + odd, Archive: "https://web.archive.org/x", Lang: "de"}}}).WithBody("", nil, nil)
	c.Site.Actors["x"].URL = "https://x.com/?a=<b>"
	c = chrono.NewChronology(c.Site, append(c.Entries, extra))
	for _, p := range pages(c) {
		if p.Kind != "entry" {
			continue
		}
		got, err := p.JSONLD()
		if err != nil {
			t.Fatal(err)
		}
		if want := referenceJSONLD(p); string(got) != want {
			t.Errorf("%s: JSON-LD\n%s\nwant\n%s", p.Path, got, want)
		}
	}
}

// TestFeedEscapesBaseURL writes the feed of a site whose base URL was not
// checked (CheckBaseURL refuses it): the address is escaped where the
// feed's entries make the links of their annotation absolute, so that it
// cannot add markup to the HTML a feed reader shows.
func TestFeedEscapesBaseURL(t *testing.T) {
	c := testChronology(t)
	c.Site.BaseURL = `https://example.org/?x="><script>alert(1)</script>/`
	c.Entries[0].Body = `<p><a href="/2024/b/">b</a></p>`
	b, err := feed(c)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Entries []struct {
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, e := range doc.Entries {
		if strings.Contains(e.Content, "<script") {
			t.Errorf("the feed's HTML holds a script: %s", e.Content)
		}
	}
}

// pages returns the pages of the site c, in the order of outputs.
func pages(c *chrono.Chronology) []*Page {
	var ps []*Page
	for _, o := range outputs(c, Options{}, nil, nil, nil, newSearchIndex(c, nil)) {
		if o.page != nil {
			o.page.subject()
			ps = append(ps, o.page)
		}
	}
	return ps
}
