// Command chrono builds the annotated chronology of the Digital Services Act
// and X: a static site made from one Markdown file per event.
//
//	chrono build [-site DIR] [-out DIR] [-drafts] [-base-url URL]
//	chrono check [-site DIR] [-format text|github|json]
//	chrono new [-site DIR] -date DATE -title TITLE [-actors a,b] [-slug S]
//	chrono archive [-site DIR] [-save] [-dry-run] [-limit N] [FILE…]
//	chrono version
//
// Exit status: 0 success, 1 the content or the build failed, 2 bad usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/chrono-dsa/chrono/internal/build"
	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/content"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `chrono builds the annotated chronology of the DSA and X.

Usage:
  chrono build [-site DIR] [-out DIR] [-drafts] [-base-url URL]   build the site into a folder
  chrono check [-site DIR] [-format text|github|json]              check the content, write nothing
  chrono new [-site DIR] -date DATE -title TITLE [-actors a,b] [-slug S]
                                                                   write a new entry to fill in
  chrono watch [-site DIR] [-addr HOST:PORT] [-drafts=true] [-open]
                                                                   preview, rebuilt on every save
  chrono archive [-site DIR] [-save] [-dry-run] [-limit N] [FILE…]
                                                                   find archived copies of the sources (needs the network)
  chrono version                                                   print the version

