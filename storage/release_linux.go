package storage

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
)

// releaseAfterChecks gives back what checking the whole store once at open took, so
// that a server's memory is what its requests use: the heap of the decoded audit
// entries and blocks (returned to the system at once rather than over minutes), and
// the pages of the store's files that the checks mapped in through Badger's memory
// maps (dropped from this process with MADV_DONTNEED; they stay in the page cache,
// and a later read maps a page in again). Nothing stored is touched: a table is never
// written once built, and dropping a shared file mapping's pages keeps the file's
// contents (a private mapping's would not: those are left alone).
func releaseAfterChecks(dir string) {
	debug.FreeOSMemory()
	if dir == "" {
		return
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		// 7f12a000-7f12b000 r--s 00000000 fd:01 1234  /data/000001.sst
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || len(fields[1]) < 4 || fields[1][3] != 's' {
			continue // a private mapping would lose what was written to it: leave it
		}
		path := fields[5]
		if filepath.Dir(path) != abs || !strings.HasSuffix(path, ".sst") {
			continue
		}
		from, to, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(from, 16, 64)
		end, err2 := strconv.ParseUint(to, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_DONTNEED)
	}
}
