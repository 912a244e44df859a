package storage_test

import (
	"bytes"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

// The node cache must be invisible: every read answers what Badger would.

func TestNodeCacheNeverStale(t *testing.T) {
	t.Run("a read after an update sees the update", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "old text", prov.ID{}, prov.ID{})
		must(s.Claim(bg, c.ID))(t) // cached
		must(s.UpdateClaim(bg, c.ID, func(c *prov.Claim) error { c.Text = "new text"; return nil }))(t)
		if got := must(s.Claim(bg, c.ID))(t); got.Text != "new text" {
			t.Errorf("read after update = %q, want the new text", got.Text)
		}
	})

	t.Run("a read after a delete finds nothing", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "doomed", prov.ID{}, prov.ID{})
		must(s.Claim(bg, c.ID))(t)
		must(s.DeleteClaim(bg, c.ID))(t)
		_, err := s.Claim(bg, c.ID)
		wantNotFound(t, err)
	})

	t.Run("an edge list follows added and removed edges", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "claim", prov.ID{}, prov.ID{})
		src := newSource(t, s, "source", nil)
		a1 := newAttribution(t, s, c.ID, src.ID, "one")
		if got := ids(must(s.ClaimAttributions(bg, c.ID))(t)); !slicesEqual(got, []prov.ID{a1.ID}) {
			t.Fatalf("attributions = %v", got)
		}
		a2 := newAttribution(t, s, c.ID, src.ID, "two")
		if got := ids(must(s.ClaimAttributions(bg, c.ID))(t)); !slicesEqual(got, []prov.ID{a1.ID, a2.ID}) {
			t.Errorf("attributions after an add = %v, want %v", got, []prov.ID{a1.ID, a2.ID})
		}
		must(s.DeleteAttribution(bg, a1.ID))(t)
		if got := ids(must(s.ClaimAttributions(bg, c.ID))(t)); !slicesEqual(got, []prov.ID{a2.ID}) {
			t.Errorf("attributions after a delete = %v, want %v", got, []prov.ID{a2.ID})
		}
	})

	t.Run("an older snapshot keeps its version while newer readers cache the new one", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "old text", prov.ID{}, prov.ID{})
		old, release := s.WithSnapshot(bg)
		defer release()
		must(s.Claim(old, c.ID))(t)
		must(s.UpdateClaim(bg, c.ID, func(c *prov.Claim) error { c.Text = "new text"; return nil }))(t)
		for range 3 { // cache the new version, then read it from the cache
			if got := must(s.Claim(bg, c.ID))(t); got.Text != "new text" {
				t.Fatalf("new read = %q", got.Text)
			}
		}
		if got := must(s.Claim(old, c.ID))(t); got.Text != "old text" {
			t.Errorf("old snapshot read = %q, want the old text", got.Text)
		}
	})

	t.Run("changing a node a read returned does not change the next read", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "kept", prov.ID{}, prov.ID{})
		must(s.Claim(bg, c.ID))(t)
		got := must(s.Claim(bg, c.ID))(t)
		got.Text = "scribbled"
		if again := must(s.Claim(bg, c.ID))(t); again.Text != "kept" {
			t.Errorf("read after a caller changed its copy = %q", again.Text)
		}
	})

	t.Run("an incremental restore replaces what was cached", func(t *testing.T) {
		src := MustOpenStore(t)
		c := newClaim(t, src, "first version", prov.ID{}, prov.ID{})
		var full, incr bytes.Buffer
		h := must(src.Backup(bg, &full, 0))(t)
		must(src.UpdateClaim(bg, c.ID, func(c *prov.Claim) error { c.Text = "second version"; return nil }))(t)
		must(src.Backup(bg, &incr, h.Head.Seq))(t)
		dst := MustOpenStore(t)
		must(dst.Restore(bg, bytes.NewReader(full.Bytes())))(t)
		if got := must(dst.Claim(bg, c.ID))(t); got.Text != "first version" {
			t.Fatalf("read after the full restore = %q", got.Text)
		}
		must(dst.Restore(bg, bytes.NewReader(incr.Bytes())))(t)
		if got := must(dst.Claim(bg, c.ID))(t); got.Text != "second version" {
			t.Errorf("read after the incremental restore = %q, want the second version", got.Text)
		}
	})

	t.Run("an import is seen by the next read", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "before import", prov.ID{}, prov.ID{})
		must(s.Claim(bg, c.ID))(t)
		var export bytes.Buffer
		if err := s.Export(bg, &export); err != nil {
			t.Fatal(err)
		}
		edited := bytes.Replace(export.Bytes(), []byte("before import"), []byte("after import"), 1)
		must(s.Import(bg, bytes.NewReader(edited)))(t)
		if got := must(s.Claim(bg, c.ID))(t); got.Text != "after import" {
			t.Errorf("read after import = %q, want the imported text", got.Text)
		}
	})
}

// TestNodeCacheUnderConcurrentWrites has writers count a claim's text up while
// readers check that a snapshot sees one value throughout, never older than what was
// committed before it began.
func TestNodeCacheUnderConcurrentWrites(t *testing.T) {
	s := MustOpenStore(t)
	c := newClaim(t, s, "0", prov.ID{}, prov.ID{})
	var committed atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; i <= 300; i++ {
			if _, err := s.UpdateClaim(bg, c.ID, func(c *prov.Claim) error { c.Text = strconv.Itoa(i); return nil }); err != nil {
				t.Error(err)
				return
			}
			committed.Store(int64(i))
		}
		close(stop)
	}()
	errs := make(chan error, 4)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				floor := committed.Load()
				ctx, release := s.WithSnapshot(bg)
				first, err := s.Claim(ctx, c.ID)
				if err != nil {
					release()
					errs <- err
					return
				}
				second, err := s.Claim(ctx, c.ID)
				release()
				if err != nil {
					errs <- err
					return
				}
				n, _ := strconv.Atoi(first.Text)
				if first.Text != second.Text || int64(n) < floor {
					errs <- fmt.Errorf("a snapshot read %q then %q, with %d committed before it", first.Text, second.Text, floor)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := must(s.Claim(bg, c.ID))(t); got.Text != "300" {
		t.Errorf("final read = %q, want 300", got.Text)
	}
}

func TestNodeCacheOff(t *testing.T) {
	s, err := storage.Open(storage.Options{InMemory: true, NodeCacheBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := newClaim(t, s, "uncached", prov.ID{}, prov.ID{})
	must(s.UpdateClaim(bg, c.ID, func(c *prov.Claim) error { c.Text = "still uncached"; return nil }))(t)
	if got := must(s.Claim(bg, c.ID))(t); got.Text != "still uncached" {
		t.Errorf("read = %q", got.Text)
	}
}

func slicesEqual(a, b []prov.ID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
