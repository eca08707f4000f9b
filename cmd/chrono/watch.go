package main

import (
	"fmt"
	"io"
)

// runWatch is the live preview; see issue "chrono watch".
func runWatch(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "chrono watch: not available yet")
	return exitFailed
}
