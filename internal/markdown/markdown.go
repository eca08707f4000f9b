// Package markdown renders the annotation of an entry: CommonMark with GFM
// tables, strikethrough and autolinks, footnotes, chroma highlighting with
// CSS classes, and French typography («  » guillemets, the non-breaking
// spaces French puts before ; : ! ? and inside guillemets, ’ apostrophes).
//
// One Renderer is built at start-up and shared by every goroutine. Its output
// is changed only through goldmark's own hooks: the AST is checked and its
// links rewritten between parsing and rendering, and text is written by a
// node renderer of ours.
//
// Bodies are untrusted: raw HTML is refused (never passed through), and so
// is any link whose URL is not http(s), mailto, a fragment, a path of the
// site or an entry named as @slug.
package markdown

import (
	"bytes"
	"errors"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/scratch"
)

// Linker tells the renderer where links of the site lead.
type Linker interface {
	// Entry returns the URL of the entry with this slug, or an error saying
	// why it cannot be linked to.
	Entry(slug string) (string, error)
	// Path returns the URL of a path of the site ("/dsa/34/"), with the
	// site's base path.
	Path(p string) string
}

// Problem is a mistake in a body, at a byte offset of the body.
type Problem struct {
	Offset int
	Msg    chrono.Message
}

// Result is a rendered body.
type Result struct {
	HTML     string
	Links    []string   // slugs linked to as @slug, in order, without repeats
	Paths    []SitePath // paths of the site linked to, or shown as images
	Problems []Problem
}

// SitePath is a link or an image to a path of the site ("/dsa/34/",
// "/carte.png"), which the caller checks once it knows the site's pages
// and files: a link must lead to one, an image to a file of static/.
type SitePath struct {
	Path   string // decoded, without query or fragment: "/dsa/34/"
	Image  bool
	Offset int
}

// Renderer renders bodies. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns a Renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(
			// GFM without its task lists: "- [x] fait" stays text. A
			// checkbox is a form control, which no page of the site has
			// (the fuzzers refuse <input> in a body), and one without a
			// label fails the accessibility checks. Tables go through
			// boundedTable (table.go).
			extension.Linkify,
			extension.Strikethrough,
			extension.NewFootnote(
				extension.WithFootnoteBacklinkTitle("Revenir au texte"),
				extension.WithFootnoteLinkTitle("Voir la note"),
			),
			extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation]string{
				extension.LeftDoubleQuote:  "«" + nnbsp,
				extension.RightDoubleQuote: nnbsp + "»",
				extension.Apostrophe:       "’",
				extension.LeftSingleQuote:  "‘",
				extension.RightSingleQuote: "’",
				extension.EnDash:           "–",
				extension.EmDash:           "—",
				extension.Ellipsis:         "…",
			})),
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
				highlighting.WithGuessLanguage(false),
			),
		),
		goldmark.WithParserOptions(
			parser.WithParagraphTransformers(util.Prioritized(boundedTable{}, 200)),
			parser.WithASTTransformers(util.Prioritized(extension.NewTableASTTransformer(), 0)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(
				util.Prioritized(textRenderer{}, 100),
				util.Prioritized(extension.NewTableHTMLRenderer(), 500),
			),
		),
	)
	return &Renderer{md: md}
}

