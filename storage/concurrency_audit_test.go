package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

// auditSince returns the audit entries after sequence number after.
func auditSince(t *testing.T, s *storage.Store, after uint64) []*storage.AuditEntry {
	t.Helper()
	var out []*storage.AuditEntry
	for {
		page, more, err := s.AuditLog(context.Background(), prov.ID{}, after, 500)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if !more || len(page) == 0 {
			return out
		}
		after = page[len(page)-1].Seq
	}
}

func TestConcurrentUpsertsOnDisk(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	s := MustOpenDir(t, dir)
	base := s.Head().Seq
	const writers = 50
	text := "The Islamic Resistance in Iraq claimed the attack."
	url := "https://example.org/statement"
	type result struct {
		actor, source               prov.ID
		actorCreated, sourceCreated bool
		err                         error
	}
	results := make([]result, writers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range writers {
		wg.Go(func() {
			<-start
			r := &results[i]
			var a *prov.Actor
			a, r.actorCreated, r.err = s.UpsertActor(ctx, &prov.Actor{Name: "Islamic Resistance in Iraq", Kind: prov.ActorOrganization,
				Aliases: []string{fmt.Sprintf("IRI cell %d", i)}})
			if r.err != nil {
				return
			}
			r.actor = a.ID
			t := text
			var src *prov.Source
			src, r.sourceCreated, r.err = s.UpsertSource(ctx, &prov.Source{Title: "statement", Kind: prov.SourceStatement, URL: &url, Text: &t})
			if r.err == nil {
				r.source = src.ID
			}
		})
	}
	close(start)
	wg.Wait()
	actorsCreated, sourcesCreated := 0, 0
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("writer %d: %v", i, r.err)
		}
		if r.actor != results[0].actor || r.source != results[0].source {
			t.Fatalf("writer %d got actor %s and source %s, writer 0 %s and %s", i, r.actor, r.source, results[0].actor, results[0].source)
		}
		if r.actorCreated {
			actorsCreated++
		}
		if r.sourceCreated {
			sourcesCreated++
		}
	}
	t.Run("exactly one actor and one source exist", func(t *testing.T) {
		if actorsCreated != 1 || sourcesCreated != 1 {
			t.Errorf("%d upserts created the actor and %d the source, want 1 each", actorsCreated, sourcesCreated)
		}
		if n := must(s.CountActors(ctx, storage.ActorFilter{}))(t); n != 1 {
			t.Errorf("%d actors, want 1", n)
		}
		if n := must(s.CountSources(ctx, storage.SourceFilter{}))(t); n != 1 {
			t.Errorf("%d sources, want 1", n)
		}
		a := must(s.ActorByName(ctx, "islamic resistance in iraq"))(t)
		if a.ID != results[0].actor || len(a.Aliases) != writers {
			t.Errorf("actor %s with %d aliases, want %s with all %d", a.ID, len(a.Aliases), results[0].actor, writers)
		}
	})
	t.Run("the audit log has one entry per upsert that changed something", func(t *testing.T) {
		entries := auditSince(t, s, base)
		ops := map[string]int{}
		for _, e := range entries {
			ops[e.Operation]++
		}
		// Each actor upsert adds an alias; only the first source upsert changes anything.
		if ops["upsertActor"] != writers || ops["upsertSource"] != 1 || len(entries) != writers+1 {
			t.Errorf("audit entries by operation = %v, want %d upsertActor and 1 upsertSource", ops, writers)
		}
		mustVerify(t, s)
	})
}

