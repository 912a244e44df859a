package storage_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"claimgraph/prov"
	"claimgraph/storage"
)

// MustOpenStore returns an empty in-memory store, closed when the test ends.
func MustOpenStore(tb testing.TB) *storage.Store {
	tb.Helper()
	s, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		tb.Fatalf("open in-memory store: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close store: %v", err)
		}
	})
	return s
}

// must turns a (value, error) pair into a value, failing the test on error:
// must(s.CreateActor(ctx, a))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// must3 is must for the upserts, which also report whether they created.
func must3[T any](v T, created bool, err error) func(testing.TB) (T, bool) {
	return func(tb testing.TB) (T, bool) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return v, created
	}
}

func ptr[T any](v T) *T { return &v }

// wantErr fails unless err has the code and its message contains every fragment.
func wantErr(tb testing.TB, err error, code string, fragments ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("got no error, want %s error mentioning %q", code, fragments)
	}
	if got := prov.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (error: %v)", got, code, err)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			tb.Errorf("error %q does not mention %q", err.Error(), f)
		}
	}
}

var bg = context.Background()

func date(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	return &t
}

// Fixture builders: each creates one node with the fields a test does not care about
// filled in, and fails the test on error.

func newActor(tb testing.TB, s *storage.Store, name string, kind prov.ActorKind, aliases ...string) *prov.Actor {
	tb.Helper()
	return must(s.CreateActor(bg, &prov.Actor{Name: name, Kind: kind, Aliases: aliases}))(tb)
}

func newEvent(tb testing.TB, s *storage.Store, name string) *prov.Event {
	tb.Helper()
	return must(s.CreateEvent(bg, &prov.Event{Name: name}))(tb)
}

func newClaim(tb testing.TB, s *storage.Store, text string, claimant, event prov.ID) *prov.Claim {
	tb.Helper()
	return must(s.CreateClaim(bg, &prov.Claim{Text: text, ClaimantID: claimant, EventID: event}))(tb)
}

func newSource(tb testing.TB, s *storage.Store, title string, text *string, cites ...prov.ID) *prov.Source {
	tb.Helper()
	return must(s.CreateSource(bg, &prov.Source{Title: title, Kind: prov.SourceArticle, Text: text, CitesIDs: cites}))(tb)
}

func newAttribution(tb testing.TB, s *storage.Store, claim, src prov.ID, quote string) *prov.Attribution {
	tb.Helper()
	return must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim, SourceID: src, Quote: quote, Kind: prov.AttributionIndirect}))(tb)
}

func newRelation(tb testing.TB, s *storage.Store, kind prov.RelationKind, from, to prov.ID) *prov.ClaimRelation {
	tb.Helper()
	return must(s.CreateRelation(bg, &prov.ClaimRelation{Kind: kind, FromID: from, ToID: to}))(tb)
}

func ids[T prov.Node](nodes []T) []prov.ID {
	out := make([]prov.ID, len(nodes))
	for i, n := range nodes {
		out[i] = n.NodeID()
	}
	return out
}

func sameIDs(a, b []prov.ID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// wantNotFound fails unless err is ENOTFOUND.
func wantNotFound(tb testing.TB, err error) {
	tb.Helper()
	if got := prov.ErrorCode(err); got != prov.ENOTFOUND {
		tb.Fatalf("error code = %q, want %q (error: %v)", got, prov.ENOTFOUND, err)
	}
}

// exportString returns the store's export.
func exportString(tb testing.TB, s *storage.Store) string {
	tb.Helper()
	var b bytes.Buffer
	if err := s.Export(bg, &b); err != nil {
		tb.Fatalf("export: %v", err)
	}
	return b.String()
}
