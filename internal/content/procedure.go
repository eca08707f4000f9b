package content

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
)

// ProceduresDir is the folder of the procedures: one file
// content/procedures/<slug>.md each, TOML front matter and Markdown like an
// entry.
const ProceduresDir = Dir + "/procedures"

var (
	typeKeys      = []string{"name"}
	procedureKeys = []string{"title", "authority", "subject", "basis", "dsa", "status", "summary", "grievance", "deadline", "source"}
	grievanceKeys = []string{"title", "dsa", "status"}
	deadlineKeys  = []string{"date", "title", "status"}
)

// maxTypeName is the longest name of a kind of event: a short label.
const maxTypeName = 40

// types reads the kinds of event of site.toml, [types.<slug>] tables.
func (f *fields) types(m map[string]any) map[string]*chrono.Type {
	v, present := m["types"]
	if !present {
		return nil
	}
	tables, ok := v.(map[string]any)
	if !ok {
		f.errorf("types", chrono.Say("types must be tables, one per kind of event, as [types.declaration] followed by its name; found %s",
			"types doit être composé de tables, une par type d’événement, comme [types.declaration] suivi de son nom ; il contient %s"), typeName(v))
		return nil
	}
	out := make(map[string]*chrono.Type, len(tables))
	for _, slug := range sortedKeys(tables) {
		key := "types." + slug
		t, ok := tables[slug].(map[string]any)
		if !ok {
			f.errorf(key, chrono.Say("type %q must be a table, as [types.%s] followed by name = \"…\"",
				"le type %q doit être une table, comme [types.%s] suivi de name = \"…\""), slug, slug)
			continue
		}
		if !isSlug(slug) {
			f.errorf(key, chrono.Say("type slug %q: expected lowercase letters, digits and single dashes, such as %q",
				"identifiant de type %q : lettres minuscules sans accents, chiffres et tirets simples sont attendus, comme %q"), slug, slugFor(slug))
		}
		f.unknown(t, key, typeKeys)
		typ := &chrono.Type{Slug: slug, Name: f.str(t, key, "name", true), Pos: f.keys.pos(SiteFile, key)}
		f.oneLine(key, "name", typ.Name, maxTypeName)
		out[slug] = typ
	}
	return out
}

// procedureFields reads the keys of an entry about its kind, its procedure
// and its relations, and checks what does not depend on other files.
func (f *fields) procedureFields(m map[string]any, e *chrono.Entry, site *chrono.Site) {
	e.Type = f.str(m, "", "type", false)
	e.Procedure = f.str(m, "", "procedure", false)
	e.Step = f.str(m, "", "step", false)
	e.RespondsTo = f.strings(m, "", "responds_to")
	e.Follows = f.strings(m, "", "follows")
	if site != nil {
		known := sortedKeys(site.Types)
		_, written := m["type"]
		switch {
		case !written && len(known) > 0:
			f.errorf("", chrono.Say("missing required key \"type\"; this site declares kinds of event in %s: add type = \"…\" with one of %s",
				"il manque la clé obligatoire « type » ; ce site déclare des types d’événements dans %s : ajoutez type = \"…\" avec l’un de ceux-ci : %s"), SiteFile, quoteList(known))
		case written && e.Type == "" && len(known) > 0:
			f.errorf("type", chrono.Say("type is empty; write one of the kinds of event declared in %s: %s",
				"type est vide ; écrivez l’un des types d’événements déclarés dans %s : %s"), SiteFile, quoteList(known))
		case e.Type != "" && len(known) == 0:
			f.errorf("type", chrono.Say("type %q: %s declares no kind of event; declare it as [types.%s] with its name, or remove type",
				"type %q : %s ne déclare aucun type d’événement ; déclarez-le sous la forme [types.%s] avec son nom, ou retirez type"), e.Type, SiteFile, e.Type)
		case e.Type != "" && site.Types[e.Type] == nil:
			f.errorAtValue("type", strconv.Quote(e.Type), chrono.Say("unknown type %q%s", "type inconnu %q%s"), e.Type, orDeclareType(e.Type, known))
		}
	}
	steps := chrono.Slugs(chrono.Steps)
	switch {
	case e.Step != "" && e.Procedure == "":
		f.errorf("step", chrono.Say("step without procedure; name the procedure this entry is a step of, as procedure = \"<slug>\" (a file %s/<slug>.md), or remove step",
			"step sans procedure ; nommez la procédure dont cette entrée est une étape, comme procedure = \"<identifiant>\" (un fichier %s/<identifiant>.md), ou retirez step"), ProceduresDir)
	case e.Step != "" && !slices.Contains(steps, e.Step):
		f.errorAtValue("step", strconv.Quote(e.Step), chrono.Say("unknown step %q%s", "étape inconnue %q%s"), e.Step, orExpected(e.Step, steps))
	case e.Step == "" && e.Procedure != "":
		if _, written := m["step"]; !written {
			f.errorf("procedure", chrono.Say("missing key \"step\": an entry of a procedure says which step it is, one of %s",
				"il manque la clé « step » : une entrée qui fait partie d’une procédure indique de quelle étape il s’agit, parmi %s"), quoteList(steps))
		}
	}
	for key, list := range map[string][]string{"responds_to": e.RespondsTo, "follows": e.Follows} {
		for _, r := range list {
			if r == e.Slug {
				f.errorAtValue(key, strconv.Quote(r), map[string]chrono.Text{
					"responds_to": chrono.Say("%s: an entry cannot respond to itself", "%s : une entrée ne peut pas se répondre à elle-même"),
					"follows":     chrono.Say("%s: an entry cannot follow itself", "%s : une entrée ne peut pas faire suite à elle-même"),
				}[key], key)
			}
		}
	}
}

