package storage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"claimgraph/prov"
)

// Store is the claimgraph graph in a Badger database. It is safe for concurrent use.
type Store struct {
	db    *badger.DB
	ids   *allocator
	log   *slog.Logger
	dir   string // "" in memory
	Clock func() time.Time

	// writeMu serialises writers, which keeps the audit chain linear: every commit
	// appends to the head the previous commit left.
	writeMu  sync.Mutex
	head     Head
	writeErr error // when set, writes are refused with this reason
	// degraded is the reason the store failed its integrity checks at open (or after a
	// full restore), nil when it passed them; see Degraded.
	degraded atomic.Pointer[error]
	minFree  uint64
	faults   func(op string) error

	gcStop chan struct{}
	gcDone chan struct{}
	gc     gcState

	cache *nodeCache // nil when off

	// verified is closed when the integrity checks of Open are done; with
	// Options.VerifyInBackground they run after Open returns (see verifyInBackground).
	verified   chan struct{}
	stopVerify chan struct{}
	// pubHead is head for readers that must not wait for writers (Head).
	pubHead atomic.Pointer[Head]
}

// Options configure Open.
type Options struct {
	// Dir is the data directory; empty with InMemory set.
	Dir      string
	InMemory bool
	// Logger receives Badger's warnings and errors; nil discards them.
	Logger *slog.Logger
	// MinFreeBytes is the free space the file system under Dir must keep: writes are
	// refused below it, before Badger runs out of space (which kills the process).
	// Zero means DefaultMinFreeBytes; negative turns the guard off.
	MinFreeBytes int64
	// GCInterval is how often value-log garbage collection runs; zero means every 10
	// minutes, negative never (it still runs on Close).
	GCInterval time.Duration
	// FaultHook, for tests, is called before every storage call a read or write makes
	// ("get", "iterate", "set", "delete", "commit", and "lease" for the ID allocator's
	// own write); an error it returns fails that call.
	FaultHook func(op string) error
	// BlockCacheBytes is the memory Badger keeps decompressed table blocks in; zero
	// means DefaultBlockCacheBytes. It must be at least MinBlockCacheBytes: the tables
	// are compressed, and Badger needs a cache for them.
	BlockCacheBytes int64
	// NodeCacheBytes is the memory decoded node records are kept in for reads (see
	// nodeCache); zero means DefaultNodeCacheBytes, negative turns the cache off.
	NodeCacheBytes int64
	// VerifyInBackground makes Open return before the store's integrity is fully
	// checked: what Badger reads to open its tables is checked first, as always, but
	// every block of every table and the whole audit chain are checked after Open
	// returns, while the store serves reads. Writes wait until the chain is verified.
	// Damage found then makes the store read-only and degraded as it would at open;
	// reads meanwhile are safe as ever (every record and block read is verified).
	// Without it Open returns only after every check.
	VerifyInBackground bool
}

// DefaultNodeCacheBytes is the node cache when Options.NodeCacheBytes is zero.
const DefaultNodeCacheBytes = 64 << 20

// DefaultMinFreeBytes is the free-space floor when Options.MinFreeBytes is zero.
const DefaultMinFreeBytes = 256 << 20

// DefaultBlockCacheBytes is Badger's block cache when Options.BlockCacheBytes is zero:
// a quarter of Badger's own default. Reads spread over a large store rarely hit the
// cache whatever its size (3% of reads with 256 MiB on the 1M-claim benchmark store,
// docs/PERFORMANCE.md), and every cached block is resident memory.
const (
	DefaultBlockCacheBytes = 64 << 20
	MinBlockCacheBytes     = 1 << 20
)

// maxRetries bounds how often a mutation is retried after a transaction conflict.
const maxRetries = 50

// tuneBadger, set only by benchmarks, changes Badger's options before Open uses them:
// it measures what SyncWrites and OnTableRead cost.
var tuneBadger func(badger.Options) badger.Options

// skipTableCheck, set only by the table-damage sweep, opens without checkTables, to
// show what Badger does with a damaged table on its own.
var skipTableCheck bool

