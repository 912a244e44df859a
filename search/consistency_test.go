package search_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"claimgraph/prov"
	"claimgraph/search"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

func ptr[T any](v T) *T { return &v }

func found(t *testing.T, x *search.Index, s *storage.Store, text string, want prov.ID) bool {
	t.Helper()
	res := mustSearch(t, x, s, search.Query{Text: text, First: ptr(100)})
	for _, h := range res.Hits {
		if h.ID == want {
			return true
		}
	}
	return false
}

// docCount returns the documents of x once it has caught up with s.
func docCount(t *testing.T, x *search.Index, s *storage.Store) uint64 {
	t.Helper()
	if err := x.CatchUp(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	n, err := x.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, "")
	if err := x.CatchUp(ctx, s); err != nil {
		t.Fatal(err)
	}

	ev, err := s.CreateEvent(ctx, &prov.Event{Name: "Zanzibar ferry inquiry"})
	if err != nil {
		t.Fatal(err)
	}
	actor, err := s.CreateActor(ctx, &prov.Actor{Name: "Quentin Oyelaran", Kind: prov.ActorPerson})
	if err != nil {
		t.Fatal(err)
	}
	claim, err := s.CreateClaim(ctx, &prov.Claim{Text: "The ferry carried 312 passengers.", EventID: ev.ID, ClaimantID: actor.ID})
	if err != nil {
		t.Fatal(err)
	}
	src, err := s.CreateSource(ctx, &prov.Source{Title: "Harbour bulletin", Kind: prov.SourceArticle, PublishedAt: ptr(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	att, err := s.CreateAttribution(ctx, &prov.Attribution{ClaimID: claim.ID, SourceID: src.ID, Quote: "the vessel was overloaded with pilgrims", Kind: prov.AttributionIndirect})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("a created claim is found by the next search without an explicit catch-up", func(t *testing.T) {
		if !found(t, x, s, "ferry passengers", claim.ID) {
			t.Error("new claim not found")
		}
	})
	t.Run("a claim is found by its attribution's quote and its claimant's name", func(t *testing.T) {
		if !found(t, x, s, "overloaded pilgrims", claim.ID) || !found(t, x, s, "overloaded pilgrims", att.ID) {
			t.Error("quote does not find claim and attribution")
		}
		if !found(t, x, s, "Oyelaran", claim.ID) {
			t.Error("claimant's name does not find the claim")
		}
	})
	t.Run("an updated claim is found by its new text only", func(t *testing.T) {
		if _, err := s.UpdateClaim(ctx, claim.ID, func(c *prov.Claim) error { c.Text = "The ferry sank near Unguja."; return nil }); err != nil {
			t.Fatal(err)
		}
		if found(t, x, s, "312 passengers", claim.ID) {
			t.Error("old text still finds the claim")
		}
		if !found(t, x, s, "Unguja", claim.ID) {
			t.Error("new text does not find the claim")
		}
	})
	t.Run("renaming the claimant re-indexes the claim", func(t *testing.T) {
		if _, err := s.UpdateActor(ctx, actor.ID, func(a *prov.Actor) error {
			a.Name = "Quentin Abernathy-Oyelaran"
			a.Aliases = []string{"Q.A.O."}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !found(t, x, s, "Abernathy", claim.ID) || !found(t, x, s, "Abernathy", actor.ID) {
			t.Error("new name does not find claim and actor")
		}
	})
	t.Run("an attribution moved to another claim leaves the first claim's document", func(t *testing.T) {
		other := id(trumpClaim)
		if _, err := s.UpdateAttribution(ctx, att.ID, func(a *prov.Attribution) error { a.ClaimID = other; return nil }); err != nil {
			t.Fatal(err)
		}
		if found(t, x, s, "overloaded pilgrims", claim.ID) {
			t.Error("the quote still finds the claim it left")
		}
		if !found(t, x, s, "overloaded pilgrims", other) {
			t.Error("the quote does not find the claim it joined")
		}
	})
	t.Run("a source's date moves its claims in the date filter", func(t *testing.T) {
		from := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
		q := search.Query{Text: "overloaded", From: &from, Types: []prov.NodeType{prov.TypeAttribution}}
		if res := mustSearch(t, x, s, q); len(res.Hits) != 0 {
			t.Fatalf("dated before the filter, found: %s", describe(res))
		}
		if _, err := s.UpdateSource(ctx, src.ID, func(s *prov.Source) error {
			s.PublishedAt = ptr(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if res := mustSearch(t, x, s, q); len(res.Hits) != 1 || res.Hits[0].ID != att.ID {
			t.Errorf("redated attribution: %s", describe(res))
		}
	})
	t.Run("a deleted attribution leaves its claim's document", func(t *testing.T) {
		before := docCount(t, x, s)
		if _, err := s.DeleteAttribution(ctx, att.ID); err != nil {
			t.Fatal(err)
		}
		if res := mustSearch(t, x, s, search.Query{Text: "overloaded pilgrims"}); res.Total != 0 {
			t.Errorf("the deleted quote still matches %d documents:%s", res.Total, describe(res))
		}
		if after := docCount(t, x, s); after != before-1 {
			t.Errorf("%d documents after deleting one of %d", after, before)
		}
	})
	t.Run("deleted nodes are gone from the index", func(t *testing.T) {
		before := docCount(t, x, s)
		if _, err := s.DeleteClaim(ctx, claim.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeleteEvent(ctx, ev.ID); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"Unguja", "Zanzibar"} {
			if res := mustSearch(t, x, s, search.Query{Text: q}); res.Total != 0 {
				t.Errorf("%q still matches %d documents:%s", q, res.Total, describe(res))
			}
		}
		if after := docCount(t, x, s); after != before-2 {
			t.Errorf("%d documents after deleting two of %d", after, before)
		}
	})
	t.Run("the index equals a rebuild from the store", func(t *testing.T) {
		fresh := mustOpenIndex(t, "")
		for _, q := range []string{"strikes", "Syrian government", "Abernathy", "ferry", `"declaration of vengeance"`, "Heg*"} {
			a := mustSearch(t, x, s, search.Query{Text: q, First: ptr(100)})
			b := mustSearch(t, fresh, s, search.Query{Text: q, First: ptr(100)})
			if a.Total != b.Total || len(a.Hits) != len(b.Hits) {
				t.Errorf("%q: followed index has %d hits, rebuilt %d", q, a.Total, b.Total)
				continue
			}
			// the same documents; equal scores may come in another order
			ga, gb := hitIDs(a), hitIDs(b)
			slices.Sort(ga)
			slices.Sort(gb)
			if !slices.Equal(ga, gb) {
				t.Errorf("%q: followed index finds %v, rebuilt %v", q, ga, gb)
			}
		}
	})
	t.Run("the checkpoint is the store's head", func(t *testing.T) {
		if err := x.CatchUp(ctx, s); err != nil {
			t.Fatal(err)
		}
		if got, want := x.Checkpoint(), s.Head(); got != want {
			t.Errorf("checkpoint %+v, head %+v", got, want)
		}
	})
}

// TestIndexRebuildsOnDisk: an on-disk index beside its store is built from it, rebuilt
// for another store, and rebuilt on demand (crashes: crash_test.go).
func TestIndexRebuildsOnDisk(t *testing.T) {
	ctx := context.Background()
	storeDir := newCrashStore(t)
	s, err := storage.Open(storage.Options{Dir: storeDir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	x := mustOpenIndex(t, search.DefaultDir(storeDir)) // inside the store's directory, as the server keeps it
	if err := x.CatchUp(ctx, s); err != nil {
		t.Fatal(err)
	}
	if !x.LastCatchUp().Rebuilt {
		t.Error("a new index was not built from the store")
	}
	c, err := s.CreateClaim(ctx, &prov.Claim{Text: "Kestrel drones were seen over Tartus."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateEvent(ctx, &prov.Event{Name: "Here"}); err != nil {
		t.Fatal(err)
	}
	if err := x.CatchUp(ctx, s); err != nil {
		t.Fatal(err)
	}
	t.Run("an index whose checkpoint is not in the store's log is rebuilt", func(t *testing.T) {
		other := storagetest.MustOpenDemo(t) // another store: same length of log, other hashes
		for range 2 {
			if _, err := other.CreateEvent(ctx, &prov.Event{Name: "Elsewhere"}); err != nil {
				t.Fatal(err)
			}
		}
		if other.Head().Seq != x.Checkpoint().Seq {
			t.Fatalf("other store's head %d, want %d", other.Head().Seq, x.Checkpoint().Seq)
		}
		if err := x.CatchUp(ctx, other); err != nil {
			t.Fatal(err)
		}
		if !x.LastCatchUp().Rebuilt {
			t.Errorf("catch-up %+v, want a rebuild", x.LastCatchUp())
		}
		if found(t, x, other, "Kestrel", c.ID) {
			t.Error("a claim of the other store is still indexed")
		}
		if !found(t, x, other, `"Syrian government fully supports"`, id(trumpClaim)) {
			t.Error("the store's own claim text not found")
		}
	})
	t.Run("reindex rebuilds on disk", func(t *testing.T) {
		if err := x.Reindex(ctx, s); err != nil {
			t.Fatal(err)
		}
		if !found(t, x, s, "Kestrel Tartus", c.ID) {
			t.Error("not found after reindex")
		}
		if got := x.Checkpoint(); got != s.Head() {
			t.Errorf("checkpoint %+v after reindex, head %+v", got, s.Head())
		}
	})
}

func TestSearchCatchUpCost(t *testing.T) {
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, "")
	ctx := context.Background()
	if err := x.CatchUp(ctx, s); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	const n = 10000
	for range n {
		if err := x.CatchUp(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	per := time.Since(start) / n
	t.Logf("CatchUp with nothing to do: %v", per)
	if per > time.Millisecond {
		t.Errorf("an idle catch-up takes %v", per)
	}
}

func TestFollowCatchesUpInTheBackground(t *testing.T) {
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { x.Follow(ctx, s, 5*time.Millisecond, func(err error) { t.Error(err) }); close(done) }()
	defer func() { cancel(); <-done }()
	if _, err := s.CreateEvent(context.Background(), &prov.Event{Name: "Followed"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for x.Checkpoint() != s.Head() {
		if time.Now().After(deadline) {
			t.Fatalf("checkpoint %d, head %d after 5s", x.Checkpoint().Seq, s.Head().Seq)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSearchAfterAWriteCost measures what the first query after a write pays: catching
// up one audit entry into an on-disk index, waiting for the batch to be persisted.
func TestSearchAfterAWriteCost(t *testing.T) {
	ctx := context.Background()
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, filepath.Join(t.TempDir(), "fulltext"))
	if err := x.CatchUp(ctx, s); err != nil {
		t.Fatal(err)
	}
	var total time.Duration
	const n = 20
	for i := range n {
		c, err := s.CreateClaim(ctx, &prov.Claim{Text: fmt.Sprintf("Claim number %d about drones.", i)})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if !found(t, x, s, fmt.Sprintf(`"number %d"`, i), c.ID) {
			t.Fatalf("claim %d not found", i)
		}
		total += time.Since(start)
	}
	t.Logf("first search after a write, on disk: %v on average (catch-up %v)", total/n, x.LastCatchUp().Duration)
}

func TestConcurrentWritesAndSearches(t *testing.T) {
	ctx := context.Background()
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, "")
	const writers, each = 2, 15
	done := make(chan error, writers)
	for w := range writers {
		go func() {
			for i := range each {
				if _, err := s.CreateClaim(ctx, &prov.Claim{Text: fmt.Sprintf("Concurrent marmot %d %d", w, i)}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	stop := make(chan struct{})
	searched := make(chan error, 1)
	go func() {
		for {
			select {
			case <-stop:
				searched <- nil
				return
			default:
			}
			if _, err := x.Search(ctx, s, search.Query{Text: "marmot"}); err != nil {
				searched <- err
				return
			}
		}
	}()
	for range writers {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if err := <-searched; err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, x, s, search.Query{Text: "marmot", Types: []prov.NodeType{prov.TypeClaim}, First: ptr(100)})
	if res.Total != writers*each {
		t.Errorf("%d claims found after the writes, want %d", res.Total, writers*each)
	}
}

// TestQueriesAnswerAsOfTheSnapshot writes after a request's snapshot is taken and
// after the index has applied those writes, then queries through the snapshot: the
// answer is the snapshot's, not the index's.
func TestQueriesAnswerAsOfTheSnapshot(t *testing.T) {
	bg := context.Background()
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, "")
	create := func(text string) *prov.Claim {
		t.Helper()
		c, err := s.CreateClaim(bg, &prov.Claim{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	deleted := create("Okapi herds crossed the Ituri river.")
	reworded := create("Okapi sightings were reported near the border.")
	kept := create("An okapi calf was born at the reserve.")
	quoted := create("Rangers counted the animals at dawn.")
	src, err := s.CreateSource(bg, &prov.Source{Title: "Reserve newsletter", Kind: prov.SourceArticle})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.CatchUp(bg, s); err != nil {
		t.Fatal(err)
	}

	ctx, release := s.WithSnapshot(bg)
	defer release()
	if _, err := s.Claim(ctx, kept.ID); err != nil { // the request's first read takes the snapshot
		t.Fatal(err)
	}
	created := create("An okapi stampede was filmed.")
	if _, err := s.DeleteClaim(bg, deleted.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateClaim(bg, reworded.ID, func(c *prov.Claim) error { c.Text = "Giraffe sightings were reported near the border."; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: quoted.ID, SourceID: src.ID, Quote: "we counted every okapi", Kind: prov.AttributionIndirect}); err != nil {
		t.Fatal(err)
	}
	// another request brings the index past the snapshot
	if err := x.CatchUp(bg, s); err != nil {
		t.Fatal(err)
	}
	want := []string{deleted.ID.String(), reworded.ID.String(), kept.ID.String()}

	t.Run("the claims filter lists the snapshot's matches and counts them", func(t *testing.T) {
		l, total, err := x.MatchClaims(ctx, s, storage.ClaimFilter{Text: "okapi"}, storage.Page{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range l.Items {
			got = append(got, c.ID.String())
		}
		if !slices.Equal(got, want) || total != len(want) || l.HasNextPage {
			t.Errorf("got %v (total %d, next %v), want %v (total %d)", got, total, l.HasNextPage, want, len(want))
		}
		if l.Items[1].Text != reworded.Text {
			t.Errorf("the reworded claim reads %q, want the snapshot's %q", l.Items[1].Text, reworded.Text)
		}
	})
	t.Run("the claims filter pages through the snapshot's matches", func(t *testing.T) {
		var got []string
		var after prov.ID
		for {
			l, total, err := x.MatchClaims(ctx, s, storage.ClaimFilter{Text: "okapi"}, storage.Page{First: 1, After: after})
			if err != nil {
				t.Fatal(err)
			}
			if total != len(want) {
				t.Errorf("total %d, want %d", total, len(want))
			}
			for _, c := range l.Items {
				got = append(got, c.ID.String())
				after = c.ID
			}
			if !l.HasNextPage {
				break
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("paged %v, want %v", got, want)
		}
	})
	t.Run("search finds the snapshot's matches and counts them", func(t *testing.T) {
		res := mustSearchCtx(t, ctx, x, s, search.Query{Text: "okapi", Types: []prov.NodeType{prov.TypeClaim}})
		got := hitIDs(res)
		slices.Sort(got)
		if !slices.Equal(got, want) || res.Total != len(want) || res.HasNext {
			t.Errorf("got %v (total %d), want %v:%s", got, res.Total, want, describe(res))
		}
	})
	t.Run("search pages through the snapshot's matches", func(t *testing.T) {
		var got []string
		after := ""
		for {
			res := mustSearchCtx(t, ctx, x, s, search.Query{Text: "okapi", Types: []prov.NodeType{prov.TypeClaim}, First: ptr(1), After: after})
			if res.Total != len(want) {
				t.Errorf("total %d, want %d", res.Total, len(want))
			}
			got = append(got, hitIDs(res)...)
			if !res.HasNext {
				break
			}
			after = res.EndCursor
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("paged %v, want %v", got, want)
		}
	})
	t.Run("a new snapshot sees the writes", func(t *testing.T) {
		ctx, release := s.WithSnapshot(bg)
		defer release()
		l, total, err := x.MatchClaims(ctx, s, storage.ClaimFilter{Text: "okapi"}, storage.Page{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range l.Items {
			got = append(got, c.ID.String())
		}
		if now := []string{kept.ID.String(), created.ID.String()}; !slices.Equal(got, now) || total != 2 {
			t.Errorf("got %v (total %d), want %v", got, total, now)
		}
		res := mustSearchCtx(t, ctx, x, s, search.Query{Text: "okapi", Types: []prov.NodeType{prov.TypeClaim}})
		ids := hitIDs(res)
		slices.Sort(ids)
		if now := []string{kept.ID.String(), quoted.ID.String(), created.ID.String()}; !slices.Equal(ids, now) || res.Total != 3 {
			t.Errorf("search got %v (total %d), want %v", ids, res.Total, now)
		}
	})
}

func mustSearchCtx(t testing.TB, ctx context.Context, x *search.Index, s *storage.Store, q search.Query) *search.Result {
	t.Helper()
	res, err := x.Search(ctx, s, q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	return res
}

// TestConcurrentWritersAndSnapshotReaders runs writers that create and delete claims
// matching a word while readers query it through snapshots opened before their
// queries: no query fails, and each count is what its snapshot holds.
func TestConcurrentWritersAndSnapshotReaders(t *testing.T) {
	bg := context.Background()
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, "")
	if err := x.CatchUp(bg, s); err != nil {
		t.Fatal(err)
	}
	const writers, readers, wantReads = 2, 3, 150
	var reads atomic.Int64
	deadline := time.Now().Add(20 * time.Second)
	stop := make(chan struct{})
	errs := make(chan error, writers+readers)
	var wg sync.WaitGroup
	writes := atomic.Int64{}
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []prov.ID
			for i := 0; reads.Load() < wantReads && time.Now().Before(deadline); i++ {
				// at most 40 writes per read, each writer: unpaced writes outrun indexing
				// (under -race most of all), and the test would measure only how far
				// behind the readers fall
				for int64(i) > 40*(reads.Load()+1) && time.Now().Before(deadline) {
					time.Sleep(time.Millisecond)
				}
				time.Sleep(200 * time.Microsecond)
				c, err := s.CreateClaim(bg, &prov.Claim{Text: fmt.Sprintf("Wombat burrow %d of writer %d.", i, w)})
				if err != nil {
					errs <- err
					return
				}
				writes.Add(1)
				mine = append(mine, c.ID)
				if len(mine) > 20 || i%3 == 2 { // counts go down as well as up, and stay within a page
					if _, err := s.DeleteClaim(bg, mine[0]); err != nil {
						errs <- err
						return
					}
					writes.Add(1)
					mine = mine[1:]
				}
			}
		}()
	}
	var rg sync.WaitGroup
	for range readers {
		rg.Add(1)
		go func() {
			defer rg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := checkSnapshotRead(bg, s, x); err != nil {
					errs <- err
					return
				}
				reads.Add(1)
			}
		}()
	}
	wg.Wait()
	close(stop)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if reads.Load() < wantReads {
		t.Errorf("%d reader queries ran while the writers wrote, want %d", reads.Load(), wantReads)
	}
	t.Logf("%d snapshot reads during %d writes", reads.Load(), writes.Load())
}

// checkSnapshotRead opens a snapshot, reads through it first (as an earlier field of
// a request would), lets the index move on, and checks that the claims filter and
// search agree with the store's own scan of the same snapshot.
func checkSnapshotRead(bg context.Context, s *storage.Store, x *search.Index) error {
	ctx, release := s.WithSnapshot(bg)
	defer release()
	truth, err := s.Claims(ctx, storage.ClaimFilter{Text: "wombat"}, storage.Page{First: storage.MaxPageSize})
	if err != nil {
		return err
	}
	var want []string
	for _, c := range truth.Items {
		want = append(want, c.ID.String())
	}
	if err := x.CatchUp(bg, s); err != nil {
		return err
	}
	l, total, err := x.MatchClaims(ctx, s, storage.ClaimFilter{Text: "wombat"}, storage.Page{First: storage.MaxPageSize})
	if err != nil {
		return fmt.Errorf("claims filter: %w", err)
	}
	var got []string
	for _, c := range l.Items {
		got = append(got, c.ID.String())
	}
	if !slices.Equal(got, want) || total != len(want) {
		return fmt.Errorf("claims filter: %v (total %d), the snapshot holds %v", got, total, want)
	}
	res, err := x.Search(ctx, s, search.Query{Text: "wombat", Types: []prov.NodeType{prov.TypeClaim}, First: ptr(search.MaxFirst)})
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	ids := hitIDs(res)
	slices.Sort(ids)
	if !slices.Equal(ids, want) || res.Total != len(want) {
		return fmt.Errorf("search: %v (total %d), the snapshot holds %v", ids, res.Total, want)
	}
	return nil
}

// TestSnapshotOlderThanManyWrites: a snapshot older than more writes than a view
// re-reads is answered from the index as it is, without the nodes the snapshot lacks,
// and its count is the hits it shows when they fit on the page.
func TestSnapshotOlderThanManyWrites(t *testing.T) {
	bg := context.Background()
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, "")
	old, err := s.CreateClaim(bg, &prov.Claim{Text: "A quokka was photographed."})
	if err != nil {
		t.Fatal(err)
	}
	ctx, release := s.WithSnapshot(bg)
	defer release()
	if _, err := s.Claim(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	for i := range 2100 {
		text := fmt.Sprintf("Filler claim %d.", i)
		if i == 7 {
			text = "A second quokka was photographed."
		}
		if _, err := s.CreateClaim(bg, &prov.Claim{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.CatchUp(bg, s); err != nil {
		t.Fatal(err)
	}
	l, total, err := x.MatchClaims(ctx, s, storage.ClaimFilter{Text: "quokka"}, storage.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Items) != 1 || l.Items[0].ID != old.ID || total != 1 {
		t.Errorf("claims filter: %d claims, total %d; want only %s", len(l.Items), total, old.ID)
	}
	res := mustSearchCtx(t, ctx, x, s, search.Query{Text: "quokka", Types: []prov.NodeType{prov.TypeClaim}})
	if got := hitIDs(res); len(got) != 1 || got[0] != old.ID.String() || res.Total != 1 {
		t.Errorf("search: %v, total %d; want only %s", got, res.Total, old.ID)
	}
}
