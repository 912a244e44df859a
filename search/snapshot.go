package search

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"claimgraph/prov"
	"claimgraph/storage"
)

// A request reads the store through one snapshot, taken at its first read, but the
// index only moves forward: by the time a field of the request queries it, another
// request may have caught it up with writes the snapshot does not see. Queried as it
// is, it would return nodes the snapshot does not have (created since), miss nodes it
// has (deleted since), and match nodes by words they did not have yet; its counts
// would not be the page's. So a query runs on a view: the index, held still, with the
// documents that writes after the snapshot touched left out of it, and those
// documents as the snapshot has them in a small in-memory index beside it. The writes
// after the snapshot are the audit entries between the snapshot's head and what the
// index has applied; the documents they touched are found as CatchUp finds them
// (expand), both as the store is now and as the snapshot has it.

// maxOverlay bounds the documents a view re-reads from the snapshot. A request whose
// snapshot is older than more writes than that (one open through a large import) is
// answered from the index as it is, its hits filtered to the nodes the snapshot has:
// see view.approximate.
const maxOverlay = 2000

// view is what one query of a request reads. It holds the index's swap lock shared
// until close, so no catch-up applies a batch meanwhile.
type view struct {
	x   *Index
	idx bleve.Index
	// changed are the documents that may differ between the index and the snapshot,
	// sorted; the index's versions of them are left out of every query.
	changed []string
	// side holds the snapshot's versions of the changed documents that it has; nil
	// when none.
	side bleve.Index
	// approximate is set when the view could not be corrected to the snapshot (the
	// audit log does not lead from the snapshot's head to the index's, or too many
	// documents changed since): queries then read the index as it is, and the caller
	// drops hits whose node the snapshot does not have.
	approximate bool
}

// begin catches the index up with the store and opens a view of it as of ctx's
// snapshot (see storage.Store.WithSnapshot; without one, as of now). wanted reports the
// node types the query can match: only their documents are re-read. The caller must
// close the view. It returns errClosed, or the store's read error.
func (x *Index) begin(ctx context.Context, store *storage.Store, wanted func(prov.NodeType) bool) (*view, error) {
	// the snapshot first: taken now if this is the request's first read, so the
	// catch-up below covers it
	snap, err := store.SnapshotHead(ctx)
	if err != nil {
		return nil, err
	}
	if done := x.rebuilt.Load(); done != nil {
		t := time.NewTimer(rebuildWait)
		defer t.Stop()
		select {
		case <-*done:
		case <-ctx.Done():
			return nil, prov.Errorf(prov.EUNAVAILABLE, "the search index is being built from the store: try again later")
		case <-t.C:
			return nil, prov.Errorf(prov.EUNAVAILABLE, "the search index is being built from the store (at a million claims that takes minutes): try again later")
		}
	}
	if err := x.CatchUp(ctx, store); err != nil {
		return nil, err
	}
	x.swap.RLock()
	v := &view{x: x, idx: x.idx}
	if v.idx == nil {
		x.swap.RUnlock()
		return nil, errClosed
	}
	if snap != x.applied {
		if err := v.correct(ctx, store, snap, x.applied, wanted); err != nil {
			v.close()
			return nil, err
		}
	}
	return v, nil
}

func (v *view) close() {
	if v.side != nil {
		v.side.Close()
	}
	v.x.swap.RUnlock()
}

// correct finds the documents the entries after from, up to to, touched, and indexes
// the snapshot's versions of those of the wanted types into v.side.
func (v *view) correct(ctx context.Context, store *storage.Store, from, to storage.Head, wanted func(prov.NodeType) bool) error {
	if from.Seq > to.Seq {
		v.approximate = true // the index is behind the snapshot: only a rewritten log
		return nil
	}
	now, cancel := detach(ctx)
	defer cancel()
	current, snapshot := newReader(now, store), newReader(ctx, store)
	dirty := map[prov.ID]bool{}
	for prev := from; prev != to; {
		if prev.Seq >= to.Seq {
			v.approximate = true
			return nil
		}
		entries, _, err := store.AuditLog(now, prov.ID{}, prev.Seq, int(min(auditPage, to.Seq-prev.Seq)))
		if err != nil {
			return err
		}
		if len(entries) == 0 || entries[0].Prev != prev.Hash {
			v.approximate = true
			return nil
		}
		for _, e := range entries {
			// as the store is now and as the snapshot has it: between the two, every
			// document that held something of a changed node is found by one or the
			// other (a claim that left a renamed claimant since is the snapshot's)
			for _, r := range []*reader{current, snapshot} {
				if err := expand(r, e, dirty); err != nil {
					return err
				}
			}
			prev = storage.Head{Seq: e.Seq, Hash: e.Hash}
		}
		if len(dirty) > maxOverlay {
			v.approximate = true
			return nil
		}
	}
	ids := sortedIDs(dirty)
	ids = slices.DeleteFunc(ids, func(id prov.ID) bool { return !wanted(id.Type) })
	if len(ids) == 0 {
		return nil
	}
	var b *bleve.Batch
	for _, id := range ids {
		v.changed = append(v.changed, docID(id))
		f, err := snapshot.doc(id)
		if err != nil {
			return err
		}
		if f == nil {
			continue // created since the snapshot
		}
		if v.side == nil {
			if v.side, err = newBleve(""); err != nil {
				return err
			}
			b = v.side.NewBatch()
		}
		if err := b.Index(docID(id), f); err != nil {
			return err
		}
	}
	sort.Strings(v.changed)
	if v.side == nil {
		return nil
	}
	return v.side.Batch(b)
}

