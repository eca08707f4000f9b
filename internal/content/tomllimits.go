package content

import (
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// Limits on the shape of a TOML document, checked before it is decoded.
// The TOML decoder keeps, for every value, the whole path of keys that
// leads to it, so its memory grows with the square of the depth of
// nesting: 4,000 inline tables nested in one another take 0.7 GB and
// 3 s, 8,000 dotted keys (a.a.a…) 0.85 GB, and a 240 KB entry of either
// more than the machine has. An entry needs two levels (a list in a
// field; [[source]]); site.toml, three ([actors.slug] and its fields).
const (
	// MaxTOMLDepth is the deepest nesting of [ and { outside strings.
	MaxTOMLDepth = 32
	// MaxTOMLKeyParts is the most dots outside strings on one line: the
	// parts of a dotted key or a table's name ([a.b.c]).
	MaxTOMLKeyParts = 32
)

// tomlLimits returns the line and column (1-based, in doc) and a message
// of the first place where doc goes beyond a limit, or 0, 0 and "". It
// reads strings, their escapes and comments as locate does (scanStrings),
// so that no bracket or dot in a text counts.
func tomlLimits(doc string) (line, col int, msg chrono.Message) {
	depth, open := 0, ""
	for n := 1; msg.En == ""; n++ {
		l, rest, more := strings.Cut(doc, "\n")
		dots := 0
		open = scanStrings(l, open, func(i int, c byte) {
			switch {
			case msg.En != "":
			case c == '[' || c == '{':
				if depth++; depth > MaxTOMLDepth {
					line, col, msg = n, i+1, chrono.Say("values nested more than %d levels deep ([ and { inside one another); an entry needs two at most",
						"valeurs imbriquées sur plus de %d niveaux ([ et { les uns dans les autres) ; une entrée n’a besoin que de deux niveaux au plus").With(MaxTOMLDepth)
				}
			case c == ']' || c == '}':
				depth = max(depth-1, 0)
			case c == '.':
				if dots++; dots > MaxTOMLKeyParts {
					line, col, msg = n, i+1, chrono.Say("more than %d dots on one line outside quotes, as in a key a.b.c…; write keys of a few parts, and text in quotes",
						"plus de %d points sur une ligne hors des guillemets, comme dans une clé a.b.c… ; écrivez des clés courtes, de quelques parties, et mettez le texte entre guillemets").With(MaxTOMLKeyParts)
				}
			}
		})
		if !more {
			break
		}
		doc = rest
	}
	return line, col, msg
}
