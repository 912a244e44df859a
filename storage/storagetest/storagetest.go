// Package storagetest provides test helpers for code that uses a storage.Store.
package storagetest

import (
	"bytes"
	"context"

	"testing"

	"claimgraph/demo"
	"claimgraph/storage"
)

// MustOpen returns an empty in-memory store, closed when the test ends.
func MustOpen(tb testing.TB) *storage.Store {
	tb.Helper()
	s, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		tb.Fatalf("open in-memory store: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close store: %v", err)
		}
	})
	return s
}

// MustOpenDemo returns an in-memory store loaded with the bundled demo dataset.
func MustOpenDemo(tb testing.TB) *storage.Store {
	tb.Helper()
	s := MustOpen(tb)
	if _, err := s.Import(context.Background(), bytes.NewReader(demo.Data)); err != nil {
		tb.Fatalf("import demo data: %v", err)
	}
	return s
}
