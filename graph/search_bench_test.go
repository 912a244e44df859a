package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"claimgraph/graph"
	"claimgraph/search"
	"claimgraph/search/corpus"
	"claimgraph/storage"
)

// rankedSearchQuery is what a client of the search field asks: a page of 20 ranked
// hits with scores, snippets and the node.
const rankedSearchQuery = `query Search($q: String!) { search(query: $q, first: 20) { totalCount
	edges { score snippets { field text highlights { start end } }
		node { __typename ... on Claim { id text } ... on Attribution { id quote } ... on Actor { id name } ... on Source { id title } ... on Event { id name } } } } }`

// BenchmarkGraphQLRankedSearch is the search field through the handler the server
// mounts (authentication, limits, gqlgen, a snapshot per request, JSON), in process
// with httptest (no socket), on the store and index search's BenchmarkSearchThroughStore
// builds from the synthetic corpus (search-corpus-N-seed1 under $CLAIMGRAPH_BENCH_DIR,
// built here when missing), with the same 1,000 two-word queries. Its figure is
// search's in-process API figure plus the GraphQL layer. 10,000 claims by default;
// CLAIMGRAPH_BENCH_CLAIMS=N or CLAIMGRAPH_BENCH_1M=1 for others:
//
//	CLAIMGRAPH_BENCH_CLAIMS=100000 go test ./graph -run '^$' -bench GraphQLRankedSearch -benchtime 2000x
func BenchmarkGraphQLRankedSearch(b *testing.B) {
	n := 10_000
	if os.Getenv("CLAIMGRAPH_BENCH_1M") == "1" {
		n = 1_000_000
	} else if v := os.Getenv("CLAIMGRAPH_BENCH_CLAIMS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	store, idx := corpusStore(b, n)
	defer store.Close()
	defer idx.Close()
	opts := graph.DefaultOptions()
	opts.Index = idx
	h := graph.Authenticate(store, false, graph.NewHandlerWith(store, nil, opts))
	var bodies [][]byte
	for _, q := range corpus.New(2).Queries(1000) {
		bodies = append(bodies, gqlBody(rankedSearchQuery, map[string]any{"q": q}))
	}
	post(b, h, bodies[0])
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		post(b, h, bodies[i%len(bodies)])
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "p90-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// corpusStore opens the search benchmark's store of n corpus claims and its index,
// building both the first time as search's benchmark does (an import, then a reindex).
func corpusStore(b *testing.B, n int) (*storage.Store, *search.Index) {
	b.Helper()
	dir := filepath.Join(gqlCacheDir(), fmt.Sprintf("search-corpus-%d-seed1", n))
	markerPath := filepath.Join(dir, "bench-marker.json")
	var m struct {
		Claims int
		Seed   uint64
	}
	ctx := context.Background()
	if raw, err := os.ReadFile(markerPath); err != nil || json.Unmarshal(raw, &m) != nil || m.Claims != n || m.Seed != 1 {
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
		start := time.Now()
		if _, err := s.Import(ctx, f); err != nil {
			b.Fatal(err)
		}
		imported := time.Since(start)
		x, err := search.Open(search.DefaultDir(dir))
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		if err := x.Reindex(ctx, s); err != nil {
			b.Fatal(err)
		}
		docs, _ := x.DocCount()
		raw, _ := json.MarshalIndent(map[string]any{"Claims": n, "Seed": 1, "Imported": imported.Round(time.Millisecond).String(),
			"Indexed": time.Since(start).Round(time.Millisecond).String(), "Docs": docs}, "", "  ")
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(markerPath, raw, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		b.Fatalf("open the benchmark store %s: %v (delete it to rebuild)", dir, err)
	}
	x, err := search.Open(search.DefaultDir(dir))
	if err != nil {
		b.Fatal(err)
	}
	if err := x.CatchUp(ctx, s); err != nil {
		b.Fatal(err)
	}
	return s, x
}
