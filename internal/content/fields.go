package content

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
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
	if line, col, msg := tomlLimits(doc); msg != "" {
		return nil, nil, &chrono.Problem{Pos: chrono.Pos{Path: path, Line: first + line - 1, Col: col}, Msg: "TOML: " + msg}
	}
	var m map[string]any
	if _, err := toml.Decode(doc, &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			switch {
			case strings.HasPrefix(msg, "invalid datetime"):
				msg += `; a date without quotes must be a whole day (2024-08-12): write a month or a year in quotes, as "2024-08"`
			case pe.Usage != "" && !strings.Contains(msg, "expected"):
				msg += " (" + firstLine(pe.Usage) + ")"
			}
			return nil, nil, &chrono.Problem{Pos: chrono.Pos{Path: path, Line: first + pe.Position.Line - 1, Col: pe.Position.Col}, Msg: "TOML: " + msg}
		}
		return nil, nil, &chrono.Problem{Pos: chrono.Pos{Path: path, Line: first}, Msg: "TOML: " + err.Error()}
	}
	return m, &fields{path: path, keys: locate(doc, first)}, nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func (f *fields) errorf(key, format string, args ...any) {
	f.probs.Add(f.keys.pos(f.path, key), format, args...)
}

func (f *fields) errorAtValue(key, text, format string, args ...any) {
	if !f.few() {
		// Past what is listed (MaxProblemsPerFile), the key's line does:
		// finding a value searches its lines, which are long when the
		// values are many.
		f.errorf(key, format, args...)
		return
	}
	f.probs.Add(f.keys.valuePos(f.path, key, text), format, args...)
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
		if s := suggest(k, known); s != "" {
			f.errorf(join(prefix, k), "unknown key %q%s", k, s)
		} else {
			f.errorf(join(prefix, k), "unknown key %q; expected %s", k, quoteList(known))
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
func typeName(v any) string {
	switch v := v.(type) {
	case string:
		return "a string"
	case int64:
		return "a number"
	case float64:
		return "a decimal number"
	case bool:
		return "true or false"
	case time.Time:
		return "a date-time"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// str returns the string at m[key]; required strings may not be blank.
func (f *fields) str(m map[string]any, prefix, key string, required bool) string {
	v, ok := m[key]
	if !ok {
		if required {
			f.errorf(prefix, "missing required key %q", key)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		f.errorf(join(prefix, key), "%s must be a string in double quotes, not %s", key, typeName(v))
		return ""
	}
	s = strings.TrimSpace(s)
	if required && s == "" {
		f.errorf(join(prefix, key), "%s is empty", key)
	}
	return s
}

// oneLine checks that s, the value of key, is a single line of at most n
// characters.
func (f *fields) oneLine(prefix, key, s string, n int) {
	if strings.ContainsAny(s, "\n\r") {
		f.errorf(join(prefix, key), "%s must fit on one line", key)
	}
	if l := len([]rune(s)); l > n {
		f.errorf(join(prefix, key), "%s is %d characters long; keep it under %d", key, l, n)
	}
}

// date reads a date written as a TOML local date or as a string.
func (f *fields) date(m map[string]any, prefix, key string, required bool) *chrono.Date {
	v, ok := m[key]
	if !ok {
		if required {
			f.errorf(prefix, "missing required key %q", key)
		}
		return nil
	}
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case time.Time:
		if v.Location().String() != "date-local" {
			f.errorf(join(prefix, key), "%s must be a date such as 2024-08-12, not a date and time", key)
			return nil
		}
		s = v.Format("2006-01-02")
	default:
		f.errorf(join(prefix, key), "%s must be a date such as 2024-08-12 or \"2024-08\", not %s", key, typeName(v))
		return nil
	}
	d, err := chrono.ParseDate(s)
	if err != nil {
		f.errorf(join(prefix, key), "%s: %v", key, err)
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
			f.errorf(join(prefix, key), "%s must be a list, as %s = [%q]", key, key, s)
		} else {
			f.errorf(join(prefix, key), "%s must be a list of strings, not %s", key, typeName(v))
		}
		return nil
	}
	out := make([]string, 0, len(a))
	seen := make(map[string]bool, len(a))
	for _, e := range a {
		s, ok := e.(string)
		if !ok {
			f.errorf(join(prefix, key), "%s must be a list of strings in double quotes; found %s", key, typeName(e))
			continue
		}
		if seen[s] {
			f.errorAtValue(join(prefix, key), fmt.Sprintf("%q", s), "%q is listed twice in %s", s, key)
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
		f.errorf(join(prefix, key), "%s %q is not a valid URL", key, s)
	case u.Scheme != "http" && u.Scheme != "https":
		f.errorf(join(prefix, key), "%s %q: expected an http or https URL", key, s)
	case u.Host == "":
		f.errorf(join(prefix, key), "%s %q has no host; expected a full URL such as https://example.org/page", key, s)
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
