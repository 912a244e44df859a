package search

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"

	"claimgraph/prov"
	"claimgraph/storage"
)

// auditPage is how many audit entries CatchUp reads at a time (an import's entry
// changes up to 4,096 nodes); batchDocs bounds the documents of one bleve batch.
const (
	auditPage = 32
	batchDocs = 1000
)

// CatchUp brings the index up to the store's audit head: it reads the audit entries
// after the index's checkpoint and re-indexes every node they changed, with the
// documents that depend on them. It rebuilds the index instead (see Reindex) when the
// index is new or of another format, or its checkpoint is not in the store's log (the
// store was restored from a backup, or is another store). It returns quickly when the
// index is current. Safe to call concurrently: calls are serialised.
func (x *Index) CatchUp(ctx context.Context, store *storage.Store) error {
	if err := x.await(ctx); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.catchUpLocked(ctx, store)
}

func (x *Index) catchUpLocked(ctx context.Context, store *storage.Store) error {
	if x.idx == nil {
		return errClosed
	}
	head := store.Head()
	if head == x.cp && x.verified && !x.stale {
		return nil
	}
	ctx, cancel := detach(ctx)
	defer cancel()
	start := time.Now()
	if x.stale || head.Seq < x.cp.Seq || head.Seq == x.cp.Seq && head.Hash != x.cp.Hash || x.cp.Seq == 0 && head.Seq > 0 {
		return x.rebuildLocked(ctx, store)
	}
	if !x.verified && x.cp.Seq > 0 {
		entries, _, err := store.AuditLog(ctx, prov.ID{}, x.cp.Seq-1, 1)
		if err != nil {
			return err
		}
		if len(entries) != 1 || entries[0].Hash != x.cp.Hash {
			return x.rebuildLocked(ctx, store)
		}
	}
	x.verified = true
	stats := CatchUpStats{From: x.cp.Seq}
	// one snapshot for every read, so a write committed meanwhile cannot show a
	// document half old, half new (its entry is replayed by the next catch-up)
	ctx, release := store.WithSnapshot(ctx)
	defer release()
	r := newReader(ctx, store)
	for x.cp.Seq < head.Seq {
		entries, _, err := store.AuditLog(ctx, prov.ID{}, x.cp.Seq, auditPage)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			return fmt.Errorf("search: the audit log ends at %d before the head %d", x.cp.Seq, head.Seq)
		}
		if entries[0].Prev != x.cp.Hash {
			// the log was rewritten under us (a restore): start again
			return x.rebuildLocked(ctx, store)
		}
		dirty := map[prov.ID]bool{}
		for _, e := range entries {
			if err := expand(r, e, dirty); err != nil {
				return err
			}
		}
		last := entries[len(entries)-1]
		next := storage.Head{Seq: last.Seq, Hash: last.Hash}
		n, err := x.write(r, dirty, next)
		if err != nil {
			return err
		}
		stats.Entries += len(entries)
		stats.Documents += n
		x.cp = next
	}
	stats.To, stats.Duration = x.cp.Seq, time.Since(start)
	x.lastCatchUp = stats
	return nil
}

// expand adds to dirty every indexed node that entry e changed, and the nodes whose
// documents hold something of them.
func expand(r *reader, e *storage.AuditEntry, dirty map[prov.ID]bool) error {
	for _, c := range e.Changes {
		id := c.ID
		if !indexed(id.Type) {
			continue
		}
		dirty[id] = true
		existed := c.Before != (storage.Hash{})
		switch id.Type {
		case prov.TypeClaim:
			// its attributions' documents carry its event, claimant and date
			attrs, err := r.store.ClaimAttributions(r.ctx, id)
			if err != nil && prov.ErrorCode(err) != prov.ENOTFOUND {
				return err
			}
			for _, a := range attrs {
				dirty[a.ID] = true
			}
		case prov.TypeAttribution:
			// the claim's document holds the quote: the claim it belongs to now, and
			// the one it belonged to before this entry
			a, err := r.store.Attribution(r.ctx, id)
			switch {
			case err == nil:
				dirty[a.ClaimID] = true
			case prov.ErrorCode(err) != prov.ENOTFOUND:
				return err
			}
			if existed {
				old, err := versionBefore(r, id, e.Seq)
				if err != nil {
					return err
				}
				if old, ok := old.(*prov.Attribution); ok {
					dirty[old.ClaimID] = true
				}
			}
		case prov.TypeActor:
			if !existed {
				continue // a new actor is no one's claimant yet
			}
			if err := claimsOf(r, storage.ClaimFilter{ClaimantID: id}, dirty); err != nil {
				return err
			}
		case prov.TypeSource:
			if !existed {
				continue
			}
			// claims and attributions in it take their dates from it
			attrs, err := r.store.SourceAttributions(r.ctx, id)
			if err != nil && prov.ErrorCode(err) != prov.ENOTFOUND {
				return err
			}
			for _, a := range attrs {
				dirty[a.ID] = true
				dirty[a.ClaimID] = true
			}
		}
	}
	return nil
}

