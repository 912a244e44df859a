package storage_test

import (
	"reflect"
	"testing"

	"claimgraph/prov"
)

func TestUniqueActorNames(t *testing.T) {
	s := MustOpenStore(t)
	centcom := newActor(t, s, "US Central Command", prov.ActorGovernment, "CENTCOM")

	t.Run("rejects a second actor with the same name", func(t *testing.T) {
		_, err := s.CreateActor(bg, &prov.Actor{Name: "US Central Command", Kind: prov.ActorOrganization})
		wantErr(t, err, prov.ECONFLICT, "actor.name", centcom.ID.String())
	})
	t.Run("rejects a name that folds like another actor's name", func(t *testing.T) {
		_, err := s.CreateActor(bg, &prov.Actor{Name: "U.S. central  command", Kind: prov.ActorOrganization})
		wantErr(t, err, prov.ECONFLICT, "actor.name")
	})
	t.Run("rejects a name that folds like another actor's alias", func(t *testing.T) {
		_, err := s.CreateActor(bg, &prov.Actor{Name: "Centcom", Kind: prov.ActorOrganization})
		wantErr(t, err, prov.ECONFLICT, "actor.name", `"Centcom"`)
	})
	t.Run("rejects an alias that folds like another actor's alias", func(t *testing.T) {
		_, err := s.CreateActor(bg, &prov.Actor{Name: "Someone else", Kind: prov.ActorPerson, Aliases: []string{"centcom"}})
		wantErr(t, err, prov.ECONFLICT, "actor.aliases")
		if _, err := s.ActorByName(bg, "Someone else"); prov.ErrorCode(err) != prov.ENOTFOUND {
			t.Errorf("the rejected actor's name resolves: %v", err)
		}
	})
	t.Run("rejects renaming an actor to another actor's alias", func(t *testing.T) {
		other := newActor(t, s, "Other", prov.ActorPerson)
		_, err := s.UpdateActor(bg, other.ID, func(a *prov.Actor) error { a.Name = "CENTCOM"; return nil })
		wantErr(t, err, prov.ECONFLICT, "actor.name")
		if got := must(s.ActorByName(bg, "other"))(t); got.ID != other.ID {
			t.Errorf("ActorByName(other) = %s, want %s", got.ID, other.ID)
		}
	})
	t.Run("lets anonymous actors share a name", func(t *testing.T) {
		a := newActor(t, s, "US official", prov.ActorAnonymous)
		b := newActor(t, s, "US official", prov.ActorAnonymous)
		if a.ID == b.ID {
			t.Fatalf("both anonymous actors have ID %s", a.ID)
		}
		if _, err := s.ActorByName(bg, "US official"); prov.ErrorCode(err) != prov.ENOTFOUND {
			t.Errorf("an anonymous actor's name resolves: %v", err)
		}
		named := newActor(t, s, "US Official", prov.ActorPerson)
		if got := must(s.ActorByName(bg, "us official"))(t); got.ID != named.ID {
			t.Errorf("ActorByName = %s, want the named actor %s", got.ID, named.ID)
		}
	})
	t.Run("resolves a name and every alias, folded", func(t *testing.T) {
		for _, name := range []string{"US Central Command", "u.s. central command", "centcom", "CENTCOM"} {
			if got := must(s.ActorByName(bg, name))(t); got.ID != centcom.ID {
				t.Errorf("ActorByName(%q) = %s, want %s", name, got.ID, centcom.ID)
			}
		}
	})
	t.Run("frees the names of a deleted actor", func(t *testing.T) {
		gone := newActor(t, s, "Gone", prov.ActorPerson, "Vanished")
		must(s.DeleteActor(bg, gone.ID))(t)
		_, err := s.ActorByName(bg, "vanished")
		wantNotFound(t, err)
		again := newActor(t, s, "Vanished", prov.ActorPerson, "gone")
		if got := must(s.ActorByName(bg, "GONE"))(t); got.ID != again.ID {
			t.Errorf("ActorByName(GONE) = %s, want %s", got.ID, again.ID)
		}
	})
	t.Run("frees the names of an actor made anonymous", func(t *testing.T) {
		a := newActor(t, s, "Spokesperson Smith", prov.ActorPerson)
		must(s.UpdateActor(bg, a.ID, func(a *prov.Actor) error { a.Kind = prov.ActorAnonymous; return nil }))(t)
		_, err := s.ActorByName(bg, "Spokesperson Smith")
		wantNotFound(t, err)
		newActor(t, s, "Spokesperson Smith", prov.ActorPerson)
	})
}

