package content

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// file is an entry's text split into its front matter and its body, with
// the lines where each starts so positions map back to the file.
type file struct {
	path      string
	front     string // the TOML between the +++ lines
	frontLine int    // line of the file where front starts
	body      []byte // the Markdown after the closing +++
	bodyLine  int    // line of the file where body starts
}

// split separates front matter from body. It accepts a UTF-8 byte order mark
// and CRLF line endings (removed: a CR only ends lines, so line numbers are
// kept).
func split(path string, src []byte) (*file, *chrono.Problem) {
	at := func(line, col int, msg chrono.Message) *chrono.Problem {
		return &chrono.Problem{Pos: chrono.Pos{Path: path, Line: line, Col: col}, Msg: msg.En, Fr: msg.Fr}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		line, col := invalidUTF8(src)
		return nil, at(line, col, chrono.Say("invalid UTF-8; save the file as UTF-8", "UTF-8 invalide ; enregistrez le fichier en UTF-8").With())
	}
	if line, col, msg := hidden(src); msg.En != "" {
		return nil, at(line, col, msg)
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	switch strings.TrimRight(string(first), " \t") {
	case "+++":
	case "---":
		return nil, at(1, 1, chrono.Say("YAML front matter (---) is not supported; write the fields in TOML between two lines +++",
			"l’en-tête en YAML (---) n’est pas accepté ; écrivez les champs en TOML entre deux lignes +++").With())
	default:
		if len(src) == 0 {
			return nil, at(1, 1, chrono.Say("empty file; an entry starts with a line +++, its fields in TOML, a line +++, then its text",
				"fichier vide ; une entrée commence par une ligne +++, ses champs en TOML, une ligne +++, puis son texte").With())
		}
		return nil, at(1, 1, chrono.Say("expected a line +++ opening the front matter; an entry starts with +++, its fields in TOML, +++, then its text",
			"la première ligne doit être +++, qui ouvre l’en-tête ; une entrée commence par +++, ses champs en TOML, +++, puis son texte").With())
	}
	f := &file{path: path, frontLine: 2}
	off := 0
	for line := 2; off <= len(rest); line++ {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if strings.TrimRight(string(l), " \t") == "+++" {
			f.front = string(rest[:off])
			if end >= 0 {
				f.body = rest[off+end+1:]
			}
			f.bodyLine = line + 1
			return f, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return nil, at(1, 1, chrono.Say("front matter opened here is never closed; expected a line +++ after the fields",
		"l’en-tête ouvert ici n’est jamais fermé ; ajoutez une ligne +++ après les champs").With())
}

// hidden finds the first character of src that a reader cannot see but
// that changes what is shown: a control character (but tab and line
// breaks), or a bidirectional override or isolate (U+202A–U+202E,
// U+2066–U+2069), which can make a text read otherwise than it is written
// ("Trojan Source"). It returns its line, column and a message, or none.
func hidden(src []byte) (line, col int, msg chrono.Message) {
	// Byte by byte, decoding nothing: it reads every file of every build.
	// src is valid UTF-8, so the lead bytes below start the characters
	// named.
	for i := 0; i < len(src); i++ {
		var r rune
		switch c := src[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
			r = rune(c)
		case c == 0xc2 && i+1 < len(src) && src[i+1] <= 0x9f: // C1: U+0080–U+009F
			r = rune(src[i+1])
		case c == 0xe2 && i+2 < len(src) && ((src[i+1] == 0x80 && src[i+2] >= 0xaa && src[i+2] <= 0xae) || (src[i+1] == 0x81 && src[i+2] >= 0xa6 && src[i+2] <= 0xa9)):
			r, _ = utf8.DecodeRune(src[i:])
		default:
			continue
		}
		line, col = lineCol(src, 1, i)
		if r < 0x100 {
			return line, col, chrono.Say("invisible control character U+%04X; remove it", "caractère de contrôle invisible U+%04X ; supprimez-le").With(r)
		}
		return line, col, chrono.Say("invisible character U+%04X, which changes the direction of the text and can make it read otherwise than it is written; remove it",
			"caractère invisible U+%04X, qui change le sens d’écriture du texte et peut le faire apparaître autrement qu’il n’est écrit ; supprimez-le").With(r)
	}
	return 0, 0, chrono.Message{}
}

func invalidUTF8(src []byte) (line, col int) {
	line, col = 1, 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col += size
		}
		src = src[size:]
	}
	return line, col
}

// lineCol converts a byte offset of text, which starts at line first of its
// file, to a line and column of the file.
func lineCol(text []byte, first, off int) (int, int) {
	if off > len(text) {
		off = len(text)
	}
	line := first + bytes.Count(text[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(text[:off], '\n')
	return line, col
}

// keys finds where keys are written in a TOML document, so that a mistake in
// a value can point at its line. It knows tables, arrays of tables and
// multi-line strings, which is all an entry or site.toml needs; a key it
// cannot find points at the start of the document.
type keys struct {
	lines []string
	first int            // line of the file where the document starts
	at    map[string]int // "title", "source.url", "source[1].url", "actors.x.name" → index in lines
}

var (
	keyRe   = regexp.MustCompile(`^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=`)
	tableRe = regexp.MustCompile(`^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?`)
)

func locate(doc string, first int) *keys {
	k := &keys{lines: strings.Split(doc, "\n"), first: first, at: map[string]int{}}
	prefix := ""
	counts := map[string]int{}
	open := "" // the delimiter of a multi-line string still open
	for i, l := range k.lines {
		if open != "" {
			open = scanStrings(l, open, nil)
			continue
		}
		if m := tableRe.FindStringSubmatch(l); m != nil {
			prefix = m[2]
			if m[1] == "[[" {
				prefix += "[" + strconv.Itoa(counts[m[2]]) + "]"
				counts[m[2]]++
			}
			k.at[prefix] = i
			open = scanStrings(l[len(m[0]):], "", nil)
			continue
		}
		m := keyRe.FindStringSubmatch(l)
		if m == nil {
			open = scanStrings(l, "", nil)
			continue
		}
		name := strings.Trim(m[1], `"'`)
		if prefix != "" {
			name = prefix + "." + name
		}
		if _, seen := k.at[name]; !seen {
			k.at[name] = i
		}
		open = scanStrings(l[len(m[0]):], "", nil)
	}
	return k
}

// scanStrings reads the strings and comments of a line of TOML, starting
// inside a multi-line string delimited by open if open is not empty, and
// returns the delimiter of the multi-line string still open at its end, or
// "". It knows the four kinds of strings, escapes in basic strings, and
// comments, so that no quote mark inside a string or a comment is taken for
// the start or the end of a string. code, if not nil, is called with the
// offset in l and the byte of every character outside strings and
// comments.
func scanStrings(l, open string, code func(i int, c byte)) string {
	i := 0
	for i < len(l) {
		if open != "" {
			j := closing(l[i:], open)
			if j < 0 {
				return open
			}
			i += j
			open = ""
			continue
		}
		switch c := l[i]; {
		case c == '#':
			return ""
		case strings.HasPrefix(l[i:], `"""`), strings.HasPrefix(l[i:], "'''"):
			open = l[i : i+3]
			i += 3
		case c == '"' || c == '\'':
			j := closing(l[i+1:], string(c))
			if j < 0 {
				return "" // an unclosed string: TOML's own error says where
			}
			i += 1 + j
		default:
			if code != nil {
				code(i, c)
			}
			i++
		}
	}
	return open
}

// closing returns the offset in s just past the delimiter that closes a
// string opened by open, or -1. Basic strings (") have escapes; literal
// strings (') have none. A multi-line string may end with up to two more
// quote marks of its kind, which belong to its text.
func closing(s, open string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && open[0] == '"':
			i++
		case strings.HasPrefix(s[i:], open):
			end := i + len(open)
			for n := 0; len(open) == 3 && n < 2 && end < len(s) && s[end] == open[0]; n++ {
				end++
			}
			return end
		}
	}
	return -1
}

// pos returns the position of key, or of the first of its parents found.
func (k *keys) pos(path, key string) chrono.Pos {
	for key != "" {
		if i, ok := k.at[key]; ok {
			col := strings.IndexFunc(k.lines[i], func(r rune) bool { return r != ' ' && r != '\t' }) + 1
			return chrono.Pos{Path: path, Line: k.first + i, Col: max(col, 1)}
		}
		if j := strings.LastIndexAny(key, ".["); j >= 0 {
			key = key[:j]
		} else {
			key = ""
		}
	}
	return chrono.Pos{Path: path, Line: k.first, Col: 1}
}

// valuePos returns the position of the text of a value of key — an element
// of an array, say — searching from the key's line, or the key's position if
// the text is not found there.
func (k *keys) valuePos(path, key, text string) chrono.Pos {
	p := k.pos(path, key)
	i, ok := k.at[key]
	if !ok {
		return p
	}
	for j := i; j < len(k.lines) && j < i+50; j++ {
		l := k.lines[j]
		from := 0
		if j == i {
			from = strings.IndexByte(l, '=') + 1
		}
		if c := strings.Index(l[from:], text); c >= 0 {
			return chrono.Pos{Path: path, Line: k.first + j, Col: from + c + 1}
		}
		if j > i && keyRe.MatchString(l) {
			break
		}
	}
	return p
}
