package storage

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// Exported for the tests of package storage_test.

// DiffStores compares two stores key by key, every keyspace (records, edges, unique
// keys, texts, audit entries, versions, ID leases, the schema version and the head),
// and describes the first difference; "" when they hold the same keys and values.
func DiffStores(a, b *Store) string {
	da, err := a.dump()
	if err != nil {
		return err.Error()
	}
	db, err := b.dump()
	if err != nil {
		return err.Error()
	}
	for i := 0; i < max(len(da), len(db)); i++ {
		switch {
		case i >= len(da):
			return fmt.Sprintf("only the second store has %s", describeKey(db[i][0]))
		case i >= len(db):
			return fmt.Sprintf("only the first store has %s", describeKey(da[i][0]))
		case !bytes.Equal(da[i][0], db[i][0]):
			return fmt.Sprintf("the first store has %s where the second has %s", describeKey(da[i][0]), describeKey(db[i][0]))
		case !bytes.Equal(da[i][1], db[i][1]):
			return fmt.Sprintf("%s differs: %x, want %x", describeKey(da[i][0]), db[i][1], da[i][1])
		}
	}
	return ""
}

// KeyCount returns how many keys the store holds.
func KeyCount(s *Store) int {
	d, _ := s.dump()
	return len(d)
}

func (s *Store) dump() ([][2][]byte, error) {
	var out [][2][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out = append(out, [2][]byte{it.Item().KeyCopy(nil), v})
		}
		return nil
	})
	return out, err
}

// Fingerprint returns a digest of every key and value of the store.
func Fingerprint(s *Store) string { return fingerprint(s, false) }

// FingerprintExceptLeases is Fingerprint without the ID leases, which a failed write may
// have extended: a lease ahead of the IDs in use only skips numbers.
func FingerprintExceptLeases(s *Store) string { return fingerprint(s, true) }

func fingerprint(s *Store, exceptLeases bool) string {
	d, err := s.dump()
	if err != nil {
		return err.Error()
	}
	h := sha256.New()
	n := 0
	for _, kv := range d {
		if exceptLeases && isLeaseKey(kv[0]) {
			continue
		}
		n++
		fmt.Fprintf(h, "%x=%x\n", kv[0], kv[1])
	}
	return fmt.Sprintf("%d keys, sha256 %x", n, h.Sum(nil))
}

// OpenAsBeforeTableCheck makes Open skip checkTables and let Badger verify tables
// itself (OnTableRead), as before checkTables: the table-damage sweep's "before".
func OpenAsBeforeTableCheck() {
	skipTableCheck = true
	tuneBadger = func(o badger.Options) badger.Options { return o.WithChecksumVerificationMode(options.OnTableRead) }
}