func TestUpsertActor(t *testing.T) {
	s := MustOpenStore(t)
	boss := newActor(t, s, "Pentagon", prov.ActorGovernment)
	centcom := newActor(t, s, "US Central Command", prov.ActorUnknown, "CENTCOM")

	t.Run("returns the actor found by an alias and adds the new aliases", func(t *testing.T) {
		got, created := must3(s.UpsertActor(bg, &prov.Actor{Name: "Centcom", Kind: prov.ActorGovernment,
			Aliases: []string{"USCENTCOM"}, Role: ptr("command"), AffiliationID: boss.ID}))(t)
		if created || got.ID != centcom.ID {
			t.Fatalf("UpsertActor = %s created=%v, want existing %s", got.ID, created, centcom.ID)
		}
		want := &prov.Actor{ID: centcom.ID, Name: "US Central Command", Kind: prov.ActorGovernment,
			Role: ptr("command"), Aliases: []string{"CENTCOM", "USCENTCOM"}, AffiliationID: boss.ID}
		read := must(s.Actor(bg, centcom.ID))(t)
		if !reflect.DeepEqual(read, want) {
			t.Errorf("stored actor = %+v, want %+v", read, want)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("returned actor = %+v, want %+v", got, want)
		}
		if got := must(s.ActorByName(bg, "uscentcom"))(t); got.ID != centcom.ID {
			t.Errorf("new alias resolves to %s, want %s", got.ID, centcom.ID)
		}
	})
	t.Run("keeps the fields the existing actor has", func(t *testing.T) {
		got, _ := must3(s.UpsertActor(bg, &prov.Actor{Name: "CENTCOM", Kind: prov.ActorPerson, Role: ptr("other")}))(t)
		if got.Kind != prov.ActorGovernment || got.Role == nil || *got.Role != "command" {
			t.Errorf("UpsertActor overwrote fields: %+v", got)
		}
	})
	t.Run("adds the upserted name as an alias when found by alias", func(t *testing.T) {
		got, created := must3(s.UpsertActor(bg, &prov.Actor{Name: "United States Central Command", Kind: prov.ActorGovernment, Aliases: []string{"centcom"}}))(t)
		if created || got.ID != centcom.ID {
			t.Fatalf("UpsertActor = %s created=%v", got.ID, created)
		}
		if r := must(s.ActorByName(bg, "united states central command"))(t); r.ID != centcom.ID {
			t.Errorf("upserted name resolves to %s", r.ID)
		}
	})
	t.Run("creates an actor whose names are all new", func(t *testing.T) {
		got, created := must3(s.UpsertActor(bg, &prov.Actor{Name: "Kataib Hezbollah", Kind: prov.ActorOrganization}))(t)
		if !created || got.ID.IsZero() {
			t.Fatalf("UpsertActor = %+v created=%v, want a new actor", got, created)
		}
		if r := must(s.ActorByName(bg, "kataib hezbollah"))(t); r.ID != got.ID {
			t.Errorf("ActorByName = %s, want %s", r.ID, got.ID)
		}
	})
	t.Run("always creates an anonymous actor", func(t *testing.T) {
		a, c1 := must3(s.UpsertActor(bg, &prov.Actor{Name: "official", Kind: prov.ActorAnonymous}))(t)
		b, c2 := must3(s.UpsertActor(bg, &prov.Actor{Name: "official", Kind: prov.ActorAnonymous}))(t)
		if !c1 || !c2 || a.ID == b.ID {
			t.Errorf("anonymous upserts: %s created=%v, %s created=%v", a.ID, c1, b.ID, c2)
		}
	})
	t.Run("rejects names that belong to two different actors", func(t *testing.T) {
		_, _, err := s.UpsertActor(bg, &prov.Actor{Name: "Pentagon", Kind: prov.ActorGovernment, Aliases: []string{"CENTCOM"}})
		wantErr(t, err, prov.ECONFLICT)
	})
	t.Run("rejects an invalid actor", func(t *testing.T) {
		_, _, err := s.UpsertActor(bg, &prov.Actor{Name: "", Kind: prov.ActorGovernment})
		wantErr(t, err, prov.EINVALID, "actor.name")
	})
}