// TestConcurrentMutationsAudit runs writers that update, link, unlink and delete an
// overlapping set of claims at once, and checks that the audit log holds exactly one
// entry for each mutation that returned success, naming the node it changed, and that
// the chain verifies.
func TestConcurrentMutationsAudit(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	s := MustOpenDir(t, dir)
	text := "Officials said the strikes hit 85 targets, and others disputed it."
	src := newSource(t, s, "shared source", &text)
	actor := newActor(t, s, "Shared Claimant", prov.ActorPerson)

	var mu sync.Mutex
	var claims, atts []prov.ID
	for i := range 6 {
		claims = append(claims, newClaim(t, s, fmt.Sprintf("shared claim %d", i), actor.ID, prov.ID{}).ID)
	}
	pick := func(r *rand.Rand, ids *[]prov.ID) (prov.ID, bool) {
		mu.Lock()
		defer mu.Unlock()
		if len(*ids) == 0 {
			return prov.ID{}, false
		}
		return (*ids)[r.IntN(len(*ids))], true
	}
	add := func(ids *[]prov.ID, id prov.ID) {
		mu.Lock()
		defer mu.Unlock()
		*ids = append(*ids, id)
	}
	drop := func(ids *[]prov.ID, id prov.ID) {
		mu.Lock()
		defer mu.Unlock()
		*ids = slices.DeleteFunc(*ids, func(x prov.ID) bool { return x == id })
	}

	type success struct {
		kind string // create, update or delete
		id   prov.ID
	}
	base := s.Head().Seq
	writers, opsEach := 16, 25
	if longRun() {
		writers, opsEach = 32, 100
	}
	var wg sync.WaitGroup
	succeeded := make([][]success, writers)
	failures := make([]map[string]int, writers)
	start := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			<-start
			r := rand.New(rand.NewPCG(uint64(w), 99))
			failures[w] = map[string]int{}
			ok := func(kind string, id prov.ID) { succeeded[w] = append(succeeded[w], success{kind, id}) }
			for i := range opsEach {
				c, found := pick(r, &claims)
				n := r.IntN(100)
				if !found {
					n = 99 // create a claim
				}
				var err error
				switch {
				case n < 35:
					_, err = s.UpdateClaim(ctx, c, func(cl *prov.Claim) error {
						cl.Text = fmt.Sprintf("claim rewritten by writer %d, op %d", w, i)
						return nil
					})
					if err == nil {
						ok("update", c)
					}
				case n < 60:
					var a *prov.Attribution
					a, err = s.CreateAttribution(ctx, &prov.Attribution{ClaimID: c, SourceID: src.ID, Quote: "the strikes hit 85 targets",
						Start: ptr(15), End: ptr(41), Kind: prov.AttributionIndirect})
					if err == nil {
						add(&atts, a.ID)
						ok("create", a.ID)
					}
				case n < 72:
					a, found := pick(r, &atts)
					if !found {
						continue
					}
					_, err = s.DeleteAttribution(ctx, a)
					if err == nil {
						drop(&atts, a)
						ok("delete", a)
					}
				case n < 84:
					to, _ := pick(r, &claims)
					var rel *prov.ClaimRelation
					rel, err = s.CreateRelation(ctx, &prov.ClaimRelation{Kind: prov.RelationContradicts, FromID: c, ToID: to})
					if err == nil {
						ok("create", rel.ID)
					}
				case n < 88:
					_, err = s.DeleteClaim(ctx, c)
					if err == nil {
						drop(&claims, c)
						ok("delete", c)
					}
				default:
					var cl *prov.Claim
					cl, err = s.CreateClaim(ctx, &prov.Claim{Text: fmt.Sprintf("new claim by writer %d, op %d", w, i), ClaimantID: actor.ID})
					if err == nil {
						add(&claims, cl.ID)
						ok("create", cl.ID)
					}
				}
				if err != nil {
					code := prov.ErrorCode(err)
					if code != prov.ENOTFOUND && code != prov.EINVALID {
						t.Errorf("writer %d: %v", w, err)
						return
					}
					failures[w][code]++
				}
			}
		})
	}
	close(start)
	wg.Wait()
	if t.Failed() {
		return
	}

	want := map[success]int{}
	total := 0
	refused := map[string]int{}
	for w := range writers {
		for _, ok := range succeeded[w] {
			want[ok]++
			total++
		}
		for code, n := range failures[w] {
			refused[code] += n
		}
	}
	entries := auditSince(t, s, base)
	t.Run("one audit entry per successful mutation", func(t *testing.T) {
		if len(entries) != total {
			t.Fatalf("%d audit entries for %d successful mutations", len(entries), total)
		}
		got := map[success]int{}
		for _, e := range entries {
			kind := ""
			for _, k := range []string{"create", "update", "delete"} {
				if strings.HasPrefix(e.Operation, k) {
					kind = k
				}
			}
			if kind == "" || len(e.Changes) == 0 {
				t.Fatalf("entry %d: operation %q with %d changes", e.Seq, e.Operation, len(e.Changes))
			}
			for _, c := range e.Changes {
				got[success{kind, c.ID}]++
			}
		}
		for ok, n := range want {
			if got[ok] < n {
				t.Errorf("%d successful %s of %s, but %d audit entries record it", n, ok.kind, ok.id, got[ok])
			}
		}
	})
	t.Run("the chain verifies, before and after reopening", func(t *testing.T) {
		mustVerify(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s2 := MustOpenDir(t, dir)
		if err := s2.Writable(); err != nil {
			t.Fatal(err)
		}
		rep := mustVerify(t, s2)
		t.Logf("%d writers, %d successful mutations (%d refused: %v), %d audit entries; verify: %d records, head %d",
			writers, total, refused[prov.ENOTFOUND]+refused[prov.EINVALID], refused, len(entries), rep.Records, rep.Head.Seq)
	})
}