func orDeclareType(t string, known []string) chrono.Message {
	if s := suggest(t, known); s.En != "" {
		return s
	}
	return chrono.Say("; expected one of the kinds declared in %s: %s", " ; l’un des types déclarés dans %s est attendu : %s").With(SiteFile, quoteList(known))
}

// checkRelations checks what the entries say of procedures and of each
// other: known procedures, responds_to and follows that lead to entries
// link accepts, and no cycle of responses and sequels.
func checkRelations(entries []*parsed, slugs []string, link func(from *parsed, slug string, suggested *int) error) {
	known := make(map[string]bool, len(slugs))
	for _, s := range slugs {
		known[s] = true
	}
	for _, p := range entries {
		e := p.entry
		suggested := 0
		if e.Procedure != "" && !known[e.Procedure] {
			hint := suggest(e.Procedure, slugs)
			if hint.En == "" {
				hint = chrono.Say("; a procedure is a file %s/<slug>.md", " ; une procédure est un fichier %s/<identifiant>.md").With(ProceduresDir)
			}
			p.fields.errorAtValue("procedure", strconv.Quote(e.Procedure), chrono.Say("procedure: no procedure has the slug %q%s",
				"procedure : aucune procédure n’a l’identifiant %q%s"), e.Procedure, hint)
		}
		for _, r := range e.RespondsTo {
			if err := link(p, r, &suggested); err != nil {
				p.fields.errorAtValue("responds_to", strconv.Quote(r), chrono.Say("responds_to: %v", "responds_to : %v"), err)
			}
		}
		for _, r := range e.Follows {
			if err := link(p, r, &suggested); err != nil {
				p.fields.errorAtValue("follows", strconv.Quote(r), chrono.Say("follows: %v", "follows : %v"), err)
			}
		}
	}
	all := make([]*chrono.Entry, len(entries))
	for i, p := range entries {
		all[i] = p.entry
	}
	// Sorted by slug, so that the cycle reported does not depend on the
	// order of the files.
	slices.SortFunc(all, func(a, b *chrono.Entry) int { return strings.Compare(a.Slug, b.Slug) })
	cycle := chrono.ResponseCycle(all)
	if cycle == nil {
		return
	}
	var steps []chrono.Message
	by := map[string]*parsed{}
	for _, p := range entries {
		by[p.entry.Slug] = p
	}
	for i := 0; i+1 < len(cycle); i++ {
		step := chrono.Say("%q follows %q", "%q fait suite à %q")
		if slices.Contains(by[cycle[i]].entry.RespondsTo, cycle[i+1]) {
			step = chrono.Say("%q responds to %q", "%q répond à %q")
		}
		steps = append(steps, step.With(cycle[i], cycle[i+1]))
	}
	first, key := by[cycle[0]], "follows"
	if slices.Contains(first.entry.RespondsTo, cycle[1]) {
		key = "responds_to"
	}
	first.fields.errorAtValue(key, strconv.Quote(cycle[1]), chrono.Say("%s: a cycle: %s; an entry comes after what it responds to or follows, so one of these must go",
		"%s : ces liens forment une boucle : %s ; une entrée vient après ce à quoi elle répond ou fait suite, l’un de ces liens doit donc être retiré"), key, joinMessages(steps, ", "))
}

