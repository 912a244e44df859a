package storage_test

import (
	"context"
	"sync"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

func TestSnapshot(t *testing.T) {
	t.Run("keeps seeing the old state after a concurrent write", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "old text", prov.ID{}, prov.ID{})
		ctx, release := s.WithSnapshot(bg)
		defer release()
		if got := must(s.Claim(ctx, c.ID))(t); got.Text != "old text" {
			t.Fatalf("first read = %q", got.Text)
		}
		must(s.UpdateClaim(bg, c.ID, func(c *prov.Claim) error { c.Text = "new text"; return nil }))(t)
		added := newClaim(t, s, "added", prov.ID{}, prov.ID{})

		if got := must(s.Claim(ctx, c.ID))(t); got.Text != "old text" {
			t.Errorf("snapshot read = %q, want the old text", got.Text)
		}
		_, err := s.Claim(ctx, added.ID)
		wantNotFound(t, err)
		if n := must(s.CountClaims(ctx, storage.ClaimFilter{}))(t); n != 1 {
			t.Errorf("snapshot CountClaims = %d, want 1", n)
		}
		if got := must(s.Claim(bg, c.ID))(t); got.Text != "new text" {
			t.Errorf("read outside the snapshot = %q, want the new text", got.Text)
		}
	})

	t.Run("sees a write made through its own context", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "old text", prov.ID{}, prov.ID{})
		ctx, release := s.WithSnapshot(bg)
		defer release()
		must(s.Claim(ctx, c.ID))(t)
		must(s.UpdateClaim(ctx, c.ID, func(c *prov.Claim) error { c.Text = "mine"; return nil }))(t)
		if got := must(s.Claim(ctx, c.ID))(t); got.Text != "mine" {
			t.Errorf("read after own write = %q, want %q", got.Text, "mine")
		}
		added := must(s.CreateClaim(ctx, &prov.Claim{Text: "added"}))(t)
		must(s.Claim(ctx, added.ID))(t)
	})

	t.Run("reads the current state after release", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "old text", prov.ID{}, prov.ID{})
		ctx, release := s.WithSnapshot(bg)
		must(s.Claim(ctx, c.ID))(t)
		release()
		must(s.UpdateClaim(bg, c.ID, func(c *prov.Claim) error { c.Text = "new text"; return nil }))(t)
		if got := must(s.Claim(ctx, c.ID))(t); got.Text != "new text" {
			t.Errorf("read after release = %q, want the new text", got.Text)
		}
		release() // a second release is harmless
	})

	t.Run("serves concurrent reads while its own context writes", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "x", prov.ID{}, prov.ID{})
		ctx, release := s.WithSnapshot(bg)
		defer release()
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for range 8 {
			wg.Go(func() {
				for range 200 {
					if _, err := s.Claim(ctx, c.ID); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Go(func() {
			for range 50 {
				if _, err := s.UpdateClaim(ctx, c.ID, func(c *prov.Claim) error { c.Text += "x"; return nil }); err != nil {
					errs <- err
					return
				}
			}
		})
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if got := must(s.Claim(ctx, c.ID))(t); len(got.Text) != 51 {
			t.Errorf("text has %d characters, want 51", len(got.Text))
		}
	})

	t.Run("ignores a snapshot of another store", func(t *testing.T) {
		s1, s2 := MustOpenStore(t), MustOpenStore(t)
		ctx, release := s1.WithSnapshot(bg)
		defer release()
		c := newClaim(t, s2, "in s2", prov.ID{}, prov.ID{})
		must(s2.Claim(ctx, c.ID))(t)
	})

	t.Run("returns the context's error once it is cancelled", func(t *testing.T) {
		s := MustOpenStore(t)
		ctx, cancel := context.WithCancel(bg)
		cancel()
		if _, err := s.Claims(ctx, storage.ClaimFilter{}, storage.Page{First: storage.DefaultPageSize}); err != context.Canceled {
			t.Errorf("Claims with a cancelled context = %v", err)
		}
		if _, err := s.CreateEvent(ctx, &prov.Event{Name: "e"}); err != context.Canceled {
			t.Errorf("CreateEvent with a cancelled context = %v", err)
		}
	})
}