// versionBefore returns node id as it was before audit entry seq, or nil.
func versionBefore(r *reader, id prov.ID, seq uint64) (prov.Node, error) {
	versions, err := r.store.History(r.ctx, id)
	if prov.ErrorCode(err) == prov.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out prov.Node
	for _, v := range versions {
		if v.Entry.Seq < seq {
			out = v.Node
		}
	}
	return out, nil
}

func claimsOf(r *reader, f storage.ClaimFilter, dirty map[prov.ID]bool) error {
	var after prov.ID
	for {
		page, err := r.store.Claims(r.ctx, f, storage.Page{First: storage.MaxPageSize, After: after})
		if prov.ErrorCode(err) == prov.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		for _, c := range page.Items {
			dirty[c.ID] = true
			after = c.ID
		}
		if !page.HasNextPage {
			return nil
		}
	}
}

// write re-indexes the dirty nodes from the store in batches; the last batch also
// records checkpoint next. It returns the number of documents written or deleted.
func (x *Index) write(r *reader, dirty map[prov.ID]bool, next storage.Head) (int, error) {
	ids := sortedIDs(dirty)
	b := x.idx.NewBatch()
	for i, id := range ids {
		f, err := r.doc(id)
		if err != nil {
			return 0, fmt.Errorf("search: read %s: %w", id, err)
		}
		if f == nil {
			b.Delete(docID(id))
		} else if err := b.Index(docID(id), f); err != nil {
			return 0, fmt.Errorf("search: index %s: %w", id, err)
		}
		if b.Size() >= batchDocs && i < len(ids)-1 {
			if err := x.apply(b, next); err != nil {
				return 0, err
			}
			b.Reset()
		}
	}
	b.SetInternal(keyCheckpoint, encodeCheckpoint(next))
	done := make(chan error, 1)
	if x.dir != "" {
		b.SetPersistedCallback(func(err error) { done <- err })
	} else {
		done <- nil
	}
	if err := x.apply(b, next); err != nil {
		return 0, err
	}
	// wait for it (and so every batch before it) to be persisted, without holding
	// queries off meanwhile
	if err := <-done; err != nil {
		return 0, err
	}
	return len(ids), nil
}

// apply applies one batch of documents that reflect the store up to entry next,
// excluding queries while it does (see Index.applied).
func (x *Index) apply(b *bleve.Batch, next storage.Head) error {
	x.swap.Lock()
	defer x.swap.Unlock()
	if x.idx == nil {
		return errClosed
	}
	x.applied = next
	return x.idx.Batch(b)
}

func sortedIDs(set map[prov.ID]bool) []prov.ID {
	ids := make([]prov.ID, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b prov.ID) int {
		if a.Type != b.Type {
			return int(a.Type) - int(b.Type)
		}
		if a.Seq < b.Seq {
			return -1
		}
		if a.Seq > b.Seq {
			return 1
		}
		return 0
	})
	return ids
}

// Reindex drops the index and rebuilds it from the store's current nodes, then
// catches up with whatever was written meanwhile.
func (x *Index) Reindex(ctx context.Context, store *storage.Store) error {
	if err := x.await(ctx); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return errClosed
	}
	ctx, cancel := detach(ctx)
	defer cancel()
	return x.rebuildLocked(ctx, store)
}

// rebuildLocked builds a new index from the store and swaps it in. Its checkpoint is
// the head of the snapshot the walk reads, so the documents are exactly as of it; the
// catch-up that follows applies what was written since.
func (x *Index) rebuildLocked(ctx context.Context, store *storage.Store) error {
	done := make(chan struct{})
	x.rebuilt.Store(&done)
	defer func() {
		x.rebuilt.Store(nil)
		close(done)
	}()
	start := time.Now()
	fresh, tmp, err := x.newEmpty()
	if err != nil {
		return err
	}
	head, n, err := fill(ctx, store, fresh, tmp != "")
	if err != nil {
		fresh.Close()
		if tmp != "" {
			os.RemoveAll(tmp)
		}
		return err
	}
	if err := x.install(fresh, tmp, head); err != nil {
		return err
	}
	x.cp, x.verified, x.stale = head, true, false
	if err := x.catchUpLocked(ctx, store); err != nil {
		return err
	}
	x.lastCatchUp = CatchUpStats{To: x.cp.Seq, Documents: n, Rebuilt: true, Duration: time.Since(start)}
	return nil
}

// newEmpty creates an empty index: in memory, or in a directory beside x.dir.
func (x *Index) newEmpty() (bleve.Index, string, error) {
	if x.dir == "" {
		idx, err := newBleve("")
		return idx, "", err
	}
	tmp := x.dir + ".rebuild"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, "", err
	}
	idx, err := newBleve(tmp)
	if err != nil {
		return nil, "", fmt.Errorf("search: create index in %s: %w", tmp, err)
	}
	return idx, tmp, nil
}

