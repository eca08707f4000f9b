package render

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestLayoutAPIDocumented checks that the README's layouts reference lists
// every exported method and field of Page, the layouts' only way into the
// model, and nothing that is not one.
func TestLayoutAPIDocumented(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start := strings.Index(doc, "### Layouts reference")
	end := strings.Index(doc[start:], "Functions:")
	if start < 0 || end < 0 {
		t.Fatal("no layouts reference in README.md")
	}
	listed := map[string]bool{}
	for _, row := range strings.Split(doc[start:start+end], "\n") {
		if !strings.HasPrefix(row, "| `.") {
			continue
		}
		first, _, _ := strings.Cut(row[1:], "|")
		for _, m := range regexp.MustCompile("`\\.([A-Z][A-Za-z]*)").FindAllStringSubmatch(first, -1) {
			listed[m[1]] = true
		}
	}
	api := map[string]bool{}
	pt := reflect.TypeFor[*Page]()
	for i := range pt.NumMethod() {
		api[pt.Method(i).Name] = true
	}
	for i := range pt.Elem().NumField() {
		if f := pt.Elem().Field(i); f.IsExported() {
			api[f.Name] = true
		}
	}
	for name := range api {
		if !listed[name] {
			t.Errorf("Page.%s is not in the README's layouts reference", name)
		}
	}
	for name := range listed {
		if !api[name] {
			t.Errorf("the README's layouts reference lists .%s, which Page does not have", name)
		}
	}
}
