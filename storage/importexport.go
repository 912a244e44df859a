package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

// importBatch is how many records one import transaction, and one audit entry, holds,
// and importBatchBytes about how many bytes of archived text: a batch that held several
// large texts could exceed Badger's transaction size (about 9.6 MB or 100k keys in
// memory). A batch of 4096 ordinary records writes about 25k keys and 2 MB, so an
// incremental backup's replay of its entry, which writes the same keys in one
// transaction, fits too; a batch that does not fit is split in two.
const (
	importBatch      = 4096
	importBatchBytes = 4 << 20
	// readChunkLen is how many decoded records readAhead hands over at a time.
	readChunkLen = 256
)

// ImportStats counts what an import did.
type ImportStats struct {
	Records   int
	Created   int
	Updated   int
	Unchanged int
	// AuditEntries is how many audit entries the import appended (a batch that
	// changes nothing appends none).
	AuditEntries int
	// New is set when ImportDir wrote the store anew.
	New bool
}

// Import reads records in the ndjson format and stores them under their own IDs: a
// record whose ID is new is created, one whose ID exists replaces that node, and one
// equal to the stored node changes nothing, so importing a file twice is harmless.
//
// It reads r twice. The first pass checks everything without writing: the format,
// each record's validity, that every reference names an earlier record or a stored
// node, that IDs are not repeated, that natural keys (actor names, source URLs and
// hashes) do not collide, and that spans match archived texts. Any problem is an
// EINVALID or ECONFLICT error naming the line, and nothing is written. The second pass
// writes in transactions of importBatch records, each with its audit entry, so a crash
// part-way leaves whole batches, and running the import again completes it. ImportDir
// writes a new store faster.
func (s *Store) Import(ctx context.Context, r io.ReadSeeker) (ImportStats, error) {
	return s.ImportWithProgress(ctx, r, nil)
}

// ImportWithProgress is Import calling progress, when not nil, after every chunk of
// records read.
func (s *Store) ImportWithProgress(ctx context.Context, r io.ReadSeeker, progress func(ImportProgress)) (ImportStats, error) {
	if progress == nil {
		progress = func(ImportProgress) {}
	}
	checked, err := s.checkImport(ctx, r, progress)
	if err != nil {
		return ImportStats{}, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return ImportStats{}, fmt.Errorf("rewind import input: %w", err)
	}
	var stats ImportStats
	chunks, stop := readAhead(r)
	defer stop()
	batch := make([]ndjson.Record, 0, importBatch)
	batchBytes := 0
	flush := func() error {
		err := s.importBatch(ctx, batch, checked, &stats)
		batch, batchBytes = batch[:0], 0
		return err
	}
	line := 0 // of the last record read
	for chunk := range chunks {
		if chunk.err != nil {
			return stats, chunk.err
		}
		for _, lr := range chunk.recs {
			size := recordTextLen(lr.rec)
			if batchFull(len(batch), batchBytes, size) {
				if err := flush(); err != nil {
					return stats, fmt.Errorf("import up to line %d: %w", line, err)
				}
			}
			line = lr.line
			batch = append(batch, lr.rec)
			batchBytes += size
		}
		progress(ImportProgress{Phase: "write", Records: stats.Records + len(batch), Bytes: chunk.offset})
	}
	if err := flush(); err != nil {
		return stats, fmt.Errorf("import up to line %d: %w", line, err)
	}
	return stats, nil
}

// errBatchTooBig stops an import transaction that outgrew Badger's limit, so that its
// records are written in two.
var errBatchTooBig = errors.New("import batch too big for one transaction")

// importBatch writes records, checked by checkImport, in one transaction with its
// audit entry, or in two halves when they do not fit in one.
func (s *Store) importBatch(ctx context.Context, batch []ndjson.Record, checked *idSet, stats *ImportStats) error {
	if len(batch) == 0 {
		return nil
	}
	// One lease extension per type and batch, not one per 1024 IDs.
	last := map[prov.NodeType]prov.ID{}
	for _, rec := range batch {
		id := rec.Node().NodeID()
		if id.Seq > last[id.Type].Seq {
			last[id.Type] = id
		}
	}
	for _, id := range last {
		if err := s.ids.observe(id); err != nil {
			return err
		}
	}
	var st ImportStats
	err := s.update(ctx, "import", func(t *tx) error {
		st = ImportStats{}
		t.checkedTexts = checked
		for _, rec := range batch {
			if err := t.importRecord(rec, &st); err != nil {
				if errors.Is(err, badger.ErrTxnTooBig) && len(batch) > 1 {
					return errBatchTooBig
				}
				return err
			}
		}
		for _, c := range t.order {
			if !bytes.Equal(c.before, c.after) {
				st.AuditEntries = 1 // appendAudit writes the entry
				break
			}
		}
		return nil
	})
	if errors.Is(err, errBatchTooBig) {
		half := len(batch) / 2
		if err := s.importBatch(ctx, batch[:half], checked, stats); err != nil {
			return err
		}
		return s.importBatch(ctx, batch[half:], checked, stats)
	}
	if err != nil {
		return err
	}
	stats.Records += st.Records
	stats.Created += st.Created
	stats.Updated += st.Updated
	stats.Unchanged += st.Unchanged
	stats.AuditEntries += st.AuditEntries
	return nil
}

