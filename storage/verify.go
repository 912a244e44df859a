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

func (e *VerifyError) Error() string { return fmt.Sprintf("key %x: %s", e.Key, e.Problem) }

// Verify reads every key of the store from one snapshot and checks that it is sound:
// every record decodes, passes its checksum and its validation; every reference has
// its reverse edge and its target, and every reverse edge its reference; every natural
// key names the node that claims it; every archived text hashes to its source's
// textSha256; the audit chain is unbroken up to the stored head (and, on disk, the
// head file); every version the log wrote is stored under the hash the log records,
// and every node's current record is its last version. It returns a *VerifyError (or
// an error wrapping ErrCorrupt or a *ChainError) for the first problem found.
func (s *Store) Verify(ctx context.Context) (VerifyReport, error) {
	var rep VerifyReport
	err := s.db.View(func(txn *badger.Txn) error {
		t := &tx{s: s, txn: txn}
		head, err := readHead(txn)
		if err != nil {
			return err
		}
		rep.Head = head
		// lastVersion is each node's newest version hash, checked against its record.
		lastVersion := map[prov.ID]Hash{}
		changes := map[uint64]map[prov.ID]Hash{} // audit seq → node → after hash
		if _, err := verifyChain(txn, head, func(e *AuditEntry) error {
			rep.AuditEntries++
			m := make(map[prov.ID]Hash, len(e.Changes))
			for _, c := range e.Changes {
				m[c.ID] = c.After
			}
			changes[e.Seq] = m
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
			if err := t.verifyKey(key, v, &rep, changes, lastVersion); err != nil {
				var ve *VerifyError
				if errors.As(err, &ve) {
					return err
				}
				return &VerifyError{key, err.Error()}
			}
		}
		total := 0
		for _, m := range changes {
			total += len(m)
		}
		if total != rep.Versions {
			return &VerifyError{[]byte{spaceVersion}, fmt.Sprintf("the audit log records %d changes but %d versions are stored", total, rep.Versions)}
		}
		// Every node the log wrote last must exist exactly as its last version.
		for id, h := range lastVersion {
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

func (t *tx) verifyKey(key, v []byte, rep *VerifyReport, changes map[uint64]map[prov.ID]Hash, lastVersion map[prov.ID]Hash) error {
	switch key[0] {
	case spaceMeta:
		return nil // checked where they are read: schema version, leases, head
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
		if _, logged := lastVersion[id]; !logged {
			lastVersion[id] = missingVersion
		}
		for _, r := range refsOf(n) {
			if ok, err := t.exists(r.target); err != nil || !ok {
				return fmt.Errorf("%s: %s %s does not exist", labelFields[r.label], r.target.Type, r.target)
			}
			if _, err := t.txn.Get(edgeKey(r.target, r.label, id)); err != nil {
				return fmt.Errorf("%s → %s has no reverse edge", labelFields[r.label], r.target)
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
		want, ok := changes[seq][id]
		if !ok {
			return fmt.Errorf("version of %s at entry %d, which does not list it", id, seq)
		}
		if want != h {
			return fmt.Errorf("version of %s at entry %d hashes to %s, but the entry records %s", id, seq, h, want)
		}
		lastVersion[id] = h // version keys sort by node, then sequence: the last one wins
		rep.Versions++
	default:
		return fmt.Errorf("unknown keyspace 0x%02x", key[0])
	}
	return nil
}
