package chrono

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Text is a message to a contributor, written once in each language that
// chrono speaks to contributors: English and French, two formats for the
// same arguments (Say). Contributors read problems in the site's language
// (site.toml's language, Problems.In): French for "fr", English otherwise.
//
// In the French format, %q writes a string between « guillemets », with
// the same escapes as Go's %q, and an argument that is a Message (an error
// made by Errorf, a hint) is written in French. The French is written with
// ordinary spaces, and Say puts in the French typography that the site's
// own text has (package markdown): U+00A0 (espace insécable) before « : »,
// U+202F (espace fine insécable) before « ; ? ! » and inside « ».
type Text struct{ en, fr string }

// Say returns the Text written en in English and fr in French.
func Say(en, fr string) Text {
	if f, ok := saidFr.Load(fr); ok {
		return Text{en: en, fr: f.(string)}
	}
	f := frenchSpaces.Replace(fr)
	saidFr.Store(fr, f)
	return Text{en: en, fr: f}
}

// saidFr holds the French formats Say was given, with their typography:
// Say is called with the same constant formats for every warning of every
// entry (ten thousand at 10,000 entries), and a Replace each time was most
// of what a warning cost. The formats are the program's own literals, so
// the map is as small as the list of messages.
var saidFr sync.Map

// frenchSpaces makes the spaces of a French format non-breaking where
// French typography wants them.
var frenchSpaces = strings.NewReplacer(" :", "\u00a0:", " ;", "\u202f;", " ?", "\u202f?", " !", "\u202f!", "« ", "«\u202f", " »", "\u202f»")

// Message is a Text with its arguments: a sentence in both languages. It
// is an error, whose Error is the English.
type Message struct {
	En, Fr string
}

// With formats t with args, in both languages.
func (t Text) With(args ...any) Message {
	m := Message{En: fmt.Sprintf(t.en, args...)}
	fr := make([]any, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case string:
			fr[i] = french(a)
		case rune:
			fr[i] = frenchRune(a)
		case Message:
			fr[i] = french(a.Fr)
		case int:
			fr[i] = frenchInt(a)
		default:
			fr[i] = a
		}
	}
	m.Fr = fmt.Sprintf(t.fr, fr...)
	return m
}

// frenchInt is an int written the French way by %d: from 10,000 on, its
// digits in groups of three, separated by U+202F (« 15 300 cellules »);
// years and smaller numbers as they are, as French writes them. Other
// verbs, a width or a flag write it as an int (no message uses one).
type frenchInt int

func (n frenchInt) Format(f fmt.State, verb rune) {
	_, width := f.Width()
	if verb != 'd' || n > -10000 && n < 10000 || width || f.Flag('+') || f.Flag('0') || f.Flag('-') || f.Flag(' ') {
		fmt.Fprintf(f, fmt.FormatString(f, verb), int(n)) // as for an int
		return
	}
	digits := strconv.Itoa(int(n))
	b := make([]byte, 0, len(digits)*2)
	if digits[0] == '-' {
		b, digits = append(b, '-'), digits[1:]
	}
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = utf8.AppendRune(b, '\u202f')
		}
		b = append(b, digits[i])
	}
	f.Write(b)
}

// Error returns the message in English.
func (m Message) Error() string { return m.En }

// In returns the message in the language lang (see French).
func (m Message) In(lang string) string {
	if French(lang) {
		return m.Fr
	}
	return m.En
}

// Errorf returns t with args as an error: a Message.
func Errorf(t Text, args ...any) error { return t.With(args...) }

// French reports whether lang, a language as site.toml gives it, is French
// ("fr", "fr-BE"…): contributors then read problems in French, else in
// English.
func French(lang string) bool {
	return lang == "fr" || strings.HasPrefix(lang, "fr-") || strings.HasPrefix(lang, "fr_")
}

// frenchRune is a character formatted for a French message: %q quotes it
// between « guillemets ».
type frenchRune rune

// Format writes r: %q as french does, any other verb as for a rune.
func (r frenchRune) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		french(string(rune(r))).Format(f, verb)
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), rune(r))
}

// french is a string formatted for a French message: %q quotes it
// between « guillemets ».
type french string

// Format writes s: %q between « guillemets », escaped as Go's %q escapes
// (but for the quotation mark, which needs no escape there); any other verb
// as for a string.
func (s french) Format(f fmt.State, verb rune) {
	if verb != 'q' {
		fmt.Fprintf(f, fmt.FormatString(f, verb), string(s))
		return
	}
	var b strings.Builder
	b.WriteString("«\u202f")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(string(s[i:]))
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '"' || (r != '\\' && strconv.IsPrint(r)):
			b.WriteString(string(s[i : i+size]))
		default:
			q := strconv.QuoteRune(r) // '\\', '\n', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	b.WriteString("\u202f»")
	f.Write([]byte(b.String()))
}
