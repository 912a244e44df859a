//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package viewer_test

import "os/exec"

func inOwnProcessGroup(cmd *exec.Cmd) {}

// killProcessGroup cannot reach the browser's helpers here; exec.Cmd kills the
// browser itself.
func killProcessGroup(pid int) {}

func processGroupAlive(pid int) bool { return false }