// lineRecord is a record with the line it was read from.
type lineRecord struct {
	rec  ndjson.Record
	line int
}

// readChunk is up to readChunkLen records, or the error that ended the reading (after
// the records before it), and how many bytes of the input the records read so far take.
type readChunk struct {
	recs   []lineRecord
	err    error
	offset int64
}

// readAhead decodes the records of r on other goroutines, a chunk at a time, so that
// decoding (the largest part of an import's CPU) runs beside the checks and the writes
// instead of before them: one goroutine splits the input into lines, a worker per core
// decodes chunks of them, and the chunks are handed over in the input's order, so what
// the caller sees does not depend on which worker finished first. The channel is
// closed after the last record or the first error. stop ends the reading early and
// returns once every goroutine has stopped; it may be called more than once.
func readAhead(r io.Reader) (chunks <-chan readChunk, stop func()) {
	workers := max(1, runtime.GOMAXPROCS(0))
	type job struct {
		data   []byte // the chunk's lines, each followed by a newline
		ends   []int  // where each line ends in data
		lines  []int  // their line numbers
		offset int64
		result chan readChunk
	}
	out := make(chan readChunk, 4)
	jobs := make(chan *job, workers)
	order := make(chan chan readChunk, 2*workers)
	done := make(chan struct{})
	var wg sync.WaitGroup
	send := func(ch chan<- readChunk, c readChunk) bool {
		select {
		case ch <- c:
			return true
		case <-done:
			return false
		}
	}
	wg.Add(1)
	go func() { // splits the input
		defer wg.Done()
		defer close(order)
		defer close(jobs)
		rd := ndjson.NewReader(r)
		j := &job{}
		dispatch := func() bool {
			j.offset = rd.Offset()
			j.result = make(chan readChunk, 1)
			select {
			case order <- j.result:
			case <-done:
				return false
			}
			select {
			case jobs <- j:
			case <-done:
				return false
			}
			j = &job{}
			return true
		}
		for {
			b, err := rd.ReadLine()
			if err != nil {
				if len(j.ends) > 0 && !dispatch() {
					return
				}
				if !errors.Is(err, io.EOF) {
					failed := make(chan readChunk, 1)
					failed <- readChunk{err: err}
					select {
					case order <- failed:
					case <-done:
					}
				}
				return
			}
			j.data = append(j.data, b...)
			j.ends = append(j.ends, len(j.data))
			j.data = append(j.data, '\n')
			j.lines = append(j.lines, rd.Line())
			if len(j.ends) == readChunkLen && !dispatch() {
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() { // decodes chunks
			defer wg.Done()
			for j := range jobs {
				recs, err := ndjson.DecodeLines(j.data, j.ends, j.lines)
				c := readChunk{recs: make([]lineRecord, len(recs)), err: err, offset: j.offset}
				for i, rec := range recs {
					c.recs[i] = lineRecord{rec, j.lines[i]}
				}
				j.result <- c // buffered: never blocks
			}
		}()
	}
	wg.Add(1)
	go func() { // hands the chunks over in order
		defer wg.Done()
		defer close(out)
		for result := range order {
			var c readChunk
			select {
			case c = <-result:
			case <-done:
				return
			}
			if c.err != nil {
				// The records before the error first, then the error alone.
				if len(c.recs) > 0 && !send(out, readChunk{recs: c.recs, offset: c.offset}) {
					return
				}
				send(out, readChunk{err: c.err})
				return
			}
			if !send(out, c) {
				return
			}
		}
	}()
	var once sync.Once
	return out, func() {
		once.Do(func() { close(done) })
		wg.Wait()
	}
}

func (t *tx) importRecord(rec ndjson.Record, st *ImportStats) error {
	n := rec.Node()
	if src, ok := n.(*prov.Source); ok {
		// putSource normalises and consumes the source's text; the batch's record must
		// stay as read, for update retries the batch after a conflict.
		n = cloneNode(src)
	}
	st.Records++
	old, err := t.get(n.NodeID())
	if err != nil && prov.ErrorCode(err) != prov.ENOTFOUND {
		return err
	}
	if old == nil {
		st.Created++
		if src, ok := n.(*prov.Source); ok {
			return t.putSource(nil, src)
		}
		return t.put(nil, n)
	}
	if src, ok := n.(*prov.Source); ok {
		oldSrc := old.(*prov.Source)
		if src.Text != nil {
			*src.Text = normalizeText(*src.Text)
			if src.TextSHA256 == "" {
				src.TextSHA256 = prov.TextHash(*src.Text)
			}
			src.HasText = true
		}
		if bytes.Equal(encodeNode(oldSrc), encodeNode(src)) || (src.Text == nil && oldSrc.HasText && sameExceptText(oldSrc, src)) {
			st.Unchanged++
			return nil
		}
		st.Updated++
		return t.putSource(oldSrc, src)
	}
	if a, ok := n.(*prov.Attribution); ok {
		// Compare what put would store: the quote in NFC, placed in the source's text.
		// The batch's record stays as read (see above).
		a = cloneNode(a)
		if err := validate(a); err != nil {
			return err
		}
		if err := t.placeQuote(a); err != nil {
			return err
		}
		n = a
	}
	if bytes.Equal(encodeNode(old), encodeNode(n)) {
		st.Unchanged++
		return nil
	}
	st.Updated++
	return t.put(old, n)
}

func sameExceptText(a, b *prov.Source) bool {
	c := *b
	c.HasText = a.HasText
	return bytes.Equal(encodeNode(a), encodeNode(&c))
}

// checkImport is Import's first pass: it reads every record and returns the first
// problem, naming its line, without writing anything. It returns the IDs of the
// file's sources that carry a text, against which it checked every span.
func (s *Store) checkImport(ctx context.Context, r io.Reader, progress func(ImportProgress)) (*idSet, error) {
	chunks, stop := readAhead(r)
	defer stop()
	var checked *idSet
	err := s.view(ctx, func(t *tx) error {
		c := newImportChecker(t, s.dir)
		defer c.close()
		records := 0
		for chunk := range chunks {
			if chunk.err != nil {
				return chunk.err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			for _, lr := range chunk.recs {
				if err := c.check(lr.rec, lr.line); err != nil {
					return err
				}
			}
			records += len(chunk.recs)
			progress(ImportProgress{Phase: "check", Records: records, Bytes: chunk.offset})
		}
		checked = c.textSources()
		return nil
	})
	return checked, err
}

func typeOfRecord(r ndjson.Record) prov.NodeType {
	switch {
	case r.Event != nil:
		return prov.TypeEvent
	case r.Actor != nil:
		return prov.TypeActor
	case r.Source != nil:
		return prov.TypeSource
	case r.Claim != nil:
		return prov.TypeClaim
	case r.Attribution != nil:
		return prov.TypeAttribution
	case r.Review != nil:
		return prov.TypeReview
	}
	return prov.TypeRelation
}

// Export writes every node in the ndjson format, from one snapshot, in the order
// Import reads: events, actors, sources, claims, attributions, relations, each in ID
// order except that an actor's affiliation and the sources a source cites come before
// it. Sources carry their archived text.
func (s *Store) Export(ctx context.Context, out io.Writer) error {
	w := ndjson.NewWriter(out)
	err := s.view(ctx, func(t *tx) error {
		for _, typ := range prov.NodeTypes {
			emitted := map[prov.ID]bool{}
			var emit func(n node) error
			emit = func(n node) error {
				id := n.NodeID()
				if emitted[id] {
					return nil
				}
				emitted[id] = true // set before the dependencies so a loop cannot recurse forever
				for _, dep := range sameTypeDeps(n) {
					if emitted[dep] {
						continue
					}
					d, err := t.get(dep)
					if err != nil {
						return err
					}
					if err := emit(d); err != nil {
						return err
					}
				}
				rec, err := t.record(n)
				if err != nil {
					return err
				}
				return w.Write(rec)
			}
			var werr error
			err := t.nodes(typ, prov.ID{}, func(n node) (bool, error) {
				werr = emit(n)
				return werr == nil, nil
			})
			if err != nil {
				return err
			}
			if werr != nil {
				return werr
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return w.Flush()
}

// sameTypeDeps returns the nodes of n's own type that must be written before n.
func sameTypeDeps(n node) []prov.ID {
	switch n := n.(type) {
	case *prov.Actor:
		if !n.AffiliationID.IsZero() {
			return []prov.ID{n.AffiliationID}
		}
	case *prov.Source:
		return n.CitesIDs
	}
	return nil
}

// record wraps n for the writer, loading a source's archived text. It returns an
// error when the text cannot be read.
func (t *tx) record(n node) (ndjson.Record, error) {
	switch n := n.(type) {
	case *prov.Event:
		return ndjson.Record{Event: n}, nil
	case *prov.Actor:
		return ndjson.Record{Actor: n}, nil
	case *prov.Source:
		if n.HasText && n.Text == nil {
			text, err := t.sourceText(n.ID)
			if err != nil {
				return ndjson.Record{}, err
			}
			n.Text = text
		}
		return ndjson.Record{Source: n}, nil
	case *prov.Claim:
		return ndjson.Record{Claim: n}, nil
	case *prov.Attribution:
		return ndjson.Record{Attribution: n}, nil
	case *prov.Review:
		return ndjson.Record{Review: n}, nil
	}
	return ndjson.Record{Relation: n.(*prov.ClaimRelation)}, nil
}
