package storage_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"claimgraph/prov"
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

// buildOneTableStore writes a store whose records fill one table of many blocks, and
// returns its directory, the table's path, and the first event (in the table's first
// block).
func buildOneTableStore(t *testing.T) (dir, sst string, first *prov.Event) {
	dir = filepath.Join(t.TempDir(), "data")
	s := MustOpenDir(t, dir)
	for i := range 400 {
		e := must(s.CreateEvent(bg, &prov.Event{Name: fmt.Sprintf("event %03d", i), Description: ptr(strings.Repeat("a long description ", 20))}))(t)
		if i == 0 {
			first = e
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	tables, err := filepath.Glob(filepath.Join(dir, "*.sst"))
	if err != nil || len(tables) != 1 {
		t.Fatalf("tables %v (%v), want one", tables, err)
	}
	return dir, tables[0], first
}

func TestVerifyInBackground(t *testing.T) {
	t.Run("a sound store serves at once and takes writes once its chain is checked", func(t *testing.T) {
		dir, _, first := buildOneTableStore(t)
		s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1, VerifyInBackground: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if got := must(s.Event(bg, first.ID))(t); got.Name != first.Name {
			t.Errorf("read %q", got.Name)
		}
		before := s.Head()
		newEvent(t, s, "written while the checks may still run")
		if after := s.Head(); after.Seq != before.Seq+1 {
			t.Errorf("head %d after a write from %d", after.Seq, before.Seq)
		}
		<-s.Verified()
		if err := s.Degraded(); err != nil {
			t.Errorf("degraded: %v", err)
		}
	})

	t.Run("a damaged block refuses a checked open, and degrades a background one once found", func(t *testing.T) {
		dir, sst, first := buildOneTableStore(t)
		fi, err := os.Stat(sst)
		if err != nil {
			t.Fatal(err)
		}
		// Several bytes of a block in the middle: a single flipped byte of a compressed
		// block can change nothing the block decodes to (Verify and an export then
		// agree with the original), which no check can or need report.
		for off := fi.Size() / 3; off < fi.Size()/3+600; off += 37 {
			if err := flipByte(sst, off); err != nil {
				t.Fatal(err)
			}
		}
		want := "table " + filepath.Base(sst) + " is damaged"
		if _, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1}); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("checked open: %v, want an error naming the table", err)
		}
		s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1, VerifyInBackground: true})
		if err != nil {
			t.Fatalf("background open: %v", err)
		}
		defer s.Close()
		if got := must(s.Event(bg, first.ID))(t); got.Name != first.Name {
			t.Errorf("read of a sound block: %q", got.Name)
		}
		<-s.Verified()
		if err := s.Degraded(); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("degraded: %v, want the damaged table named", err)
		}
		_, err = s.CreateEvent(bg, &prov.Event{Name: "refused"})
		wantErr(t, err, prov.EUNAVAILABLE, want)
	})
}
