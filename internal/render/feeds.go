package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
	"github.com/chrono-dsa/chrono/internal/scratch"
)

// CSVColumns are the columns of /chronologie.csv, documented in the README.
var CSVColumns = []string{"slug", "url", "title", "date", "date_text", "start", "end",
	"actors", "actor_names", "dsa", "summary", "sources", "source_urls", "related",
	"type", "procedure", "step", "responds_to", "follows"}

// csvSep joins the values of a cell that holds several.
const csvSep = " | "

// csvData writes /chronologie.csv: one row per entry, in the chronology's
// order, as RFC 4180 says (comma, double quotes, CRLF), in UTF-8 with a
// byte order mark, without which Excel reads the file as Windows-1252 and
// garbles every accent.
func csvData(c *chrono.Chronology) ([]byte, error) { return csvDocument(c, csvRowOf) }

// csvDocument writes /chronologie.csv with the row that row gives for each
// entry.
func csvDocument(c *chrono.Chronology, row func(*chrono.Chronology, *chrono.Entry) ([]byte, error)) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	_ = w.Write(CSVColumns)
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	rows, size, err := entryLines(c, row)
	if err != nil {
		return nil, err
	}
	b.Grow(size)
	for _, r := range rows {
		b.Write(r)
	}
	return b.Bytes(), nil
}

// A spreadsheet reads a cell that starts with = + - or @ as a formula,
// which can run commands (OWASP's "CSV injection"). Cells start at the
// start of a row and after a separator, and which separator a spreadsheet
// splits on depends on its settings: the comma of this file, but the
// semicolon of French Excel, a tab or a pipe elsewhere, in which case a
// cell starts in the middle of one of ours. So every place where a cell
// could start, after any of these separators and spaces, is neutralized:
// in a text, by an apostrophe before the sign, which spreadsheets take as
// "this is text"; in a URL, by writing the sign %-escaped.
const (
	csvSeparators = ",;\t|\r\n"
	formulaSigns  = "=+-@"
)

// cell makes a text written by contributors safe to open in a spreadsheet.
func cell(s string) string { return neutralize(s, false) }

// urlCell makes a URL written by contributors safe to open in a
// spreadsheet, and still the same address.
func urlCell(s string) string { return neutralize(s, true) }

func neutralize(s string, isURL bool) string {
	var b []byte
	start := true // a cell could start here
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case start && strings.IndexByte(formulaSigns, c) >= 0:
			if b == nil {
				b = append(make([]byte, 0, len(s)+8), s[:i]...)
			}
			if isURL {
				b = fmt.Appendf(b, "%%%02X", c)
				start = false
				continue
			}
			b = append(b, '\'')
			start = false
		case strings.IndexByte(csvSeparators, c) >= 0:
			start = true
		case c != ' ':
			start = false
		}
		if b != nil {
			b = append(b, c)
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// csvRowOf is the row of one entry in /chronologie.csv, with its CRLF.
func csvRowOf(c *chrono.Chronology, e *chrono.Entry) ([]byte, error) {
	end := e.Date.End
	if !e.Date.IsInterval() {
		end = e.Date.Start
	}
	var names, refs, sources, urls []string
	for _, a := range e.Actors {
		names = append(names, c.Site.Actors[a].Name)
	}
	for _, d := range e.DSA {
		refs = append(refs, d.Ref)
	}
	for _, s := range e.Sources {
		sources = append(sources, sourceText(s))
		if s.URL != "" {
			urls = append(urls, s.URL)
		}
	}
	s := scratch.Get()
	w := csv.NewWriter(s.W)
	w.UseCRLF = true
	_ = w.Write([]string{e.Slug, c.Site.URL(e.URLPath()), cell(e.Title),
		e.Date.String(), e.Date.French(), e.Date.Start.ISO(), end.ISO(),
		strings.Join(e.Actors, csvSep), cell(strings.Join(names, csvSep)), strings.Join(refs, csvSep),
		cell(e.Summary), cell(strings.Join(sources, csvSep)), urlCell(strings.Join(urls, csvSep)), strings.Join(e.Related, csvSep),
		e.Type, e.Procedure, e.Step, strings.Join(e.RespondsTo, csvSep), strings.Join(e.Follows, csvSep)})
	w.Flush()
	return s.Bytes(w.Error())
}

// sourceText writes a source on one line: "AFP, « Titre », 12 août 2024".
func sourceText(s chrono.Source) string {
	parts := []string{s.Name}
	if s.Title != "" {
		parts = append(parts, markdown.Typography("« "+s.Title+" »"))
	}
	if s.Date != nil {
		parts = append(parts, s.Date.French())
	}
	return strings.Join(parts, ", ")
}
