package provexport_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"claimgraph/prov"
	"claimgraph/provexport"
)

func id(t prov.NodeType, seq uint64) prov.ID { return prov.NewID(t, seq) }
func ptr[T any](v T) *T                      { return &v }

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The hand-built graph: a person speaking for a ministry, an outlet, a fact-checker;
// an article that quotes the person's post and relays a wire report; two claims, one
// contradicting the other; a review; an audit history with an update and a delete.
var (
	evt1 = id(prov.TypeEvent, 1)

	actMinistry = id(prov.TypeActor, 1)
	actSpeaker  = id(prov.TypeActor, 2)
	actOutlet   = id(prov.TypeActor, 3)
	actChecker  = id(prov.TypeActor, 4)
	actAgency   = id(prov.TypeActor, 5)
	actStranger = id(prov.TypeActor, 6) // in no claim's provenance

	srcPost    = id(prov.TypeSource, 1)
	srcWire    = id(prov.TypeSource, 2)
	srcArticle = id(prov.TypeSource, 3)
	srcBrief   = id(prov.TypeSource, 4)

	clmMain  = id(prov.TypeClaim, 1)
	clmOther = id(prov.TypeClaim, 2)
	clmAlone = id(prov.TypeClaim, 3) // no claimant, no event, nothing known of its statement

	attDirect = id(prov.TypeAttribution, 1)
	attBrief  = id(prov.TypeAttribution, 2)
	attOther  = id(prov.TypeAttribution, 3)

	relContra = id(prov.TypeRelation, 1)
	revMain   = id(prov.TypeReview, 1)
)

// trickyQuote has every character Turtle and JSON must escape.
const trickyQuote = "We said \"no\" \\ and\nmeant it\t— ünïcödé"

