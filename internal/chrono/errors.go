package chrono

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a position in a file of the site: the path relative to the site's
// root (slash-separated), a 1-based line and a 1-based column in bytes. Line
// or Col is 0 when unknown.
type Pos struct {
	Path string
	Line int
	Col  int
}

// String formats p as path:line:col, leaving out what is unknown. The
// path is made OneLine.
func (p Pos) String() string {
	path := OneLine(p.Path)
	switch {
	case p.Line == 0:
		return path
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", path, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", path, p.Line, p.Col)
}

// OneLine returns s with every character that could end a line or drive a
// terminal written as an escape, as Go writes it in a quoted string (\n,
// \r, \x1b, \u2028…). Messages quote values from the content, which a
// contributor writes: once OneLine, a message is one line that starts where
// its writer started it, so that no file name, key or value can add a line
// of its own to what chrono prints, such as a workflow command that the
// GitHub Actions runner would execute (::error…, ::add-mask::,
// ::stop-commands::), or move the terminal's cursor.
func OneLine(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			q := strconv.QuoteRune(r) // '\n', '\x1b', '\u2028'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports whether r is a control character (C0 but tab, DEL,
// C1 with NEL) or a line or paragraph separator.
func unsafeRune(r rune) bool {
	return (r < 0x20 && r != '\t') || (r >= 0x7f && r <= 0x9f) || r == 0x2028 || r == 0x2029
}

// Severity says whether a Problem stops the build.
type Severity int

const (
	// Error is a mistake in the content: the site is not built.
	Error Severity = iota
	// Warning is a likely mistake: reported, the site is still built.
	Warning
)

// Problem is a mistake in the site's content that its author can fix: a
// message tied to a position.
type Problem struct {
	Pos
	Severity Severity
	Msg      string // in English; in the site's language once In
	Fr       string // in French; "" if it has no French (then Msg is used)
}

// Error formats p as path:line:col: message, on one line (OneLine).
func (p Problem) Error() string {
	if p.Severity == Warning {
		return p.Pos.String() + ": warning: " + OneLine(p.Msg)
	}
	return p.Pos.String() + ": " + OneLine(p.Msg)
}

// Problems is the list of every problem found in a site. Its order, after
// Sort, is by path, line and column, then message.
type Problems []Problem

// Add appends a problem at pos: t, in both languages, with args.
func (ps *Problems) Add(pos Pos, t Text, args ...any) {
	ps.AddMessage(pos, t.With(args...))
}

// AddMessage appends a problem at pos with the message m.
func (ps *Problems) AddMessage(pos Pos, m Message) {
	*ps = append(*ps, Problem{Pos: pos, Msg: m.En, Fr: m.Fr})
}

// Warn appends a warning at pos: t, in both languages, with args.
func (ps *Problems) Warn(pos Pos, t Text, args ...any) {
	m := t.With(args...)
	*ps = append(*ps, Problem{Pos: pos, Severity: Warning, Msg: m.En, Fr: m.Fr})
}

// In returns the problems in the language lang, that of the site (see
// French): in French, each Msg is replaced by its French. The problems
// that leave package build speak the site's language.
func (ps Problems) In(lang string) Problems {
	if !French(lang) || len(ps) == 0 {
		return ps
	}
	out := make(Problems, len(ps))
	for i, p := range ps {
		if p.Fr != "" {
			p.Msg = p.Fr
		}
		out[i] = p
	}
	return out
}

// Sort orders the problems by position, then message, and drops exact
// duplicates.
func (ps Problems) Sort() Problems {
	// A preview sorts the same ten thousand warnings at every save: a list
	// already in order, without duplicates, is left as it is.
	sorted := true
	for i := 1; i < len(ps); i++ {
		if compareProblems(ps[i-1], ps[i]) >= 0 {
			sorted = false
			break
		}
	}
	if sorted {
		return ps
	}
	slices.SortStableFunc(ps, compareProblems)
	return slices.Compact(ps)
}

func compareProblems(a, b Problem) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Msg, b.Msg),
	)
}

// Capped returns ps, sorted, with at most n problems a file: past them, a
// file's problems are replaced by one, at the first left out, that says
// how many were not listed (an error if any of them was one). A file of
// fifteen thousand broken links is told so in n+1 lines, not in fifteen
// thousand.
func (ps Problems) Capped(n int) Problems {
	ps = ps.Sort()
	var out Problems
	for i := 0; i < len(ps); {
		j := i
		for j < len(ps) && ps[j].Path == ps[i].Path {
			j++
		}
		if j-i <= n {
			out = append(out, ps[i:j]...)
		} else {
			out = append(out, ps[i:i+n]...)
			rest := Problem{Pos: ps[i+n].Pos, Severity: Warning}
			for _, p := range ps[i+n : j] {
				if p.Severity == Error {
					rest.Severity = Error
				}
			}
			t := Say("%d more problems in this file are not listed; correct the ones above, then check again",
				"%d autres problèmes dans ce fichier ne sont pas listés ; corrigez ceux qui précèdent, puis vérifiez de nouveau")
			if j-i-n == 1 {
				t = Say("%d more problem in this file is not listed; correct the ones above, then check again",
					"%d autre problème dans ce fichier n’est pas listé ; corrigez ceux qui précèdent, puis vérifiez de nouveau")
			}
			m := t.With(j - i - n)
			rest.Msg, rest.Fr = m.En, m.Fr
			out = append(out, rest)
		}
		i = j
	}
	return out
}

// Errors returns the problems that stop the build.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == Error {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns the problems that do not stop the build.
func (ps Problems) Warnings() Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == Warning {
			out = append(out, p)
		}
	}
	return out
}

// Err returns the problems as an error if any of them is an Error, else nil.
func (ps Problems) Err() error {
	if errs := ps.Errors(); len(errs) > 0 {
		return errs
	}
	return nil
}

// Error prints one problem a line.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}
