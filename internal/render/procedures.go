package render

import (
	"encoding/json"
	"html/template"
	"slices"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// The pages of procedures: /procedures/, one card per procedure, and
// /procedures/<slug>/, its annotation, its steps drawn as a stepper, its
// grievances, deadlines, actors and articles, with an Atom feed of its
// steps; and /procedures.json.

// The format of /procedures.json, documented in the README.
type (
	jsonProcedure struct {
		Slug        string          `json:"slug"`
		URL         string          `json:"url"`
		Title       string          `json:"title"`
		Authority   string          `json:"authority"`
		Subject     []string        `json:"subject"`
		Basis       string          `json:"basis"`
		DSA         []string        `json:"dsa"`
		Status      string          `json:"status"`
		StatusLabel string          `json:"status_label"`
		Summary     string          `json:"summary,omitempty"`
		Steps       []jsonStep      `json:"steps"`
		Grievances  []jsonGrievance `json:"grievances"`
		Deadlines   []jsonDeadline  `json:"deadlines"`
		Sources     []jsonSource    `json:"sources"`
	}
	jsonStep struct {
		Slug      string `json:"slug"`
		URL       string `json:"url"`
		Date      string `json:"date"`
		Step      string `json:"step"`
		StepLabel string `json:"step_label"`
		Title     string `json:"title"`
	}
	jsonGrievance struct {
		Title       string   `json:"title"`
		DSA         []string `json:"dsa"`
		Status      string   `json:"status"`
		StatusLabel string   `json:"status_label"`
	}
	jsonDeadline struct {
		Date        string `json:"date"`
		DateText    string `json:"date_text"`
		Title       string `json:"title"`
		Status      string `json:"status"`
		StatusLabel string `json:"status_label"`
	}
)

func refs(cs []chrono.Citation) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Ref)
	}
	return out
}

// proceduresJSON writes /procedures.json: every procedure with its steps,
// grievances and deadlines, one procedure a line.
func proceduresJSON(c *chrono.Chronology) ([]byte, error) {
	b := []byte(`{"procedures":[`)
	for i, p := range c.Site.Procedures {
		jp := jsonProcedure{Slug: p.Slug, URL: c.Site.URL(p.URLPath()), Title: p.Title, Authority: p.Authority,
			Subject: nonNil(p.Subject), Basis: p.Basis, DSA: refs(p.DSA), Status: p.Status, StatusLabel: p.StatusLabel(),
			Summary: p.Summary, Steps: []jsonStep{}, Grievances: []jsonGrievance{}, Deadlines: []jsonDeadline{}, Sources: []jsonSource{}}
		for _, e := range c.Steps(p.Slug) {
			jp.Steps = append(jp.Steps, jsonStep{Slug: e.Slug, URL: c.Site.URL(e.URLPath()), Date: e.Date.String(),
				Step: e.Step, StepLabel: chrono.StepLabel(e.Step), Title: e.Title})
		}
		for _, g := range p.Grievances {
			jp.Grievances = append(jp.Grievances, jsonGrievance{Title: g.Title, DSA: refs(g.DSA), Status: g.Status, StatusLabel: g.StatusLabel()})
		}
		for _, d := range p.Deadlines {
			jp.Deadlines = append(jp.Deadlines, jsonDeadline{Date: d.Date.String(), DateText: d.Date.French(), Title: d.Title, Status: d.Status, StatusLabel: d.StatusLabel()})
		}
		for _, src := range p.Sources {
			js := jsonSource{Name: src.Name, Title: src.Title, URL: src.URL, Lang: src.Lang, Archive: src.Archive}
			if src.Date != nil {
				js.Date = src.Date.String()
			}
			jp.Sources = append(jp.Sources, js)
		}
		line, err := json.Marshal(jp)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, line...)
	}
	return append(b, "\n]}\n"...), nil
}

