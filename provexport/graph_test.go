package provexport_test

import (
	"bytes"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"claimgraph/prov"
	"claimgraph/provexport"
)

func TestFromNDJSON(t *testing.T) {
	t.Run("reads every record of the demo", func(t *testing.T) {
		g := demoGraph(t)
		got := []int{len(g.Events), len(g.Actors), len(g.Sources), len(g.Claims), len(g.Attributions), len(g.Relations), len(g.Reviews)}
		want := []int{2, 37, 17, 65, 85, 29, 0}
		if !slices.Equal(got, want) {
			t.Errorf("events, actors, sources, claims, attributions, relations, reviews = %v, want %v", got, want)
		}
	})

	demo, err := os.ReadFile("../demo/demo.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	withLines := func(lines ...string) *bytes.Reader {
		return bytes.NewReader(append(slices.Clip(demo), []byte(strings.Join(lines, "\n")+"\n")...))
	}
	demoLines := bytes.Count(demo, []byte("\n"))
	review := `{"type":"review","id":"rev_0000000000001","claim":"clm_000000000000b","rating":1,"bestRating":5,"worstRating":1,"verdict":"False","reviewer":"act_000000000000m","reviewedAt":"2026-01-05T12:00:00Z"}`

	t.Run("reads the review records the store's export writes", func(t *testing.T) {
		g, err := provexport.FromNDJSON(withLines(review))
		if err != nil {
			t.Fatal(err)
		}
		r := g.Reviews[prov.NewID(prov.TypeReview, 1)]
		if r == nil || r.Verdict != "False" || r.ClaimID.String() != "clm_000000000000b" {
			t.Fatalf("review = %+v", r)
		}
		if len(g.Claims) != 65 {
			t.Errorf("claims = %d, want 65", len(g.Claims))
		}
	})
	t.Run("keeps line numbers right after a review line", func(t *testing.T) {
		_, err := provexport.FromNDJSON(withLines(review, `{"type":"claim","id":"clm_00000000000zz","text":" "}`))
		if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), "line "+strconv.Itoa(demoLines+2)+":") || !strings.Contains(err.Error(), "claim.text") {
			t.Fatalf("err = %v, want EINVALID naming line %d and claim.text", err, demoLines+2)
		}
	})
	t.Run("rejects a review with an unknown field, naming its line", func(t *testing.T) {
		bad := strings.Replace(review, `"verdict"`, `"verdikt"`, 1)
		_, err := provexport.FromNDJSON(withLines(bad))
		if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), "line "+strconv.Itoa(demoLines+1)+": review") {
			t.Fatalf("err = %v, want EINVALID naming line %d", err, demoLines+1)
		}
	})
	t.Run("rejects an invalid review", func(t *testing.T) {
		bad := strings.Replace(review, `"rating":1`, `"rating":9`, 1)
		_, err := provexport.FromNDJSON(withLines(bad))
		if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), "review.rating") {
			t.Fatalf("err = %v, want EINVALID about review.rating", err)
		}
	})
	t.Run("rejects an id given twice", func(t *testing.T) {
		_, err := provexport.FromNDJSON(withLines(`{"type":"actor","id":"act_0000000000001","name":"Again","kind":"PERSON"}`))
		if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), "given twice") {
			t.Fatalf("err = %v, want EINVALID: given twice", err)
		}
	})
	t.Run("rejects input without the header", func(t *testing.T) {
		_, err := provexport.FromNDJSON(strings.NewReader(review + "\n"))
		if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), "line 1") {
			t.Fatalf("err = %v, want EINVALID naming line 1", err)
		}
	})
}

func ids[T any](m map[prov.ID]T) []string {
	var out []string
	for _, id := range slices.SortedFunc(maps.Keys(m), func(a, b prov.ID) int { return strings.Compare(a.String(), b.String()) }) {
		out = append(out, id.String())
	}
	return out
}

