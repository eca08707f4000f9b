package content

import (
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// FuzzLocate writes a value the fuzzer chooses, then keys whose lines are
// known: wherever TOML reads the value as a value of one key, locate finds
// the keys after it on their lines. A string holding ”' or """, a
// comment, an escaped quote, a multi-line string ending in quote marks:
// none may move the positions of what follows.
func FuzzLocate(f *testing.F) {
	for _, v := range []string{
		`"Un titre avec ''' dedans"`, `'avec """ dedans'`, `"a \" ''' b"`, `"x" # '''`,
		"'''\nligne\n'''", `"""a""""`, "\"\"\"\n\\\"\"\"\n\"\"\"", `["a", "'''", """b"""]`,
		`{ x = "'''" }`, "'''''a'''''", `"\\"`, "1 # \"\"\"",
	} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		doc := "a = " + v + "\nzz = 1\n[t]\nyy = 'x'\n"
		var m map[string]any
		if _, err := toml.Decode(doc, &m); err != nil || len(m) != 3 || m["zz"] == nil || m["t"] == nil {
			return
		}
		if tt, ok := m["t"].(map[string]any); !ok || len(tt) != 1 || tt["yy"] != "x" {
			return
		}
		line := strings.Count(v, "\n") + 1
		k := locate(doc, 1)
		if got := k.pos("p", "zz").Line; got != line+1 {
			t.Errorf("after a = %q: zz found on line %d, want %d", v, got, line+1)
		}
		if got := k.pos("p", "t.yy").Line; got != line+3 {
			t.Errorf("after a = %q: [t] yy found on line %d, want %d", v, got, line+3)
		}
	})
}

func TestHidden(t *testing.T) {
	for src, want := range map[string]string{
		"a\tb\r\nc « d » é":   "",
		"ab\ncd\x1b":          "2:3 U+001B",
		"x\u0085y":            "1:2 U+0085",
		"x\x7fy":              "1:2 U+007F",
		"ti\u202etre":         "1:3 U+202E",
		"\n\n  \u2066a\u2069": "3:3 U+2066",
		"\u200f\u2028\u00a0":  "",
	} {
		line, col, m := hidden([]byte(src))
		got, msg := "", m.En
		if msg != "" {
			u := msg[strings.Index(msg, "U+") : strings.Index(msg, "U+")+6]
			got = fmt.Sprintf("%d:%d %s", line, col, u)
		}
		if got != want {
			t.Errorf("hidden(%q) = %q (%s), want %q", src, got, msg, want)
		}
	}
}
