package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/ristretto/v2/z"
	"google.golang.org/protobuf/encoding/protowire"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

// ImportDir imports records in the ndjson format into the store in opts.Dir (created
// if absent), as Import does, and closes it again. Into a store that holds no nodes
// and no audit log it writes the store anew (see bulkImport): one pass over r, every
// record checked as Import checks it, and the same records, reverse edges, unique
// keys, versions and audit entries Import would write, built in a directory of its
// own and put in place only when all of it is written, so a failure (or a crash)
// leaves the store as it was. Into any other store it runs Import. progress, when not
// nil, is called after every chunk of records read.
//
// It returns what Import returns, and also an error when the store cannot be opened
// or the new store cannot be built or put in place.
func ImportDir(ctx context.Context, opts Options, r io.ReadSeeker, progress func(ImportProgress)) (ImportStats, error) {
	if progress == nil {
		progress = func(ImportProgress) {}
	}
	if opts.InMemory || opts.Dir == "" {
		return ImportStats{}, prov.Errorf(prov.EINVALID, "import: a store directory is needed")
	}
	s, err := Open(opts)
	if err != nil {
		return ImportStats{}, err
	}
	if err := s.Writable(); err != nil {
		s.Close()
		return ImportStats{}, prov.Errorf(prov.EUNAVAILABLE, "writes are refused: %v", err)
	}
	// A build a crash left behind goes, whichever way this import runs: holding the
	// store open holds its lock, so no other import is building there.
	build := filepath.Join(opts.Dir, bulkBuildDir)
	if err := os.RemoveAll(build); err != nil {
		s.Close()
		return ImportStats{}, err
	}
	empty, err := s.isNew()
	if err != nil || !empty {
		if err == nil {
			var st ImportStats
			st, err = s.ImportWithProgress(ctx, r, progress)
			if cerr := s.Close(); err == nil && cerr != nil {
				err = cerr
			}
			return st, err
		}
		s.Close()
		return ImportStats{}, err
	}
	log := s.log
	if err := s.Close(); err != nil {
		return ImportStats{}, err
	}
	// The new store is written where the old one is, past the same floor of free
	// space (checkDisk reads only the directory and the floor, not the closed store).
	checkDisk := s.checkDisk
	// Badger locks the store's directory itself (flock): holding that lock keeps the
	// empty store from being opened while the new one is built and put in its place.
	unlock, err := lockDir(opts.Dir)
	if err != nil {
		return ImportStats{}, err
	}
	defer unlock()
	st, head, err := bulkImport(ctx, build, log, whoOf(ctx), r, checkDisk, progress)
	if err != nil {
		os.RemoveAll(build)
		return st, err
	}
	if err := installStore(opts.Dir, build, head); err != nil {
		return st, fmt.Errorf("import: put the new store in place: %w", err)
	}
	return st, nil
}

// lockDir takes the lock Badger takes on a store's directory, and returns its release.
func lockDir(dir string) (func(), error) {
	d, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(d.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		d.Close()
		return nil, fmt.Errorf("the store in %s is in use by another process", dir)
	}
	return func() {
		syscall.Flock(int(d.Fd()), syscall.LOCK_UN)
		d.Close()
	}, nil
}

// isNew reports whether the store holds no node (no token either) and no audit log.
func (s *Store) isNew() (bool, error) {
	empty := true
	err := s.db.View(func(txn *badger.Txn) error {
		for _, p := range [][]byte{{spaceNode}, {spaceAudit}} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: p})
			it.Rewind()
			empty = empty && !it.Valid()
			it.Close()
		}
		return nil
	})
	return empty, err
}

// ImportProgress is how far an import has come.
type ImportProgress struct {
	// Phase is "check" then "write" for a store that holds data (the file is read
	// twice); "import" for a new store (read once), then "index" while the sorted
	// reverse edges and unique keys are written.
	Phase   string
	Records int
	// Bytes is how much of the input the phase has read.
	Bytes int64
}

// bulkBuildDir is where ImportDir builds a new store, inside the store's directory (so
// on its file system, and found again if a crash leaves it).
const bulkBuildDir = ".import-new"

// Stream IDs of the StreamWriter: one per keyspace, whose key ranges cannot overlap.
func streamOf(key []byte) uint32 { return uint32(key[0]) + 1 }