// loadProcedures reads the procedures of content/procedures/, sorted by
// slug, with their annotations rendered through l, and the slugs of every
// file named like a procedure, whether it is one or has mistakes (so that
// entries naming it are not told it does not exist). site, if not nil, is
// where their actors are declared.
func loadProcedures(fsys fs.FS, md *markdown.Renderer, l linker, site *chrono.Site) ([]*chrono.Procedure, []string, chrono.Problems, error) {
	ds, err := fs.ReadDir(fsys, ProceduresDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil, nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	var slugs []string
	var probs chrono.Problems
	var out []*chrono.Procedure
	for _, d := range ds {
		name := d.Name()
		p := path.Join(ProceduresDir, name)
		slug := strings.TrimSuffix(name, ".md")
		switch {
		case Ignored(name):
			continue
		case d.Type()&fs.ModeSymlink != 0:
			probs.Add(chrono.Pos{Path: p}, symlinkIn, Dir)
			continue
		case d.IsDir():
			probs.Add(chrono.Pos{Path: p}, chrono.Say("unexpected folder; procedures are files %s/<slug>.md", "dossier inattendu ; les procédures sont des fichiers %s/<identifiant>.md"), ProceduresDir)
			continue
		case !d.Type().IsRegular():
			probs.Add(chrono.Pos{Path: p}, chrono.Say("not a regular file (a named pipe, a socket or a device); procedures are ordinary files",
				"ce n’est pas un fichier ordinaire (mais un tube nommé, une socket ou un périphérique) ; une procédure est un fichier ordinaire"))
			continue
		case path.Ext(name) != ".md":
			probs.Add(chrono.Pos{Path: p}, chrono.Say("unexpected file; procedures are Markdown files ending in .md",
				"fichier inattendu ; les procédures sont des fichiers Markdown dont le nom finit par .md"))
			continue
		case !isSlug(slug):
			probs.Add(chrono.Pos{Path: p}, badFileName, name, slugFor(slug)+".md")
			continue
		}
		slugs = append(slugs, slug)
		src, err := readFile(fsys, p)
		if err != nil {
			return nil, nil, nil, err
		}
		if src == nil {
			probs.Add(chrono.Pos{Path: p}, chrono.Say("file is larger than %d bytes (1 MiB); shorten the annotation",
				"le fichier dépasse %d octets (1 Mio) ; raccourcissez le texte"), MaxFileSize)
			continue
		}
		proc, fl, pp := parseProcedure(p, slug, src, site)
		probs = append(probs, pp...)
		if proc == nil {
			continue
		}
		res := md.Render(fl.body, l.from(&parsed{entry: &chrono.Entry{}}))
		for _, mp := range res.Problems {
			line, col := lineCol(fl.body, fl.bodyLine, mp.Offset)
			probs.AddMessage(chrono.Pos{Path: p, Line: line, Col: col}, mp.Msg)
		}
		proc.Body, proc.Links = res.HTML, res.Links
		proc.Paths = sitePaths(p, fl.body, fl.bodyLine, res.Paths)
		out = append(out, proc)
	}
	return out, slugs, probs, nil
}

// parseProcedure reads the procedure in src, at path
// content/procedures/<slug>.md.
func parseProcedure(path, slug string, src []byte, site *chrono.Site) (*chrono.Procedure, *file, chrono.Problems) {
	var probs chrono.Problems
	fl, p := split(path, src)
	if p != nil {
		return nil, nil, chrono.Problems{*p}
	}
	m, f, p := decode(path, fl.front, fl.frontLine)
	if p != nil {
		return nil, nil, chrono.Problems{*p}
	}
	f.probs = &probs
	f.unknown(m, "", procedureKeys)
	proc := &chrono.Procedure{
		Path:      path,
		Slug:      slug,
		Title:     f.str(m, "", "title", true),
		Authority: f.str(m, "", "authority", true),
		Subject:   f.strings(m, "", "subject"),
		Basis:     f.str(m, "", "basis", true),
		Status:    f.str(m, "", "status", true),
		Summary:   f.str(m, "", "summary", false),
		DSA:       f.citations(m),
	}
	f.oneLine("", "title", proc.Title, maxTitle)
	f.oneLine("", "basis", proc.Basis, maxTitle)
	if l := len([]rune(proc.Summary)); l > maxSummary {
		f.errorf("summary", summaryTooLong, l, maxSummary)
	}
	if _, ok := m["subject"]; !ok {
		f.errorf("", chrono.Say("missing required key \"subject\"; list whom the procedure targets, as subject = [\"x\"]",
			"il manque la clé obligatoire « subject » ; indiquez qui est visé par la procédure, comme subject = [\"x\"]"))
	} else if a, isList := m["subject"].([]any); isList && len(a) == 0 {
		f.errorf("subject", chrono.Say("subject is empty; list at least one actor declared in site.toml", "subject est vide ; indiquez au moins un acteur déclaré dans site.toml"))
	}
	if site != nil {
		if a := proc.Authority; a != "" && site.Actors[a] == nil {
			f.errorAtValue("authority", strconv.Quote(a), unknownActor, a, orDeclare(a, site.ActorSlugs()))
		}
		for _, a := range proc.Subject {
			if site.Actors[a] == nil {
				f.errorAtValue("subject", strconv.Quote(a), unknownActor, a, orDeclare(a, site.ActorSlugs()))
			}
		}
	}
	f.status("", proc.Status, "status", chrono.ProcedureStatuses)
	for _, t := range f.tables(m, "grievance") {
		g := chrono.Grievance{
			Title:  f.str(t.m, t.key, "title", true),
			Status: f.str(t.m, t.key, "status", true),
			DSA:    f.citationsIn(t.m, t.key),
		}
		f.unknown(t.m, t.key, grievanceKeys)
		f.oneLine(t.key, "title", g.Title, maxTitle)
		f.status(t.key, g.Status, "status", chrono.GrievanceStatuses)
		proc.Grievances = append(proc.Grievances, g)
	}
	for _, t := range f.tables(m, "deadline") {
		d := chrono.Deadline{
			Title:  f.str(t.m, t.key, "title", true),
			Status: f.str(t.m, t.key, "status", true),
		}
		f.unknown(t.m, t.key, deadlineKeys)
		if date := f.date(t.m, t.key, "date", true); date != nil {
			d.Date = *date
		}
		f.oneLine(t.key, "title", d.Title, maxTitle)
		f.status(t.key, d.Status, "status", chrono.DeadlineStatuses)
		proc.Deadlines = append(proc.Deadlines, d)
	}
	if _, ok := m["source"]; ok {
		proc.Sources = f.sources(m)
	}
	return proc, fl, probs
}

// status checks that s, the value of key in table prefix, is one of list.
func (f *fields) status(prefix, s, key string, list []chrono.Label) {
	if s == "" {
		return
	}
	slugs := chrono.Slugs(list)
	if !slices.Contains(slugs, s) {
		f.errorAtValue(join(prefix, key), strconv.Quote(s), chrono.Say("unknown %s %q%s", "valeur inconnue pour %s : %q%s"), key, s, orExpected(s, slugs))
	}
}

// table is one table of an array of tables, with the key that locates it.
type table struct {
	m   map[string]any
	key string // "grievance[0]"
}

// tables reads name: one table, or an array of tables.
func (f *fields) tables(m map[string]any, name string) []table {
	v, ok := m[name]
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case map[string]any:
		return []table{{v, name}}
	case []map[string]any:
		out := make([]table, len(v))
		for i, t := range v {
			out[i] = table{t, fmt.Sprintf("%s[%d]", name, i)}
		}
		return out
	}
	f.errorf(name, chrono.Say("%s must be tables, as [[%s]] followed by its keys, not %s",
		"%s doit être composé de tables, comme [[%s]] suivi de ses clés, et non %s"), name, name, typeName(v))
	return nil
}

