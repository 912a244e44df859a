package discrepancy_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"claimgraph/discrepancy"
	"claimgraph/prov"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

func claim(n uint64, text string) *prov.Claim {
	return &prov.Claim{ID: prov.NewID(prov.TypeClaim, n), Text: text}
}

func id(s string) prov.ID {
	id, err := prov.ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}

func TestQuantities(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string // Quantity.String() of each, then its Key
	}{
		{"bounds and units from news wording", "US fighter jets struck more than 70 Islamic State targets across central Syria, using over 100 precision munitions.",
			[]string{"more than 70 targets|targets", "more than 100 munitions|munitions"}},
		{"a verb before the number gives casualties their predicate", "Biden ordered the strikes after the attack, which killed three US Army Reserve soldiers and injured more than 40.",
			[]string{"3 troops killed|troops/killed", "more than 40 people wounded|people/wounded"}},
		{"a verb after the noun too, and synonyms merge", "Three US service members died; two American soldiers were wounded.",
			[]string{"3 troops killed|troops/killed", "2 troops wounded|troops/wounded"}},
		{"ranges, approximations and vague counts", "The group retains 5,000 to 7,000 fighters; about 1,000 US troops remain; dozens of targets were hit.",
			[]string{"5,000 to 7,000 fighters|fighters", "about 1,000 troops|troops", "dozens of targets|targets"}},
		{"times, dates, years, models and names are not counts", "At 4:00 p.m. EST on 2 February 2024, F-15 and A-10 jets hit Tower 22 at 4 p.m. ET on December 13.", nil},
		{"a number with no plural noun is not a count", "One US official said so.", nil},
		{"U.S. with dots does not end the phrase", "The 3 U.S. service members who died.", []string{"3 troops killed|troops/killed"}},
		{"none of a count is zero of them", "None of the 40 soldiers were injured.", []string{"none of 40 troops wounded|troops/wounded"}},
		{"a denied casualty is no count", "3 soldiers were not killed. Two soldiers weren't hurt. The strike did not kill three soldiers.", nil},
		{"a partitive counts the part", "Seven of the 12 targets were destroyed.", []string{"7 of 12 targets|targets"}},
		{"any verb ends the noun phrase", "2 million people fled. 3 soldiers fled. 40 families evacuated.", []string{"2,000,000 people|people", "3 troops|troops", "40 families|families"}},
		{"things take no casualty predicate", "Some 200 fighters were killed in 2 strikes.", []string{"about 200 fighters killed|fighters/killed", "2 strikes|strikes"}},
		{"several takes no of", "The ceasefire collapsed after several days.", []string{"several days|days"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, q := range discrepancy.Quantities(tc.text) {
				got = append(got, q.String()+"|"+q.Key())
				if tc.text[q.Start:q.End] != q.Text {
					t.Errorf("span %d..%d reads %q, Text is %q", q.Start, q.End, tc.text[q.Start:q.End], q.Text)
				}
			}
			if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
				t.Errorf("Quantities(%q)\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestParties(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"passive with descriptors", "The drone attack on the base was carried out by a group calling itself the Islamic Resistance in Iran.", []string{"Islamic Resistance in Iran (attacker) attack"}},
		{"active", "The Islamic Resistance in Iraq carried out the drone attack on US troops in Jordan.", []string{"Islamic Resistance in Iraq (attacker) attack"}},
		{"claimed by", "The attack was claimed by Kataib Hezbollah.", []string{"Kataib Hezbollah (attacker) attack"}},
		{"membership of the attacker", "The attacker was a member of the Syrian security forces suspected of sympathising with the group.", []string{"Syrian security forces (attacker) attack"}},
		{"responsibility and its denial", "Iran is accountable for the attacks. Iran had no involvement in the attack.", []string{"Iran (responsible) attack", "Iran (denies being responsible) attack"}},
		{"adjectives and models are not parties", "Troops were killed by Iran-backed militant groups; strikes carried out by F-15 and A-10 jets.", nil},
		{"days, months and times are not parties", "An attack by Monday was expected. A strike by March was ruled out. Strikes carried out by Tuesday night.", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range discrepancy.Parties(tc.text) {
				got = append(got, p.String()+" "+p.Act)
			}
			if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
				t.Errorf("Parties(%q)\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}

func describe(list []discrepancy.Suggestion) string {
	var b strings.Builder
	for _, s := range list {
		fmt.Fprintf(&b, "\n  %s %s %s→%s %q: %s", s.Kind, s.Proposed, s.ClaimIDs[0], s.ClaimIDs[1], s.Values, s.Reason)
	}
	return b.String()
}

func find(list []discrepancy.Suggestion, kind string, a, b string) *discrepancy.Suggestion {
	for i, s := range list {
		if s.Kind == kind && (s.ClaimIDs == [2]prov.ID{id(a), id(b)} || s.ClaimIDs == [2]prov.ID{id(b), id(a)}) {
			return &list[i]
		}
	}
	return nil
}

func TestDetectOnDemoData(t *testing.T) {
	ctx := context.Background()
	s := storagetest.MustOpenDemo(t)
	all := func(event string) []discrepancy.Suggestion {
		t.Helper()
		list, err := discrepancy.ForEvent(ctx, s, id(event), discrepancy.Options{IncludeRecorded: true})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	hawkeye, tower22 := all("evt_0000000000001"), all("evt_0000000000002")

	t.Run("the Iran and Iraq attacker conflict is found", func(t *testing.T) {
		sg := find(tower22, discrepancy.KindParty, "clm_0000000000010", "clm_000000000001z")
		if sg == nil || sg.Proposed != prov.RelationContradicts {
			t.Fatalf("not found: %s", describe(tower22))
		}
		if !strings.Contains(sg.Reason, "Islamic Resistance in Iran") || !strings.Contains(sg.Reason, "Islamic Resistance in Iraq") {
			t.Errorf("reason %q does not name both parties", sg.Reason)
		}
		if sg.Recorded == nil || sg.Recorded.Kind != prov.RelationContradicts {
			t.Errorf("the curated CONTRADICTS relation is not noted: %+v", sg.Recorded)
		}
	})
	t.Run("Iran's denial contradicts the claim that holds it accountable", func(t *testing.T) {
		if sg := find(tower22, discrepancy.KindParty, "clm_000000000001c", "clm_000000000001d"); sg == nil || sg.Proposed != prov.RelationContradicts {
			t.Errorf("not found: %s", describe(tower22))
		}
	})
	t.Run("the US strikes are not compared with the attack they answer", func(t *testing.T) {
		for _, sg := range tower22 {
			if sg.Kind == discrepancy.KindParty && strings.Contains(sg.Values[0]+sg.Values[1], "United States") {
				t.Errorf("compared: %s", describe([]discrepancy.Suggestion{sg}))
			}
		}
	})
	t.Run("the two claims of more than 70 targets corroborate", func(t *testing.T) {
		sg := find(hawkeye, discrepancy.KindQuantity, "clm_0000000000002", "clm_000000000000p")
		if sg == nil || sg.Proposed != prov.RelationCorroborates || sg.Values[0] != "more than 70 targets" || sg.Values[1] != "more than 70 targets" {
			t.Fatalf("not found: %s", describe(hawkeye))
		}
	})
	t.Run("more than 70 targets refines dozens of targets, as curated, and nothing new repeats it", func(t *testing.T) {
		sg := find(hawkeye, discrepancy.KindQuantity, "clm_000000000000p", "clm_000000000000j")
		if sg == nil || sg.Proposed != prov.RelationRefines || sg.ClaimIDs[0] != id("clm_000000000000p") || sg.Recorded == nil {
			t.Fatalf("the curated pair is not shown: %s", describe(hawkeye))
		}
		// clm_2 says what clm_p says, and clm_p refines clm_j: implied
		if sg := find(hawkeye, discrepancy.KindQuantity, "clm_0000000000002", "clm_000000000000j"); sg != nil {
			t.Errorf("an implied relation is proposed: %s", describe([]discrepancy.Suggestion{*sg}))
		}
	})
	t.Run("the more than 85 targets in articles 002, 003 and 004 are one claim, with nothing to compare in its event", func(t *testing.T) {
		for _, sg := range tower22 {
			if sg.Subject == "targets" {
				t.Errorf("unexpected: %s", describe([]discrepancy.Suggestion{sg}))
			}
		}
		attrs, err := s.ClaimAttributions(ctx, id("clm_000000000000y"))
		if err != nil {
			t.Fatal(err)
		}
		sources := map[string]bool{}
		for _, a := range attrs {
			if qs := discrepancy.Quantities(a.Quote); len(qs) == 0 || qs[0].String() != "more than 85 targets" {
				t.Errorf("quote %q: %v", a.Quote, qs)
			}
			sources[a.SourceID.String()] = true
		}
		if len(sources) != 3 {
			t.Errorf("the claim appears in %d sources, want 3", len(sources))
		}
	})
	t.Run("agreeing death tolls: the curated clusters are linked once, by neighbours", func(t *testing.T) {
		// six claims of three deaths; the curators link x–w, z–16, 17–z and 1j–16
		var recorded, fresh []discrepancy.Suggestion
		for _, sg := range tower22 {
			if sg.Subject != "troops/killed" {
				continue
			}
			if sg.Proposed != prov.RelationCorroborates {
				t.Errorf("unexpected: %s", describe([]discrepancy.Suggestion{sg}))
			}
			if sg.Recorded != nil {
				recorded = append(recorded, sg)
			} else {
				fresh = append(fresh, sg)
			}
		}
		if len(recorded) != 4 || len(fresh) != 1 {
			t.Fatalf("%d recorded and %d new death-toll suggestions, want 4 and 1: %s", len(recorded), len(fresh), describe(tower22))
		}
		// the later cluster's first claim, to the claim just before it
		if fresh[0].ClaimIDs != [2]prov.ID{id("clm_000000000000z"), id("clm_000000000000x")} {
			t.Errorf("new link %s, want clm_z → clm_x", describe(fresh))
		}
	})
	t.Run("recorded pairs and dismissed keys are left out by default", func(t *testing.T) {
		list, err := discrepancy.ForEvent(ctx, s, id("evt_0000000000002"), discrepancy.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, sg := range list {
			if sg.Recorded != nil {
				t.Errorf("left in: %s", describe([]discrepancy.Suggestion{sg}))
			}
		}
		if len(list) != 1 {
			t.Fatalf("%d open suggestions, want the one new link: %s", len(list), describe(list))
		}
		dismissed := list[0].Key
		list, err = discrepancy.ForEvent(ctx, s, id("evt_0000000000002"), discrepancy.Options{Dismissed: func(k string) bool { return k == dismissed }})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 0 {
			t.Errorf("the dismissed key is still suggested: %s", describe(list))
		}
	})
	t.Run("keys are stable across runs", func(t *testing.T) {
		again := all("evt_0000000000002")
		for i := range again {
			if again[i].Key != tower22[i].Key {
				t.Errorf("key %d changed: %s then %s", i, tower22[i].Key, again[i].Key)
			}
		}
	})
	t.Run("accepting writes the relation with the reason as note, in the audit log", func(t *testing.T) {
		sg := find(tower22, discrepancy.KindQuantity, "clm_000000000000z", "clm_000000000000x")
		head := s.Head()
		got, err := discrepancy.Find(ctx, s, id("evt_0000000000002"), sg.Key)
		if err != nil {
			t.Fatal(err)
		}
		rel, err := discrepancy.Accept(storage.WithWho(ctx, "tok_editor"), s, got, "", nil, prov.ID{})
		if err != nil {
			t.Fatal(err)
		}
		if rel.Kind != prov.RelationCorroborates || rel.FromID != sg.ClaimIDs[0] || rel.Note == nil || *rel.Note != sg.Reason {
			t.Errorf("relation %+v", rel)
		}
		entries, _, err := s.AuditLog(ctx, rel.ID, head.Seq, 10)
		if err != nil || len(entries) != 1 || entries[0].Who != "tok_editor" {
			t.Errorf("audit entries %v, %v", entries, err)
		}
		list, err := discrepancy.ForEvent(ctx, s, id("evt_0000000000002"), discrepancy.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 0 {
			t.Errorf("after accepting the one open suggestion: %s", describe(list))
		}
	})
	t.Run("an unknown key is not found", func(t *testing.T) {
		_, err := discrepancy.Find(ctx, s, id("evt_0000000000001"), "dsc_0000000000000000")
		if prov.ErrorCode(err) != prov.ENOTFOUND {
			t.Errorf("got %v", err)
		}
	})
}

func TestDetectBounds(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		want prov.RelationKind // "" for no suggestion
	}{
		{"equal figures corroborate", "The strikes hit 85 targets.", "Forces struck eighty-five targets.", prov.RelationCorroborates},
		{"different exact figures contradict", "Three soldiers were killed.", "Four soldiers were killed.", prov.RelationContradicts},
		{"an exact figure outside a bound contradicts", "Forces struck 60 targets.", "Forces struck more than 85 targets.", prov.RelationContradicts},
		{"a higher lower bound refines a lower one", "Forces used more than 125 precision munitions.", "Forces used more than 85 precision munitions.", prov.RelationRefines},
		{"an exact figure within about refines it", "Forces struck 1,000 targets.", "Forces struck about 1,000 targets.", prov.RelationRefines},
		{"different things are not compared", "Forces struck 85 targets.", "Forces used 125 munitions.", ""},
		{"killed and wounded are not compared", "Three soldiers were killed.", "Forty soldiers were wounded.", ""},
		{"a lower and an upper bound that overlap say nothing", "Forces struck at least 10 targets.", "Forces struck fewer than 20 targets.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list := discrepancy.Detect([]*prov.Claim{claim(1, tc.a), claim(2, tc.b)}, discrepancy.Options{})
			if tc.want == "" {
				if len(list) != 0 {
					t.Errorf("got %s", describe(list))
				}
				return
			}
			if len(list) != 1 || list[0].Proposed != tc.want {
				t.Errorf("got %s, want one %s", describe(list), tc.want)
			}
		})
	}
}

func TestDetectLinksAgreeingClaimsSparingly(t *testing.T) {
	rel := func(kind prov.RelationKind, from, to uint64) *prov.ClaimRelation {
		return &prov.ClaimRelation{Kind: kind, FromID: prov.NewID(prov.TypeClaim, from), ToID: prov.NewID(prov.TypeClaim, to)}
	}
	three := []*prov.Claim{claim(1, "Three soldiers were killed."), claim(2, "3 soldiers died."), claim(3, "Three troops were killed.")}
	pairs := func(list []discrepancy.Suggestion) []string {
		var out []string
		for _, s := range list {
			if s.Recorded == nil {
				out = append(out, fmt.Sprintf("%d→%d %s", s.ClaimIDs[0].Seq, s.ClaimIDs[1].Seq, s.Proposed))
			}
		}
		return out
	}
	for _, tc := range []struct {
		name      string
		claims    []*prov.Claim
		relations []*prov.ClaimRelation
		want      []string
	}{
		{"agreeing claims form a chain, each to the one before it", three, nil, []string{"2→1 CORROBORATES", "3→2 CORROBORATES"}},
		{"a recorded corroboration leaves one link to make", three, []*prov.ClaimRelation{rel(prov.RelationCorroborates, 3, 1)}, []string{"2→1 CORROBORATES"}},
		{"recorded corroborations that connect them all leave none", three, []*prov.ClaimRelation{rel(prov.RelationCorroborates, 3, 1), rel(prov.RelationCorroborates, 2, 3)}, nil},
		{"a refinement recorded for one of two agreeing claims is not proposed for the other",
			[]*prov.Claim{claim(1, "Forces struck more than 70 targets."), claim(2, "Dozens of targets were hit."), claim(3, "Jets hit more than 70 targets.")},
			[]*prov.ClaimRelation{rel(prov.RelationRefines, 3, 2)},
			[]string{"3→1 CORROBORATES"}},
		{"two figures are related once, between their first claims",
			[]*prov.Claim{claim(1, "Three soldiers were killed."), claim(2, "Four soldiers were killed."), claim(3, "Three troops were killed."), claim(4, "Four troops died.")},
			nil,
			[]string{"3→1 CORROBORATES", "4→2 CORROBORATES", "2→1 CONTRADICTS"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list := discrepancy.Detect(tc.claims, discrepancy.Options{Relations: tc.relations, IncludeRecorded: true})
			got := pairs(list)
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("new suggestions %q, want %q:%s", got, want, describe(list))
			}
			for _, r := range tc.relations {
				if find(list, discrepancy.KindQuantity, r.FromID.String(), r.ToID.String()) == nil {
					t.Errorf("the recorded %s→%s is not shown", r.FromID, r.ToID)
				}
			}
		})
	}
}

func TestCorroboration(t *testing.T) {
	ctx := context.Background()
	s := storagetest.MustOpenDemo(t)
	report := func(claim string) discrepancy.Report {
		t.Helper()
		r, err := discrepancy.ClaimCorroboration(ctx, s, id(claim))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	t.Run("articles relaying one official statement count once", func(t *testing.T) {
		// CENTCOM's statement, relayed by 002 directly and by 004 through CENTCOM's post
		// of it; 003 (Benzinga) names no intermediary, but credits CENTCOM and cites
		// its post.
		r := report("clm_000000000000y")
		if r.Sources != 3 || r.Independent != 1 {
			t.Fatalf("sources %d, independent %d: %+v", r.Sources, r.Independent, r.Groups)
		}
		g := r.Groups[0]
		if g.Upstream != id("act_0000000000006") || len(g.Sources) != 3 || !strings.Contains(g.Reason, "counted once") || !strings.Contains(g.Reason, "US Central Command") {
			t.Errorf("group %+v", g)
		}
		for _, want := range []string{"src_000000000000g cites src_0000000000006", "whom it credits with the claim", `"U.S. Central Command (CENTCOM)"`} {
			if !strings.Contains(g.Reason, want) {
				t.Errorf("the reason does not say %q: %s", want, g.Reason)
			}
		}
	})
	t.Run("a source citing others it does not credit is its own report, and the reason says what it cites", func(t *testing.T) {
		r := report("clm_000000000000b") // Trump's claim in 000, which cites CENTCOM's statement and Petra
		var own *discrepancy.Group
		for i := range r.Groups {
			if slices.Contains(r.Groups[i].Sources, id("src_000000000000d")) {
				own = &r.Groups[i]
			}
		}
		if own == nil || len(own.Sources) != 1 || !strings.Contains(own.Reason, "own report") || !strings.Contains(own.Reason, "src_0000000000002, src_0000000000003") {
			t.Errorf("groups %+v", r.Groups)
		}
	})
	t.Run("a cited source that carries the claim, or the claimant's publication, is the upstream", func(t *testing.T) {
		s := storagetest.MustOpenDemo(t)
		mk := func(src *prov.Source) *prov.Source {
			t.Helper()
			out, err := s.CreateSource(ctx, src)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		agency, err := s.CreateActor(ctx, &prov.Actor{Name: "Okapi Ministry", Kind: prov.ActorGovernment})
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.CreateClaim(ctx, &prov.Claim{Text: "The ministry counted 40 okapis.", ClaimantID: agency.ID})
		if err != nil {
			t.Fatal(err)
		}
		wire := mk(&prov.Source{Title: "Wire report", Kind: prov.SourceWireReport})
		statement := mk(&prov.Source{Title: "Ministry statement", Kind: prov.SourceStatement, PublisherID: agency.ID})
		paper := mk(&prov.Source{Title: "Paper repeating the wire", Kind: prov.SourceArticle, CitesIDs: []prov.ID{wire.ID}})
		blog := mk(&prov.Source{Title: "Blog citing the statement", Kind: prov.SourceArticle, CitesIDs: []prov.ID{statement.ID}})
		for _, src := range []*prov.Source{wire, paper, blog} {
			if _, err := s.CreateAttribution(ctx, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "40 okapis", Kind: prov.AttributionIndirect}); err != nil {
				t.Fatal(err)
			}
		}
		r, err := discrepancy.ClaimCorroboration(ctx, s, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sources != 3 || r.Independent != 2 {
			t.Fatalf("sources %d, independent %d: %+v", r.Sources, r.Independent, r.Groups)
		}
		for _, g := range r.Groups {
			switch {
			case slices.Contains(g.Sources, paper.ID):
				if !slices.Equal(g.Sources, []prov.ID{wire.ID, paper.ID}) || !strings.Contains(g.Reason, "carries the claim too") {
					t.Errorf("the paper's group %+v", g)
				}
			case slices.Contains(g.Sources, blog.ID):
				if g.Upstream != agency.ID || !strings.Contains(g.Reason, "whose claim it is") {
					t.Errorf("the blog's group %+v", g)
				}
			}
		}
	})
	t.Run("a source that relays the claimant's post joins the post's group", func(t *testing.T) {
		r := report("clm_000000000000b") // Trump: 000 in its own words, 001 relaying his post
		if r.Sources != 2 || r.Independent != 2 {
			t.Fatalf("%+v", r)
		}
		var relay *discrepancy.Group
		for i := range r.Groups {
			if r.Groups[i].Upstream == id("act_0000000000008") {
				relay = &r.Groups[i]
			}
		}
		if relay == nil || !strings.Contains(relay.Reason, "the claimant's own statement") {
			t.Errorf("groups %+v", r.Groups)
		}
	})
	t.Run("three articles of one statement are one source", func(t *testing.T) {
		r := report("clm_0000000000012")
		if r.Sources != 3 || r.Independent != 1 {
			t.Errorf("%+v", r)
		}
	})
	t.Run("a claim in one source has one", func(t *testing.T) {
		if r := report("clm_0000000000002"); r.Independent != 1 || r.Sources != 1 {
			t.Errorf("%+v", r)
		}
	})
	t.Run("an intermediary actor groups its sources", func(t *testing.T) {
		tr := &prov.Trace{Claim: &prov.Claim{ID: id("clm_0000000000001")}}
		reuters := &prov.Actor{ID: id("act_0000000000001"), Name: "Wire Agency"}
		for i := uint64(1); i <= 2; i++ {
			src := &prov.Source{ID: prov.NewID(prov.TypeSource, i), Title: fmt.Sprint("Paper ", i)}
			tr.Appearances = append(tr.Appearances, &prov.Appearance{
				Attribution: &prov.Attribution{ID: prov.NewID(prov.TypeAttribution, i), SourceID: src.ID, ViaActorID: reuters.ID},
				Source:      src, Chain: []prov.ChainLink{{Relation: "via", Depth: 1, Actor: reuters}},
			})
		}
		r := discrepancy.Corroboration(tr)
		if r.Independent != 1 || r.Groups[0].UpstreamName != "Wire Agency" || !strings.Contains(r.Groups[0].Reason, "intermediary") {
			t.Errorf("%+v", r)
		}
	})
}