// Render renders src, the body of an entry, resolving links with l. A body
// beyond the limits of limits.go, table.go or those below is refused, not
// rendered, with the place of the first construct beyond them.
func (r *Renderer) Render(src []byte, l Linker) Result {
	if p := limits(src); p != nil {
		return Result{Problems: []Problem{*p}}
	}
	pc := parser.NewContext()
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if p, ok := pc.Get(tableProblem).(*Problem); ok {
		return Result{Problems: []Problem{*p}}
	}
	var res Result
	// What a link repeats: the address and title of a link written
	// [text][name] come from the definition of name, and are written again
	// at each use. Those of the other links are in the text.
	repeated := 0
	// How much code chroma highlights (see MaxHighlighted).
	highlighted := 0
	var over *Problem
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			off := 0
			if n.Segments.Len() > 0 {
				off = n.Segments.At(0).Start
			}
			html, more := excerpt(src[off:])
			res.problem(off, rawHTML, html, more)
		case *ast.HTMLBlock:
			off := 0
			if n.Lines().Len() > 0 {
				off = n.Lines().At(0).Start
			}
			html, more := excerpt(src[off:])
			res.problem(off, rawHTML, html, more)
		case *ast.Link:
			if over = repeats(src, n, n.Reference, n.Destination, n.Title, &repeated); over != nil {
				return ast.WalkStop, nil
			}
			n.Destination = res.link(src, n, n.Destination, l, aLink)
		case *ast.Image:
			if over = repeats(src, n, n.Reference, n.Destination, n.Title, &repeated); over != nil {
				return ast.WalkStop, nil
			}
			n.Destination = res.link(src, n, n.Destination, l, anImage)
		case *ast.AutoLink:
			u := string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkURL && !safeScheme(u) {
				res.problem(offset(src, n), chrono.Say("autolink %q: expected an http or https URL", "lien automatique %q : une adresse http ou https est attendue"), u)
			}
		case *ast.FencedCodeBlock:
			if n.Info == nil || n.Lines().Len() == 0 {
				break
			}
			// The language is the info string's first word. Not through
			// n.Language, which would keep it after Info is dropped.
			lang, _, _ := strings.Cut(string(n.Info.Segment.Value(src)), " ")
			lang, _, _ = strings.Cut(lang, "{")
			if !Languages[strings.ToLower(lang)] {
				n.Info = nil // shown as plain code: see Languages
				break
			}
			for i := 0; i < n.Lines().Len(); i++ {
				line := n.Lines().At(i)
				highlighted += line.Len()
			}
			if highlighted > MaxHighlighted {
				over = &Problem{Offset: n.Lines().At(0).Start, Msg: chrono.Say(
					"more than %d bytes of code with a language (```%s): only so much is highlighted; remove the language after ```, or shorten the code",
					"plus de %d octets de code avec un langage (```%s) : la coloration syntaxique s’arrête à cette taille ; retirez le langage après ```, ou raccourcissez le code").With(
					MaxHighlighted, string(n.Language(src)))}
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	if over != nil {
		return Result{Problems: []Problem{*over}}
	}
	out := scratch.Get()
	capped := &cappedWriter{w: out.W, left: MaxGrowth*len(src) + MaxExtra}
	html, err := out.String(r.md.Renderer().Render(capped, src, doc))
	if capped.left < 0 {
		return Result{Problems: []Problem{{Offset: 0, Msg: chrono.Say(
			"the HTML of this text would be more than %d times its size (plus %d KiB); write fewer of the constructs that make the most of it (footnote references, empty list items, quotes or table cells)",
			"le HTML de ce texte dépasserait %d fois sa taille (plus %d Kio) ; utilisez moins les éléments qui en produisent le plus (appels de note, éléments de liste vides, citations ou cellules de tableau)").With(
			MaxGrowth, MaxExtra>>10)}}}
	}
	if err != nil {
		res.problem(0, chrono.Say("rendering Markdown: %v", "rendu du Markdown : %v"), err)
	}
	res.HTML = html
	return res
}

// Languages are the languages whose code chroma highlights: lexers
// measured on hostile code of MaxHighlighted bytes (runs of each quote,
// bracket and comment mark, random punctuation) to take under a quarter
// of a second (BenchmarkLanguages). Chroma's lexers are backtracking
// regular expressions, and others are slower: yaml took 1.7 s on 4 KiB of
// "[", java 0.4 s. Code in any other language is shown plain, escaped as
// all code is.
var Languages = map[string]bool{
	"text": true, "plaintext": true, "json": true, "toml": true, "ini": true, "csv": true, "diff": true,
	"go": true, "golang": true, "python": true, "py": true, "bash": true, "sh": true, "shell": true,
	"javascript": true, "js": true, "html": true, "xml": true, "sql": true, "c": true, "rust": true, "rs": true,
}

const (
	// MaxHighlighted is the most code, in bytes, that chroma highlights in
	// one body. Its lexers are many, and some take time growing with the
	// square of what they read: 16 KiB of "a\n" in ```java take 8 s.
	MaxHighlighted = 4 << 10
	// MaxGrowth and MaxExtra bound the HTML of a body: MaxGrowth times the
	// size of its text, plus MaxExtra. The other limits are what keeps
	// each construct within them; this one is the net under them all.
	MaxGrowth = 16
	MaxExtra  = 64 << 10
)

// MaxRepeated bounds the addresses and titles of the links and images of
// a body, together: twice its size, plus MaxRepeatedExtra. Those written
// in the links themselves are part of the text; only links written
// [text][name] can go beyond, each repeating the address and title of the
// definition of name ([a]: /x "title").
const (
	MaxRepeated      = 2
	MaxRepeatedExtra = 16 << 10
)

// repeats adds to *total the address and title of a link or image, and
// returns a problem if the total goes beyond MaxRepeated.
func repeats(src []byte, n ast.Node, ref *ast.ReferenceLink, dest, title []byte, total *int) *Problem {
	*total += len(dest) + len(title)
	if *total <= MaxRepeated*len(src)+MaxRepeatedExtra {
		return nil
	}
	name := ""
	if ref != nil {
		name = string(ref.Value)
	}
	return &Problem{Offset: offset(src, n), Msg: chrono.Say(
		"the address of [%s] (%d characters) is written again at each of its uses, which together would be more than twice as long as the text; shorten the address, or use it fewer times",
		"l’adresse de [%s] (%d caractères) est recopiée à chacune de ses utilisations, ce qui ferait en tout plus de deux fois la longueur du texte ; raccourcissez l’adresse, ou utilisez-la moins souvent").With(
		name, len(dest)+len(title))}
}

// cappedWriter writes to w until left bytes are written, then fails:
// goldmark's renderer stops writing after a failed write.
type cappedWriter struct {
	w    io.Writer
	left int
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	c.left -= len(p)
	if c.left < 0 {
		return 0, errTooLarge
	}
	return c.w.Write(p)
}

var errTooLarge = errors.New("rendered body too large")

func (res *Result) problem(off int, t chrono.Text, args ...any) {
	res.Problems = append(res.Problems, Problem{Offset: off, Msg: t.With(args...)})
}

var (
	rawHTML = chrono.Say("raw HTML %q%s is not allowed; write Markdown instead (HTML is never copied to the site)",
		"le HTML brut %q%s n’est pas accepté ; écrivez du Markdown à la place (le HTML n’est jamais copié sur le site)")
	// What a destination is, in messages.
	aLink   = chrono.Message{En: "link", Fr: "lien"}
	anImage = chrono.Message{En: "image", Fr: "image"}
)

// link checks the destination of a link or an image and returns what it
// should point to.
func (res *Result) link(src []byte, n ast.Node, dest []byte, l Linker, what chrono.Message) []byte {
	d := string(dest)
	switch {
	case strings.HasPrefix(d, "@"):
		slug := d[1:]
		if what == anImage {
			res.problem(offset(src, n), chrono.Say("image %q: an image cannot be an entry; expected a path of the site starting with /",
				"image %q : une image ne peut pas être une entrée ; un chemin du site commençant par / est attendu"), d)
			return nil
		}
		u, err := l.Entry(slug)
		if err != nil {
			res.problem(offset(src, n), chrono.Say("link to @%s: %v", "lien vers @%s : %v"), slug, err)
			return nil
		}
		if !slices.Contains(res.Links, slug) {
			res.Links = append(res.Links, slug)
		}
		return []byte(u)
	case strings.HasPrefix(d, "/") && !strings.HasPrefix(d, "//"):
		// Checked as the browser will read it: %-escapes decoded, so that
		// /%2e%2e/ is the .. it is.
		p, _, _ := strings.Cut(d, "#")
		p, _, _ = strings.Cut(p, "?")
		decoded, err := url.PathUnescape(p)
		switch {
		case err != nil:
			res.problem(offset(src, n), chrono.Say("%s %q: %% must start an escape such as %%20; write %%25 for a %% sign",
				"%s %q : %% doit commencer un code comme %%20 ; écrivez %%25 pour un signe %%"), what, d)
			return nil
		case strings.ContainsRune(decoded, '\\'):
			res.problem(offset(src, n), chrono.Say("%s %q: a path of the site cannot contain a backslash", "%s %q : un chemin du site ne peut pas contenir de barre oblique inversée (\\)"), what, d)
			return nil
		case slices.Contains(strings.Split(decoded, "/"), ".."):
			res.problem(offset(src, n), chrono.Say("%s %q: a path of the site cannot contain ..", "%s %q : un chemin du site ne peut pas contenir .."), what, d)
			return nil
		}
		res.Paths = append(res.Paths, SitePath{Path: decoded, Image: what == anImage, Offset: offset(src, n)})
		return []byte(l.Path(d))
	case strings.HasPrefix(d, "#") && what == aLink:
		return dest
	case what == anImage:
		res.problem(offset(src, n), chrono.Say("image %q: expected a path of the site starting with / (a file in static/); images from other sites are not loaded",
			"image %q : un chemin du site commençant par / est attendu (un fichier de static/) ; les images d’autres sites ne sont pas chargées"), d)
		return nil
	case safeScheme(d) || strings.HasPrefix(strings.ToLower(d), "mailto:"):
		return dest
	}
	res.problem(offset(src, n), chrono.Say("link to %q: expected an http or https URL, an entry as @slug, or a path of the site starting with /",
		"lien vers %q : une adresse http ou https est attendue, une entrée sous la forme @identifiant, ou un chemin du site commençant par /"), d)
	return nil
}

func safeScheme(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// offset finds where n starts in src: at its first text, or failing that at
// the first text of its parent block.
func offset(src []byte, n ast.Node) int {
	for c := n; c != nil; c = c.Parent() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return c.Lines().At(0).Start
		}
		for ch := c.FirstChild(); ch != nil; ch = ch.FirstChild() {
			if t, ok := ch.(*ast.Text); ok {
				// A link's text starts one byte after its '['.
				if _, isLink := c.(*ast.Link); isLink && t.Segment.Start > 0 {
					return t.Segment.Start - 1
				}
				if _, isImg := c.(*ast.Image); isImg && t.Segment.Start > 1 {
					return t.Segment.Start - 2
				}
				return t.Segment.Start
			}
		}
	}
	return 0
}