// Procedures returns the site's procedures, those under way first (in
// the order of chrono.ProcedureStatuses), then by latest step, the most
// recent first, then by slug.
func (p *Page) Procedures() []*chrono.Procedure {
	p.read(proceduresKey)
	procs := slices.Clone(p.c.Site.Procedures)
	for _, q := range procs {
		p.read(chrono.ProcedureKey(q.Slug))
	}
	rank := func(q *chrono.Procedure) int {
		return slices.IndexFunc(chrono.ProcedureStatuses, func(l chrono.Label) bool { return l.Slug == q.Status })
	}
	slices.SortStableFunc(procs, func(a, b *chrono.Procedure) int {
		if c := rank(a) - rank(b); c != 0 {
			return c
		}
		la, lb := p.Latest(a), p.Latest(b)
		switch {
		case la != nil && lb != nil:
			return lb.Compare(la)
		case la != nil:
			return -1
		case lb != nil:
			return 1
		}
		return 0
	})
	return procs
}

// HasProcedures reports whether the site has procedures, for a link to
// their list: it reads only whether there are any, where Procedures reads
// every procedure and its steps.
func (p *Page) HasProcedures() bool {
	p.read(proceduresKey)
	return len(p.c.Site.Procedures) > 0
}

// ProcedureOf returns the procedure with this slug, or nil.
func (p *Page) ProcedureOf(slug string) *chrono.Procedure {
	if slug == "" {
		return nil // an entry that is no step
	}
	p.read(chrono.ProcedureKey(slug))
	return p.c.Site.Procedure(slug)
}

// ProcedureURL returns the URL of a procedure's page.
func (p *Page) ProcedureURL(proc *chrono.Procedure) string { return p.URL(proc.URLPath()) }

// Steps returns the entries that are steps of a procedure, in order.
func (p *Page) Steps(proc *chrono.Procedure) []*chrono.Entry {
	p.read(chrono.StepsKey(proc.Slug))
	return p.c.Steps(proc.Slug)
}

// StepLabel returns the French label of a kind of step.
func (p *Page) StepLabel(step string) string { return chrono.StepLabel(step) }

// TypeName returns the French name of the entry's kind of event, or "".
func (p *Page) TypeName(e *chrono.Entry) string { return p.Site().TypeName(e) }

// Opened returns the step that opened a procedure: the first whose step
// is "ouverture", else the first; nil if it has no step. The layouts call
// the first "Premier acte" when it is not an opening (a report to a
// prosecutor is not the opening of an inquiry).
func (p *Page) Opened(proc *chrono.Procedure) *chrono.Entry {
	steps := p.Steps(proc)
	for _, e := range steps {
		if e.Step == "ouverture" {
			return e
		}
	}
	if len(steps) > 0 {
		return steps[0]
	}
	return nil
}

// Latest returns the latest step of a procedure, or nil.
func (p *Page) Latest(proc *chrono.Procedure) *chrono.Entry {
	steps := p.Steps(proc)
	if len(steps) == 0 {
		return nil
	}
	return steps[len(steps)-1]
}

// OpenGrievances returns the grievances on which nothing is decided yet.
func (p *Page) OpenGrievances(proc *chrono.Procedure) []chrono.Grievance {
	var out []chrono.Grievance
	for _, g := range proc.Grievances {
		if g.Open() {
			out = append(out, g)
		}
	}
	return out
}

// Pending returns the deadlines of a procedure still awaited, by date.
func (p *Page) Pending(proc *chrono.Procedure) []chrono.Deadline {
	var out []chrono.Deadline
	for _, d := range proc.Deadlines {
		if d.Pending() {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b chrono.Deadline) int { return a.Date.Compare(b.Date) })
	return out
}

// NextDeadline returns the first deadline of a procedure still awaited,
// or nil.
func (p *Page) NextDeadline(proc *chrono.Procedure) *chrono.Deadline {
	if ds := p.Pending(proc); len(ds) > 0 {
		return &ds[0]
	}
	return nil
}

