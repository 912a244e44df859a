package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// Hash is a SHA-256 digest: of an audit entry, or of a record as stored.
type Hash [sha256.Size]byte

// String returns the hash in hex, or "" for the zero hash.
func (h Hash) String() string {
	if h == (Hash{}) {
		return ""
	}
	return hex.EncodeToString(h[:])
}

// AuditEntry is one mutation in the tamper-evident audit log. Entries form a hash
// chain: each names the hash of the one before, and the store's head names the last.
type AuditEntry struct {
	Seq uint64
	At  time.Time
	// Who made the change: an API token's ID, or "local" for the command line.
	Who string
	// Operation is the mutation's name ("createClaim", "import").
	Operation string
	Changes   []Change
	Prev      Hash
	// Hash is the SHA-256 of the entry's encoding, which covers every field above.
	Hash Hash
}

// Change is one node a mutation created, changed or deleted, with the hash of its
// stored record before and after (zero when it did not exist).
type Change struct {
	ID     prov.ID
	Before Hash
	After  Hash
}

// Head is the end of the audit chain: the last entry's sequence number and hash.
type Head struct {
	Seq  uint64
	Hash Hash
}

type whoKey struct{}

// WithWho returns a context whose writes the audit log attributes to who (an API
// token's ID). Writes through a context without it are attributed to "local".
func WithWho(ctx context.Context, who string) context.Context {
	return context.WithValue(ctx, whoKey{}, who)
}

func whoOf(ctx context.Context) string {
	if who, _ := ctx.Value(whoKey{}).(string); who != "" {
		return who
	}
	return "local"
}

// nodeChange is a node's state before and after a transaction, as stored (sealed) bytes;
// nil when it did not exist.
type nodeChange struct {
	id            prov.ID
	before, after []byte
}

// track notes that the transaction replaced node id's stored record before (nil when
// new) with after (nil when deleted). The first before of a node is kept.
func (t *tx) track(id prov.ID, before, after []byte) {
	if t.changed == nil {
		t.changed = map[prov.ID]*nodeChange{}
	}
	if c, ok := t.changed[id]; ok {
		c.after = after
		return
	}
	c := &nodeChange{id: id, before: before, after: after}
	t.changed[id] = c
	t.order = append(t.order, c)
}

func recordHash(stored []byte) Hash {
	if stored == nil {
		return Hash{}
	}
	return sha256.Sum256(stored)
}

// appendAudit writes the audit entry for the transaction's changes after head, with a
// version key for each changed node, and the new head. It returns the new head.
func (t *tx) appendAudit(head Head, op, who string, at time.Time) (Head, error) {
	e := AuditEntry{Seq: head.Seq + 1, At: at.UTC(), Who: who, Operation: op, Prev: head.Hash}
	for _, c := range t.order {
		before, after := recordHash(c.before), recordHash(c.after)
		if before == after {
			continue // written back unchanged
		}
		e.Changes = append(e.Changes, Change{ID: c.id, Before: before, After: after})
		version := c.after
		if version == nil {
			version = seal(nil) // an empty payload marks the deletion
		}
		if err := t.set(versionKey(c.id, e.Seq), version); err != nil {
			return head, err
		}
	}
	if len(e.Changes) == 0 {
		return head, nil
	}
	payload := encodeAudit(&e)
	e.Hash = sha256.Sum256(payload)
	if err := t.set(auditKey(e.Seq), seal(payload)); err != nil {
		return head, err
	}
	next := Head{Seq: e.Seq, Hash: e.Hash}
	return next, t.set(keyAuditHead, seal(encodeHead(next)))
}

func encodeAudit(e *AuditEntry) []byte {
	var enc encoder
	enc.uint(1, e.Seq)
	enc.time(2, &e.At)
	enc.str(3, e.Who)
	enc.str(4, e.Operation)
	enc.bytes(5, e.Prev[:])
	for _, c := range e.Changes {
		var ce encoder
		ce.id(1, c.ID)
		if c.Before != (Hash{}) {
			ce.bytes(2, c.Before[:])
		}
		if c.After != (Hash{}) {
			ce.bytes(3, c.After[:])
		}
		enc.bytes(6, ce.b)
	}
	return enc.b
}