// bulkImport writes the store that importing r into an empty store would leave into
// the new directory dir, with Badger's StreamWriter, which builds the tables of the
// last level directly instead of passing every key through the write-ahead log, the
// memtable and compactions. The StreamWriter takes keys in order, one stream per
// keyspace: records, versions and archived texts come in order when the file lists
// each type in ID order, as export writes it, and the rare one that does not (an actor
// listed after the one it is affiliated with, whose ID is higher) is written after the
// streams, in a write batch; reverse edges and unique keys go through an external sort. Batches of
// records are cut exactly as Import cuts them, each with its audit entry. It returns
// the audit head of the new store.
//
// checkDisk is called before every few MiB written: Badger dies with SIGBUS when it
// writes into a memory-mapped file on a full disk, which the StreamWriter does.
func bulkImport(ctx context.Context, dir string, log *slog.Logger, who string, r io.Reader, checkDisk func() error, progress func(ImportProgress)) (ImportStats, Head, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ImportStats{}, Head{}, err
	}
	db, err := badger.Open(badger.DefaultOptions(dir).
		WithLogger(badgerLogger{log}).
		WithSyncWrites(true).
		WithNumVersionsToKeep(1).
		WithBlockCacheSize(MinBlockCacheBytes).
		// Only the keys that come out of order pass through a memtable.
		WithMemTableSize(bulkMemTableSize).
		// The StreamWriter builds tables of the last level, 32 times this size, each
		// in a buffer twice that size, up to 16 at once. 16 MiB tables are a
		// compromise: a store of a million claims has 69 tables for an open to check
		// (267 with 4 MiB tables), and an import of it holds about 690 MiB in table
		// builders (Badger's 2 MiB default gives 64 MiB tables, and 1.4 GiB of
		// memory for 100k claims).
		WithBaseTableSize(bulkBaseTableSize))
	if err != nil {
		return ImportStats{}, Head{}, fmt.Errorf("create badger store in %q: %w", dir, err)
	}
	w, err := newBulkWriter(db, dir, checkDisk)
	if err != nil {
		db.Close()
		return ImportStats{}, Head{}, err
	}
	st, head, err := w.run(ctx, who, r, progress)
	if err != nil {
		w.cancel()
		db.Close()
		return st, head, err
	}
	if err := db.Close(); err != nil {
		return st, head, err
	}
	return st, head, nil
}

type bulkWriter struct {
	db      *badger.DB
	sw      *badger.StreamWriter
	scratch []byte
	buf     *z.Buffer
	out     chan *z.Buffer
	free    chan *z.Buffer        // buffers the writer goroutine is done with
	done    chan error            // the writer goroutine's error, when it ends
	failed  atomic.Pointer[error] // its first error, as soon as it has one
	// last is the last key written to each stream that takes keys as they come.
	last          map[uint32][]byte
	edges, unique *kvSorter
	late          *kvSorter // keys that came out of order
	checker       *importChecker
	leases        map[prov.NodeType]uint64
	disk          func() error
}

const (
	bulkBaseTableSize = 512 << 10
	bulkMemTableSize  = 16 << 20
)

// bulkWriteBytes is how much a buffer handed to the StreamWriter holds.
const bulkWriteBytes = 4 << 20

func newBulkWriter(db *badger.DB, dir string, checkDisk func() error) (*bulkWriter, error) {
	sw := db.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		return nil, err
	}
	w := &bulkWriter{
		db:      db,
		sw:      sw,
		buf:     z.NewBuffer(bulkWriteBytes+1<<20, "import"),
		out:     make(chan *z.Buffer, 2),
		free:    make(chan *z.Buffer, 4),
		done:    make(chan error, 1),
		last:    map[uint32][]byte{},
		edges:   newKVSorter(dir, 32<<20),
		unique:  newKVSorter(dir, 16<<20),
		late:    newKVSorter(dir, 16<<20),
		checker: newImportChecker(nil, dir),
		leases:  map[prov.NodeType]uint64{},
		disk:    checkDisk,
	}
	// The StreamWriter decodes and files each buffer on this goroutine while the
	// next one is filled. It keeps its own copies of the channels: the importing
	// goroutine sets w.out to nil once it has closed it.
	out, free, done := w.out, w.free, w.done
	go func() {
		var err error
		for buf := range out {
			if err == nil {
				if err = sw.Write(buf); err != nil {
					w.failed.Store(&err)
				}
			}
			buf.Reset()
			select {
			case free <- buf: // reused: a new 5 MiB buffer is zeroed memory
			default:
				buf.Release()
			}
		}
		done <- err
	}()
	return w, nil
}

// cancel stops the writer after a failure.
func (w *bulkWriter) cancel() {
	if w.out != nil {
		close(w.out)
		<-w.done
		w.out = nil
	}
	w.sw.Cancel()
	w.closeScratch()
}

func (w *bulkWriter) closeScratch() {
	w.edges.close()
	w.unique.close()
	w.late.close()
	w.checker.close()
}

// emit adds a key to its stream.
func (w *bulkWriter) emit(key, value []byte) error {
	w.scratch = appendKV(w.scratch[:0], key, value, streamOf(key))
	copy(w.buf.SliceAllocate(len(w.scratch)), w.scratch)
	if w.buf.LenNoPadding() < bulkWriteBytes {
		return nil
	}
	return w.flushBuf()
}