// Open opens (creating if absent) the store in opts.Dir, or an in-memory store. It
// returns an error when the directory cannot be opened or locked, when the store was
// written with a schema version this build does not read, or EINVALID for a block
// cache below MinBlockCacheBytes.
func Open(opts Options) (*Store, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cache := opts.BlockCacheBytes
	switch {
	case cache == 0:
		cache = DefaultBlockCacheBytes
	case cache < MinBlockCacheBytes:
		return nil, prov.Errorf(prov.EINVALID, "block cache: %d bytes is less than the minimum %d", cache, MinBlockCacheBytes)
	}
	bo := badger.DefaultOptions(opts.Dir).
		WithBlockCacheSize(cache).
		WithLogger(badgerLogger{log}).
		WithSyncWrites(true).
		WithNumVersionsToKeep(1).
		// Badger checks table checksums only when asked. Every table is verified at
		// open by checkTables (Badger's OnTableRead does the same check again, in
		// goroutines where some damage panics, and fills the block cache on the way;
		// BenchmarkOpenStore measures the modes); each block is verified again when it
		// is read, so damage that appears later is an error, not wrong data.
		WithChecksumVerificationMode(options.OnBlockRead).
		// Value-log GC never rewrites the file being written (see collectGarbage);
		// Badger's 1 GiB files kept a store's deleted texts for good.
		WithValueLogFileSize(valueLogFileSize)
	if tuneBadger != nil {
		bo = tuneBadger(bo)
	}
	var tables []tableFile
	if opts.InMemory {
		bo = bo.WithInMemory(true).WithDir("").WithValueDir("")
	} else if tables = listTables(opts.Dir); !skipTableCheck {
		if err := checkTables(opts.Dir, tables, !opts.VerifyInBackground, nil); err != nil {
			return nil, err
		}
	}
	db, err := badger.Open(bo)
	if err != nil {
		return nil, describeBadgerOpenError(opts.Dir, err)
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
	s := &Store{db: db, log: log, Clock: time.Now, faults: opts.FaultHook, verified: make(chan struct{})}
	if !opts.InMemory {
		s.dir = opts.Dir
		switch {
		case opts.MinFreeBytes == 0:
			s.minFree = DefaultMinFreeBytes
		case opts.MinFreeBytes > 0:
			s.minFree = uint64(opts.MinFreeBytes)
		}
	}
	if err := s.checkSchema(); err != nil {
		db.Close()
		return nil, err
	}
	if s.ids, err = newAllocator(db, opts.FaultHook); err != nil {
		db.Close()
		return nil, err
	}
	if opts.VerifyInBackground {
		if err := s.verifyInBackground(tables); err != nil {
			db.Close()
			return nil, err
		}
	} else {
		if err := s.checkAudit(); err != nil {
			db.Close()
			return nil, err
		}
		releaseAfterChecks(s.dir)
		close(s.verified)
		if err := s.Degraded(); err != nil {
			log.Error("the store failed its integrity check at open: it is read-only, and what it serves may be incomplete or altered", "reason", err)
		}
	}
	nodeCache := opts.NodeCacheBytes
	if nodeCache == 0 {
		nodeCache = DefaultNodeCacheBytes
	}
	if s.cache = newNodeCache(nodeCache); s.cache != nil {
		s.cache.lastCommit = s.latestReadTs()
	}
	if !opts.InMemory && opts.GCInterval >= 0 {
		interval := opts.GCInterval
		if interval == 0 {
			interval = 10 * time.Minute
		}
		s.gcStop, s.gcDone = make(chan struct{}), make(chan struct{})
		go s.gcLoop(interval)
	}
	return s, nil
}

// Close stops garbage collection, runs it once more, and closes the store; it returns
// Badger's error from flushing and closing.
func (s *Store) Close() error {
	if s.stopVerify != nil {
		close(s.stopVerify)
		<-s.verified
	}
	if s.gcStop != nil {
		close(s.gcStop)
		<-s.gcDone
		s.collectGarbage()
	}
	return s.db.Close()
}

// checkAudit reads the audit head, verifies the whole chain, and compares the head
// with the head file. A mismatch does not stop the store from opening: it is made
// read-only and degraded, with the reason (see Degraded), so what it holds can still
// be read and verified.
func (s *Store) checkAudit() error {
	s.degraded.Store(nil)
	reason := s.auditProblem()
	if reason == nil {
		return nil
	}
	var fatal *openError
	if errors.As(reason, &fatal) {
		return fatal.err
	}
	s.degraded.Store(&reason)
	s.writeErr = reason
	return nil
}

// openError is a failure of checkAudit that stops the store from opening (an I/O
// error), rather than degrading it.
type openError struct{ err error }

func (e *openError) Error() string { return e.err.Error() }

// auditProblem returns why the audit log and the head file do not agree, nil when
// they do (then the head file is brought up to the log), or an *openError.
func (s *Store) auditProblem() error {
	var stored Head
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		if stored, err = readHead(txn); err != nil {
			return err
		}
		_, err = verifyChain(txn, stored, nil)
		return err
	})
	var chainErr *ChainError
	switch {
	case errors.As(err, &chainErr), errors.Is(err, ErrCorrupt):
		return fmt.Errorf("the audit chain does not verify: %w", err)
	case err != nil:
		return &openError{err}
	}
	s.setHeadLocked(stored)
	if s.dir == "" {
		return nil
	}
	file, ok, err := readHeadFile(s.dir)
	switch {
	case err != nil:
		return fmt.Errorf("the audit head file is damaged: %w", err)
	case !ok && stored.Seq > 0:
		return fmt.Errorf("the audit head file %s is missing but the log holds %d entries", HeadFileName, stored.Seq)
	case ok && file.Seq > stored.Seq:
		return fmt.Errorf("the audit log ends at entry %d but %s records entry %d: acknowledged writes are missing", stored.Seq, HeadFileName, file.Seq)
	case ok && file.Seq > 0:
		var at Hash
		err := s.db.View(func(txn *badger.Txn) error {
			item, err := txn.Get(auditKey(file.Seq))
			if err != nil {
				return err
			}
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			e, err := decodeAudit(auditKey(file.Seq), v)
			if err == nil {
				at = e.Hash
			}
			return err
		})
		if err != nil && !errors.Is(err, badger.ErrKeyNotFound) && !errors.Is(err, ErrCorrupt) {
			return &openError{err}
		}
		if err != nil || at != file.Hash {
			return fmt.Errorf("audit entry %d does not match the hash %s records for it (%s): the log was rewritten", file.Seq, HeadFileName, file.Hash)
		}
	}
	if !ok || file != stored {
		if err := writeHeadFile(s.dir, stored); err != nil {
			return &openError{err}
		}
	}
	return nil
}