func decodeAudit(key, v []byte) (*AuditEntry, error) {
	payload, err := unseal(key, v)
	if err != nil {
		return nil, err
	}
	e := &AuditEntry{Hash: sha256.Sum256(payload)}
	d := decoder{b: payload}
	hash := func(dst *Hash) {
		if d.bytesField() && len(d.raw) != sha256.Size {
			d.fail("hash of wrong length")
		} else {
			copy(dst[:], d.raw)
		}
	}
	for d.next() {
		switch d.field {
		case 1:
			if d.varintField() {
				e.Seq = d.val
			}
		case 2:
			if t := d.time(); t != nil {
				e.At = *t
			}
		case 3:
			e.Who = d.str()
		case 4:
			e.Operation = d.str()
		case 5:
			hash(&e.Prev)
		case 6:
			if !d.bytesField() {
				break
			}
			cd := decoder{b: d.raw}
			var c Change
			for cd.next() {
				switch cd.field {
				case 1:
					c.ID = cd.id()
				case 2, 3:
					dst := &c.Before
					if cd.field == 3 {
						dst = &c.After
					}
					if !cd.bytesField() || len(cd.raw) != sha256.Size {
						cd.fail("hash of wrong length")
					} else {
						copy(dst[:], cd.raw)
					}
				}
			}
			if cd.err != nil {
				d.err = cd.err
			}
			e.Changes = append(e.Changes, c)
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("audit entry %x: %w", key, d.err)
	}
	return e, nil
}

func encodeHead(h Head) []byte {
	return append(binary.BigEndian.AppendUint64(nil, h.Seq), h.Hash[:]...)
}

func decodeHead(key, v []byte) (Head, error) {
	payload, err := unseal(key, v)
	if err != nil {
		return Head{}, err
	}
	if len(payload) != 8+sha256.Size {
		return Head{}, fmt.Errorf("%w: key %x: audit head of %d bytes, want %d", ErrCorrupt, key, len(payload), 8+sha256.Size)
	}
	var h Head
	h.Seq = binary.BigEndian.Uint64(payload)
	copy(h.Hash[:], payload[8:])
	return h, nil
}

// readHead returns the audit head stored in the database; the zero Head for an empty log.
func readHead(txn *badger.Txn) (Head, error) {
	item, err := txn.Get(keyAuditHead)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return Head{}, nil
	}
	if err != nil {
		return Head{}, err
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return Head{}, err
	}
	return decodeHead(keyAuditHead, v)
}

// ChainError describes where the audit chain breaks.
type ChainError struct {
	Key    []byte
	Reason string
}

func (e *ChainError) Error() string { return "audit log: " + describeKey(e.Key) + ": " + e.Reason }

