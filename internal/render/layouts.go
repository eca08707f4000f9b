package render

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// LayoutDir is the folder of the layouts, at the site's root.
const LayoutDir = "layouts"

// Kinds of pages, each with its layout LayoutDir/<kind>.html, which defines
// the "main" block of LayoutDir/base.html.
var Kinds = []string{"home", "year", "entry", "actors", "actor", "articles", "article", "procedures", "procedure", "corrections", "feeds", "search", "about", "404"}

// Layouts are the parsed templates of a site: for each kind of page, the
// base layout with the partials and that kind's layout.
type Layouts struct {
	byKind map[string]*template.Template
}

// ParseLayouts reads base.html, partials/*.html and one layout per kind
// from fsys. Mistakes in them are problems of the site's owner, reported
// with the layout's file and line.
func ParseLayouts(fsys fs.FS) (*Layouts, chrono.Problems, error) {
	var probs chrono.Problems
	read := func(name string) (string, bool, error) {
		b, err := fs.ReadFile(fsys, path.Join(LayoutDir, name))
		if errors.Is(err, fs.ErrNotExist) {
			probs.Add(chrono.Pos{Path: path.Join(LayoutDir, name)}, chrono.Say("missing layout; a site needs %s/base.html and one layout per kind of page: %s",
				"gabarit manquant ; un site a besoin de %s/base.html et d’un gabarit par type de page : %s"), LayoutDir, strings.Join(Kinds, ".html, ")+".html")
			return "", false, nil
		}
		return string(b), err == nil, err
	}
	base, ok, err := read("base.html")
	if err != nil {
		return nil, nil, err
	}
	// Without a base that parses, the other layouts are still parsed, on
	// an empty base, so that every mistake is reported at once.
	root := template.New("base.html").Funcs(funcs)
	if ok {
		if _, err := root.Parse(base); err != nil {
			probs = append(probs, templateProblem(err))
			root = template.New("base.html").Funcs(funcs)
		}
	}
	partials, err := fs.Glob(fsys, path.Join(LayoutDir, "partials", "*.html"))
	if err != nil {
		return nil, nil, err
	}
	for _, p := range partials {
		name := strings.TrimPrefix(p, LayoutDir+"/")
		text, _, err := read(name)
		if err != nil {
			return nil, nil, err
		}
		if _, err := root.New(name).Parse(text); err != nil {
			probs = append(probs, templateProblem(err))
		}
	}
	for _, t := range root.Templates() {
		probs = append(probs, bodyFields(t)...)
	}
	l := &Layouts{byKind: map[string]*template.Template{}}
	for _, kind := range Kinds {
		name := kind + ".html"
		text, ok, err := read(name)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			continue
		}
		t, err := root.Clone()
		if err == nil {
			_, err = t.New(name).Parse(text)
		}
		if err != nil {
			probs = append(probs, templateProblem(err))
			continue
		}
		for _, tt := range t.Templates() { // those of this kind's file
			if r := root.Lookup(tt.Name()); r == nil || r.Tree != tt.Tree {
				probs = append(probs, bodyFields(tt)...)
			}
		}
		l.byKind[kind] = t
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	return l, nil, nil
}

var templateErrRe = regexp.MustCompile(`^(?:html/)?template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateProblem turns a template error into a problem at the layout's
// file and line.
func templateProblem(err error) chrono.Problem {
	msg := err.Error()
	if m := templateErrRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return chrono.Problem{Pos: chrono.Pos{Path: path.Join(LayoutDir, m[1]), Line: line, Col: col}, Msg: m[4]}
	}
	return chrono.Problem{Pos: chrono.Pos{Path: LayoutDir}, Msg: msg}
}

// execute renders a page with its kind's layout.
func (l *Layouts) execute(w io.Writer, p *Page) error {
	t := l.byKind[p.Kind]
	if t == nil {
		return fmt.Errorf("no layout for %s pages", p.Kind)
	}
	p.layouts = l
	if err := t.ExecuteTemplate(w, "base.html", p); err != nil {
		return &layoutError{templateProblem(err)}
	}
	return nil
}

// bodyFields reports the places where a layout reads the field Body of an
// entry ({{$e.Body}}, {{len .Entry.Body}}) instead of calling the method
// {{.Body ENTRY}} of Page: the method records that the page shows the
// annotation, the field would not, and the preview would not make the page
// again when the annotation changes.
func bodyFields(t *template.Template) chrono.Problems {
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return nil
	}
	var probs chrono.Problems
	refuse := func(n parse.Node) {
		loc, _ := t.Tree.ErrorContext(n)
		p := templateProblem(fmt.Errorf("template: %s: body", loc))
		m := chrono.Say("the field Body of an entry is not part of the layouts' API; write {{$.Body ENTRY}}, which the preview follows",
			"le champ Body d’une entrée ne fait pas partie de l’API des gabarits ; écrivez {{$.Body ENTRY}}, dont la prévisualisation tient compte").With()
		p.Msg, p.Fr = m.En, m.Fr
		probs = append(probs, p)
	}
	idents := func(n parse.Node) []string {
		switch n := n.(type) {
		case *parse.FieldNode:
			return n.Ident
		case *parse.VariableNode:
			return n.Ident
		case *parse.ChainNode:
			return n.Field
		}
		return nil
	}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			for i, arg := range n.Args {
				ids := idents(arg)
				for j, id := range ids {
					// The method: first in its command, with arguments.
					if id == "Body" && !(i == 0 && j == len(ids)-1 && len(n.Args) > 1) {
						refuse(arg)
					}
				}
				if c, ok := arg.(*parse.ChainNode); ok {
					walk(&parse.CommandNode{Args: []parse.Node{c.Node}})
				}
				if p, ok := arg.(*parse.PipeNode); ok {
					walk(p)
				}
			}
		}
	}
	walk(t.Tree.Root)
	return probs
}
