package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"claimgraph/graph"
	"claimgraph/graph/model"
	"claimgraph/prov"
	"claimgraph/search"
	"claimgraph/storage"
	"claimgraph/synth"
)

// Benchmarks of GraphQL queries through the handler the server mounts at /query
// (authentication, limits, gqlgen, one snapshot per request), in process with
// httptest, over synthetic corpora in on-disk stores. They run only with -bench:
//
//	go test ./graph -run='^$' -bench='^Benchmark(GraphQL|PlainJSON)' -benchmem
//
// The queries are the ones bench/run.sh sends over HTTP; docs/PERFORMANCE.md has the
// figures. Stores are built and reused as storage's benchmarks do (10k claims, and 1M
// with CLAIMGRAPH_BENCH_1M=1, under $CLAIMGRAPH_BENCH_DIR, by default
// $TMPDIR/claimgraph-bench), in directories of their own so both packages can run at once.

const gqlSeed = 1

// The queries. traceQuery is "the claim trace" of the issue and of bench/run.sh: the
// claim, its claimant, its attributions and their sources, what a PostGraphile query
// over the same tables returns. traceFieldQuery asks Claim.trace, which adds the
// affiliation chain, publishers, intermediaries and wording drift.
const (
	traceQuery       = `query Trace($id: ID!) { claim(id: $id) { id text claimant { id name kind } attributions { id quote kind cue source { id title url publishedAt } } } }`
	traceFieldQuery  = `query TraceField($id: ID!) { claim(id: $id) { id trace { claimant { id name } affiliationChain { name } appearances { attribution { quote cue } source { id title } publisher { name } drift { similarity } } } } }`
	actorClaimsQuery = `query ActorClaims($id: ID!, $after: String) { actor(id: $id) { claims(first: 20, after: $after) { nodes { id text } pageInfo { endCursor hasNextPage } } } }`
	searchQuery      = `query Search($q: String!) { claims(filter: {text: $q}, first: 10) { nodes { id text } } }`
)

func gqlSizes() []int {
	if os.Getenv("CLAIMGRAPH_BENCH_1M") == "1" {
		return []int{10_000, 1_000_000}
	}
	return []int{10_000}
}

func gqlSizeName(n int) string {
	if n >= 1_000_000 && n%1_000_000 == 0 {
		return fmt.Sprintf("claims=%dM", n/1_000_000)
	}
	return fmt.Sprintf("claims=%dk", n/1000)
}

type gqlMarker struct {
	Claims int
	Seed   uint64
	Stats  synth.Stats
}

type gqlFixture struct {
	store   *storage.Store
	handler http.Handler
	marker  gqlMarker
	traced  []prov.ID // claims with a claimant and five attributions
	topDeep prov.ID   // 90% of the way through the top claimant's claims
}

var (
	gqlMu       sync.Mutex
	gqlFixtures = map[int]*gqlFixture{}
)

