package search

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"claimgraph/prov"
	"claimgraph/search/corpus"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

// benchClaims is the size of the benchmark corpus: 1,000,000 with CLAIMGRAPH_BENCH_1M=1,
// else CLAIMGRAPH_BENCH_CLAIMS, else 100,000.
func benchClaims(b *testing.B) int {
	if os.Getenv("CLAIMGRAPH_BENCH_1M") == "1" {
		return 1_000_000
	}
	if s := os.Getenv("CLAIMGRAPH_BENCH_CLAIMS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 100_000
}

// dirSize returns the disk space the files under dir take (allocated blocks, as du
// counts them: Badger preallocates sparse value-log files far larger than their data).
func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			n += st.Blocks * 512
		} else {
			n += info.Size()
		}
		return nil
	})
	return n
}

// buildBenchIndex indexes n synthetic claims, each with its attributions as documents
// of their own (the shape Reindex gives a store), straight into the index (a store of a
// million claims would take far longer to write than to index). It returns the build
// time and the number of documents.
func buildBenchIndex(b *testing.B, x *Index, n int) (time.Duration, int) {
	g := corpus.New(1)
	start := time.Now()
	batch := x.idx.NewBatch()
	docs := 0
	attSeq := uint64(0)
	day0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		c := g.Claim()
		claim := &prov.Claim{
			ID: prov.NewID(prov.TypeClaim, uint64(i+1)), Text: c.Text,
			ClaimantID: prov.NewID(prov.TypeActor, uint64(i%5000+1)),
			EventID:    prov.NewID(prov.TypeEvent, uint64(c.Event+1)),
		}
		claimant := &prov.Actor{ID: claim.ClaimantID, Name: c.Claimant, Aliases: c.Aliases, Kind: prov.ActorPerson}
		published := map[prov.ID]*time.Time{}
		var attrs []*prov.Attribution
		for j, q := range c.Quotes {
			attSeq++
			src := prov.NewID(prov.TypeSource, uint64(c.Sources[j]+1))
			d := day0.AddDate(0, 0, c.Sources[j]%2000)
			published[src] = &d
			attrs = append(attrs, &prov.Attribution{ID: prov.NewID(prov.TypeAttribution, attSeq), ClaimID: claim.ID, SourceID: src, Quote: q, Kind: prov.AttributionIndirect})
		}
		if err := batch.Index(docID(claim.ID), claimFields(claim, attrs, published, claimant)); err != nil {
			b.Fatal(err)
		}
		for _, a := range attrs {
			if err := batch.Index(docID(a.ID), attributionFields(a, claim, published[a.SourceID])); err != nil {
				b.Fatal(err)
			}
		}
		docs += 1 + len(attrs)
		if batch.Size() >= 2000 {
			if err := x.idx.Batch(batch); err != nil {
				b.Fatal(err)
			}
			batch.Reset()
		}
	}
	// batches are persisted in the background; wait for the last, and so for all
	if err := commitDurably(x.idx, batch, true); err != nil {
		b.Fatal(err)
	}
	return time.Since(start), docs
}

// rawView is a view of the index as it is, for benchmarks of the index alone.
func (x *Index) rawView() *view {
	x.swap.RLock()
	return &view{x: x, idx: x.idx}
}

