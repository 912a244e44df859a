package storage_test

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

// TestConcurrentWrites runs mutations from many goroutines at once. Writers are
// serialised by the store's write mutex, so these prove that concurrent callers lose
// no update, duplicate no natural key and leave no dangling reference; the retry after
// a Badger conflict, which writers of one process never meet, is TestConflictRetry's.
func TestConcurrentWrites(t *testing.T) {
	t.Run("loses no update when 20 writers append to one claim", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "x", prov.ID{}, prov.ID{})
		const writers = 20
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Go(func() {
				_, errs[i] = s.UpdateClaim(bg, c.ID, func(c *prov.Claim) error {
					c.Text += string(rune('a' + i))
					return nil
				})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("writer %d: %v", i, err)
			}
		}
		got := must(s.Claim(bg, c.ID))(t).Text
		if len(got) != 1+writers {
			t.Fatalf("text = %q, want %d characters", got, 1+writers)
		}
		chars := strings.Split(got[1:], "")
		sort.Strings(chars)
		if want := "abcdefghijklmnopqrst"; strings.Join(chars, "") != want {
			t.Errorf("appended characters = %q, want each of %q once", strings.Join(chars, ""), want)
		}
	})

	t.Run("creates one actor when 50 writers upsert the same name", func(t *testing.T) {
		s := MustOpenStore(t)
		const writers = 50
		var wg sync.WaitGroup
		got := make([]prov.ID, writers)
		created := make([]bool, writers)
		errs := make([]error, writers)
		for i := range writers {
			wg.Go(func() {
				a, c, err := s.UpsertActor(bg, &prov.Actor{Name: "Islamic Resistance in Iraq", Kind: prov.ActorOrganization,
					Aliases: []string{fmt.Sprintf("alias %d", i)}})
				errs[i], created[i] = err, c
				if a != nil {
					got[i] = a.ID
				}
			})
		}
		wg.Wait()
		nCreated := 0
		for i := range writers {
			if errs[i] != nil {
				t.Fatalf("writer %d: %v", i, errs[i])
			}
			if got[i] != got[0] {
				t.Errorf("writer %d got %s, writer 0 got %s", i, got[i], got[0])
			}
			if created[i] {
				nCreated++
			}
		}
		if nCreated != 1 {
			t.Errorf("%d upserts report created, want 1", nCreated)
		}
		if n := must(s.CountActors(bg, storage.ActorFilter{}))(t); n != 1 {
			t.Errorf("CountActors = %d, want 1", n)
		}
		a := must(s.Actor(bg, got[0]))(t)
		if len(a.Aliases) != writers {
			t.Errorf("actor has %d aliases, want all %d", len(a.Aliases), writers)
		}
	})

	t.Run("never leaves a reference to a node deleted concurrently", func(t *testing.T) {
		s := MustOpenStore(t)
		src := newSource(t, s, "src", nil)
		for round := range 100 {
			c := newClaim(t, s, fmt.Sprintf("claim %d", round), prov.ID{}, prov.ID{})
			var wg sync.WaitGroup
			var att *prov.Attribution
			var attErr, delErr error
			start := make(chan struct{})
			wg.Go(func() {
				<-start
				att, attErr = s.CreateAttribution(bg, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "q", Kind: prov.AttributionDirect})
			})
			wg.Go(func() {
				<-start
				_, delErr = s.DeleteClaim(bg, c.ID)
			})
			close(start)
			wg.Wait()
			if delErr != nil {
				t.Fatalf("round %d: delete: %v", round, delErr)
			}
			if attErr != nil {
				wantErr(t, attErr, prov.EINVALID, "attribution.claim")
				continue
			}
			if _, err := s.Attribution(bg, att.ID); prov.ErrorCode(err) != prov.ENOTFOUND {
				t.Fatalf("round %d: attribution %s of deleted claim %s survives (err %v)", round, att.ID, c.ID, err)
			}
		}
		if got := must(s.SourceAttributions(bg, src.ID))(t); len(got) != 0 {
			t.Errorf("SourceAttributions = %v, want none", ids(got))
		}
	})
	t.Run("never archives a text that an attribution created concurrently does not match", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "claim", prov.ID{}, prov.ID{})
		for round := range 100 {
			src := newSource(t, s, fmt.Sprintf("source %d", round), nil)
			text := fmt.Sprintf("text number %d", round)
			var wg sync.WaitGroup
			var attErr, attachErr error
			start := make(chan struct{})
			wg.Go(func() {
				<-start
				_, attErr = s.CreateAttribution(bg, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "wrong",
					Start: ptr(0), End: ptr(5), Kind: prov.AttributionDirect})
			})
			wg.Go(func() {
				<-start
				_, attachErr = s.AttachSourceText(bg, src.ID, text)
			})
			close(start)
			wg.Wait()
			if (attErr == nil) == (attachErr == nil) {
				t.Fatalf("round %d: create attribution: %v; attach text: %v; want exactly one to fail", round, attErr, attachErr)
			}
			for _, err := range []error{attErr, attachErr} {
				if err != nil && prov.ErrorCode(err) != prov.EINVALID {
					t.Fatalf("round %d: %v, want invalid", round, err)
				}
			}
		}
	})
}
