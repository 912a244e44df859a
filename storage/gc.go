package storage

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Value-log garbage collection. Badger keeps values of 1 MiB or more (archived texts)
// in value-log files and rewrites a file, dropping what is dead, only when
//
//   - the file is not the one being written: Badger starts a new file at every open
//     and when the current one reaches ValueLogFileSize, so that size bounds how much
//     garbage can wait for the next file (Badger's default, 1 GiB, let a store's
//     deleted texts stay for good); and
//   - its discard statistics say at least the discard ratio of it is dead. Those
//     statistics are counted only by compactions that drop a deleted or replaced
//     value, and a store that writes little may not compact for a long time, its
//     deletions waiting in the memtable and level 0. So when the rewrite finds nothing
//     but the sealed files hold at least gcCompactMin more than the live texts,
//     compactForGC flushes the memtable and compacts level 0, and the rewrite runs
//     again.
const (
	valueLogFileSize = 64 << 20
	gcDiscardRatio   = 0.5
	gcCompactMin     = valueLogFileSize / 2
)

// gcState remembers a compaction that freed nothing, so the next passes do not repeat
// it until the value log changes.
type gcState struct {
	mu        sync.Mutex // one pass at a time: the ticker's, and Close's
	fruitless int64      // the sealed value-log bytes when a compaction freed nothing
}

// GCResult says what a garbage collection did.
type GCResult struct {
	// Rewritten is how many value-log files were rewritten.
	Rewritten int
	// Compacted reports whether the memtable was flushed and level 0 compacted first.
	Compacted bool
	// Before and After are the bytes the value-log files took on disk.
	Before, After int64
}

func (s *Store) gcLoop(interval time.Duration) {
	defer close(s.gcDone)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-s.gcStop:
			return
		case <-tick.C:
			s.collectGarbage()
		}
	}
}

// collectGarbage reclaims the value-log space of deleted and replaced texts and logs
// what it reclaimed. A degraded store is left as it is, for inspection.
func (s *Store) collectGarbage() GCResult {
	var r GCResult
	if s.dir == "" || s.Degraded() != nil {
		return r
	}
	s.gc.mu.Lock()
	defer s.gc.mu.Unlock()
	r.Before = vlogDiskBytes(s.dir)
	r.Rewritten = s.rewriteValueLogs()
	if r.Rewritten == 0 {
		sealed, live := s.vlogBytes()
		if sealed-live >= gcCompactMin && sealed != s.gc.fruitless {
			r.Compacted = true
			if err := s.compactForGC(); err != nil {
				s.log.Warn("value-log garbage collection: compact", "err", err)
			}
			r.Rewritten = s.rewriteValueLogs()
			if r.Rewritten == 0 {
				s.gc.fruitless = sealed
			}
		}
	}
	r.After = vlogDiskBytes(s.dir)
	if r.Rewritten > 0 || r.Compacted {
		s.log.Info("value-log garbage collection", "rewritten_files", r.Rewritten, "compacted", r.Compacted,
			"before", formatBytes(uint64(r.Before)), "after", formatBytes(uint64(r.After)))
	}
	return r
}

// rewriteValueLogs runs Badger's value-log GC until it finds no file to rewrite and
// returns how many it rewrote.
func (s *Store) rewriteValueLogs() int {
	n := 0
	for ; n < 100; n++ {
		err := s.db.RunValueLogGC(gcDiscardRatio)
		if err != nil {
			if !errors.Is(err, badger.ErrNoRewrite) && !errors.Is(err, badger.ErrRejected) {
				s.log.Warn("value-log garbage collection", "err", err)
			}
			break
		}
	}
	return n
}

// compactForGC makes Badger count what deletions freed in the value log: dropping a
// key prefix is the one call that flushes the memtable and compacts level 0 into the
// level below, where a deleted text's tombstone meets the value it deletes. The prefix
// is a marker key written for the purpose. Badger refuses writes while it drops, so
// writers (and the ID allocator's lease writes) wait.
func (s *Store) compactForGC() error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(keyGCFlush, nil) }); err != nil {
		return err
	}
	return s.db.DropPrefix(keyGCFlush)
}

// vlogBytes returns the disk space of the sealed value-log files (all but the newest,
// which Badger is writing), and the size of the archived texts large enough to live in
// the value log: the sealed files hold at least sealed-live bytes of garbage.
func (s *Store) vlogBytes() (sealed, live int64) {
	names, _ := filepath.Glob(filepath.Join(s.dir, "*.vlog"))
	slices.Sort(names) // zero-padded numbers
	for i, name := range names {
		var st syscall.Stat_t
		if i < len(names)-1 && syscall.Stat(name, &st) == nil {
			sealed += st.Blocks * 512 // the files are sparse: count what they hold
		}
	}
	threshold := s.db.Opts().ValueThreshold
	_ = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{spaceText}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if n := it.Item().ValueSize(); n >= threshold {
				live += n
			}
		}
		return nil
	})
	return sealed, live
}

// vlogDiskBytes returns the disk space every value-log file in dir takes.
func vlogDiskBytes(dir string) int64 {
	var total int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".vlog") {
			continue
		}
		var st syscall.Stat_t
		if syscall.Stat(filepath.Join(dir, e.Name()), &st) == nil {
			total += st.Blocks * 512
		}
	}
	return total
}
