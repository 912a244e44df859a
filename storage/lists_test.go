package storage_test

import (
	"fmt"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

// pages walks every page of a claim list and returns the items and the page sizes.
func pages(tb testing.TB, s *storage.Store, f storage.ClaimFilter, first int) ([]prov.ID, []int) {
	tb.Helper()
	var all []prov.ID
	var sizes []int
	var after prov.ID
	for range 100 {
		l := must(s.Claims(bg, f, storage.Page{First: first, After: after}))(tb)
		all = append(all, ids(l.Items)...)
		sizes = append(sizes, len(l.Items))
		if !l.HasNextPage {
			return all, sizes
		}
		if len(l.Items) == 0 {
			tb.Fatalf("empty page with HasNextPage")
		}
		after = l.Items[len(l.Items)-1].ID
	}
	tb.Fatalf("more than 100 pages")
	return nil, nil
}

func TestClaimPages(t *testing.T) {
	s := MustOpenStore(t)
	alice := newActor(t, s, "Alice", prov.ActorPerson)
	bob := newActor(t, s, "Bob", prov.ActorPerson)
	ev := newEvent(t, s, "Event")
	src := newSource(t, s, "Src", nil)
	other := newSource(t, s, "Other", nil)

	// 130 claims: every third by Bob, every other about the event, every fifth in src
	// (the even ones of those directly), every seventh "supported".
	var all, byBob, aboutEvent, inSrc, direct, supported []prov.ID
	for i := range 130 {
		claimant := alice.ID
		if i%3 == 0 {
			claimant = bob.ID
		}
		var event prov.ID
		if i%2 == 0 {
			event = ev.ID
		}
		text := fmt.Sprintf("Claim number %d", i)
		if i%7 == 0 {
			text = fmt.Sprintf("Claim %d: the GOVERNMENT Supported it", i)
		}
		c := newClaim(t, s, text, claimant, event)
		all = append(all, c.ID)
		if claimant == bob.ID {
			byBob = append(byBob, c.ID)
		}
		if i%2 == 0 {
			aboutEvent = append(aboutEvent, c.ID)
		}
		if i%7 == 0 {
			supported = append(supported, c.ID)
		}
		if i%5 == 0 {
			kind := prov.AttributionIndirect
			if i%10 == 0 {
				kind = prov.AttributionDirect
				direct = append(direct, c.ID)
			}
			inSrc = append(inSrc, c.ID)
			// Two attributions in src: the claim must still be listed once.
			for range 2 {
				must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: text, Kind: kind}))(t)
			}
		} else if i%11 == 0 {
			newAttribution(t, s, c.ID, other.ID, text)
		}
	}
	// Attributions created out of claim order must not disturb the source list's order.
	must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: all[0], SourceID: src.ID, Quote: "again", Kind: prov.AttributionDirect}))(t)

	t.Run("walks 130 claims in 3 pages of 50 without duplicates or gaps", func(t *testing.T) {
		got, sizes := pages(t, s, storage.ClaimFilter{}, 50)
		if !sameIDs(got, all) {
			t.Errorf("pages = %v\nwant %v", got, all)
		}
		if fmt.Sprint(sizes) != "[50 50 30]" {
			t.Errorf("page sizes = %v, want [50 50 30]", sizes)
		}
		if n := must(s.CountClaims(bg, storage.ClaimFilter{}))(t); n != 130 {
			t.Errorf("CountClaims = %d, want 130", n)
		}
	})
	t.Run("returns no items for First 0, with HasNextPage saying whether any follow", func(t *testing.T) {
		l := must(s.Claims(bg, storage.ClaimFilter{}, storage.Page{}))(t)
		if len(l.Items) != 0 || !l.HasNextPage {
			t.Errorf("got %d items, HasNextPage=%v; want 0, true", len(l.Items), l.HasNextPage)
		}
		if l := must(s.Claims(bg, storage.ClaimFilter{}, storage.Page{After: all[129]}))(t); len(l.Items) != 0 || l.HasNextPage {
			t.Errorf("after the last claim: %d items, HasNextPage=%v; want 0, false", len(l.Items), l.HasNextPage)
		}
		if l := must(s.Actors(bg, storage.ActorFilter{}, storage.Page{}))(t); len(l.Items) != 0 || !l.HasNextPage {
			t.Errorf("actors: %d items, HasNextPage=%v; want 0, true", len(l.Items), l.HasNextPage)
		}
	})
	t.Run("reports no next page when the last page is exactly full", func(t *testing.T) {
		l := must(s.Claims(bg, storage.ClaimFilter{}, storage.Page{First: 30, After: all[99]}))(t)
		if len(l.Items) != 30 || l.HasNextPage || l.Items[0].ID != all[100] {
			t.Errorf("got %d items from %v, HasNextPage=%v", len(l.Items), l.Items[0].ID, l.HasNextPage)
		}
		l = must(s.Claims(bg, storage.ClaimFilter{}, storage.Page{First: 10, After: all[129]}))(t)
		if len(l.Items) != 0 || l.HasNextPage {
			t.Errorf("after the last claim: %d items, HasNextPage=%v", len(l.Items), l.HasNextPage)
		}
	})
	for _, tc := range []struct {
		name string
		f    storage.ClaimFilter
		want []prov.ID
	}{
		{"pages through a claimant's claims", storage.ClaimFilter{ClaimantID: bob.ID}, byBob},
		{"pages through an event's claims", storage.ClaimFilter{EventID: ev.ID}, aboutEvent},
		{"pages through a source's claims once each, in ID order", storage.ClaimFilter{SourceID: src.ID}, inSrc},
		{"filters by attribution kind", storage.ClaimFilter{Kind: prov.AttributionDirect}, direct},
		{"matches text words case-insensitively and as word prefixes", storage.ClaimFilter{Text: "support government"}, supported},
		{"combines filters", storage.ClaimFilter{ClaimantID: bob.ID, EventID: ev.ID, Text: "claim"}, intersect(byBob, aboutEvent)},
		{"combines source and kind", storage.ClaimFilter{SourceID: src.ID, Kind: prov.AttributionIndirect}, minus(inSrc, direct)},
		{"matches nothing for a word no claim has", storage.ClaimFilter{Text: "upport"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := pages(t, s, tc.f, 7)
			if !sameIDs(got, tc.want) {
				t.Errorf("claims = %v\nwant %v", got, tc.want)
			}
			if n := must(s.CountClaims(bg, tc.f))(t); n != len(tc.want) {
				t.Errorf("CountClaims = %d, want %d", n, len(tc.want))
			}
		})
	}
	t.Run("rejects a cursor of another type", func(t *testing.T) {
		_, err := s.Claims(bg, storage.ClaimFilter{}, storage.Page{First: 1, After: alice.ID})
		wantErr(t, err, prov.EINVALID, "after")
	})
}

