//go:build unix

package build

import "syscall"

// alive reports whether the process pid is running: signal 0 checks it
// without sending anything.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