// Head returns the audit head: the sequence number and hash of the last entry. It does
// not wait for a write under way, nor for the audit chain's check at open.
func (s *Store) Head() Head {
	if h := s.pubHead.Load(); h != nil {
		return *h
	}
	return Head{}
}

// setHeadLocked sets the head; the caller holds writeMu.
func (s *Store) setHeadLocked(h Head) {
	s.head = h
	s.pubHead.Store(&h)
}

// Writable returns nil when the store accepts writes, or the reason it refuses them.
func (s *Store) Writable() error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.writeErr
}

// Degraded returns nil when the store passed its integrity checks at open, or why it
// failed them: the audit chain does not verify, or the head file beside the store is
// missing, damaged or names writes the log lacks. A degraded store refuses writes,
// backups and exports, and what its reads return may be missing acknowledged writes
// or hold altered data, so a server says so with every answer. It does not wait for
// writers.
func (s *Store) Degraded() error {
	if p := s.degraded.Load(); p != nil {
		return *p
	}
	return nil
}

func (s *Store) fault(op string) error {
	if s.faults == nil {
		return nil
	}
	return s.faults(op)
}

// Empty reports whether the store holds no nodes of the graph (it may hold tokens).
func (s *Store) Empty(ctx context.Context) (bool, error) {
	empty := true
	err := s.view(ctx, func(t *tx) error {
		for _, typ := range prov.NodeTypes {
			it := t.txn.NewIterator(badger.IteratorOptions{Prefix: nodePrefix(typ)})
			it.Rewind()
			empty = empty && !it.Valid()
			it.Close()
		}
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
		return wrapErr(s.db.View(func(txn *badger.Txn) error { return fn(&tx{s: s, txn: txn, cache: s.cache}) }))
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
	return wrapErr(fn(&tx{s: s, txn: snap.txn, cache: s.cache}))
}

// update runs fn in a read-write transaction, appends the audit entry for what it
// changed (operation op, by the context's WithWho), and commits, retrying from the
// start when the commit conflicts with a concurrent one. It returns fn's error,
// EUNAVAILABLE when the store refuses writes (integrity, disk space), or ECONFLICT
// when the conflicts do not stop.
func (s *Store) update(ctx context.Context, op string, fn func(t *tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.writeErr != nil {
		return prov.Errorf(prov.EUNAVAILABLE, "writes are refused: %v", s.writeErr)
	}
	if err := s.checkDisk(); err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		txn := s.db.NewTransaction(true)
		t := &tx{s: s, txn: txn}
		err := fn(t)
		next := s.head
		if err == nil {
			next, err = t.appendAudit(s.head, op, whoOf(ctx), s.Clock())
		}
		if err == nil {
			err = s.fault("commit")
		}
		if err == nil {
			s.cache.begin(t.dirty, false)
			err = txn.Commit()
			s.cache.end(t.dirty, false, s.latestReadTs())
		}
		txn.Discard()
		if err == nil && next != s.head {
			s.setHeadLocked(next)
			if s.dir != "" {
				if herr := writeHeadFile(s.dir, next); herr != nil {
					// The write is committed and synced; refuse the next ones, whose
					// loss the head file could no longer reveal.
					s.writeErr = fmt.Errorf("the audit head file could not be written: %w", herr)
					s.log.Error("audit head file", "err", herr)
				}
			}
		}
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

// latestReadTs returns the read timestamp of a transaction that sees every commit so
// far.
func (s *Store) latestReadTs() uint64 {
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	return txn.ReadTs()
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
