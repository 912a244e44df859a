package storage

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimgraph/demo"
)

// copyTree copies the regular files and directories under src to dst.
func copyTree(tb testing.TB, src, dst string) {
	tb.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// TestInstallStoreInterrupted stops installStore after each of its steps, as a crash
// would, and opens what it leaves: always the empty store it replaced or the whole new
// one, writable, and an import run again completes it.
func TestInstallStoreInterrupted(t *testing.T) {
	ctx := context.Background()
	want := string(demo.Data)
	// The template: an empty store (opened and closed once, as ImportDir leaves it)
	// with the new one built beside it.
	template := t.TempDir()
	s, err := Open(Options{Dir: template, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, head, err := bulkImport(ctx, filepath.Join(template, bulkBuildDir), slog.New(slog.DiscardHandler), "local", strings.NewReader(want), func() error { return nil }, func(ImportProgress) {})
	if err != nil {
		t.Fatal(err)
	}
	errStop := errors.New("stopped")
	defer func() { installFault = nil }()
	sawEmpty, sawNew := false, false
	for n := 1; ; n++ {
		dir := t.TempDir()
		copyTree(t, template, dir)
		calls := 0
		installFault = func() error {
			if calls++; calls == n {
				return errStop
			}
			return nil
		}
		err := installStore(dir, filepath.Join(dir, bulkBuildDir), head)
		installFault = nil
		if err != nil && !errors.Is(err, errStop) {
			t.Fatalf("step %d: %v", n, err)
		}
		s, err := Open(Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
		if err != nil {
			t.Fatalf("stopped after step %d: open: %v", n-1, err)
		}
		if err := s.Writable(); err != nil {
			t.Fatalf("stopped after step %d: the store is read-only: %v", n-1, err)
		}
		empty, err := s.isNew()
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := s.Export(ctx, &got); err != nil {
			t.Fatal(err)
		}
		switch {
		case empty && s.Head() == (Head{}):
			sawEmpty = true
		case got.String() == want && s.Head() == head:
			sawNew = true
			if _, err := s.Verify(ctx); err != nil {
				t.Fatalf("stopped after step %d: verify: %v", n-1, err)
			}
		default:
			t.Fatalf("stopped after step %d: neither the empty store nor the new one (head %+v, empty %v)", n-1, s.Head(), empty)
		}
		s.Close()
		if calls < n { // ran to the end
			t.Logf("%d steps; each stop left the empty or the new store", n-1)
			break
		}
		if empty {
			// Importing again completes it.
			if _, err := ImportDir(ctx, Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1}, strings.NewReader(want), nil); err != nil {
				t.Fatalf("stopped after step %d: import again: %v", n-1, err)
			}
		}
	}
	if !sawEmpty || !sawNew {
		t.Errorf("saw the empty store %v, the new one %v: want both", sawEmpty, sawNew)
	}
}
