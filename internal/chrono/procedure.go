package chrono

import (
	"cmp"
	"slices"
)

// A procedure is a case an authority conducts against someone (the
// Commission's DSA proceedings against X, a prosecutor's criminal inquiry),
// from content/procedures/<slug>.md. Its steps are not written in its file:
// they are the entries that name it (Entry.Procedure), each saying which
// kind of step it is (Entry.Step). What is alleged (grievances) and what is
// awaited (deadlines) are written in the procedure's file, each with a
// status from a closed list; the build never compares them with today's
// date, so that it says the same thing whatever the day.

// Label is a value of a closed list and its French label.
type Label struct{ Slug, Label string }

// labelOf returns the label of slug in list, or slug itself.
func labelOf(list []Label, slug string) string {
	for _, l := range list {
		if l.Slug == slug {
			return l.Label
		}
	}
	return slug
}

// Slugs returns the slugs of a closed list, in order.
func Slugs(list []Label) []string {
	out := make([]string, len(list))
	for i, l := range list {
		out[i] = l.Slug
	}
	return out
}

// ProcedureStatuses lists where a procedure stands.
var ProcedureStatuses = []Label{
	{"ouverte", "Ouverte"},
	{"suspendue", "Suspendue"},
	{"en-recours", "En recours"},
	{"close", "Close"},
}

// GrievanceStatuses lists where a grievance stands. The first two are
// open: nothing has been decided on them yet.
var GrievanceStatuses = []Label{
	{"examen", "À l’examen"},
	{"conclusions", "Conclusions préliminaires"},
	{"engagements", "Engagements acceptés"},
	{"decision", "Manquement constaté"},
	{"rejete", "Rejeté"},
	{"abandonne", "Abandonné"},
}

// DeadlineStatuses lists where a deadline stands, as the sources say.
var DeadlineStatuses = []Label{
	{"a-venir", "À venir"},
	{"respectee", "Respectée"},
	{"depassee", "Dépassée"},
	{"inconnue", "Issue non connue"},
}

// Steps lists the kinds of step an entry can be in a procedure.
var Steps = []Label{
	{"signalement", "Signalement"},
	{"demande-informations", "Demande d’informations"},
	{"ouverture", "Ouverture"},
	{"extension", "Extension"},
	{"acte-enquete", "Acte d’enquête"},
	{"conclusions-preliminaires", "Conclusions préliminaires"},
	{"engagements", "Engagements"},
	{"suspension", "Suspension"},
	{"decision", "Décision"},
	{"sanction", "Sanction"},
	{"recours", "Recours"},
	{"mesures-correctives", "Mesures correctives"},
	{"jugement", "Jugement"},
	{"cloture", "Clôture"},
}

// StepLabel returns the French label of a kind of step.
func StepLabel(step string) string { return labelOf(Steps, step) }

// Type is a kind of event, declared in site.toml as [types.<slug>].
type Type struct {
	Slug string
	Name string // French, short: shown beside each entry in lists
	Pos  Pos    // where it is declared
}

// Procedure is a case, from content/procedures/<slug>.md.
type Procedure struct {
	Path       string // relative to the site's root: content/procedures/slug.md
	Slug       string // the file's name without .md
	Title      string
	Authority  string     // actor slug: who conducts it
	Subject    []string   // actor slugs: whom it targets
	Basis      string     // the legal basis, free text: "DSA", "code pénal"
	DSA        []Citation // articles at stake
	Status     string     // one of ProcedureStatuses
	Summary    string     // plain text, optional
	Grievances []Grievance
	Deadlines  []Deadline
	Sources    []Source
	Body       string     // the annotation, rendered to HTML
	Links      []string   // slugs the body links to
	Paths      []SitePath // paths of the site the body links to
}

// Grievance is what a procedure alleges, from a [[grievance]] table.
type Grievance struct {
	Title  string
	DSA    []Citation
	Status string // one of GrievanceStatuses
}

// Deadline is a date a procedure awaits or awaited, from a [[deadline]]
// table.
type Deadline struct {
	Date   Date
	Title  string
	Status string // one of DeadlineStatuses
}

// StatusLabel returns the French label of the procedure's status.
func (p *Procedure) StatusLabel() string { return labelOf(ProcedureStatuses, p.Status) }

// StatusLabel returns the French label of the grievance's status.
func (g Grievance) StatusLabel() string { return labelOf(GrievanceStatuses, g.Status) }

// Open reports whether nothing has been decided on the grievance yet.
func (g Grievance) Open() bool { return g.Status == "examen" || g.Status == "conclusions" }

// StatusLabel returns the French label of the deadline's status.
func (d Deadline) StatusLabel() string { return labelOf(DeadlineStatuses, d.Status) }

