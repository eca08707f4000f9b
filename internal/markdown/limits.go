package markdown

import "github.com/chrono-dsa/chrono/internal/chrono"

// Limits on what a body may hold, so that no text, however written, takes
// more than moments to render. goldmark's time grows with the square of
// some things a file can hold a lot of; each is limited here, before
// goldmark sees the text, and no annotation comes near any of them:
//
//   - the depth of quotes, lists and footnotes opened on one line
//     ("> > > - - …", "[^a]: [^a]: …": 16,000 levels take 2 s);
//   - the length of a run of quote marks (the typographer scans the rest
//     of the run at each mark: 200,000 " take 18 s);
//   - in one paragraph (lines between blank lines), the links opened with
//     "](" (each one not closed rereads the rest of the paragraph for its
//     address or its title: 256 KiB of "[a](" take 15 s), the emphasis
//     marks * _ ~ (goldmark looks back through every mark not yet closed
//     at each new one: 256 KiB of "**_a" take 19 s), the lines that start
//     with [ (link definitions, "[a]: /x": each one found copies the
//     paragraph's remaining lines) and the escaped pipes \| of tables.
//
// A paragraph here is cut at blank lines only, so it may hold several of
// goldmark's (a list, a table, a heading and its text): the counts are
// never below goldmark's, and the limits are far above what prose needs.
const (
	// MaxDepth is the deepest nesting of quotes, lists and footnotes on a
	// line.
	MaxDepth = 100
	// MaxQuoteRun is the longest run of one quote mark, " or '.
	MaxQuoteRun = 100
	// MaxPerParagraph is the most links, emphasis marks, lines starting
	// with [ and escaped pipes, each counted apart, in one paragraph.
	MaxPerParagraph = 500
)

// limits returns the first place where src goes beyond a limit, or nil.
func limits(src []byte) *Problem {
	for start := 0; start < len(src); {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		if d, at := depth(src[start:end]); d > MaxDepth {
			return &Problem{Offset: start + at, Msg: chrono.Say("quotes, lists and footnotes nested more than %d levels deep on one line; flatten the text",
				"citations, listes et notes imbriquées sur plus de %d niveaux sur une ligne ; réduisez le nombre de niveaux").With(MaxDepth)}
		}
		start = end + 1
	}
	for i := 0; i < len(src); {
		c := src[i]
		j := i + 1
		if c == '"' || c == '\'' {
			for j < len(src) && src[j] == c {
				j++
			}
			if j-i > MaxQuoteRun {
				return &Problem{Offset: i, Msg: chrono.Say("%d quote marks %c in a row; at most %d are allowed",
					"%d caractères %c à la suite ; %d au plus sont acceptés").With(j-i, c, MaxQuoteRun)}
			}
		}
		i = j
	}
	return paragraphs(src)
}

// paragraphs counts, in each run of lines between blank lines, the
// constructs limited by MaxPerParagraph, and returns where the first count
// goes beyond it, or nil.
func paragraphs(src []byte) *Problem {
	var links, marks, brackets, pipes int
	lineStart, blank := true, true
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			if blank {
				links, marks, brackets, pipes = 0, 0, 0, 0
			}
			lineStart, blank = true, true
			continue
		}
		if c != ' ' && c != '\t' && c != '\r' {
			blank = false
		}
		switch {
		case c == ' ' || c == '\t' || c == '>':
			continue // still at the start of the line, in a quote maybe
		case c == '[' && lineStart:
			if brackets++; brackets > MaxPerParagraph {
				return &Problem{Offset: i, Msg: chrono.Say("more than %d lines starting with [ in one paragraph (link definitions such as [a]: /x); put a blank line between groups of them",
					"plus de %d lignes commençant par [ dans un paragraphe (des définitions de liens comme [a]: /x) ; séparez-les en groupes par des lignes vides").With(MaxPerParagraph)}
			}
		case c == ']' && i+1 < len(src) && src[i+1] == '(':
			if links++; links > MaxPerParagraph {
				return &Problem{Offset: i, Msg: chrono.Say("more than %d links [text](address) in one paragraph; split the paragraph with blank lines (a bracket ]( that starts no link can be written \\]( )",
					"plus de %d liens [texte](adresse) dans un paragraphe ; coupez le paragraphe par des lignes vides (un crochet ]( qui n’ouvre pas de lien peut s’écrire \\]( )").With(MaxPerParagraph)}
			}
		case c == '*' || c == '_' || c == '~':
			if i == 0 || src[i-1] != c {
				if marks++; marks > MaxPerParagraph {
					return &Problem{Offset: i, Msg: chrono.Say("more than %d emphasis marks (* _ ~) in one paragraph; split the paragraph with blank lines, or write a mark that emphasizes nothing as \\%c",
						"plus de %d signes de mise en valeur (* _ ~) dans un paragraphe ; coupez le paragraphe par des lignes vides, ou, pour un signe qui ne doit rien mettre en valeur, écrivez \\%c").With(MaxPerParagraph, c)}
				}
			}
		case c == '\\' && i+1 < len(src) && src[i+1] == '|':
			if pipes++; pipes > MaxPerParagraph {
				return &Problem{Offset: i, Msg: chrono.Say("more than %d escaped pipes \\| in one paragraph; split the table with blank lines",
					"plus de %d barres verticales écrites \\| dans un paragraphe ; coupez le tableau par des lignes vides").With(MaxPerParagraph)}
			}
		}
		lineStart = false
	}
	return nil
}

// depth counts the markers of block quotes (>), list items (-, +, *, 1.
// or 1) followed by a space) and footnote definitions ([^a]:) that open a
// line, and returns the offset of the marker past MaxDepth, if any. It
// overcounts what is not nesting (a thematic break - - -), which only
// matters past the limit.
func depth(line []byte) (d, at int) {
	i := 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			return d, at
		}
		start := i
		switch c := line[i]; {
		case c == '>':
			i++
		case (c == '-' || c == '+' || c == '*') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 >= len(line) || (line[j] != '.' && line[j] != ')') || (line[j+1] != ' ' && line[j+1] != '\t') {
				return d, at
			}
			i = j + 1
		case c == '[' && i+1 < len(line) && line[i+1] == '^':
			j := i + 2
			for j < len(line) && line[j] != ']' && line[j] != '[' {
				j++
			}
			if j+1 >= len(line) || line[j] != ']' || line[j+1] != ':' {
				return d, at
			}
			i = j + 2
		default:
			return d, at
		}
		d++
		if d == MaxDepth+1 {
			at = start
		}
	}
}
