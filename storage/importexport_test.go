package storage_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"claimgraph/prov"
	"claimgraph/storage"
)

// buildGraph stores a small graph with every node type and optional field, an actor
// affiliated with a later actor and a source citing a later source (so export must
// reorder them), and an archived text with a decomposed character.
func buildGraph(tb testing.TB, s *storage.Store) {
	tb.Helper()
	zone := time.FixedZone("EST", -5*3600)
	when := time.Date(2024, 1, 28, 7, 30, 0, 500, zone)
	ev := must(s.CreateEvent(bg, &prov.Event{Name: "Tower 22", Description: ptr("drone attack"), StartTime: &when, EndTime: &when, Location: ptr("Jordan")}))(tb)
	member := must(s.CreateActor(bg, &prov.Actor{Name: "Spokesman", Kind: prov.ActorPerson, Role: ptr("press secretary"), Aliases: []string{"Mr. Kirby"}}))(tb)
	org := newActor(tb, s, "National Security Council", prov.ActorGovernment, "NSC")
	must(s.UpdateActor(bg, member.ID, func(a *prov.Actor) error { a.AffiliationID = org.ID; return nil }))(tb)
	anon := newActor(tb, s, "US official", prov.ActorAnonymous)
	text := "Cafe\u0301 said the drone came from the east."
	article := must(s.CreateSource(bg, &prov.Source{Title: "Article", Kind: prov.SourceArticle, PublisherID: org.ID,
		URL: ptr("https://example.com/a"), PublishedAt: &when, RetrievedAt: &when, Text: &text}))(tb)
	wire := must(s.CreateSource(bg, &prov.Source{Title: "Wire", Kind: prov.SourceWireReport, TextSHA256: prov.TextHash("wire text")}))(tb)
	must(s.UpdateSource(bg, article.ID, func(x *prov.Source) error { x.CitesIDs = []prov.ID{wire.ID}; return nil }))(tb)
	c1 := must(s.CreateClaim(bg, &prov.Claim{Text: "The drone came from the east", ClaimantID: member.ID, EventID: ev.ID, StatedAt: &when, Medium: ptr("briefing")}))(tb)
	c2 := newClaim(tb, s, "The drone was mistaken for a US drone", anon.ID, ev.ID)
	must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: c1.ID, SourceID: article.ID, Quote: "Café", Start: ptr(0), End: ptr(4),
		Mention: ptr("owner"), Cue: ptr("said"), Kind: prov.AttributionDirect, Medium: ptr("interview"), ViaActorID: anon.ID, ViaSourceID: wire.ID}))(tb)
	newAttribution(tb, s, c2.ID, wire.ID, "mistaken")
	must(s.CreateRelation(bg, &prov.ClaimRelation{Kind: prov.RelationRefines, FromID: c2.ID, ToID: c1.ID, Note: ptr("adds why"), AssertedByID: org.ID}))(tb)
}

