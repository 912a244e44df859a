package storage

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// The schema version and the ID leases are sealed like every other value since schema
// version 2; version 1 stored them as bare big-endian integers, which a damaged byte
// turned into another valid number (a lease that low hands out IDs in use).

func encodeSchemaVersion(v uint32) []byte { return seal(binary.BigEndian.AppendUint32(nil, v)) }

// decodeSchemaVersion returns the schema version a sealed value records, or an error
// wrapping ErrCorrupt.
func decodeSchemaVersion(v []byte) (uint32, error) {
	payload, err := unseal(keySchemaVersion, v)
	if err != nil {
		return 0, err
	}
	if len(payload) != 4 {
		return 0, fmt.Errorf("%w: %s: schema version of %d bytes, want 4", ErrCorrupt, describeKey(keySchemaVersion), len(payload))
	}
	return binary.BigEndian.Uint32(payload), nil
}

func encodeLease(lease uint64) []byte { return seal(binary.BigEndian.AppendUint64(nil, lease)) }

// decodeLease returns the sequence number an ID lease records, or an error wrapping
// ErrCorrupt: guessing a lease could hand out IDs in use.
func decodeLease(key, v []byte) (uint64, error) {
	payload, err := unseal(key, v)
	if err != nil {
		return 0, err
	}
	if len(payload) != 8 {
		return 0, fmt.Errorf("%w: %s: ID lease of %d bytes, want 8", ErrCorrupt, describeKey(key), len(payload))
	}
	return binary.BigEndian.Uint64(payload), nil
}

// isLeaseKey reports whether key is the ID lease of a stored type.
func isLeaseKey(key []byte) bool {
	return len(key) == 3 && key[0] == spaceMeta && key[1] == 's'
}

// checkSchema writes the schema version into a new store, upgrades a version-1 store
// (sealing its schema version and ID leases, in one transaction), and returns an error
// for a store of another version or whose version key is damaged.
func (s *Store) checkSchema() error {
	return s.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchemaVersion)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return txn.Set(keySchemaVersion, encodeSchemaVersion(schemaVersion))
		}
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if len(v) == 4 { // version 1 stored it bare
			if got := binary.BigEndian.Uint32(v); got != 1 {
				return fmt.Errorf("%w: %s: a bare schema version %d, but only version 1 was stored bare", ErrCorrupt, describeKey(keySchemaVersion), got)
			}
			return upgradeFrom1(txn)
		}
		got, err := decodeSchemaVersion(v)
		if err != nil {
			return err
		}
		if got != schemaVersion {
			return fmt.Errorf("store has schema version %d; this build reads version %d", got, schemaVersion)
		}
		return nil
	})
}

// upgradeFrom1 seals the bare ID leases of a version-1 store and records version 2.
func upgradeFrom1(txn *badger.Txn) error {
	for _, t := range storedTypes {
		item, err := txn.Get(leaseKey(t))
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if len(v) != 8 {
			return fmt.Errorf("%w: %s: a version-1 ID lease of %d bytes, want 8", ErrCorrupt, describeKey(leaseKey(t)), len(v))
		}
		if err := txn.Set(leaseKey(t), encodeLease(binary.BigEndian.Uint64(v))); err != nil {
			return err
		}
	}
	return txn.Set(keySchemaVersion, encodeSchemaVersion(schemaVersion))
}

// leaseType returns the node type of an ID lease key.
func leaseType(key []byte) prov.NodeType { return prov.NodeType(key[2]) }
