package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// VerifyReport counts what Verify checked.
type VerifyReport struct {
	Records, Edges, Uniques, Texts, AuditEntries, Versions int
	Head                                                   Head
}

// missingVersion marks a record seen before any version of it: node keys sort before
// version keys, so a record still marked so at the end has none.
var missingVersion = Hash{0xff}

// VerifyError names the first key that fails verification and what is wrong with it.
type VerifyError struct {
	Key     []byte
	Problem string
}

func (e *VerifyError) Error() string { return describeKey(e.Key) + ": " + e.Problem }

// loggedChange is what an audit entry records of one node it changed.
type loggedChange struct {
	before, after Hash
}

// loggedEntry is what Verify keeps of an audit entry.
type loggedEntry struct {
	op      string
	changes map[prov.ID]loggedChange
}

// verifyState is what Verify gathers on its way through the keys, which it reads in
// key order: metadata (leases) first, then records, ..., audit entries, versions.
type verifyState struct {
	entries     map[uint64]*loggedEntry
	lastVersion map[prov.ID]Hash // each node's newest version hash, checked against its record
	// prev is the version walk's previous key: versions of one node sort together, in
	// audit order.
	prevID      prov.ID
	prevHash    Hash
	prevSeq     uint64
	leases      map[prov.NodeType]uint64
	highest     map[prov.NodeType]prov.ID // the highest ID with a record or a version
	highestSeen map[prov.NodeType][]byte  // the key it was seen under
}

func (st *verifyState) sawID(id prov.ID, key []byte) {
	if h, ok := st.highest[id.Type]; !ok || id.Seq > h.Seq {
		st.highest[id.Type] = id
		st.highestSeen[id.Type] = key
	}
}

// Verify reads every key of the store from one snapshot and checks that it is sound:
// every record decodes, passes its checksum and its validation; every reference has
// its reverse edge and its target, and every reverse edge its reference; every natural
// key names the node that claims it; every archived text hashes to its source's
// textSha256; the audit chain is unbroken up to the stored head (and, on disk, the
// head file); every version the log wrote is stored under the hash the log records,
// each entry's hash of a node before it equals the node's version before it, no node
// deleted is created again except by an import (which names its IDs: anything else
// reusing an ID gives the new node the old one's history), and every node's current
// record is its last version; the schema version and the ID leases decode, and each
// type's lease is at least the highest ID with a record or a version. It returns a
// *VerifyError (or an error wrapping ErrCorrupt or a *ChainError) for the first problem
// found.
func (s *Store) Verify(ctx context.Context) (VerifyReport, error) {
	var rep VerifyReport
	err := s.db.View(func(txn *badger.Txn) error {
		t := &tx{s: s, txn: txn}
		head, err := readHead(txn)
		if err != nil {
			return err
		}
		rep.Head = head
		st := &verifyState{
			entries:     map[uint64]*loggedEntry{},
			lastVersion: map[prov.ID]Hash{},
			leases:      map[prov.NodeType]uint64{},
			highest:     map[prov.NodeType]prov.ID{},
			highestSeen: map[prov.NodeType][]byte{},
		}
		if _, err := verifyChain(txn, head, func(e *AuditEntry) error {
			rep.AuditEntries++
			le := &loggedEntry{op: e.Operation, changes: make(map[prov.ID]loggedChange, len(e.Changes))}
			for _, c := range e.Changes {
				le.changes[c.ID] = loggedChange{c.Before, c.After}
			}
			st.entries[e.Seq] = le
			return ctx.Err()
		}); err != nil {
			return err
		}
		if s.dir != "" {
			file, ok, err := readHeadFile(s.dir)
			if err != nil {
				return &VerifyError{[]byte(HeadFileName), err.Error()}
			}
			if !ok && head.Seq > 0 {
				return &VerifyError{[]byte(HeadFileName), fmt.Sprintf("missing, but the log holds %d entries", head.Seq)}
			}
			if ok && file != head {
				return &VerifyError{[]byte(HeadFileName), fmt.Sprintf("records entry %d (%s) but the log ends at entry %d (%s)", file.Seq, file.Hash, head.Seq, head.Hash)}
			}
		}
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 64})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			item := it.Item()
			key := item.KeyCopy(nil)
			v, err := item.ValueCopy(nil)
			if err != nil {
				return &VerifyError{key, fmt.Sprintf("unreadable value: %v", err)}
			}
			if err := t.verifyKey(key, v, &rep, st); err != nil {
				var ve *VerifyError
				if errors.As(err, &ve) {
					return err
				}
				return &VerifyError{key, err.Error()}
			}
		}
		total := 0
		for _, e := range st.entries {
			total += len(e.changes)
		}
		if total != rep.Versions {
			return &VerifyError{[]byte{spaceVersion}, fmt.Sprintf("the audit log records %d changes but %d versions are stored", total, rep.Versions)}
		}
		// The allocator must never hand out an ID that has a record or a version.
		for _, typ := range storedTypes {
			h, ok := st.highest[typ]
			if !ok {
				continue
			}
			lease, leased := st.leases[typ]
			switch {
			case !leased:
				return &VerifyError{leaseKey(typ), fmt.Sprintf("missing, but %s exists (%s): the allocator could hand out IDs in use", h, describeKey(st.highestSeen[typ]))}
			case lease < h.Seq:
				return &VerifyError{leaseKey(typ), fmt.Sprintf("leases IDs up to %d, but %s exists (%s): the allocator could hand out IDs in use", lease, h, describeKey(st.highestSeen[typ]))}
			}
		}
		// Every node the log wrote last must exist exactly as its last version.
		for id, h := range st.lastVersion {
			if h == missingVersion {
				return &VerifyError{nodeKey(id), fmt.Sprintf("%s has no version in the audit log: it was written outside the log", id)}
			}
			item, err := txn.Get(nodeKey(id))
			switch {
			case errors.Is(err, badger.ErrKeyNotFound):
				if h != (Hash{}) {
					return &VerifyError{nodeKey(id), fmt.Sprintf("%s is missing but its last version in the audit log is %s", id, h)}
				}
			case err != nil:
				return err
			default:
				v, err := item.ValueCopy(nil)
				if err != nil {
					return err
				}
				if recordHash(v) != h {
					return &VerifyError{nodeKey(id), fmt.Sprintf("%s hashes to %s but its last version in the audit log is %s: the record was changed outside the log", id, recordHash(v), h)}
				}
			}
		}
		return nil
	})
	return rep, err
}

