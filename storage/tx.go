package storage

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/text/unicode/norm"

	"claimgraph/prov"
)

// tx is one Badger transaction with the graph's read and write primitives.
type tx struct {
	changed map[prov.ID]*nodeChange // nodes this transaction wrote, for the audit log
	order   []*nodeChange
	s       *Store
	txn     *badger.Txn
	texts   map[prov.ID]*string // source texts read in this transaction
	cache   *nodeCache          // set in read transactions that may use it
	dirty   []cacheKey          // records and edge lists this transaction writes
	// checkedTexts, in an import's write pass, are the sources whose text the first
	// pass checked the spans of the file's attributions against; archived texts do
	// not change, so they are not read and hashed again.
	checkedTexts *idSet
}

func notFound(id prov.ID) error {
	if id.Type.Prefix() == "" {
		return prov.Errorf(prov.ENOTFOUND, "no node with id %s", id)
	}
	return prov.Errorf(prov.ENOTFOUND, "%s %s not found", id.Type, id)
}

// get returns the node with the given ID, ENOTFOUND when there is none, or an error
// wrapping ErrCorrupt that names the key when its record fails its checks.
func (t *tx) get(id prov.ID) (node, error) {
	if t.cache != nil {
		if n, ok := t.cache.get(id, t.txn.ReadTs()); ok {
			return n, nil
		}
	}
	key := nodeKey(id)
	item, err := t.item(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", id, err)
	}
	var n node
	err = item.Value(func(v []byte) error {
		var err error
		n, err = decodeNode(key, id, v)
		return err
	})
	if err == nil && t.cache != nil {
		t.cache.add(n, int(item.ValueSize()), t.txn.ReadTs())
	}
	return n, err
}

// getAs returns the node with the given ID as a T, ENOTFOUND when there is none or it
// is of another type.
func getAs[T node](t *tx, id prov.ID) (T, error) {
	var zero T
	n, err := t.get(id)
	if err != nil {
		return zero, err
	}
	v, ok := n.(T)
	if !ok {
		return zero, notFound(id)
	}
	return v, nil
}

