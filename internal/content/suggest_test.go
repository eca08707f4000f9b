package content

import "testing"

func TestSuggest(t *testing.T) {
	actors := []string{"commission-europeenne", "elon-musk", "thierry-breton", "x"}
	keys := entryKeys
	for _, tt := range []struct {
		word       string
		candidates []string
		want       string
	}{
		{"breton", actors, `; did you mean "thierry-breton"?`},
		{"thiery-breton", actors, `; did you mean "thierry-breton"?`},
		{"musk", actors, `; did you mean "elon-musk"?`},
		{"commission", actors, `; did you mean "commission-europeenne"?`},
		{"titel", keys, `; did you mean "title"?`},
		{"actor", keys, `; did you mean "actors"?`},
		{"sources", keys, `; did you mean "source"?`},
		{"couleur", keys, ""},
		{"y", actors, ""},
		{"x", actors, ""},
	} {
		if got := suggest(tt.word, tt.candidates); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