// Pending reports whether the deadline is still awaited.
func (d Deadline) Pending() bool { return d.Status == "a-venir" }

// ProcedurePath is the path of the page of a procedure.
func ProcedurePath(slug string) string { return "/procedures/" + slug + "/" }

// ProceduresPath is the path of the list of procedures.
const ProceduresPath = "/procedures/"

// URLPath is the path of the procedure's page.
func (p *Procedure) URLPath() string { return ProcedurePath(p.Slug) }

// Procedure returns the procedure with this slug, or nil.
func (s *Site) Procedure(slug string) *Procedure {
	for _, p := range s.Procedures {
		if p.Slug == slug {
			return p
		}
	}
	return nil
}

// TypeName returns the French name of the entry's kind of event, or "".
func (s *Site) TypeName(e *Entry) string {
	if t := s.Types[e.Type]; t != nil {
		return t.Name
	}
	return ""
}

// Steps returns the entries of c that are steps of the procedure, in
// order.
func (c *Chronology) Steps(slug string) []*Entry {
	var out []*Entry
	for _, e := range c.Entries {
		if e.Procedure == slug {
			out = append(out, e)
		}
	}
	return out
}

// Responses returns the entries that respond to e, in order.
func (c *Chronology) Responses(e *Entry) []*Entry {
	var out []*Entry
	for _, r := range c.LinkedBy[e.Slug] {
		if slices.Contains(r.RespondsTo, e.Slug) {
			out = append(out, r)
		}
	}
	return out
}

// Sequels returns the entries that follow e, in order.
func (c *Chronology) Sequels(e *Entry) []*Entry {
	var out []*Entry
	for _, r := range c.LinkedBy[e.Slug] {
		if slices.Contains(r.Follows, e.Slug) {
			out = append(out, r)
		}
	}
	return out
}

// after returns the slugs e must come after on the same date: those it
// responds to or follows.
func (e *Entry) after() []string {
	if len(e.Follows) == 0 {
		return e.RespondsTo
	}
	return append(slices.Clone(e.RespondsTo), e.Follows...)
}

// orderResponses reorders entries, sorted by Compare, so that on the same
// date an entry comes after those it responds to or follows; otherwise the
// order of Compare is kept. Validation refuses cycles; were there one, its
// entries would keep the order of Compare.
func orderResponses(entries []*Entry) {
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && entries[j].Date == entries[i].Date {
			j++
		}
		if j-i > 1 {
			orderRun(entries[i:j])
		}
		i = j
	}
}

// orderRun sorts a run of entries of the same date topologically, taking
// at each step the first entry, in the order of Compare, that comes after
// no entry left.
func orderRun(run []*Entry) {
	in := make(map[string]bool, len(run))
	constrained := false
	for _, e := range run {
		in[e.Slug] = true
	}
	for _, e := range run {
		for _, s := range e.after() {
			if in[s] {
				constrained = true
			}
		}
	}
	if !constrained {
		return
	}
	left := slices.Clone(run)
	placed := make(map[string]bool, len(run))
	for k := range run {
		pick := 0
		for i, e := range left {
			ready := true
			for _, s := range e.after() {
				if in[s] && !placed[s] && s != e.Slug {
					ready = false
					break
				}
			}
			if ready {
				pick = i
				break
			}
		}
		run[k] = left[pick]
		placed[left[pick].Slug] = true
		left = slices.Delete(left, pick, pick+1)
	}
}

// ResponseCycle returns the slugs of a cycle of responses and sequels
// among entries (a responds to b, b follows a), starting and ending with
// the same slug, or nil if there is none. Of the cycles, it returns the
// one found first from the entries in the order given.
func ResponseCycle(entries []*Entry) []string {
	bySlug := make(map[string]*Entry, len(entries))
	for _, e := range entries {
		bySlug[e.Slug] = e
	}
	const (
		unseen = iota
		open
		done
	)
	state := make(map[string]int, len(entries))
	var stack []string
	var visit func(s string) []string
	visit = func(s string) []string {
		state[s] = open
		stack = append(stack, s)
		next := slices.Clone(bySlug[s].after())
		slices.SortFunc(next, cmp.Compare)
		for _, t := range next {
			if bySlug[t] == nil || t == s {
				continue // an entry that responds to itself is refused apart
			}
			switch state[t] {
			case open:
				i := slices.Index(stack, t)
				return append(slices.Clone(stack[i:]), t)
			case unseen:
				if c := visit(t); c != nil {
					return c
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[s] = done
		return nil
	}
	for _, e := range entries {
		if state[e.Slug] == unseen {
			if c := visit(e.Slug); c != nil {
				return c
			}
		}
	}
	return nil
}