func excerpt(b []byte) (string, string) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if i := bytes.IndexByte(b, '>'); i >= 0 {
		b = b[:i+1]
	}
	if len(b) > 40 {
		b = b[:40]
		for !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
		return string(b), "…"
	}
	return string(b), ""
}

const (
	nbsp  = "\u00a0" // before a colon
	nnbsp = "\u202f" // before ; ! ? and inside guillemets
)

// spaced are buffers for the text of a body with French spacing.
var spaced = sync.Pool{New: func() any { return new([]byte) }}

// textRenderer writes text with French spacing; the rest of its behaviour
// (escaping, line breaks) is goldmark's.
type textRenderer struct{}

func (textRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindText, renderText)
}

func renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	value := n.Segment.Value(source)
	if n.IsRaw() {
		_, _ = w.Write(value)
		return ast.WalkContinue, nil
	}
	if hasSigns(value) {
		spacedBuf := spaced.Get().(*[]byte)
		defer spaced.Put(spacedBuf)
		*spacedBuf = appendSpaces((*spacedBuf)[:0], value)
		value = *spacedBuf
	}
	html.DefaultWriter.Write(w, value)
	switch {
	case n.HardLineBreak():
		_, _ = w.WriteString("<br>\n")
	case n.SoftLineBreak():
		_ = w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}