func (w *bulkWriter) flushBuf() error {
	if err := w.disk(); err != nil {
		return err
	}
	if err := w.failed.Load(); err != nil {
		return *err
	}
	w.out <- w.buf
	select {
	case w.buf = <-w.free:
	default:
		w.buf = z.NewBuffer(bulkWriteBytes+1<<20, "import")
	}
	return nil
}

// appendKV appends the protobuf encoding of a badger pb.KV with version 1 that the
// StreamWriter reads back: what badger.KVToBuffer writes, without the reflection of
// proto.Marshal, which cost 5% of an import (TestAppendKV compares the two).
func appendKV(b, key, value []byte, stream uint32) []byte {
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendBytes(b, key)
	if len(value) > 0 {
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendBytes(b, value)
	}
	b = protowire.AppendTag(b, 4, protowire.VarintType)
	b = protowire.AppendVarint(b, 1)
	b = protowire.AppendTag(b, 10, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(stream))
}

// emitInOrder adds a key to its stream when it sorts after the stream's last key, and
// reports whether it did.
func (w *bulkWriter) emitInOrder(key, value []byte) (bool, error) {
	stream := streamOf(key)
	if last := w.last[stream]; last != nil && bytes.Compare(key, last) <= 0 {
		return false, nil
	}
	w.last[stream] = append(w.last[stream][:0], key...)
	return true, w.emit(key, value)
}

func (w *bulkWriter) run(ctx context.Context, who string, r io.Reader, progress func(ImportProgress)) (ImportStats, Head, error) {
	st := ImportStats{New: true}
	var head Head
	entry := AuditEntry{Seq: 1, Who: who, Operation: "import"}
	batchBytes := 0
	endBatch := func() error {
		if len(entry.Changes) == 0 {
			return nil
		}
		entry.At = time.Now().UTC()
		entry.Prev = head.Hash
		payload := encodeAudit(&entry)
		head = Head{Seq: entry.Seq, Hash: sha256.Sum256(payload)}
		if err := w.put(auditKey(entry.Seq), seal(payload)); err != nil {
			return err
		}
		st.AuditEntries++
		entry = AuditEntry{Seq: entry.Seq + 1, Who: who, Operation: "import", Changes: entry.Changes[:0]}
		batchBytes = 0
		return nil
	}
	chunks, stop := readAhead(r)
	defer stop()
	var offset int64
	for chunk := range chunks {
		if chunk.err != nil {
			return st, head, chunk.err
		}
		if err := ctx.Err(); err != nil {
			return st, head, err
		}
		for _, lr := range chunk.recs {
			if err := w.checker.check(lr.rec, lr.line); err != nil {
				return st, head, err
			}
			size := recordTextLen(lr.rec)
			if batchFull(len(entry.Changes), batchBytes, size) {
				if err := endBatch(); err != nil {
					return st, head, err
				}
			}
			change, err := w.record(lr.rec.Node().(node), entry.Seq)
			if err != nil {
				return st, head, err
			}
			entry.Changes = append(entry.Changes, change)
			batchBytes += size
			st.Records++
			st.Created++
		}
		offset = chunk.offset
		progress(ImportProgress{Phase: "import", Records: st.Records, Bytes: offset})
	}
	if err := endBatch(); err != nil {
		return st, head, err
	}
	w.checker.close()
	progress(ImportProgress{Phase: "index", Records: st.Records, Bytes: offset})
	if err := w.finish(head); err != nil {
		return st, head, err
	}
	return st, head, nil
}

// record writes a new node n, checked, as put and putSource would in the transaction
// of audit entry seq, and returns its change.
func (w *bulkWriter) record(n node, seq uint64) (Change, error) {
	id := n.NodeID()
	src, _ := n.(*prov.Source)
	if src != nil {
		var t *tx
		t.prepareSource(nil, src) // which reads no transaction for a new source
	}
	stored := encodeNode(n)
	change := Change{ID: id, After: recordHash(stored)}
	w.leases[id.Type] = max(w.leases[id.Type], id.Seq)
	// An out-of-order record's version is out of order too: versions sort by node.
	if err := w.put(nodeKey(id), stored); err != nil {
		return change, err
	}
	if err := w.put(versionKey(id, seq), stored); err != nil {
		return change, err
	}
	if src != nil && src.Text != nil {
		if err := w.put(textKey(id), seal([]byte(*src.Text))); err != nil {
			return change, err
		}
		src.Text = nil
	}
	for _, r := range refsOf(n) {
		if err := w.edges.add(edgeKey(r.target, r.label, id), nil); err != nil {
			return change, err
		}
	}
	for _, u := range uniquesOf(n) {
		if err := w.unique.add(uniqueKey(u.kind, u.key), seal(putID(nil, id))); err != nil {
			return change, err
		}
	}
	return change, nil
}