func smallGraph(t *testing.T) *provexport.Graph {
	t.Helper()
	g := provexport.NewGraph()
	err := g.Add(
		&prov.Event{ID: evt1, Name: "Bridge closure", StartTime: ptr(date("2025-03-01T08:00:00Z")), EndTime: ptr(date("2025-03-02T08:00:00Z")), Location: ptr("Springfield")},
		&prov.Actor{ID: actMinistry, Name: "Ministry of Works", Kind: prov.ActorGovernment},
		&prov.Actor{ID: actSpeaker, Name: "Jane Roe", Kind: prov.ActorPerson, Role: ptr("Minister"), Aliases: []string{"Roe"}, AffiliationID: actMinistry},
		&prov.Actor{ID: actOutlet, Name: "Daily Bugle", Kind: prov.ActorMediaOutlet},
		&prov.Actor{ID: actChecker, Name: "Check Desk", Kind: prov.ActorOrganization},
		&prov.Actor{ID: actAgency, Name: "Wire Agency", Kind: prov.ActorMediaOutlet},
		&prov.Actor{ID: actStranger, Name: "Somebody", Kind: prov.ActorAnonymous},
		&prov.Source{ID: srcPost, Title: "Jane Roe's post", Kind: prov.SourceSocialPost, PublisherID: actSpeaker, PublishedAt: ptr(date("2025-03-01T09:00:00Z"))},
		&prov.Source{ID: srcWire, Title: "Wire report", Kind: prov.SourceWireReport, PublisherID: actAgency},
		&prov.Source{ID: srcArticle, Title: `Bridge shut, minister says "no" to reopening`, Kind: prov.SourceArticle, PublisherID: actOutlet,
			URL: ptr("https://bugle.example/bridge?id=1&x=<y>"), PublishedAt: ptr(date("2025-03-01T12:30:00+01:00")), RetrievedAt: ptr(date("2025-03-02T00:00:00Z")),
			CitesIDs: []prov.ID{srcPost, srcWire}},
		&prov.Source{ID: srcBrief, Title: "Morning brief", Kind: prov.SourceArticle, PublishedAt: ptr(date("2025-03-01T11:15:00Z"))},
		&prov.Claim{ID: clmMain, Text: "The bridge will not reopen this year.", ClaimantID: actSpeaker, EventID: evt1, StatedAt: ptr(date("2025-03-01T09:00:00Z")), Medium: ptr("social media")},
		&prov.Claim{ID: clmOther, Text: "The bridge reopens in June.", ClaimantID: actOutlet, EventID: evt1},
		&prov.Claim{ID: clmAlone, Text: "Traffic doubled."},
		&prov.Attribution{ID: attDirect, ClaimID: clmMain, SourceID: srcArticle, Quote: trickyQuote, Start: ptr(10), End: ptr(10 + len([]rune(trickyQuote))),
			Mention: ptr("the minister"), Cue: ptr("said"), Kind: prov.AttributionDirect, Medium: ptr("on social media"), ViaSourceID: srcPost, ViaActorID: actAgency},
		&prov.Attribution{ID: attBrief, ClaimID: clmMain, SourceID: srcBrief, Quote: "won't reopen", Kind: prov.AttributionIndirect},
		&prov.Attribution{ID: attOther, ClaimID: clmOther, SourceID: srcArticle, Quote: "reopens in June", Kind: prov.AttributionIndirect},
		&prov.ClaimRelation{ID: relContra, Kind: prov.RelationContradicts, FromID: clmOther, ToID: clmMain, Note: ptr("June is this year."), AssertedByID: actChecker},
		&prov.Review{ID: revMain, ClaimID: clmMain, Rating: 2, BestRating: 5, WorstRating: 1, Verdict: "Mostly false", Explanation: ptr("The ministry's own schedule says June."),
			ReviewerID: actChecker, ReviewedAt: date("2025-03-03T10:00:00Z"), EvidenceURLs: []string{"https://works.example/schedule.pdf"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	g.Revisions = []provexport.Revision{
		{Node: clmMain, Seq: 7, At: date("2025-03-01T10:00:00Z"), Who: "tok_alice", Operation: "createClaim"},
		{Node: clmMain, Seq: 9, At: date("2025-03-02T10:00:00Z"), Who: "Zoë Bell/desk 2", Operation: "updateClaim", PrevSeq: 7},
		{Node: clmAlone, Seq: 8, At: date("2025-03-01T11:00:00Z"), Who: "local", Operation: "createClaim"},
		{Node: clmAlone, Seq: 12, At: date("2025-03-04T11:00:00Z"), Who: "local", Operation: "deleteClaim", PrevSeq: 8, Deleted: true},
		{Node: evt1, Seq: 3, Operation: "import"},
	}
	return g
}

// demoGraph reads the demo dataset.
func demoGraph(t *testing.T) *provexport.Graph {
	t.Helper()
	b, err := os.ReadFile("../demo/demo.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	g, err := provexport.FromNDJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("FromNDJSON(demo): %v", err)
	}
	return g
}

// trumpClaim returns the demo's claim whose text mentions the Syrian government and
// whose claimant is Donald Trump.
func trumpClaim(t *testing.T, g *provexport.Graph) *prov.Claim {
	t.Helper()
	var found *prov.Claim
	for _, c := range g.Claims {
		if a := g.Actors[c.ClaimantID]; a != nil && a.Name == "Donald Trump" && strings.Contains(c.Text, "Syrian government") {
			if found != nil {
				t.Fatalf("two Trump claims mention the Syrian government: %s and %s", found.ID, c.ID)
			}
			found = c
		}
	}
	if found == nil {
		t.Fatal("the demo has no Trump claim about the Syrian government")
	}
	return found
}

func actorNamed(t *testing.T, g *provexport.Graph, name string) *prov.Actor {
	t.Helper()
	for _, a := range g.Actors {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no actor named %q", name)
	return nil
}

func sourceTitled(t *testing.T, g *provexport.Graph, prefix string) *prov.Source {
	t.Helper()
	for _, s := range g.Sources {
		if strings.HasPrefix(s.Title, prefix) {
			return s
		}
	}
	t.Fatalf("no source titled %q…", prefix)
	return nil
}