// withProcedures returns site with its procedures: site itself if there
// are none.
func (fresh) withProcedures(site *chrono.Site, procs []*chrono.Procedure) *chrono.Site {
	if len(procs) == 0 && len(site.Procedures) == 0 {
		return site
	}
	s := *site
	s.Procedures = procs
	return &s
}

// withProcedures is fresh's, and while the procedures do not change, the
// same copy from load to load, so that a preview sees the same site.
func (c *Cache) withProcedures(site *chrono.Site, procs []*chrono.Procedure) *chrono.Site {
	if c.procSite != nil && c.procBase == site && reflect.DeepEqual(c.procSite.Procedures, procs) {
		return c.procSite
	}
	s := fresh{}.withProcedures(site, procs)
	if s != site {
		c.procBase, c.procSite = site, s
	}
	return s
}

// skeletonFields returns the lines of a new entry about its kind, its
// procedure and its relations, with comments: type only if the site
// declares kinds of event.
func skeletonFields(site *chrono.Site) string {
	var b strings.Builder
	if known := sortedKeys(site.Types); len(known) > 0 {
		b.WriteString(comment("The kind of event (required), one of the [types.*] of site.toml: " + strings.Join(known, ", ") + "."))
		b.WriteString("type = \"\"\n")
	}
	b.WriteString(comment("If the event is a step of a procedure (content/procedures/<slug>.md): its slug, and the kind of step: " + strings.Join(chrono.Slugs(chrono.Steps), ", ") + "."))
	b.WriteString("# procedure = \"\"\n# step = \"\"\n")
	b.WriteString("# Slugs of the entries this one responds to, and of those it is the sequel of.\n")
	b.WriteString("responds_to = []\nfollows = []\n")
	return b.String()
}

// comment writes text as TOML comment lines of at most 78 characters.
func comment(text string) string {
	var b strings.Builder
	line := "#"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > 78 {
			b.WriteString(line + "\n")
			line = "#"
		}
		line += " " + w
	}
	return b.String() + line + "\n"
}