func TestImportExport(t *testing.T) {
	s := MustOpenStore(t)
	buildGraph(t, s)
	exported := exportString(t, s)
	lines := strings.Split(strings.TrimSuffix(exported, "\n"), "\n")

	t.Run("writes the header, then affiliations and cited sources before their users", func(t *testing.T) {
		if lines[0] != `{"format":"claimgraph","version":1}` {
			t.Errorf("header = %s", lines[0])
		}
		if len(lines) != 1+1+3+2+2+2+1 {
			t.Fatalf("export has %d lines:\n%s", len(lines), exported)
		}
		if !strings.Contains(lines[2], `"National Security Council"`) || !strings.Contains(lines[3], `"affiliation":"act_0000000000002"`) {
			t.Errorf("affiliation not written first:\n%s\n%s", lines[2], lines[3])
		}
		if !strings.Contains(lines[5], `"Wire"`) || !strings.Contains(lines[6], `"cites":["src_0000000000002"]`) {
			t.Errorf("cited source not written first:\n%s\n%s", lines[5], lines[6])
		}
		if !strings.Contains(lines[6], `"text":"Caf\u00e9 said`) && !strings.Contains(lines[6], "\"text\":\"Café said") {
			t.Errorf("source text not exported in NFC: %s", lines[6])
		}
	})

	fresh := MustOpenStore(t)
	t.Run("imports an export into a fresh store and exports it byte-identical", func(t *testing.T) {
		st := must(fresh.Import(bg, strings.NewReader(exported)))(t)
		if want := len(lines) - 1; st.Records != want || st.Created != want || st.Updated != 0 || st.Unchanged != 0 {
			t.Errorf("stats = %+v, want %d created", st, want)
		}
		if again := exportString(t, fresh); again != exported {
			t.Errorf("re-export differs:\n%s\nwant:\n%s", again, exported)
		}
	})
	t.Run("reports every record unchanged when the same file is imported again", func(t *testing.T) {
		for name, store := range map[string]*storage.Store{"fresh": fresh, "original": s} {
			st := must(store.Import(bg, strings.NewReader(exported)))(t)
			if want := len(lines) - 1; st.Records != want || st.Unchanged != want || st.Created+st.Updated != 0 {
				t.Errorf("%s: stats = %+v, want %d unchanged", name, st, want)
			}
			if again := exportString(t, store); again != exported {
				t.Errorf("%s: export changed by a repeated import", name)
			}
		}
	})
	t.Run("keeps unique keys and reverse edges of imported nodes", func(t *testing.T) {
		a := must(fresh.ActorByName(bg, "mr kirby"))(t)
		if a.ID != prov.NewID(prov.TypeActor, 1) {
			t.Errorf("ActorByName = %s", a.ID)
		}
		if n := must(fresh.CountClaims(bg, storage.ClaimFilter{EventID: prov.NewID(prov.TypeEvent, 1)}))(t); n != 2 {
			t.Errorf("claims about the event = %d, want 2", n)
		}
		_, err := fresh.CreateSource(bg, &prov.Source{Title: "dup", Kind: prov.SourceArticle, URL: ptr("https://example.com/a")})
		wantErr(t, err, prov.ECONFLICT, "source.url")
		_, err = fresh.DeleteActor(bg, prov.NewID(prov.TypeActor, 2))
		wantErr(t, err, prov.ECONFLICT)
	})
	t.Run("never hands out an imported ID", func(t *testing.T) {
		st := MustOpenStore(t)
		in := header + `{"type":"event","id":"` + prov.NewID(prov.TypeEvent, 1000).String() + `","name":"far"}` + "\n"
		must(st.Import(bg, strings.NewReader(in)))(t)
		if ev := newEvent(t, st, "next"); ev.ID.Seq <= 1000 {
			t.Errorf("created event %s after importing seq 1000", ev.ID)
		}
	})
	t.Run("updates a node whose record changed", func(t *testing.T) {
		changed := strings.Replace(exported, "The drone came from the east", "The drone came from the west", 1)
		st := must(fresh.Import(bg, strings.NewReader(changed)))(t)
		if st.Updated != 1 || st.Unchanged != len(lines)-2 {
			t.Errorf("stats = %+v, want 1 updated", st)
		}
		c := must(fresh.Claim(bg, prov.NewID(prov.TypeClaim, 1)))(t)
		if c.Text != "The drone came from the west" {
			t.Errorf("claim text = %q", c.Text)
		}
	})
}

const header = `{"format":"claimgraph","version":1}` + "\n"

