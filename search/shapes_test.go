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
	typeFilter := func(boost float64) query.Query {
		tq := query.NewTermQuery(prov.TypeClaim.String())
		tq.SetField(fieldType)
		tq.SetBoost(boost)
		return tq
	}
	run("and all+boost", func(p Parsed) query.Query { return p.searchQuery(nil, modeAll) })
	run("and all no boost", func(p Parsed) query.Query { return p.filterQuery(fieldAll, nil) })
	run("and all+boost +type", func(p Parsed) query.Query { return p.searchQuery([]query.Query{typeFilter(0)}, modeAll) })
	run("or all+boost", func(p Parsed) query.Query { return p.searchQuery(nil, modeAny) })
	run("or all+boost +type", func(p Parsed) query.Query { return p.searchQuery([]query.Query{typeFilter(0)}, modeAny) })
}
