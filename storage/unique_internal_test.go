package storage

import (
	"context"
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// TestUpsertReadsInTransaction interleaves two transactions that upsert one actor by
// name, without the store's write mutex: both find no actor and create one, and the
// second commit must conflict, because each read the name's unique key inside its own
// transaction; retried, it finds the first one's actor and adds its alias to it. A
// unique read outside the transaction would let both commit: two actors of one name.
func TestUpsertReadsInTransaction(t *testing.T) {
	s := openInternal(t)
	begin := func() *tx { return &tx{s: s, txn: s.db.NewTransaction(true)} }
	upsert := func(tx *tx, alias string) (*prov.Actor, bool) {
		t.Helper()
		id, err := s.ids.newID(prov.TypeActor)
		if err != nil {
			t.Fatal(err)
		}
		a, created, err := tx.upsertActor(&prov.Actor{Name: "Islamic Resistance in Iraq", Kind: prov.ActorOrganization, Aliases: []string{alias}}, id)
		if err != nil {
			t.Fatal(err)
		}
		return a, created
	}
	t1, t2 := begin(), begin()
	a1, created1 := upsert(t1, "IRI")
	_, created2 := upsert(t2, "the Resistance")
	if !created1 || !created2 {
		t.Fatalf("created = %v, %v: each transaction should see no actor yet", created1, created2)
	}
	if err := t1.txn.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := t2.txn.Commit(); !errors.Is(err, badger.ErrConflict) {
		t.Fatalf("the second commit = %v, want a conflict: both transactions created the actor", err)
	}
	retry := begin()
	a2, created := upsert(retry, "the Resistance")
	if created || a2.ID != a1.ID {
		t.Fatalf("the retry got %s (created %v), want %s", a2.ID, created, a1.ID)
	}
	if err := retry.txn.Commit(); err != nil {
		t.Fatal(err)
	}
	n, err := s.CountActors(context.Background(), ActorFilter{})
	if err != nil || n != 1 {
		t.Fatalf("%d actors (%v), want 1", n, err)
	}
	got, err := s.Actor(context.Background(), a1.ID)
	if err != nil || len(got.Aliases) != 2 {
		t.Fatalf("the actor is %+v (%v), want both aliases", got, err)
	}
}