func (t *tx) verifyKey(key, v []byte, rep *VerifyReport, st *verifyState) error {
	lastVersion := st.lastVersion
	switch key[0] {
	case spaceMeta:
		if err := checkStored(key, v); err != nil {
			return err
		}
		if isLeaseKey(key) {
			lease, _ := decodeLease(key, v)
			st.leases[leaseType(key)] = lease
		}
	case spaceNode:
		if len(key) != 1+idLen {
			return errors.New("node key of the wrong length")
		}
		id := readID(key[1:])
		n, err := decodeNode(key, id, v)
		if err != nil {
			return err
		}
		if err := validate(n); err != nil {
			return fmt.Errorf("%s does not validate: %s", id, prov.ErrorMessage(err))
		}
		rep.Records++
		st.sawID(id, key)
		if _, logged := lastVersion[id]; !logged {
			lastVersion[id] = missingVersion
		}
		for _, r := range refsOf(n) {
			ok, err := t.exists(r.target)
			if err != nil {
				return fmt.Errorf("%s: read %s: %w", labelFields[r.label], r.target, err)
			}
			if !ok {
				return fmt.Errorf("%s: %s %s does not exist", labelFields[r.label], r.target.Type, r.target)
			}
			_, err = t.item(edgeKey(r.target, r.label, id))
			if errors.Is(err, badger.ErrKeyNotFound) {
				return fmt.Errorf("%s → %s has no reverse edge", labelFields[r.label], r.target)
			}
			if err != nil {
				return fmt.Errorf("%s → %s: read its reverse edge: %w", labelFields[r.label], r.target, err)
			}
		}
		for _, u := range uniquesOf(n) {
			holder, err := t.lookupUnique(u.kind, u.key)
			if err != nil {
				return err
			}
			if holder != id {
				return fmt.Errorf("%s %q: the unique index names %s, not %s", u.field, u.value, holder, id)
			}
		}
		if src, ok := n.(*prov.Source); ok && src.HasText {
			if _, err := t.sourceText(id); err != nil {
				return err
			}
		}
	case spaceText:
		payload, err := unseal(key, v)
		if err != nil {
			return err
		}
		id := prov.NewID(prov.TypeSource, binary.BigEndian.Uint64(key[1:]))
		src, err := getAs[*prov.Source](t, id)
		if err != nil && prov.ErrorCode(err) != prov.ENOTFOUND {
			return fmt.Errorf("archived text of %s: read the source: %w", id, err)
		}
		if err != nil || !src.HasText {
			return fmt.Errorf("archived text of %s, which is not a source with text", id)
		}
		if got := prov.TextHash(string(payload)); got != src.TextSHA256 {
			return fmt.Errorf("the archived text of %s has SHA-256 %s, want %s", id, got, src.TextSHA256)
		}
		rep.Texts++
	case spaceEdge:
		if len(key) != 1+idLen+1+idLen {
			return errors.New("edge key of the wrong length")
		}
		target, label, refID := readID(key[1:]), edgeLabelOf(key), edgeRef(key)
		n, err := t.get(refID)
		if err != nil {
			return fmt.Errorf("reverse edge from %s, which cannot be read: %v", refID, err)
		}
		if !slices.Contains(refsOf(n), ref{label, target}) {
			return fmt.Errorf("reverse edge %s → %s (%s) that the record does not hold", refID, target, labelFields[label])
		}
		rep.Edges++
	case spaceUnique:
		payload, err := unseal(key, v)
		if err != nil {
			return err
		}
		if len(payload) != idLen {
			return errors.New("unique key holding no ID")
		}
		id := readID(payload)
		n, err := t.get(id)
		if err != nil {
			return fmt.Errorf("unique key names %s, which cannot be read: %v", id, err)
		}
		found := false
		for _, u := range uniquesOf(n) {
			found = found || bytes.Equal(uniqueKey(u.kind, u.key), key)
		}
		if !found {
			return fmt.Errorf("unique key names %s, which does not claim it", id)
		}
		rep.Uniques++
	case spaceGuard:
		return nil
	case spaceAudit:
		return nil // verified as a chain
	case spaceVersion:
		if len(key) != 1+idLen+8 {
			return errors.New("version key of the wrong length")
		}
		id, seq := readID(key[1:]), binary.BigEndian.Uint64(key[1+idLen:])
		payload, err := unseal(key, v)
		if err != nil {
			return err
		}
		h := recordHash(v)
		if len(payload) == 0 {
			h = Hash{}
		} else if _, err := decodeNode(key, id, v); err != nil {
			return err
		}
		e := st.entries[seq]
		var want loggedChange
		ok := e != nil
		if ok {
			want, ok = e.changes[id]
		}
		if !ok {
			return fmt.Errorf("version of %s at entry %d, which does not list it", id, seq)
		}
		if want.after != h {
			return fmt.Errorf("version of %s at entry %d hashes to %s, but the entry records %s", id, seq, h, want.after)
		}
		// Version keys sort by node, then sequence: the previous key is this node's
		// version before, if it has one.
		var before Hash
		first := st.prevID != id
		if !first {
			before = st.prevHash
		}
		if want.before != before {
			if first {
				return fmt.Errorf("entry %d (%s) records %s as changed from %s, but it has no earlier version", seq, e.op, id, want.before)
			}
			return fmt.Errorf("entry %d (%s) records %s as changed from %s, but its version before (entry %d) is %s", seq, e.op, id, want.before, st.prevSeq, before)
		}
		if !first && before == (Hash{}) && e.op != "import" {
			return fmt.Errorf("entry %d (%s) creates %s, which entry %d deleted: its ID was handed out again, so its history mixes two nodes", seq, e.op, id, st.prevSeq)
		}
		st.prevID, st.prevHash, st.prevSeq = id, h, seq
		st.sawID(id, key)
		lastVersion[id] = h // the last one wins
		rep.Versions++
	default:
		return fmt.Errorf("unknown keyspace 0x%02x", key[0])
	}
	return nil
}