// verifyChain walks the audit log in order and checks that sequence numbers run from 1
// without gaps, each entry names its predecessor's hash, and the last one is head. It
// returns the head the log itself ends at, and a *ChainError (or a corruption error)
// for the first entry that breaks the chain. fn, when not nil, sees each entry.
func verifyChain(txn *badger.Txn, head Head, fn func(*AuditEntry) error) (Head, error) {
	// Values are read in place, one at a time: an import's entry lists thousands of
	// changes, and copying (or prefetching) every entry of a large log held hundreds
	// of megabytes at open.
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{spaceAudit}})
	defer it.Close()
	var last Head
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		key := item.KeyCopy(nil)
		var link chainLink
		var e *AuditEntry // decoded whole only for fn (it copies what it keeps)
		err := item.Value(func(v []byte) error {
			if fn == nil {
				var err error
				link, err = decodeChainLink(key, v)
				return err
			}
			var err error
			if e, err = decodeAudit(key, v); err == nil {
				link = chainLink{seq: e.Seq, prev: e.Prev, hash: e.Hash}
			}
			return err
		})
		if err != nil {
			return last, err
		}
		if len(key) != 9 || binary.BigEndian.Uint64(key[1:]) != link.seq {
			return last, &ChainError{key, fmt.Sprintf("entry records sequence number %d under another key", link.seq)}
		}
		if link.seq != last.Seq+1 {
			return last, &ChainError{key, fmt.Sprintf("entry %d follows entry %d: entries are missing", link.seq, last.Seq)}
		}
		if link.prev != last.Hash {
			return last, &ChainError{key, fmt.Sprintf("entry %d names previous hash %s, but entry %d hashes to %s", link.seq, link.prev, last.Seq, last.Hash)}
		}
		if fn != nil {
			if err := fn(e); err != nil {
				return last, err
			}
		}
		last = Head{Seq: link.seq, Hash: link.hash}
	}
	if last != head {
		return last, &ChainError{keyAuditHead, fmt.Sprintf("the log ends at entry %d (%s) but the stored head is entry %d (%s)", last.Seq, last.Hash, head.Seq, head.Hash)}
	}
	return last, nil
}

// chainLink is what the chain's check reads of an entry: its sequence number, the
// hash it names as its predecessor's, and its own.
type chainLink struct {
	seq        uint64
	prev, hash Hash
}

// decodeChainLink reads an entry's link in the chain without decoding its changes
// (which its hash covers). It returns an error wrapping ErrCorrupt as decodeAudit
// does for a record that fails its checks.
func decodeChainLink(key, v []byte) (chainLink, error) {
	payload, err := unseal(key, v)
	if err != nil {
		return chainLink{}, err
	}
	l := chainLink{hash: sha256.Sum256(payload)}
	d := decoder{b: payload}
	for d.next() {
		switch d.field {
		case 1:
			if d.varintField() {
				l.seq = d.val
			}
		case 5:
			if d.bytesField() && len(d.raw) != sha256.Size {
				d.fail("hash of wrong length")
			} else {
				copy(l.prev[:], d.raw)
			}
		}
	}
	if d.err != nil {
		return chainLink{}, fmt.Errorf("audit entry %x: %w", key, d.err)
	}
	return l, nil
}

// AuditLog returns up to first audit entries after sequence number after, oldest
// first; with node set, only the entries that changed that node.
func (s *Store) AuditLog(ctx context.Context, node prov.ID, after uint64, first int) (entries []*AuditEntry, more bool, err error) {
	size, err := Page{First: first}.size(0)
	if err != nil {
		return nil, false, err
	}
	err = s.view(ctx, func(t *tx) error {
		entries, more = nil, false
		add := func(key, v []byte) (bool, error) {
			e, err := decodeAudit(key, v)
			if err != nil {
				return false, err
			}
			if len(entries) == size {
				more = true
				return false, nil
			}
			entries = append(entries, e)
			return true, nil
		}
		if node.IsZero() {
			it := t.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{spaceAudit}, PrefetchValues: true, PrefetchSize: size + 1})
			defer it.Close()
			for it.Seek(auditKey(after + 1)); it.Valid(); it.Next() {
				v, err := it.Item().ValueCopy(nil)
				if err != nil {
					return err
				}
				if ok, err := add(it.Item().KeyCopy(nil), v); err != nil || !ok {
					return err
				}
			}
			return nil
		}
		return t.versions(node, after, func(seq uint64, _ []byte) (bool, error) {
			item, err := t.item(auditKey(seq))
			if err != nil {
				return false, fmt.Errorf("audit entry %d of a version of %s: %w", seq, node, err)
			}
			v, err := item.ValueCopy(nil)
			if err != nil {
				return false, err
			}
			return add(auditKey(seq), v)
		})
	})
	return entries, more, err
}

