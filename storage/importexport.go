package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

// importBatch is how many records one import transaction writes, and
// importBatchBytes about how many bytes of archived text: a batch that held several
// large texts could exceed Badger's transaction size (about 9 MiB in memory).
const (
	importBatch      = 256
	importBatchBytes = 4 << 20
)

// ImportStats counts what an import did.
type ImportStats struct {
	Records   int
	Created   int
	Updated   int
	Unchanged int
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
// writes in transactions of importBatch records, so a crash part-way leaves whole
// batches, and running the import again completes it.
func (s *Store) Import(ctx context.Context, r io.ReadSeeker) (ImportStats, error) {
	return s.ImportWithProgress(ctx, r, nil)
}

// ImportWithProgress is Import calling progress, when not nil, with the phase ("check"
// or "write") and the number of records done so far, after each batch.
func (s *Store) ImportWithProgress(ctx context.Context, r io.ReadSeeker, progress func(phase string, records int)) (ImportStats, error) {
	if progress == nil {
		progress = func(string, int) {}
	}
	if err := s.checkImport(ctx, r, progress); err != nil {
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
		batchBytes = 0
		if len(batch) == 0 {
			return nil
		}
		for _, rec := range batch {
			if err := s.ids.observe(rec.Node().NodeID()); err != nil {
				return err
			}
		}
		var st ImportStats
		err := s.update(ctx, "import", func(t *tx) error {
			st = ImportStats{}
			for _, rec := range batch {
				if err := t.importRecord(rec, &st); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		stats.Records += st.Records
		stats.Created += st.Created
		stats.Updated += st.Updated
		stats.Unchanged += st.Unchanged
		batch = batch[:0]
		progress("write", stats.Records)
		return nil
	}
	line := 0 // of the last record read
	for chunk := range chunks {
		if chunk.err != nil {
			return stats, chunk.err
		}
		for _, lr := range chunk.recs {
			rec := lr.rec
			size := 0
			if rec.Source != nil && rec.Source.Text != nil {
				size = len(*rec.Source.Text)
			}
			if len(batch) > 0 && batchBytes+size > importBatchBytes {
				if err := flush(); err != nil {
					return stats, fmt.Errorf("import up to line %d: %w", line, err)
				}
			}
			line = lr.line
			batch = append(batch, rec)
			batchBytes += size
			if len(batch) == importBatch {
				if err := flush(); err != nil {
					return stats, fmt.Errorf("import up to line %d: %w", line, err)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return stats, fmt.Errorf("import up to line %d: %w", line, err)
	}
	return stats, nil
}

// lineRecord is a record with the line it was read from.
type lineRecord struct {
	rec  ndjson.Record
	line int
}

// readChunk is up to importBatch records, or the error that ended the reading (after
// the records before it).
type readChunk struct {
	recs []lineRecord
	err  error
}

// readAhead decodes the records of r on another goroutine, a chunk at a time, so that
// decoding (a quarter of an import's CPU) runs beside the checks and the writes
// instead of before them. The channel is closed after the last record or the first
// error. stop ends the reading early and returns once the goroutine has stopped
// reading r; it may be called more than once.
func readAhead(r io.Reader) (chunks <-chan readChunk, stop func()) {
	out := make(chan readChunk, 4)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer close(out)
		send := func(c readChunk) bool {
			select {
			case out <- c:
				return true
			case <-done:
				return false
			}
		}
		rd := ndjson.NewReader(r)
		chunk := make([]lineRecord, 0, importBatch)
		for {
			rec, err := rd.Read()
			if err != nil {
				if len(chunk) > 0 && !send(readChunk{recs: chunk}) {
					return
				}
				if !errors.Is(err, io.EOF) {
					send(readChunk{err: err})
				}
				return
			}
			chunk = append(chunk, lineRecord{rec, rd.Line()})
			if len(chunk) == importBatch {
				if !send(readChunk{recs: chunk}) {
					return
				}
				chunk = make([]lineRecord, 0, importBatch)
			}
		}
	}()
	var once sync.Once
	return out, func() {
		once.Do(func() { close(done) })
		<-finished
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
// problem, naming its line, without writing anything.
func (s *Store) checkImport(ctx context.Context, r io.Reader, progress func(string, int)) error {
	chunks, stop := readAhead(r)
	defer stop()
	seen := map[prov.ID]bool{}
	texts := map[prov.ID]string{} // NFC texts of the file's sources
	uniques := map[string]prov.ID{}
	fileAttrs := map[prov.ID]*prov.Attribution{} // the file's attributions so far
	return s.view(ctx, func(t *tx) error {
		var chunk readChunk
		for {
			if len(chunk.recs) == 0 {
				var ok bool
				if chunk, ok = <-chunks; !ok {
					return nil
				}
				if chunk.err != nil {
					return chunk.err
				}
				if len(chunk.recs) == 0 {
					continue
				}
			}
			rec, line := chunk.recs[0].rec, chunk.recs[0].line
			chunk.recs = chunk.recs[1:]
			n := rec.Node()
			id := n.NodeID()
			fail := func(err error) error {
				return prov.Errorf(prov.ErrorCode(err), "line %d: %s %s: %s", line, id.Type, id, prov.ErrorMessage(err))
			}
			if id.IsZero() {
				return prov.Errorf(prov.EINVALID, "line %d: missing \"id\"", line)
			}
			if seen[id] {
				return prov.Errorf(prov.EINVALID, "line %d: id %s appears twice", line, id)
			}
			if src, ok := n.(*prov.Source); ok && src.Text != nil {
				text := normalizeText(*src.Text)
				src.Text = &text
				texts[id] = text
			}
			if err := validate(n); err != nil {
				if prov.ErrorCode(err) == prov.EINVALID && id.Type != typeOfRecord(rec) {
					return fail(prov.Errorf(prov.EINVALID, "id names a %s, not a %s", id.Type, typeOfRecord(rec)))
				}
				return fail(err)
			}
			for _, ref := range refsOf(n) {
				if seen[ref.target] {
					continue
				}
				ok, err := t.exists(ref.target)
				if err != nil {
					return err
				}
				if !ok {
					return fail(prov.Errorf(prov.EINVALID, "%s: %s is neither on an earlier line nor in the store", labelFields[ref.label], ref.target))
				}
			}
			for _, u := range uniquesOf(n) {
				key := string(rune(u.kind)) + u.key
				if other, dup := uniques[key]; dup && other != id {
					return fail(prov.Errorf(prov.ECONFLICT, "%s: %q is also a key of %s on an earlier line", u.field, u.value, other))
				}
				uniques[key] = id
				holder, err := t.lookupUnique(u.kind, u.key)
				if err != nil {
					return err
				}
				if !holder.IsZero() && holder != id {
					return fail(prov.Errorf(prov.ECONFLICT, "%s: %q is already taken by %s %s in the store", u.field, u.value, holder.Type, holder))
				}
			}
			if src, ok := n.(*prov.Source); ok {
				if err := t.checkImportText(src, fileAttrs); err != nil {
					return fail(err)
				}
			}
			if a, ok := n.(*prov.Attribution); ok {
				text, inFile := texts[a.SourceID]
				if !inFile {
					stored, err := t.sourceText(a.SourceID)
					if err != nil {
						return err
					}
					if stored != nil {
						text, inFile = *stored, true
					}
				}
				if inFile {
					if err := a.PlaceQuote(text); err != nil {
						return fail(err)
					}
				}
				fileAttrs[id] = a
			}
			seen[id] = true
			if len(seen)%importBatch == 0 {
				progress("check", len(seen))
			}
		}
	})
}

// checkImportText checks what writing src over a stored source of the same ID would
// refuse: an archived text cannot change, and a text attached to a stored source must
// match the spans of the source's attributions, stored or on earlier lines (fileAttrs,
// whose version of an attribution replaces the stored one).
func (t *tx) checkImportText(src *prov.Source, fileAttrs map[prov.ID]*prov.Attribution) error {
	old, err := getAs[*prov.Source](t, src.ID)
	if prov.ErrorCode(err) == prov.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	hash := src.TextSHA256
	if hash == "" && src.Text != nil {
		hash = prov.TextHash(*src.Text)
	}
	if old.HasText {
		if hash != old.TextSHA256 {
			return prov.Errorf(prov.EINVALID, "source.textSha256: %s has archived text with SHA-256 %s; it cannot change", old.ID, old.TextSHA256)
		}
		return nil
	}
	if src.Text == nil {
		return nil
	}
	ids, err := t.edgeIDs(src.ID, attributionSource)
	if err != nil {
		return err
	}
	for id, a := range fileAttrs {
		if a.SourceID == src.ID && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	sortIDs(ids)
	for _, id := range ids {
		a, ok := fileAttrs[id]
		if !ok {
			if a, err = getAs[*prov.Attribution](t, id); err != nil {
				return err
			}
		}
		if a.SourceID != src.ID {
			continue // the file moves it to another source
		}
		if err := cloneNode(a).PlaceQuote(*src.Text); err != nil {
			return prov.Errorf(prov.EINVALID, "source.text: does not match attribution %s: %s", id, prov.ErrorMessage(err))
		}
	}
	return nil
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
