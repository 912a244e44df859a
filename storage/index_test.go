package storage_test

import (
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

func claimIDsOf(tb testing.TB, s *storage.Store, f storage.ClaimFilter) []prov.ID {
	tb.Helper()
	l := must(s.Claims(bg, f, storage.Page{First: storage.MaxPageSize}))(tb)
	return ids(l.Items)
}

func TestIndexesFollowUpdates(t *testing.T) {
	s := MustOpenStore(t)
	alice := newActor(t, s, "Alice", prov.ActorPerson, "Al")
	bob := newActor(t, s, "Bob", prov.ActorPerson)
	c1 := newClaim(t, s, "one", alice.ID, prov.ID{})
	c2 := newClaim(t, s, "two", alice.ID, prov.ID{})

	t.Run("moves a claim between claimant lists when its claimant changes", func(t *testing.T) {
		must(s.UpdateClaim(bg, c1.ID, func(c *prov.Claim) error { c.ClaimantID = bob.ID; return nil }))(t)
		if got := claimIDsOf(t, s, storage.ClaimFilter{ClaimantID: alice.ID}); !sameIDs(got, []prov.ID{c2.ID}) {
			t.Errorf("Alice's claims = %v, want [%s]", got, c2.ID)
		}
		if got := claimIDsOf(t, s, storage.ClaimFilter{ClaimantID: bob.ID}); !sameIDs(got, []prov.ID{c1.ID}) {
			t.Errorf("Bob's claims = %v, want [%s]", got, c1.ID)
		}
		if n := must(s.CountClaims(bg, storage.ClaimFilter{ClaimantID: bob.ID}))(t); n != 1 {
			t.Errorf("CountClaims(Bob) = %d, want 1", n)
		}
	})
	t.Run("drops a claim from every claimant list when its claimant is cleared", func(t *testing.T) {
		must(s.UpdateClaim(bg, c1.ID, func(c *prov.Claim) error { c.ClaimantID = prov.ID{}; return nil }))(t)
		if got := claimIDsOf(t, s, storage.ClaimFilter{ClaimantID: bob.ID}); len(got) != 0 {
			t.Errorf("Bob's claims = %v, want none", got)
		}
		// Bob has no claims left, so he can be deleted.
		must(s.DeleteActor(bg, bob.ID))(t)
	})
	t.Run("frees an actor's old name and alias when it is renamed", func(t *testing.T) {
		must(s.UpdateActor(bg, alice.ID, func(a *prov.Actor) error {
			a.Name = "Alicia"
			a.Aliases[0] = "Ally" // in place: the old alias must still be released
			return nil
		}))(t)
		for _, old := range []string{"Alice", "al"} {
			_, err := s.ActorByName(bg, old)
			wantNotFound(t, err)
		}
		for _, name := range []string{"alicia", "ALLY"} {
			if got := must(s.ActorByName(bg, name))(t); got.ID != alice.ID {
				t.Errorf("ActorByName(%q) = %s, want %s", name, got.ID, alice.ID)
			}
		}
		other := newActor(t, s, "Alice", prov.ActorPerson, "Al")
		if got := must(s.ActorByName(bg, "al"))(t); got.ID != other.ID {
			t.Errorf("ActorByName(al) = %s, want the new actor %s", got.ID, other.ID)
		}
	})
	t.Run("moves a member between affiliation lists", func(t *testing.T) {
		org1 := newActor(t, s, "Org One", prov.ActorOrganization)
		org2 := newActor(t, s, "Org Two", prov.ActorOrganization)
		m := must(s.CreateActor(bg, &prov.Actor{Name: "Member", Kind: prov.ActorPerson, AffiliationID: org1.ID}))(t)
		must(s.UpdateActor(bg, m.ID, func(a *prov.Actor) error { a.AffiliationID = org2.ID; return nil }))(t)
		if got := must(s.Members(bg, org1.ID))(t); len(got) != 0 {
			t.Errorf("Members(org1) = %v, want none", ids(got))
		}
		if got := must(s.Members(bg, org2.ID))(t); !sameIDs(ids(got), []prov.ID{m.ID}) {
			t.Errorf("Members(org2) = %v, want [%s]", ids(got), m.ID)
		}
		must(s.DeleteActor(bg, org1.ID))(t)
	})
	t.Run("moves a citing source when a cite is replaced in place", func(t *testing.T) {
		a := newSource(t, s, "A", nil)
		b := newSource(t, s, "B", nil)
		citing := newSource(t, s, "citing", nil, a.ID)
		must(s.UpdateSource(bg, citing.ID, func(x *prov.Source) error { x.CitesIDs[0] = b.ID; return nil }))(t)
		if got := must(s.SourcesCiting(bg, a.ID))(t); len(got) != 0 {
			t.Errorf("SourcesCiting(A) = %v, want none", ids(got))
		}
		if got := must(s.SourcesCiting(bg, b.ID))(t); !sameIDs(ids(got), []prov.ID{citing.ID}) {
			t.Errorf("SourcesCiting(B) = %v, want [%s]", ids(got), citing.ID)
		}
		must(s.DeleteSource(bg, a.ID))(t)
		_, err := s.DeleteSource(bg, b.ID)
		wantErr(t, err, prov.ECONFLICT, "source.cites")
	})
}

func TestDeletes(t *testing.T) {
	s := MustOpenStore(t)
	alice := newActor(t, s, "Alice", prov.ActorPerson)
	ev := newEvent(t, s, "event")
	src1 := newSource(t, s, "one", nil)
	src2 := newSource(t, s, "two", nil)
	c1 := newClaim(t, s, "first claim", alice.ID, ev.ID)
	c2 := newClaim(t, s, "second claim", alice.ID, ev.ID)
	c3 := newClaim(t, s, "third claim", prov.ID{}, prov.ID{})
	a1 := newAttribution(t, s, c1.ID, src1.ID, "first")
	a2 := newAttribution(t, s, c1.ID, src2.ID, "first again")
	a3 := newAttribution(t, s, c2.ID, src1.ID, "second")
	r12 := newRelation(t, s, prov.RelationCorroborates, c1.ID, c2.ID)
	r31 := newRelation(t, s, prov.RelationContradicts, c3.ID, c1.ID)
	r23 := newRelation(t, s, prov.RelationRefines, c2.ID, c3.ID)

	t.Run("refuses to delete an actor that claims refer to, and changes nothing", func(t *testing.T) {
		before := exportString(t, s)
		_, err := s.DeleteActor(bg, alice.ID)
		wantErr(t, err, prov.ECONFLICT, "2 via claim.claimant")
		if after := exportString(t, s); after != before {
			t.Errorf("store changed by a refused delete")
		}
		must(s.Actor(bg, alice.ID))(t)
	})
	t.Run("refuses to delete an event that claims are about", func(t *testing.T) {
		_, err := s.DeleteEvent(bg, ev.ID)
		wantErr(t, err, prov.ECONFLICT, "claim.event")
	})
	t.Run("cascades a claim's attributions and relations", func(t *testing.T) {
		got := must(s.DeleteClaim(bg, c1.ID))(t)
		if got.ID != c1.ID || got.Text != c1.Text {
			t.Errorf("DeleteClaim returned %+v", got)
		}
		for _, id := range []prov.ID{c1.ID, a1.ID, a2.ID, r12.ID, r31.ID} {
			_, err := s.Node(bg, id)
			wantNotFound(t, err)
		}
		if got := must(s.SourceAttributions(bg, src1.ID))(t); !sameIDs(ids(got), []prov.ID{a3.ID}) {
			t.Errorf("SourceAttributions(src1) = %v, want [%s]", ids(got), a3.ID)
		}
		if got := must(s.SourceAttributions(bg, src2.ID))(t); len(got) != 0 {
			t.Errorf("SourceAttributions(src2) = %v, want none", ids(got))
		}
		if got := must(s.ClaimRelations(bg, c2.ID))(t); !sameIDs(ids(got), []prov.ID{r23.ID}) {
			t.Errorf("ClaimRelations(c2) = %v, want [%s]", ids(got), r23.ID)
		}
		if got := must(s.ClaimRelations(bg, c3.ID))(t); !sameIDs(ids(got), []prov.ID{r23.ID}) {
			t.Errorf("ClaimRelations(c3) = %v, want [%s]", ids(got), r23.ID)
		}
		if got := claimIDsOf(t, s, storage.ClaimFilter{ClaimantID: alice.ID}); !sameIDs(got, []prov.ID{c2.ID}) {
			t.Errorf("Alice's claims = %v, want [%s]", got, c2.ID)
		}
		if got := claimIDsOf(t, s, storage.ClaimFilter{SourceID: src2.ID}); len(got) != 0 {
			t.Errorf("claims in src2 = %v, want none", got)
		}
	})
	t.Run("cascades a source's attributions", func(t *testing.T) {
		must(s.DeleteSource(bg, src1.ID))(t)
		_, err := s.Attribution(bg, a3.ID)
		wantNotFound(t, err)
		if got := must(s.ClaimAttributions(bg, c2.ID))(t); len(got) != 0 {
			t.Errorf("ClaimAttributions(c2) = %v, want none", ids(got))
		}
	})
	t.Run("refuses to delete a source another source cites", func(t *testing.T) {
		cited := newSource(t, s, "cited", nil)
		citing := newSource(t, s, "citing", nil, cited.ID)
		_, err := s.DeleteSource(bg, cited.ID)
		wantErr(t, err, prov.ECONFLICT, "1 via source.cites")
		must(s.Source(bg, cited.ID))(t)
		must(s.DeleteSource(bg, citing.ID))(t)
		must(s.DeleteSource(bg, cited.ID))(t)
	})
	t.Run("refuses to delete a source an attribution names as intermediary", func(t *testing.T) {
		via := newSource(t, s, "via", nil)
		a := must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: c2.ID, SourceID: src2.ID, Quote: "q",
			Kind: prov.AttributionIndirect, ViaSourceID: via.ID}))(t)
		_, err := s.DeleteSource(bg, via.ID)
		wantErr(t, err, prov.ECONFLICT, "attribution.viaSource")
		must(s.DeleteAttribution(bg, a.ID))(t)
		must(s.DeleteSource(bg, via.ID))(t)
	})
	t.Run("deletes a source whose own attribution names it as intermediary too", func(t *testing.T) {
		src := newSource(t, s, "self-relayed", nil)
		a := must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: c2.ID, SourceID: src.ID, Quote: "q",
			Kind: prov.AttributionIndirect, ViaSourceID: src.ID}))(t)
		must(s.DeleteSource(bg, src.ID))(t)
		_, err := s.Attribution(bg, a.ID)
		wantNotFound(t, err)
	})
	t.Run("deletes an actor once nothing refers to it", func(t *testing.T) {
		must(s.DeleteClaim(bg, c2.ID))(t)
		must(s.DeleteActor(bg, alice.ID))(t)
		must(s.DeleteEvent(bg, ev.ID))(t)
		if got := must(s.ClaimRelations(bg, c3.ID))(t); len(got) != 0 {
			t.Errorf("ClaimRelations(c3) = %v, want none", ids(got))
		}
	})
	t.Run("deletes an archived text with its source", func(t *testing.T) {
		text := "archived"
		src := newSource(t, s, "with text", &text)
		must(s.DeleteSource(bg, src.ID))(t)
		_, err := s.SourceText(bg, src.ID)
		wantNotFound(t, err)
		// The text is free again for another source.
		newSource(t, s, "same text", &text)
	})
}
