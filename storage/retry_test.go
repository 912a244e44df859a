package storage

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// TestConflictRetry injects badger.ErrConflict at commit, where a transaction that
// read a key another one wrote since would fail, into ordinary mutations.
func TestConflictRetry(t *testing.T) {
	ctx := context.Background()
	// conflicts fails the next n commits with ErrConflict.
	var conflicts atomic.Int64
	s, err := Open(Options{InMemory: true, FaultHook: func(op string) error {
		if op == "commit" && conflicts.Add(-1) >= 0 {
			return badger.ErrConflict
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, err := s.CreateClaim(ctx, &prov.Claim{Text: "x"})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("retries a mutation whose commit conflicts, from a fresh transaction, and stores it once", func(t *testing.T) {
		before := s.Head()
		calls := 0
		conflicts.Store(2)
		got, err := s.UpdateClaim(ctx, c.ID, func(c *prov.Claim) error {
			calls++
			c.Text += "y" // from the stored text each time, not the failed attempt's
			return nil
		})
		if err != nil {
			t.Fatalf("UpdateClaim = %v", err)
		}
		if calls != 3 || got.Text != "xy" {
			t.Errorf("fn ran %d times and returned %q, want 3 and \"xy\"", calls, got.Text)
		}
		if stored, err := s.Claim(ctx, c.ID); err != nil || stored.Text != "xy" {
			t.Errorf("stored %+v, %v", stored, err)
		}
		if after := s.Head(); after.Seq != before.Seq+1 {
			t.Errorf("audit head %d after %d: want one entry for the retried mutation", after.Seq, before.Seq)
		}
	})
	t.Run("gives ECONFLICT when the conflicts do not stop, storing nothing", func(t *testing.T) {
		before := s.Head()
		conflicts.Store(maxRetries + 1)
		_, err := s.CreateActor(ctx, &prov.Actor{Name: "Never stored", Kind: prov.ActorPerson})
		if prov.ErrorCode(err) != prov.ECONFLICT {
			t.Fatalf("err = %v, want ECONFLICT", err)
		}
		if s.Head() != before {
			t.Errorf("the audit head moved")
		}
		n, err := s.CountActors(ctx, ActorFilter{})
		if err != nil || n != 0 {
			t.Errorf("CountActors = %d, %v; want none stored", n, err)
		}
	})
}