// versions walks node id's stored versions after sequence number after, oldest first,
// passing each one's audit sequence number and sealed record (nil for a deletion).
func (t *tx) versions(id prov.ID, after uint64, fn func(seq uint64, record []byte) (bool, error)) error {
	prefix := versionPrefix(id)
	it, err := t.iterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.Seek(binary.BigEndian.AppendUint64(bytes.Clone(prefix), after+1)); it.Valid(); it.Next() {
		key := it.Item().KeyCopy(nil)
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			return err
		}
		payload, err := unseal(key, v)
		if err != nil {
			return err
		}
		var record []byte
		if len(payload) > 0 {
			record = v
		}
		if more, err := fn(binary.BigEndian.Uint64(key[len(key)-8:]), record); err != nil || !more {
			return err
		}
	}
	return nil
}

// Version is one stored state of a node and the audit entry that wrote it.
type Version struct {
	Entry *AuditEntry
	// Node is the node as that entry left it; nil when the entry deleted it.
	Node prov.Node
}

// Revision is one write of a node as an export lists it: the audit entry's sequence
// number, time, writer and operation, and whether the write deleted the node.
type Revision struct {
	Seq       uint64
	At        time.Time
	Who       string
	Operation string
	Deleted   bool
}

// Revisions calls fn with the writes of each of ids, oldest first, all read from one
// snapshot (the context's, if it carries one); a node that never existed is skipped.
// An export lists the revisions of thousands of nodes, most written by the same few
// audit entries (an import's entry names up to 4,096 nodes), so each entry is read,
// checked and decoded once, not once for every node it wrote. fn must not keep revs
// past its return: the slice is reused. It returns ErrCorrupt (wrapped) when a
// version or an entry fails its checksum, and fn's error as it is.
func (s *Store) Revisions(ctx context.Context, ids []prov.ID, fn func(id prov.ID, revs []Revision) error) error {
	return s.view(ctx, func(t *tx) error {
		entries := map[uint64]Revision{}
		var revs []Revision
		for _, id := range ids {
			if err := ctx.Err(); err != nil {
				return err
			}
			revs = revs[:0]
			err := t.versions(id, 0, func(seq uint64, record []byte) (bool, error) {
				rev, ok := entries[seq]
				if !ok {
					e, err := t.auditEntry(seq)
					if err != nil {
						return false, fmt.Errorf("audit entry %d of a version of %s: %w", seq, id, err)
					}
					rev = Revision{Seq: e.Seq, At: e.At, Who: e.Who, Operation: e.Operation}
					entries[seq] = rev
				}
				rev.Deleted = record == nil
				revs = append(revs, rev)
				return true, nil
			})
			if err != nil {
				return err
			}
			if len(revs) > 0 {
				if err := fn(id, revs); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// auditEntry reads and decodes audit entry seq.
func (t *tx) auditEntry(seq uint64) (*AuditEntry, error) {
	item, err := t.item(auditKey(seq))
	if err != nil {
		return nil, err
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return nil, err
	}
	return decodeAudit(auditKey(seq), v)
}

// History returns every version of a node, oldest first, with who wrote it and when.
// A deleted node still has its history. It returns ENOTFOUND when the node never
// existed.
func (s *Store) History(ctx context.Context, id prov.ID) ([]Version, error) {
	var out []Version
	err := s.view(ctx, func(t *tx) error {
		out = nil
		return t.versions(id, 0, func(seq uint64, record []byte) (bool, error) {
			e, err := t.auditEntry(seq)
			if err != nil {
				return false, fmt.Errorf("audit entry %d of a version of %s: %w", seq, id, err)
			}
			ver := Version{Entry: e}
			if record != nil {
				n, err := decodeNode(versionKey(id, seq), id, record)
				if err != nil {
					return false, err
				}
				ver.Node = n
			}
			out = append(out, ver)
			return true, nil
		})
	})
	if err == nil && len(out) == 0 {
		return nil, notFound(id)
	}
	return out, err
}