// ProcedureActors returns the slugs of the actors of a procedure: its
// authority, its subjects, then the other actors of its steps, in order of
// appearance.
func (p *Page) ProcedureActors(proc *chrono.Procedure) []string {
	out := []string{proc.Authority}
	add := func(slugs []string) {
		for _, s := range slugs {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	add(proc.Subject)
	for _, e := range p.Steps(proc) {
		add(e.Actors)
	}
	return out
}

// ProcedureArticles returns the numbers of the articles of the DSA a
// procedure, its grievances and its steps cite, in order.
func (p *Page) ProcedureArticles(proc *chrono.Procedure) []int {
	var ns []int
	add := func(cs []chrono.Citation) {
		for _, c := range cs {
			if !slices.Contains(ns, c.Article) {
				ns = append(ns, c.Article)
			}
		}
	}
	add(proc.DSA)
	for _, g := range proc.Grievances {
		add(g.DSA)
	}
	for _, e := range p.Steps(proc) {
		add(e.DSA)
	}
	slices.Sort(ns)
	return ns
}

// Cited reports whether an entry cites article n: only then has it a page.
func (p *Page) Cited(n int) bool {
	p.read(articlesKey) // which articles are cited
	return len(p.c.ByArticle[n]) > 0
}

// Refs returns how a list of citations cites article n: "34(1), 34(2)".
func (p *Page) Refs(cs []chrono.Citation) string { return strings.Join(refs(cs), ", ") }

// RespondsTo returns the entries e responds to.
func (p *Page) RespondsTo(e *chrono.Entry) []*chrono.Entry { return p.entries(e.RespondsTo) }

// Follows returns the entries e is the sequel of.
func (p *Page) Follows(e *chrono.Entry) []*chrono.Entry { return p.entries(e.Follows) }

// Responses returns the entries that respond to e, in order.
func (p *Page) Responses(e *chrono.Entry) []*chrono.Entry {
	p.read(chrono.LinkedByKey(e.Slug))
	return p.c.Responses(e)
}

// Sequels returns the entries that follow e, in order.
func (p *Page) Sequels(e *chrono.Entry) []*chrono.Entry {
	p.read(chrono.LinkedByKey(e.Slug))
	return p.c.Sequels(e)
}

// entries returns the entries with these slugs, as Related does.
func (p *Page) entries(slugs []string) []*chrono.Entry {
	var out []*chrono.Entry
	for _, s := range slugs {
		p.read(chrono.EntryKey(s))
		if r := p.c.BySlug[s]; r != nil {
			out = append(out, r)
		}
	}
	return out
}

// SeeAlso returns the entries e names in its related list that are not
// already shown as what it responds to or follows.
func (p *Page) SeeAlso(e *chrono.Entry) []*chrono.Entry {
	var out []*chrono.Entry
	for _, r := range p.Related(e) {
		if !slices.Contains(e.RespondsTo, r.Slug) && !slices.Contains(e.Follows, r.Slug) {
			out = append(out, r)
		}
	}
	return out
}

// Backlinks returns the entries that link to e or name it as related,
// but for those its page already shows: what it responds to or follows,
// its responses and sequels, and its related entries.
func (p *Page) Backlinks(e *chrono.Entry) []*chrono.Entry {
	var out []*chrono.Entry
	for _, r := range p.LinkedBy(e) {
		switch {
		case slices.Contains(e.Related, r.Slug), slices.Contains(e.RespondsTo, r.Slug), slices.Contains(e.Follows, r.Slug),
			slices.Contains(r.RespondsTo, e.Slug), slices.Contains(r.Follows, e.Slug):
			continue
		}
		out = append(out, r)
	}
	return out
}

// ProcedureBody returns a procedure's annotation as HTML, rendered like
// an entry's body (see Body).
func (p *Page) ProcedureBody(proc *chrono.Procedure) template.HTML {
	p.read(chrono.ProcedureBodyKey(proc.Slug))
	return template.HTML(proc.Body)
}
