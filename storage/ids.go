package storage

import (
	"bytes"
	"errors"
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
// hands out a number past its durable lease it extends the lease in a synced write, and
// at open it starts past the lease and past every ID that has a record or a version (so
// a lease that was lost, or a restore that never saw it, cannot bring back the ID of a
// deleted node).
type allocator struct {
	db    *badger.DB
	fault func(op string) error
	mu    sync.Mutex
	next  map[prov.NodeType]uint64
	lease map[prov.NodeType]uint64
}

// newAllocator reads the leases and the highest IDs in use. It returns an error
// wrapping ErrCorrupt when a lease is damaged.
func newAllocator(db *badger.DB, fault func(op string) error) (*allocator, error) {
	a := &allocator{db: db, fault: fault, next: map[prov.NodeType]uint64{}, lease: map[prov.NodeType]uint64{}}
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
				if last, err = decodeLease(leaseKey(t), v); err != nil {
					return err
				}
			case !errors.Is(err, badger.ErrKeyNotFound):
				return err
			}
			last = max(last, highestSeq(txn, []byte{spaceNode, byte(t)}), highestSeq(txn, []byte{spaceVersion, byte(t)}))
			a.next[t] = last + 1
			a.lease[t] = last
		}
		return nil
	})
	return a, err
}

// highestSeq returns the sequence number of the last key under prefix, a keyspace byte
// and a node type followed by the sequence number (node records, versions); 0 when
// there is none.
func highestSeq(txn *badger.Txn, prefix []byte) uint64 {
	it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: prefix})
	defer it.Close()
	it.Seek(append(bytes.Clone(prefix), bytes.Repeat([]byte{0xff}, 2*8+1)...))
	if !it.Valid() || len(it.Item().Key()) < 1+idLen {
		return 0
	}
	return readID(it.Item().Key()[1:]).Seq
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

// observe records that id is in use (an imported or restored ID), so it is never
// handed out.
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

// raise makes the lease of type t at least lease, and hands out only numbers past it:
// a restored store takes over the lease of the store it was backed up from, whose
// numbers up to that lease may have been handed out.
func (a *allocator) raise(t prov.NodeType, lease uint64) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if lease <= a.lease[t] {
		return nil
	}
	if err := a.extend(t, lease); err != nil {
		return err
	}
	a.next[t] = max(a.next[t], lease+1)
	return nil
}

func (a *allocator) extend(t prov.NodeType, lease uint64) error {
	if a.fault != nil {
		if err := a.fault("lease"); err != nil {
			return err
		}
	}
	err := a.db.Update(func(txn *badger.Txn) error {
		return txn.Set(leaseKey(t), encodeLease(lease))
	})
	if err == nil {
		a.lease[t] = lease
	}
	return err
}