// put adds a key to its stream, or to the keys written after the streams when it
// does not sort after the stream's last key.
func (w *bulkWriter) put(key, value []byte) error {
	ok, err := w.emitInOrder(key, value)
	if err != nil || ok {
		return err
	}
	return w.late.add(key, value)
}

// finish writes the sorted keys and the store's metadata, ends the streams, and writes
// the keys that came out of order.
func (w *bulkWriter) finish(head Head) error {
	if err := w.edges.each(w.emit); err != nil {
		return err
	}
	if err := w.unique.each(w.emit); err != nil {
		return err
	}
	// The metadata Open reads: the schema version, the ID leases (the last imported
	// ID of each type, which newAllocator would find anyway) and the audit head, in
	// key order.
	meta := [][2][]byte{{keySchemaVersion, encodeSchemaVersion(schemaVersion)}}
	if head.Seq > 0 {
		meta = append(meta, [2][]byte{keyAuditHead, seal(encodeHead(head))})
	}
	for typ, seq := range w.leases {
		meta = append(meta, [2][]byte{leaseKey(typ), encodeLease(seq)})
	}
	slices.SortFunc(meta, func(a, b [2][]byte) int { return bytes.Compare(a[0], b[0]) })
	for _, kv := range meta {
		if err := w.emit(kv[0], kv[1]); err != nil {
			return err
		}
	}
	if w.buf.LenNoPadding() > 0 {
		if err := w.flushBuf(); err != nil {
			return err
		}
	}
	close(w.out)
	w.out = nil
	if err := <-w.done; err != nil {
		return err
	}
	if err := w.sw.Flush(); err != nil {
		return err
	}
	wb := w.db.NewWriteBatch()
	defer wb.Cancel()
	written := 0
	err := w.late.each(func(key, value []byte) error {
		if written += len(key) + len(value); written >= bulkWriteBytes {
			if err := w.disk(); err != nil {
				return err
			}
			written = 0
		}
		return wb.Set(bytes.Clone(key), bytes.Clone(value))
	})
	if err == nil {
		err = wb.Flush()
	}
	w.closeScratch()
	return err
}

// recordTextLen is the size of a record's archived text, which batches are cut by.
func recordTextLen(rec ndjson.Record) int {
	if rec.Source != nil && rec.Source.Text != nil {
		return len(*rec.Source.Text)
	}
	return 0
}

// batchFull reports whether a batch of records records holding textBytes of archived
// text must be committed before a record with size bytes of text joins it.
func batchFull(records, textBytes, size int) bool {
	return records == importBatch || records > 0 && textBytes+size > importBatchBytes
}

// installStore replaces the empty store in dir with the one built in build, whose
// audit head is head. The new files are moved in, the MANIFEST last: until it is, dir
// holds no MANIFEST and Badger opens it as the empty store it was; once it is, it is
// the new store. The head file, which the new store needs, stays the empty store's
// (entry 0, a head file behind the log, which Open brings up to date) until it is
// replaced last.
func installStore(dir, build string, head Head) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Each step is one change to the directory; a crash may stop the sequence after
	// any of them (TestInstallStoreInterrupted stops it at each).
	step := func(err error) error {
		if err == nil && installFault != nil {
			err = installFault()
		}
		return err
	}
	if _, ok, err := readHeadFile(dir); err != nil || !ok {
		if err := step(writeHeadFile(dir, Head{})); err != nil {
			return err
		}
	}
	err = os.Remove(filepath.Join(dir, badger.ManifestFilename))
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	if err := step(err); err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		return err
	}
	old, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range old {
		if e.Type().IsRegular() && isBadgerFile(e.Name()) {
			if err := step(os.Remove(filepath.Join(dir, e.Name()))); err != nil {
				return err
			}
		}
	}
	built, err := os.ReadDir(build)
	if err != nil {
		return err
	}
	for _, e := range built {
		if name := e.Name(); e.Type().IsRegular() && isBadgerFile(name) && name != badger.ManifestFilename {
			if err := step(os.Rename(filepath.Join(build, name), filepath.Join(dir, name))); err != nil {
				return err
			}
		}
	}
	if err := d.Sync(); err != nil {
		return err
	}
	if err := step(os.Rename(filepath.Join(build, badger.ManifestFilename), filepath.Join(dir, badger.ManifestFilename))); err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		return err
	}
	if err := step(writeHeadFile(dir, head)); err != nil {
		return err
	}
	return os.RemoveAll(build)
}

// installFault, set only by tests, fails a step of installStore.
var installFault func() error

// isBadgerFile reports whether a file in a store's directory is one of Badger's.
func isBadgerFile(name string) bool {
	switch name {
	case badger.ManifestFilename, "KEYREGISTRY", "DISCARD":
		return true
	}
	for _, ext := range []string{".sst", ".vlog", ".mem"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}