func TestClaimTrace(t *testing.T) {
	t.Run("the demo's Trump claim: claimant, affiliation, appearances, cited sources, nothing else", func(t *testing.T) {
		g := demoGraph(t)
		c := trumpClaim(t, g)
		tr, err := g.ClaimTrace(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		trump := actorNamed(t, g, "Donald Trump")
		us := actorNamed(t, g, "United States")
		if ids(tr.Claims)[0] != c.ID.String() || len(tr.Claims) != 1 {
			t.Errorf("claims = %v, want only %s (it has no relations)", ids(tr.Claims), c.ID)
		}
		for _, a := range []*prov.Actor{trump, us} {
			if tr.Actors[a.ID] == nil {
				t.Errorf("actor %s (%s) missing from %v", a.ID, a.Name, ids(tr.Actors))
			}
		}
		var want []string
		for _, a := range g.Attributions {
			if a.ClaimID == c.ID {
				want = append(want, a.ID.String())
			}
		}
		slices.Sort(want)
		if got := ids(tr.Attributions); !slices.Equal(got, want) || len(got) != 3 {
			t.Errorf("attributions = %v, want the claim's three %v", got, want)
		}
		// The two seed articles, and what they cite: Trump's post and the statements
		// and wire report the articles relay.
		for _, prefix := range []string{"The US says its military has carried out", "The US military launched large-scale strikes", "Donald Trump's social-media post", "Syrian foreign ministry statement", "US Central Command statement on the start", "Petra report"} {
			s := sourceTitled(t, g, prefix)
			if tr.Sources[s.ID] == nil {
				t.Errorf("source %s (%s…) missing from the trace", s.ID, prefix)
			}
		}
		if len(tr.Sources) != 6 {
			t.Errorf("sources = %v, want 6", ids(tr.Sources))
		}
		if len(tr.Events) != 1 || tr.Events[c.EventID] == nil {
			t.Errorf("events = %v, want the claim's event %s", ids(tr.Events), c.EventID)
		}
		if len(tr.Relations) != 0 || len(tr.Reviews) != 0 {
			t.Errorf("relations %v reviews %v, want none", ids(tr.Relations), ids(tr.Reviews))
		}
		// Every reference resolves inside the trace.
		for _, s := range tr.Sources {
			for _, cited := range s.CitesIDs {
				if tr.Sources[cited] == nil {
					t.Errorf("%s cites %s, which the trace lacks", s.ID, cited)
				}
			}
			if !s.PublisherID.IsZero() && tr.Actors[s.PublisherID] == nil {
				t.Errorf("%s's publisher %s is not in the trace", s.ID, s.PublisherID)
			}
		}
	})
	t.Run("a claim with relations brings the related claims and their claimants, not their attributions", func(t *testing.T) {
		g := smallGraph(t)
		tr, err := g.ClaimTrace(clmMain)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(tr.Claims); !slices.Equal(got, []string{clmMain.String(), clmOther.String()}) {
			t.Errorf("claims = %v", got)
		}
		if got := ids(tr.Relations); !slices.Equal(got, []string{relContra.String()}) {
			t.Errorf("relations = %v", got)
		}
		if got := ids(tr.Attributions); !slices.Equal(got, []string{attDirect.String(), attBrief.String()}) {
			t.Errorf("attributions = %v, want only the traced claim's", got)
		}
		if got := ids(tr.Reviews); !slices.Equal(got, []string{revMain.String()}) {
			t.Errorf("reviews = %v", got)
		}
		if tr.Actors[actStranger] != nil || tr.Claims[clmAlone] != nil {
			t.Errorf("unrelated nodes in the trace: actors %v claims %v", ids(tr.Actors), ids(tr.Claims))
		}
		for _, a := range []prov.ID{actSpeaker, actMinistry, actOutlet, actChecker, actAgency} {
			if tr.Actors[a] == nil {
				t.Errorf("actor %s missing: %v", a, ids(tr.Actors))
			}
		}
		var revs []string
		for _, r := range tr.Revisions {
			revs = append(revs, r.Node.String())
		}
		if !slices.Equal(revs, []string{clmMain.String(), clmMain.String(), evt1.String()}) {
			t.Errorf("revisions of %v, want the claim's two and its event's", revs)
		}
	})
	t.Run("an absent claim is ENOTFOUND", func(t *testing.T) {
		g := smallGraph(t)
		for _, missing := range []prov.ID{prov.NewID(prov.TypeClaim, 99), evt1, {}} {
			if _, err := g.ClaimTrace(missing); prov.ErrorCode(err) != prov.ENOTFOUND {
				t.Errorf("ClaimTrace(%q) err = %v, want ENOTFOUND", missing, err)
			}
		}
	})
}

func TestEvent(t *testing.T) {
	t.Run("the demo's Iraq and Syria event: its claims, relations among them, their sources", func(t *testing.T) {
		g := demoGraph(t)
		var evt prov.ID
		for _, e := range g.Events {
			if strings.Contains(e.Name, "Tower 22") {
				evt = e.ID
			}
		}
		sub, err := g.Event(evt)
		if err != nil {
			t.Fatal(err)
		}
		if len(sub.Events) != 1 {
			t.Errorf("events = %v", ids(sub.Events))
		}
		want := 0
		for _, c := range g.Claims {
			if c.EventID == evt {
				want++
			}
		}
		if len(sub.Claims) != want || want == 0 {
			t.Errorf("claims = %d, want the event's %d", len(sub.Claims), want)
		}
		for _, c := range sub.Claims {
			if c.EventID != evt {
				t.Errorf("claim %s is about %s", c.ID, c.EventID)
			}
		}
		for _, r := range sub.Relations {
			if sub.Claims[r.FromID] == nil || sub.Claims[r.ToID] == nil {
				t.Errorf("relation %s leaves the event", r.ID)
			}
		}
		if len(sub.Relations) == 0 {
			t.Error("no relations among the event's claims")
		}
		for _, a := range sub.Attributions {
			if sub.Claims[a.ClaimID] == nil || sub.Sources[a.SourceID] == nil {
				t.Errorf("attribution %s: claim or source missing", a.ID)
			}
		}
		if s := sourceTitled(t, g, "The US says its military has carried out"); sub.Sources[s.ID] != nil {
			t.Errorf("the other event's article %s is in the subgraph", s.ID)
		}
	})
	t.Run("an absent event is ENOTFOUND", func(t *testing.T) {
		g := smallGraph(t)
		if _, err := g.Event(prov.NewID(prov.TypeEvent, 42)); prov.ErrorCode(err) != prov.ENOTFOUND {
			t.Errorf("err = %v, want ENOTFOUND", err)
		}
	})
	t.Run("a claim without an event is in no event's subgraph", func(t *testing.T) {
		g := smallGraph(t)
		sub, err := g.Event(evt1)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(sub.Claims); !slices.Equal(got, []string{clmMain.String(), clmOther.String()}) {
			t.Errorf("claims = %v", got)
		}
	})
}
