package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// storedTypes are the types of every record the store keeps: the graph's nodes, the
// API tokens and the dismissed suggestions.
var storedTypes = append(append([]prov.NodeType(nil), prov.NodeTypes...), prov.TypeToken, prov.TypeDismissal)

// leaseBlock is how many sequence numbers one durable lease reserves.
const leaseBlock = 1024

// allocator hands out sequence numbers per node type. A number is never handed out
// twice, even after the node that had it is deleted and the store reopened: before it
// hands out a number past its durable lease it extends the lease in a synced write.
type allocator struct {
	db    *badger.DB
	mu    sync.Mutex
	next  map[prov.NodeType]uint64
	lease map[prov.NodeType]uint64
}

func newAllocator(db *badger.DB) (*allocator, error) {
	a := &allocator{db: db, next: map[prov.NodeType]uint64{}, lease: map[prov.NodeType]uint64{}}
	err := db.View(func(txn *badger.Txn) error {
		for _, t := range storedTypes {
			var last uint64
			item, err := txn.Get(leaseKey(t))
			switch {
			case err == nil:
				v, err := item.ValueCopy(nil)
				if err != nil {
					return err
				}
				if len(v) != 8 {
					// Guessing a lease could hand out IDs in use.
					return fmt.Errorf("%w: key %x: ID lease of %d bytes, want 8", ErrCorrupt, leaseKey(t), len(v))
				}
				last = binary.BigEndian.Uint64(v)
			case !errors.Is(err, badger.ErrKeyNotFound):
				return err
			}
			it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: nodePrefix(t)})
			it.Seek(append(nodePrefix(t), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
			if it.Valid() {
				last = max(last, readID(it.Item().Key()[1:]).Seq)
			}
			it.Close()
			a.next[t] = last + 1
			a.lease[t] = last
		}
		return nil
	})
	return a, err
}

// newID returns an unused ID of type t.
func (a *allocator) newID(t prov.NodeType) (prov.ID, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := a.next[t]
	if n > a.lease[t] {
		if err := a.extend(t, n+leaseBlock); err != nil {
			return prov.ID{}, err
		}
	}
	a.next[t] = n + 1
	return prov.NewID(t, n), nil
}

// observe records that id is in use (an imported ID), so it is never handed out.
func (a *allocator) observe(id prov.ID) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if id.Seq >= a.next[id.Type] {
		a.next[id.Type] = id.Seq + 1
	}
	if id.Seq > a.lease[id.Type] {
		return a.extend(id.Type, id.Seq+leaseBlock)
	}
	return nil
}

func (a *allocator) extend(t prov.NodeType, lease uint64) error {
	err := a.db.Update(func(txn *badger.Txn) error {
		return txn.Set(leaseKey(t), binary.BigEndian.AppendUint64(nil, lease))
	})
	if err == nil {
		a.lease[t] = lease
	}
	return err
}
