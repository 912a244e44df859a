package storage_test

import (
	"fmt"
	"slices"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

func chainString(links []prov.ChainLink) string {
	var out []string
	for _, l := range links {
		switch {
		case l.Actor != nil:
			out = append(out, fmt.Sprintf("%s/%d/%s", l.Relation, l.Depth, l.Actor.Name))
		case l.Source != nil:
			out = append(out, fmt.Sprintf("%s/%d/%s", l.Relation, l.Depth, l.Source.Title))
		default:
			out = append(out, fmt.Sprintf("%s/%d/<empty>", l.Relation, l.Depth))
		}
	}
	return fmt.Sprint(out)
}

func TestTrace(t *testing.T) {
	s := MustOpenStore(t)
	gov := newActor(t, s, "Syrian Arab Republic", prov.ActorGovernment)
	ministry := must(s.CreateActor(bg, &prov.Actor{Name: "Foreign Ministry", Kind: prov.ActorGovernment, AffiliationID: gov.ID}))(t)
	spokesman := must(s.CreateActor(bg, &prov.Actor{Name: "Ministry spokesman", Kind: prov.ActorPerson, AffiliationID: ministry.ID}))(t)
	outlet := newActor(t, s, "Daily News", prov.ActorMediaOutlet)
	relay := newActor(t, s, "Regional official", prov.ActorAnonymous)
	ev := newEvent(t, s, "US strikes in Syria")

	statement := must(s.CreateSource(bg, &prov.Source{Title: "Statement", Kind: prov.SourceStatement, PublishedAt: date(2024, 1, 3)}))(t)
	wire := must(s.CreateSource(bg, &prov.Source{Title: "Wire", Kind: prov.SourceWireReport, PublishedAt: date(2024, 1, 4), CitesIDs: []prov.ID{statement.ID}}))(t)
	article := must(s.CreateSource(bg, &prov.Source{Title: "Article", Kind: prov.SourceArticle, PublisherID: outlet.ID,
		PublishedAt: date(2024, 1, 5), CitesIDs: []prov.ID{wire.ID}}))(t)
	broadcast := must(s.CreateSource(bg, &prov.Source{Title: "Broadcast", Kind: prov.SourceSpeech, PublishedAt: date(2024, 1, 2)}))(t)
	blog := must(s.CreateSource(bg, &prov.Source{Title: "Blog", Kind: prov.SourceSocialPost, PublishedAt: date(2024, 1, 9)}))(t)
	undated := newSource(t, s, "Undated", nil)

	claim := newClaim(t, s, "the Syrian government fully supports the strikes", spokesman.ID, ev.ID)
	inArticle := newAttribution(t, s, claim.ID, article.ID, "the Syrian government fully supports the strikes")
	inBroadcast := must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: broadcast.ID,
		Quote: "the government supports the strikes", Kind: prov.AttributionIndirect, ViaActorID: relay.ID}))(t)
	inBlog := must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: blog.ID,
		Quote: "Syrian president backs US military action", Kind: prov.AttributionDirect, ViaSourceID: wire.ID}))(t)

	tr := must(s.Trace(bg, claim.ID))(t)

	t.Run("returns the claim, its claimant and a 2-level affiliation chain", func(t *testing.T) {
		if tr.Claim.ID != claim.ID || tr.Claim.Text != claim.Text {
			t.Errorf("Claim = %+v", tr.Claim)
		}
		if tr.Claimant == nil || tr.Claimant.ID != spokesman.ID {
			t.Fatalf("Claimant = %+v, want %s", tr.Claimant, spokesman.ID)
		}
		if got := ids(tr.AffiliationChain); !sameIDs(got, []prov.ID{ministry.ID, gov.ID}) {
			t.Errorf("AffiliationChain = %v, want [%s %s]", got, ministry.ID, gov.ID)
		}
		if tr.Event == nil || tr.Event.ID != ev.ID {
			t.Errorf("Event = %+v, want %s", tr.Event, ev.ID)
		}
	})
	t.Run("lists every appearance in attribution order with its source and publisher", func(t *testing.T) {
		var got []prov.ID
		for _, ap := range tr.Appearances {
			got = append(got, ap.Attribution.ID)
		}
		if !sameIDs(got, []prov.ID{inArticle.ID, inBroadcast.ID, inBlog.ID}) {
			t.Fatalf("appearances = %v", got)
		}
		if ap := tr.Appearances[0]; ap.Source.ID != article.ID || ap.Publisher == nil || ap.Publisher.ID != outlet.ID {
			t.Errorf("first appearance: source %v publisher %+v", ap.Source.ID, ap.Publisher)
		}
		if tr.Appearances[1].Publisher != nil {
			t.Errorf("a source without publisher has Publisher %+v", tr.Appearances[1].Publisher)
		}
	})
	t.Run("lists no source that the appearance's source cites but that does not carry the claim", func(t *testing.T) {
		if got := chainString(tr.Appearances[0].Chain); got != "[]" {
			t.Errorf("chain = %s, want none: the wire and the statement the article cites do not carry the claim", got)
		}
	})
	t.Run("names the via actor as the first link", func(t *testing.T) {
		if got := chainString(tr.Appearances[1].Chain); got != "[via/1/Regional official]" {
			t.Errorf("chain = %s", got)
		}
	})
	t.Run("follows a via source and what it cites", func(t *testing.T) {
		if got := chainString(tr.Appearances[2].Chain); got != "[via/1/Wire cites/2/Statement]" {
			t.Errorf("chain = %s", got)
		}
	})
	t.Run("measures the drift of a reworded quote", func(t *testing.T) {
		d := tr.Appearances[2].Drift()
		if !slices.Contains(d.Removed, "government") || !slices.Contains(d.Added, "president") {
			t.Errorf("Removed = %v, Added = %v; want government removed and president added", d.Removed, d.Added)
		}
		if slices.Contains(d.Removed, "Syrian") || slices.Contains(d.Added, "Syrian") {
			t.Errorf("a shared word is reported as changed: %+v", d)
		}
		if want := 2.0 / 13; d.Similarity < want-1e-9 || d.Similarity > want+1e-9 {
			t.Errorf("Similarity = %v, want %v", d.Similarity, want)
		}
		if exact := tr.Appearances[0].Drift(); exact.Similarity != 1 || len(exact.Removed)+len(exact.Added) != 0 {
			t.Errorf("verbatim quote has drift %+v", exact)
		}
	})
	t.Run("picks the appearance with the earliest publication as earliest", func(t *testing.T) {
		if tr.Earliest == nil || tr.Earliest.Attribution.ID != inBroadcast.ID {
			t.Errorf("Earliest = %+v, want the broadcast appearance %s", tr.Earliest, inBroadcast.ID)
		}
	})
	t.Run("has no earliest appearance when no source is dated", func(t *testing.T) {
		c := newClaim(t, s, "undated claim", prov.ID{}, prov.ID{})
		newAttribution(t, s, c.ID, undated.ID, "undated claim")
		tr := must(s.Trace(bg, c.ID))(t)
		if tr.Earliest != nil || len(tr.Appearances) != 1 || tr.Claimant != nil || tr.Event != nil || len(tr.AffiliationChain) != 0 {
			t.Errorf("trace = %+v", tr)
		}
	})
	t.Run("reports a missing claim as not found", func(t *testing.T) {
		_, err := s.Trace(bg, prov.NewID(prov.TypeClaim, 999))
		wantNotFound(t, err)
	})
}

