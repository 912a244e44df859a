package search

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	"claimgraph/prov"
	"claimgraph/search/corpus"
	"claimgraph/storage"
)

// BenchmarkSearchThroughStore measures what the API's search costs in process: the
// resolver's call, Index.Search on a request snapshot — reading the snapshot's audit
// head, the catch-up check, the ranked bleve query (claims before their quotes),
// reading every hit's node from the store and cutting its snippets — on an on-disk
// store of the synthetic corpus (search/corpus, the claims, quotes and queries of
// BenchmarkSearchTwoWords, imported with their claimants, events and dated sources)
// and the on-disk index built from that store (Reindex). It reports, per two-word
// query (1,000 of them, cycled): p50, p90 and p99 latency, CPU time, allocations, the
// matches and hits; and once per run the import, the index build and the index's size
// per claim. "index-only" times the bleve query alone on the same index, for
// comparison. GraphQL over HTTP is not included: graph's BenchmarkGraphQLRankedSearch
// adds it.
//
// The store and index are built once and kept under $CLAIMGRAPH_BENCH_DIR (by default
// $TMPDIR/claimgraph-bench) as search-corpus-N-seed1, with a marker file; delete the
// directory to rebuild. Sizes as for BenchmarkSearchTwoWords (100,000 by default):
//
//	CLAIMGRAPH_BENCH_CLAIMS=10000 go test ./search/ -run '^$' -bench SearchThroughStore -benchtime 2000x
//	CLAIMGRAPH_BENCH_1M=1 go test ./search/ -run '^$' -bench SearchThroughStore -benchtime 2000x -timeout 120m
func BenchmarkSearchThroughStore(b *testing.B) {
	n := benchClaims(b)
	s, x, dir := searchCorpusStore(b, n)
	defer s.Close()
	defer x.Close()
	size := dirSize(DefaultDir(dir))
	b.Logf("index of %d claims: %d bytes, %.0f bytes/claim (store %d bytes)", n, size, float64(size)/float64(n), dirSize(dir)-size)
	queries := corpus.New(2).Queries(1000)
	ctx := context.Background()
	claimsOnly := []prov.NodeType{prov.TypeClaim}
	for _, bc := range []struct {
		name      string
		types     []prov.NodeType
		indexOnly bool
	}{
		{"api", nil, false},
		{"api-claims-only", claimsOnly, false},
		{"index-only", nil, true},
		{"index-only-claims-only", claimsOnly, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			pl, err := Query{Types: bc.types}.plan()
			if err != nil {
				b.Fatal(err)
			}
			lat := make([]time.Duration, 0, b.N)
			matches, hits := 0, 0
			b.ReportAllocs()
			cpu0 := cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := queries[i%len(queries)]
				t0 := time.Now()
				if bc.indexOnly {
					v := x.rawView()
					res, total, _, err := v.rankMode(ctx, Parse(q), pl, DefaultFirst+1, 0, "")
					v.close()
					if err != nil {
						b.Fatal(err)
					}
					matches += total
					hits += min(len(res), DefaultFirst)
				} else {
					rctx, release := s.WithSnapshot(ctx) // one per request, as the handler opens
					res, err := x.Search(rctx, s, Query{Text: q, Types: bc.types})
					release()
					if err != nil {
						b.Fatal(err)
					}
					matches += res.Total
					hits += len(res.Hits)
				}
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			cpu := cpuTime() - cpu0
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "p90-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(matches)/float64(b.N), "matches/query")
			b.ReportMetric(float64(hits)/float64(b.N), "hits/query")
			b.ReportMetric(float64(size)/float64(n), "index-bytes/claim")
		})
	}
}

// cpuTime returns the process's user and system CPU time so far (all goroutines,
// Badger's and scorch's included): on a shared machine a steadier measure than wall
// time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type corpusMarker struct {
	Claims   int
	Seed     uint64
	Imported string // how long the import took
	Indexed  string // how long building the index from the store took
	Docs     uint64
}

// searchCorpusStore returns the benchmark store of n corpus claims and its index,
// building them the first time (an import, then Reindex from the store) and logging
// what that took.
func searchCorpusStore(b *testing.B, n int) (*storage.Store, *Index, string) {
	b.Helper()
	root := os.Getenv("CLAIMGRAPH_BENCH_DIR")
	if root == "" {
		root = filepath.Join(os.TempDir(), "claimgraph-bench")
	}
	dir := filepath.Join(root, fmt.Sprintf("search-corpus-%d-seed1", n))
	markerPath := filepath.Join(dir, "bench-marker.json")
	var m corpusMarker
	raw, err := os.ReadFile(markerPath)
	if err != nil || json.Unmarshal(raw, &m) != nil || m.Claims != n || m.Seed != 1 {
		m = buildSearchCorpusStore(b, dir, n)
		raw, _ = json.MarshalIndent(m, "", "  ")
		if err := os.WriteFile(markerPath, raw, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("store of %d claims in %s: imported in %s, index of %d documents built from it in %s", n, dir, m.Imported, m.Docs, m.Indexed)
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		b.Fatalf("open the benchmark store %s: %v (delete it to rebuild)", dir, err)
	}
	x, err := Open(DefaultDir(dir))
	if err != nil {
		s.Close()
		b.Fatal(err)
	}
	if err := x.CatchUp(context.Background(), s); err != nil {
		b.Fatal(err)
	}
	return s, x, dir
}

func buildSearchCorpusStore(b *testing.B, dir string, n int) corpusMarker {
	b.Helper()
	b.Logf("building the search benchmark store of %d claims in %s", n, dir)
	if err := os.RemoveAll(dir); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	f, err := os.CreateTemp(filepath.Dir(dir), "corpus-*.ndjson")
	if err != nil {
		b.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := corpus.WriteNDJSON(f, n, 1); err != nil {
		b.Fatal(err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		b.Fatal(err)
	}
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	start := time.Now()
	if _, err := s.Import(ctx, f); err != nil {
		b.Fatalf("import the corpus: %v", err)
	}
	m := corpusMarker{Claims: n, Seed: 1, Imported: time.Since(start).Round(time.Millisecond).String()}
	x, err := Open(DefaultDir(dir))
	if err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	if err := x.Reindex(ctx, s); err != nil {
		b.Fatal(err)
	}
	m.Indexed = time.Since(start).Round(time.Millisecond).String()
	m.Docs, _ = x.DocCount()
	// reopened, so scorch's merges settle before the size is read
	if err := x.Close(); err != nil {
		b.Fatal(err)
	}
	return m
}
