package search

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"claimgraph/prov"
	"claimgraph/search/corpus"
)

// TestQueryShapeLatencies times the shapes of query Search can run (every word or any
// word, with or without the own-text boost and a type filter) on an index that
// BenchmarkSearchTwoWords built and kept, 400 two-word queries each:
//
//	CLAIMGRAPH_BENCH_INDEX=/tmp/cg-100k go test ./search/ -run '^$' -bench SearchTwoWords -benchtime 1x
//	CLAIMGRAPH_BENCH_INDEX=/tmp/cg-100k go test ./search/ -run QueryShape -v
//
// It is skipped without CLAIMGRAPH_BENCH_INDEX.
func TestQueryShapeLatencies(t *testing.T) {
	dir := os.Getenv("CLAIMGRAPH_BENCH_INDEX")
	if dir == "" {
		t.Skip("CLAIMGRAPH_BENCH_INDEX is not set")
	}
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	queries := corpus.New(2).Queries(400)
	ctx := context.Background()
	run := func(name string, build func(p Parsed) query.Query) {
		var lat []time.Duration
		tot := 0
		for _, q := range queries {
			p := Parse(q)
			req := bleve.NewSearchRequestOptions(build(p), 21, 0, false)
			t0 := time.Now()
			res, err := x.run(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
			tot += int(res.Total)
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		t.Logf("%-28s p50 %v p90 %v p99 %v matches %d", name, lat[len(lat)/2], lat[len(lat)*9/10], lat[len(lat)*99/100], tot/len(queries))
	}
	claims := plan{types: map[prov.NodeType]bool{prov.TypeClaim: true}}
	run("every word", func(p Parsed) query.Query { return p.searchQuery(plan{}, modeAll) })
	run("every word, claims", func(p Parsed) query.Query { return p.searchQuery(claims, modeAll) })
	run("any word", func(p Parsed) query.Query { return p.searchQuery(plan{}, modeAny) })
	run("any word, claims", func(p Parsed) query.Query { return p.searchQuery(claims, modeAny) })
	run("every word, claims' text only", func(p Parsed) query.Query { return p.filterQuery(fieldText, nil) })
}