func TestTraceChain(t *testing.T) {
	s := MustOpenStore(t)
	claim := newClaim(t, s, "the strikes began at 4 p.m.", prov.ID{}, prov.ID{})
	other := newClaim(t, s, "an unrelated claim", prov.ID{}, prov.ID{})
	statement := newSource(t, s, "Statement", nil)
	unrelated := newSource(t, s, "Unrelated", nil)
	wire := newSource(t, s, "Wire", nil, statement.ID, unrelated.ID)
	background := newSource(t, s, "Background", nil, statement.ID)
	article := newSource(t, s, "Article", nil, wire.ID, background.ID, unrelated.ID)
	post := newSource(t, s, "Post", nil, unrelated.ID, wire.ID)
	newAttribution(t, s, claim.ID, statement.ID, "the strikes began at 4 p.m.")
	newAttribution(t, s, claim.ID, wire.ID, "the strikes began at 4 p.m.")
	newAttribution(t, s, other.ID, unrelated.ID, "an unrelated claim")
	inArticle := newAttribution(t, s, claim.ID, article.ID, "the strikes began at 4 p.m.")
	inPost := must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: post.ID,
		Quote: "the strikes began", Kind: prov.AttributionIndirect, ViaSourceID: background.ID}))(t)

	tr := must(s.Trace(bg, claim.ID))(t)
	chainOf := func(id prov.ID) string {
		for _, ap := range tr.Appearances {
			if ap.Attribution.ID == id {
				return chainString(ap.Chain)
			}
		}
		t.Fatalf("no appearance %s", id)
		return ""
	}
	t.Run("follows the citations of sources that carry the claim, and only those", func(t *testing.T) {
		// The article also cites the background note and an unrelated source; neither
		// carries the claim, so neither is evidence of how the article got it.
		if got := chainOf(inArticle.ID); got != "[cites/1/Wire cites/2/Statement]" {
			t.Errorf("chain = %s", got)
		}
	})
	t.Run("follows what a via source cites, and from the carrying source only carriers", func(t *testing.T) {
		if got := chainOf(inPost.ID); got != "[via/1/Background cites/1/Wire cites/2/Statement]" {
			t.Errorf("chain = %s", got)
		}
	})
}

func TestTraceDemo(t *testing.T) {
	s := storagetest.MustOpenDemo(t)
	claims := must(s.Claims(bg, storage.ClaimFilter{}, storage.Page{First: storage.MaxPageSize}))(t)
	if len(claims.Items) == 0 || claims.HasNextPage {
		t.Fatalf("the demo holds %d claims (more: %v)", len(claims.Items), claims.HasNextPage)
	}
	t.Run("no chain link is a source that is neither a via source of the claim nor carries it", func(t *testing.T) {
		for _, c := range claims.Items {
			tr := must(s.Trace(bg, c.ID))(t)
			evidence := map[prov.ID]bool{}
			for _, ap := range tr.Appearances {
				evidence[ap.Source.ID] = true
				if v := ap.Attribution.ViaSourceID; !v.IsZero() {
					evidence[v] = true
				}
			}
			for _, ap := range tr.Appearances {
				for _, l := range ap.Chain {
					if l.Source != nil && !evidence[l.Source.ID] {
						t.Errorf("%s in %s: chain link %s %q neither carries the claim nor is a via source of it", c.ID, ap.Source.ID, l.Source.ID, l.Source.Title)
					}
				}
			}
		}
	})
	t.Run("the Pentagon official's claim told to NBC News goes through NBC News alone", func(t *testing.T) {
		tr := must(s.Trace(bg, must(prov.ParseID("clm_000000000001k"))(t)))(t)
		if len(tr.Appearances) != 1 {
			t.Fatalf("%d appearances, want 1", len(tr.Appearances))
		}
		if got := chainString(tr.Appearances[0].Chain); got != "[via/1/NBC News]" {
			t.Errorf("chain = %s", got)
		}
	})
}
