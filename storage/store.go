package storage

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// Store is the claimgraph graph in a Badger database. It is safe for concurrent use.
type Store struct {
	db    *badger.DB
	ids   *allocator
	log   *slog.Logger
	Clock func() time.Time
}

// Options configure Open.
type Options struct {
	// Dir is the data directory; empty with InMemory set.
	Dir      string
	InMemory bool
	// Logger receives Badger's warnings and errors; nil discards them.
	Logger *slog.Logger
}

// maxRetries bounds how often a mutation is retried after a transaction conflict.
const maxRetries = 50

// Open opens (creating if absent) the store in opts.Dir, or an in-memory store. It
// returns an error when the directory cannot be opened or locked, or when the store
// was written with a schema version this build does not read.
func Open(opts Options) (*Store, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	bo := badger.DefaultOptions(opts.Dir).
		WithLogger(badgerLogger{log}).
		WithSyncWrites(true).
		WithNumVersionsToKeep(1)
	if opts.InMemory {
		bo = bo.WithInMemory(true).WithDir("").WithValueDir("")
	}
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("open badger store in %q: %w", opts.Dir, err)
	}
	if opts.InMemory {
		// In memory every value must stay in the LSM tree: Badger raises
		// Options.ValueThreshold to MaxInt32 for that, but only after it initialised
		// its value-log threshold from the old value, so a value of 1 MiB or more is
		// routed to the value log an in-memory store does not have, and Badger panics
		// (dgraph-io/badger#1234, fixed by #1235 and broken again since). DropAll on
		// the empty store resets that threshold from the corrected options.
		if err := db.DropAll(); err != nil {
			db.Close()
			return nil, fmt.Errorf("prepare in-memory badger store: %w", err)
		}
	}
	s := &Store{db: db, log: log, Clock: time.Now}
	if err := s.checkSchema(); err != nil {
		db.Close()
		return nil, err
	}
	if s.ids, err = newAllocator(db); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the store; it returns Badger's error from flushing and closing.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) checkSchema() error {
	return s.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchemaVersion)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return txn.Set(keySchemaVersion, binary.BigEndian.AppendUint32(nil, schemaVersion))
		}
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if len(v) != 4 {
			return fmt.Errorf("%w: schema version key holds %d bytes, want 4", ErrCorrupt, len(v))
		}
		if got := binary.BigEndian.Uint32(v); got != schemaVersion {
			return fmt.Errorf("store has schema version %d; this build reads version %d", got, schemaVersion)
		}
		return nil
	})
}

// Empty reports whether the store holds no nodes.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	empty := true
	err := s.view(ctx, func(t *tx) error {
		it := t.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{spaceNode}})
		defer it.Close()
		it.Rewind()
		empty = !it.Valid()
		return nil
	})
	return empty, err
}

// snapshot is one read transaction shared by every read of a request.
type snapshot struct {
	db     *badger.DB
	mu     sync.RWMutex
	txn    *badger.Txn
	closed bool // released: reads use transactions of their own
}

type snapshotKey struct{}

// WithSnapshot returns a context whose reads all see one consistent snapshot of the
// store, and a function that releases it. The snapshot is taken at the first read. A
// write made through the context moves the snapshot past the write, so a mutation's
// result reflects it. Reads through the context after the release each see the store
// as it is then.
func (s *Store) WithSnapshot(ctx context.Context) (context.Context, func()) {
	snap := &snapshot{db: s.db}
	return context.WithValue(ctx, snapshotKey{}, snap), func() {
		snap.mu.Lock()
		defer snap.mu.Unlock()
		snap.closed = true
		if snap.txn != nil {
			snap.txn.Discard()
			snap.txn = nil
		}
	}
}

func (snap *snapshot) refresh() {
	snap.mu.Lock()
	defer snap.mu.Unlock()
	if snap.txn != nil {
		snap.txn.Discard()
		snap.txn = nil
	}
}

// view runs fn in the context's snapshot, or in a read transaction of its own.
func (s *Store) view(ctx context.Context, fn func(t *tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	own := func() error {
		return wrapErr(s.db.View(func(txn *badger.Txn) error { return fn(&tx{s: s, txn: txn}) }))
	}
	snap, _ := ctx.Value(snapshotKey{}).(*snapshot)
	if snap == nil || snap.db != s.db {
		return own()
	}
	snap.mu.RLock()
	// The snapshot may be refreshed or released between the two locks, so check again
	// under the read lock before using it.
	for snap.txn == nil && !snap.closed {
		snap.mu.RUnlock()
		snap.mu.Lock()
		if snap.txn == nil && !snap.closed {
			snap.txn = s.db.NewTransaction(false)
		}
		snap.mu.Unlock()
		snap.mu.RLock()
	}
	if snap.closed {
		snap.mu.RUnlock()
		return own()
	}
	defer snap.mu.RUnlock()
	return wrapErr(fn(&tx{s: s, txn: snap.txn}))
}

// update runs fn in a read-write transaction and commits it, retrying from the start
// when the commit conflicts with a concurrent one. It returns fn's error, or
// ECONFLICT when the conflicts do not stop.
func (s *Store) update(ctx context.Context, fn func(t *tx) error) error {
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		txn := s.db.NewTransaction(true)
		t := &tx{s: s, txn: txn}
		err := fn(t)
		if err == nil {
			err = txn.Commit()
		}
		txn.Discard()
		if errors.Is(err, badger.ErrConflict) {
			if attempt < maxRetries {
				time.Sleep(time.Duration(rand.IntN(1<<min(attempt, 10))) * 50 * time.Microsecond)
				continue
			}
			return prov.Errorf(prov.ECONFLICT, "the write kept conflicting with concurrent writes; try again")
		}
		if err != nil {
			return wrapErr(err)
		}
		if snap, _ := ctx.Value(snapshotKey{}).(*snapshot); snap != nil {
			snap.refresh()
		}
		return nil
	}
}

func wrapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, badger.ErrTxnTooBig):
		return prov.Errorf(prov.EINVALID, "the write is too large for one transaction; split it")
	}
	return err
}

// badgerLogger sends Badger's log lines to slog; info and debug lines are dropped.
type badgerLogger struct{ log *slog.Logger }

func (l badgerLogger) Errorf(f string, a ...any)   { l.log.Error("badger: " + fmt.Sprintf(f, a...)) }
func (l badgerLogger) Warningf(f string, a ...any) { l.log.Warn("badger: " + fmt.Sprintf(f, a...)) }
func (l badgerLogger) Infof(string, ...any)        {}
func (l badgerLogger) Debugf(string, ...any)       {}
