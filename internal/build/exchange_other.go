//go:build !linux

package build

// exchange is not available: replace renames the output aside first.
func exchange(a, b string) error { return errNoExchange }
