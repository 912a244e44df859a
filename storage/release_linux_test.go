package storage

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"claimgraph/demo"
	"claimgraph/prov"
)

// mappedTableKiB sums what the store's table files hold of this process's resident
// memory.
func mappedTableKiB(t *testing.T, dir string) int {
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps")
	}
	abs, _ := filepath.Abs(dir)
	total, in := 0, false
	sc := bufio.NewScanner(bytes.NewReader(smaps))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) >= 5 && strings.Contains(f[0], "-") && len(f[1]) == 4: // a mapping's header
			in = len(f) >= 6 && filepath.Dir(f[5]) == abs && strings.HasSuffix(f[5], ".sst")
		case in && len(f) >= 2 && f[0] == "Rss:":
			n, _ := strconv.Atoi(f[1])
			total += n
		}
	}
	return total
}

func TestReleaseAfterChecksDropsMappedTables(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	s, err := Open(Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil { // the memtable becomes a table
		t.Fatal(err)
	}
	s, err = Open(Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1, NodeCacheBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var before bytes.Buffer
	if err := s.Export(ctx, &before); err != nil { // reads every table
		t.Fatal(err)
	}
	if mappedTableKiB(t, dir) == 0 {
		t.Fatal("reading the store mapped none of its tables: nothing to check")
	}
	releaseAfterChecks(dir)
	if got := mappedTableKiB(t, dir); got != 0 {
		t.Errorf("%d KiB of the tables still mapped after the release", got)
	}
	var after bytes.Buffer
	if err := s.Export(ctx, &after); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before.Bytes(), after.Bytes()) {
		t.Error("the store reads differently after its pages were released")
	}
	if _, err := s.CreateEvent(ctx, &prov.Event{Name: "written after the release"}); err != nil {
		t.Fatal(err)
	}
}
