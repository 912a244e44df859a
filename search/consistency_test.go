package search_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"claimgraph/demo"
	"claimgraph/prov"
	"claimgraph/search"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

func ptr[T any](v T) *T { return &v }

func found(t *testing.T, x *search.Index, s *storage.Store, text string, want prov.ID) bool {
	t.Helper()
	res := mustSearch(t, x, s, search.Query{Text: text, First: 100})
	for _, h := range res.Hits {
		if h.ID == want {
			return true
		}
	}
	return false
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
		if _, err := s.DeleteAttribution(ctx, att.ID); err != nil {
			t.Fatal(err)
		}
		if found(t, x, s, "overloaded pilgrims", att.ID) || found(t, x, s, "overloaded pilgrims", id(trumpClaim)) {
			t.Error("the deleted quote is still found")
		}
	})
	t.Run("deleted nodes are gone from the index", func(t *testing.T) {
		if _, err := s.DeleteClaim(ctx, claim.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeleteEvent(ctx, ev.ID); err != nil {
			t.Fatal(err)
		}
		if found(t, x, s, "Unguja", claim.ID) || found(t, x, s, "Zanzibar", ev.ID) {
			t.Error("deleted nodes still found")
		}
	})
	t.Run("the index equals a rebuild from the store", func(t *testing.T) {
		fresh := mustOpenIndex(t, "")
		for _, q := range []string{"strikes", "Syrian government", "Abernathy", "ferry", `"declaration of vengeance"`, "Heg*"} {
			a := mustSearch(t, x, s, search.Query{Text: q, First: 100})
			b := mustSearch(t, fresh, s, search.Query{Text: q, First: 100})
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

func TestIndexCatchesUpAfterACrash(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "data")
	indexDir := search.DefaultDir(storeDir) // inside the store's directory, as the server keeps it
	s, err := storage.Open(storage.Options{Dir: storeDir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	// Badger does not mind the index's directory inside its own
	if err := os.MkdirAll(indexDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = storage.Open(storage.Options{Dir: storeDir, MinFreeBytes: -1, GCInterval: -1}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Writable(); err != nil {
		t.Fatal(err)
	}
	x, err := search.Open(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.CatchUp(ctx, s); err != nil {
		t.Fatal(err)
	}
	if !x.LastCatchUp().Rebuilt {
		t.Error("a new index was not built from the store")
	}
	before := x.Checkpoint()
	// Writes the index does not hear of before it "crashes": it is closed without
	// catching up, as if the process died between the store commit and the index batch.
	c, err := s.CreateClaim(ctx, &prov.Claim{Text: "Kestrel drones were seen over Tartus."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateClaim(ctx, id(trumpClaim), func(c *prov.Claim) error { c.Text = "Damascus endorsed the operation."; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	x = mustOpenIndex(t, indexDir)
	if got := x.Checkpoint(); got != before {
		t.Fatalf("reopened checkpoint %+v, want %+v", got, before)
	}
	if err := x.CatchUp(ctx, s); err != nil {
		t.Fatal(err)
	}
	st := x.LastCatchUp()
	t.Run("start-up replays only the entries after the checkpoint", func(t *testing.T) {
		if st.Rebuilt || st.Entries != 2 {
			t.Errorf("catch-up %+v, want 2 entries replayed", st)
		}
	})
	t.Run("writes made while the index was down are found", func(t *testing.T) {
		if !found(t, x, s, "Kestrel Tartus", c.ID) || !found(t, x, s, "Damascus endorsed", id(trumpClaim)) {
			t.Error("missed writes not found")
		}
		if found(t, x, s, `"fully supports the US strikes"`, id(trumpClaim)) {
			t.Error("old text still found")
		}
	})
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
	res := mustSearch(t, x, s, search.Query{Text: "marmot", Types: []prov.NodeType{prov.TypeClaim}, First: 100})
	if res.Total != writers*each {
		t.Errorf("%d claims found after the writes, want %d", res.Total, writers*each)
	}
}
