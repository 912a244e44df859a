package storage_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

func TestIDs(t *testing.T) {
	t.Run("never reuses an ID after delete and reopen", func(t *testing.T) {
		dir := t.TempDir()
		s, err := storage.Open(storage.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		used := map[prov.ID]bool{}
		var last *prov.Claim
		for i := range 3 {
			last = newClaim(t, s, "claim "+string(rune('a'+i)), prov.ID{}, prov.ID{})
			used[last.ID] = true
		}
		must(s.DeleteClaim(bg, last.ID))(t)
		next := newClaim(t, s, "after delete", prov.ID{}, prov.ID{})
		if used[next.ID] || next.ID.Seq <= last.ID.Seq {
			t.Errorf("after delete got %s, the deleted claim was %s", next.ID, last.ID)
		}
		used[next.ID] = true
		must(s.DeleteClaim(bg, next.ID))(t)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}

		s, err = storage.Open(storage.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for range 3 {
			c := newClaim(t, s, "after reopen", prov.ID{}, prov.ID{})
			if used[c.ID] || c.ID.Seq <= next.ID.Seq {
				t.Errorf("after reopen got %s, highest used was %s", c.ID, next.ID)
			}
			used[c.ID] = true
		}
		if n := must(s.CountClaims(bg, storage.ClaimFilter{}))(t); n != 5 {
			t.Errorf("after reopen CountClaims = %d, want 5", n)
		}
	})

	t.Run("reopens an on-disk store with its data", func(t *testing.T) {
		dir := t.TempDir()
		s, err := storage.Open(storage.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		text := "kept on disk"
		src := newSource(t, s, "disk", &text)
		before := exportString(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s, err = storage.Open(storage.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if after := exportString(t, s); after != before {
			t.Errorf("export after reopen:\n%s\nwant:\n%s", after, before)
		}
		if got := must(s.SourceText(bg, src.ID))(t); got == nil || *got != text {
			t.Errorf("SourceText = %v", got)
		}
	})

	t.Run("refuses to open a directory another store holds", func(t *testing.T) {
		dir := t.TempDir()
		s, err := storage.Open(storage.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if s2, err := storage.Open(storage.Options{Dir: dir}); err == nil {
			s2.Close()
			t.Fatal("second Open of a locked directory succeeded")
		}
	})

	t.Run("allocates IDs whose strings sort in creation order", func(t *testing.T) {
		s := MustOpenStore(t)
		var strs []string
		for range 40 {
			strs = append(strs, newEvent(t, s, "e").ID.String())
		}
		if !slices.IsSorted(strs) {
			t.Errorf("ID strings are not sorted: %v", strs)
		}
		for i := 1; i < len(strs); i++ {
			if strs[i] == strs[i-1] {
				t.Errorf("ID %s handed out twice", strs[i])
			}
		}
	})

	t.Run("gives each type its own sequence and prefix", func(t *testing.T) {
		s := MustOpenStore(t)
		a := newActor(t, s, "A", prov.ActorPerson)
		e := newEvent(t, s, "E")
		c := newClaim(t, s, "C", a.ID, e.ID)
		for _, tc := range []struct {
			id     prov.ID
			prefix string
		}{{a.ID, "act_"}, {e.ID, "evt_"}, {c.ID, "clm_"}} {
			if !strings.HasPrefix(tc.id.String(), tc.prefix) || tc.id.Seq != 1 {
				t.Errorf("ID %s (seq %d), want prefix %s and seq 1", tc.id, tc.id.Seq, tc.prefix)
			}
		}
	})
}

func TestParseID(t *testing.T) {
	t.Run("round-trips every type and edge sequence numbers", func(t *testing.T) {
		for _, typ := range prov.NodeTypes {
			for _, seq := range []uint64{1, 31, 32, 1 << 40, math.MaxUint64} {
				id := prov.NewID(typ, seq)
				s := id.String()
				if len(s) != 17 {
					t.Errorf("%v: string %q has %d characters, want 17", id, s, len(s))
				}
				got, err := prov.ParseID(s)
				if err != nil || got != id {
					t.Errorf("ParseID(%q) = %v, %v; want %v", s, got, err, id)
				}
				if got, err := prov.ParseIDOf(typ, s); err != nil || got != id {
					t.Errorf("ParseIDOf(%v, %q) = %v, %v", typ, s, got, err)
				}
			}
		}
	})
	t.Run("writes the documented form", func(t *testing.T) {
		if got := prov.NewID(prov.TypeClaim, 51).String(); got != "clm_000000000001k" {
			t.Errorf("String() = %q, want clm_000000000001k", got)
		}
		if got := (prov.ID{}).String(); got != "" {
			t.Errorf("zero ID String() = %q, want empty", got)
		}
	})
	t.Run("accepts upper-case digits", func(t *testing.T) {
		if got, err := prov.ParseID("clm_000000000001K"); err != nil || got != prov.NewID(prov.TypeClaim, 51) {
			t.Errorf("ParseID = %v, %v", got, err)
		}
	})
	for _, tc := range []struct{ name, in, want string }{
		{"rejects an empty string", "", "want a type prefix"},
		{"rejects a missing underscore", "clm000000000001k", "want a type prefix"},
		{"rejects an unknown prefix", "xyz_000000000001k", `unknown type prefix "xyz"`},
		{"rejects too few digits", "clm_00000000001k", "13 base32 digits"},
		{"rejects too many digits", "clm_0000000000001k", "13 base32 digits"},
		{"rejects a letter Crockford leaves out", "clm_00000000000u1", "not a base32 digit"},
		{"rejects a sequence number of zero", "clm_0000000000000", "must not be zero"},
		{"rejects a number past 64 bits", "clm_g000000000000", "out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := prov.ParseID(tc.in)
			wantErr(t, err, prov.EINVALID, tc.want)
			if tc.in != "" && !strings.Contains(err.Error(), tc.in) {
				t.Errorf("error %q does not quote the input", err)
			}
		})
	}
	t.Run("rejects an ID of the wrong type", func(t *testing.T) {
		_, err := prov.ParseIDOf(prov.TypeActor, "clm_000000000001k")
		wantErr(t, err, prov.EINVALID, "names a Claim, want a Actor")
	})
	t.Run("decodes an empty text to the zero ID", func(t *testing.T) {
		id := prov.NewID(prov.TypeClaim, 3)
		if err := id.UnmarshalText(nil); err != nil || !id.IsZero() {
			t.Errorf("UnmarshalText(empty) = %v, %v", id, err)
		}
	})
}
