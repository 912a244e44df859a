package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
	"claimgraph/synth"
)

// Benchmarks of the read and import paths over synthetic corpora (package synth) in
// on-disk stores; docs/PERFORMANCE.md has the figures and how they compare with the
// targets. They run only with -bench:
//
//	go test ./storage -run='^$' -bench='^BenchmarkStore' -benchmem
//
// Every read benchmark runs at 10k claims, and at 1M too with CLAIMGRAPH_BENCH_1M=1.
// The store of each size is built once (generated, then imported) in
// $CLAIMGRAPH_BENCH_DIR, by default $TMPDIR/claimgraph-bench, and reused by later runs
// while its marker file matches; delete the directory to rebuild it after a change to
// the key layout or the generator. Building the 1M store takes several minutes.

const perfSeed = 1

// perfSizes returns the store sizes the read benchmarks run at.
func perfSizes() []int {
	if os.Getenv("CLAIMGRAPH_BENCH_1M") == "1" {
		return []int{10_000, 1_000_000}
	}
	return []int{10_000}
}

func perfSizeName(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("claims=%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("claims=%dk", n/1000)
	}
	return fmt.Sprintf("claims=%d", n)
}

func perfCacheDir() string {
	if d := os.Getenv("CLAIMGRAPH_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "claimgraph-bench")
}

// perfNodeCache returns the node cache the benchmark stores open with: the default,
// or none when CLAIMGRAPH_BENCH_NODE_CACHE=off. The benchmarks cycle through a few
// hundred nodes, which the cache holds after the first round, so with it they measure
// hot records; without it, every read goes to Badger as a first read would.
func perfNodeCache() int64 {
	if os.Getenv("CLAIMGRAPH_BENCH_NODE_CACHE") == "off" {
		return -1
	}
	return 0
}

// perfMarker is written next to a built store; a store whose marker differs is rebuilt.
type perfMarker struct {
	Claims        int
	Seed          uint64
	Schema        int
	Stats         synth.Stats
	ImportSeconds float64
}

// perfFixture is an open store of one size with the IDs the benchmarks read.
type perfFixture struct {
	s      *Store
	marker perfMarker
	// traced are claims with a claimant and five attributions, spread over the ID
	// range; traceKeys[i] are the node keys Trace reads for traced[i], in its order.
	traced    []prov.ID
	traceKeys [][][]byte
	// someIDs are claims spread over the ID range, for point reads.
	someIDs []prov.ID
	// deepClaim is the claim 90% of the way through the claim list, topDeep the one
	// 90% of the way through the top claimant's claims.
	deepClaim, topDeep prov.ID
}

var (
	perfMu       sync.Mutex
	perfFixtures = map[int]*perfFixture{}
)

// perfCorpus generates the corpus of n claims into a file in dir and returns its path.
func perfCorpus(tb testing.TB, dir string, n int) (string, synth.Stats) {
	tb.Helper()
	path := filepath.Join(dir, fmt.Sprintf("corpus-%d-seed%d.ndjson", n, perfSeed))
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	st, err := synth.Write(context.Background(), f, synth.Config{Claims: n, Seed: perfSeed})
	if err != nil {
		tb.Fatal(err)
	}
	return path, st
}

// perfStore returns the store of n claims, building it if its marker is missing.
// Stores stay open until the process exits.
func perfStore(b *testing.B, n int) *perfFixture {
	b.Helper()
	perfMu.Lock()
	defer perfMu.Unlock()
	if fx := perfFixtures[n]; fx != nil {
		return fx
	}
	dir := filepath.Join(perfCacheDir(), fmt.Sprintf("storage-%d-seed%d", n, perfSeed))
	markerPath := filepath.Join(dir, "bench-marker.json")
	var m perfMarker
	raw, err := os.ReadFile(markerPath)
	if err != nil || json.Unmarshal(raw, &m) != nil || m.Claims != n || m.Seed != perfSeed || m.Schema != schemaVersion {
		m = perfBuild(b, dir, n)
		raw, _ = json.MarshalIndent(m, "", "  ")
		if err := os.WriteFile(markerPath, raw, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s, err := Open(Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1, NodeCacheBytes: perfNodeCache()})
	if err != nil {
		b.Fatalf("open the benchmark store in %s: %v (delete it to rebuild)", dir, err)
	}
	fx := &perfFixture{s: s, marker: m}
	fx.find(b)
	perfFixtures[n] = fx
	return fx
}

func perfBuild(b *testing.B, dir string, n int) perfMarker {
	b.Helper()
	b.Logf("building the benchmark store of %d claims in %s", n, dir)
	if err := os.RemoveAll(dir); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	tmp, err := os.MkdirTemp(perfCacheDir(), "corpus-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	path, st := perfCorpus(b, tmp, n)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	s, err := Open(Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := s.Import(context.Background(), f); err != nil {
		s.Close()
		b.Fatalf("import the benchmark corpus: %v", err)
	}
	took := time.Since(start)
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	b.Logf("imported %d claims in %s (%.0f claims/s)", n, took.Round(time.Millisecond), float64(n)/took.Seconds())
	return perfMarker{Claims: n, Seed: perfSeed, Schema: schemaVersion, Stats: st, ImportSeconds: took.Seconds()}
}

// find picks the IDs the benchmarks read and records the keys each trace reads.
func (fx *perfFixture) find(b *testing.B) {
	ctx := context.Background()
	n := fx.marker.Claims
	const want = 256
	for k := range want {
		fx.someIDs = append(fx.someIDs, prov.NewID(prov.TypeClaim, uint64(1+k*n/want)))
	}
	// Claims with a claimant and five attributions, the first at or after each of
	// want evenly spaced positions.
	for k := 0; k < want; k++ {
		for seq := uint64(1 + k*n/want); seq <= uint64(n); seq++ {
			id := prov.NewID(prov.TypeClaim, seq)
			if len(fx.traced) > 0 && !idLess(fx.traced[len(fx.traced)-1], id) {
				continue
			}
			c, err := fx.s.Claim(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			atts, err := fx.s.ClaimAttributions(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			if len(atts) == 5 && !c.ClaimantID.IsZero() {
				fx.traced = append(fx.traced, id)
				fx.traceKeys = append(fx.traceKeys, fx.keysOfTrace(b, id))
				break
			}
		}
	}
	if len(fx.traced) == 0 {
		b.Fatal("no claim with five attributions")
	}
	fx.deepClaim = prov.NewID(prov.TypeClaim, uint64(n-n/10))
	var top []prov.ID
	for after := (prov.ID{}); ; {
		l, err := fx.s.Claims(ctx, ClaimFilter{ClaimantID: fx.marker.Stats.TopClaimant}, Page{First: MaxPageSize, After: after})
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
	if len(top) != fx.marker.Stats.TopClaimantClaims {
		b.Fatalf("the top claimant %s has %d claims in the store, the generator says %d", fx.marker.Stats.TopClaimant, len(top), fx.marker.Stats.TopClaimantClaims)
	}
	fx.topDeep = top[len(top)*9/10]
}

// keysOfTrace returns the node keys Trace reads for a claim, once each, in the order
// it reads them (it caches actors and sources within one trace).
func (fx *perfFixture) keysOfTrace(b *testing.B, id prov.ID) [][]byte {
	tr, err := fx.s.Trace(context.Background(), id)
	if err != nil {
		b.Fatal(err)
	}
	var keys [][]byte
	seen := map[prov.ID]bool{}
	add := func(id prov.ID) {
		if !id.IsZero() && !seen[id] {
			seen[id] = true
			keys = append(keys, nodeKey(id))
		}
	}
	add(tr.Claim.ID)
	if tr.Claimant != nil {
		add(tr.Claimant.ID)
	}
	for _, a := range tr.AffiliationChain {
		add(a.ID)
	}
	if tr.Event != nil {
		add(tr.Event.ID)
	}
	for _, ap := range tr.Appearances {
		// Attributions are never cached, so each is read even if repeated.
		keys = append(keys, nodeKey(ap.Attribution.ID))
		add(ap.Source.ID)
		if ap.Publisher != nil {
			add(ap.Publisher.ID)
		}
		for _, l := range ap.Chain {
			if l.Actor != nil {
				add(l.Actor.ID)
			}
			if l.Source != nil {
				add(l.Source.ID)
			}
		}
	}
	return keys
}

// runSizes runs fn as a sub-benchmark for each store size.
func runSizes(b *testing.B, fn func(b *testing.B, fx *perfFixture)) {
	for _, n := range perfSizes() {
		b.Run(perfSizeName(n), func(b *testing.B) {
			fx := perfStore(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			fn(b, fx)
		})
	}
}

// BenchmarkStoreGetNode reads one claim by ID (a point read and a decode).
func BenchmarkStoreGetNode(b *testing.B) {
	runSizes(b, func(b *testing.B, fx *perfFixture) {
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			if _, err := fx.s.Claim(ctx, fx.someIDs[i%len(fx.someIDs)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkStoreTrace traces claims with a claimant and five attributions: the
// claimant and its affiliations, the event, the attributions, their sources,
// publishers and intermediaries; with drift=true also the wording drift of each quote,
// which the trace computes only when asked.
func BenchmarkStoreTrace(b *testing.B) {
	for _, drift := range []bool{false, true} {
		b.Run(fmt.Sprintf("drift=%v", drift), func(b *testing.B) {
			runSizes(b, func(b *testing.B, fx *perfFixture) {
				ctx := context.Background()
				words := 0
				for i := 0; b.Loop(); i++ {
					tr, err := fx.s.Trace(ctx, fx.traced[i%len(fx.traced)])
					if err != nil || len(tr.Appearances) != 5 {
						b.Fatalf("trace: %v", err)
					}
					if drift {
						for _, ap := range tr.Appearances {
							words += len(ap.Drift().Segments)
						}
					}
				}
			})
		})
	}
}

// BenchmarkStoreTraceRawReads makes the Badger reads BenchmarkStoreTrace makes, and
// nothing else: one read transaction, a point read of every node key it reads with
// the value touched, and the key-only scan of the claim's attribution edges. The
// decode variant also decodes each record. The ratio of Trace to these is what the
// store adds to the reads.
func BenchmarkStoreTraceRawReads(b *testing.B) {
	for _, decode := range []bool{false, true} {
		name := "reads"
		if decode {
			name = "reads+decode"
		}
		b.Run(name, func(b *testing.B) {
			runSizes(b, func(b *testing.B, fx *perfFixture) {
				sink := 0
				for i := 0; b.Loop(); i++ {
					k := i % len(fx.traced)
					err := fx.s.db.View(func(txn *badger.Txn) error {
						keys := fx.traceKeys[k]
						read := func(key []byte) error {
							item, err := txn.Get(key)
							if err != nil {
								return err
							}
							return item.Value(func(v []byte) error {
								sink += len(v)
								if decode {
									_, err := decodeNode(key, readID(key[1:]), v)
									return err
								}
								return nil
							})
						}
						if err := read(keys[0]); err != nil {
							return err
						}
						it := txn.NewIterator(keyOnly(edgePrefix(fx.traced[k], attributionClaim)))
						edges := 0
						for it.Rewind(); it.Valid(); it.Next() {
							sink += len(it.Item().Key())
							edges++
						}
						it.Close()
						if edges != 5 {
							return fmt.Errorf("%d attribution edges, want 5", edges)
						}
						for _, key := range keys[1:] {
							if err := read(key); err != nil {
								return err
							}
						}
						return nil
					})
					if err != nil {
						b.Fatal(err)
					}
				}
				if sink == 0 {
					b.Fatal("read nothing")
				}
			})
		})
	}
}

// BenchmarkStoreClaimsPage reads a page of 20 claims of the whole list, at its start
// and 90% of the way through it (a cursor seek, not an offset).
func BenchmarkStoreClaimsPage(b *testing.B) {
	for _, where := range []string{"first", "deep"} {
		b.Run(where, func(b *testing.B) {
			runSizes(b, func(b *testing.B, fx *perfFixture) {
				p := Page{First: 20}
				if where == "deep" {
					p.After = fx.deepClaim
				}
				for b.Loop() {
					l, err := fx.s.Claims(context.Background(), ClaimFilter{}, p)
					if err != nil || len(l.Items) != 20 {
						b.Fatalf("page: %d items, %v", len(l.Items), err)
					}
				}
			})
		})
	}
}

// BenchmarkStoreActorClaimsPage reads a page of 20 of the top claimant's claims (the
// actor.claims connection), first and 90% of the way through the list.
func BenchmarkStoreActorClaimsPage(b *testing.B) {
	for _, where := range []string{"first", "deep"} {
		b.Run(where, func(b *testing.B) {
			runSizes(b, func(b *testing.B, fx *perfFixture) {
				p := Page{First: 20}
				if where == "deep" {
					p.After = fx.topDeep
				}
				f := ClaimFilter{ClaimantID: fx.marker.Stats.TopClaimant}
				for b.Loop() {
					l, err := fx.s.Claims(context.Background(), f, p)
					if err != nil || len(l.Items) != 20 {
						b.Fatalf("page: %d items, %v", len(l.Items), err)
					}
				}
			})
		})
	}
}

// perfQueries are two-word searches of the claims text filter. It returns matches
// in ID order and stops at the tenth, so its cost is the number of claims it reads
// before the tenth match: "common" matches about one claim in 20 everywhere (about 200
// read); "clustered" about one in 150 at the start of the ID range (the first event
// is at Palmyra) and one in 1000 overall; "spread" about one in 2700, evenly (about
// 27,000 read); "none" matches nothing, so every claim is read.
var perfQueries = map[string]string{
	"common":    "ceasefire violated",
	"clustered": "hospital Palmyra",
	"spread":    "hospital 77",
	"none":      "zebra unicorn",
}

// BenchmarkStoreSearch runs the claims text filter for the first 10 matches, the
// search the API offers today (a scan of the claims in ID order).
func BenchmarkStoreSearch(b *testing.B) {
	for _, kind := range []string{"common", "clustered", "spread", "none"} {
		b.Run(kind, func(b *testing.B) {
			runSizes(b, func(b *testing.B, fx *perfFixture) {
				f := ClaimFilter{Text: perfQueries[kind]}
				for b.Loop() {
					l, err := fx.s.Claims(context.Background(), f, Page{First: 10})
					if err != nil || (len(l.Items) == 0) != (kind == "none") {
						b.Fatalf("search %q: %d items, %v", f.Text, len(l.Items), err)
					}
				}
			})
		})
	}
}

// BenchmarkStoreImport imports a corpus of 10k claims (about 40k records): into a new
// on-disk store with ImportDir (one pass, written with the StreamWriter), into an
// empty store through transactions as a store holding data is written, and again into
// the store that already holds it (every record unchanged). It reports claims/s and
// records/s.
func BenchmarkStoreImport(b *testing.B) {
	const n = 10_000
	if err := os.MkdirAll(perfCacheDir(), 0o755); err != nil {
		b.Fatal(err)
	}
	path, st := perfCorpus(b, b.TempDir(), n)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	opts := func(dir string) Options { return Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1} }
	open := func(b *testing.B) *Store {
		s, err := Open(opts(b.TempDir()))
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	// The process's CPU time (user and system, every goroutine) per import is the
	// figure that holds on a shared machine, where the wall time is the scheduler's.
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	var cpuStart time.Duration
	report := func(b *testing.B, elapsed time.Duration, loops int) {
		sec := elapsed.Seconds() / float64(loops)
		b.ReportMetric(float64(n)/sec, "claims/s")
		b.ReportMetric(float64(st.Records)/sec, "records/s")
		b.ReportMetric((cpu()-cpuStart).Seconds()/float64(loops), "cpu-s/op")
	}
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		var elapsed time.Duration
		loops := 0
		cpuStart = cpu()
		for b.Loop() {
			dir := b.TempDir()
			start := time.Now()
			got, err := ImportDir(context.Background(), opts(dir), bytes.NewReader(data), nil)
			elapsed += time.Since(start)
			loops++
			if err != nil || got.Created != st.Records || !got.New {
				b.Fatalf("import: %+v, %v", got, err)
			}
		}
		report(b, elapsed, loops)
	})
	b.Run("empty", func(b *testing.B) {
		b.ReportAllocs()
		var elapsed time.Duration
		loops := 0
		cpuStart = cpu()
		for b.Loop() {
			b.StopTimer()
			s := open(b)
			b.StartTimer()
			start := time.Now()
			got, err := s.Import(context.Background(), bytes.NewReader(data))
			elapsed += time.Since(start)
			loops++
			b.StopTimer()
			if err != nil || got.Created != st.Records {
				b.Fatalf("import: %+v, %v", got, err)
			}
			s.Close()
			b.StartTimer()
		}
		report(b, elapsed, loops)
	})
	b.Run("unchanged", func(b *testing.B) {
		s := open(b)
		defer s.Close()
		if _, err := s.Import(context.Background(), bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		start := time.Now()
		loops := 0
		cpuStart = cpu()
		for b.Loop() {
			got, err := s.Import(context.Background(), bytes.NewReader(data))
			if err != nil || got.Unchanged != st.Records {
				b.Fatalf("import: %+v, %v", got, err)
			}
			loops++
		}
		report(b, time.Since(start), loops)
	})
}