// Spaces turns the ordinary spaces French puts before ; : ! ? » and after «
// into non-breaking ones, so that the sign never starts a line: a narrow
// one (U+202F) everywhere but before a colon (U+00A0). A non-breaking space
// already typed before ; ! ? » or after « becomes the narrow one.
func Spaces(s string) string {
	if !hasSigns(s) {
		return s
	}
	return string(appendSpaces(make([]byte, 0, len(s)+16), s))
}

// hasSigns reports whether s holds one of ; : ! ? « », which Spaces looks
// at. (strings.ContainsAny decodes every rune when the set is not ASCII.)
func hasSigns[S string | []byte](s S) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ';', ':', '!', '?':
			return true
		case 0xC2: // « is C2 AB, » is C2 BB
			if i+1 < len(s) && (s[i+1] == 0xAB || s[i+1] == 0xBB) {
				return true
			}
		}
	}
	return false
}

// appendSpaces appends s to dst with the spaces of Spaces. It reads s once,
// left to right, each space replaced at most once; it was a
// strings.Replacer, a tenth of a build's time.
func appendSpaces[S string | []byte](dst []byte, s S) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' && i+1 < len(s) && s[i+1] == ':':
			dst = append(dst, nbsp...)
			continue
		case c == ' ' && narrowBefore(s, i+1):
			dst = append(dst, nnbsp...)
			continue
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0 && narrowBefore(s, i+2): // a non-breaking space
			dst = append(dst, nnbsp...)
			i++
			continue
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xAB: // «
			if i+2 < len(s) && s[i+2] == ' ' {
				dst = append(dst, "«"+nnbsp...)
				i += 2
				continue
			}
			if i+3 < len(s) && s[i+2] == 0xC2 && s[i+3] == 0xA0 {
				dst = append(dst, "«"+nnbsp...)
				i += 3
				continue
			}
		}
		dst = append(dst, s[i])
	}
	return dst
}

// narrowBefore reports whether s[j:] starts with a sign that takes a narrow
// no-break space before it: ; ! ? or » (C2 BB).
func narrowBefore[S string | []byte](s S, j int) bool {
	if j >= len(s) {
		return false
	}
	switch s[j] {
	case ';', '!', '?':
		return true
	case 0xC2:
		return j+1 < len(s) && s[j+1] == 0xBB
	}
	return false
}

// Typography applies French typography to plain text (a title, a summary):
// Spaces, ’ for ', and «  » for pairs of ".
func Typography(s string) string {
	if strings.Contains(s, "'") {
		s = strings.ReplaceAll(s, "'", "’")
	}
	if strings.Count(s, `"`) >= 2 {
		var b strings.Builder
		open := false
		for _, r := range s {
			if r != '"' {
				b.WriteRune(r)
				continue
			}
			if open {
				b.WriteString(nnbsp + "»")
			} else {
				b.WriteString("«" + nnbsp)
			}
			open = !open
		}
		s = b.String()
	}
	return Spaces(s)
}