// corrected reports whether queries need merging with the snapshot's documents.
func (v *view) corrected() bool { return len(v.changed) > 0 }

// exclude returns q without the changed documents.
func (v *view) exclude(q query.Query) query.Query {
	if !v.corrected() {
		return q
	}
	return query.NewBooleanQuery([]query.Query{q}, nil, []query.Query{query.NewDocIDQuery(v.changed)})
}

// searchIdx runs req on one index of the view.
func (v *view) searchIdx(ctx context.Context, idx bleve.Index, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return runOn(ctx, idx, req)
}

// ranked returns size hits from offset of q in the view, by BM25 (best first, ties
// in bleve's order), with the stored fields named, and how many documents match.
func (v *view) ranked(ctx context.Context, q query.Query, size, offset int, fields []string) (blevesearch.DocumentMatchCollection, int, error) {
	req := func(q query.Query, size, offset int) *bleve.SearchRequest {
		r := bleve.NewSearchRequestOptions(q, size, offset, false)
		r.Fields = fields
		return r
	}
	if !v.corrected() {
		res, err := v.searchIdx(ctx, v.idx, req(q, size, offset))
		if err != nil {
			return nil, 0, err
		}
		return res.Hits, int(res.Total), nil
	}
	// the index without the changed documents, down to the page's end, merged with
	// the snapshot's versions of them
	main, err := v.searchIdx(ctx, v.idx, req(v.exclude(q), offset+size, 0))
	if err != nil {
		return nil, 0, err
	}
	hits, total := main.Hits, int(main.Total)
	if v.side != nil {
		side, err := v.searchIdx(ctx, v.side, req(q, len(v.changed), 0))
		if err != nil {
			return nil, 0, err
		}
		if err := v.rescore(ctx, q, side.Hits); err != nil {
			return nil, 0, err
		}
		hits = append(hits, side.Hits...)
		total += int(side.Total)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	if offset >= len(hits) {
		return nil, total, nil
	}
	return hits[offset:min(len(hits), offset+size)], total, nil
}

// rescore gives the snapshot's versions of changed documents the scores the index
// gives their current versions, where those match too: a small index's term
// statistics are not the collection's, and a document changed since the snapshot
// mostly still matches as it did. A document that matches only as the snapshot has it
// keeps the small index's score.
func (v *view) rescore(ctx context.Context, q query.Query, hits blevesearch.DocumentMatchCollection) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	only := query.NewDocIDQuery(ids)
	only.SetBoost(0)
	res, err := v.searchIdx(ctx, v.idx, bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{q, only}), len(ids), 0, false))
	if err != nil {
		return err
	}
	score := make(map[string]float64, len(res.Hits))
	for _, h := range res.Hits {
		score[h.ID] = h.Score
	}
	for _, h := range hits {
		if s, ok := score[h.ID]; ok {
			h.Score = s
		}
	}
	return nil
}

// byID returns up to size IDs of the documents that match q after the document
// after ("" from the start), in ID order and unscored, and how many match in all.
func (v *view) byID(ctx context.Context, q query.Query, size int, after string) ([]string, int, error) {
	run := func(idx bleve.Index, q query.Query) (*bleve.SearchResult, error) {
		req := bleve.NewSearchRequestOptions(q, size, 0, false)
		// In ID order, ranking is not needed: scoring was 85% of a rare filter's time
		// at a million claims. (Sorting on a doc-value copy of the ID instead of _id
		// measured slower: each match decompresses a doc-value chunk.)
		req.Score = "none"
		req.SortBy([]string{"_id"})
		if after != "" {
			req.SetSearchAfter([]string{after})
		}
		return v.searchIdx(ctx, idx, req)
	}
	// Total counts every match, those before the cursor too: bleve counts a hit
	// before it skips it for SearchAfter.
	main, err := run(v.idx, v.exclude(q))
	if err != nil {
		return nil, 0, err
	}
	total := int(main.Total)
	ids := make([]string, 0, len(main.Hits))
	for _, h := range main.Hits {
		ids = append(ids, h.ID)
	}
	if v.side != nil {
		side, err := run(v.side, q)
		if err != nil {
			return nil, 0, err
		}
		total += int(side.Total)
		for _, h := range side.Hits {
			ids = append(ids, h.ID)
		}
		sort.Strings(ids)
		ids = ids[:min(len(ids), size)]
	}
	return ids, total, nil
}