Run 'chrono <command> -h' for the flags of a command.
`

// memoryLimit is the soft limit of the Go runtime's memory during a build
// of the site in dir (see runtime/debug.SetMemoryLimit): 128 MiB, or more
// for a larger site, whose build holds more. A build's live memory peaks
// near 3.5 times the size of content/ (measured at 10,000 entries, 28.7 MB
// of content): below that the collector would run without end.
func memoryLimit(dir string) int64 {
	var size int64
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				size += fi.Size()
			}
		}
		return nil
	})
	return max(128<<20, size*9/2)
}

// Exit statuses.
const (
	exitOK      = 0
	exitFailed  = 1 // the content or the build failed
	exitUsage   = 2
	usageErrors = flag.ContinueOnError
)

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(args, stdout, stderr)
	case "check":
		return runCheck(args, stdout, stderr)
	case "new":
		return runNew(args, stdout, stderr)
	case "watch":
		return runWatch(args, stdout, stderr)
	case "archive":
		return runArchive(args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "chrono", version())
		return exitOK
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "chrono: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

// flags returns the flag set of a command, writing its help to stderr.
func flags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("chrono "+name, usageErrors)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: chrono %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, returning an exit status if the command should stop.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage, true
	}
	return 0, false
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flags("build", "build [-site DIR] [-out DIR] [-drafts] [-base-url URL]", stderr)
	site := fs.String("site", ".", "the site's folder, with site.toml, content/, layouts/ and static/")
	out := fs.String("out", "public", "the output folder, replaced as a whole once the build has succeeded")
	drafts := fs.Bool("drafts", false, "include draft entries")
	baseURL := fs.String("base-url", "", "the site's address, replacing site.toml's base_url (such as https://owner.github.io/repo/)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if *baseURL != "" {
		if _, err := chrono.CheckBaseURL(*baseURL); err != nil {
			fmt.Fprintf(stderr, "chrono build: -base-url %s\n", chrono.OneLine(err.Error()))
			return exitUsage
		}
	}
	fsys, root, err := build.OpenSite(*site)
	if err != nil {
		fmt.Fprintf(stderr, "chrono build: %s\n", chrono.OneLine(err.Error()))
		return exitFailed
	}
	defer root.Close()
	if os.Getenv("GOMEMLIMIT") == "" {
		// A build holds the annotations and one page per core at a time:
		// its garbage is collected early enough to stay within this (README,
		// Performance). GOMEMLIMIT replaces it.
		debug.SetMemoryLimit(memoryLimit(*site))
	}
	start := time.Now()
	today, err := build.SourceDate(os.Getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		fmt.Fprintf(stderr, "chrono build: %s\n", chrono.OneLine(err.Error()))
		return exitUsage
	}
	stats, probs, err := build.New().Build(fsys, *site, *out, build.Options{Drafts: *drafts, BaseURL: *baseURL, Today: today, Repo: *site})
	lang := content.Language(fsys)
	warnings := len(probs.Warnings())
	if err == nil && probs.Err() == nil {
		// A build that succeeds counts its warnings: check lists them, and a
		// list of every source to archive would hide the line that matters.
		probs = nil
	}
	if code, failed := report(stderr, "build", *site, lang, probs, err); failed {
		return code
	}
	fmt.Fprintf(stdout, "built %d entries, %d files into %s in %v\n", stats.Entries, stats.Files, *out, time.Since(start).Round(time.Millisecond))
	if warnings > 0 {
		fmt.Fprintln(stderr, plural(warnings,
			chrono.Say("%d warning: chrono check lists it", "%d avertissement : chrono check l’affiche"),
			chrono.Say("%d warnings: chrono check lists them", "%d avertissements : chrono check les affiche")).With(warnings).In(lang))
	}
	for _, err := range stats.Untidy {
		fmt.Fprintf(stderr, "chrono build: warning: %s\n", chrono.OneLine(err.Error()))
	}
	return exitOK
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flags("check", "check [-site DIR] [-format text|github|json]", stderr)
	site := fs.String("site", ".", "the site's folder, with site.toml, content/, layouts/ and static/")
	format := fs.String("format", formatText, "how to print problems: text (path:line:col: message, on stderr), github (annotations of GitHub Actions, on stdout) or json (an array, on stdout)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if !slices.Contains(formats, *format) {
		fmt.Fprintf(stderr, "chrono check: -format %q: expected text, github or json\n", *format)
		return exitUsage
	}
	fsys, root, err := build.OpenSite(*site)
	if err != nil {
		fmt.Fprintf(stderr, "chrono check: %s\n", chrono.OneLine(err.Error()))
		return exitFailed
	}
	defer root.Close()
	today, err := build.SourceDate(os.Getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		fmt.Fprintf(stderr, "chrono check: %s\n", chrono.OneLine(err.Error()))
		return exitUsage
	}
	probs, err := build.New().Check(fsys, build.Options{Today: today, Repo: *site})
	lang := content.Language(fsys)
	if code, failed := reportAs(stdout, stderr, *format, "check", *site, lang, probs, err); failed {
		return code
	}
	if *format == formatText {
		if n := len(probs.Warnings()); n > 0 {
			fmt.Fprintln(stdout, plural(n,
				chrono.Say("no errors, %d warning", "aucune erreur, %d avertissement"),
				chrono.Say("no errors, %d warnings", "aucune erreur, %d avertissements")).With(n).In(lang))
		} else {
			fmt.Fprintln(stdout, chrono.Say("no problems found", "aucun problème").With().In(lang))
		}
	}
	return exitOK
}

// report prints the problems, paths relative to the current folder, and
// says whether the command failed. The problems speak the site's language,
// lang; so does the count of problems. Errors of the program or the
// machine (err) are in English.
func report(stderr io.Writer, cmd, site, lang string, probs chrono.Problems, err error) (int, bool) {
	return reportAs(nil, stderr, formatText, cmd, site, lang, probs, err)
}

// reportAs is report in a format of printProblems.
func reportAs(stdout, stderr io.Writer, format, cmd, site, lang string, probs chrono.Problems, err error) (int, bool) {
	probs = slices.Clone(probs)
	for i, p := range probs {
		probs[i].Path = filepath.ToSlash(filepath.Join(site, filepath.FromSlash(p.Path)))
	}
	if perr := printProblems(stdout, stderr, format, probs); perr != nil {
		err = errors.Join(err, perr)
	}
	if err != nil {
		if format == formatGitHub {
			fmt.Fprintf(stdout, "::error::chrono %s: %s\n", cmd, escapeData(err.Error()))
		}
		fmt.Fprintf(stderr, "chrono %s: %s\n", cmd, chrono.OneLine(err.Error()))
		return exitFailed, true
	}
	if n := len(probs.Errors()); n > 0 {
		fmt.Fprintln(stderr, plural(n,
			chrono.Say("chrono %s: %d problem; nothing was written", "chrono %s : %d problème ; rien n’a été écrit"),
			chrono.Say("chrono %s: %d problems; nothing was written", "chrono %s : %d problèmes ; rien n’a été écrit")).With(cmd, n).In(lang))
		return exitFailed, true
	}
	return exitOK, false
}

func plural[T any](n int, one, many T) T {
	if n == 1 {
		return one
	}
	return many
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := flags("new", "new [-site DIR] -date DATE -title TITLE [-actors a,b] [-slug S]", stderr)
	site := fs.String("site", ".", "the site's folder")
	date := fs.String("date", "", `when the event happened: 2024-08-12, "2024-08", "2024", with ~ or ? if approximate or uncertain`)
	title := fs.String("title", "", "the event in one line, in French")
	actors := fs.String("actors", "", "slugs of the actors, separated by commas, as declared in site.toml")
	slug := fs.String("slug", "", "the entry's slug, its file name (default: made from the title)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if *date == "" || *title == "" {
		fmt.Fprintln(stderr, "chrono new: -date and -title are required")
		fs.Usage()
		return exitUsage
	}
	var as []string
	for _, a := range strings.Split(*actors, ",") {
		if a = strings.TrimSpace(a); a != "" {
			as = append(as, a)
		}
	}
	name, text, err := content.Skeleton(os.DirFS(*site), content.NewEntry{Date: *date, Title: *title, Actors: as, Slug: *slug})
	if err != nil {
		fmt.Fprintf(stderr, "chrono new: %s\n", chrono.OneLine(err.Error()))
		return exitFailed
	}
	p := filepath.Join(*site, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fmt.Fprintf(stderr, "chrono new: %s\n", chrono.OneLine(err.Error()))
		return exitFailed
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		fmt.Fprintf(stderr, "chrono new: %s already exists; it was left as it is\n", p)
		return exitFailed
	}
	if err == nil {
		_, err = f.Write(text)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		fmt.Fprintf(stderr, "chrono new: %s\n", chrono.OneLine(err.Error()))
		return exitFailed
	}
	fmt.Fprintln(stdout, p)
	return exitOK
}

// version is the module's version, or the commit it was built from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return "(devel " + rev + ")"
}
