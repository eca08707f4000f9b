package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"testing"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/render"
)

// corpus returns the folder of a synthetic site of n entries, made by the
// shared corpus generator (../shared/bench/corpus.py, which compare.sh uses
// too) with the repository's layouts and static files. CHRONO_CORPUS_<n>
// names an existing one instead.
func corpus(b *testing.B, n string) string {
	b.Helper()
	if dir := os.Getenv("CHRONO_CORPUS_" + n); dir != "" {
		return dir
	}
	gen, err := filepath.Abs("../../../shared/bench/corpus.py")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("no corpus generator at %s", gen)
	}
	dir := b.TempDir()
	if out, err := exec.Command("python3", gen, n, dir).CombinedOutput(); err != nil {
		b.Skipf("corpus.py: %v\n%s", err, out)
	}
	site := filepath.Join(dir, "site")
	for _, d := range []string{"layouts", "static"} {
		if out, err := exec.Command("cp", "-r", filepath.Join("../..", d), site).CombinedOutput(); err != nil {
			b.Fatalf("cp: %v\n%s", err, out)
		}
	}
	return site
}

func benchSizes(b *testing.B, f func(b *testing.B, site string)) {
	for _, n := range []string{"1000", "10000"} {
		b.Run(n, func(b *testing.B) { f(b, corpus(b, n)) })
	}
}

// BenchmarkBuild is a full build to disk: load, validate, model, render,
// write.
func BenchmarkBuild(b *testing.B) {
	benchSizes(b, func(b *testing.B, site string) {
		out := filepath.Join(b.TempDir(), "public")
		builder := New()
		b.ReportAllocs()
		for b.Loop() {
			if _, probs, err := builder.Build(os.DirFS(site), site, out, Options{}); err != nil || probs.Err() != nil {
				b.Fatal(err, probs)
			}
		}
	})
}

// BenchmarkLoad is the load, validate and model stages: reading and
// checking every file, rendering bodies, indexing.
func BenchmarkLoad(b *testing.B) {
	benchSizes(b, func(b *testing.B, site string) {
		builder := New()
		b.ReportAllocs()
		for b.Loop() {
			s, err := builder.Load(os.DirFS(site), Options{})
			if err != nil || s.Problems.Err() != nil {
				b.Fatal(err, s.Problems)
			}
		}
	})
}

// BenchmarkRender is the render stage alone, into memory that is dropped.
func BenchmarkRender(b *testing.B) {
	benchSizes(b, func(b *testing.B, site string) {
		s, err := New().Load(os.DirFS(site), Options{})
		if err != nil || s.Problems.Err() != nil {
			b.Fatal(err, s.Problems)
		}
		b.ReportAllocs()
		for b.Loop() {
			var probs chrono.Problems
			if probs, err = s.Render(func(string, []byte) error { return nil }); err != nil || probs.Err() != nil {
				b.Fatal(err, probs)
			}
		}
	})
}

// BenchmarkSearchIndex is what the search index adds to the render stage:
// indexing every entry and making the files of recherche/, into memory
// that is dropped. Compare it with BenchmarkBuild: it should be under a
// tenth of it.
func BenchmarkSearchIndex(b *testing.B) {
	benchSizes(b, func(b *testing.B, site string) {
		s, err := New().Load(os.DirFS(site), Options{})
		if err != nil || s.Problems.Err() != nil {
			b.Fatal(err, s.Problems)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := render.RenderSearch(s.Chrono, func(string, []byte) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPreviewRebuild is the preview's rebuild after one entry's body
// was saved: the work between the watcher's batch and the swap. The first
// build is not timed; its CPU samples carry the label phase=first and the
// rebuilds' phase=rebuild, so that a profile can be read for the rebuilds
// alone (go tool pprof -tagfocus phase=rebuild).
func BenchmarkPreviewRebuild(b *testing.B) {
	benchPreview(b, func(text []byte, i int) []byte {
		return append(slices.Clip(text), "\nModification "+strconv.Itoa(i)+".\n"...)
	})
}

// BenchmarkPreviewRebuildTitle is BenchmarkPreviewRebuild, the entry's
// title changed instead of its annotation: the pages that list it, link to
// it or sit next to it are made again too.
func BenchmarkPreviewRebuildTitle(b *testing.B) {
	benchPreview(b, func(text []byte, i int) []byte {
		return bytes.Replace(text, []byte(`title = "`), []byte(`title = "Modification `+strconv.Itoa(i)+` `), 1)
	})
}

func benchPreview(b *testing.B, edit func(text []byte, i int) []byte) {
	benchSizes(b, func(b *testing.B, site string) {
		fsys, root, err := OpenSite(site)
		if err != nil {
			b.Fatal(err)
		}
		defer root.Close()
		p := New().Preview(fsys, Options{Drafts: true, BaseURL: "http://127.0.0.1:1313/"})
		rebuild := func(phase string, paths []string) {
			pprof.Do(context.Background(), pprof.Labels("phase", phase), func(context.Context) {
				r, err := p.Rebuild(paths)
				if err != nil || r.Files == nil {
					b.Fatal(err, r.Problems)
				}
			})
		}
		rebuild("first", nil)
		matches, _ := fs.Glob(fsys, "content/*/*.md")
		entry := matches[len(matches)/2]
		text, err := fs.ReadFile(fsys, entry)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			edited := edit(text, i)
			if err := os.WriteFile(filepath.Join(site, entry), edited, 0o644); err != nil {
				b.Fatal(err)
			}
			rebuild("rebuild", []string{entry})
		}
		if err := os.WriteFile(filepath.Join(site, entry), text, 0o644); err != nil {
			b.Fatal(err)
		}
	})
}
