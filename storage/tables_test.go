package storage_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"claimgraph/storage"
)

// TestDamagedTablesAreNamedInOrder damages every table of a store of several tables:
// the tables are verified in parallel at open, and the error names the table with the
// lowest ID whichever goroutine finds its damage first.
func TestDamagedTablesAreNamedInOrder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	// Each open-write-close cycle flushes the memtable into a table of its own.
	for i := range 3 {
		s := MustOpenDir(t, dir)
		newEvent(t, s, fmt.Sprintf("event %d", i))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	tables, err := filepath.Glob(filepath.Join(dir, "*.sst"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 2 {
		t.Fatalf("%d tables, want several", len(tables))
	}
	slices.Sort(tables) // fixed-width names: the lowest ID first
	for _, path := range tables {
		if err := flipByte(path, 0); err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
		if err == nil {
			s.Close()
			t.Fatal("opened a store whose tables are all damaged")
		}
		if want := "table " + filepath.Base(tables[0]) + " is damaged"; !strings.Contains(err.Error(), want) {
			t.Fatalf("error %q, want it to name the first table (%q)", err, want)
		}
	}
}