func (t *tx) exists(id prov.ID) (bool, error) {
	_, err := t.item(nodeKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// edges returns the IDs of the nodes pointing at target through label, in ID order,
// starting after the ID after (zero for the start). fn returns false to stop.
func (t *tx) edges(target prov.ID, label edgeLabel, after prov.ID, fn func(ref prov.ID) (bool, error)) error {
	prefix := edgePrefix(target, label)
	it, err := t.iterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	if err != nil {
		return err
	}
	defer it.Close()
	start := prefix
	if !after.IsZero() {
		start = append(putID(bytes.Clone(prefix), after), 0)
	}
	for it.Seek(start); it.Valid(); it.Next() {
		more, err := fn(edgeRef(it.Item().Key()))
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// edgeIDs returns every node pointing at target through label. The list may be the
// node cache's: callers must not change it.
func (t *tx) edgeIDs(target prov.ID, label edgeLabel) ([]prov.ID, error) {
	if t.cache != nil {
		if ids, ok := t.cache.edges(target, label, t.txn.ReadTs()); ok {
			return ids, nil
		}
	}
	var ids []prov.ID
	err := t.edges(target, label, prov.ID{}, func(ref prov.ID) (bool, error) {
		ids = append(ids, ref)
		return true, nil
	})
	if err == nil && t.cache != nil {
		t.cache.addEdges(target, label, ids, t.txn.ReadTs())
	}
	return ids, err
}

// nodes walks the records of one type in ID order after the ID after.
func (t *tx) nodes(typ prov.NodeType, after prov.ID, fn func(n node) (bool, error)) error {
	prefix := nodePrefix(typ)
	it, err := t.iterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 32})
	if err != nil {
		return err
	}
	defer it.Close()
	start := prefix
	if !after.IsZero() {
		start = append(nodeKey(after), 0)
	}
	for it.Seek(start); it.Valid(); it.Next() {
		item := it.Item()
		key := item.KeyCopy(nil)
		var n node
		err := item.Value(func(v []byte) error {
			var err error
			n, err = decodeNode(key, readID(key[1:]), v)
			return err
		})
		if err != nil {
			return err
		}
		more, err := fn(n)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// lookupUnique returns the node holding a natural key, or the zero ID.
func (t *tx) lookupUnique(kind uniqueKind, key string) (prov.ID, error) {
	item, err := t.item(uniqueKey(kind, key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return prov.ID{}, nil
	}
	if err != nil {
		return prov.ID{}, err
	}
	k := item.KeyCopy(nil)
	v, err := item.ValueCopy(nil)
	if err != nil {
		return prov.ID{}, err
	}
	payload, err := unseal(k, v)
	if err != nil {
		return prov.ID{}, err
	}
	if len(payload) != idLen {
		return prov.ID{}, fmt.Errorf("%w: unique key %x holds %d bytes, want %d", ErrCorrupt, k, len(payload), idLen)
	}
	return readID(payload), nil
}

// sourceText returns a source's archived text, nil when none is archived or there is
// no such source. It returns an error wrapping ErrCorrupt, naming the key, when the
// text is missing or does not hash to the source's textSha256.
func (t *tx) sourceText(id prov.ID) (*string, error) {
	if s, ok := t.texts[id]; ok {
		return s, nil
	}
	src, err := getAs[*prov.Source](t, id)
	if prov.ErrorCode(err) == prov.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var text *string
	if src.HasText {
		key := textKey(id)
		item, err := t.item(key)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil, fmt.Errorf("%w: key %x: the archived text of %s is missing", ErrCorrupt, key, id)
		}
		if err != nil {
			return nil, err
		}
		sealed, err := item.ValueCopy(nil)
		if err != nil {
			return nil, err
		}
		v, err := unseal(key, sealed)
		if err != nil {
			return nil, err
		}
		if got := prov.TextHash(string(v)); got != src.TextSHA256 {
			return nil, fmt.Errorf("%w: key %x: the archived text of %s has SHA-256 %s, want %s", ErrCorrupt, key, id, got, src.TextSHA256)
		}
		s := string(v)
		text = &s
	}
	if t.texts == nil {
		t.texts = map[prov.ID]*string{}
	}
	t.texts[id] = text
	return text, nil
}

// item reads a key in the transaction; the store's fault hook may fail it (tests).
func (t *tx) item(key []byte) (*badger.Item, error) {
	if err := t.s.fault("get"); err != nil {
		return nil, err
	}
	return t.txn.Get(key)
}

// iterator opens an iterator in the transaction; the store's fault hook may fail it
// (tests).
func (t *tx) iterator(opts badger.IteratorOptions) (*badger.Iterator, error) {
	if err := t.s.fault("iterate"); err != nil {
		return nil, err
	}
	return t.txn.NewIterator(opts), nil
}

// set writes a key in the transaction; the store's fault hook may fail it (tests).
func (t *tx) set(key, value []byte) error {
	if err := t.s.fault("set"); err != nil {
		return err
	}
	t.touch(key)
	return t.txn.Set(key, value)
}

// del deletes a key in the transaction; the store's fault hook may fail it (tests).
func (t *tx) del(key []byte) error {
	if err := t.s.fault("delete"); err != nil {
		return err
	}
	t.touch(key)
	return t.txn.Delete(key)
}

// touch notes a node record or reverse edge the transaction writes, for the node
// cache.
func (t *tx) touch(key []byte) {
	switch {
	case len(key) == 1+idLen && key[0] == spaceNode:
		t.dirty = append(t.dirty, cacheKey{id: readID(key[1:])})
	case len(key) == 1+idLen+1+idLen && key[0] == spaceEdge:
		t.dirty = append(t.dirty, cacheKey{readID(key[1:]), edgeLabelOf(key)})
	}
}

// normalizeText returns text in Unicode NFC, the form spans and hashes count in.
func normalizeText(text string) string { return norm.NFC.String(text) }
