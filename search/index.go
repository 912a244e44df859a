// Package search is claimgraph's full-text index: a bleve index over claim texts and
// their attributions' quotes, attribution quotes, actor names and aliases, source titles
// and archived texts, and event names and descriptions, ranked with BM25.
//
// The index is derived from the store and never written by anything else. The store's
// audit log is its outbox: every committed write is an audit entry, written in the same
// Badger transaction, that names the nodes it changed. The index keeps, with itself (a
// bleve internal key written in the same batch as the documents), the sequence number
// and hash of the last audit entry it reflects. CatchUp reads the entries after it,
// re-reads each changed node (and the documents that depend on it: a claim's document
// holds its attributions' quotes and its claimant's names) and writes the new documents
// with the new checkpoint in one batch. Search and MatchClaims catch up to the store's
// head before they query, so a query never misses a write committed before it began;
// when nothing changed that costs one mutex and one comparison. They answer as of the
// request's snapshot, though the index may have applied later writes (see view). A
// crash between a
// store commit and the index batch loses nothing: the next CatchUp (at start-up, or
// the first query) replays the entries after the checkpoint. When the checkpoint does
// not match the store's log (a restored backup, a different store, an index written by
// an older analysis), or the index is new, CatchUp rebuilds it from the store's
// current nodes; Reindex does so on demand (`claimgraph reindex`).
//
// Text is analysed by package search/analysis (folding, stop words, Porter2 stems),
// registered in bleve as the analyzer "claimgraph_en", so the index, queries, snippets
// and the claims text filter (MatchClaims) agree on what a word is.
//
// See docs/SEARCH.md for the query syntax, the documents and their fields, the
// measurements and why bleve rather than an inverted index inside Badger.
package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"claimgraph/prov"
	"claimgraph/search/analysis"
	"claimgraph/storage"
)

// AnalyzerName is the name of claimgraph's analyzer in bleve's registry.
const AnalyzerName = "claimgraph_en"

// formatVersion changes whenever the analysis or the documents change; an index written
// with another version is rebuilt by the next CatchUp.
const formatVersion = "claimgraph-search-5" // 4 was a short-lived document layout

var (
	keyCheckpoint = []byte("claimgraph.checkpoint")
	keyFormat     = []byte("claimgraph.format")
)

// Index fields.
const (
	fieldType = "type"
	fieldText = "text" // a claim's canonical text, for the claims list's text filter
	// The words of a document, by type group: its own text (claim text, quote, name,
	// title) and the words around it (a claim's quotes and claimant, aliases, source
	// text). One field per group lets a type filter pick fields instead of
	// intersecting with a type's posting list, and weighs the groups against each other.
	fieldAllClaims       = "all_c"
	fieldAllAttributions = "all_a"
	fieldAllOthers       = "all_o" // actors, sources, events
	fieldEvent           = "event"
	fieldClaimant        = "claimant"
	fieldSource          = "source"
	fieldClaim           = "claim"
	fieldKinds           = "kinds"
	fieldDate            = "date"
)

type bleveAnalyzer struct{}

func (bleveAnalyzer) Analyze(input []byte) bleveanalysis.TokenStream {
	toks := analysis.Analyze(string(input))
	out := make(bleveanalysis.TokenStream, len(toks))
	for i, t := range toks {
		out[i] = &bleveanalysis.Token{Start: t.Start, End: t.End, Term: []byte(t.Term), Position: t.Pos, Type: bleveanalysis.AlphaNumeric}
	}
	return out
}

func init() {
	err := registry.RegisterAnalyzer(AnalyzerName, func(map[string]any, *registry.Cache) (bleveanalysis.Analyzer, error) {
		return bleveAnalyzer{}, nil
	})
	if err != nil {
		panic(err)
	}
}

