package storage_test

import (
	"testing"

	"claimgraph/prov"
)

func TestEventSources(t *testing.T) {
	s := MustOpenStore(t)
	ev := newEvent(t, s, "strikes")
	claim := newClaim(t, s, "the strikes began", prov.ID{}, ev.ID)
	statement := newSource(t, s, "Statement", nil)
	unrelated := newSource(t, s, "Unrelated", nil)
	article := newSource(t, s, "Article", nil, statement.ID, unrelated.ID)
	must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: article.ID,
		Quote: "the strikes began", Kind: prov.AttributionIndirect, ViaSourceID: statement.ID}))(t)

	t.Run("lists the sources the claims appear in and the via sources they came through, not every cited source", func(t *testing.T) {
		got := ids(must(s.EventSources(bg, ev.ID))(t))
		if want := []prov.ID{statement.ID, article.ID}; !sameIDs(got, want) {
			t.Errorf("sources = %v, want %v", got, want)
		}
	})
}