func TestImportErrors(t *testing.T) {
	evt := prov.NewID(prov.TypeEvent, 1).String()
	act := prov.NewID(prov.TypeActor, 1).String()
	src := prov.NewID(prov.TypeSource, 1).String()
	clm := prov.NewID(prov.TypeClaim, 1).String()
	good := header +
		`{"type":"event","id":"` + evt + `","name":"e"}` + "\n" + // line 2
		`{"type":"actor","id":"` + act + `","name":"A","kind":"PERSON"}` + "\n" + // line 3
		`{"type":"source","id":"` + src + `","title":"S","kind":"ARTICLE","text":"hello world"}` + "\n" + // line 4
		`{"type":"claim","id":"` + clm + `","text":"c","claimant":"` + act + `"}` + "\n" // line 5

	cases := []struct {
		name, input, code string
		fragments         []string
	}{
		{"reports malformed JSON with its line", good + `{"type":"event","id":` + "\n", prov.EINVALID, []string{"line 6"}},
		{"reports an unknown field with its line", good + `{"type":"event","id":"evt_0000000000002","name":"x","colour":"red"}` + "\n", prov.EINVALID, []string{"line 6", "colour"}},
		{"reports a missing reference with its line", good + `{"type":"claim","id":"clm_0000000000002","text":"t","event":"evt_0000000000009"}` + "\n", prov.EINVALID, []string{"line 6", "claim.event"}},
		{"reports a reference to a later line", good + `{"type":"claim","id":"clm_0000000000002","text":"t","event":"evt_0000000000002"}` + "\n" + `{"type":"event","id":"evt_0000000000002","name":"later"}` + "\n", prov.EINVALID, []string{"line 6"}},
		{"reports a repeated id with its line", good + `{"type":"event","id":"` + evt + `","name":"again"}` + "\n", prov.EINVALID, []string{"line 6", "twice"}},
		{"reports an unknown type with its line", good + `{"type":"planet","id":"` + evt + `"}` + "\n", prov.EINVALID, []string{"line 6", "planet"}},
		{"reports a missing type with its line", good + `{"id":"` + evt + `"}` + "\n", prov.EINVALID, []string{"line 6", "type"}},
		{"reports a missing id with its line", good + `{"type":"event","name":"x"}` + "\n", prov.EINVALID, []string{"line 6", "id"}},
		{"reports a missing header as line 1", strings.TrimPrefix(good, header), prov.EINVALID, []string{"line 1", "header"}},
		{"reports an unsupported version", `{"format":"claimgraph","version":2}` + "\n", prov.EINVALID, []string{"line 1", "version 2"}},
		{"reports empty input", "", prov.EINVALID, []string{"line 1"}},
		{"reports an invalid record with its line and field", good + `{"type":"event","id":"evt_0000000000002","name":""}` + "\n", prov.EINVALID, []string{"line 6", "event.name"}},
		{"reports an id of another type than the record", good + `{"type":"claim","id":"evt_0000000000002","text":"t"}` + "\n", prov.EINVALID, []string{"line 6", "not a Claim"}},
		{"reports a span that does not match the file's text", good + `{"type":"attribution","id":"att_0000000000001","claim":"` + clm + `","source":"` + src + `","quote":"world","start":0,"end":5,"kind":"DIRECT"}` + "\n", prov.EINVALID, []string{"line 6", "attribution.quote"}},
		{"reports a text that does not match its hash", good + `{"type":"source","id":"src_0000000000002","title":"T","kind":"ARTICLE","text":"x","textSha256":"` + prov.TextHash("y") + `"}` + "\n", prov.EINVALID, []string{"line 6", "source.text"}},
		{"reports two actors with one name as a conflict", good + `{"type":"actor","id":"act_0000000000002","name":"a","kind":"PERSON"}` + "\n", prov.ECONFLICT, []string{"line 6", "actor.name"}},
		{"reports two sources with one text as a conflict", good + `{"type":"source","id":"src_0000000000002","title":"T","kind":"ARTICLE","text":"hello world"}` + "\n", prov.ECONFLICT, []string{"line 6", "source.textSha256"}},
	}
	// Every case must leave the store empty, so they can share one.
	s := MustOpenStore(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Import(bg, strings.NewReader(tc.input))
			wantErr(t, err, tc.code, tc.fragments...)
			if empty := must(s.Empty(bg))(t); !empty {
				t.Errorf("a failed import left nodes in the store:\n%s", exportString(t, s))
			}
		})
	}

	t.Run("writes nothing when a line after the first batch is wrong", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(header)
		for i := 1; i <= 600; i++ {
			fmt.Fprintf(&b, `{"type":"event","id":"%s","name":"event %d"}`+"\n", prov.NewID(prov.TypeEvent, uint64(i)), i)
		}
		b.WriteString(`{"type":"event","id":"evt_0000000000001","name":"again"}` + "\n") // line 602
		_, err := s.Import(bg, strings.NewReader(b.String()))
		wantErr(t, err, prov.EINVALID, "line 602")
		if empty := must(s.Empty(bg))(t); !empty {
			t.Errorf("a failed import left nodes in the store")
		}
	})

	t.Run("refuses a file that would change an archived text", func(t *testing.T) {
		s := MustOpenStore(t)
		must(s.Import(bg, strings.NewReader(good)))(t)
		before := exportString(t, s)
		changed := header + `{"type":"source","id":"` + src + `","title":"S","kind":"ARTICLE","text":"goodbye world"}` + "\n" +
			`{"type":"event","id":"evt_0000000000002","name":"new"}` + "\n"
		_, err := s.Import(bg, strings.NewReader(changed))
		wantErr(t, err, prov.EINVALID, "line 2", "source.textSha256")
		if after := exportString(t, s); after != before {
			t.Errorf("a refused import changed the store:\n%s", after)
		}
	})

	t.Run("refuses a file whose text does not match a stored attribution", func(t *testing.T) {
		s := MustOpenStore(t)
		noText := header + `{"type":"source","id":"` + src + `","title":"S","kind":"ARTICLE"}` + "\n" +
			`{"type":"claim","id":"` + clm + `","text":"c"}` + "\n" +
			`{"type":"attribution","id":"att_0000000000001","claim":"` + clm + `","source":"` + src + `","quote":"world","start":6,"end":11,"kind":"DIRECT"}` + "\n"
		must(s.Import(bg, strings.NewReader(noText)))(t)
		before := exportString(t, s)
		withText := header + `{"type":"event","id":"evt_0000000000002","name":"new"}` + "\n" +
			`{"type":"source","id":"` + src + `","title":"S","kind":"ARTICLE","text":"hello there"}` + "\n"
		_, err := s.Import(bg, strings.NewReader(withText))
		wantErr(t, err, prov.EINVALID, "line 3", "att_0000000000001")
		if after := exportString(t, s); after != before {
			t.Errorf("a refused import changed the store:\n%s", after)
		}
		// The right text is attached.
		withText = strings.Replace(withText, "hello there", "hello world", 1)
		st := must(s.Import(bg, strings.NewReader(withText)))(t)
		if st.Created != 1 || st.Updated != 1 {
			t.Errorf("stats = %+v, want 1 created and 1 updated", st)
		}
		if text := must(s.SourceText(bg, prov.NewID(prov.TypeSource, 1)))(t); text == nil || *text != "hello world" {
			t.Errorf("SourceText = %q", deref(text))
		}
	})
}

