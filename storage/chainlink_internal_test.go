package storage

import (
	"bytes"
	"context"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/demo"
)

// TestChainLinkReadsWhatTheEntrySays checks the chain's light decoder against the
// full one on every entry of a store, and that it refuses a damaged entry.
func TestChainLinkReadsWhatTheEntrySays(t *testing.T) {
	s, err := Open(Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Import(context.Background(), bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{spaceAudit}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			key := it.Item().KeyCopy(nil)
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			e, err := decodeAudit(key, v)
			if err != nil {
				return err
			}
			l, err := decodeChainLink(key, v)
			if err != nil {
				return err
			}
			if l.seq != e.Seq || l.prev != e.Prev || l.hash != e.Hash {
				t.Errorf("entry %d: link %+v, entry says seq %d prev %s hash %s", e.Seq, l, e.Seq, e.Prev, e.Hash)
			}
			v[len(v)-1] ^= 0xff
			if _, err := decodeChainLink(key, v); err == nil {
				t.Errorf("entry %d: a damaged entry decoded", e.Seq)
			}
			n++
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("%d entries read: %v", n, err)
	}
}
