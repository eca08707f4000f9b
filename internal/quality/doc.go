// Package quality measures the repository's own site as readers get it:
// every page valid HTML (the Nu HTML Checker), no WCAG 2.1 A/AA violation
// on the main kinds of page in light and dark mode (axe-core in headless
// Chromium), a light home page, no request to another host and no script.
//
// The site is built once, from the repository's content, into a temporary
// folder served on 127.0.0.1. The checkers are outside Go: java, chromium
// and the npm packages of quality/ (cd quality && npm ci). When one is
// missing, its test is skipped with a message saying what to install; with
// CHRONO_QUALITY=require in the environment (as .ci/run sets it), a missing
// tool fails the test instead, so that CI never passes without checking.
package quality