// newMapping returns the index mapping: one static document mapping for every node
// type, BM25 scoring, nothing stored but an attribution's claim ID (snippets are cut
// from the store's text).
func newMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = AnalyzerName
	text.Store = false
	text.IncludeInAll = false
	text.IncludeTermVectors = true // positions, for phrase queries
	text.DocValues = false

	keyword := bleve.NewKeywordFieldMapping()
	keyword.Store = false
	keyword.IncludeInAll = false
	keyword.IncludeTermVectors = false
	keyword.DocValues = false

	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = false

	dm := bleve.NewDocumentStaticMapping()
	for _, f := range []string{fieldText, fieldAllClaims, fieldAllAttributions, fieldAllOthers} {
		dm.AddFieldMappingsAt(f, text)
	}
	for _, f := range []string{fieldType, fieldEvent, fieldClaimant, fieldSource, fieldKinds} {
		dm.AddFieldMappingsAt(f, keyword)
	}
	// an attribution's claim is stored, not searched: ranking reads it to keep a
	// quote below the claim that carries it
	claim := bleve.NewKeywordFieldMapping()
	claim.Store = true
	claim.Index = false
	claim.IncludeInAll = false
	claim.IncludeTermVectors = false
	claim.DocValues = false
	dm.AddFieldMappingsAt(fieldClaim, claim)
	dm.AddFieldMappingsAt(fieldDate, date)

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = AnalyzerName
	im.ScoringModel = bleveindex.BM25Scoring
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// Index is the full-text index. It is safe for concurrent use.
type Index struct {
	dir string // "" in memory

	// mu serialises catching up and rebuilding.
	mu sync.Mutex
	// swap guards idx: queries hold it shared, a rebuild exclusively while it swaps.
	swap sync.RWMutex
	idx  bleve.Index
	// cp is the last audit entry the index reflects; zero for a new or stale index.
	cp storage.Head
	// applied bounds what the documents reflect: every document is as of cp or of a
	// later entry, none later than applied (a catch-up applies a page of entries in
	// several batches before it moves cp). Written under swap's write lock, so a query
	// holding swap shared sees documents and applied that agree.
	applied storage.Head
	// verified is set once cp has been checked against the store's log.
	verified bool
	stale    bool // the index was written by another format version

	// Stats of the last catch-up, for tests and logs.
	lastCatchUp CatchUpStats

	// opened, for an index OpenLater opens, is closed when it is open (openErr says
	// whether it failed); nil for one Open returned open.
	opened  chan struct{}
	openErr error
	// rebuilt is, while a rebuild fills a new index, closed when it is done: queries
	// wait for it at most rebuildWait (see begin).
	rebuilt atomic.Pointer[chan struct{}]
}

// rebuildWait bounds how long a query waits for a rebuild (the demo data's takes
// milliseconds, a million claims' minutes) before it fails with EUNAVAILABLE.
const rebuildWait = 10 * time.Second

// CatchUpStats describes what one CatchUp did.
type CatchUpStats struct {
	// From and To are the checkpoints before and after.
	From, To uint64
	// Entries is the number of audit entries read, Documents the number of documents
	// written or deleted.
	Entries, Documents int
	// Rebuilt is set when the index was rebuilt from the store.
	Rebuilt  bool
	Duration time.Duration
}

// Open opens the index in dir, creating it if absent; dir "" keeps it in memory. A new
// index, or one written by another version of this package, is empty until the first
// CatchUp or Reindex fills it from the store.
func Open(dir string) (*Index, error) {
	x := &Index{dir: dir}
	if err := x.open(); err != nil {
		return nil, err
	}
	return x, nil
}

// OpenLater returns at once an index it opens as Open does, in the background: what
// the index is asked meanwhile waits for it (a query for as long as its context
// allows, then it fails with EUNAVAILABLE), and fails with the error if opening does.
// On a cold start opening a large index waits for the disk (half a second at a
// million claims), which requests that do not search need not wait for.
func OpenLater(dir string) *Index {
	x := &Index{dir: dir, opened: make(chan struct{})}
	go func() {
		defer close(x.opened)
		x.openErr = x.open()
	}()
	return x
}

// await waits until the index is open, for as long as ctx allows. It returns the
// error of opening it, or EUNAVAILABLE when ctx ends first.
func (x *Index) await(ctx context.Context) error {
	if x.opened == nil {
		return nil
	}
	select {
	case <-x.opened:
		return x.openErr
	case <-ctx.Done():
		return prov.Errorf(prov.EUNAVAILABLE, "the search index is still opening: try again shortly")
	}
}

