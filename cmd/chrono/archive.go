package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/chrono-dsa/chrono/internal/archive"
	"github.com/chrono-dsa/chrono/internal/chrono"
)

// newArchiveClient makes the client of the Internet Archive; tests replace
// it with one of a local fake.
var newArchiveClient = func() *archive.Client {
	return archive.NewClient("chrono-archive/" + version() + " (+https://github.com/chrono-dsa/chrono)")
}

func runArchive(args []string, stdout, stderr io.Writer) int {
	fs := flags("archive", "archive [-site DIR] [-save] [-dry-run] [-limit N] [-interval D] [FILE…]", stderr)
	site := fs.String("site", ".", "the site's folder, with site.toml and content/")
	save := fs.Bool("save", false, "when the Internet Archive has no copy of a source, ask Save Page Now to make one")
	dryRun := fs.Bool("dry-run", false, "write nothing: print what would be written")
	limit := fs.Int("limit", 0, "look up at most this many sources (0: all)")
	interval := fs.Duration("interval", 4*time.Second, "the least time between two requests to the Internet Archive")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *limit < 0 || *interval < 0 {
		fmt.Fprintln(stderr, "chrono archive: -limit and -interval may not be negative")
		return exitUsage
	}
	var paths []string
	for _, a := range fs.Args() {
		rel, err := filepath.Rel(*site, a)
		if err != nil {
			rel = a
		}
		paths = append(paths, rel)
	}
	c := newArchiveClient()
	c.Interval = *interval
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	results, err := archive.Run(ctx, c, *site, paths, archive.Options{Save: *save, DryRun: *dryRun, Limit: *limit})
	if err != nil {
		fmt.Fprintf(stderr, "chrono archive: %s\n", chrono.OneLine(err.Error()))
		return exitFailed
	}
	var counts [4]int
	for _, r := range results {
		counts[r.Outcome]++
		r.Path = filepath.ToSlash(filepath.Join(*site, filepath.FromSlash(r.Path)))
		w := stdout
		if r.Outcome == archive.Failed {
			w = stderr
		}
		fmt.Fprintln(w, chrono.OneLine(r.String()))
	}
	verb := "archived"
	if *dryRun {
		verb = "found (dry run, nothing written)"
	}
	fmt.Fprintf(stdout, "%d %s, %d without a snapshot, %d failed, %d not tried\n",
		counts[archive.Archived], verb, counts[archive.NoSnapshot], counts[archive.Failed], counts[archive.NotTried])
	if counts[archive.Failed] > 0 {
		return exitFailed
	}
	return exitOK
}