func TestUniqueSources(t *testing.T) {
	s := MustOpenStore(t)
	text := "The statement in full."
	first := must(s.CreateSource(bg, &prov.Source{Title: "First", Kind: prov.SourceStatement,
		URL: ptr("https://Example.com/statement/"), Text: &text}))(t)

	t.Run("rejects a second source with the same URL", func(t *testing.T) {
		_, err := s.CreateSource(bg, &prov.Source{Title: "Second", Kind: prov.SourceArticle, URL: ptr("https://example.com/statement#top")})
		wantErr(t, err, prov.ECONFLICT, "source.url", first.ID.String())
	})
	t.Run("rejects a second source with the same text", func(t *testing.T) {
		_, err := s.CreateSource(bg, &prov.Source{Title: "Second", Kind: prov.SourceArticle, Text: ptr(text)})
		wantErr(t, err, prov.ECONFLICT, "source.textSha256")
	})
	t.Run("rejects a second source with the hash of the same text", func(t *testing.T) {
		_, err := s.CreateSource(bg, &prov.Source{Title: "Second", Kind: prov.SourceArticle, TextSHA256: prov.TextHash(text)})
		wantErr(t, err, prov.ECONFLICT, "source.textSha256")
	})
	t.Run("returns the source found by URL from an upsert", func(t *testing.T) {
		got, created := must3(s.UpsertSource(bg, &prov.Source{Title: "Other title", Kind: prov.SourceArticle,
			URL: ptr("https://example.com/statement"), PublishedAt: date(2024, 1, 2)}))(t)
		if created || got.ID != first.ID {
			t.Fatalf("UpsertSource = %s created=%v, want existing %s", got.ID, created, first.ID)
		}
		read := must(s.Source(bg, first.ID))(t)
		if read.Title != "First" || read.PublishedAt == nil || !read.PublishedAt.Equal(*date(2024, 1, 2)) {
			t.Errorf("merged source = %+v; want the old title and the new date", read)
		}
	})
	t.Run("returns the source found by text from an upsert", func(t *testing.T) {
		got, created := must3(s.UpsertSource(bg, &prov.Source{Title: "Copy", Kind: prov.SourceArticle, Text: ptr(text)}))(t)
		if created || got.ID != first.ID {
			t.Fatalf("UpsertSource = %s created=%v, want existing %s", got.ID, created, first.ID)
		}
	})
	t.Run("creates a source with a new URL from an upsert", func(t *testing.T) {
		got, created := must3(s.UpsertSource(bg, &prov.Source{Title: "New", Kind: prov.SourceArticle, URL: ptr("https://example.com/other")}))(t)
		if !created || got.ID == first.ID {
			t.Fatalf("UpsertSource = %s created=%v, want a new source", got.ID, created)
		}
	})
	t.Run("rejects an upsert whose URL and text name different sources", func(t *testing.T) {
		_, _, err := s.UpsertSource(bg, &prov.Source{Title: "Mixed", Kind: prov.SourceArticle, URL: ptr("https://example.com/other"), Text: ptr(text)})
		wantErr(t, err, prov.ECONFLICT)
	})
	t.Run("frees the URL of a changed source", func(t *testing.T) {
		src := must(s.CreateSource(bg, &prov.Source{Title: "Moved", Kind: prov.SourceArticle, URL: ptr("https://example.com/old")}))(t)
		must(s.UpdateSource(bg, src.ID, func(x *prov.Source) error { *x.URL = "https://example.com/new"; return nil }))(t)
		must(s.CreateSource(bg, &prov.Source{Title: "Takes the old URL", Kind: prov.SourceArticle, URL: ptr("https://example.com/old")}))(t)
		_, err := s.CreateSource(bg, &prov.Source{Title: "Wants the new URL", Kind: prov.SourceArticle, URL: ptr("https://example.com/new")})
		wantErr(t, err, prov.ECONFLICT, "source.url", src.ID.String())
	})
}
