package render

import (
	"html/template"
	"io"
	"testing"
)

// BenchmarkLayoutAction measures what one action of a layout costs in
// html/template, on a page of the project, for the Performance section of
// the README: an entry page executes about 140 of them (base.html and
// entry.html hold 132 {{…}}, some in loops), and this cost, not the data
// behind them, is most of the time of rendering a page (pprof: the page's
// own methods are under 5 % of it).
func BenchmarkLayoutAction(b *testing.B) {
	c := testChronology(b)
	p := pages(c)[0]
	for _, bm := range []struct{ name, layout string }{
		{"text", `<p>plain text, no action</p>`},
		{"field", `<p>{{.Title}}</p>`},
		{"method", `<p>{{.OGType}}</p>`},
		{"func", `<p>{{fr .Title}}</p>`},
		{"url-attribute", `<a href="{{.URL "/dsa/"}}">`},
	} {
		t := template.Must(template.New(bm.name).Funcs(funcs).Parse(bm.layout))
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := t.Execute(io.Discard, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
