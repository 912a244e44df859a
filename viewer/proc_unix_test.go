//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package viewer_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// inOwnProcessGroup makes cmd the leader of a new process group, so that the
// browser's helper processes (zygote, renderers, GPU, crash handler) can be killed
// with it.
func inOwnProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcessGroup kills every process in the group led by pid.
func killProcessGroup(pid int) {
	syscall.Kill(-pid, syscall.SIGKILL)
}

// processGroupAlive reports whether a process of the group led by pid is still
// running. On Linux, zombies (dead, waiting for whoever inherited them to reap them,
// which in a container may take a while) do not count.
func processGroupAlive(pid int) bool {
	if runtime.GOOS == "linux" {
		if alive, ok := linuxGroupRunning(pid); ok {
			return alive
		}
	}
	err := syscall.Kill(-pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// linuxGroupRunning looks through /proc for a process of group pgid that is not a
// zombie; ok is false if /proc cannot be read.
func linuxGroupRunning(pgid int) (alive, ok bool) {
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		return false, false
	}
	for _, p := range stats {
		data, err := os.ReadFile(p)
		if err != nil {
			continue // gone meanwhile
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
		s := string(data)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 3 {
			continue
		}
		if g, _ := strconv.Atoi(fields[2]); g == pgid && fields[0] != "Z" && fields[0] != "X" {
			return true, true
		}
	}
	return false, true
}