// install swaps a rebuilt index, whose documents are as of head, in for the current
// one.
func (x *Index) install(fresh bleve.Index, tmp string, head storage.Head) error {
	x.swap.Lock()
	defer x.swap.Unlock()
	x.applied = head
	old := x.idx
	x.idx = nil
	if err := old.Close(); err != nil {
		fresh.Close()
		return err
	}
	if tmp == "" {
		x.idx = fresh
		return nil
	}
	if err := fresh.Close(); err != nil {
		return err
	}
	if err := os.RemoveAll(x.dir); err != nil {
		return err
	}
	if err := os.Rename(tmp, x.dir); err != nil {
		return err
	}
	idx, err := openBleve(x.dir)
	if err != nil {
		return fmt.Errorf("search: reopen rebuilt index: %w", err)
	}
	x.idx = idx
	return nil
}

// fill indexes every event, actor, source, claim and attribution of the store into
// idx, as of one snapshot, and records the snapshot's audit head as the checkpoint. It
// returns that head and the number of documents.
func fill(ctx context.Context, store *storage.Store, idx bleve.Index, onDisk bool) (storage.Head, int, error) {
	ctx, release := store.WithSnapshot(ctx)
	defer release()
	head, err := store.SnapshotHead(ctx)
	if err != nil {
		return head, 0, err
	}
	n, err := fillFrom(ctx, store, idx)
	if err != nil {
		return head, n, err
	}
	b := idx.NewBatch()
	b.SetInternal(keyCheckpoint, encodeCheckpoint(head))
	return head, n, commitDurably(idx, b, onDisk)
}

// fillFrom indexes every node ctx's snapshot holds into idx.
func fillFrom(ctx context.Context, store *storage.Store, idx bleve.Index) (int, error) {
	r := newReader(ctx, store)
	b := idx.NewBatch()
	n := 0
	add := func(id prov.ID, f map[string]any) error {
		if err := b.Index(docID(id), f); err != nil {
			return err
		}
		n++
		if b.Size() >= batchDocs {
			if err := idx.Batch(b); err != nil {
				return err
			}
			b.Reset()
		}
		return nil
	}
	var after prov.ID
	for {
		page, err := store.Events(ctx, storage.EventFilter{}, storage.Page{First: storage.MaxPageSize, After: after})
		if err != nil {
			return n, err
		}
		for _, e := range page.Items {
			if err := add(e.ID, eventFields(e)); err != nil {
				return n, err
			}
			after = e.ID
		}
		if !page.HasNextPage {
			break
		}
	}
	after = prov.ID{}
	for {
		page, err := store.Actors(ctx, storage.ActorFilter{}, storage.Page{First: storage.MaxPageSize, After: after})
		if err != nil {
			return n, err
		}
		for _, a := range page.Items {
			if err := add(a.ID, actorFields(a)); err != nil {
				return n, err
			}
			after = a.ID
		}
		if !page.HasNextPage {
			break
		}
	}
	after = prov.ID{}
	for {
		page, err := store.Sources(ctx, storage.SourceFilter{}, storage.Page{First: storage.MaxPageSize, After: after})
		if err != nil {
			return n, err
		}
		for _, s := range page.Items {
			var text *string
			if s.HasText {
				if text, err = store.SourceText(ctx, s.ID); err != nil {
					return n, err
				}
			}
			if err := add(s.ID, sourceFields(s, text)); err != nil {
				return n, err
			}
			after = s.ID
		}
		if !page.HasNextPage {
			break
		}
	}
	after = prov.ID{}
	for {
		page, err := store.Claims(ctx, storage.ClaimFilter{}, storage.Page{First: storage.MaxPageSize, After: after})
		if err != nil {
			return n, err
		}
		for _, c := range page.Items {
			f, attrs, err := r.claimDoc(c)
			if err != nil {
				return n, err
			}
			if err := add(c.ID, f); err != nil {
				return n, err
			}
			for _, a := range attrs {
				p, err := r.published(a.SourceID)
				if err != nil {
					return n, err
				}
				if err := add(a.ID, attributionFields(a, c, p)); err != nil {
					return n, err
				}
			}
			after = c.ID
		}
		if !page.HasNextPage {
			break
		}
	}
	return n, idx.Batch(b)
}

// Follow catches the index up with the store every interval until ctx is done, so
// that queries rarely wait for a catch-up of their own; onError (may be nil) hears of
// each failure, and the next tick tries again. Queries catch up anyway: Follow is an
// optimisation, not what keeps results current.
func (x *Index) Follow(ctx context.Context, store *storage.Store, interval time.Duration, onError func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := x.CatchUp(ctx, store); err != nil && ctx.Err() == nil && onError != nil {
				onError(err)
			}
		}
	}
}