// BenchmarkSearchTwoWords measures the bleve index on synthetic claims written
// straight into it: build throughput, size per claim, and the latency of the ranked
// two-word query Search runs (a page of 20, claims before their quotes) without
// reading the hits' nodes from a store — the engine comparison's figure.
// BenchmarkSearchThroughStore measures what the API's search costs.
// At 100,000 claims by default; at a million:
//
//	CLAIMGRAPH_BENCH_1M=1 go test ./search/ -run '^$' -bench SearchTwoWords -benchtime 2000x -timeout 60m
//
// With CLAIMGRAPH_BENCH_INDEX=DIR the index is kept in DIR and reused by later runs.
func BenchmarkSearchTwoWords(b *testing.B) {
	n := benchClaims(b)
	dir := os.Getenv("CLAIMGRAPH_BENCH_INDEX")
	reuse := false
	if dir == "" {
		dir = filepath.Join(b.TempDir(), "index")
	} else {
		_, err := os.Stat(filepath.Join(dir, "claims-"+strconv.Itoa(n)))
		reuse = err == nil
	}
	x, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { x.Close() }()
	if !reuse {
		build, docs := buildBenchIndex(b, x, n)
		b.Logf("built %d claims (%d documents) in %v: %.0f claims/s, %.0f docs/s", n, docs, build.Round(time.Millisecond), float64(n)/build.Seconds(), float64(docs)/build.Seconds())
		// let scorch persist and merge, then measure what it settles at
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
		if x, err = Open(dir); err != nil {
			b.Fatal(err)
		}
		if os.Getenv("CLAIMGRAPH_BENCH_INDEX") != "" {
			os.WriteFile(filepath.Join(dir, "claims-"+strconv.Itoa(n)), nil, 0o644)
		}
	}
	b.Logf("index size %d bytes, %.0f bytes/claim", dirSize(dir), float64(dirSize(dir))/float64(n))
	queries := corpus.New(2).Queries(1000)
	ctx := context.Background()
	for _, bc := range []struct {
		name  string
		query func(string) string
		types []prov.NodeType
	}{
		{"words", func(q string) string { return q }, nil},
		{"words-claims-only", func(q string) string { return q }, []prov.NodeType{prov.TypeClaim}},
		{"phrase", func(q string) string { return `"` + q + `"` }, nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			pl, err := Query{Types: bc.types}.plan()
			if err != nil {
				b.Fatal(err)
			}
			lat := make([]time.Duration, 0, b.N)
			hits := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				v := x.rawView()
				_, total, _, err := v.rankMode(ctx, Parse(bc.query(queries[i%len(queries)])), pl, 21, 0, "")
				v.close()
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				hits += total
			}
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(hits)/float64(b.N), "matches/query")
			b.ReportMetric(float64(dirSize(dir))/float64(n), "bytes/claim")
		})
	}
}

// BenchmarkBadgerPrototypeTwoWords builds the Badger inverted-index prototype
// (storage.FullText) over the same synthetic claims as BenchmarkSearchTwoWords (a claim's
// document holds its text, quotes and claimant; each quote is a document of its own)
// and measures two-word queries, ranked by BM25 (terms only: the prototype has no
// phrases, prefixes or filters).
//
//	go test ./search/ -run '^$' -bench BadgerPrototype -benchtime 2000x
func BenchmarkBadgerPrototypeTwoWords(b *testing.B) {
	n := benchClaims(b)
	dir := b.TempDir()
	ft, err := storage.OpenFullText(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ft.Close()
	g := corpus.New(1)
	start := time.Now()
	var batch []storage.FullTextDoc
	docs := 0
	next := uint64(1)
	for i := 0; i < n; i++ {
		c := g.Claim()
		text := c.Text + "\n" + strings.Join(c.Quotes, "\n") + "\n" + c.Claimant + " " + strings.Join(c.Aliases, " ")
		batch = append(batch, storage.FullTextDoc{ID: next, Text: text})
		next++
		for _, q := range c.Quotes {
			batch = append(batch, storage.FullTextDoc{ID: next, Text: q})
			next++
		}
		if len(batch) >= 2000 {
			docs += len(batch)
			if err := ft.Index(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	docs += len(batch)
	if err := ft.Index(batch); err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	if err := ft.Flatten(); err != nil {
		b.Fatal(err)
	}
	size := dirSize(dir)
	b.Logf("built %d claims (%d documents) in %v: %.0f claims/s, %.0f docs/s; %d bytes, %.0f bytes/claim", n, docs, build.Round(time.Millisecond), float64(n)/build.Seconds(), float64(docs)/build.Seconds(), size, float64(size)/float64(n))
	queries := corpus.New(2).Queries(1000)
	b.Run("words", func(b *testing.B) {
		lat := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			if _, err := ft.Search(queries[i%len(queries)], 20); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
		b.StopTimer()
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(size)/float64(n), "bytes/claim")
	})
}

// BenchmarkSearchDemo measures a whole Search on the demo data: the catch-up check, the
// query, and reading the page's nodes and cutting their snippets from the store.
func BenchmarkSearchDemo(b *testing.B) {
	s := storagetest.MustOpenDemo(b)
	x, err := Open("")
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	if err := x.CatchUp(ctx, s); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"Syrian government fully supports", `"declaration of vengeance"`, "US strikes"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := x.Search(ctx, s, Query{Text: q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
