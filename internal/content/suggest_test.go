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
		if got := suggest(tt.word, tt.candidates); got.En != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.word, got.En, tt.want)
		}
	}
}

func TestIsSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"rachat-de-twitter": true, "a": true, "2024-08-12-x": true, "x1": true,
		"": false, "-a": false, "a-": false, "a--b": false, "A": false, "a_b": false, "é": false, "a b": false, "../a": false, "a.md": false,
	} {
		if got := isSlug(s); got != want {
			t.Errorf("isSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSuggestFrench(t *testing.T) {
	got := suggest("titel", entryKeys).Fr
	if want := "\u202f; vouliez-vous dire «\u202ftitle\u202f»\u202f?"; got != want {
		t.Errorf("suggest(%q) in French = %q, want %q", "titel", got, want)
	}
}
