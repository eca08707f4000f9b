package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/watch"
)

// runWatch is the live preview: the site built in memory, served, and
// rebuilt on every save (see package watch).
func runWatch(args []string, stdout, stderr io.Writer) int {
	fs := flags("watch", "watch [-site DIR] [-addr HOST:PORT] [-drafts=true] [-open]", stderr)
	site := fs.String("site", ".", "the site's folder, with site.toml, content/, layouts/ and static/")
	addr := fs.String("addr", "127.0.0.1:1313", "the address to serve the preview on; other machines reach it only if the host is not a loopback address. Requests are answered only if sent to localhost, a loopback address or this host (with 0.0.0.0 or no host: the machine's addresses and name)")
	drafts := fs.Bool("drafts", true, "show draft entries, marked as drafts")
	open := fs.Bool("open", false, "open the preview in the browser")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if fi, err := os.Stat(*site); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "chrono watch: -site %s: not a folder\n", *site)
		return exitUsage
	}
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	err := watch.Run(ctx, watch.Options{Site: *site, Addr: *addr, Drafts: *drafts, Open: *open, Stdout: stdout, Stderr: stderr})
	if err != nil {
		// Cannot listen (*watch.ListenError), or cannot watch the site.
		fmt.Fprintf(stderr, "chrono watch: %s\n", chrono.OneLine(err.Error()))
		return exitFailed
	}
	fmt.Fprintln(stdout, "chrono watch: stopped")
	return exitOK
}