func gqlCacheDir() string {
	if d := os.Getenv("CLAIMGRAPH_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "claimgraph-bench")
}

// gqlStore returns the fixture of n claims, building its store if needed. Stores stay
// open until the process exits.
func gqlStore(b *testing.B, n int) *gqlFixture {
	b.Helper()
	gqlMu.Lock()
	defer gqlMu.Unlock()
	if fx := gqlFixtures[n]; fx != nil {
		return fx
	}
	dir := filepath.Join(gqlCacheDir(), fmt.Sprintf("graph-%d-seed%d", n, gqlSeed))
	markerPath := filepath.Join(dir, "bench-marker.json")
	var m gqlMarker
	raw, err := os.ReadFile(markerPath)
	if err != nil || json.Unmarshal(raw, &m) != nil || m.Claims != n || m.Seed != gqlSeed {
		m = gqlBuild(b, dir, n)
		raw, _ = json.MarshalIndent(m, "", "  ")
		if err := os.WriteFile(markerPath, raw, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	nodeCache := int64(0) // the default
	if os.Getenv("CLAIMGRAPH_BENCH_NODE_CACHE") == "off" {
		nodeCache = -1 // every read goes to Badger, as a first read would
	}
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1, NodeCacheBytes: nodeCache})
	if err != nil {
		b.Fatalf("open the benchmark store in %s: %v (delete it to rebuild)", dir, err)
	}
	// The search index lives beside the store, as the server keeps it; building it
	// the first time takes a while (minutes at 1M claims).
	idx, err := search.Open(search.DefaultDir(dir))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := idx.CatchUp(context.Background(), s); err != nil {
		b.Fatalf("bring the search index up to date: %v", err)
	}
	if took := time.Since(start); took > time.Second {
		b.Logf("search index of %d claims brought up to date in %s", n, took.Round(time.Millisecond))
	}
	opts := graph.DefaultOptions()
	opts.Index = idx
	fx := &gqlFixture{store: s, marker: m, handler: graph.Authenticate(s, false, graph.NewHandlerWith(s, nil, opts))}
	fx.find(b)
	gqlFixtures[n] = fx
	return fx
}

func gqlBuild(b *testing.B, dir string, n int) gqlMarker {
	b.Helper()
	b.Logf("building the benchmark store of %d claims in %s", n, dir)
	if err := os.RemoveAll(dir); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	f, err := os.CreateTemp(gqlCacheDir(), "corpus-*.ndjson")
	if err != nil {
		b.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	st, err := synth.Write(context.Background(), f, synth.Config{Claims: n, Seed: gqlSeed})
	if err != nil {
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
	if _, err := s.Import(context.Background(), f); err != nil {
		s.Close()
		b.Fatalf("import the benchmark corpus: %v", err)
	}
	b.Logf("imported %d claims in %s", n, time.Since(start).Round(time.Millisecond))
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return gqlMarker{Claims: n, Seed: gqlSeed, Stats: st}
}

func (fx *gqlFixture) find(b *testing.B) {
	ctx := context.Background()
	n := fx.marker.Claims
	const want = 256
	next := uint64(1)
	for k := range want {
		for seq := max(next, uint64(1+k*n/want)); seq <= uint64(n); seq++ {
			id := prov.NewID(prov.TypeClaim, seq)
			c, err := fx.store.Claim(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			atts, err := fx.store.ClaimAttributions(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			if len(atts) == 5 && !c.ClaimantID.IsZero() {
				fx.traced = append(fx.traced, id)
				next = seq + 1
				break
			}
		}
	}
	if len(fx.traced) == 0 {
		b.Fatal("no claim with five attributions")
	}
	var top []prov.ID
	for after := (prov.ID{}); ; {
		l, err := fx.store.Claims(ctx, storage.ClaimFilter{ClaimantID: fx.marker.Stats.TopClaimant}, storage.Page{First: storage.MaxPageSize, After: after})
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range l.Items {
			top = append(top, c.ID)
		}
		if !l.HasNextPage {
			break
		}
		after = top[len(top)-1]
	}
	if len(top) == 0 {
		b.Fatalf("the top claimant %s has no claims", fx.marker.Stats.TopClaimant)
	}
	fx.topDeep = top[len(top)*9/10]
}

// gqlBody returns the JSON body of a POST with query and variables.
func gqlBody(query string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return b
}

// post sends one request through h and returns the response body; it fails on a
// status other than 200 or a response with errors.
func post(tb testing.TB, h http.Handler, body []byte) []byte {
	req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
		tb.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
	}
	return rec.Body.Bytes()
}

// runQuery runs one sub-benchmark per store size; bodies(fx) gives the request
// bodies to cycle through. With parallel set the requests come from GOMAXPROCS
// goroutines (ns/op is then wall time per request over all of them).
func runQuery(b *testing.B, parallel bool, bodies func(fx *gqlFixture) [][]byte) {
	for _, n := range gqlSizes() {
		b.Run(gqlSizeName(n), func(b *testing.B) {
			fx := gqlStore(b, n)
			reqs := bodies(fx)
			post(b, fx.handler, reqs[0])
			b.ReportAllocs()
			b.ResetTimer()
			if parallel {
				b.RunParallel(func(pb *testing.PB) {
					for i := 0; pb.Next(); i++ {
						post(b, fx.handler, reqs[i%len(reqs)])
					}
				})
				return
			}
			for i := 0; b.Loop(); i++ {
				post(b, fx.handler, reqs[i%len(reqs)])
			}
		})
	}
}

func traceBodies(query string) func(fx *gqlFixture) [][]byte {
	return func(fx *gqlFixture) [][]byte {
		var out [][]byte
		for _, id := range fx.traced {
			out = append(out, gqlBody(query, map[string]any{"id": id.String()}))
		}
		return out
	}
}

// BenchmarkGraphQLTrace is the claim trace: claim, claimant, five attributions and
// their sources.
func BenchmarkGraphQLTrace(b *testing.B) { runQuery(b, false, traceBodies(traceQuery)) }

// BenchmarkGraphQLTraceParallel is BenchmarkGraphQLTrace from GOMAXPROCS goroutines.
func BenchmarkGraphQLTraceParallel(b *testing.B) { runQuery(b, true, traceBodies(traceQuery)) }

// BenchmarkGraphQLTraceField asks Claim.trace (storage.Trace with drift) instead.
func BenchmarkGraphQLTraceField(b *testing.B) { runQuery(b, false, traceBodies(traceFieldQuery)) }

// BenchmarkGraphQLActorClaimsPage reads 20 of the top claimant's claims, first and 90%
// of the way through the list, by cursor.
func BenchmarkGraphQLActorClaimsPage(b *testing.B) {
	for _, where := range []string{"first", "deep"} {
		b.Run(where, func(b *testing.B) {
			runQuery(b, false, func(fx *gqlFixture) [][]byte {
				vars := map[string]any{"id": fx.marker.Stats.TopClaimant.String()}
				if where == "deep" {
					vars["after"] = model.EncodeCursor(fx.topDeep)
				}
				return [][]byte{gqlBody(actorClaimsQuery, vars)}
			})
		})
	}
}

// BenchmarkGraphQLSearch asks for the first 10 claims matching a two-word text filter,
// which the API answers from the full-text index (see storage's BenchmarkStoreSearch
// for the queries and for what the scan without the index costs).
func BenchmarkGraphQLSearch(b *testing.B) {
	for kind, q := range map[string]string{"common": "ceasefire violated", "clustered": "hospital Palmyra", "spread": "hospital 77", "none": "zebra unicorn"} {
		b.Run(kind, func(b *testing.B) {
			runQuery(b, false, func(*gqlFixture) [][]byte {
				return [][]byte{gqlBody(searchQuery, map[string]any{"q": q})}
			})
		})
	}
}

// plainTrace answers what traceQuery asks with storage calls and encoding/json alone,
// no GraphQL: the floor the GraphQL layer is measured against.
func plainTrace(store *storage.Store) http.Handler {
	type source struct {
		ID          string     `json:"id"`
		Title       string     `json:"title"`
		URL         *string    `json:"url"`
		PublishedAt *time.Time `json:"publishedAt"`
	}
	type attribution struct {
		ID     string  `json:"id"`
		Quote  string  `json:"quote"`
		Kind   string  `json:"kind"`
		Cue    *string `json:"cue"`
		Source source  `json:"source"`
	}
	type actor struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Kind string `json:"kind"`
	}
	type claim struct {
		ID           string        `json:"id"`
		Text         string        `json:"text"`
		Claimant     *actor        `json:"claimant"`
		Attributions []attribution `json:"attributions"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Variables struct {
				ID string `json:"id"`
			} `json:"variables"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ctx, release := store.WithSnapshot(r.Context())
		defer release()
		fail := func(err error) { http.Error(w, err.Error(), http.StatusInternalServerError) }
		id, err := prov.ParseIDOf(prov.TypeClaim, req.Variables.ID)
		if err != nil {
			fail(err)
			return
		}
		c, err := store.Claim(ctx, id)
		if err != nil {
			fail(err)
			return
		}
		out := claim{ID: c.ID.String(), Text: c.Text}
		if !c.ClaimantID.IsZero() {
			a, err := store.Actor(ctx, c.ClaimantID)
			if err != nil {
				fail(err)
				return
			}
			out.Claimant = &actor{a.ID.String(), a.Name, string(a.Kind)}
		}
		atts, err := store.ClaimAttributions(ctx, id)
		if err != nil {
			fail(err)
			return
		}
		for _, a := range atts {
			s, err := store.Source(ctx, a.SourceID)
			if err != nil {
				fail(err)
				return
			}
			out.Attributions = append(out.Attributions, attribution{a.ID.String(), a.Quote, string(a.Kind), a.Cue,
				source{s.ID.String(), s.Title, s.URL, s.PublishedAt}})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"claim": out}})
	})
}

// BenchmarkPlainJSONTrace is the claim trace through plainTrace.
func BenchmarkPlainJSONTrace(b *testing.B) {
	for _, n := range gqlSizes() {
		b.Run(gqlSizeName(n), func(b *testing.B) {
			fx := gqlStore(b, n)
			h := plainTrace(fx.store)
			reqs := traceBodies(traceQuery)(fx)
			if body := post(b, h, reqs[0]); !strings.Contains(string(body), `"attributions"`) {
				b.Fatalf("unexpected answer %s", body)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				post(b, h, reqs[i%len(reqs)])
			}
		})
	}
}
