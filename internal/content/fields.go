package content

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// fields reads the values of a decoded TOML document, reporting every
// mistake at the line of its key.
type fields struct {
	path  string
	keys  *keys
	probs *chrono.Problems
}

// decode parses doc, a TOML document starting at line first of path.
func decode(path, doc string, first int) (map[string]any, *fields, *chrono.Problem) {
	problem := func(line, col int, msg chrono.Message) *chrono.Problem {
		msg = tomlProblem.With(msg)
		return &chrono.Problem{Pos: chrono.Pos{Path: path, Line: line, Col: col}, Msg: msg.En, Fr: msg.Fr}
	}
	if line, col, msg := tomlLimits(doc); msg.En != "" {
		return nil, nil, problem(first+line-1, col, msg)
	}
	var m map[string]any
	if _, err := toml.Decode(doc, &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, nil, problem(first+pe.Position.Line-1, pe.Position.Col, tomlMessage(pe))
		}
		return nil, nil, problem(first, 0, chrono.Message{En: err.Error(), Fr: err.Error()})
	}
	return m, &fields{path: path, keys: locate(doc, first)}, nil
}

var tomlProblem = chrono.Say("TOML: %v", "TOML : %v")

// tomlMessage is the message of a TOML parse error, with a hint: in
// French for the errors a contributor makes most, else the decoder's own
// English.
func tomlMessage(pe toml.ParseError) chrono.Message {
	msg := pe.Message
	if v, ok := strings.CutPrefix(msg, "invalid datetime: "); ok {
		if date, err := strconv.Unquote(v); err == nil {
			return chrono.Say(`invalid datetime: %q; a date without quotes must be a whole day (2024-08-12): write a month or a year in quotes, as "2024-08"`,
				`date invalide %q ; une date sans guillemets doit être un jour entier (2024-08-12) : écrivez un mois ou une année entre guillemets, comme "2024-08"`).With(date)
		}
	}
	if k, ok := strings.CutPrefix(msg, "Key '"); ok {
		if k, ok := strings.CutSuffix(k, "' has already been defined."); ok {
			return chrono.Say("Key '%s' has already been defined.", "la clé %q est déjà définie plus haut ; gardez-en une seule").With(k)
		}
	}
	if msg == "strings cannot contain newlines" {
		return chrono.Say("strings cannot contain newlines", "un texte entre guillemets ne peut pas contenir de retour à la ligne ; fermez les guillemets sur la même ligne").With()
	}
	if strings.HasPrefix(msg, "invalid datetime") {
		msg += `; a date without quotes must be a whole day (2024-08-12): write a month or a year in quotes, as "2024-08"`
	} else if pe.Usage != "" && !strings.Contains(msg, "expected") {
		msg += " (" + firstLine(pe.Usage) + ")"
	}
	return chrono.Message{En: msg, Fr: msg}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func (f *fields) errorf(key string, t chrono.Text, args ...any) {
	f.probs.Add(f.keys.pos(f.path, key), t, args...)
}

func (f *fields) errorAtValue(key, text string, t chrono.Text, args ...any) {
	if !f.few() {
		// Past what is listed (MaxProblemsPerFile), the key's line does:
		// finding a value searches its lines, which are long when the
		// values are many.
		f.errorf(key, t, args...)
		return
	}
	f.probs.Add(f.keys.valuePos(f.path, key, text), t, args...)
}

// few reports whether the file has few enough problems yet to be worth
// their cost: a value's exact position, a suggestion.
func (f *fields) few() bool { return len(*f.probs) < maxDetailed }

// maxDetailed is how many problems of a file get a value's position and a
// suggestion, which compares a word with every known one.
const maxDetailed = 20

// unknown reports the keys of m not in known, with the closest known key.
func (f *fields) unknown(m map[string]any, prefix string, known []string) {
	var ks []string
	for k := range m {
		if !slices.Contains(known, k) {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	for _, k := range ks {
		if s := suggest(k, known); s.En != "" {
			f.errorf(join(prefix, k), chrono.Say("unknown key %q%s", "clé inconnue %q%s"), k, s)
		} else {
			f.errorf(join(prefix, k), chrono.Say("unknown key %q; expected %s", "clé inconnue %q ; clés attendues : %s"), k, quoteList(known))
		}
	}
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// typeName names the TOML type of a decoded value, as a contributor reads it.
func typeName(v any) chrono.Message {
	switch v := v.(type) {
	case string:
		return chrono.Message{En: "a string", Fr: "un texte entre guillemets"}
	case int64:
		return chrono.Message{En: "a number", Fr: "un nombre"}
	case float64:
		return chrono.Message{En: "a decimal number", Fr: "un nombre décimal"}
	case bool:
		return chrono.Message{En: "true or false", Fr: "true ou false"}
	case time.Time:
		return chrono.Message{En: "a date-time", Fr: "une date avec une heure"}
	case []any, []map[string]any:
		return chrono.Message{En: "a list", Fr: "une liste"}
	case map[string]any:
		return chrono.Message{En: "a table", Fr: "une table"}
	default:
		t := fmt.Sprintf("%T", v)
		return chrono.Message{En: t, Fr: t}
	}
}

// str returns the string at m[key]; required strings may not be blank.
func (f *fields) str(m map[string]any, prefix, key string, required bool) string {
	v, ok := m[key]
	if !ok {
		if required {
			f.errorf(prefix, missingKey, key)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		f.errorf(join(prefix, key), chrono.Say("%s must be a string in double quotes, not %s", "%s doit être un texte entre guillemets droits (\"…\"), et non %s"), key, typeName(v))
		return ""
	}
	s = strings.TrimSpace(s)
	if required && s == "" {
		f.errorf(join(prefix, key), chrono.Say("%s is empty", "%s est vide"), key)
	}
	return s
}

// missingKey says that a required key is missing.
var missingKey = chrono.Say("missing required key %q", "il manque la clé obligatoire %q")

// oneLine checks that s, the value of key, is a single line of at most n
// characters.
func (f *fields) oneLine(prefix, key, s string, n int) {
	if strings.ContainsAny(s, "\n\r") {
		f.errorf(join(prefix, key), chrono.Say("%s must fit on one line", "%s doit tenir sur une ligne"), key)
	}
	if l := len([]rune(s)); l > n {
		f.errorf(join(prefix, key), chrono.Say("%s is %d characters long; keep it under %d", "%s compte %d caractères ; %d au plus sont acceptés"), key, l, n)
	}
}

// date reads a date written as a TOML local date or as a string.
func (f *fields) date(m map[string]any, prefix, key string, required bool) *chrono.Date {
	v, ok := m[key]
	if !ok {
		if required {
			f.errorf(prefix, missingKey, key)
		}
		return nil
	}
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case time.Time:
		if v.Location().String() != "date-local" {
			f.errorf(join(prefix, key), chrono.Say("%s must be a date such as 2024-08-12, not a date and time", "%s doit être une date, comme 2024-08-12, sans heure"), key)
			return nil
		}
		s = v.Format("2006-01-02")
	default:
		f.errorf(join(prefix, key), chrono.Say("%s must be a date such as 2024-08-12 or \"2024-08\", not %s", "%s doit être une date, comme 2024-08-12 ou \"2024-08\", et non %s"), key, typeName(v))
		return nil
	}
	d, err := chrono.ParseDate(s)
	if err != nil {
		f.errorf(join(prefix, key), chrono.Say("%s: %v", "%s : %v"), key, err)
		return nil
	}
	return &d
}

// strings reads a list of strings.
func (f *fields) strings(m map[string]any, prefix, key string) []string {
	v, ok := m[key]
	if !ok {
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		if s, isStr := v.(string); isStr {
			f.errorf(join(prefix, key), chrono.Say("%s must be a list, as %s = [%s]", "%s doit être une liste, comme %s = [%s]"), key, key, strconv.Quote(s))
		} else {
			f.errorf(join(prefix, key), chrono.Say("%s must be a list of strings, not %s", "%s doit être une liste de textes entre guillemets, et non %s"), key, typeName(v))
		}
		return nil
	}
	out := make([]string, 0, len(a))
	seen := make(map[string]bool, len(a))
	for _, e := range a {
		s, ok := e.(string)
		if !ok {
			f.errorf(join(prefix, key), chrono.Say("%s must be a list of strings in double quotes; found %s", "%s doit être une liste de textes entre guillemets droits ; la liste contient %s"), key, typeName(e))
			continue
		}
		if seen[s] {
			f.errorAtValue(join(prefix, key), fmt.Sprintf("%q", s), chrono.Say("%q is listed twice in %s", "%q figure deux fois dans %s"), s, key)
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// webURL checks that s is an absolute http or https URL.
func (f *fields) webURL(prefix, key, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		f.errorf(join(prefix, key), chrono.Say("%s %q is not a valid URL", "%s %q n’est pas une adresse valide"), key, s)
	case u.Scheme != "http" && u.Scheme != "https":
		f.errorf(join(prefix, key), chrono.Say("%s %q: expected an http or https URL", "%s %q : une adresse http ou https est attendue"), key, s)
	case u.Host == "":
		f.errorf(join(prefix, key), chrono.Say("%s %q has no host; expected a full URL such as https://example.org/page", "%s %q n’a pas de nom de domaine ; une adresse complète est attendue, comme https://example.org/page"), key, s)
	}
}

// isSlug reports whether s is a slug: lowercase ASCII letters and digits in
// words joined by single dashes, [a-z0-9]+(-[a-z0-9]+)*. (A loop: it runs
// on every file of every rebuild of a preview, where a regexp showed.)
func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// slugFor suggests a valid slug close to s.
func slugFor(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r2, ok := unaccent[r]; ok {
			r = r2
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

var unaccent = map[rune]rune{'à': 'a', 'â': 'a', 'ä': 'a', 'ç': 'c', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'î': 'i', 'ï': 'i', 'ô': 'o', 'ö': 'o', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ÿ': 'y', 'ě': 'e', 'š': 's', 'č': 'c', 'ř': 'r', 'ž': 'z', 'á': 'a', 'í': 'i', 'ó': 'o', 'ú': 'u', 'ý': 'y', 'ñ': 'n'}