func TestImportLarge(t *testing.T) {
	t.Run("imports several large texts into an in-memory store", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(header)
		// 4 × 2.6 MiB is more than one in-memory transaction holds (about 9.6 MB).
		const size = 26 << 20 / 10
		for i := 1; i <= 4; i++ {
			fmt.Fprintf(&b, `{"type":"source","id":"%s","title":"S","kind":"ARTICLE","text":"%s %d"}`+"\n",
				prov.NewID(prov.TypeSource, uint64(i)), strings.Repeat("b", size), i)
		}
		s := MustOpenStore(t)
		st := must(s.Import(bg, strings.NewReader(b.String())))(t)
		if st.Created != 4 {
			t.Errorf("stats = %+v, want 4 created", st)
		}
		text := must(s.SourceText(bg, prov.NewID(prov.TypeSource, 4)))(t)
		if text == nil || len(*text) != size+2 {
			t.Errorf("SourceText has %d bytes, want %d", len(deref(text)), size+2)
		}
	})

	t.Run("imports a file of more than one batch", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(header)
		b.WriteString(`{"type":"actor","id":"act_0000000000001","name":"Speaker","kind":"PERSON"}` + "\n")
		b.WriteString(`{"type":"source","id":"src_0000000000001","title":"Long","kind":"ARTICLE","text":"one two three"}` + "\n")
		const n = 700
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, `{"type":"claim","id":"%s","text":"claim %d","claimant":"act_0000000000001"}`+"\n", prov.NewID(prov.TypeClaim, uint64(i)), i)
		}
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, `{"type":"attribution","id":"%s","claim":"%s","source":"src_0000000000001","quote":"two","start":4,"end":7,"kind":"DIRECT"}`+"\n",
				prov.NewID(prov.TypeAttribution, uint64(i)), prov.NewID(prov.TypeClaim, uint64(i)))
		}
		s := MustOpenStore(t)
		st := must(s.Import(bg, strings.NewReader(b.String())))(t)
		if st.Records != 2+2*n || st.Created != 2+2*n {
			t.Errorf("stats = %+v, want %d created", st, 2+2*n)
		}
		if got := must(s.CountClaims(bg, storage.ClaimFilter{ClaimantID: prov.NewID(prov.TypeActor, 1)}))(t); got != n {
			t.Errorf("CountClaims = %d, want %d", got, n)
		}
		if got := must(s.SourceAttributions(bg, prov.NewID(prov.TypeSource, 1)))(t); len(got) != n {
			t.Errorf("SourceAttributions = %d, want %d", len(got), n)
		}
		if text := must(s.SourceText(bg, prov.NewID(prov.TypeSource, 1)))(t); text == nil || *text != "one two three" {
			t.Errorf("SourceText = %q", deref(text))
		}
		st = must(s.Import(bg, strings.NewReader(b.String())))(t)
		if st.Unchanged != 2+2*n {
			t.Errorf("second import stats = %+v, want all unchanged", st)
		}
	})
}

func TestImportSplitsBatchesTooBigForATransaction(t *testing.T) {
	// 4096 actors with 30 aliases each write about 135k keys in one batch, more than a
	// Badger transaction takes (about 100k): the batch is written in two.
	var b strings.Builder
	b.WriteString(header)
	const actors, aliases = 4096, 30
	for i := 1; i <= actors; i++ {
		names := make([]string, aliases)
		for j := range names {
			names[j] = fmt.Sprintf(`"Alias %d of %d"`, j, i)
		}
		fmt.Fprintf(&b, `{"type":"actor","id":"%s","name":"Actor %d","kind":"PERSON","aliases":[%s]}`+"\n",
			prov.NewID(prov.TypeActor, uint64(i)), i, strings.Join(names, ","))
	}
	s := MustOpenStore(t)
	st := must(s.Import(bg, strings.NewReader(b.String())))(t)
	if st.Created != actors || st.AuditEntries != 2 {
		t.Errorf("stats = %+v, want %d created in 2 audit entries", st, actors)
	}
	if a := must(s.ActorByName(bg, "alias 29 of 4096"))(t); a == nil || a.ID != prov.NewID(prov.TypeActor, actors) {
		t.Errorf("ActorByName = %v", a)
	}
	verify(t, s)
}