func intersect(a, b []prov.ID) []prov.ID {
	var out []prov.ID
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
			}
		}
	}
	return out
}

func minus(a, b []prov.ID) []prov.ID {
	var out []prov.ID
outer:
	for _, x := range a {
		for _, y := range b {
			if x == y {
				continue outer
			}
		}
		out = append(out, x)
	}
	return out
}

func TestOtherLists(t *testing.T) {
	s := MustOpenStore(t)
	gov := newActor(t, s, "Government of Syria", prov.ActorGovernment, "Damascus")
	var members []prov.ID
	for i := range 12 {
		a := must(s.CreateActor(bg, &prov.Actor{Name: fmt.Sprintf("Minister %d", i), Kind: prov.ActorPerson, AffiliationID: gov.ID}))(t)
		members = append(members, a.ID)
	}
	outlet := newActor(t, s, "Reuters", prov.ActorMediaOutlet)
	var published []prov.ID
	for i := range 9 {
		src := must(s.CreateSource(bg, &prov.Source{Title: fmt.Sprintf("Report %d on strikes", i), Kind: prov.SourceWireReport,
			PublisherID: outlet.ID, PublishedAt: date(2024, 1, 1+i)}))(t)
		published = append(published, src.ID)
	}
	newSource(t, s, "Undated statement", nil)
	for i := range 4 {
		must(s.CreateEvent(bg, &prov.Event{Name: fmt.Sprintf("Strike %d", i), Description: ptr("air raid")}))(t)
	}
	newEvent(t, s, "Summit")

	t.Run("lists actors by affiliation across pages", func(t *testing.T) {
		var got []prov.ID
		var after prov.ID
		for {
			l := must(s.Actors(bg, storage.ActorFilter{AffiliationID: gov.ID}, storage.Page{First: 5, After: after}))(t)
			got = append(got, ids(l.Items)...)
			if !l.HasNextPage {
				break
			}
			after = l.Items[len(l.Items)-1].ID
		}
		if !sameIDs(got, members) {
			t.Errorf("members = %v, want %v", got, members)
		}
		if n := must(s.CountActors(bg, storage.ActorFilter{AffiliationID: gov.ID}))(t); n != 12 {
			t.Errorf("CountActors = %d, want 12", n)
		}
	})
	t.Run("filters actors by kind and by a word of an alias", func(t *testing.T) {
		l := must(s.Actors(bg, storage.ActorFilter{Kind: prov.ActorGovernment, Name: "damas"}, storage.Page{First: storage.DefaultPageSize}))(t)
		if !sameIDs(ids(l.Items), []prov.ID{gov.ID}) {
			t.Errorf("actors = %v, want [%s]", ids(l.Items), gov.ID)
		}
		if n := must(s.CountActors(bg, storage.ActorFilter{Kind: prov.ActorPerson}))(t); n != 12 {
			t.Errorf("CountActors(PERSON) = %d, want 12", n)
		}
	})
	t.Run("filters sources by publisher, title and date range", func(t *testing.T) {
		l := must(s.Sources(bg, storage.SourceFilter{PublisherID: outlet.ID, Title: "STRIKES",
			PublishedAfter: date(2024, 1, 3), PublishedBefore: date(2024, 1, 5)}, storage.Page{First: storage.DefaultPageSize}))(t)
		if !sameIDs(ids(l.Items), published[2:5]) {
			t.Errorf("sources = %v, want %v", ids(l.Items), published[2:5])
		}
		if n := must(s.CountSources(bg, storage.SourceFilter{PublishedAfter: date(2000, 1, 1)}))(t); n != 9 {
			t.Errorf("CountSources(dated) = %d, want 9 (the undated one left out)", n)
		}
		if n := must(s.CountSources(bg, storage.SourceFilter{}))(t); n != 10 {
			t.Errorf("CountSources = %d, want 10", n)
		}
	})
	t.Run("filters events by a word of the description", func(t *testing.T) {
		if n := must(s.CountEvents(bg, storage.EventFilter{Name: "raid"}))(t); n != 4 {
			t.Errorf("CountEvents(raid) = %d, want 4", n)
		}
		l := must(s.Events(bg, storage.EventFilter{Name: "summit"}, storage.Page{First: storage.DefaultPageSize}))(t)
		if len(l.Items) != 1 || l.Items[0].Name != "Summit" || l.HasNextPage {
			t.Errorf("events = %+v", l)
		}
	})
}
