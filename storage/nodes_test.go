package storage_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"claimgraph/prov"
	"claimgraph/storage"
)

func TestRoundTrip(t *testing.T) {
	s := MustOpenStore(t)
	start := time.Date(2024, 1, 28, 5, 30, 15, 123456789, time.UTC)
	end := start.Add(90 * time.Minute)

	t.Run("an event keeps every field", func(t *testing.T) {
		in := &prov.Event{Name: "Tower 22 drone attack", Description: ptr("Drone strike on a US outpost"),
			StartTime: &start, EndTime: &end, Location: ptr("Jordan")}
		got := must(s.CreateEvent(bg, in))(t)
		if got.ID.Type != prov.TypeEvent || got.ID.Seq == 0 {
			t.Fatalf("created event has ID %v", got.ID)
		}
		if !in.ID.IsZero() {
			t.Errorf("CreateEvent set the ID of its argument to %s", in.ID)
		}
		want := *in
		want.ID = got.ID
		if read := must(s.Event(bg, got.ID))(t); !reflect.DeepEqual(read, &want) {
			t.Errorf("Event() = %+v, want %+v", read, &want)
		}
	})

	t.Run("an event without optional fields reads back without them", func(t *testing.T) {
		got := must(s.CreateEvent(bg, &prov.Event{Name: "bare"}))(t)
		read := must(s.Event(bg, got.ID))(t)
		if !reflect.DeepEqual(read, &prov.Event{ID: got.ID, Name: "bare"}) {
			t.Errorf("Event() = %+v", read)
		}
	})

	t.Run("a time in another zone and before 1970 reads back as the same instant", func(t *testing.T) {
		zone := time.FixedZone("UTC+3", 3*3600)
		old := time.Date(1969, 7, 20, 23, 56, 0, 999, zone)
		got := must(s.CreateEvent(bg, &prov.Event{Name: "moon", StartTime: &old}))(t)
		read := must(s.Event(bg, got.ID))(t)
		if read.StartTime == nil || !read.StartTime.Equal(old) || read.StartTime.Location() != time.UTC {
			t.Errorf("StartTime = %v, want %v in UTC", read.StartTime, old)
		}
	})

	var boss, centcom *prov.Actor
	t.Run("an actor keeps its role, aliases in order and affiliation", func(t *testing.T) {
		boss = must(s.CreateActor(bg, &prov.Actor{Name: "US Department of Defense", Kind: prov.ActorGovernment}))(t)
		in := &prov.Actor{Name: "US Central Command", Kind: prov.ActorGovernment, Role: ptr("combatant command"),
			Aliases: []string{"CENTCOM", "USCENTCOM", "us central command"}, AffiliationID: boss.ID}
		centcom = must(s.CreateActor(bg, in))(t)
		want := *in
		want.ID = centcom.ID
		if read := must(s.Actor(bg, centcom.ID))(t); !reflect.DeepEqual(read, &want) {
			t.Errorf("Actor() = %+v, want %+v", read, &want)
		}
	})

	var wire, article *prov.Source
	t.Run("a source keeps its URL, dates, hash, publisher and cites", func(t *testing.T) {
		wire = newSource(t, s, "Wire report", nil)
		in := &prov.Source{Title: "Article", Kind: prov.SourceWireReport, PublisherID: centcom.ID,
			URL: ptr("https://example.com/news/1"), PublishedAt: &start, RetrievedAt: &end,
			TextSHA256: prov.TextHash("not archived"), CitesIDs: []prov.ID{wire.ID}}
		article = must(s.CreateSource(bg, in))(t)
		want := *in
		want.ID = article.ID
		read := must(s.Source(bg, article.ID))(t)
		if !reflect.DeepEqual(read, &want) {
			t.Errorf("Source() = %+v, want %+v", read, &want)
		}
		if read.HasText || read.Text != nil {
			t.Errorf("source without archived text reads HasText=%v Text=%v", read.HasText, read.Text)
		}
	})

	t.Run("a source with text reads back HasText and its text separately", func(t *testing.T) {
		text := "Officials said the strike was lawful."
		got := newSource(t, s, "With text", &text)
		read := must(s.Source(bg, got.ID))(t)
		if !read.HasText || read.Text != nil || read.TextSHA256 != prov.TextHash(text) {
			t.Errorf("Source() = HasText %v, Text %v, hash %q; want true, nil, %q", read.HasText, read.Text, read.TextSHA256, prov.TextHash(text))
		}
		if got := must(s.SourceText(bg, got.ID))(t); got == nil || *got != text {
			t.Errorf("SourceText() = %v, want %q", got, text)
		}
	})

	var claim, other *prov.Claim
	t.Run("a claim keeps claimant, event, statedAt and medium", func(t *testing.T) {
		ev := newEvent(t, s, "strike")
		in := &prov.Claim{Text: "The strike hit a weapons depot.", ClaimantID: centcom.ID, EventID: ev.ID,
			StatedAt: &start, Medium: ptr("statement")}
		claim = must(s.CreateClaim(bg, in))(t)
		want := *in
		want.ID = claim.ID
		if read := must(s.Claim(bg, claim.ID))(t); !reflect.DeepEqual(read, &want) {
			t.Errorf("Claim() = %+v, want %+v", read, &want)
		}
		other = newClaim(t, s, "The depot was empty.", prov.ID{}, prov.ID{})
	})

	t.Run("an attribution keeps a span starting at offset 0 and every optional field", func(t *testing.T) {
		in := &prov.Attribution{ClaimID: claim.ID, SourceID: article.ID, Quote: "hit a depot",
			Start: ptr(0), End: ptr(11), Mention: ptr("a US official"), Cue: ptr("said"),
			Kind: prov.AttributionMixed, Medium: ptr("phone"), ViaActorID: boss.ID, ViaSourceID: wire.ID}
		got := must(s.CreateAttribution(bg, in))(t)
		want := *in
		want.ID = got.ID
		read := must(s.Attribution(bg, got.ID))(t)
		if !reflect.DeepEqual(read, &want) {
			t.Errorf("Attribution() = %+v, want %+v", read, &want)
		}
		if read.Start == nil || *read.Start != 0 {
			t.Errorf("Start = %v, want 0", read.Start)
		}
	})

	t.Run("an attribution without a span reads back without one", func(t *testing.T) {
		got := newAttribution(t, s, other.ID, wire.ID, "empty")
		read := must(s.Attribution(bg, got.ID))(t)
		if read.Start != nil || read.End != nil || read.Mention != nil || !read.ViaActorID.IsZero() {
			t.Errorf("Attribution() = %+v, want no span, mention or via", read)
		}
	})

	t.Run("a relation keeps its note and assertedBy", func(t *testing.T) {
		in := &prov.ClaimRelation{Kind: prov.RelationContradicts, FromID: other.ID, ToID: claim.ID,
			Note: ptr("satellite images"), AssertedByID: boss.ID}
		got := must(s.CreateRelation(bg, in))(t)
		want := *in
		want.ID = got.ID
		if read := must(s.Relation(bg, got.ID))(t); !reflect.DeepEqual(read, &want) {
			t.Errorf("Relation() = %+v, want %+v", read, &want)
		}
		n := must(s.Node(bg, got.ID))(t)
		if r, ok := n.(*prov.ClaimRelation); !ok || r.ID != got.ID {
			t.Errorf("Node() = %#v, want the relation", n)
		}
	})

	t.Run("a getter of another type reports not found", func(t *testing.T) {
		_, err := s.Claim(bg, prov.NewID(prov.TypeClaim, 9999))
		wantNotFound(t, err)
		_, err = s.Actor(bg, claim.ID)
		wantNotFound(t, err)
		_, err = s.Node(bg, prov.NewID(prov.TypeEvent, 9999))
		wantNotFound(t, err)
	})

	t.Run("an update stores the changed fields", func(t *testing.T) {
		got := must(s.UpdateClaim(bg, claim.ID, func(c *prov.Claim) error {
			c.Text = "The strike hit an empty depot."
			c.Medium = nil
			return nil
		}))(t)
		read := must(s.Claim(bg, claim.ID))(t)
		if read.Text != "The strike hit an empty depot." || read.Medium != nil || !reflect.DeepEqual(read, got) {
			t.Errorf("after update Claim() = %+v, UpdateClaim returned %+v", read, got)
		}
	})
}

