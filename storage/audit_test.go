package storage_test

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"claimgraph/demo"
	"claimgraph/prov"
	"claimgraph/storage"
)

// MustOpenDir opens an on-disk store in dir, closed when the test ends unless the test
// closes it first.
func MustOpenDir(tb testing.TB, dir string) *storage.Store {
	tb.Helper()
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		tb.Fatalf("open store in %s: %v", dir, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestAuditLog(t *testing.T) {
	ctx := context.Background()
	s := MustOpenStore(t)
	who := storage.WithWho(ctx, "tok_alice")
	a := must(s.CreateActor(who, &prov.Actor{Name: "Pete Hegseth", Kind: prov.ActorPerson}))(t)
	c := must(s.CreateClaim(ctx, &prov.Claim{Text: "first wording", ClaimantID: a.ID}))(t)
	must(s.UpdateClaim(ctx, c.ID, func(c *prov.Claim) error { c.Text = "second wording"; return nil }))(t)
	must(s.DeleteClaim(who, c.ID))(t)

	t.Run("records one entry per mutation with who and what", func(t *testing.T) {
		entries, more, err := s.AuditLog(ctx, prov.ID{}, 0, 10)
		if err != nil || more {
			t.Fatalf("AuditLog: %v, more %v", err, more)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Operation+"/"+e.Who)
		}
		want := "createActor/tok_alice createClaim/local updateClaim/local deleteClaim/tok_alice"
		if strings.Join(got, " ") != want {
			t.Fatalf("entries = %v, want %s", got, want)
		}
		for i, e := range entries {
			if e.Seq != uint64(i+1) || (i > 0 && e.Prev != entries[i-1].Hash) {
				t.Errorf("entry %d: seq %d prev %s, want the previous hash", i, e.Seq, e.Prev)
			}
		}
		del := entries[3].Changes
		if len(del) != 1 || del[0].ID != c.ID || del[0].After != (storage.Hash{}) || del[0].Before == (storage.Hash{}) {
			t.Errorf("delete changes = %+v", del)
		}
		if h := s.Head(); h.Seq != 4 || h.Hash != entries[3].Hash {
			t.Errorf("head = %+v, want entry 4", h)
		}
	})
	t.Run("history keeps every version of a deleted claim", func(t *testing.T) {
		h, err := s.History(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 3 || h[0].Node.(*prov.Claim).Text != "first wording" || h[1].Node.(*prov.Claim).Text != "second wording" || h[2].Node != nil {
			t.Fatalf("history = %+v", h)
		}
		if h[2].Entry.Who != "tok_alice" || h[2].Entry.Operation != "deleteClaim" {
			t.Errorf("last version entry = %+v", h[2].Entry)
		}
	})
	t.Run("revisions list every write of each node from one read, skipping nodes that never existed", func(t *testing.T) {
		never := prov.NewID(prov.TypeClaim, 999)
		got := map[prov.ID][]storage.Revision{}
		err := s.Revisions(ctx, []prov.ID{c.ID, never, a.ID}, func(id prov.ID, revs []storage.Revision) error {
			got[id] = slices.Clone(revs)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := got[never]; ok || len(got) != 2 {
			t.Fatalf("revisions of %v, want only the claim's and the actor's", slices.Collect(maps.Keys(got)))
		}
		h := must(s.History(ctx, c.ID))(t)
		revs := got[c.ID]
		if len(revs) != len(h) {
			t.Fatalf("claim: %d revisions, history has %d versions", len(revs), len(h))
		}
		for i, r := range revs {
			e := h[i].Entry
			if r.Seq != e.Seq || !r.At.Equal(e.At) || r.Who != e.Who || r.Operation != e.Operation || r.Deleted != (h[i].Node == nil) {
				t.Errorf("revision %d = %+v, history's entry %+v (deleted %v)", i, r, e, h[i].Node == nil)
			}
		}
		if a := got[a.ID]; len(a) != 1 || a[0].Operation != "createActor" || a[0].Deleted {
			t.Errorf("actor revisions = %+v", a)
		}
	})
	t.Run("revisions stop at the callback's error", func(t *testing.T) {
		stop := errors.New("stop")
		calls := 0
		err := s.Revisions(ctx, []prov.ID{c.ID, a.ID}, func(prov.ID, []storage.Revision) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Fatalf("err %v after %d calls, want stop after 1", err, calls)
		}
	})
	t.Run("a node's log lists only its entries", func(t *testing.T) {
		entries, _, err := s.AuditLog(ctx, a.ID, 0, 10)
		if err != nil || len(entries) != 1 || entries[0].Operation != "createActor" {
			t.Fatalf("entries = %+v, %v", entries, err)
		}
	})
	t.Run("a refused write adds no entry", func(t *testing.T) {
		before := s.Head()
		if _, err := s.CreateClaim(ctx, &prov.Claim{Text: ""}); err == nil {
			t.Fatal("empty claim accepted")
		}
		if s.Head() != before {
			t.Errorf("head moved from %+v to %+v", before, s.Head())
		}
	})
	t.Run("verify passes", func(t *testing.T) {
		rep, err := s.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.AuditEntries != 4 || rep.Records != 1 || rep.Versions != 4 {
			t.Errorf("report = %+v", rep)
		}
	})
}

func TestVerifyDemo(t *testing.T) {
	ctx := context.Background()
	s := MustOpenStore(t)
	if _, err := s.Import(ctx, bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Verify(ctx)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if rep.Records != 235 || rep.Versions != 235 {
		t.Errorf("report = %+v, want 235 records and versions", rep)
	}
}

func TestHeadFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := MustOpenDir(t, dir)
	must(s.CreateEvent(ctx, &prov.Event{Name: "one"}))(t)
	must(s.CreateEvent(ctx, &prov.Event{Name: "two"}))(t)
	head := s.Head()
	s.Close()
	headFile := filepath.Join(dir, storage.HeadFileName)
	saved, err := os.ReadFile(headFile)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("a store whose log matches its head file accepts writes", func(t *testing.T) {
		s := MustOpenDir(t, dir)
		defer s.Close()
		if err := s.Writable(); err != nil || s.Head() != head {
			t.Fatalf("writable %v, head %+v want %+v", err, s.Head(), head)
		}
	})
	t.Run("a head file ahead of the log makes the store read-only", func(t *testing.T) {
		// A head file from a later state: as if the log lost its last entries.
		other := t.TempDir()
		s2 := MustOpenDir(t, other)
		for _, n := range []string{"a", "b", "c"} {
			must(s2.CreateEvent(ctx, &prov.Event{Name: n}))(t)
		}
		s2.Close()
		ahead, _ := os.ReadFile(filepath.Join(other, storage.HeadFileName))
		os.WriteFile(headFile, ahead, 0o644)
		defer os.WriteFile(headFile, saved, 0o644)

		s := MustOpenDir(t, dir)
		defer s.Close()
		err := s.Writable()
		if err == nil || !strings.Contains(err.Error(), "acknowledged writes are missing") {
			t.Fatalf("Writable = %v, want missing writes", err)
		}
		_, err = s.CreateEvent(ctx, &prov.Event{Name: "refused"})
		if prov.ErrorCode(err) != prov.EUNAVAILABLE || !strings.Contains(prov.ErrorMessage(err), "entry 3") {
			t.Errorf("write = %v, want EUNAVAILABLE naming the head", err)
		}
		if _, err := s.Verify(ctx); err == nil {
			t.Error("verify passed with a head file ahead of the log")
		}
		if ev, err := s.Events(ctx, storage.EventFilter{}, storage.Page{First: storage.DefaultPageSize}); err != nil || len(ev.Items) != 2 {
			t.Errorf("reads = %v, %v; want the two events", ev.Items, err)
		}
	})
	t.Run("an edited head file makes the store read-only", func(t *testing.T) {
		os.WriteFile(headFile, bytes.Replace(saved, []byte("seq 2"), []byte("seq 1"), 1), 0o644)
		defer os.WriteFile(headFile, saved, 0o644)
		s := MustOpenDir(t, dir)
		defer s.Close()
		if err := s.Writable(); err == nil || !strings.Contains(err.Error(), "checksum") {
			t.Fatalf("Writable = %v, want a damaged head file", err)
		}
	})
	t.Run("a missing head file makes the store read-only", func(t *testing.T) {
		os.Remove(headFile)
		defer os.WriteFile(headFile, saved, 0o644)
		s := MustOpenDir(t, dir)
		defer s.Close()
		if err := s.Writable(); err == nil || !strings.Contains(err.Error(), "missing") {
			t.Fatalf("Writable = %v, want a missing head file", err)
		}
	})
}