func (x *Index) open() error {
	dir := x.dir
	if dir == "" {
		idx, err := newBleve("")
		if err != nil {
			return fmt.Errorf("search: create in-memory index: %w", err)
		}
		x.idx = idx
		return nil
	}
	idx, err := openBleve(dir)
	switch {
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
		if idx, err = newBleve(dir); err != nil {
			return fmt.Errorf("search: create index in %s: %w", dir, err)
		}
	case err != nil:
		// A damaged index is derived data: start again, and rebuild from the store.
		if idx, err = recreate(dir); err != nil {
			return err
		}
	}
	x.idx = idx
	format, err := idx.GetInternal(keyFormat)
	if err != nil {
		idx.Close()
		return err
	}
	if string(format) != formatVersion {
		x.stale = true
		return nil
	}
	raw, err := idx.GetInternal(keyCheckpoint)
	if err != nil {
		idx.Close()
		return err
	}
	if cp, ok := decodeCheckpoint(raw); ok {
		x.cp, x.applied = cp, cp
	}
	return nil
}

func recreate(dir string) (bleve.Index, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("search: remove index %s: %w", dir, err)
	}
	idx, err := newBleve(dir)
	if err != nil {
		return nil, fmt.Errorf("search: create index in %s: %w", dir, err)
	}
	return idx, nil
}

// scorchConfig: batches return once applied in memory and are persisted in the
// background ("unsafe_batch"), except the last of each CatchUp or rebuild, which
// carries the checkpoint and is waited for (commitDurably). That is safe: the
// checkpoint is in the same batch as the documents it covers and scorch persists
// them together, so a crash loses documents and checkpoint alike, and the next
// CatchUp replays them from the audit log.
func scorchConfig() map[string]any { return map[string]any{"unsafe_batch": true} }

// newBleve creates a scorch index in dir, or in memory for "" (scorch too, so tests
// run the engine and the BM25 scoring that production does).
func newBleve(dir string) (bleve.Index, error) {
	idx, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, scorchConfig())
	if err != nil {
		return nil, err
	}
	if err := idx.SetInternal(keyFormat, []byte(formatVersion)); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

func openBleve(dir string) (bleve.Index, error) { return bleve.OpenUsing(dir, scorchConfig()) }

// Close closes the index. Documents and checkpoint are already durable: each batch is
// committed before CatchUp returns.
func (x *Index) Close() error {
	if err := x.await(context.Background()); err != nil {
		return nil // nothing was opened
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.swap.Lock()
	defer x.swap.Unlock()
	if x.idx == nil {
		return nil
	}
	err := x.idx.Close()
	x.idx = nil
	return err
}

// Checkpoint returns the last audit entry the index reflects.
func (x *Index) Checkpoint() storage.Head {
	x.await(context.Background())
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.cp
}

// LastCatchUp returns what the last CatchUp that had anything to do did.
func (x *Index) LastCatchUp() CatchUpStats {
	x.await(context.Background())
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.lastCatchUp
}

// DocCount returns the number of documents in the index.
func (x *Index) DocCount() (uint64, error) {
	if err := x.await(context.Background()); err != nil {
		return 0, err
	}
	x.swap.RLock()
	defer x.swap.RUnlock()
	if x.idx == nil {
		return 0, errClosed
	}
	return x.idx.DocCount()
}

var errClosed = errors.New("search: index closed")

func encodeCheckpoint(h storage.Head) []byte {
	return append(binary.BigEndian.AppendUint64(nil, h.Seq), h.Hash[:]...)
}

func decodeCheckpoint(b []byte) (storage.Head, bool) {
	var h storage.Head
	if len(b) != 8+len(h.Hash) {
		return h, false
	}
	h.Seq = binary.BigEndian.Uint64(b)
	copy(h.Hash[:], b[8:])
	return h, true
}

// DefaultDir returns where the server keeps the index of the store in dataDir.
func DefaultDir(dataDir string) string { return filepath.Join(dataDir, "fulltext") }

// detach returns a context with ctx's cancellation but none of its values, so reads
// made to catch up see the store as it is now rather than a request's snapshot.
func detach(ctx context.Context) (context.Context, context.CancelFunc) {
	c, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(ctx, cancel)
	return c, func() { stop(); cancel() }
}

// docID is the index's document ID of a node: its ID string, which sorts in ID order
// within a type.
func docID(id prov.ID) string { return id.String() }

// commitDurably applies a batch and waits until it (and so every batch before it) is
// persisted; in memory it only applies it.
func commitDurably(idx bleve.Index, b *bleve.Batch, onDisk bool) error {
	if !onDisk {
		return idx.Batch(b)
	}
	done := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { done <- err })
	if err := idx.Batch(b); err != nil {
		return err
	}
	return <-done
}