func TestValidation(t *testing.T) {
	s := MustOpenStore(t)
	person := newActor(t, s, "Jane Doe", prov.ActorPerson)
	boss := newActor(t, s, "Boss", prov.ActorPerson)
	must(s.UpdateActor(bg, person.ID, func(a *prov.Actor) error { a.AffiliationID = boss.ID; return nil }))(t)
	ev := newEvent(t, s, "strike")
	text := "the quick brown fox"
	src := newSource(t, s, "Fox report", &text)
	claim := newClaim(t, s, "a fox was seen", person.ID, ev.ID)
	claim2 := newClaim(t, s, "no fox was seen", prov.ID{}, prov.ID{})
	missingActor := prov.NewID(prov.TypeActor, 999)

	cases := []struct {
		name  string
		do    func() error
		field string
	}{
		{"rejects an actor with an empty name", func() error {
			_, err := s.CreateActor(bg, &prov.Actor{Name: "  ", Kind: prov.ActorPerson})
			return err
		}, "actor.name"},
		{"rejects an actor of an unknown kind", func() error {
			_, err := s.CreateActor(bg, &prov.Actor{Name: "Robot", Kind: "ROBOT"})
			return err
		}, "actor.kind"},
		{"rejects an actor whose aliases repeat each other", func() error {
			_, err := s.CreateActor(bg, &prov.Actor{Name: "X", Kind: prov.ActorPerson, Aliases: []string{"Y", "y."}})
			return err
		}, "actor.aliases[1]"},
		{"rejects an actor affiliated with a missing actor", func() error {
			_, err := s.CreateActor(bg, &prov.Actor{Name: "Z", Kind: prov.ActorPerson, AffiliationID: missingActor})
			return err
		}, "actor.affiliation"},
		{"rejects an affiliation that loops back to the actor", func() error {
			_, err := s.UpdateActor(bg, boss.ID, func(a *prov.Actor) error { a.AffiliationID = person.ID; return nil })
			return err
		}, "actor.affiliation"},
		{"rejects an event with an empty name", func() error {
			_, err := s.CreateEvent(bg, &prov.Event{Name: ""})
			return err
		}, "event.name"},
		{"rejects an event that ends before it starts", func() error {
			_, err := s.CreateEvent(bg, &prov.Event{Name: "e", StartTime: date(2024, 2, 2), EndTime: date(2024, 2, 1)})
			return err
		}, "event.endTime"},
		{"rejects a claim whose text is invalid UTF-8", func() error {
			_, err := s.CreateClaim(bg, &prov.Claim{Text: "bad \xff text"})
			return err
		}, "claim.text"},
		{"rejects a claim whose claimant does not exist", func() error {
			_, err := s.CreateClaim(bg, &prov.Claim{Text: "t", ClaimantID: missingActor})
			return err
		}, "claim.claimant"},
		{"rejects a claim whose claimant is not an actor", func() error {
			_, err := s.CreateClaim(bg, &prov.Claim{Text: "t", ClaimantID: ev.ID})
			return err
		}, "claim.claimant"},
		{"rejects a claim whose event does not exist", func() error {
			_, err := s.CreateClaim(bg, &prov.Claim{Text: "t", EventID: prov.NewID(prov.TypeEvent, 999)})
			return err
		}, "claim.event"},
		{"rejects a claim with its ID set", func() error {
			_, err := s.CreateClaim(bg, &prov.Claim{ID: prov.NewID(prov.TypeClaim, 77), Text: "t"})
			return err
		}, "claim.id"},
		{"rejects a blank optional medium", func() error {
			_, err := s.CreateClaim(bg, &prov.Claim{Text: "t", Medium: ptr(" ")})
			return err
		}, "claim.medium"},
		{"rejects a source of an unknown kind", func() error {
			_, err := s.CreateSource(bg, &prov.Source{Title: "t", Kind: "BLOG"})
			return err
		}, "source.kind"},
		{"rejects a source with an empty title", func() error {
			_, err := s.CreateSource(bg, &prov.Source{Title: "", Kind: prov.SourceArticle})
			return err
		}, "source.title"},
		{"rejects a source URL that is not absolute http", func() error {
			_, err := s.CreateSource(bg, &prov.Source{Title: "t", Kind: prov.SourceArticle, URL: ptr("ftp://x/y")})
			return err
		}, "source.url"},
		{"rejects a source whose text does not match its hash", func() error {
			_, err := s.CreateSource(bg, &prov.Source{Title: "t", Kind: prov.SourceArticle, Text: ptr("a"), TextSHA256: prov.TextHash("b")})
			return err
		}, "source.text"},
		{"rejects a source citing a missing source", func() error {
			_, err := s.CreateSource(bg, &prov.Source{Title: "t", Kind: prov.SourceArticle, CitesIDs: []prov.ID{prov.NewID(prov.TypeSource, 999)}})
			return err
		}, "source.cites"},
		{"rejects a source citing itself", func() error {
			_, err := s.UpdateSource(bg, src.ID, func(x *prov.Source) error { x.CitesIDs = []prov.ID{src.ID}; return nil })
			return err
		}, "source.cites[0]"},
		{"rejects an attribution of an unknown kind", func() error {
			_, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: src.ID, Quote: "fox", Kind: "VAGUE"})
			return err
		}, "attribution.kind"},
		{"rejects an attribution with an empty quote", func() error {
			_, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: src.ID, Quote: "", Kind: prov.AttributionDirect})
			return err
		}, "attribution.quote"},
		{"rejects a span that lies outside the source text", func() error {
			_, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: src.ID, Quote: "fox!!", Start: ptr(16), End: ptr(21), Kind: prov.AttributionDirect})
			return err
		}, "attribution.end"},
		{"rejects a quote that does not match its span", func() error {
			_, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: src.ID, Quote: "slow", Start: ptr(4), End: ptr(8), Kind: prov.AttributionDirect})
			return err
		}, "attribution.quote"},
		{"rejects a span whose length is not the quote's", func() error {
			_, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: src.ID, Quote: "quick", Start: ptr(4), End: ptr(8), Kind: prov.AttributionDirect})
			return err
		}, "attribution.end"},
		{"rejects a span with only one offset", func() error {
			_, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: src.ID, Quote: "quick", Start: ptr(4), Kind: prov.AttributionDirect})
			return err
		}, "attribution.start/end"},
		{"rejects an attribution whose claim does not exist", func() error {
			_, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: prov.NewID(prov.TypeClaim, 999), SourceID: src.ID, Quote: "fox", Kind: prov.AttributionDirect})
			return err
		}, "attribution.claim"},
		{"rejects an attribution without a source", func() error {
			_, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, Quote: "fox", Kind: prov.AttributionDirect})
			return err
		}, "attribution.source"},
		{"rejects an attribution whose via actor does not exist", func() error {
			_, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: claim.ID, SourceID: src.ID, Quote: "fox", Kind: prov.AttributionDirect, ViaActorID: missingActor})
			return err
		}, "attribution.viaActor"},
		{"rejects a relation of a claim to itself", func() error {
			_, err := s.CreateRelation(bg, &prov.ClaimRelation{Kind: prov.RelationRefines, FromID: claim.ID, ToID: claim.ID})
			return err
		}, "relation.to"},
		{"rejects a relation of an unknown kind", func() error {
			_, err := s.CreateRelation(bg, &prov.ClaimRelation{Kind: "DENIES", FromID: claim.ID, ToID: claim2.ID})
			return err
		}, "relation.kind"},
		{"rejects a relation to a missing claim", func() error {
			_, err := s.CreateRelation(bg, &prov.ClaimRelation{Kind: prov.RelationRefines, FromID: claim.ID, ToID: prov.NewID(prov.TypeClaim, 999)})
			return err
		}, "relation.to"},
		{"rejects an update that makes a claim invalid", func() error {
			_, err := s.UpdateClaim(bg, claim.ID, func(c *prov.Claim) error { c.Text = ""; return nil })
			return err
		}, "claim.text"},
	}
	before := exportString(t, s)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			wantErr(t, err, prov.EINVALID, tc.field)
			if msg := prov.ErrorMessage(err); !strings.HasPrefix(msg, tc.field) {
				t.Errorf("message %q does not start with the field %q", msg, tc.field)
			}
		})
	}
	t.Run("leaves the store as it was after every rejected write", func(t *testing.T) {
		if after := exportString(t, s); after != before {
			t.Errorf("store changed:\nbefore:\n%s\nafter:\n%s", before, after)
		}
	})
	t.Run("reports a missing node as not found on update and delete", func(t *testing.T) {
		_, err := s.UpdateClaim(bg, prov.NewID(prov.TypeClaim, 999), func(*prov.Claim) error { return nil })
		wantNotFound(t, err)
		_, err = s.DeleteEvent(bg, prov.NewID(prov.TypeEvent, 999))
		wantNotFound(t, err)
		_, err = s.DeleteClaim(bg, ev.ID) // an ID of another type
		wantNotFound(t, err)
	})
	t.Run("returns the error of an update function and stores nothing", func(t *testing.T) {
		_, err := s.UpdateClaim(bg, claim.ID, func(c *prov.Claim) error {
			c.Text = "changed"
			return prov.Errorf(prov.EFORBIDDEN, "no")
		})
		wantErr(t, err, prov.EFORBIDDEN, "no")
		if got := must(s.Claim(bg, claim.ID))(t); got.Text != claim.Text {
			t.Errorf("text = %q, want %q", got.Text, claim.Text)
		}
	})
	t.Run("rejects a page size out of range", func(t *testing.T) {
		_, err := s.Claims(bg, storage.ClaimFilter{}, storage.Page{First: -1})
		wantErr(t, err, prov.EINVALID, "first")
		_, err = s.Claims(bg, storage.ClaimFilter{}, storage.Page{First: storage.MaxPageSize + 1})
		wantErr(t, err, prov.EINVALID, "first")
	})
	t.Run("rejects an unknown kind in a filter", func(t *testing.T) {
		_, err := s.Claims(bg, storage.ClaimFilter{Kind: "NOPE"}, storage.Page{First: storage.DefaultPageSize})
		wantErr(t, err, prov.EINVALID, "filter.kind")
	})
}
