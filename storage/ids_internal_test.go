package storage

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// TestAllocatorAndHistory checks the allocator against what the store holds, and that
// verify notices histories and leases an allocator that handed an ID out again would
// leave.
func TestAllocatorAndHistory(t *testing.T) {
	ctx := context.Background()
	openDir := func(t *testing.T, dir string) *Store {
		t.Helper()
		s, err := Open(Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	t.Run("starts past every versioned ID when the lease is lost", func(t *testing.T) {
		dir := t.TempDir()
		s := openDir(t, dir)
		c, err := s.CreateClaim(ctx, &prov.Claim{Text: "deleted, so only its versions remain"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeleteClaim(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(leaseKey(prov.TypeClaim)) }); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s = openDir(t, dir)
		defer s.Close()
		next, err := s.CreateClaim(ctx, &prov.Claim{Text: "the next claim"})
		if err != nil {
			t.Fatal(err)
		}
		if next.ID.Seq <= c.ID.Seq {
			t.Fatalf("the next claim is %s; %s was deleted and must not come back", next.ID, c.ID)
		}
	})
	t.Run("verify names a deleted node's ID handed out again", func(t *testing.T) {
		s := openInternal(t)
		c, err := s.CreateClaim(ctx, &prov.Claim{Text: "claim A, later deleted"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeleteClaim(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		s.ids.next[prov.TypeClaim] = c.ID.Seq // the allocator of a store restored without its lease
		again, err := s.CreateClaim(ctx, &prov.Claim{Text: "a new claim"})
		if err != nil || again.ID != c.ID {
			t.Fatalf("created %v, %v; the test wants the reused ID %s", again, err, c.ID)
		}
		_, err = s.Verify(ctx)
		if err == nil || !strings.Contains(err.Error(), "handed out again") || !strings.Contains(err.Error(), c.ID.String()) {
			t.Fatalf("verify = %v, want the reused ID named", err)
		}
	})
	t.Run("verify accepts an import bringing back a deleted node under its ID", func(t *testing.T) {
		s := openInternal(t)
		file := `{"format":"claimgraph","version":1}
{"type":"claim","id":"clm_0000000000007","text":"imported"}
`
		if _, err := s.Import(ctx, strings.NewReader(file)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeleteClaim(ctx, prov.NewID(prov.TypeClaim, 7)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Import(ctx, strings.NewReader(file)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Verify(ctx); err != nil {
			t.Fatalf("verify = %v", err)
		}
	})
	t.Run("verify names an entry whose before-hash is not the node's version before", func(t *testing.T) {
		s := openInternal(t)
		c, err := s.CreateClaim(ctx, &prov.Claim{Text: "v1"})
		if err != nil {
			t.Fatal(err)
		}
		err = s.update(ctx, "updateClaim", func(t *tx) error {
			old, err := t.get(c.ID)
			if err != nil {
				return err
			}
			next := *old.(*prov.Claim)
			next.Text = "v2"
			if err := t.put(old, &next); err != nil {
				return err
			}
			t.order[0].before = seal([]byte("a state the node never had"))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Verify(ctx)
		if err == nil || !strings.Contains(err.Error(), "its version before (entry 1)") {
			t.Fatalf("verify = %v, want the mismatched before-hash named", err)
		}
	})
	t.Run("verify names a lease below an ID in use", func(t *testing.T) {
		s := openInternal(t)
		for range 3 {
			if _, err := s.CreateEvent(ctx, &prov.Event{Name: "e"}); err != nil {
				t.Fatal(err)
			}
		}
		rawSet(t, s, leaseKey(prov.TypeEvent), encodeLease(2))
		_, err := s.Verify(ctx)
		if err == nil || !strings.Contains(err.Error(), "the ID lease of type Event") || !strings.Contains(err.Error(), "evt_0000000000003 exists") {
			t.Fatalf("verify = %v, want the low lease named", err)
		}
	})
	t.Run("verify names a damaged lease and schema version", func(t *testing.T) {
		for _, key := range [][]byte{leaseKey(prov.TypeEvent), keySchemaVersion} {
			s := openInternal(t)
			if _, err := s.CreateEvent(ctx, &prov.Event{Name: "e"}); err != nil {
				t.Fatal(err)
			}
			v := rawGet(t, s, key)
			v[len(v)-1] ^= 1
			rawSet(t, s, key, v)
			_, err := s.Verify(ctx)
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("key %x", key)) || !strings.Contains(err.Error(), "checksum") {
				t.Errorf("verify = %v, want a checksum error naming key %x", err, key)
			}
		}
	})
	t.Run("opens a version-1 store, sealing its schema version and leases", func(t *testing.T) {
		dir := t.TempDir()
		s := openDir(t, dir)
		ev, err := s.CreateEvent(ctx, &prov.Event{Name: "written by version 1"})
		if err != nil {
			t.Fatal(err)
		}
		lease, _ := decodeLease(leaseKey(prov.TypeEvent), rawGet(t, s, leaseKey(prov.TypeEvent)))
		rawSet(t, s, leaseKey(prov.TypeEvent), binary.BigEndian.AppendUint64(nil, lease))
		rawSet(t, s, keySchemaVersion, binary.BigEndian.AppendUint32(nil, 1))
		s.Close()
		s = openDir(t, dir)
		defer s.Close()
		if got, err := decodeLease(leaseKey(prov.TypeEvent), rawGet(t, s, leaseKey(prov.TypeEvent))); err != nil || got != lease {
			t.Fatalf("lease after the upgrade = %d, %v; want %d sealed", got, err, lease)
		}
		if got, err := decodeSchemaVersion(rawGet(t, s, keySchemaVersion)); err != nil || got != schemaVersion {
			t.Fatalf("schema version after the upgrade = %d, %v", got, err)
		}
		if _, err := s.Verify(ctx); err != nil {
			t.Fatal(err)
		}
		if next, err := s.CreateEvent(ctx, &prov.Event{Name: "next"}); err != nil || next.ID.Seq <= ev.ID.Seq {
			t.Fatalf("next event %v, %v", next, err)
		}
	})
}
