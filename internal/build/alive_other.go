//go:build !unix

package build

// alive cannot tell here: a leftover folder is kept.
func alive(pid int) bool { return true }
